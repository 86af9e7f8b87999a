#!/usr/bin/env bash
# A 200,000-line multi-line reply to EHLO. The client parses it (keeping a bounded number of lines), flags it,
# stays within bounded memory and time, and the transcript has every line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

N=200000
peer_script=$(printf 'line 220 peer.lab.test ESMTP\nexpect EHLO\nsendn %d "250-X-CAPABILITY-NUMBER-MANY\\r\\n"\nline "250 LAST-LINE"\nexpect QUIT\nline "221 bye"\nclose\n' \
	$((N - 1)) | t_write huge.peer)
script=$(printf 'EHLO client.lab.test\n/expect 250\nQUIT\n' | t_write huge.script)

peer_start text "$peer_script"
hrun text 60 --batch --timeout 10 --log "$RUN_DIR/text.log" --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_elapsed_under 20000
expect_rss_under 65536
expect_terminal_safe "$OUT"
for f in "$OUT" "$RUN_DIR/text.log"; do
	got=$(grep -c 'S: 250-X-CAPABILITY-NUMBER-MANY' "$f" || true)
	[ "$got" -eq $((N - 1)) ] || fail "$f shows $got of the $((N - 1)) continuation lines" "$f"
	expect_grep 'S: 250 LAST-LINE' "$f"
done
peer_wait 20
[ "$PEER_RC" -eq 0 ] || fail "the peer did not see QUIT" "$PEER_LOG"

peer_start json "$peer_script"
hrun json 60 --batch --json --timeout 10 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_rss_under 65536
expect_json_utf8 "$OUT"
expect_json "$OUT" "any(.[]; .type == \"reply\" and .code == 250 and .total_lines == $N)" \
	"the reply event does not count all $N lines"
peer_wait 20

if ! have_tmux; then
	skip_or_fail "tmux is not installed: the TUI half did not run (batch half passed)"
fi
peer_start tui "$peer_script"
tui_start tui --timeout 10 "127.0.0.1:$PEER_PORT"
tui_wait_for '220 peer' 10 || fail "the TUI never showed the banner: $(tui_capture)"
ttmux send-keys -t "$TUI_PANE" -l 'EHLO client.lab.test'
ttmux send-keys -t "$TUI_PANE" Enter
tui_wait_for 'LAST-LINE' 30 || fail "the TUI did not show the end of the reply: $(tui_capture)"
hwm=$(tui_hwm)
t_log "TUI peak RSS after a $N-line reply: ${hwm} KiB"
[ "$hwm" -gt 0 ] || fail "cannot find the TUI process"
[ "$hwm" -lt 262144 ] || fail "the TUI's peak RSS is ${hwm} KiB after a $N-line reply"
ttmux send-keys -t "$TUI_PANE" -l 'QUIT'
ttmux send-keys -t "$TUI_PANE" Enter
tui_wait_for '221' 10 || fail "the TUI did not get to QUIT: $(tui_capture)"
tui_leave
pass
