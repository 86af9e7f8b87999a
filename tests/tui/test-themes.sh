#!/bin/bash
# Themes: NO_COLOR gives a screen without colour (attributes only); every shipped theme loads without a complaint;
# an unknown theme is reported in the wire pane instead of failing.
. "$(dirname "$0")/lib.sh"
tui_require

colours_on_screen() { tui_tmux capture-pane -p -e -t "$TUI_TARGET" | grep -cE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5;[0-9]+|48;5;[0-9]+)[;m]' || true; }

TUI_ENV="NO_COLOR=1" tui_start --timeout 5
tui_wait "smtp>"
n=$(colours_on_screen)
[ "$n" -eq 0 ] || fail "NO_COLOR set but $n rows carry colour" "$RUN_DIR/screen.txt"
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
tui_tmux kill-server

for theme in default light high-contrast mono; do
	TUI_SOCK=smtpcon-tui-$$-$theme
	tui_start --theme "$theme" --timeout 5
	tui_wait "smtp>"
	tui_expect_absent "theme:"
	if [ "$theme" != mono ]; then
		n=$(colours_on_screen)
		[ "$n" -gt 0 ] || fail "theme $theme shows no colour" "$RUN_DIR/screen.txt"
	fi
	tui_keys F10
	tui_wait "SMTPCON-EXIT=0"
	tui_tmux kill-server
done

TUI_SOCK=smtpcon-tui-$$-missing
tui_start --theme no-such-theme --timeout 5
tui_wait "theme: theme not found 'no-such-theme'"
tui_expect_absent "no-such-theme:0:" # about the theme as a whole: no line number
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass
