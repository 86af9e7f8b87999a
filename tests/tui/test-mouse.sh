#!/bin/bash
# The mouse: the wheel over the wire pane scrolls it back (the header leaves "follow") and forward again; a click on
# an entry of the decoded pane selects it, shows its explanation and moves the focus there. tmux cannot click, so
# the terminal's mouse reports are typed into the pane as the bytes a terminal sends in the mode ncurses asks for
# (X10 encoding: ESC [ M, then button, column and row, each plus 32, 1-based).
. "$(dirname "$0")/lib.sh"
tui_start --lab
tui_wait "220 Service ready"
# More wire lines than the pane holds, so it can scroll.
for i in 1 2 3 4 5; do
	tui_type "EHLO mouse$i.example"
	tui_wait "Hello mouse$i.example"
done
tui_type "NOOP"
tui_wait "250 2.0.0 Ok"

# mouse BUTTON COLUMN ROW (0-based screen cells): one report, as the terminal would send it.
mouse()
{
	tui_tmux send-keys -t "$TUI_TARGET" -H 1b 5b 4d "$(printf '%x' $((32 + $1)))" \
		"$(printf '%x' $((33 + $2)))" "$(printf '%x' $((33 + $3)))"
	sleep 0.3
}
WHEEL_UP=64 WHEEL_DOWN=65 PRESS=0 RELEASE=3

tui_wait "wire [follow]"
mouse $WHEEL_UP 10 10
tui_wait "wire [scrolled: C-End follows]"
mouse $WHEEL_DOWN 10 10
tui_wait "wire [follow]"

# The decoded pane (right half): entries wrap to its width, so find the screen row where the first EHLO's 250
# shows its "mouse1.example" (any row of an entry selects it).
tui_expect_absent "[decoded pane]"
row=-1
n=0
while IFS= read -r line; do
	if [[ "$(LC_ALL=C.UTF-8 bash -c 'l=$1; printf %s "${l:62}"' _ "$line")" == *mouse1.example* ]]; then
		row=$n
		break
	fi
	n=$((n + 1))
done <<<"$(tui_screen)"
[ "$row" -ge 1 ] || fail "the first EHLO's reply is not in the decoded pane" "$RUN_DIR/screen.txt"
mouse $PRESS 70 "$row"
mouse $RELEASE 70 "$row"
tui_wait "answers: EHLO mouse1.example"
tui_wait "[decoded pane]"
pass "wheel scrolls the wire pane and back; a click selects a decoded entry and focuses its pane"
