# shellcheck shell=bash
# The reader tests' shared steps (sourced by tests/tui/test-reader-*.sh): three --serve-lab servers (submission
# gives 530 5.7.0, delivery 550 5.7.1 relaying denied, greylist 451 4.7.1; every EHLO a multi-line 250), and
# reader_size SIZE: one session at that size that opens each of those replies in the reader (Enter on the
# selected decoded entry) and finds every line `smtpcon --explain` prints for its basic and its enhanced code in
# it, word for word, once its wrapped rows are joined (the pages are collected with PgDn); Esc goes back to the
# same selection; at 250x60 also a resize to 40x10 and back with the reader open. Captures stay in $RUN_DIR.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reader_labs()
{
	t_serve_lab submission
	PORT_SUB=$LAB_PORT
	CA=$LAB_CA
	t_serve_lab delivery
	PORT_DEL=$LAB_PORT
	t_serve_lab greylist
	PORT_GREY=$LAB_PORT
}

# The screen without the status bar (its clock ticks).
steady() { tui_screen | grep -v '^ 127\.0\.0\.1:[0-9]* │'; }

# reader_text NAME: page through the open reader from its top (Home, then PgDn until the end) and write its rows,
# joined with single spaces, to $RUN_DIR/NAME.joined. Rows are placed by their number in the footer ("rows 19-37
# of 59"), so the row two pages share is taken once.
reader_text()
{
	local name=$1 page=0 foot
	rm -f "$RUN_DIR/$name".page-*.txt
	tui_keys Home
	while :; do
		tui_screen >"$RUN_DIR/$name.page-$page.txt"
		foot=$(grep -m1 -E '^ (all [0-9]+ rows?|rows [0-9]+-[0-9]+ of [0-9]+)' "$RUN_DIR/$name.page-$page.txt") ||
			fail "no reader footer on the screen" "$RUN_DIR/$name.page-$page.txt"
		case $foot in *"(end)"* | " all "*) break ;; esac
		page=$((page + 1))
		[ $page -lt 60 ] || fail "the reader never reached its end" "$RUN_DIR/$name.page-$page.txt"
		tui_keys NPage
	done
	awk '
		FNR == 1 { first = 0; footer = 0 }
		/^ (all [0-9]+ rows?|rows [0-9]+-[0-9]+ of [0-9]+)/ && !footer {
			footer = FNR
			if ($1 == "all") { first = 1; last = $2 } else { split($2, r, "-"); first = r[1]; last = r[2] }
			for (i = 0; first + i <= last; i++) row[first + i] = line[2 + i]
			if (last > max) max = last
		}
		{ line[FNR] = $0 }
		END { for (i = 1; i <= max; i++) printf "%s ", row[i]; printf "\n" }
	' "$RUN_DIR/$name".page-*.txt | tr -s ' ' >"$RUN_DIR/$name.joined"
}

# expect_explain NAME CODE: every line of `smtpcon --explain CODE` is in NAME.joined, whitespace squeezed.
expect_explain()
{
	local name=$1 code=$2 l n=0
	"$SMTPCON" --explain "$code" >"$RUN_DIR/explain-$code.txt" || fail "smtpcon --explain $code failed"
	while IFS= read -r l; do
		l=$(printf '%s' "$l" | tr -s ' ' | sed 's/^ //; s/ $//')
		[ -n "$l" ] || continue
		n=$((n + 1))
		grep -qF -- "$l" "$RUN_DIR/$name.joined" ||
			fail "$name: not in the reader: $l" "$RUN_DIR/$name.joined" "$RUN_DIR/$name.page-0.txt"
	done <"$RUN_DIR/explain-$code.txt"
	[ $n -ge 5 ] || fail "smtpcon --explain $code said too little" "$RUN_DIR/explain-$code.txt"
}

# open_reply TITLE: select decoded entries from the newest back (M-Up) until Enter opens the reader titled
# TITLE ("reply 530 5.7.0"); checks that Esc then returns to the same screen, and opens it again.
open_reply()
{
	local title=$1 i before after
	tui_keys Escape # follow the newest entry: no selection
	for ((i = 0; i < 12; i++)); do
		tui_keys M-Up
		before=$(steady)
		tui_keys Enter
		if tui_screen | head -1 | grep -qF " $title"; then
			tui_keys Escape
			after=$(steady)
			[ "$before" = "$after" ] || {
				printf '%s\n' "$before" >"$RUN_DIR/esc-before.txt"
				printf '%s\n' "$after" >"$RUN_DIR/esc-after.txt"
				fail "Esc did not return to the same selection and scroll" "$RUN_DIR/esc-before.txt" \
					"$RUN_DIR/esc-after.txt"
			}
			tui_keys Enter
			tui_screen | head -1 | grep -qF " $title" || fail "Enter did not open $title again" "$RUN_DIR/screen.txt"
			return 0
		fi
		tui_screen | head -1 | grep -qE '^ (reply|note|warning|error)' && tui_keys Escape
	done
	fail "no decoded entry opens as: $title" "$RUN_DIR/screen.txt"
}

# check_reply SIZE TITLE BASIC [ENHANCED]
check_reply()
{
	local size=$1 title=$2 name
	name=reader-$size-${3}${4:+-$4}
	open_reply "$title"
	reader_text "$name"
	expect_explain "$name" "$3"
	[ -z "${4:-}" ] || expect_explain "$name" "$4"
	# No row is wider than the screen.
	local w=${size%x*}
	while IFS= read -r l; do
		[ "$(printf %s "$l" | LC_ALL=C.UTF-8 wc -m)" -le "$w" ] || fail "$name: a row wider than $w" "$RUN_DIR/screen.txt"
	done <"$RUN_DIR/screen.txt"
	tui_keys Escape
}

reader_size()
{
	local size=$1
	TUI_SOCK=smtpcon-tui-$$-$size
	tui_start --tls-ca-path "$CA" "127.0.0.1:$PORT_SUB"
	tui_tmux resize-window -t "$TUI_TARGET" -x "${size%x*}" -y "${size#*x}"
	tui_wait "220 "
	tui_type "EHLO me.example"
	tui_wait "250 HELP"
	check_reply "$size" "reply 250" 250
	tui_type "MAIL FROM:<student@lab.test>"
	tui_wait "530 5.7.0"
	check_reply "$size" "reply 530 5.7.0" 530 5.7.0

	tui_type "QUIT"
	tui_wait "221 "
	tui_type "/connect 127.0.0.1:$PORT_DEL"
	tui_wait "connected to [127.0.0.1]:$PORT_DEL"
	tui_type "EHLO me.example"
	tui_type "MAIL FROM:<you@example.org>"
	tui_type "RCPT TO:<someone@example.com>"
	tui_wait "550 5.7.1"
	check_reply "$size" "reply 550 5.7.1" 550 5.7.1

	tui_type "QUIT"
	tui_wait "221 "
	tui_type "/connect 127.0.0.1:$PORT_GREY"
	tui_wait "connected to [127.0.0.1]:$PORT_GREY"
	tui_type "EHLO me.example"
	tui_type "MAIL FROM:<you@example.org>"
	tui_type "RCPT TO:<student@lab.test>"
	tui_wait "451 4.7.1"
	check_reply "$size" "reply 451 4.7.1" 451 4.7.1

	if [ "$size" = 250x60 ]; then
		# Resize to the smallest size and back with the reader open.
		open_reply "reply 451 4.7.1"
		tui_keys Home
		steady >"$RUN_DIR/resize-before.txt"
		tui_tmux resize-window -t "$TUI_TARGET" -x 40 -y 10
		sleep 0.5
		tui_screen >"$RUN_DIR/resize-small.txt"
		head -1 "$RUN_DIR/resize-small.txt" | grep -qF " reply 451 4.7.1" ||
			fail "the reader closed (or lost its title) at 40x10" "$RUN_DIR/resize-small.txt"
		grep -qE '^ (all [0-9]+ rows?|rows [0-9]+-[0-9]+ of [0-9]+)' "$RUN_DIR/resize-small.txt" ||
			fail "no reader footer at 40x10" "$RUN_DIR/resize-small.txt"
		while IFS= read -r l; do
			[ "$(printf %s "$l" | LC_ALL=C.UTF-8 wc -m)" -le 40 ] || fail "a row wider than 40" "$RUN_DIR/resize-small.txt"
		done <"$RUN_DIR/resize-small.txt"
		reader_text reader-40x10-451
		expect_explain reader-40x10-451 451
		expect_explain reader-40x10-451 4.7.1
		tui_tmux resize-window -t "$TUI_TARGET" -x 250 -y 60
		sleep 0.5
		tui_keys Home
		steady >"$RUN_DIR/resize-after.txt"
		cmp -s "$RUN_DIR/resize-before.txt" "$RUN_DIR/resize-after.txt" ||
			fail "after 40x10 and back the screen differs" "$RUN_DIR/resize-before.txt" "$RUN_DIR/resize-after.txt"
		tui_keys Escape
	fi
	tui_keys F10
	tui_keys F10
	tui_wait "SMTPCON-EXIT="
	tui_tmux kill-server
}
