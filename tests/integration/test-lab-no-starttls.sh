#!/usr/bin/env bash
# Practice lab, scenario no-starttls (the downgrade risk): STARTTLS is not offered (502 5.5.1 if tried) while AUTH
# is; the console diagnoses the downgrade; --tls stops the session (QUIT, exit 3, "STARTTLS is not offered")
# before any password is sent; --tls-optional carries on in plaintext and the console warns that AUTH travels readable.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

script=$(t_write no-starttls.script <<'EOF'
EHLO me.example
/expect 250
STARTTLS
/expect 502 5.5.1
QUIT
/expect 221
EOF
)
run_smtpcon console --batch --json --lab=no-starttls --timeout 10 --script "$script"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" '[.[] | select(.type == "expect" and .ok == false)] | length == 0' "an /expect failed"
expect_json "$OUT" 'any(.[]; .type == "caps" and .phase == "plain" and any(.caps[]; .name == "AUTH")
	and (any(.caps[]; .name == "STARTTLS") | not))' "the EHLO should list AUTH and no STARTTLS"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "starttls-not-offered" and (.hint | test("downgrade")))' \
	"no downgrade diagnosis"

# --tls: STARTTLS required; the console stops before sending anything more (no AUTH, no MAIL): only a polite
# QUIT, answered by 221, then the close.
SMTPCON_PASSWORD=practice run_smtpcon tls --batch --json --lab=no-starttls --tls --auth-user student \
	--from student@lab.test --to student@lab.test --timeout 10
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "tls" and (.message | test("STARTTLS is not offered")))' \
	"--tls does not say that STARTTLS is not offered"
expect_json "$OUT" '[.[] | select(.type == "sent") | .data] == ["EHLO [127.0.0.1]\r\n", "QUIT\r\n"]' \
	"--tls sent more than EHLO and QUIT to a server without STARTTLS"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 221)' "the QUIT of the stopped session got no 221"
# A script goes no further either: its /auth and MAIL FROM never run.
script=$(t_write tls.script <<'EOF'
/auth plain student
MAIL FROM:<student@lab.test>
/quit
EOF
)
SMTPCON_PASSWORD=practice run_smtpcon tls-text --batch --lab=no-starttls --tls --timeout 10 --script "$script"
expect_rc 3
expect_grep 'STARTTLS is not offered by the server, and --tls requires it' "$OUT"
expect_grep 'The session stopped here: nothing more was sent but QUIT.' "$OUT"
expect_no_grep 'C: MAIL' "$OUT"
expect_no_grep 'C: AUTH' "$OUT"
expect_grep 'C: QUIT' "$OUT"
expect_no_grep '/connect' "$OUT"

# --tls-optional: goes on in plaintext; AUTH works but is flagged as readable by anyone on the path.
SMTPCON_PASSWORD=practice run_smtpcon optional --batch --json --lab=no-starttls --tls-optional \
	--auth-user student --from student@lab.test --to student@lab.test --timeout 10
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls") | not' "TLS happened on the no-starttls lab"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 235)' "AUTH did not succeed in plaintext"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and (.id | test("auth-plaintext")))' \
	"no warning that AUTH went over plaintext"
pass
