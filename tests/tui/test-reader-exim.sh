#!/bin/bash
# The reader against the real Exim of the harness: connect, EHLO, /starttls (STARTTLS, the handshake, EHLO again),
# then, at 80x24 and at 200x50 in the same session, open in the reader the multi-line 250 to the EHLO inside TLS,
# the 220 that answered STARTTLS, the wire line saying TLS is established (through a search match) and /tls (the
# parameters, the certificate's verdict, the chain). Nothing is
# cut: every line Exim sent in that 250 and every line of `smtpcon --explain` for 250 and 220 is in the reader,
# word for word; the text is the same at both sizes once blanks are dropped (wrapping only moves words); no row is
# wider than the screen or ends in the sign of a cut. Captures stay in $RUN_DIR (exim-SIZE-NAME.page-N.txt).
. "$(dirname "$0")/reader-lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
tui_require
exim_start

TUI_SOCK=smtpcon-tui-$$-exim
tui_start --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --timeout 10 "$EXIM_HOST:$EXIM_PORT"
tui_tmux resize-window -t "$TUI_TARGET" -x 200 -y 50
tui_wait "220 "
tui_type "EHLO client.lab.test"
tui_wait "250 HELP"
tui_type "/starttls"
tui_wait "STARTTLS TLS1."
tui_wait "250-AUTH"
tui_wait "250 HELP"
sleep 0.5
# What Exim said to the EHLO inside TLS, line by line, from the wire pane ("S🔒▸ 250-SIZE 52428800␍␊").
tui_screen >/dev/null
tui_joined | sed -n 's/^.*S🔒[▸│] \(250[- ].*\)␍␊.*$/\1/p' >"$RUN_DIR/ehlo-tls.txt"
grep -q '^250-AUTH' "$RUN_DIR/ehlo-tls.txt" && grep -q '^250 HELP' "$RUN_DIR/ehlo-tls.txt" ||
	fail "no EHLO reply inside TLS on the wire" "$RUN_DIR/screen.txt" "$RUN_DIR/ehlo-tls.txt"

# check_rows NAME W: in every page of the reader, no row is wider than W and none ends in a cut's sign.
check_rows()
{
	local name=$1 w=$2 f
	for f in "$RUN_DIR/$name".page-*.txt; do
		awk -v w="$w" -v f="$f" '
			/^ (all [0-9]+ rows?|rows [0-9]+-[0-9]+ of [0-9]+)/ { exit }
			{ sub(/ +$/, "") }
			length($0) > w { print f ": row " NR " is wider than " w; bad = 1 }
			/…$/ { print f ": row " NR " is cut: " $0; bad = 1 }
			END { exit bad }' "$f" >"$RUN_DIR/$name.rows.txt" ||
			fail "$name: $(head -1 "$RUN_DIR/$name.rows.txt")" "$f"
	done
}

# expect_lines NAME FILE: each line of FILE is in NAME.joined (blanks squeezed).
expect_lines()
{
	local l
	while IFS= read -r l; do
		l=$(printf '%s' "$l" | tr -s ' ')
		grep -qF -- "$l" "$RUN_DIR/$1.joined" || fail "$1: not in the reader: $l" "$RUN_DIR/$1.joined"
	done <"$2"
}

for size in 80x24 200x50; do
	tui_tmux resize-window -t "$TUI_TARGET" -x "${size%x*}" -y "${size#*x}"
	sleep 0.5

	# The EHLO reply inside TLS: each of its lines as sent, and what 250 means.
	name=exim-$size-ehlo
	open_reply "reply 250"
	reader_text "$name"
	expect_lines "$name" "$RUN_DIR/ehlo-tls.txt"
	grep -qF "inside TLS" "$RUN_DIR/$name.joined" || fail "$name: the reader does not say it came inside TLS" \
		"$RUN_DIR/$name.joined"
	expect_explain "$name" 250
	check_rows "$name" "${size%x*}"
	tui_keys Escape

	# The 220 that answered STARTTLS.
	name=exim-$size-starttls
	open_reply "reply 220"
	reader_text "$name"
	grep -qF "It answers: STARTTLS" "$RUN_DIR/$name.joined" || fail "$name: not the reply to STARTTLS" \
		"$RUN_DIR/$name.joined"
	grep -qF "220 TLS go ahead" "$RUN_DIR/$name.joined" || fail "$name: Exim's words are missing" "$RUN_DIR/$name.joined"
	expect_explain "$name" 220
	check_rows "$name" "${size%x*}"
	tui_keys Escape

	# The wire line that says TLS is up, and how the certificate was judged: its text and its hex dump.
	name=exim-$size-tls
	tui_keys Escape
	tui_keys C-f
	tui_type "TLS established"
	tui_wait "match at line"
	tui_keys Enter
	tui_screen | head -1 | grep -qF " wire line" || fail "Enter on the search match did not open the wire line" \
		"$RUN_DIR/screen.txt"
	reader_text "$name"
	grep -qE "TLS established: TLS1\.[23] .*, certificate verified" "$RUN_DIR/$name.joined" ||
		fail "$name: the line is not whole in the reader" "$RUN_DIR/$name.joined"
	grep -qE "00000000 +54 4c 53 20 65 73 74 61" "$RUN_DIR/$name.joined" || fail "$name: no hex dump" \
		"$RUN_DIR/$name.joined"
	check_rows "$name" "${size%x*}"
	tui_keys Escape
	tui_keys Escape

	# /tls: the parameters, the certificate's verdict and the chain as Exim sent it.
	name=exim-$size-tlsinfo
	tui_type "/tls"
	tui_screen | head -1 | grep -qF " /tls" || fail "/tls did not open in the reader" "$RUN_DIR/screen.txt"
	reader_text "$name"
	for want in "TLS version: TLS1." "certificate VERIFIED for $EXIM_NAME" "chain as sent: 1 certificate" \
		"[0] CN=$EXIM_NAME" "SNI sent: $EXIM_NAME"; do
		grep -qF -- "$want" "$RUN_DIR/$name.joined" || fail "$name: not in the reader: $want" "$RUN_DIR/$name.joined"
	done
	check_rows "$name" "${size%x*}"
	tui_keys Escape
done

# Wrapping moves words, never drops them: the same text at both sizes.
for what in ehlo starttls tls tlsinfo; do
	a=$(tr -d ' ' <"$RUN_DIR/exim-80x24-$what.joined") b=$(tr -d ' ' <"$RUN_DIR/exim-200x50-$what.joined")
	[ "$a" = "$b" ] || fail "the $what reader says something else at 80x24 than at 200x50" \
		"$RUN_DIR/exim-80x24-$what.joined" "$RUN_DIR/exim-200x50-$what.joined"
done

tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass "against Exim: the EHLO reply inside TLS, the 220 to STARTTLS, the TLS line and /tls read whole at 80x24 and 200x50"
