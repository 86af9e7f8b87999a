#!/bin/bash
# A server that puts terminal escape sequences in its replies (set the window title, clear the screen, move
# the cursor, bidi overrides) must leave the tmux pane and its title untouched: the bytes show escaped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/peer.sh"
tui_require
cat >"$RUN_DIR/peer.script" <<'SCRIPT'
send "220-evil.test \e]0;PWNED-TITLE\a hello\r\n"
send "220-\e]2;PWNED-TOO\e\\ \e[2J\e[H cleared?\r\n"
send "220 \e[31mred\e[0m \xe2\x80\xae reversed \x9b31m C1\r\n"
expect EHLO
send "250-evil.test \e[?1049h\e[5;5H moved\r\n"
send "250-bare LF\n"
send "250-mid\rCR\r\n"
send "250-NUL\0byte\r\n"
send "250 \e]52;c;cGF5bG9hZA==\a clipboard\r\n"
expect QUIT
line "221 bye"
close
SCRIPT
peer_start peer "$RUN_DIR/peer.script"
tui_start --timeout 10 "127.0.0.1:$PEER_PORT"
title_before=$(tui_tmux display -p -t "$TUI_TARGET" '#{pane_title}')
tui_wait "220 Service ready"
tui_wait 'PWNED-TITLE'
tui_type "EHLO evil.client"
tui_wait "clipboard"
sleep 0.5
screen=$(tui_screen)
title_after=$(tui_tmux display -p -t "$TUI_TARGET" '#{pane_title}')
[ "$title_after" = "$title_before" ] || fail "pane title changed: '$title_before' -> '$title_after'"
case "$title_after" in *PWNED*) fail "pane title set by the server: $title_after" ;; esac
# The escapes are visible as text, not obeyed.
grep -qF '\x1b]0;PWNED-TITLE\x07' "$RUN_DIR/screen.txt" || fail "ESC ] not shown escaped" "$RUN_DIR/screen.txt"
grep -qF '\x1b[2J' "$RUN_DIR/screen.txt" || fail "clear-screen not shown escaped" "$RUN_DIR/screen.txt"
grep -qF '\x1b[?1049h' "$RUN_DIR/screen.txt" || fail "alt-screen switch not shown escaped" "$RUN_DIR/screen.txt"
# The screen was not cleared or moved: our own first note, the status bar and the prompt are where they were.
grep -q "smtpcon .*type SMTP commands" "$RUN_DIR/screen.txt" || fail "the screen was cleared" "$RUN_DIR/screen.txt"
tail -n 1 "$RUN_DIR/screen.txt" | grep -q '^smtp>' || fail "prompt moved" "$RUN_DIR/screen.txt"
[ "$(tui_tmux display -p -t "$TUI_TARGET" '#{alternate_on}')" = 1 ] || true
# Line endings: a bare LF and a CR inside a line are shown (highlighted), a NUL escaped.
grep -qF '250-bare LF␊' "$RUN_DIR/screen.txt" || fail "bare LF not shown" "$RUN_DIR/screen.txt"
grep -qF '250-mid␍CR␍␊' "$RUN_DIR/screen.txt" || fail "bare CR not shown" "$RUN_DIR/screen.txt"
grep -qF '250-NUL\0byte' "$RUN_DIR/screen.txt" || fail "NUL not shown escaped" "$RUN_DIR/screen.txt"
# The decoded pane shows the reply codes even so.
grep -q "250 " "$RUN_DIR/screen.txt" || fail "EHLO reply missing in the decoded pane" "$RUN_DIR/screen.txt"
# The clipboard payload (OSC 52) never reached tmux: tmux's buffer list stays empty.
[ -z "$(tui_tmux list-buffers 2>/dev/null)" ] || fail "a paste buffer was set by the server"

tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass
