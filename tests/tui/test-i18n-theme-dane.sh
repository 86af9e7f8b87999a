#!/bin/bash
# Two translated screens no sweep reached (issue 17), read as a learner reads them, in French at 80x24 and 200x50
# and in European Portuguese at 80x24:
#   - a theme file with mistakes (--theme PATH): the wire pane reports each one, "FILE:LINE: unknown role ...",
#     colour, attribute, in the language; /set theme with a name that does not exist says it was not found;
#   - the certificate inspector's "DANE / MTA-STS" section (F5) after "/dane ee.test PORT" against the harness's
#     Exim and a private DNSSEC-signed zone (tests/integration/lib/dane.sh): the DANE verdict and the sending MTA's
#     view of the connection are translated sentences.
# On each kept screen: rows fit, no English sentence of the catalog is left (i18n-sweep-lib.sh's probes), the key
# bar is whole at 80 columns, and on pt screens no word of Brazil. Captures: $RUN_DIR/LANG/ (SMTPCON_UPDATE_SCREENS=1
# copies them to tests/tui/i18n-sweep/LANG/, next to the sweeps' ones).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/i18n-sweep-lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
. "$(dirname "$0")/../integration/lib/dane.sh"
tui_require
exim_start

now311=$(dnssec_tlsa_311 "$EXIM_CERT")
dane_mx_zone ee.test signed "$EXIM_PORT" "$now311"
dnssec_start
TUI_ENV="SMTPCON_DNS_SERVER=$SMTPCON_DNS_SERVER SMTPCON_DNS_TRUST_ANCHOR=$(printf %q "$SMTPCON_DNS_TRUST_ANCHOR")"

# A learner's theme with three mistakes: a misspelt role (line 3), colour (line 4) and attribute (line 5).
theme=$(t_write learner.theme <<'EOF'
# my theme
default      fg=default bg=default
wire.sever   fg=red
reply.5xx    fg=redd
hint         fg=yellow itallic
EOF
)

# sweep_prepare LANG SIZE: what sweep_run sets up (the probes, the key bar's labels), without its walk.
sweep_prepare()
{
	SWEEP_LANG=$1 SWEEP_SIZE=$2
	mkdir -p "$RUN_DIR/$SWEEP_LANG"
	msgcat --no-wrap -o "$RUN_DIR/$SWEEP_LANG.nowrap.po" "$T_SRC/po/$SWEEP_LANG.po"
	sweep_probes
	SWEEP_BAR=""
	local item label
	for item in "F1 Help" "F2 Pane" "F3 Next" "F4 Caps" "F5 Cert" "F6 Hex" "F7 Wrap" "F10 Quit"; do
		label=$(tr_of "${item#* }")
		SWEEP_BAR+="${SWEEP_BAR:+  }${item%% *} $label"
	done
}

# tr_fmt MSGID ARGS...: the translation of a printf msgid, formatted (long msgids too: read unwrapped).
tr_fmt()
{
	local fmt
	fmt=$(MSGID=$1 perl -CSD -0777 -ne '
		my $id = $ENV{MSGID}; utf8::decode($id);
		while (/^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"$/mg) {
			if ($1 eq $id) { print $2; exit }
		}' "$RUN_DIR/$SWEEP_LANG.nowrap.po")
	[ -n "$fmt" ] || fail "no $SWEEP_LANG translation of '$1'"
	shift
	# shellcheck disable=SC2059 # the catalog's format, as the program uses it
	printf "${fmt//%.40s/%s}" "$@"
}

walk()
{
	sweep_prepare "$1" "$2"
	local sl="$SWEEP_LANG/$SWEEP_SIZE" t

	# ---- The theme's mistakes, each on its line of the report.
	sweep_new --theme "$theme" --timeout 10
	tui_wait "$(tr_fmt "unknown role '%.40s'" wire.sever)"
	tui_wait "$(tr_fmt "unknown colour '%.40s'" redd)"
	tui_wait "$(tr_fmt "unknown attribute '%.40s'" itallic)"
	keep theme
	# Each report names the file and the line (the wire pane may wrap a long path: read its joined lines).
	for t in ":3: $(tr_fmt "unknown role '%.40s'" wire.sever)" ":4: $(tr_fmt "unknown colour '%.40s'" redd)" \
		":5: $(tr_fmt "unknown attribute '%.40s'" itallic)"; do
		tui_joined | grep -qF -- "$t" || fail "$sl: the theme report lacks '$t'" "$RUN_DIR/screen.txt"
	done
	for t in "unknown role" "unknown colour" "unknown attribute"; do
		tui_joined | grep -qF -- "$t" && fail "$sl: the theme report is English ('$t')" "$RUN_DIR/screen.txt"
	done
	tui_type "/set theme no-such-theme"
	tui_wait "$(tr_fmt "theme not found '%.40s'" no-such-theme)"
	keep theme-missing
	lacks theme-missing ":0:" # a report about the theme as a whole names no line
	# F1 names the page keys as the footers do (PgUp/PgDn, not curses' PPage/NPage) and says what the lesson
	# dock's arrows mean. (The F1 pages are kept by the sweeps; these are read only.)
	tui_keys F1
	tui_wait "$(tr_of 'smtpcon help')"
	local page=0 prev="" all=$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-help-all.txt
	: >"$all"
	while [ $page -lt 30 ]; do
		tui_screen >/dev/null
		[ "$(head -n -4 "$RUN_DIR/screen.txt")" != "$prev" ] || break
		prev=$(head -n -4 "$RUN_DIR/screen.txt")
		head -n -4 "$RUN_DIR/screen.txt" >>"$all"
		page=$((page + 1))
		tui_keys PgDn
	done
	grep -qE '^ +PgUp +[^ ]' "$all" || fail "$sl: F1 does not list PgUp" "$all"
	grep -qE '^ +PgDn +[^ ]' "$all" || fail "$sl: F1 does not list PgDn" "$all"
	grep -qE 'PPage|NPage' "$all" && fail "$sl: F1 says PPage/NPage where the footers say PgUp/PgDn" "$all"
	t=$(tr_fmt "%s at the right end of the dock's last row, %s at the end of its first: more of the lesson is hidden below or above. The dock follows the step you are on; /lesson text shows the whole lesson." ↓ ↑)
	tr -s ' \n' ' ' <"$all" | grep -qF -- "${t:0:40}" || fail "$sl: F1 does not explain the dock's ↓/↑ marks" "$all"
	tui_keys Escape
	tui_keys F10
	tui_wait "SMTPCON-EXIT="

	# ---- DANE: /dane verifies Exim's self-signed certificate by its TLSA record; F5's "DANE / MTA-STS".
	sweep_new --timeout 10
	tui_type "/dane ee.test $EXIM_PORT"
	# /dane's report opens in the reader: read it, then back to the session.
	tui_wait "mx.ee.test" 30
	tui_wait "${now311:0:20}"
	keep dane-reader
	local shot=$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-dane-reader.txt
	grep -qE "mx\.ee\.test [a-z]+ $EXIM_PORT ?: *verified *\$" "$shot" && fail "$sl: the DANE verdict is English" "$shot"
	tui_keys Escape
	tui_wait "250 HELP" 30
	tui_keys F5
	tui_wait "$(tr_of "certificate VERIFIED by DANE: it matches the domain's TLSA records")"
	tui_wait "DANE / MTA-STS"
	keep F5-dane
	# The section's first line: the DANE verdict for the MX host and port, in the language.
	shot=$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-F5-dane.txt
	grep -qF "mx.ee.test" "$shot" || fail "$sl: F5 does not name mx.ee.test in its DANE section" "$shot"
	grep -qE 'DANE for mx\.ee\.test|verified by DANE|would deliver|: verified *$' "$shot" &&
		fail "$sl: F5's DANE / MTA-STS section is English" "$shot"
	# The rest of the inspector, page by page, each checked like the first.
	local page=1 prev
	prev=$(head -n -4 "$RUN_DIR/screen.txt")
	while [ $page -lt 12 ]; do
		tui_keys PgDn
		tui_screen >/dev/null
		[ "$(head -n -4 "$RUN_DIR/screen.txt")" != "$prev" ] || break
		prev=$(head -n -4 "$RUN_DIR/screen.txt")
		keep "F5-dane-$page"
		page=$((page + 1))
	done
	# The store GnuTLS verified against is named in the language (the reason of signer-not-found).
	cat "$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE"-F5-dane*.txt | grep -qF "system trust store" &&
		fail "$sl: F5 names the system trust store in English" "$RUN_DIR/$SWEEP_LANG"
	tui_keys Escape
	tui_keys F10
	tui_wait "SMTPCON-EXIT="
}

walk fr 80x24
walk fr 200x50
walk pt 80x24
pass "a theme's mistakes and F5's DANE / MTA-STS section read in French (80x24, 200x50) and Portuguese (80x24)"
