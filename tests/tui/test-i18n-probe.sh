#!/bin/bash
# /probe read as a learner reads it, in the TUI against the real Exim of the harness (issue 17): French at 80x24
# (/probe starttls-enforced: the announcement, then the codes before STARTTLS and what they mean) and Brazilian
# Portuguese at 200x50 (/probe smuggling: the six variants listed in the verdict). The announcement opens in the
# reader, in the language; the verdict in the decoded pane is the catalog's whole sentence (po/LANG.po) with the
# codes and variants put in, word for word once the pane's wrapping is undone; on every kept screen no English
# sentence of the catalog is left (i18n-sweep-lib.sh's probes), rows fit, the status bar is whole, the key bar is
# the catalog's labels. Captures: $RUN_DIR/LANG/SIZE-probe-*.txt (SMTPCON_UPDATE_SCREENS=1 copies them to
# tests/tui/i18n-sweep/LANG/, next to the sweeps' ones).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/i18n-sweep-lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
tui_require
command -v msgcat >/dev/null || skip_or_fail "msgcat is not installed (gettext)"
exim_start

# start LANG SIZE: a console in LANG at SIZE, connected to Exim and greeted; the key bar the sweeps expect.
start()
{
	SWEEP_LANG=$1 SWEEP_SIZE=$2
	mkdir -p "$RUN_DIR/$SWEEP_LANG"
	sweep_probes
	SWEEP_BAR=""
	local item label
	for item in "F1 Help" "F2 Pane" "F3 Next" "F4 Caps" "F5 Cert" "F6 Hex" "F7 Wrap" "F10 Quit"; do
		label=$(tr_of "${item#* }")
		[ -n "$label" ] || fail "no $SWEEP_LANG for the key bar label '${item#* }'"
		SWEEP_BAR+="${SWEEP_BAR:+  }${item%% *} $label"
	done
	sweep_new --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --timeout 10 "$EXIM_HOST:$EXIM_PORT"
	tui_wait "220 mail.lab.test"
}

# tr_full MSGID: its translation in po/$SWEEP_LANG.po, unescaped (long msgids too: tr_of reads one-line entries only).
tr_full()
{
	msgcat --no-wrap "$T_SRC/po/$SWEEP_LANG.po" | MSGID=$1 perl -CSD -0777 -ne '
		my $id = $ENV{MSGID}; utf8::decode($id);
		while (/^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"$/mg) {
			next unless $1 eq $id;
			my $t = $2; $t =~ s/\\(.)/$1/g; print $t; exit
		}'
}

# shown NAME TEXT: the kept screen NAME shows TEXT once the rows are joined again (each row from its last "│" on,
# so the decoded pane of a side-by-side layout, blanks squeezed): a wrapped verdict read whole.
shown()
{
	local shot=$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-$1.txt
	TEXT=$2 perl -CSD -e '
		my $all = join " ", map { chomp; s/^.*\x{2502}//; s/^\s+|\s+$//g; $_ } <STDIN>;
		(my $want = $ENV{TEXT}) =~ s/\s+/ /g; utf8::decode($want);
		$all =~ s/\s+/ /g;
		exit(index($all, $want) >= 0 ? 0 : 1)' <"$shot" || fail "$(basename "$shot") does not read: $2" "$shot"
}

# ---- French, 80x24: STARTTLS enforcement (Exim takes mail before TLS on its port 25: not-enforced).
start fr 80x24
tui_type "/probe starttls-enforced bob@lab.test"
what=$(tr_full "does the server accept AUTH, MAIL or RCPT before STARTTLS?")
[ -n "$what" ] || fail "po/fr.po does not translate the probe's description"
tui_wait "${what:0:30}" 30
keep probe-enforced-announce
shown probe-enforced-announce "starttls-enforced : $what"
tui_keys Escape
tui_wait "[not-enforced]" 60
sleep 0.5
keep probe-enforced
# shellcheck disable=SC2059 # the catalog's formats, as the program uses them
summary=$(printf "$(tr_full "before STARTTLS: AUTH %d, MAIL %d, RCPT %d")" 503 250 250)
# shellcheck disable=SC2059
verdict=$(printf "$(tr_full "%s: mail is accepted without TLS. Normal for a port-25 MX (RFC 3207 §4: a public server must not require it); on a submission port (587) TLS should be required")" "$summary")
shown probe-enforced "[not-enforced] $verdict"

# ---- Brazilian Portuguese, 200x50: smuggling (Exim 4.96 keeps every variant as content: not-vulnerable).
start pt_BR 200x50
tui_type "/probe smuggling bob@lab.test"
what=$(tr_full "do non-standard end-of-data sequences end the message here (SMTP smuggling)?")
[ -n "$what" ] || fail "po/pt_BR.po does not translate the probe's description"
tui_wait "${what:0:30}" 30
keep probe-smuggling-announce
shown probe-smuggling-announce "smuggling: $what"
tui_keys Escape
tui_wait "[not-vulnerable]" 90
sleep 0.5
keep probe-smuggling
list=""
for seq in "<LF>.<LF>" "<LF>.<CR><LF>" "<CR>.<CR><LF>" "<CR><LF>.<CR>" "<CR><LF>.<LF>" "<CR>.<CR>"; do
	# shellcheck disable=SC2059
	list+="${list:+; }$(printf "$(tr_full "%s: content (%d)")" "$seq" 250)"
done
# shellcheck disable=SC2059
verdict=$(printf "$(tr_full "%s. Only <CR><LF>.<CR><LF> ends the message here: nothing can be smuggled into this server")" "$list")
shown probe-smuggling "[not-vulnerable] $verdict"
pass "/probe's announcements and verdicts read whole in French at 80x24 and in Brazilian Portuguese at 200x50"
