#!/bin/bash
# The screens docs/tutorial.md shows are real captures, and cannot drift from the console.
#   1. Lesson 1 at 80x24 against `--lab=delivery`, typed as the tutorial says (EHLO me.example, /starttls, MAIL
#      FROM, RCPT TO for a foreign domain): the screen with the 550 5.7.1 in the wire and
#      decoded panes, and the reader opened on it (M-Up twice selects the reply, above smtpcon's warning, Enter opens it). Each screen is
#      compared with its kept capture in tests/tui/tutorial/NAME.txt (times, ports, elapsed seconds and the
#      queue id normalised); SMTPCON_UPDATE_SCREENS=1 writes the captures anew instead (then review the diff).
#   2. Every screenshot block of docs/tutorial.md (a ``` block right after a line "<!-- screen: NAME -->") is
#      its kept capture tests/tui/tutorial/NAME.txt, row for row (same normalisation), and every kept capture is
#      shown by the tutorial: a console change that alters the screens fails here until the captures and the
#      tutorial are updated together.
# The new screens are kept in $RUN_DIR/NAME.txt.
. "$(dirname "$0")/lib.sh"
tui_require
KEPT=$T_SRC/tests/tui/tutorial
TUTORIAL=$T_SRC/docs/tutorial.md

# Rows that change from run to run: times ("   1.625", "0.039"), the lab's port, the elapsed time in the status
# bar, the trailing blanks tmux keeps. Widths are kept (digits become 0), so the layout itself is compared.
normalise()
{
	perl -CSD -pe '
		s/(\d+)\.(\d{3})\b/("0" x length($1)) . ".000"/ge;
		s/:(\d{4,5})\b/":" . ("0" x length($1))/ge;
		s/\b(\d+m)?\d+(\.\d)?s\b/"0s" . (" " x (length($&) - 2))/ge;
		s/ +$//;' "$@"
}

# compare NAME: the screen just captured against the kept capture (or write it when updating).
compare()
{
	local name=$1
	tui_screen >"$RUN_DIR/$name.txt"
	if [ "${SMTPCON_UPDATE_SCREENS:-}" = 1 ]; then
		sed 's/ *$//' "$RUN_DIR/$name.txt" >"$KEPT/$name.txt"
		return
	fi
	[ -f "$KEPT/$name.txt" ] || fail "no kept capture $KEPT/$name.txt (run with SMTPCON_UPDATE_SCREENS=1)"
	if ! diff -u <(normalise "$KEPT/$name.txt") <(normalise "$RUN_DIR/$name.txt") >"$RUN_DIR/$name.diff"; then
		fail "the screen $name differs from its kept capture (the tutorial shows it)" "$RUN_DIR/$name.diff"
	fi
}

# Part 1: the console makes those screens.
TUI_SIZE=80x24 tui_start --lab=delivery
tui_wait "220 mail.lab.test ESMTP"
tui_type "EHLO me.example"
tui_wait "250 HELP"
tui_type "/starttls" # it says EHLO again inside TLS itself
tui_wait "S🔒│ 250 HELP"
tui_type "MAIL FROM:<you@example.org>"
tui_wait "250 2.1.0"
tui_type "RCPT TO:<someone@example.com>"
tui_wait "550 5.7.1 Relaying denied"
sleep 0.5
compare lesson1-relay-denied
tui_keys M-Up # the warning under the reply
tui_keys M-Up # the 550
tui_wait "Enter: read"
tui_keys Enter
tui_wait "Esc back"
compare lesson1-reader
tui_keys Escape
tui_keys F10
tui_keys F10
tui_wait "SMTPCON-EXIT="
[ "${SMTPCON_UPDATE_SCREENS:-}" = 1 ] && pass "captures written to $KEPT: review them, and paste them into docs/tutorial.md"

# Part 2: the tutorial's screenshot blocks are the kept captures.
blocks=$RUN_DIR/blocks
mkdir -p "$blocks"
perl -CSD -ne '
	BEGIN { $dir = shift @ARGV }
	if (/^<!-- screen: ([\w.-]+) -->$/) { $want = $1; next }
	if (defined $want && /^```/) { if (defined $out) { close $out; undef $out; undef $want } else { open $out, ">", "$dir/$want.txt" or die } next }
	print $out $_ if defined $out;
	undef $want if !defined $out && defined $want && !/^\s*$/;' "$blocks" "$TUTORIAL"
shown=$(find "$blocks" -name '*.txt' | wc -l)
[ "$shown" -ge 2 ] || fail "docs/tutorial.md has $shown screenshot blocks (<!-- screen: NAME --> then a \`\`\` block), want 2"
for f in "$blocks"/*.txt; do
	name=$(basename "$f" .txt)
	[ -f "$KEPT/$name.txt" ] || fail "docs/tutorial.md shows screen $name, which has no kept capture in $KEPT"
	diff -u <(normalise "$KEPT/$name.txt") <(normalise "$f") >"$RUN_DIR/doc-$name.diff" ||
		fail "docs/tutorial.md's screen $name is not its kept capture" "$RUN_DIR/doc-$name.diff"
done
for f in "$KEPT"/*.txt; do
	[ -f "$blocks/$(basename "$f")" ] || fail "the kept capture $(basename "$f") is not shown in docs/tutorial.md"
done

pass "the tutorial's screenshots are the kept captures, and the console still draws them"
