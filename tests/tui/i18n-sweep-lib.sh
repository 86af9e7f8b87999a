# shellcheck shell=bash
# The translated console read as a learner reads it (sourced by test-i18n-sweep-*.sh, after lib.sh): every screen a
# learner meets, in one language, at 80x24 and at 200x50, each kept as $RUN_DIR/LANG/SIZE-NAME.txt (and, with
# SMTPCON_UPDATE_SCREENS=1, copied to tests/tui/i18n-sweep/LANG/ where the last reviewed captures are kept).
#
#   sweep_run LANG SIZE   walk the screens (start screen, F1 help pages, too-small notice, plaintext lab session
#                         with EHLO/STARTTLS/EHLO, F4, a 5xx and the reader on it, search, the lesson dock,
#                         QUIT and closed; delivery lab with 550 and the message editor; greylist with 451; the
#                         bad-cert lab's failure reasons and F5; listen mode with Python smtplib and its diagnosis)
#
# On every screen: each row fits, no English sentence of the catalog is left (sweep_english), no row is cut without
# "…" (the status bar ends whole or with "…"); at 80 columns the key bar is the catalog's labels, each whole. The
# 4xx reply reads temporary, the 5xx permanent.

SWEEP_LANG=
SWEEP_SIZE=

# The translation of an msgid in po/LANG.po (the catalog the binary was built with); not the same msgid said in a
# context (msgctxt: /probe's "closed" in a list of replies is not the state "closed" the status bar shows).
tr_of()
{
	MSGID=$1 perl -CSD -0777 -ne '
		my $id = $ENV{MSGID}; utf8::decode($id);
		while (/^(msgctxt "(?:[^"\\]|\\.)*"\n)?msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"$/mg) {
			next if defined $1;
			if ($2 eq $id) { print $3; exit }
		}' "$T_SRC/po/$SWEEP_LANG.po"
}

# English probes: the first 22 columns of each catalog msgid that is a sentence (three words or more before any
# conversion) and whose translation does not contain those words; a probe found on a screen is English left there.
# Lines the server sent (wire rows "S", the quoted server text after "·" in the decoded pane, "S:" in the reader)
# are English by design and are not searched.
sweep_probes()
{
	perl -CSD -0777 -ne '
		while (/^msgid "((?:[^"\\]|\\.)*)"\n((?:"(?:[^"\\]|\\.)*"\n)*)msgstr "((?:[^"\\]|\\.)*)"\n((?:"(?:[^"\\]|\\.)*"\n)*)/mg) {
			my ($id, $idc, $str, $strc) = ($1, $2, $3, $4);
			$idc =~ s/^"|"\n$//mg; $id .= join("", split /\n/, $idc);
			$strc =~ s/^"|"\n$//mg; $str .= join("", split /\n/, $strc);
			next if $id eq "";
			$id =~ s/\\n.*//s; $id =~ s/%.*//s; $id =~ s/\\.//g;
			$id =~ s/^\s+//;
			my $p = substr($id, 0, 22);
			next if length($p) < 22;
			next unless $p =~ /^[A-Za-z][a-z]+ [a-z]+ [a-z]/;
			next if index($str, $p) >= 0;
			print "$p\n";
		}' "$T_SRC/po/$SWEEP_LANG.po" | sort -u >"$RUN_DIR/probes.txt"
	[ -s "$RUN_DIR/probes.txt" ] || fail "no English probes from po/$SWEEP_LANG.po"
}

# The screen without what the server wrote (English by design).
ours()
{
	perl -CSD -ne '
		next if /^\s+[\d.]*\s+(?:#\d+\s+)?S\S*\s*[\x{25B8}\x{2502}]/;   # wire: a server row
		next if /^\s+S: /;                                                 # reader: the reply as sent
		s/ \x{00B7} .*$//;                                                 # decoded: the server text after "·"
		print' "$1"
}

sweep_english()
{
	local shot=$1 hit
	hit=$(ours "$shot" | grep -F -f "$RUN_DIR/probes.txt" | head -3)
	[ -z "$hit" ] || fail "$(basename "$shot"): English left on a $SWEEP_LANG screen: $hit" "$shot"
}

# Rows no wider than the screen, and as many as it has.
sweep_fits()
{
	local shot=$1 cols=${SWEEP_SIZE%x*} rows=${SWEEP_SIZE#*x} n wd
	n=$(wc -l <"$shot")
	[ "$n" -eq "$rows" ] || fail "$(basename "$shot"): $n rows, want $rows" "$shot"
	wd=$(LC_ALL=C.UTF-8 wc -L <"$shot")
	[ "$wd" -le "$cols" ] || fail "$(basename "$shot"): a row is $wd columns wide on a $cols-column screen" "$shot"
}

# The status bar (the lowest row that starts with one space and has " │ "): whole, or ending in "…"; never a
# dangling separator.
sweep_status()
{
	local shot=$1 bar
	bar=$(grep '^ [^ ].* │ ' "$shot" | tail -n 1 | sed 's/ *$//')
	[ -n "$bar" ] || return 0
	case $bar in *│) fail "$(basename "$shot"): the status bar ends in a separator (cut without …): $bar" "$shot" ;; esac
}

# sweep_countdown NAME: the status bar of the kept screen NAME ends with the seconds left ("…: 28s").
sweep_countdown()
{
	local shot=$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-$1.txt bar
	bar=$(grep '^ [^ ].* │ ' "$shot" | tail -n 1 | sed 's/ *$//')
	[[ $bar =~ [0-9]+s$ ]] || fail "$(basename "$shot"): the count-down is not whole: $bar" "$shot"
}

SWEEP_BAR=
sweep_keybar()
{
	local shot=$1 bar
	[ "${SWEEP_SIZE%x*}" -lt 120 ] || return 0
	bar=$(tail -n 1 "$shot" | sed 's/ *$//')
	[ "$bar" = "$SWEEP_BAR" ] || fail "$(basename "$shot"): key bar '$bar', want '$SWEEP_BAR'" "$shot"
}

# keep NAME: the screen now, kept and checked.
keep()
{
	local shot=$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-$1.txt
	tui_screen >/dev/null
	cp "$RUN_DIR/screen.txt" "$shot"
	sweep_fits "$shot"
	sweep_english "$shot"
	sweep_status "$shot"
	[ "${2:-}" = nobar ] || sweep_keybar "$shot"
	# European Portuguese: the words of Brazil that Portugal says otherwise (I18N.md's glossary).
	if [ "$SWEEP_LANG" = pt ]; then
		local br
		br=$(ours "$shot" | grep -oiP '\b(tela|telas|arquivos?|senhas?|usuários?|conexão|conexões|conectad[oa]s?|você)\b' | head -3 | tr '\n' ' ')
		[ -z "$br" ] || fail "$(basename "$shot"): Brazilian words on a pt screen: $br" "$shot"
	fi
	if [ -n "${SMTPCON_UPDATE_SCREENS:-}" ]; then
		mkdir -p "$T_SRC/tests/tui/i18n-sweep/$SWEEP_LANG"
		# (without the blanks at the ends of rows, which tmux pads the wide screens with)
		sed 's/ *$//' "$shot" >"$T_SRC/tests/tui/i18n-sweep/$SWEEP_LANG/$(basename "$shot")"
	fi
}

# has NAME TEXT...: the kept screen NAME shows each TEXT.
has()
{
	local shot=$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-$1.txt t
	shift
	for t in "$@"; do
		grep -qF -- "$t" "$shot" || fail "$(basename "$shot") lacks '$t'" "$shot"
	done
}

# lacks NAME TEXT...: the kept screen NAME does not show TEXT.
lacks()
{
	local shot=$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-$1.txt t
	shift
	for t in "$@"; do
		grep -qF -- "$t" "$shot" && fail "$(basename "$shot") shows '$t'" "$shot"
	done
	return 0
}

sweep_new()
{
	tui_tmux kill-server 2>/dev/null || true
	# shellcheck disable=SC2034 # read by lib.sh
	TUI_SOCK=smtpcon-tui-$$-$RANDOM
	TUI_SIZE=$SWEEP_SIZE tui_start --lang "$SWEEP_LANG" "$@"
}

sweep_run()
{
	SWEEP_LANG=$1 SWEEP_SIZE=$2
	mkdir -p "$RUN_DIR/$SWEEP_LANG"
	sweep_probes
	case $SWEEP_LANG in
	fr) SWEEP_TEMP="échec temporaire" SWEEP_TEMPW="temporaire" SWEEP_PERM="permanent" ;;
	*) SWEEP_TEMP="falha temporária" SWEEP_TEMPW="temporária" SWEEP_PERM="permanente" ;;
	esac
	SWEEP_BAR=""
	local item label
	for item in "F1 Help" "F2 Pane" "F3 Next" "F4 Caps" "F5 Cert" "F6 Hex" "F7 Wrap" "F10 Quit"; do
		label=$(tr_of "${item#* }")
		[ -n "$label" ] || fail "no $SWEEP_LANG for the key bar label '${item#* }'"
		SWEEP_BAR+="${SWEEP_BAR:+  }${item%% *} $label"
	done

	# ---- The start screen, no session; F1 help, every page; the too-small notice.
	sweep_new
	tui_wait "$(tr_of 'not connected')"
	keep start
	# The wire pane's notes wrap like the rest: no row starts with a French ";" or ":", no row ends with "F1".
	if grep -qE '↪ +[;:!?»] |F1[0-9]? *(│|$)' "$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-start.txt"; then
		fail "the welcome note wraps before a punctuation mark or after a key" "$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-start.txt"
	fi
	tui_keys F1
	tui_wait "$(tr_of 'smtpcon help')"
	local page=0 prev=""
	while :; do
		keep "F1-$page"
		lacks "F1-$page" "select-prev" "select-next"
		# A French ";" or ":" never starts a wrapped row (the space before it does not break).
		if grep -qE '^ +[;:!?»] ' "$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-F1-$page.txt"; then
			fail "F1 page $page: a row starts with a punctuation mark" "$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-F1-$page.txt"
		fi
		# The last page: PgDn changed nothing (the status bar's clock aside).
		[ "$(head -n -4 "$RUN_DIR/screen.txt")" != "$prev" ] || break
		prev=$(head -n -4 "$RUN_DIR/screen.txt")
		page=$((page + 1))
		[ $page -lt 30 ] || fail "F1 help never ends"
		tui_keys NPage
	done
	tui_keys Escape
	tui_tmux resize-window -t "$TUI_TARGET" -x 30 -y 8
	tui_wait "40x10"
	local keep_size=$SWEEP_SIZE
	SWEEP_SIZE=30x8
	keep too-small nobar
	# The key stays with what it does: no row ends with "F10".
	if grep -qE 'F10 *$' "$RUN_DIR/$SWEEP_LANG/30x8-too-small.txt"; then
		fail "the too-small notice parts F10 from its action" "$RUN_DIR/$SWEEP_LANG/30x8-too-small.txt"
	fi
	SWEEP_SIZE=$keep_size
	tui_tmux resize-window -t "$TUI_TARGET" -x "${SWEEP_SIZE%x*}" -y "${SWEEP_SIZE#*x}"
	tui_wait "$(tr_of 'not connected')"

	# ---- The practice lab (submission), plaintext: greeting, EHLO, STARTTLS, EHLO; F4; a 5xx; the reader.
	sweep_new --lab --timeout 10
	tui_wait "220 mail.lab.test"
	tui_wait "$(tr_of 'plain (no TLS)')"
	keep greeted
	tui_type "EHLO learner"
	tui_wait "250 HELP"
	tui_type "STARTTLS"
	tui_wait "$(tr_of 'verified')"
	keep starttls
	tui_type "EHLO learner"
	tui_wait "250-AUTH PLAIN LOGIN"
	tui_keys F4
	tui_wait "AUTH"
	keep F4
	tui_keys Escape
	tui_type "MAIL FROM:<a@lab.test>"
	tui_wait "530 5.7.0 Authentication required"
	keep 5xx
	tui_keys M-Up
	tui_keys M-Up
	tui_keys Enter
	tui_wait "S: 530 5.7.0"
	keep reader-530
	has reader-530 "$SWEEP_PERM"
	tui_keys Escape
	# Search: C-f, a word, Enter.
	tui_keys C-f
	tui_tmux send-keys -t "$TUI_TARGET" -l "STARTTLS"
	tui_keys Enter
	keep search
	tui_keys Escape
	# The lesson dock.
	tui_type "/lesson"
	tui_wait "/lesson off"
	keep lesson
	tui_type "QUIT"
	tui_wait "$(tr_of 'closed')"
	keep closed

	# ---- The delivery lab: a 550 (relay denied) and the message editor.
	sweep_new --lab=delivery --timeout 10
	tui_wait "220 mail.lab.test"
	tui_type "EHLO learner"
	tui_wait "250 HELP"
	tui_type "MAIL FROM:<a@example.org>"
	tui_wait "250 2.1.0"
	tui_type "RCPT TO:<x@elsewhere.test>"
	tui_wait "550 5.7.1"
	keep 550
	tui_type "RCPT TO:<postmaster@lab.test>"
	tui_wait "250 2.1.5"
	tui_type "DATA"
	tui_wait "Content-Transfer-Encoding"
	keep editor
	tui_keys C-d
	tui_wait "queued as"
	keep sent

	# ---- Greylisting: the 451 reads temporary, in the decoded pane and in the reader.
	sweep_new --lab=greylist --timeout 10
	tui_wait "220 mail.lab.test"
	tui_type "EHLO learner"
	tui_wait "250 HELP"
	tui_type "MAIL FROM:<a@example.org>"
	tui_wait "250 2.1.0"
	tui_type "RCPT TO:<postmaster@lab.test>"
	tui_wait "451 4.7.1"
	keep 451
	local row
	# The decoded pane's entry (time, code, meaning, then "·" and the server's text), not the wire row.
	row=$(grep -oP '\d+\.\d+ 451 4\.7\.1 [^·]*·' "$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-451.txt" | head -n 1)
	case $row in *"$SWEEP_TEMP"*) ;; *) fail "451 not called a temporary failure: $row" "$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-451.txt" ;; esac
	tui_type "/explain"
	tui_wait "451"
	keep reader-451
	has reader-451 "$SWEEP_TEMPW"
	lacks reader-451 "$SWEEP_PERM"
	tui_keys Escape

	# ---- The tarpit lab: the status bar while it waits, the seconds left whole (the clock gives way first).
	sweep_new --lab=tarpit --timeout 30
	tui_wait "$(tr_of 'greeting')"
	keep wait-greeting
	sweep_countdown wait-greeting
	tui_wait "220 mail.lab.test" 20
	tui_type "EHLO learner"
	# Wide: the long count-down ("waiting for reply to EHLO: 2s"); at 80 columns the short one ("waiting: 2s").
	if [ "${SWEEP_SIZE%x*}" -ge 120 ]; then
		tui_wait "$(tr_of 'reply to %s' | sed 's/%s/EHLO/')"
	else
		tui_wait "$(tr_of 'waiting: %llds' | sed 's/%llds//')"
	fi
	keep wait-reply
	sweep_countdown wait-reply
	lacks wait-reply "reply to EHLO"

	# ---- The bad-cert lab: the failure reasons, the trust decision, F5.
	sweep_new --lab=bad-cert --timeout 10
	tui_wait "220 mail.lab.test"
	tui_type "EHLO learner"
	tui_wait "250 HELP"
	tui_type "STARTTLS"
	tui_wait "[hostname-mismatch]"
	keep bad-cert
	tui_keys Escape
	tui_keys F5
	tui_wait "SAN"
	keep F5
	tui_keys NPage
	keep F5-2
	tui_keys Escape

	# ---- Listen mode: Python's smtplib logs in before STARTTLS; the diagnosis.
	local port
	port=$(t_closed_port)
	sweep_new --listen "127.0.0.1:$port" --lab=submission
	tui_wait "127.0.0.1:$port"
	timeout 20 /usr/bin/python3 - "$port" >"$RUN_DIR/smtplib.out" 2>&1 <<'PY' || true
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10)
s.ehlo("learner.example")
s.docmd("AUTH", "PLAIN AHN0dWRlbnQAc2VjcmV0")
s.quit()
PY
	tui_wait "#1"
	tui_wait "QUIT"
	keep listen
	tui_tmux kill-server 2>/dev/null || true
}
