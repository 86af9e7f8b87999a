#!/bin/bash
# A STARTTLS handshake in the console, as a sending MTA sees it, read as a learner reads it: the real Exim of the
# harness accepts only TLS 1.3, and the private unsigned zone plain.test points at it (tests/integration/lib/dane.sh).
#
# Failed (smtpcon offers at most TLS 1.2, --tls-protocol no_tlsv1_3), at 80x24 and 200x50 in English and at 80x24
# in French: "/dane plain.test PORT": the handshake failure is a warning (no error, no hold dialog), the verdict is
# "plaintext only", and the console connects again in plaintext and goes on, as a sender does. The wire pane never
# claims that anything was encrypted: its rule says only "TLS handshake begins", and after the close a note says
# that the handshake did not finish, so nothing on that connection was. On the retry the footer's next step is
# MAIL FROM in plaintext, naming the failed handshake, never /starttls again (it would fail the same way). F10:
# exit status 0, as the verdict says.
#
# Succeeded (no restriction: TLS 1.3), at 80x24 and 200x50 in English and 80x24 in French: the rule after the handshake says that the
# rest of the connection is encrypted.
#
# Captures stay in $RUN_DIR: SIZE-fail-*.txt, SIZE-ok-*.txt (English), fr/SIZE-*.txt (French, checked by
# i18n-sweep-lib.sh's keep: rows fit, no English sentence of the catalog left, key bar whole at 80 columns);
# SMTPCON_UPDATE_SCREENS=1 copies them to tests/tui/dane-handshake/{en,fr}/, the last reviewed ones.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/i18n-sweep-lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
. "$(dirname "$0")/../integration/lib/dane.sh"
tui_require
EXIM_EXTRA_CONF='tls_require_ciphers = NORMAL:-VERS-ALL:+VERS-TLS1.3' exim_start

dane_mx_zone plain.test unsigned
dnssec_start

TUI_ENV="SMTPCON_DNS_SERVER=$SMTPCON_DNS_SERVER SMTPCON_DNS_TRUST_ANCHOR=$(printf %q "$SMTPCON_DNS_TRUST_ANCHOR")"

# The text of an msgid in the language of the walk (English: itself).
say()
{
	if [ "$SWEEP_LANG" = en ]; then
		printf '%s' "$1"
	else
		# (long msgids are wrapped in po/LANG.po: read an unwrapped copy)
		[ -s "$RUN_DIR/$SWEEP_LANG.nowrap.po" ] ||
			msgcat --no-wrap -o "$RUN_DIR/$SWEEP_LANG.nowrap.po" "$T_SRC/po/$SWEEP_LANG.po"
		MSGID=$1 perl -CSD -0777 -ne '
			my $id = $ENV{MSGID}; utf8::decode($id);
			while (/^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"$/mg) {
				if ($1 eq $id) { print $2; exit }
			}' "$RUN_DIR/$SWEEP_LANG.nowrap.po"
	fi
}

# The msgids this test reads on the screen: each must have its translation (checked here, not in a subshell).
MSGIDS=("MAIL FROM:<address> in plaintext (this server's TLS handshake failed)"
	"the TLS handshake did not finish: no TLS session, so no command or reply on this connection was encrypted"
	"TLS handshake begins" "TLS established: the rest of this connection is encrypted" "closed: %s"
	"next: %s   (Tab completes, F1 help, F10 quit)")
check_msgids()
{
	local m
	for m in "${MSGIDS[@]}"; do
		[ -n "$(say "$m")" ] || fail "no $SWEEP_LANG translation of '$m'"
	done
}

# shot NAME: keep the screen now as NAME (French: checked by the sweep's keep). With SMTPCON_UPDATE_SCREENS=1 it is
# also copied to tests/tui/dane-handshake/LANG/, where the last reviewed captures are kept (ports and times vary).
shot()
{
	if [ "$SWEEP_LANG" = en ]; then
		tui_screen >/dev/null
		cp "$RUN_DIR/screen.txt" "$RUN_DIR/$SWEEP_SIZE-$1.txt"
	else
		# (the sweep's keep copies to i18n-sweep/ when updating: not this test's captures)
		SMTPCON_UPDATE_SCREENS='' keep "$1"
	fi
	if [ -n "${SMTPCON_UPDATE_SCREENS:-}" ]; then
		mkdir -p "$T_SRC/tests/tui/dane-handshake/$SWEEP_LANG"
		sed 's/ *$//' "$RUN_DIR/screen.txt" >"$T_SRC/tests/tui/dane-handshake/$SWEEP_LANG/$SWEEP_SIZE-$1.txt"
	fi
}

start()
{
	tui_tmux kill-server 2>/dev/null || true
	TUI_SOCK=smtpcon-tui-$$-$RANDOM
	if [ "$SWEEP_LANG" = en ]; then
		TUI_SIZE=$SWEEP_SIZE tui_start "$@"
	else
		mkdir -p "$RUN_DIR/$SWEEP_LANG"
		sweep_probes
		SWEEP_BAR=""
		local item
		for item in "F1 Help" "F2 Pane" "F3 Next" "F4 Caps" "F5 Cert" "F6 Hex" "F7 Wrap" "F10 Quit"; do
			SWEEP_BAR+="${SWEEP_BAR:+  }${item%% *} $(tr_of "${item#* }")"
		done
		check_msgids
		sweep_new "$@"
	fi
}

# see NAME TEXT...: each TEXT on the screen, paging the wire pane up (PgUp) while one is not there yet (newest
# first, so paging only goes up); every page is kept as NAME-pN; all the pages read are in $RUN_DIR/pages.txt.
see()
{
	local name=$1 page=0 t i
	shift
	tui_keys C-End
	: >"$RUN_DIR/pages.txt"
	for t in "$@"; do
		for ((i = 0; i < 8; i++)); do
			tui_screen >/dev/null
			tui_joined >>"$RUN_DIR/pages.txt"
			if grep -qF -- "$t" "$RUN_DIR/screen.txt" "$RUN_DIR/pages.txt"; then
				break
			fi
			tui_keys PPage
			page=$((page + 1))
			shot "$name-p$page"
		done
		grep -qF -- "$t" "$RUN_DIR/pages.txt" || fail "$SWEEP_LANG $SWEEP_SIZE: not in the wire pane: $t" "$RUN_DIR/screen.txt"
	done
}

# The footer's next step (the row that starts with the translated "next:").
footer() { grep -F "$(say 'next: %s   (Tab completes, F1 help, F10 quit)' | sed 's/ *%s.*//')" "$RUN_DIR/screen.txt" | tail -n 1; }

walk_fail()
{
	SWEEP_LANG=$1 SWEEP_SIZE=$2
	local sl="$1 $2" f
	start --timeout 10 --tls-protocol no_tlsv1_3
	tui_type "/dane plain.test $EXIM_PORT"
	tui_wait "mx.plain.test" 30
	[ "$SWEEP_LANG" = en ] && tui_wait "plaintext only"
	shot fail-verdict
	tui_keys Escape # the /dane output opened in the reader
	tui_wait "250 HELP" 30
	tui_wait "$(say "MAIL FROM:<address> in plaintext (this server's TLS handshake failed)" | cut -c1-30)"
	tui_expect_absent "Certificate not verified"
	shot fail-retry
	# The next step on the plaintext retry: MAIL FROM in plaintext, because the handshake failed; no STARTTLS.
	f=$(footer)
	grep -qF -- "$(say "MAIL FROM:<address> in plaintext (this server's TLS handshake failed)" | cut -c1-40)" <<<"$f" ||
		fail "$sl: the footer's next step is not MAIL FROM in plaintext: $f" "$RUN_DIR/screen.txt"
	grep -qF "/starttls" <<<"$f" && fail "$sl: the footer suggests /starttls again after the handshake failed: $f" "$RUN_DIR/screen.txt"

	see fail "$(say "the TLS handshake did not finish: no TLS session, so no command or reply on this connection was encrypted")" \
		"$(say "closed: %s" | sed 's/%s.*//')" "$(say "TLS handshake begins")"
	# Nothing claims encryption on the connection whose handshake failed.
	for f in "everything below is encrypted" "$(say "TLS established: the rest of this connection is encrypted")" \
		"$(tr_of "TLS handshake begins: everything below is encrypted" 2>/dev/null || true)"; do
		[ -n "$f" ] || continue
		grep -qF -- "$f" "$RUN_DIR/pages.txt" && fail "$sl: the wire pane claims encryption: $f" "$RUN_DIR/pages.txt"
	done
	# The order a learner reads: the handshake begins, the close, and then that nothing was encrypted.
	grep -nF -e "$(say "TLS handshake begins")" -e "$(say "the TLS handshake did not finish: no TLS session, so no command or reply on this connection was encrypted" | cut -c1-25)" "$RUN_DIR/pages.txt" >/dev/null ||
		fail "$sl: the handshake's rule or its end is missing" "$RUN_DIR/pages.txt"
	if [ "$SWEEP_LANG" = en ] && cat "$RUN_DIR/$SWEEP_SIZE-fail-retry.txt" "$RUN_DIR/pages.txt" | grep -qF "error"; then
		fail "$sl: an error on the screen although a sender delivers" "$RUN_DIR/screen.txt"
	fi
	tui_keys F10
	tui_wait "SMTPCON-EXIT=0"
}

walk_ok()
{
	SWEEP_LANG=$1 SWEEP_SIZE=$2
	local sl="$1 $2" f
	start --timeout 10
	tui_type "/dane plain.test $EXIM_PORT"
	tui_wait "mx.plain.test" 30
	tui_keys Escape
	tui_wait "250 HELP" 30
	tui_wait "TLS1.3"
	shot ok-ready
	see ok "$(say "TLS established: the rest of this connection is encrypted")" "$(say "TLS handshake begins")"
	grep -qF -- "$(say "the TLS handshake did not finish: no TLS session, so no command or reply on this connection was encrypted" | cut -c1-25)" "$RUN_DIR/pages.txt" &&
		fail "$sl: a handshake that succeeded is said not to have finished" "$RUN_DIR/pages.txt"
	f=$(footer)
	grep -qF -- "$(say "MAIL FROM:<address> in plaintext (this server's TLS handshake failed)" | cut -c1-25)" <<<"$f" && fail "$sl: the footer speaks of a failed handshake: $f" "$RUN_DIR/screen.txt"
	tui_keys F10
	tui_wait "SMTPCON-EXIT=0"
}

walk_fail en 80x24
walk_fail en 200x50
walk_fail fr 80x24
walk_ok en 80x24
walk_ok en 200x50
walk_ok fr 80x24
pass "a failed STARTTLS handshake: nothing said encrypted, the plaintext retry's next step is MAIL FROM (en 80x24, 200x50; fr 80x24); a good one: the rest is encrypted"
