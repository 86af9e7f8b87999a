#!/bin/bash
# A failed STARTTLS handshake in the console, as a sending MTA sees it, at 80x24: the real Exim of the harness
# accepts only TLS 1.3, smtpcon offers at most TLS 1.2 (--tls-protocol no_tlsv1_3), and the private unsigned zone
# plain.test points at it (tests/integration/lib/dane.sh). "/dane plain.test PORT": the handshake failure is a
# warning (in the decoded pane; no error, no hold dialog), the verdict is "plaintext only", and the console
# connects again in plaintext and goes on, as a sender does; the status bar shows a working plaintext session
# (EHLO answered), and the wire pane, paged up, the close, the verdict and the retry. Then F10: exit status 0, as
# the verdict says. Captures stay in $RUN_DIR (screen-80x24-*.txt).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
. "$(dirname "$0")/../integration/lib/dane.sh"
tui_require
EXIM_EXTRA_CONF='tls_require_ciphers = NORMAL:-VERS-ALL:+VERS-TLS1.3' exim_start

dane_mx_zone plain.test unsigned
dnssec_start

TUI_ENV="SMTPCON_DNS_SERVER=$SMTPCON_DNS_SERVER SMTPCON_DNS_TRUST_ANCHOR=$(printf %q "$SMTPCON_DNS_TRUST_ANCHOR")"
TUI_SIZE=80x24 tui_start --timeout 10 --tls-protocol no_tlsv1_3
tui_type "/dane plain.test $EXIM_PORT"
tui_wait "plaintext only"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen-80x24-verdict.txt"
tui_keys Escape # the /dane output opened in the reader
tui_wait "250 HELP"
tui_wait "plain (no TLS) │ ready"
tui_expect_absent "Certificate not verified"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen-80x24-retry.txt"

# see TEXT: on the screen, paging the wire pane up (PgUp) while it is not there yet (newest first, so paging
# only goes up); each page is kept as screen-80x24-pN.txt.
page=0
see()
{
	local i
	for ((i = 0; i < 6; i++)); do
		if tui_screen | grep -qF -- "$1" || tui_joined | grep -qF -- "$1"; then
			return 0
		fi
		tui_keys PPage
		page=$((page + 1))
		tui_screen >/dev/null
		cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen-80x24-p$page.txt"
	done
	tui_wait "$1" 1
}
see "again, in plaintext, as a sending MTA does"
see "closed: TLS handshake failed"
see "A sending MTA's view of plain.test (MX mx.plain.test): plaintext only"
if grep -qF "error" "$RUN_DIR/screen-80x24-retry.txt" "$RUN_DIR"/screen-80x24-p*.txt; then
	fail "an error on the screen although a sender delivers" "$RUN_DIR/screen.txt"
fi
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass
