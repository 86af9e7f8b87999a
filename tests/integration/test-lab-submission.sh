#!/usr/bin/env bash
# Practice lab, scenario submission (port 587, the default): AUTH is offered only inside TLS, MAIL before AUTH and
# AUTH before STARTTLS are both 530 5.7.0, a wrong password is 535 5.7.8, and after STARTTLS + AUTH a full session
# relays anywhere and the message lands in the Maildir (Received: ... with ESMTPSA). Checked with the console's
# batch mode, with the one-shot batch session (--tls --auth-user --from --to), and with swaks.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

# AHN0dWRlbnQAd3Jvbmc= is "\0student\0wrong"; the right password comes from SMTPCON_PASSWORD for /auth.
script=$(t_write submission.script <<'EOF'
EHLO me.example
/expect 250
MAIL FROM:<student@lab.test>
/expect 530 5.7.0
AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U=
/expect 530 5.7.0
/starttls
MAIL FROM:<student@lab.test>
/expect 530 5.7.0
AUTH PLAIN AHN0dWRlbnQAd3Jvbmc=
/expect 535 5.7.8
/auth plain student
/expect 235
MAIL FROM:<student@lab.test>
/expect 250
RCPT TO:<friend@example.com>
/expect 250
/data
/expect 250 2.0.0
QUIT
/expect 221
/mailbox
/mailbox 1
EOF
)
SMTPCON_PASSWORD=practice run_smtpcon console --batch --json --lab --timeout 10 --script "$script"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" '[.[] | select(.type == "expect" and .ok == false)] | length == 0' "an /expect failed"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 220 and (.lines[0] | contains("scenario submission")))' \
	"--lab alone is not the submission scenario"
expect_json "$OUT" 'any(.[]; .type == "caps" and .phase == "plain" and any(.caps[]; .name == "STARTTLS")
	and (any(.caps[]; .name == "AUTH") | not))' "AUTH is offered before TLS"
expect_json "$OUT" 'any(.[]; .type == "caps" and .phase == "tls" and any(.caps[]; .name == "AUTH"
	and (.params | test("PLAIN")) and (.params | test("LOGIN"))) and (any(.caps[]; .name == "STARTTLS") | not))' \
	"AUTH PLAIN LOGIN is not offered inside TLS"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 530 and .enhanced == "5.7.0"
	and (.command | startswith("AUTH")) and (.lines[0] | test("STARTTLS")))' \
	"AUTH before STARTTLS is not 530 5.7.0 asking for STARTTLS"
expect_json "$OUT" '[.[] | select(.type == "reply" and .code == 530 and (.command | startswith("MAIL")))] | length == 2' \
	"MAIL before AUTH is not refused with 530 both before and after TLS"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "auth-required")' "no auth-required diagnosis"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 235 and .enhanced == "2.7.0")' "AUTH did not succeed"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == true and .checked_name == "mail.lab.test")' \
	"the lab's certificate was not verified against its own CA"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("<student@lab.test> -> <friend@example.com>")))' \
	"/mailbox does not list the relayed message"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("authenticated as student"))
	and (.message | test("with ESMTPSA id")))' "the Received header does not record TLS and AUTH"
# The password never reaches the transcript (AUTH PLAIN initial responses are masked).
expect_no_grep 'AHN0dWRlbnQAcHJhY3RpY2U|AHN0dWRlbnQAd3Jvbmc' "$OUT" "the password leaked into the JSON transcript"

# The one-shot session of the README's batch example: --tls --auth-user --from --to, no script.
SMTPCON_PASSWORD=practice run_smtpcon oneshot --batch --json --lab --tls --auth-user student \
	--from student@lab.test --to friend@example.com --timeout 10
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 235)' "the one-shot session did not authenticate"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and .enhanced == "2.0.0"
	and (.lines[0] | test("queued")))' "the one-shot session did not deliver"

# A wrong password from the environment: 535, exit 1 (the server said no; nothing failed on the network).
SMTPCON_PASSWORD=nope run_smtpcon wrong-pw --batch --json --lab --tls --auth-user student \
	--from student@lab.test --to friend@example.com --timeout 10
[ "$RC" -ne 0 ] || fail "a wrong password was accepted" "$OUT"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 535 and .enhanced == "5.7.8")' "no 535 5.7.8"
expect_json "$OUT" 'any(.[]; .type == "sent" and (.data | startswith("MAIL"))) | not' "MAIL was sent after a failed AUTH"

# swaks, an independent client: STARTTLS, verified against the lab CA, AUTH, a message.
if ! command -v swaks >/dev/null; then
	skip_or_fail "swaks is not installed (the console checks above passed)"
fi
t_serve_lab
expect_grep 'scenario submission' "$LAB_OUT" "--serve-lab alone is not the submission scenario"
expect_grep '^  login       student / practice \(AUTH inside TLS only\)' "$LAB_OUT" "--serve-lab does not name the demo login"

rc=0
timeout 30 swaks --server "127.0.0.1:$LAB_PORT" --ehlo swaks.example --auth PLAIN --auth-user student \
	--auth-password practice --from student@lab.test --to friend@example.com \
	>"$RUN_DIR/swaks-noauth.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "swaks: AUTH without TLS was accepted" "$RUN_DIR/swaks-noauth.out"

subject=$(unique_subject submission)
timeout 30 swaks --server "127.0.0.1:$LAB_PORT" --ehlo swaks.example --tls --tls-verify --tls-ca-path "$LAB_CA" \
	--tls-sni mail.lab.test --auth PLAIN --auth-user student --auth-password practice \
	--from student@lab.test --to friend@example.com --header "Subject: $subject" \
	>"$RUN_DIR/swaks.out" 2>&1 || fail "swaks could not send through the submission lab" "$RUN_DIR/swaks.out"
expect_grep '^<~ +235 2\.7\.0' "$RUN_DIR/swaks.out"
expect_grep '^<~ +250 2\.0\.0 Ok: queued as' "$RUN_DIR/swaks.out"
msg=$(grep -lF "Subject: $subject" "$LAB_MAILDIR"/new/* 2>/dev/null | head -n1 || true)
[ -n "$msg" ] || fail "swaks' message is not in the Maildir" "$LAB_ERR"
expect_grep 'with ESMTPSA id' "$msg" "the Received header does not say ESMTPSA"

kill -TERM "$LAB_PID"
rc=0
wait "$LAB_PID" || rc=$?
[ "$rc" -eq 0 ] || fail "--serve-lab exited $rc after SIGTERM" "$LAB_ERR"
expect_no_grep 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LAB_ERR" "sanitizer report from --serve-lab"
expect_grep 'authenticated as student' "$LAB_ERR" "the lab's log does not note the login"
pass
