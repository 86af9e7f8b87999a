#!/bin/bash
# European Portuguese, read as a learner reads it, at 80x24: every screen of i18n-sweep-lib.sh (start screen, F1
# help, too-small notice, the lab session with EHLO/STARTTLS/EHLO, F4, 5xx and the reader, search, the lesson dock,
# closed; a 550 and the message editor; greylisting's 451 read as temporary; the bad-cert reasons and F5; listen
# mode with Python smtplib), no English sentence left, rows within the screen, the key bar whole, and no word of
# Brazil where Portugal says another (tela/ecrã, arquivo/ficheiro, senha/palavra-passe, usuário/utilizador,
# conexão/ligação, "você"): sweep_keep checks each screen for them when the language is pt.
# Captures: $RUN_DIR/pt/ (SMTPCON_UPDATE_SCREENS=1 copies them to tests/tui/i18n-sweep/pt/).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/i18n-sweep-lib.sh"
tui_require
[ -x /usr/bin/python3 ] || skip_or_fail "Debian's python3 is not installed"
sweep_run pt 80x24
pass "European Portuguese screens read whole at 80x24, no Brazilian word"
