#!/bin/bash
# Nothing in an overlay is cut, at any width: F1 help, F4 capabilities (before/after TLS side by side when the
# columns fit, else stacked: the plain EHLO's list, then the list inside TLS), F5 certificate and the question
# asked when the certificate did not verify. Each is captured on a screen tall enough to hold it whole (400 rows), at 200,
# 80 and 40 columns: the narrow captures must hold exactly the text of the wide one (the same characters in the
# same order once blanks are dropped; for F4 the same words), so a wrapped row loses nothing. Then at the sizes a
# learner has, 80x24 and 40x24: every capability keyword shows whole in F4 (paging with End), the title and the
# footer wrap rather than end mid-word. Captures stay in $RUN_DIR (SIZE.KEY.txt).
. "$(dirname "$0")/lib.sh"
tui_require
t_serve_lab

# The overlay area: every row above the status bar (the one that starts with the server's address).
area()
{
	tui_screen >/dev/null
	awk '/^ 127\.0\.0\.1:[0-9]+ │/ {exit} {print}' "$RUN_DIR/screen.txt"
}

# The hold question is a dialog over the panes: only its rows, from its title to the end of its footer.
dialog()
{
	tui_screen >/dev/null
	awk '/^ Certificate not verified/ {on = 1} on {print} on && /\(\/trust or \/close\)/ {exit}' "$RUN_DIR/screen.txt"
}

squeeze() { tr -d ' \n' <"$1"; }
words() { tr -s ' ' '\n' <"$1" | grep -v '^$' | sort; }

# capture NAME W H KEY...: the overlays opened one after the other in a screen of W x H.
connect()
{
	local name=$1 w=$2 h=$3
	TUI_SOCK=smtpcon-tui-$$-$name
	tui_start --timeout 10 --tls-ca-path "$LAB_CA" "127.0.0.1:$LAB_PORT"
	tui_tmux resize-window -t "$TUI_TARGET" -x "$w" -y "$h"
	tui_wait "220 "
	tui_type "EHLO narrow.test"
	tui_wait "250 HELP"
	tui_type "/starttls"
	tui_wait "STARTTLS TLS1."
	tui_wait "250-AUTH PLAIN LOGIN"
	sleep 0.5
}

hold()
{
	local name=$1 w=$2 h=$3
	TUI_SOCK=smtpcon-tui-$$-$name-hold
	tui_start --timeout 10 "127.0.0.1:$LAB_PORT" # no CA: the certificate does not verify
	tui_tmux resize-window -t "$TUI_TARGET" -x "$w" -y "$h"
	tui_wait "220 "
	tui_type "/starttls"
	tui_wait "Certificate not verified"
	sleep 0.5
	dialog >"$RUN_DIR/$name.hold.txt"
	grep -q '(/trust or /close)' "$RUN_DIR/$name.hold.txt" || fail "the hold question's footer is not whole" \
		"$RUN_DIR/$name.hold.txt" "$RUN_DIR/screen.txt"
	tui_tmux kill-server
}

whole()
{
	local name=$1 w=$2 h=$3 key
	connect "$name" "$w" "$h"
	for key in F1 F4 F5; do
		tui_keys "$key"
		sleep 0.3
		area >"$RUN_DIR/$name.$key.txt"
		grep -q 'PgUp/PgDn scroll *$' "$RUN_DIR/$name.$key.txt" && fail "$key does not fit in $h rows at $w columns" \
			"$RUN_DIR/$name.$key.txt"
		tui_keys Escape
	done
	tui_tmux kill-server
	hold "$name" "$w" "$h"
}

whole wide 200 400
whole w80 80 400
whole w40 40 400

for name in w80 w40; do
	for key in F1 F5 hold; do
		[ "$(squeeze "$RUN_DIR/$name.$key.txt")" = "$(squeeze "$RUN_DIR/wide.$key.txt")" ] ||
			fail "$key at ${name#w} columns lost or changed text (diff: $(diff <(squeeze "$RUN_DIR/wide.$key.txt" |
				fold -w 60) <(squeeze "$RUN_DIR/$name.$key.txt" | fold -w 60) | head -8))" \
				"$RUN_DIR/wide.$key.txt" "$RUN_DIR/$name.$key.txt"
	done
	words "$RUN_DIR/$name.F4.txt" >"$RUN_DIR/$name.F4.words"
	words "$RUN_DIR/wide.F4.txt" >"$RUN_DIR/wide.F4.words"
	cmp -s "$RUN_DIR/wide.F4.words" "$RUN_DIR/$name.F4.words" ||
		fail "F4 at ${name#w} columns lost or changed words (diff: $(diff "$RUN_DIR/wide.F4.words" \
			"$RUN_DIR/$name.F4.words" | head -8))" "$RUN_DIR/wide.F4.txt" "$RUN_DIR/$name.F4.txt"
done
# Side by side at 80 columns, stacked at 40 (ENHANCEDSTATUSCODES does not fit in half of 38 columns).
grep -q '^ before TLS (plain EHLO) .*after STARTTLS (EHLO again)' "$RUN_DIR/w80.F4.txt" ||
	fail "F4 at 80 columns is not side by side" "$RUN_DIR/w80.F4.txt"
grep -q '^ after STARTTLS (EHLO again)' "$RUN_DIR/w40.F4.txt" || fail "F4 at 40 columns is not stacked" "$RUN_DIR/w40.F4.txt"
grep -q '^   ENHANCEDSTATUSCODES$' "$RUN_DIR/w40.F4.txt" || fail "F4 at 40 columns cut a keyword" "$RUN_DIR/w40.F4.txt"

# The sizes a learner has: F4 shows every keyword of both EHLO replies whole (Home and End pages together),
# and every overlay's title and footer end in whole words.
for size in 80x24 40x24; do
	connect "$size" "${size%x*}" "${size#*x}"
	tui_keys F4
	area >"$RUN_DIR/$size.F4.txt"
	tui_keys End
	area >"$RUN_DIR/$size.F4.end.txt"
	for cap in SIZE 10485760 PIPELINING 8BITMIME ENHANCEDSTATUSCODES SMTPUTF8 CHUNKING STARTTLS AUTH PLAIN LOGIN HELP; do
		cat "$RUN_DIR/$size.F4.txt" "$RUN_DIR/$size.F4.end.txt" | grep -qw -- "$cap" ||
			fail "F4 at $size lost $cap" "$RUN_DIR/$size.F4.txt" "$RUN_DIR/$size.F4.end.txt"
	done
	grep -q 'added after TLS: *AUTH PLAIN LOGIN' "$RUN_DIR/$size.F4.end.txt" ||
		fail "F4 at $size lost the summary" "$RUN_DIR/$size.F4.end.txt"
	grep -q 'before/after-TLS diff' "$RUN_DIR/$size.F4.txt" || fail "F4's title is cut at $size" "$RUN_DIR/$size.F4.txt"
	grep -q '~ changed' "$RUN_DIR/$size.F4.txt" || fail "F4's footer is cut at $size" "$RUN_DIR/$size.F4.txt"
	tui_keys Escape
	tui_keys F1
	area >"$RUN_DIR/$size.F1.txt"
	grep -q 'PgUp/PgDn scroll' "$RUN_DIR/$size.F1.txt" || fail "F1's footer is cut at $size" "$RUN_DIR/$size.F1.txt"
	tui_keys Escape
	tui_keys F5
	area >"$RUN_DIR/$size.F5.txt"
	grep -q 'Esc: close' "$RUN_DIR/$size.F5.txt" || fail "F5's footer is cut at $size" "$RUN_DIR/$size.F5.txt"
	tui_keys Escape
	w=$(LC_ALL=C.UTF-8 wc -L <"$RUN_DIR/screen.txt")
	[ "$w" -le "${size%x*}" ] || fail "a row is $w wide at $size" "$RUN_DIR/screen.txt"
	tui_tmux kill-server
	hold "$size" "${size%x*}" "${size#*x}"
	grep -q '^ c: close   i: inspect' "$RUN_DIR/$size.hold.txt" || fail "the hold question is cut at $size" \
		"$RUN_DIR/$size.hold.txt"
done
pass "F1, F4, F5 and the hold question keep every word at 200, 80 and 40 columns; F4 stacks its columns at 40"
