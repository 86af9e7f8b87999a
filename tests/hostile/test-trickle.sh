#!/usr/bin/env bash
# A peer that sends one byte per second (a tarpit). Every wait is bounded by --timeout whatever trickles in: the
# client gives up with a clear message and exit 3; the transcript holds each byte that came, even after SIGKILL.
# A faster trickle that finishes within the timeout is reassembled into whole lines.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

slow=$(printf 'trickle 1000 "220 tarpit.lab.test ESMTP slowly\\r\\n"\nexpect EHLO\nline 250 ok\nexpect QUIT\nline 221 bye\n' |
	t_write slow.peer)

# 1. One byte per second, --timeout 3: the greeting wait ends at 3 s with a few bytes of the banner seen.
hpeer_start text "$slow"
hrun text 30 --batch --timeout 3 --log "$RUN_DIR/text.log" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_elapsed_under 10000
expect_grep 'error \(timeout\): no greeting within 3 s' "$OUT" "no clear timeout message"
expect_grep 'S: 22' "$RUN_DIR/text.log" "the bytes that trickled in are not in the transcript"
expect_terminal_safe "$OUT"
kill "$PEER_PID" 2>/dev/null || true

# 2. SIGKILL in the middle of the trickle: the transcript already has what came.
hpeer_start kill "$slow"
kill_when_logged kill "$RUN_DIR/kill.log" 'S: 220 t' 15 --batch --timeout 20 "127.0.0.1:$PEER_PORT"
kill "$PEER_PID" 2>/dev/null || true

# 3. 50 ms per byte, well within the timeout: the session completes and each line is shown whole.
fast=$(printf 'trickle 50 "220 tarpit.lab.test ESMTP\\r\\n"\nexpect EHLO\ntrickle 20 "250-tarpit.lab.test\\r\\n250 SIZE 1000\\r\\n"\nexpect QUIT\nline 221 bye\nclose\n' |
	t_write fast.peer)
hpeer_start fast "$fast"
script=$(printf 'EHLO client.lab.test\n/expect 250\nQUIT\n' | t_write fast.script)
hrun fast 30 --batch --timeout 5 --json --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_json_utf8 "$OUT"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and (.lines | length) == 2)' \
	"the trickled EHLO reply was not reassembled"
peer_wait 20
pass
