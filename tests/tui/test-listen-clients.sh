#!/bin/bash
# Listen mode with three clients at once (Python's smtplib, interleaved), as a learner watches them: each client's
# "#N" tag (and its gutter mark) has its own colour, so the tags of #1, #2 and #3 differ in their SGR (capture-pane
# -e keeps them); /client 2 shows #2's rows alone in the wire and decoded panes, the status bar names it with its
# address (short at 80 columns, whole at 200), the pane titles say "[#2 only]", a search finds only #2's lines; M-c
# cycles #2 -> #3 -> every client -> #1; the reader opened on the filtered view says whose line it shows; /client all shows every client again; /client 9 (never connected) is a
# clear error, and so is /client before any client came. With NO_COLOR the tags are there without colour (they tell
# the clients apart by their text); in French the status bar says which client is shown. Outside listen mode
# /client says it is for listen mode. The key bar (80 columns) names M-c once a second client has connected, in
# English and in French, and still fits (Hex and Wrap make room, Help and Quit stay); side by side (200x50, no key
# bar) the hint line names it instead.
#
# Every screen is kept in $RUN_DIR (NAME.txt, and NAME.ansi with the escape sequences) and printed to the log;
# SMTPCON_UPDATE_SCREENS=1 copies them to tests/tui/listen-clients/, where the last reviewed captures are kept.
. "$(dirname "$0")/lib.sh"
tui_require
[ -x /usr/bin/python3 ] || skip_or_fail "Debian's python3 is not installed"

KEEP_DIR=$T_SRC/tests/tui/listen-clients
keep() # NAME: keep the screen as it is now (text and, with its colours, .ansi)
{
	tui_screen >"$RUN_DIR/$1.txt"
	tui_tmux capture-pane -e -p -t "$TUI_TARGET" >"$RUN_DIR/$1.ansi"
	printf '=== %s\n' "$1"
	cat "$RUN_DIR/$1.txt"
	if [ "${SMTPCON_UPDATE_SCREENS:-}" = 1 ]; then
		mkdir -p "$KEEP_DIR"
		cp "$RUN_DIR/$1.txt" "$RUN_DIR/$1.ansi" "$KEEP_DIR/"
	fi
}

# The client numbers tagged on the screen's rows: in the wire pane's gutter (after the time) and on the decoded
# pane's entries (after the time; after the divider when the panes are side by side).
tags()
{
	perl -CSD -ne '
		print "$1\n" if /^[ 0-9.]{8} #(\d+)\s/;
		print "$1\n" if /^[ 0-9.]{7} #(\d+) /;
		print "$1\n" if /\x{2502}[ 0-9.]{7} #(\d+) /;' "$RUN_DIR/screen.txt" | sort -un | tr '\n' ' '
}
expect_tags() # "1 2 3 ": exactly these clients' rows on the screen now
{
	tui_screen >/dev/null
	[ "$(tags)" = "$1" ] || fail "rows of clients '$(tags)' on the screen, want '$1'" "$RUN_DIR/screen.txt"
}
# The colour and boldness client N's tag ("#N", the first tag of a row) is drawn with, from the escape sequences
# of capture-pane -e (which only says what changes, from one row to the next too: the state is carried).
sgr_of() # N FILE.ansi
{
	N=$1 perl -ne '
		BEGIN { ($fg, $bold) = ("default", 0) }
		while (/\G(?:\e\[([0-9;]*)m|(#\d+)(?=\s)|(.))/gcs) {
			if (defined $1) {
				my @p = split /;/, ($1 eq "" ? "0" : $1);
				while (@p) {
					my $c = shift @p;
					if ($c == 0) { ($fg, $bold) = ("default", 0) }
					elsif ($c == 1) { $bold = 1 }
					elsif ($c == 22) { $bold = 0 }
					elsif ($c == 39) { $fg = "default" }
					elsif (($c >= 30 && $c <= 37) || ($c >= 90 && $c <= 97)) { $fg = $c }
					elsif ($c == 38 && @p >= 2 && $p[0] == 5) { shift @p; $fg = "256:" . shift @p }
					elsif ($c == 48 && @p >= 2 && $p[0] == 5) { splice @p, 0, 2 }
				}
			} elsif (defined $2) {
				if ($2 eq "#$ENV{N}" && !$done{$.}) { print "fg=$fg bold=$bold\n"; exit }
				$done{$.} = 1;
			}
		}' "$2"
}
bar() { grep -E '^ listen(ing on)? 127\.0\.0\.1:' "$RUN_DIR/screen.txt" || true; }
# The key bar: the screen's last row, which must end before the last column (writing that cell can scroll the
# screen). Its labels are narrow characters (accents included), so characters are columns here.
keybar() { tail -n 1 "$RUN_DIR/screen.txt" | sed 's/ *$//'; }
expect_keybar() # WANT: the key bar now, exactly, and inside 79 columns
{
	tui_screen >/dev/null
	[ "$(keybar)" = "$1" ] || fail "key bar '$(keybar)', want '$1'" "$RUN_DIR/screen.txt"
	[ "$(keybar | perl -CSD -ne 'chomp; print length')" -le 79 ] || fail "the key bar reaches the last column" "$RUN_DIR/screen.txt"
}

# Three clients, connected one after the other (so they are #1, #2, #3), then talking in turns: EHLO, a message
# each (from one@, two@, three@), QUIT.
clients() # PORT
{
	timeout 60 /usr/bin/python3 - "$1" >"$RUN_DIR/smtplib.out" 2>&1 <<'PY' || fail "the smtplib clients failed" "$RUN_DIR/smtplib.out"
import smtplib, sys, time
port = int(sys.argv[1])
names = ["one", "two", "three"]
conns = []
for n in names:
    conns.append(smtplib.SMTP("127.0.0.1", port, timeout=10))
    time.sleep(0.3)
for n, s in zip(names, conns):
    s.ehlo(n + ".client.example")
for n, s in zip(names, conns):
    s.sendmail(n + "@sender.example", ["student@lab.test"],
               "Subject: from %s\r\n\r\nhello from %s\r\n" % (n, n))
for s in conns:
    s.quit()
PY
}

# ---- 80x24, colours.
port=$(t_closed_port)
TUI_SIZE=80x24 tui_start --listen "127.0.0.1:$port" --lab=delivery
tui_wait "listen 127.0.0.1:$port │ delivery │ 0 clients │ 0 messages"
# No client yet: the bar has no M-c (it would only say that no client has connected).
expect_keybar "F1 Help  F2 Pane  F3 Next  F4 Caps  F5 Cert  F6 Hex  F7 Wrap  F10 Quit"
tui_type "/client 2"
tui_wait "/client: no client has connected yet, so there is no #2"
clients "$port"
tui_wait "3 messages"
tui_wait "#3   C  ▸ quit"
keep 80x24-all
expect_tags "1 2 3 "
# Three clients: M-c joins the bar; Wrap, a view toggle, makes room for it.
expect_keybar "F1 Help  F2 Pane  F3 Next  F4 Caps  F5 Cert  F6 Hex  F10 Quit  M-c Client"
s1=$(sgr_of 1 "$RUN_DIR/80x24-all.ansi") s2=$(sgr_of 2 "$RUN_DIR/80x24-all.ansi") s3=$(sgr_of 3 "$RUN_DIR/80x24-all.ansi")
printf 'SGR before #1: %s  #2: %s  #3: %s\n' "$s1" "$s2" "$s3"
[ -n "$s1" ] && [ -n "$s2" ] && [ -n "$s3" ] || fail "no SGR before a client's tag" "$RUN_DIR/80x24-all.ansi"
[ "$s1" != "$s2" ] && [ "$s2" != "$s3" ] && [ "$s1" != "$s3" ] ||
	fail "clients #1, #2 and #3 share a colour: $s1 / $s2 / $s3" "$RUN_DIR/80x24-all.ansi"

# /client 2: only #2's rows, the bar says so (short words at 80 columns, whole or ending in "…").
tui_type "/client 2"
tui_wait "only client #2 shown (127.0.0.1:"
tui_wait "[#2 only]"
keep 80x24-client2
expect_tags "2 "
bar | grep -qE "^ listen 127\.0\.0\.1:$port │ only #2 127\.0\.0\.1:[0-9]+ │ " ||
	fail "the 80-column bar does not name client #2 after the listener" "$RUN_DIR/screen.txt"
bar | grep -qE '(│ [0-9.]+s|…) *$|messages? *$' || fail "the 80-column bar is cut without a sign" "$RUN_DIR/screen.txt"
# Search looks at what is shown: one@ is #1's, not found; two@ is #2's.
tui_keys C-f
tui_type "one@sender"
tui_wait "no older match"
tui_keys Escape
tui_keys C-f
tui_type "two@sender"
tui_wait "match at line"
keep 80x24-client2-search
expect_tags "2 "
# The reader opens what is shown: the search match (#2's line), then the entry M-Up selects (#2's newest reply, not
# #3's, which came later); each says whose it is.
tui_keys Enter
tui_wait "Client #2 (127.0.0.1:"
tui_wait "client to server"
keep 80x24-client2-reader-line
tui_keys Escape
tui_keys Escape
tui_keys M-Up
tui_keys Enter
tui_wait "Client #2 (127.0.0.1:"
tui_wait "S: 221 2.0.0 Bye"
# The reply names the client command it answers, as in client mode (not "the connection itself").
tui_wait "It answers: quit"
keep 80x24-client2-reader-reply
tui_keys Escape
tui_keys Escape

# M-c: #3, then every client, then #1.
tui_keys M-c
tui_wait "only client #3 shown"
expect_tags "3 "
tui_keys M-c
tui_wait "every client shown"
expect_tags "1 2 3 "
tui_keys M-c
tui_wait "only client #1 shown"
keep 80x24-client1
expect_tags "1 "
# A number no client has had.
tui_type "/client 9"
tui_wait "/client: there is no client #9: clients #1 to #3 have connected so far"
expect_tags "1 "
# /client all: every client again.
tui_type "/client all"
tui_wait "every client shown"
keep 80x24-all-again
expect_tags "1 2 3 "
tui_expect_absent "only]"
tui_keys F10
tui_wait "SMTPCON-EXIT=0"

# ---- 200x50: the bar's whole words; F1 help names M-c.
tui_tmux kill-server 2>/dev/null || true
TUI_SOCK=smtpcon-tui-$$-$RANDOM
port=$(t_closed_port)
TUI_SIZE=200x50 tui_start --listen "127.0.0.1:$port" --lab=delivery
tui_wait "listening on 127.0.0.1:$port │ scenario delivery │ 0 clients connected"
clients "$port"
tui_wait "3 messages accepted"
tui_wait "#3   C  ▸ quit"
keep 200x50-all
expect_tags "1 2 3 "
# Side by side there is no key bar: the hint line names M-c among the general keys.
tui_expect_absent "F1 Help  F2 Pane"
grep -q "^listening: point a mail client here; /mailbox lists what it delivered   (F1 help, M-c one client, F10 quit)" \
	"$RUN_DIR/screen.txt" || fail "the 200-column hint line does not name M-c" "$RUN_DIR/screen.txt"
s1=$(sgr_of 1 "$RUN_DIR/200x50-all.ansi") s2=$(sgr_of 2 "$RUN_DIR/200x50-all.ansi")
[ -n "$s1" ] && [ "$s1" != "$s2" ] || fail "clients #1 and #2 share a colour at 200x50: $s1 / $s2" "$RUN_DIR/200x50-all.ansi"
tui_type "/client 2"
tui_wait "client #2 of 3 shown (127.0.0.1:"
keep 200x50-client2
expect_tags "2 "
bar | grep -qE "^ listening on 127\.0\.0\.1:$port │ client #2 of 3 shown \(127\.0\.0\.1:[0-9]+\) │ scenario delivery │ 0 clients connected │ 3 messages accepted │ [0-9.]+s *$" ||
	fail "the 200-column bar does not name client #2 whole" "$RUN_DIR/screen.txt"
tui_keys M-c
tui_wait "client #3 of 3 shown"
expect_tags "3 "
tui_keys F1
tui_wait "M-c      listen mode: show the next client alone, then all again (/client N, /client all)"
keep 200x50-F1
tui_keys Escape
tui_keys F10
tui_wait "SMTPCON-EXIT=0"

# ---- NO_COLOR: no colour anywhere, the tags still tell the clients apart; /client works the same.
tui_tmux kill-server 2>/dev/null || true
TUI_SOCK=smtpcon-tui-$$-$RANDOM
port=$(t_closed_port)
TUI_ENV="NO_COLOR=1" TUI_SIZE=80x24 tui_start --listen "127.0.0.1:$port" --lab=delivery
tui_wait "listen 127.0.0.1:$port"
clients "$port"
tui_wait "#3   C  ▸ quit"
keep 80x24-nocolor
expect_tags "1 2 3 "
if grep -qP '\e\[[0-9;]*(3[0-7]|38;5;[0-9]+|4[0-7]|9[0-7])m' "$RUN_DIR/80x24-nocolor.ansi"; then
	fail "NO_COLOR: a colour on the screen" "$RUN_DIR/80x24-nocolor.ansi"
fi
[ "$(sgr_of 1 "$RUN_DIR/80x24-nocolor.ansi")" = "$(sgr_of 2 "$RUN_DIR/80x24-nocolor.ansi")" ] ||
	fail "NO_COLOR: the tags differ in more than their text" "$RUN_DIR/80x24-nocolor.ansi"
tui_type "/client 3"
tui_wait "[#3 only]"
keep 80x24-nocolor-client3
expect_tags "3 "
tui_keys F10
tui_wait "SMTPCON-EXIT=0"

# ---- French: the status bar and the hint say which client is shown.
tui_tmux kill-server 2>/dev/null || true
TUI_SOCK=smtpcon-tui-$$-$RANDOM
port=$(t_closed_port)
TUI_SIZE=80x24 tui_start --lang fr --listen "127.0.0.1:$port" --lab=delivery
tui_wait "127.0.0.1:$port"
clients "$port"
tui_wait "#3   C  ▸ quit"
# The longer French labels: M-c still fits, Lignes (Wrap) and Hex make room, Aide and Quitter stay.
expect_keybar "F1 Aide  F2 Volet  F3 Suiv.  F4 Capa.  F5 Cert.  F10 Quitter  M-c Client"
keep fr-80x24-all
tui_type "/client 2"
tui_wait "client #2 seul affiché (127.0.0.1:"
keep fr-80x24-client2
expect_tags "2 "
grep -qE "^ .*127\.0\.0\.1:$port │ seul #2 127\.0\.0\.1:[0-9]+ │ " "$RUN_DIR/screen.txt" ||
	fail "the French 80-column bar does not name client 2" "$RUN_DIR/screen.txt"
tui_tmux resize-window -t "$TUI_TARGET" -x 200 -y 50
tui_wait "client #2 sur 3 affiché (127.0.0.1:"
keep fr-200x50-client2
# A key clears the hint; then the idle hint names M-c, in French.
tui_keys C-l
tui_wait "(F1 aide, M-c un client, F10 quitte)"
keep fr-200x50-hint
tui_keys F10
tui_wait "SMTPCON-EXIT=0"

# ---- Client mode: /client is for listen mode.
tui_tmux kill-server 2>/dev/null || true
TUI_SOCK=smtpcon-tui-$$-$RANDOM
TUI_SIZE=80x24 tui_start
tui_wait "F1 help"
tui_type "/client 2"
tui_wait "/client applies to listen mode (smtpcon --listen ADDR:PORT)"
keep 80x24-client-mode
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass "each client its colour; /client N and M-c show one client alone, /client all every client; the key bar (or, side by side, the hint line) names M-c once two clients came"
