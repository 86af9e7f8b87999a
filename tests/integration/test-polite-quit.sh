#!/usr/bin/env bash
# A batch run that fails closes politely, as swaks does: after a failed /expect (in a script and in the default
# --from/--to session) or a command that fails, QUIT goes out and its 221 is awaited before the close; the exit
# status is that of the failure. Postfix's log shows "quit=1" for each of those sessions and never "lost
# connection". --no-quit keeps the abrupt close, and Postfix then logs "lost connection after RCPT".
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"
t_require_smtpcon
postfix_start

# wait_disconnects N: Postfix has logged the end of N sessions.
wait_disconnects()
{
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(grep -c 'disconnect from' "$POSTFIX_LOG" 2>/dev/null || true)" -ge "$1" ] && return 0
		sleep 0.1
	done
	fail "Postfix logged fewer than $1 session ends" "$POSTFIX_LOG"
}

# The last lines on the wire are QUIT and its 221; then the connection closes (whichever side is first).
expect_polite_end()
{
	grep -E '^ *[0-9.]+ (C|S): ' "$OUT" | tail -n 2 >"$RUN_DIR/$1.tail"
	expect_grep '^ *[0-9.]+ C: QUIT$' "$RUN_DIR/$1.tail" "$1: QUIT is not the last line sent"
	expect_grep '^ *[0-9.]+ S: 221 ' "$RUN_DIR/$1.tail" "$1: 221 is not the last reply"
	expect_grep 'connection closed by (server \(after QUIT\)|client)' "$OUT" "$1: the connection was not closed"
}

# 1. A script whose /expect fails at RCPT (relaying denied): exit 1, QUIT, 221; no line after the failure runs.
script=$(t_write expect.script <<'EOF'
EHLO client.lab.test
/expect 250
MAIL FROM:<alice@lab.test>
/expect 250
RCPT TO:<bob@example.org>
/expect 250
NOOP
EOF
)
run_smtpcon expect --batch --timeout 10 --script "$script" "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 1
expect_grep 'expect 250: FAILED \(got 550 5\.7\.1\)' "$OUT"
expect_no_grep 'C: NOOP' "$OUT" "a line after the failed /expect was sent"
expect_polite_end expect
wait_disconnects 1

# 2. The default session of --from/--to (swaks' own): the RCPT is refused, the session ends with QUIT too.
run_smtpcon default --batch --json --timeout 10 --from alice@lab.test --to bob@example.org \
	"$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 1
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "expect" and .ok == false)' "the default session's /expect did not fail"
expect_json "$OUT" '[.[] | select(.type == "sent")] | last | .data == "QUIT\r\n"' "the last line sent is not QUIT"
expect_json "$OUT" '[.[] | select(.type == "reply")] | last | .code == 221' "the last reply is not 221"
wait_disconnects 2

# 3. A command that fails in a script (here an unknown one) ends the run the same way.
script=$(t_write error.script <<'EOF'
EHLO client.lab.test
MAIL FROM:<alice@lab.test>
/no-such-command
RCPT TO:<bob@lab.test>
EOF
)
run_smtpcon error --batch --timeout 10 --script "$script" "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 1
expect_no_grep 'C: RCPT' "$OUT" "a line after the failed command was sent"
expect_polite_end error
wait_disconnects 3

expect_no_grep 'lost connection' "$POSTFIX_LOG" "Postfix saw a connection dropped without QUIT"
[ "$(grep -c 'disconnect from .* quit=1 ' "$POSTFIX_LOG")" -eq 3 ] ||
	fail "Postfix did not log quit=1 for each of the three sessions" "$POSTFIX_LOG"

# 4. --no-quit: the abrupt close of old, for those who want it; Postfix notices.
run_smtpcon no-quit --batch --no-quit --timeout 10 --script "$RUN_DIR/expect.script" "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 1
expect_no_grep 'C: QUIT' "$OUT" "--no-quit sent QUIT"
postfix_wait_log 'lost connection after RCPT' 10 || fail "--no-quit: Postfix did not log the lost connection" \
	"$POSTFIX_LOG"
pass "a failed run ends with QUIT and 221; --no-quit drops the connection"
