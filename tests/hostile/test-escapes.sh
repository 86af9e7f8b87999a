#!/usr/bin/env bash
# A server that writes terminal escape sequences in its banner, its replies (before and inside TLS) and its
# certificate's subject and names: OSC title changes, clear screen, terminal reset, clipboard writes, C1 controls
# as UTF-8 and as raw bytes. Nothing may reach a terminal raw: not stdout (text and JSON), not the --log
# transcript, not the TUI (its pane title stays as it was, its output stream carries none of the sequences).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

HERE=$(cd "$(dirname "$0")" && pwd)
CN='\e]0;PWNED\a\e[2Jevil\xc2\x9bCN\x9b\e]2;PWNED\e\\'
DNS='dns\e]0;PWNED\a.test'
script=$(printf 'EHLO client.lab.test\n/starttls\n/tls\nNOOP\nQUIT\n' | t_write escapes.script)

# 1. Batch, text transcript on stdout and in --log.
hpeer_start text "$HERE/peers/escapes.peer" -n "$CN" -d "$DNS"
hrun text 20 --batch --insecure --timeout 5 --log "$RUN_DIR/text.log" --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_elapsed_under 10000
expect_rss_under 65536
expect_terminal_safe "$OUT"
expect_terminal_safe "$RUN_DIR/text.log"
expect_terminal_safe "$ERR"
# The hostile text is shown (escaped), not dropped: the user must see what the server sent.
expect_grep 'end-of-banner' "$OUT" "the banner's last line is missing"
expect_grep 'PWNED' "$OUT" "the escaped title sequence is not shown at all"
expect_grep 'evil' "$OUT" "the certificate subject is not shown"
expect_grep 'clipboard' "$RUN_DIR/text.log" "the last reply is missing from the transcript"
expect_grep 'reset-terminal' "$RUN_DIR/text.log" "the TLS-era reply is missing from the transcript"
peer_wait 20
[ "$PEER_RC" -eq 0 ] || fail "the peer did not see the session it expected" "$PEER_LOG"

# 2. Batch, JSON Lines: valid JSON, valid UTF-8, and no raw control byte inside any string.
hpeer_start json "$HERE/peers/escapes.peer" -n "$CN" -d "$DNS"
hrun json 20 --batch --json --insecure --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_json_utf8 "$OUT"
expect_terminal_safe "$OUT"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 221)' "the session did not reach QUIT"
peer_wait 20

# 3. Without --insecure: the unverified certificate's fields are shown in the refusal, escaped.
hpeer_start verify "$HERE/peers/escapes.peer" -n "$CN" -d "$DNS"
hrun verify 20 --batch --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_terminal_safe "$OUT"
expect_grep 'could not be verified' "$OUT" "no clear message about the unverified certificate"
peer_wait 20 || true

# 4. The TUI in a private tmux: type the same session; the pane title must stay "untouched" and the raw output
#    stream of the pane must not carry the server's sequences.
if ! have_tmux; then
	skip_or_fail "tmux is not installed: the TUI half did not run (batch half passed)"
fi
hpeer_start tui "$HERE/peers/escapes.peer" -n "$CN" -d "$DNS"
tui_start tui --insecure --timeout 5 "127.0.0.1:$PEER_PORT"
ttmux pipe-pane -o -t "$TUI_PANE" "cat >>$RUN_DIR/tui.raw"
tui_wait_for '220 raw' 10 || fail "the TUI never showed the banner: $(tui_capture)"
for cmd in 'EHLO client.lab.test' '/starttls' '/tls' 'NOOP' 'QUIT'; do
	ttmux send-keys -t "$TUI_PANE" -l "$cmd"
	ttmux send-keys -t "$TUI_PANE" Enter
	sleep 0.5
	if [ "$cmd" = /tls ]; then
		# Its report opens in the reader (the certificate's hostile names escaped there); Esc goes back.
		tui_wait_for 'chain as sent' 10 || fail "the /tls report did not open: $(tui_capture)"
		tui_capture >"$RUN_DIR/tui.reader.screen"
		ttmux send-keys -t "$TUI_PANE" Escape
		sleep 0.3
	fi
done
tui_wait_for '221' 10 || fail "the TUI session did not reach QUIT: $(tui_capture)"
tui_capture >"$RUN_DIR/tui.screen"
title=$(tui_title)
[ "$title" = "untouched" ] || fail "the pane title changed to '$title'" "$RUN_DIR/tui.screen"
expect_grep 'PWNED' "$RUN_DIR/tui.reader.screen" "the TUI does not show the escaped sequences"
tui_leave
# The TUI writes its own escape sequences; the server's must not be among them.
if LC_ALL=C grep -qaP '\x1b\](0|2|52);|\xc2[\x80-\x9f]|\x1bc' "$RUN_DIR/tui.raw"; then
	fail "a server escape sequence reached the terminal through the TUI" "$RUN_DIR/tui.screen"
fi
if [ -s "$RUN_DIR/tui.tui.err" ] && grep -qE 'Sanitizer|runtime error' "$RUN_DIR/tui.tui.err"; then
	fail "sanitizer report from the TUI" "$RUN_DIR/tui.tui.err"
fi
pass
