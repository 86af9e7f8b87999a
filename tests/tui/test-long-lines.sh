#!/bin/bash
# Long wire lines keep every byte on the screen: a 4 KiB reply line wraps (continuation rows marked "↪" in the
# gutter) and, its rows joined again, is exactly the bytes the server sent; F7 cuts lines instead, with "›" where
# a line goes on, and S-Right scrolls sideways (the title says which column). A 4 MiB line from a hostile server
# is kept whole (no "bytes of this line not shown"), its end shows at the bottom, and Ctrl-F finds markers at
# a quarter, half and three quarters of it and scrolls to the wrapped row that holds each; the pane still answers
# keys at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/peer.sh"
tui_require

# The 4 KiB line: "250 " then 4092 bytes of numbered words ("k000000,k000001,...") ending "END4K".
body4k=$(for ((i = 0; i < 512; i++)); do printf 'k%06d,' "$i"; done)
body4k=${body4k:0:4087}END4K
{
	echo 'line "220 peer.test ESMTP long lines"'
	echo 'expect EHLO'
	echo 'line "250-peer.test"'
	echo 'line "250 HELP"'
	echo 'expect NOOP'
	echo "send \"250 $body4k\\r\\n\""
	echo 'expect NOOP'
	echo 'send "250 "'
	# 4 MiB: 4096 chunks of 1024 bytes, each "<NNNNN>" then 1016 letters and a dot.
	for ((i = 0; i < 4096; i++)); do
		printf 'send "<%05d>"\nsendn 127 "abcdefgh"\nsend "."\n' "$i"
	done
	echo 'send "END4M\r\n"'
	echo 'expect QUIT'
	echo 'line "221 bye"'
	echo 'close'
} >"$RUN_DIR/long.peer"
peer_start peer "$RUN_DIR/long.peer"

# A wide screen, the wire pane 200 columns wide (186 for the text): the 4 KiB line takes 23 rows.
mkdir -p "$RUN_DIR/config/smtpcon"
echo '/set wire-width 200' >"$RUN_DIR/config/smtpcon/config"
tui_start --timeout 20 "127.0.0.1:$PEER_PORT"
tui_tmux resize-window -t "$TUI_TARGET" -x 250 -y 60
tui_wait "220 peer.test"
tui_type "EHLO long.test"
tui_wait "250 HELP"
tui_type "NOOP"
tui_wait "END4K"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.4k.txt"
grep -q "↪ k" "$RUN_DIR/screen.txt" || fail "the 4 KiB line shows no continuation mark" "$RUN_DIR/screen.txt"
# Join the wrapped rows, then the pieces the line was stored in (one per 2048 bytes: "│" in the gutter).
got=$(tui_joined | sed -n '/▸ 250 k000000,/,/␍␊/p' | perl -CSD -pe 's/^.{14}//; s/ *$//' | tr -d '\n')
want="250 $body4k␍␊"
[ "$got" = "$want" ] || fail "the 4 KiB line on the screen is not the bytes sent (got ${#got} characters, want ${#want})" \
	"$RUN_DIR/screen.4k.txt"

# F7: cut instead of wrap; the cut row says more is there, and S-Right scrolls sideways.
tui_keys F7
tui_wait "wire [cut]"
tui_expect_absent "↪ k0"
grep -q '▸ 250 k000000,.*›$' "$RUN_DIR/screen.txt" || grep -q '▸ 250 k000000,.*›' "$RUN_DIR/screen.txt" ||
	fail "a cut line has no marker that it goes on" "$RUN_DIR/screen.txt"
tui_keys S-Right
tui_wait "wire [cut, col 51]"
grep -q '‹' "$RUN_DIR/screen.txt" || fail "scrolled sideways, but no marker on the left" "$RUN_DIR/screen.txt"
tui_keys S-Left
tui_wait "wire [cut]"
tui_keys F7
tui_wait "wire [follow]"

# The 4 MiB line.
tui_type "NOOP"
tui_wait "END4M" 60
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.4m.txt"
tui_expect_absent "not shown"
# Search for markers through the line (a marker can straddle two stored pieces: then its neighbour does not).
find_marker()
{
	local n
	for n in "$@"; do
		tui_keys C-f
		tui_type "$n"
		for ((i = 0; i < 50; i++)); do
			tui_screen | grep -qE "match at line|no older match" && break
			sleep 0.1
		done
		if grep -q "match at line" "$RUN_DIR/screen.txt"; then
			tui_wait "$n"
			tui_keys Escape
			return 0
		fi
		tui_keys Escape
	done
	fail "no marker of $* found in the 4 MiB line" "$RUN_DIR/screen.txt"
}
find_marker "<01024>" "<01025>"
find_marker "<02048>" "<02049>"
find_marker "<03072>" "<03073>"
find_marker "<00001>" "<00002>"
# Still quick to answer: back to the end and scroll a page.
tui_keys C-End
tui_wait "END4M"
start=$(date +%s%N)
tui_tmux send-keys -t "$TUI_TARGET" PPage
tui_wait "[scrolled" 5
ms=$((($(date +%s%N) - start) / 1000000))
t_log "a page up over the 4 MiB line showed in ${ms} ms"
[ "$ms" -lt 3000 ] || fail "a page up took ${ms} ms"
tui_keys C-End
tui_type "QUIT"
tui_wait "221 bye"
pass "a 4 KiB line wraps byte-exact and cuts with markers; a 4 MiB line is kept whole and searchable"
