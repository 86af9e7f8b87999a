#!/bin/bash
# DANE "trusted", not "verified" (RFC 7672 §2.2.1), as a learner reads it: hosted.test is an unsigned domain whose
# MX, mx.ee.test, is a host in a signed zone with a TLSA 3 1 1 record of the harness Exim's key. The match
# authenticates the host, but the MX answer that named it could be forged, so Postfix's posttls-finger says
# "Trusted" where a signed MX gives "Verified". The console must say the same in the status bar, the /dane report
# and the certificate inspector (F5), at 80x24 and at 200x50; and never "VERIFIED by DANE" for it.
# Captures: $RUN_DIR/*.txt; SMTPCON_UPDATE_SCREENS=1 copies them to tests/tui/dane-trusted/ (the reviewed ones).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
. "$(dirname "$0")/../integration/lib/dane.sh"
tui_require
exim_start

now311=$(dnssec_tlsa_311 "$EXIM_CERT")
dane_mx_zone ee.test signed "$EXIM_PORT" "$now311"
dnssec_zone hosted.test unsigned <<<'@ IN MX 10 mx.ee.test.'
dnssec_start
KEPT=$T_SRC/tests/tui/dane-trusted

shot()
{
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/$1.txt"
	if [ -n "${SMTPCON_UPDATE_SCREENS:-}" ]; then
		mkdir -p "$KEPT"
		sed 's/ *$//' "$RUN_DIR/$1.txt" >"$KEPT/$1.txt"
	fi
}

TUI_ENV="SMTPCON_DNS_SERVER=$SMTPCON_DNS_SERVER SMTPCON_DNS_TRUST_ANCHOR=$(printf %q "$SMTPCON_DNS_TRUST_ANCHOR")"
for size in 80x24 200x50; do
	TUI_SIZE=$size tui_start --timeout 10
	tui_type "/dane hosted.test $EXIM_PORT"
	tui_wait "only trusted"
	tui_wait "not DNSSEC-signed"
	tui_screen >/dev/null
	shot "$size-report"
	tui_keys Escape # the /dane output opened in the reader
	tui_wait "250 HELP"
	tui_wait "trusted by DANE"
	tui_expect_absent "verified by DANE"
	tui_screen >/dev/null
	shot "$size-session"
	tui_keys F5
	tui_wait "TRUSTED by DANE"
	tui_expect_absent "VERIFIED by DANE"
	tui_screen >/dev/null
	shot "$size-inspector"
	tui_keys Escape
	tui_keys F10
	tui_wait "SMTPCON-EXIT="
	tui_tmux kill-server 2>/dev/null || true
done
pass
