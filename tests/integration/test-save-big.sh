#!/usr/bin/env bash
# /save with a big message: the recorder keeps the first 4 MiB of a body and counts the rest, so recording costs
# the session nothing however big the message (docs/performance.md); the saved transcript still holds the whole
# session after the body (the server's verdict, QUIT), says what it left out, and --replay of it sends the part
# kept as a complete message the server accepts.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

# 5 MiB of 78-character lines (under the lab's 10 MiB SIZE), CRLF line ends: sent as is, no dot to stuff.
msg=$RUN_DIR/big.eml
{ printf 'Subject: big save\r\n\r\n'; yes 'The quick brown fox jumps over the lazy dog, again and again and again. 0123.' |
	sed 's/$/\r/'; } | head -c $((5 << 20)) >"$msg" || true
printf 'last line\r\n' >>"$msg"
size=$(stat -c %s "$msg")
script=$(t_write big.script <<EOF
/ehlo client.lab.test
/starttls
MAIL FROM:<student@lab.test>
RCPT TO:<student@lab.test>
/data $msg
/expect 250 2.0.0
/save $RUN_DIR/saved.log
NOOP
/save $RUN_DIR/saved2.log
QUIT
EOF
)
run_smtpcon big --batch --suppress-data --lab=delivery --timeout 30 --script "$script"
expect_rc 0
saved=$RUN_DIR/saved2.log
[ -s "$saved" ] || fail "/save wrote nothing" "$OUT"

# Bounded: 4 MiB of body plus the time column of its lines, not 5 MiB and more.
bytes=$(stat -c %s "$saved")
[ "$bytes" -lt $((5 << 20)) ] || fail "the saved transcript is $bytes bytes: the body was not cut at 4 MiB"
cut=$((size - (4 << 20)))
expect_grep "message body: the transcript keeps its first 4 MiB; $cut more bytes were sent here" "$saved" \
	"the saved transcript does not say how much of the body it left out"
# After the note: the dot, the server's verdict, and the rest of the session, in order.
after=$(sed -n '/more bytes were sent here/,$p' "$saved")
printf '%s\n' "$after" | sed -n 2p | grep -q 'C:~ \.$' || fail "no end-of-data dot after the note" "$saved"
printf '%s\n' "$after" | grep -q 'S:~ 250 2.0.0' || fail "the server's verdict on the message is not saved" "$saved"
printf '%s\n' "$after" | grep -q 'C:~ NOOP' || fail "the session after the body is not saved" "$saved"
expect_no_grep 'last line' "$saved" "the part of the body past 4 MiB was recorded"

# Replay: the kept part goes out as a whole message, which the lab accepts, and the console says so.
run_smtpcon replay --batch --json --lab=delivery --timeout 30 --replay "$RUN_DIR/saved.log"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and .enhanced == "2.0.0"
	and (.command // "" | startswith(".")))' "the replayed message was not accepted"
expect_json "$OUT" 'any(.[]; .type == "warning" and .id == "replay-body-cut")' \
	"the replay did not warn that it sends only the part of the body kept"
pass "a 5 MiB message: /save kept 4 MiB of its body and the whole session, and the replay was accepted"
