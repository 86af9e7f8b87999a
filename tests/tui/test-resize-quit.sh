#!/bin/bash
# Resizing to 60x20 and back leaves a sane screen (stacked with the key bar under the prompt, then side by side
# again; a notice that fits when too small);
# F10 sends QUIT, waits for 221, leaves, and the terminal is restored (cooked mode, echo, main screen).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/peer.sh"
tui_require
t_write() { cat >"$1"; }
t_write "$RUN_DIR/peer.script" <<'SCRIPT'
line "220 peer.test ESMTP resize test"
expect EHLO
line "250-peer.test"
line "250-PIPELINING"
line "250 HELP"
expect QUIT
line "221 2.0.0 bye"
close
SCRIPT
peer_start peer "$RUN_DIR/peer.script"
tui_start --timeout 10 "127.0.0.1:$PEER_PORT"
tui_wait "220 Service ready"
tui_type "EHLO resize.test"
tui_wait "250 HELP"

screen_ok()
{
	local rows=$1 cols=$2
	tui_screen >/dev/null
	local n w
	n=$(wc -l <"$RUN_DIR/screen.txt")
	[ "$n" -eq "$rows" ] || fail "screen has $n rows, want $rows" "$RUN_DIR/screen.txt"
	w=$(LC_ALL=C.UTF-8 wc -L <"$RUN_DIR/screen.txt")
	[ "$w" -le "$cols" ] || fail "a row is $w wide on a $cols-column screen" "$RUN_DIR/screen.txt"
	if [ "$cols" -ge 120 ]; then
		tail -n 1 "$RUN_DIR/screen.txt" | grep -q '^smtp>' || fail "no prompt on the last row" "$RUN_DIR/screen.txt"
	else
		# Stacked: the key bar is the last row, the prompt just above it.
		tail -n 2 "$RUN_DIR/screen.txt" | head -n 1 | grep -q '^smtp>' ||
			fail "no prompt above the key bar" "$RUN_DIR/screen.txt"
		tail -n 1 "$RUN_DIR/screen.txt" | grep -q '^F1 Help  F2 Pane' || fail "no key bar" "$RUN_DIR/screen.txt"
	fi
	grep -q "plain (no TLS)" "$RUN_DIR/screen.txt" || fail "no status bar" "$RUN_DIR/screen.txt"
}

screen_ok 30 120
head -n 1 "$RUN_DIR/screen.txt" | grep -q "wire.*decoded" || fail "panes not side by side at 120x30" "$RUN_DIR/screen.txt"

tui_tmux resize-window -t "$TUI_TARGET" -x 60 -y 20
sleep 0.5
tui_wait "decoded"
screen_ok 20 60
head -n 1 "$RUN_DIR/screen.txt" | grep -q "decoded" && fail "panes still side by side at 60x20" "$RUN_DIR/screen.txt"
grep -q "250 HELP" "$RUN_DIR/screen.txt" || fail "wire pane lost its lines after the resize" "$RUN_DIR/screen.txt"

# Too small: the notice itself fits, its words wrapped to the 30 columns, nothing cut.
tui_tmux resize-window -t "$TUI_TARGET" -x 30 -y 8
tui_wait "needs at least 40x10"
tui_wait "(now 30x8)."
tui_wait "F10 quits."
w=$(LC_ALL=C.UTF-8 wc -L <"$RUN_DIR/screen.txt")
[ "$w" -le 30 ] || fail "the notice is $w columns wide at 30x8" "$RUN_DIR/screen.txt"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.30x8.txt"

tui_tmux resize-window -t "$TUI_TARGET" -x 120 -y 30
sleep 0.5
tui_wait "250 HELP"
screen_ok 30 120
head -n 1 "$RUN_DIR/screen.txt" | grep -q "wire.*decoded" || fail "panes not side by side again" "$RUN_DIR/screen.txt"

# Typing still works after all that: an argument hint as you type, Tab completion, line editing.
tui_tmux send-keys -t "$TUI_TARGET" -l "NOOP"
tui_wait "smtp> NOOP"
tui_keys C-u
tui_tmux send-keys -t "$TUI_TARGET" -l "MAIL "
tui_wait "FROM:<"
tui_keys C-u
tui_tmux send-keys -t "$TUI_TARGET" -l "eh"
tui_keys Tab
tui_wait "smtp> ehlo"
tui_keys C-u
tui_tmux send-keys -t "$TUI_TARGET" -l "/startt"
tui_keys Tab
tui_wait "smtp> /starttls"
tui_tmux send-keys -t "$TUI_TARGET" -l "one two three"
tui_keys C-w C-a
tui_tmux send-keys -t "$TUI_TARGET" -l "X"
tui_wait "smtp> X/starttls one two"
tui_keys C-e M-b C-k
tui_wait "smtp> X/starttls one"
tui_expect_absent "smtp> X/starttls one two"
tui_keys C-u
# F1 help lists keys and the console's commands.
tui_keys F1
tui_wait "Keys"
tui_keys NPage NPage
tui_wait "/starttls"
tui_keys F1
sleep 0.3
tui_expect_absent "Line editing"

tui_keys F10
tui_wait "SMTPCON-EXIT=0"
[ "$(tui_tmux display -p -t "$TUI_TARGET" '#{alternate_on}')" = 0 ] || fail "still on the alternate screen"
grep -qw icanon "$RUN_DIR/stty.after" || fail "terminal left in raw mode" "$RUN_DIR/stty.after"
grep -qw echo "$RUN_DIR/stty.after" || fail "terminal left without echo" "$RUN_DIR/stty.after"
grep -qw -- -icanon "$RUN_DIR/stty.after" && fail "terminal left in raw mode" "$RUN_DIR/stty.after"
peer_wait 10
[ "$PEER_RC" -eq 0 ] || fail "the peer did not see QUIT" "$PEER_LOG"
pass
