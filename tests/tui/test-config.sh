#!/bin/bash
# The config file: a private XDG_CONFIG_HOME holds smtpcon/config (lines in the console language) that picks a
# theme found in smtpcon/themes/ and binds keys. The theme shows, the bound keys run their commands, bad lines are
# reported with FILE:LINE without stopping start-up; --theme wins over the file; --no-config reads nothing;
# /bind and /set at the prompt take effect at once.
. "$(dirname "$0")/lib.sh"
tui_require

colour201() { tui_tmux capture-pane -p -e -t "$TUI_TARGET" | grep -c $'38;5;201' || true; }

mkdir -p "$RUN_DIR/config/smtpcon/themes"
# A theme only this test has, in the user's theme directory (the first place a theme is looked for).
cat >"$RUN_DIR/config/smtpcon/themes/t2test.theme" <<'EOF'
title        fg=colour201 bg=colour16 bold
title.focus  fg=colour201 bg=colour16 bold
EOF
cat >"$RUN_DIR/config/smtpcon/config" <<'EOF'
# smtpcon test config
/set theme t2test
/bind -N 'explain a refusal' F7 /explain 550     # a trailing comment
/bind C-t /set hex on
/bind M-e /explain 421
/bind C-PageUp top
/bind -u F2
/set timeout soon
/bind F9 /nosuchcommand
/set ehlo client.example.org
/set wire-width 200
EOF

tui_start --lab
tui_wait "smtp>"
# Wide enough for the long private paths in the messages (the file gives the wire pane 200 of the 250 columns).
tui_tmux resize-window -t "$TUI_TARGET" -x 250 -y 30
tui_wait "settings from $RUN_DIR/config/smtpcon/config"
tui_wait "config/smtpcon/config:8: timeout wants a number"
tui_wait "config/smtpcon/config:9: unknown command /nosuchcommand"
tui_expect_absent "theme:"
n=$(colour201)
[ "$n" -gt 0 ] || fail "the config's theme (colour 201 titles) is not on the screen" "$RUN_DIR/screen.txt"

# F7 runs /explain 550: its text opens in the reader.
tui_keys F7
tui_wait "mailbox unavailable"
# An Alt binding (M-e) runs /explain 421, from inside the reader too (bound console lines run there).
tui_keys M-e
tui_wait "Service not available"
tui_keys Escape
# C-t runs /set hex on: the wire pane's title says [hex].
tui_expect_absent "wire [hex]"
tui_keys C-t
tui_wait "wire [hex]"
tui_type "/set hex off"
tui_wait "hex = off"
tui_expect_absent "wire [hex]"
# The EHLO name came from the file: /ehlo without a name uses it, and the lab's banner answers it.
tui_type "/ehlo"
tui_wait "EHLO client.example.org"
# F1 help lists the user's binding with its note; F2 (unbound by the file) is gone from it.
tui_keys F1
tui_wait "explain a refusal"
tui_expect_absent "switch the focused pane"
tui_keys Escape
# A binding made at the prompt works at once.
tui_type "/bind F8 /set theme mono"
tui_wait "F8 -> /set theme mono"
tui_keys F8
tui_wait "theme = mono"
n=$(colour201)
[ "$n" -eq 0 ] || fail "/set theme mono left colour 201 on the screen" "$RUN_DIR/screen.txt"
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
tui_tmux kill-server

# --theme on the command line wins over the file.
TUI_SOCK=smtpcon-tui-$$-cli
tui_start --theme default --timeout 5
tui_wait "smtp>"
n=$(colour201)
[ "$n" -eq 0 ] || fail "--theme default should win over the config's theme" "$RUN_DIR/screen.txt"
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
tui_tmux kill-server

# --no-config: no file, no bindings from it.
TUI_SOCK=smtpcon-tui-$$-none
tui_start --no-config --timeout 5
tui_wait "smtp>"
tui_expect_absent "settings from"
tui_keys F7
sleep 0.5
tui_expect_absent "mailbox unavailable"
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass
