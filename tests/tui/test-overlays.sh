#!/bin/bash
# Overlays own their area: F1 help, F4 capabilities, F5 certificate and /lesson text each cover the panes edge to
# edge, so no character of the pane beneath shows anywhere inside the overlay. Each overlay is captured over a
# busy session (long wire lines, many decoded entries) and over an empty one against the same server; the rows
# above the status bar must be identical. Also after a resize with the overlay open and after C-l; and closing
# brings back exactly what was beneath. Captures stay in $RUN_DIR (NAME.KEY.txt).
. "$(dirname "$0")/lib.sh"
tui_require
t_serve_lab

# The overlay area: every row above the status bar (the one that starts with the server's address).
area()
{
	tui_screen >/dev/null
	awk '/^ 127\.0\.0\.1:[0-9]+ │|^ lab │|^ not connected/ {exit} {print}' "$RUN_DIR/screen.txt"
}

# session NAME BUSY ARGS...: start, optionally fill the panes, reach the same state (EHLO, STARTTLS, EHLO again),
# then capture each overlay.
session()
{
	local name=$1 busy=$2 key
	shift 2
	TUI_SOCK=smtpcon-tui-$$-$name
	tui_start --timeout 10 "$@"
	tui_wait "220 "
	if [ "$busy" = busy ]; then
		for i in 1 2 3; do
			tui_type "EHLO a-rather-long-client-name-that-fills-the-row-$i.busy.example.org"
			tui_wait "250 HELP"
			tui_type "/explain 5.7.1"
			tui_wait "Delivery not authorized"
			tui_keys Escape # its output opens in the reader; back to the panes
			tui_type "XYZZY $i this command is not known to the server and is long enough to wrap in the wire pane"
			tui_wait "XYZZY $i"
		done
	fi
	tui_type "EHLO overlay.test"
	tui_wait "Hello overlay.test"
	if [ "$name" != lab-busy ] && [ "$name" != lab-empty ]; then
		tui_type "/starttls"
		tui_wait "TLS established"
		tui_wait "EHLO overlay.test" # the EHLO again, inside TLS
		sleep 1
	fi
	for key in $KEYS; do
		area >"$RUN_DIR/$name.before-$key.txt"
		case $key in
		lesson) tui_type "/lesson text submission" ;; # the whole text, in the reader
		*) tui_keys "$key" ;;
		esac
		sleep 0.5
		area >"$RUN_DIR/$name.$key.txt"
		if [ "$busy" = busy ]; then
			# A resize with the overlay open, and C-l: still nothing of the panes beneath.
			tui_tmux resize-window -t "$TUI_TARGET" -x 100 -y 30
			sleep 0.5
			tui_tmux resize-window -t "$TUI_TARGET" -x 120 -y 30
			sleep 0.5
			area >"$RUN_DIR/$name.$key.resized.txt"
			tui_keys C-l
			area >"$RUN_DIR/$name.$key.redrawn.txt"
		fi
		tui_keys Escape
		sleep 0.3
		area >"$RUN_DIR/$name.after-$key.txt"
	done
	tui_tmux kill-server
}

same()
{
	cmp -s "$1" "$2" || fail "$3 (diff: $(diff "$1" "$2" | head -20))" "$1" "$2"
}

KEYS="F1 F4 F5"
session empty empty --tls-ca-path "$LAB_CA" "127.0.0.1:$LAB_PORT"
session busy busy --tls-ca-path "$LAB_CA" "127.0.0.1:$LAB_PORT"
KEYS="lesson"
session lab-empty empty --lab
session lab-busy busy --lab

for key in F1 F4 F5 lesson; do
	e=empty b=busy
	[ "$key" = lesson ] && e=lab-empty b=lab-busy
	grep -q . "$RUN_DIR/$b.$key.txt" || fail "no capture of $key" "$RUN_DIR/$b.$key.txt"
	# The busy screen had text where the overlay now is: it must not show.
	cmp -s "$RUN_DIR/$b.before-$key.txt" "$RUN_DIR/$b.$key.txt" && fail "$key did not open" "$RUN_DIR/$b.$key.txt"
	same "$RUN_DIR/$e.$key.txt" "$RUN_DIR/$b.$key.txt" "$key over a busy session differs from $key over an empty one"
	same "$RUN_DIR/$e.$key.txt" "$RUN_DIR/$b.$key.resized.txt" "$key after a resize shows something else"
	same "$RUN_DIR/$e.$key.txt" "$RUN_DIR/$b.$key.redrawn.txt" "$key after C-l shows something else"
	# Closing restores what was beneath (the panes did not change meanwhile).
	same "$RUN_DIR/$b.before-$key.txt" "$RUN_DIR/$b.after-$key.txt" "closing $key did not restore the panes"
done

# At 80 columns an overlay's long lines wrap between words, nothing cut: F1's note for F7 goes on under its
# text, and every word of a lesson is there.
TUI_SOCK=smtpcon-tui-$$-narrow
tui_start --lab
tui_tmux resize-window -t "$TUI_TARGET" -x 80 -y 24
tui_wait "220 Service ready"
tui_keys F1
tui_wait "wire pane: wrap long lines / cut them (then S-Left, S-Right scroll"
grep -q '^            sideways)' "$RUN_DIR/screen.txt" || fail "F1's F7 note is cut, not wrapped" "$RUN_DIR/screen.txt"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/narrow.F1.txt"
tui_keys Escape
tui_type "/lesson text greylist"
tui_wait "greylist: temporary failures"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/narrow.lesson.txt"
for word in RSET "250" "retries" "through."; do
	grep -qw -- "$word" "$RUN_DIR/screen.txt" || fail "the lesson at 80 columns lost \"$word\"" "$RUN_DIR/screen.txt"
done
w=$(LC_ALL=C.UTF-8 wc -L <"$RUN_DIR/screen.txt")
[ "$w" -le 80 ] || fail "a row is $w wide at 80 columns" "$RUN_DIR/screen.txt"
pass "F1, F4, F5 and /lesson cover the panes whole, over busy and empty sessions, after a resize and C-l; they wrap at 80 columns"
