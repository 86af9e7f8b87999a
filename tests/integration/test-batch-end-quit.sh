#!/usr/bin/env bash
# Batch: a script that ends with the session still open ends it as a polite client does: QUIT, its 221 awaited,
# then the close (RFC 5321 4.1.1.10). Inside an AUTH exchange (a 334 awaits an answer) the exchange is cancelled
# first with "*" (RFC 4954 4: 501), then QUIT. A script that sends QUIT itself gets no second one. --no-quit keeps
# the old end: the connection is closed without QUIT. Real Exim: its log shows each session closed by QUIT, and
# the --no-quit one as the unexpected disconnection it is.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

# quits N: Exim has logged at least N sessions closed by QUIT (its log lags the client's exit a little).
quits()
{
	local n=0
	for ((i = 0; i < 50; i++)); do
		n=$(grep -c 'closed by QUIT' "$EXIM_LOG" || true)
		[ "$n" -ge "$1" ] && return 0
		sleep 0.1
	done
	fail "Exim logged $n sessions closed by QUIT, want $1" "$EXIM_LOG"
}
sent='[.[] | select(.type == "sent") | .data | sub("\r\n$"; "")]'
codes='[.[] | select(.type == "reply") | .code]'

# 1. A script without QUIT: QUIT and 221 at its end, exit 0.
script=$(printf 'EHLO client.lab.test\nNOOP\n/expect 250\n' | t_write open.script)
run_smtpcon open --batch --json --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" "$sent"' == ["EHLO client.lab.test", "NOOP", "QUIT"]' "the script's end sent no QUIT"
expect_json "$OUT" "$codes"' | last == 221' "the QUIT's 221 was not awaited"
quits 1

# The text transcript says the same: the last lines on the wire are QUIT and 221.
run_smtpcon open-text --batch --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
grep -E '^ *[0-9.]+ (C|S):' "$OUT" | tail -n 2 >"$RUN_DIR/text.tail"
expect_grep 'C: QUIT$' "$RUN_DIR/text.tail" "text: QUIT is not the last line sent"
expect_grep 'S: 221 ' "$RUN_DIR/text.tail" "text: 221 is not the last reply"
quits 2

# 2. The script ends inside AUTH (after the 334): "*" cancels it (501), then QUIT and 221.
script=$(printf 'EHLO client.lab.test\nAUTH LOGIN\n' | t_write auth.script)
run_smtpcon auth --batch --json --tls --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --timeout 10 \
	--script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" "$sent"' | .[-3:] == ["AUTH LOGIN", "*", "QUIT"]' "mid-AUTH: not cancelled with * before QUIT"
expect_json "$OUT" "$codes"' | .[-3:] == [334, 501, 221]' "mid-AUTH: want 334, then 501 to *, then 221"
quits 3

# 3. A script that ends with QUIT itself: one QUIT, not two.
script=$(printf 'EHLO client.lab.test\nQUIT\n' | t_write quit.script)
run_smtpcon quit --batch --json --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" "$sent"' == ["EHLO client.lab.test", "QUIT"]' "a script's own QUIT was followed by another"
quits 4
expect_no_grep 'unexpected disconnection|lost connection| lost D=|SMTP protocol synchronization error' "$EXIM_LOG" \
	"Exim logged an impolite end"

# 4. --no-quit: the old end, no QUIT (Exim sees the connection dropped); the same exit status.
script=$(printf 'EHLO client.lab.test\nNOOP\n' | t_write noquit.script)
run_smtpcon no-quit --batch --json --no-quit --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" "$sent"' == ["EHLO client.lab.test", "NOOP"]' "--no-quit: QUIT was sent"
for ((i = 0; i < 50; i++)); do
	grep -Eq ' lost D=|unexpected disconnection|lost connection' "$EXIM_LOG" && break
	sleep 0.1
done
expect_grep ' lost D=|unexpected disconnection|lost connection' "$EXIM_LOG" \
	"--no-quit: Exim did not see a dropped connection"
[ "$(grep -c 'closed by QUIT' "$EXIM_LOG")" -eq 4 ] || fail "--no-quit: Exim logged a QUIT" "$EXIM_LOG"
pass "batch: a script that leaves the session open ends it with QUIT (after * inside AUTH); --no-quit does not"
