#!/bin/bash
# French at 80x24, read as a learner reads it (200x50: test-i18n-sweep-fr-wide):
# every screen of i18n-sweep-lib.sh (start
# screen, F1 help, too-small notice, the lab session with EHLO/STARTTLS/EHLO, F4, a 5xx and the reader, search,
# the lesson dock, closed; a 550 and the message editor; greylisting's 451 read as temporary; the bad-cert reasons
# and F5; listen mode with Python smtplib): no English sentence of the catalog left, rows within the screen, the
# status bar whole or ending in "…", the key bar whole. Captures: $RUN_DIR/fr/ (SMTPCON_UPDATE_SCREENS=1 copies
# them to tests/tui/i18n-sweep/fr/).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/i18n-sweep-lib.sh"
tui_require
[ -x /usr/bin/python3 ] || skip_or_fail "Debian's python3 is not installed"
sweep_run fr 80x24
pass "French screens read whole at 80x24"
