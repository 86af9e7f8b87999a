#!/usr/bin/env bash
# A server that sends an 8 MB line without CRLF and then stalls: no crash, no hang past --timeout (each wait is
# bounded by it), memory bounded (the parser keeps 64 KiB of a line, the transcript streams), a clear timeout
# message, and the transcript holds every byte received (all 8,000,000 of them, then the last marker).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

N=8000000
peer_script=$(printf 'line 220 peer.lab.test ESMTP\nexpect EHLO\nsend "250 "\nsendn %d "A"\nsend "LASTBYTES"\nsleep 6000\nclose\n' "$N" |
	t_write long.peer)
script=$(printf 'EHLO client.lab.test\nQUIT\n' | t_write long.script)

# 1. Text on stdout and --log. Two waits (the EHLO reply, then QUIT's) of at most 2 s each.
peer_start text "$peer_script"
hrun text 20 --batch --timeout 2 --log "$RUN_DIR/text.log" --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_elapsed_under 7000
expect_rss_under 65536 # /save keeps up to 32 MiB of transcript in memory (cmd-save.c SAVE_MAX_BYTES)
expect_grep 'error \(timeout\): no reply to EHLO within 2 s' "$OUT" "no clear timeout message"
expect_terminal_safe "$OUT"
for f in "$OUT" "$RUN_DIR/text.log"; do
	got=$(tr -cd A <"$f" | wc -c)
	# "A"s elsewhere in the transcript (addresses, words) are few; the line's 8,000,000 must all be there.
	[ "$got" -ge "$N" ] || fail "$f holds $got of the $N bytes of the long line" "$f"
	expect_grep 'LASTBYTES' "$f" "the bytes after the long line are missing from $f"
done
peer_wait 20 || true

# 2. JSON Lines: the same bytes in "received" events, valid UTF-8, bounded memory.
peer_start json "$peer_script"
hrun json 20 --batch --json --timeout 2 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_rss_under 65536 # /save keeps up to 32 MiB of transcript in memory (cmd-save.c SAVE_MAX_BYTES)
expect_json_utf8 "$OUT"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "timeout") or any(.[]; .type == "error")' \
	"no timeout error event"
peer_wait 20 || true

# 3. SIGKILL while the line is still arriving: what was received is in the transcript.
peer_script2=$(printf 'line 220 peer.lab.test ESMTP\nexpect EHLO\nsend "250 "\nsendn 2000000 "B"\nsend "KILLMARK"\nsleep 8000\nclose\n' |
	t_write long2.peer)
peer_start kill "$peer_script2"
kill_when_logged kill "$RUN_DIR/kill.log" 'KILLMARK' 15 --batch --timeout 10 --script "$script" "127.0.0.1:$PEER_PORT"
got=$(tr -cd B <"$RUN_DIR/kill.log" | wc -c)
[ "$got" -ge 2000000 ] || fail "after SIGKILL the transcript holds $got of 2000000 bytes" "$RUN_DIR/kill.log"

# 4. The TUI: the long line arrives, the console stays responsive and bounded, and leaves cleanly.
if ! have_tmux; then
	skip_or_fail "tmux is not installed: the TUI half did not run (batch half passed)"
fi
peer_start tui "$peer_script"
tui_start tui --timeout 2 "127.0.0.1:$PEER_PORT"
tui_wait_for '220 peer' 10 || fail "the TUI never showed the banner: $(tui_capture)"
ttmux send-keys -t "$TUI_PANE" -l 'EHLO client.lab.test'
ttmux send-keys -t "$TUI_PANE" Enter
tui_wait_for 'timeout|no reply' 10 || fail "the TUI did not report the timeout: $(tui_capture)"
hwm=$(tui_hwm)
t_log "TUI peak RSS after the 8 MB line: ${hwm} KiB"
[ "$hwm" -gt 0 ] || fail "cannot find the TUI process"
[ "$hwm" -lt 131072 ] || fail "the TUI's peak RSS is ${hwm} KiB after the 8 MB line"
tui_leave
pass
