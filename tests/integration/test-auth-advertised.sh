#!/usr/bin/env bash
# The /auth helper sends a password only to a server that asked for one, like swaks ("Host did not advertise
# authentication"): against the delivery lab (no AUTH, even inside TLS) it sends no AUTH line and the run exits 1
# with the reason and the way on; a mechanism the server does not list is refused with the list; /auth --force and
# --auth-force send anyway, with the warning, for those reproducing a client bug.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

no_auth_sent() { expect_json "$OUT" 'all(.[]; .type != "sent" or (.data | test("^AUTH") | not))' "$1"; }

# 1. The delivery lab offers STARTTLS but no AUTH: refused before TLS (the fix: /starttls, or the submission port).
script=$(t_write plain.script <<'SCRIPT'
EHLO me.example
/auth plain student
MAIL FROM:<student@lab.test>
SCRIPT
)
SMTPCON_PASSWORD=practice run_smtpcon plain --batch --json --lab=delivery --timeout 10 --script "$script"
expect_rc 1
expect_json_valid "$OUT"
no_auth_sent "/auth sent AUTH to a server that does not offer it"
expect_json "$OUT" 'all(.[]; .type != "sent" or (.data | test("^MAIL") | not))' "the script went on after the refusal"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "auth" and
	.message == "AUTH not sent: the server does not offer AUTH on this plaintext connection" and
	(.hint | test("run /starttls first")) and (.hint | test("submission port \\(587")) and
	(.hint | test("/auth --force")))' "the refusal does not say why and what to do"
expect_json "$OUT" '[.[] | select(.type == "sent")] | last | .data == "QUIT\r\n"' "the refused run did not end with QUIT"

# 2. Inside TLS the delivery lab still offers no AUTH: refused, and it says so.
script=$(t_write tls.script <<'SCRIPT'
EHLO me.example
/starttls
/expect tls
/auth login student
SCRIPT
)
SMTPCON_PASSWORD=practice run_smtpcon tls --batch --json --lab=delivery --timeout 10 --script "$script"
expect_rc 1
no_auth_sent "/auth sent AUTH inside TLS to a server that does not offer it"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "auth" and
	.message == "AUTH not sent: this server does not offer AUTH, not even inside TLS")' "no reason inside TLS"

# 3. Before any EHLO the server has offered nothing.
SMTPCON_PASSWORD=practice run_smtpcon no-ehlo --batch --json --lab=delivery --timeout 10 \
	--script "$(printf '/auth plain student\n' | t_write no-ehlo.script)"
expect_rc 1
no_auth_sent "/auth sent AUTH before EHLO"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "auth" and (.hint | test("send EHLO first")))' \
	"no 'EHLO first' before EHLO"

# 4. A mechanism the server does not list (the submission lab lists PLAIN LOGIN inside TLS).
script=$(t_write mech.script <<'SCRIPT'
EHLO me.example
/starttls
/auth cram-md5 student
SCRIPT
)
SMTPCON_PASSWORD=practice run_smtpcon mech --batch --json --lab=submission --timeout 10 --script "$script"
expect_rc 1
no_auth_sent "/auth sent a mechanism the server does not list"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "auth" and
	.message == "AUTH not sent: the server does not offer AUTH CRAM-MD5; it lists: PLAIN LOGIN" and
	(.hint | test("/auth plain USER")))' "the refusal does not name the mechanisms the server lists"

# 5. /auth --force sends it anyway, with the warning; the lab answers 503.
script=$(t_write force.script <<'SCRIPT'
EHLO me.example
/auth --force plain student
/expect 503
QUIT
SCRIPT
)
SMTPCON_PASSWORD=practice run_smtpcon force --batch --json --lab=delivery --timeout 10 --script "$script"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "warning" and .id == "auth-not-offered")' "--force sent without the warning"
expect_json "$OUT" 'any(.[]; .type == "sent" and (.data | startswith("AUTH PLAIN ")) and .secret == true)' \
	"/auth --force did not send AUTH PLAIN (masked)"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 503)' "no 503 to the forced AUTH"

# 6. The one-shot batch session: --auth-user to the delivery lab is refused (exit 1, nothing sent but EHLO and
# QUIT); --auth-force sends it.
SMTPCON_PASSWORD=practice run_smtpcon oneshot --batch --lab=delivery --auth-user student --from student@lab.test \
	--to student@lab.test --timeout 10
expect_rc 1
expect_grep '!!! error \(auth\): AUTH not sent: the server does not offer AUTH on this plaintext connection' "$OUT"
expect_no_grep 'C: (AUTH|MAIL)' "$OUT"
expect_grep 'C: QUIT' "$OUT"
SMTPCON_PASSWORD=practice run_smtpcon oneshot-force --batch --lab=delivery --auth-user student --auth-force \
	--from student@lab.test --to student@lab.test --timeout 10
expect_rc 1
expect_grep 'C: AUTH PLAIN \*+$' "$OUT"
expect_grep 'expect 235: FAILED \(got 503' "$OUT"
pass "/auth refuses what the server did not advertise; --force and --auth-force send it"
