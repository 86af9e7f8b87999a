#!/bin/bash
# The layout at the sizes people use. 80x24: stacked, with the key bar (the real F-key bindings) on the last row.
# 250x60: side by side, the wire pane 100 columns and the decoded pane the other 149; a click at column 240
# (an SGR mouse report: X10 reports cannot say a column past 223) selects the entry under it, and a second
# click on it opens it. M-Right and a drag of the divider move the split; the position is written to the config
# file as /set wire-width and the next start uses it.
. "$(dirname "$0")/lib.sh"
tui_require

# sgr BUTTON COLUMN ROW PRESS|RELEASE (1-based cells, as the terminal sends them).
sgr()
{
	local end=M
	[ "$4" = release ] && end=m
	tui_tmux send-keys -t "$TUI_TARGET" -l $'\e'"[<$1;$2;$3$end"
	sleep 0.3
}
cfg=$RUN_DIR/config/smtpcon/config

tui_start --lab
tui_tmux resize-window -t "$TUI_TARGET" -x 80 -y 24
tui_wait "220 Service ready"
tui_type "EHLO layout.example"
tui_wait "250-mail.lab.test Hello layout.example"
tui_screen >/dev/null
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.80x24.txt"
[ "$(wc -l <"$RUN_DIR/screen.txt")" -eq 24 ] || fail "not 24 rows" "$RUN_DIR/screen.txt"
tail -n 1 "$RUN_DIR/screen.txt" | grep -q '^F1 Help  F2 Pane  F3 Next  F4 Caps  F5 Cert  F6 Hex  F7 Wrap  F10 Quit' ||
	fail "no key bar on the last row at 80x24" "$RUN_DIR/screen.txt"
tail -n 2 "$RUN_DIR/screen.txt" | head -n 1 | grep -q '^smtp>' || fail "no prompt above the key bar" "$RUN_DIR/screen.txt"
grep -q '^ decoded' "$RUN_DIR/screen.txt" || fail "the decoded pane is not stacked under the wire" "$RUN_DIR/screen.txt"
# A user's binding shows in the bar: F9 bound at the prompt appears as its command word.
tui_type "/bind F9 /mailbox"
tui_wait "F9 mailbox"

# 250x60: the wire pane takes 100 columns (the divider at column 101), the decoded pane the rest.
tui_tmux resize-window -t "$TUI_TARGET" -x 250 -y 60
sleep 0.5
tui_screen >/dev/null
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.250x60.txt"
head -n 1 "$RUN_DIR/screen.txt" | grep -q '^ wire .*│ decoded' || fail "not side by side at 250x60" "$RUN_DIR/screen.txt"
col=$(head -n 1 "$RUN_DIR/screen.txt" | perl -CSD -ne 'print index($_, "\x{2502}")')
[ "$col" -eq 100 ] || fail "the divider is at column $col at 250x60, want 100" "$RUN_DIR/screen.txt"
tail -n 1 "$RUN_DIR/screen.txt" | grep -q '^smtp>' || fail "no key bar wanted side by side" "$RUN_DIR/screen.txt"

# A click at column 240 on the second entry (row 3: title, the 220, then the EHLO's 250) selects it.
tui_expect_absent "answers: EHLO layout.example"
sgr 0 240 3 press
sgr 0 240 3 release
tui_wait "answers: EHLO layout.example"
tui_wait "[decoded pane]"
# The wheel at column 245 scrolls the decoded pane's selection back to the 220.
sgr 64 245 10 press
tui_wait "answers: (the connection"

# M-Right: the wire pane 4 columns wider, written to the config file.
tui_keys M-Right
tui_wait "wire-width 104 (remembered"
grep -qx '/set wire-width 104' "$cfg" || fail "the config file does not have the new width" "$cfg"
col=$(tui_screen | head -n 1 | perl -CSD -ne 'print index($_, "\x{2502}")')
[ "$col" -eq 104 ] || fail "the divider is at column $col after M-Right, want 104" "$RUN_DIR/screen.txt"
# Drag the divider (column 105, 1-based) to column 141: the wire pane is 140 columns wide.
sgr 0 105 10 press
sgr 32 120 10 press
sgr 0 141 10 release
tui_wait "wire-width 140 (remembered"
col=$(tui_screen | head -n 1 | perl -CSD -ne 'print index($_, "\x{2502}")')
[ "$col" -eq 140 ] || fail "the divider is at column $col after the drag, want 140" "$RUN_DIR/screen.txt"
[ "$(grep -c 'wire-width' "$cfg")" -eq 1 ] || fail "the config file has more than one wire-width line" "$cfg"
grep -qx '/set wire-width 140' "$cfg" || fail "the config file does not have the dragged width" "$cfg"
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
tui_tmux kill-server

# The next start remembers it.
TUI_SOCK=smtpcon-tui-$$-again
tui_start --lab
tui_tmux resize-window -t "$TUI_TARGET" -x 250 -y 60
tui_wait "220 Service ready"
col=$(tui_screen | head -n 1 | perl -CSD -ne 'print index($_, "\x{2502}")')
[ "$col" -eq 140 ] || fail "the divider is at column $col at the next start, want 140" "$RUN_DIR/screen.txt"
# /set wire-width 0 gives the automatic split back.
tui_type "/set wire-width 0"
sleep 0.5
col=$(tui_screen | head -n 1 | perl -CSD -ne 'print index($_, "\x{2502}")')
[ "$col" -eq 100 ] || fail "the divider is at column $col after /set wire-width 0, want 100" "$RUN_DIR/screen.txt"
pass "key bar at 80x24; 100/149 at 250x60; a click at column 240 selects; the split moves and is remembered"
