#!/bin/bash
# Nothing is cut without a sign, and console notes re-wrap on resize (issue 13).
# 1. In French (longer labels), side by side at 120x30 with the wire pane at its narrowest useful width (40
#    columns), wrapping off and the pane scrolled back: the wire pane's title no longer fits, and it ends in "…"
#    right before the divider. The search line at 100 columns (a long pattern, French words) ends in "…" too.
# 2. A console note of one long sentence (`/lesson foo` lists every lesson) written at 60x20 wraps at the pane's
#    width; at 200x50 with a 170-column wire pane it is one row (it re-wraps, it is not kept broken where it was
#    written); back at 60x20 it wraps again, between words, and no word of it is lost.
# Screens are kept in $RUN_DIR/*.txt.
. "$(dirname "$0")/lib.sh"
tui_require

# Part 1: the cut signs, in French.
TUI_SIZE=120x30 tui_start --lab --lang fr
tui_wait "220 mail.lab.test ESMTP"
tui_type "/set wire-width 40"
tui_keys F7
for i in 1 2 3 4 5 6 7 8; do tui_type NOOP; done
sleep 1
tui_keys PPage
tui_screen >"$RUN_DIR/fr-title-120x30.txt"
title=$(head -n 1 "$RUN_DIR/fr-title-120x30.txt")
# The wire title is "fil [coupé] [défilé : C-End suit]  N lignes": wider than 40 columns, cut with a sign.
printf '%s\n' "$title" | perl -CSD -ne 'exit(/^ fil .{30,}\x{2026}\x{2502} d/ ? 0 : 1)' ||
	fail "the wire pane's title is cut without a '…' before the divider" "$RUN_DIR/fr-title-120x30.txt"
tui_tmux resize-window -t "$TUI_TARGET" -x 100 -y 30
sleep 0.5
tui_keys C-f
tui_tmux send-keys -t "$TUI_TARGET" -l "une-recherche-assez-longue-pour-couper"
tui_keys Enter
tui_wait "une-recherche-assez-longue-pour-couper"
tui_screen >"$RUN_DIR/fr-search-100x30.txt"
line=$(grep -F "une-recherche-assez-longue" "$RUN_DIR/fr-search-100x30.txt" | grep -v '^smtp>')
printf '%s\n' "$line" | perl -CSD -ne 'chomp; exit(/\x{2026}$/ && length($_) == 100 ? 0 : 1)' ||
	fail "the search line is cut without a '…' at its end" "$RUN_DIR/fr-search-100x30.txt"
tui_keys Escape
tui_keys F10
tui_keys F10
tui_wait "SMTPCON-EXIT="
tui_tmux kill-server

# Part 2: a long note re-wraps with the terminal.
TUI_SOCK=smtpcon-tui-$$-notes
TUI_SIZE=60x20 tui_start --lab
tui_wait "220 Service ready"
tui_type "/set wire-width 170"
tui_type "/lesson foo"
tui_wait "no such lesson"
want="no such lesson; lessons: delivery submission implicit no-starttls bad-cert old-tls greylist strict-sync tarpit flaky"
tui_screen >"$RUN_DIR/notes-60x20.txt"
grep -q '↪' "$RUN_DIR/notes-60x20.txt" || fail "the long note does not wrap at 60x20" "$RUN_DIR/notes-60x20.txt"
tui_joined | grep -qF "$want" || fail "the wrapped note lost words at 60x20" "$RUN_DIR/notes-60x20.txt"
tui_tmux resize-window -t "$TUI_TARGET" -x 200 -y 50
sleep 0.7
tui_screen >"$RUN_DIR/notes-200x50.txt"
grep -F "$want" "$RUN_DIR/notes-200x50.txt" | grep -qv '↪' ||
	fail "the note written at 60 columns is not one row at 200x50 (not re-wrapped)" "$RUN_DIR/notes-200x50.txt"
grep -q '↪' "$RUN_DIR/notes-200x50.txt" && fail "rows still wrapped at 200x50" "$RUN_DIR/notes-200x50.txt"
tui_tmux resize-window -t "$TUI_TARGET" -x 60 -y 20
sleep 0.7
tui_screen >"$RUN_DIR/notes-60x20-again.txt"
grep -q '↪' "$RUN_DIR/notes-60x20-again.txt" || fail "the note does not wrap again at 60x20" "$RUN_DIR/notes-60x20-again.txt"
tui_joined | grep -qF "$want" || fail "the re-wrapped note lost words" "$RUN_DIR/notes-60x20-again.txt"
# Every row fits the screen (a note never runs past the pane's edge).
perl -CSD -ne 'chomp; exit 1 if length($_) > 60' "$RUN_DIR/notes-60x20-again.txt" ||
	fail "a row is wider than 60 columns" "$RUN_DIR/notes-60x20-again.txt"
tui_keys F10
tui_keys F10
tui_wait "SMTPCON-EXIT="
pass "wire title and search line cut with …; a long note re-wraps from 60 to 200 columns and back"
