#!/bin/bash
# DANE in the console, against the real Exim of the harness (its self-signed certificate) and a private
# DNSSEC-signed zone (tests/integration/lib/dane.sh): "/dane ee.test PORT" looks up, connects, STARTTLS, and the
# TLSA 3 1 1 record of Exim's key verifies the certificate, so the session goes on with no hold dialog although
# web PKI cannot verify it; the certificate inspector (F5) shows the "DANE / MTA-STS" section with the record
# that matched and the sender's verdict. Then "/dane stale.test PORT" (a 3 1 1 of another key): the hold dialog
# says a sender would defer and shows the record to publish. At 120x30; captures stay in $RUN_DIR.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
. "$(dirname "$0")/../integration/lib/dane.sh"
tui_require
exim_start

dane_old_cert mx.stale.test "$RUN_DIR/old.pem"
now311=$(dnssec_tlsa_311 "$EXIM_CERT")
old311=$(dnssec_tlsa_311 "$RUN_DIR/old.pem")
dane_mx_zone ee.test signed "$EXIM_PORT" "$now311"
dane_mx_zone stale.test signed "$EXIM_PORT" "$old311"
dnssec_start

TUI_ENV="SMTPCON_DNS_SERVER=$SMTPCON_DNS_SERVER SMTPCON_DNS_TRUST_ANCHOR=$(printf %q "$SMTPCON_DNS_TRUST_ANCHOR")"
tui_start --timeout 10
tui_type "/dane ee.test $EXIM_PORT"
tui_wait "DANE-authenticated"
tui_expect_absent "Certificate not verified"
tui_keys Escape # the /dane output opened in the reader
tui_wait "verified by DANE"
tui_wait "250 HELP"
tui_keys F5
tui_wait "certificate VERIFIED by DANE"
tui_wait "DANE / MTA-STS"
tui_wait "DANE for mx.ee.test port $EXIM_PORT: verified"
tui_wait "${now311:0:30}"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen-ee-inspector.txt"
tui_keys Escape
tui_expect_absent "Certificate inspector"

tui_type "/dane stale.test $EXIM_PORT"
tui_wait "Certificate not verified"
tui_wait "a sending MTA would not deliver here"
tui_wait "DANE for mx.stale.test port $EXIM_PORT: mismatch"
tui_wait "to publish"
tui_wait "would defer"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen-stale-hold.txt"
tui_keys c
tui_expect_absent "Certificate not verified"
tui_keys F10
tui_wait "SMTPCON-EXIT="
pass
