#!/bin/bash
# The docked lesson at 80x24 when it does not fit (issue 14's leftovers), in French (the longest words):
# - submission: the steps and their wire lines take more rows than the dock has: the last body row ends with "↓"
#   (more below, as the reader marks it); once the learner is at the last steps, the first body row ends with "↑";
#   the text leaves those two columns free, so no character is covered by the mark;
# - bad-cert: the lab's CA file (a long path under the test's own runtime directory) wraps after a "/", never
#   inside a directory or file name: the file's directory and name ("smtpcon-lab-XXXXXX/ca.pem") stay whole on a row.
# Screens: $RUN_DIR/dock-*.txt.
. "$(dirname "$0")/lib.sh"
tui_require

# The dock's rows: from its title (" leçon NAME") to the row above the status bar.
dock_rows()
{
	awk '/^ leçon /{on=1} on{print} / │ /{if(on) exit}' "$RUN_DIR/screen.txt" | sed '$d'
}

TUI_SIZE=80x24 tui_start --lab=submission --lang fr --timeout 10
tui_wait "220 mail.lab.test"
tui_type "/lesson"
tui_wait "leçon submission"
tui_screen >/dev/null
cp "$RUN_DIR/screen.txt" "$RUN_DIR/dock-more-below.txt"
last=$(dock_rows | sed '$d' | tail -n 1)
case $last in *" ↓") ;; *) fail "the dock's last body row has no '↓' although steps are hidden below: '$last'" "$RUN_DIR/dock-more-below.txt" ;; esac
grep -q '^ leçon submission  0/6' "$RUN_DIR/dock-more-below.txt" || fail "no dock title" "$RUN_DIR/dock-more-below.txt"
# No row of the dock's text reaches the mark's columns.
dock_rows | sed '1d;$d' | grep -v ' [↓↑]$' | awk 'length($0) > 78 {exit 1}' ||
	fail "a dock row runs into the mark's columns" "$RUN_DIR/dock-more-below.txt"
# Walk to step 4: the view follows, the steps above are out of sight and marked.
tui_type "EHLO me.example"
tui_wait "✓ 1. "
tui_type "MAIL FROM:<student@lab.test>"
tui_wait "✓ 2. "
tui_type "/starttls"
tui_wait "✓ 3. " 20
tui_screen >/dev/null
cp "$RUN_DIR/screen.txt" "$RUN_DIR/dock-step4.txt"
if ! dock_rows | grep -q '✓ 1\. '; then
	first=$(dock_rows | sed -n 2p)
	case $first in *" ↑") ;; *) fail "step 1 is out of sight but the first body row has no '↑': '$first'" "$RUN_DIR/dock-step4.txt" ;; esac
fi
grep -qF '▸ 4. ' "$RUN_DIR/dock-step4.txt" || fail "the current step is not in sight" "$RUN_DIR/dock-step4.txt"
tui_keys F10
tui_keys F10
tui_tmux kill-server 2>/dev/null || true

# The CA path in the bad-cert lesson.
TUI_SOCK=smtpcon-tui-$$-ca-$RANDOM
TUI_SIZE=80x24 tui_start --lab=bad-cert --lang fr --timeout 10
tui_wait "220 mail.lab.test"
tui_type "/lesson"
tui_wait "leçon bad-cert"
tui_wait "ca.pem"
tui_screen >/dev/null
cp "$RUN_DIR/screen.txt" "$RUN_DIR/dock-ca-path.txt"
# The path as the dock shows it: its rows joined (the continuation rows are indented under the text).
path=$(dock_rows | perl -CSD -0777 -ne 's/\n +//g; print $1 if m{\((/[^)\s]*ca\.pem)\)}')
[ -n "$path" ] || fail "no CA path in the dock" "$RUN_DIR/dock-ca-path.txt"
[ -f "$path" ] || fail "the dock's CA path '$path' is not the lab's CA file" "$RUN_DIR/dock-ca-path.txt"
[ ${#path} -gt 60 ] || fail "the CA path is short ($path): this test needs one that wraps" "$RUN_DIR/dock-ca-path.txt"
grep -qE 'smtpcon-lab-[A-Za-z0-9]+/ca\.pem\)' "$RUN_DIR/dock-ca-path.txt" ||
	fail "the CA file's directory and name are not whole on one row" "$RUN_DIR/dock-ca-path.txt"
# The row where the path begins ends with "/": it wrapped between two names.
row=$(dock_rows | grep -F '(/' | sed 's/ *$//')
case $row in */) ;; *) fail "the CA path's first row does not end after a '/': '$row'" "$RUN_DIR/dock-ca-path.txt" ;; esac
tui_keys F10
tui_keys F10
pass "the docked lesson marks what is hidden and keeps the CA file's name whole at 80x24"
