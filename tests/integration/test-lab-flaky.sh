#!/usr/bin/env bash
# Practice lab, scenario flaky: every other DATA loses the connection half-way. The console reports the lost
# connection while it waited for the reply to the message (exit 3), /mailbox shows nothing, and the next attempt
# (a new connection to the same lab) gets 250 and the message arrives, exactly once.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

send=$(t_write send.script <<'EOF'
EHLO me.example
MAIL FROM:<you@example.org>
/expect 250
RCPT TO:<student@lab.test>
/expect 250
/data
QUIT
EOF
)

# 1. Inside the console: the first DATA is cut off; nothing is stored.
run_smtpcon first --batch --json --lab=flaky --timeout 10 --script "$(t_write first.script <<'EOF'
EHLO me.example
MAIL FROM:<you@example.org>
RCPT TO:<student@lab.test>
/data
/mailbox
EOF
)"
expect_rc 3
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 354)' "DATA did not start"
expect_json "$OUT" 'any(.[]; .type == "error" and (.message | test("closed|reset")) and (.message | test("message")))' \
	"the console does not report the connection lost during the message"
expect_json "$OUT" 'any(.[]; .type == "closed" and .by != "client")' "the connection was not closed by the other side"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and .command == "(end of message)") | not' \
	"the cut-off message was acknowledged"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("no messages")))' \
	"/mailbox does not say that nothing arrived"
run_smtpcon first-text --batch --lab=flaky --timeout 10 --script "$send"
expect_rc 3
expect_grep '!!! error \(read\): the server closed the connection while we waited for the reply to the end of the message' \
	"$OUT" "the text transcript does not say where the connection was lost"

# 2. Against one lab served alone: attempt 1 is lost, attempt 2 (a new connection) is delivered.
t_serve_lab flaky
run_smtpcon try1 --batch --json --timeout 10 --script "$send" "127.0.0.1:$LAB_PORT"
expect_rc 3
[ -z "$(ls -A "$LAB_MAILDIR/new")" ] || fail "the cut-off message was stored" "$LAB_ERR"
run_smtpcon try2 --batch --json --timeout 10 --script "$send" "127.0.0.1:$LAB_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and .command == "(end of message)")' \
	"the retry was not accepted"
n=$(find "$LAB_MAILDIR/new" -type f | wc -l)
[ "$n" -eq 1 ] || fail "expected exactly 1 message after the retry, found $n" "$LAB_ERR"

kill -TERM "$LAB_PID"
rc=0
wait "$LAB_PID" || rc=$?
[ "$rc" -eq 0 ] || fail "--serve-lab exited $rc after SIGTERM" "$LAB_ERR"
expect_no_grep 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LAB_ERR" "sanitizer report from --serve-lab"
pass
