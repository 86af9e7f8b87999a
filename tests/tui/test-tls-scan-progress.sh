#!/bin/bash
# /tls scan in the TUI against the real Exim of the harness: the scan's ~100 connections run on the console's loop,
# so the screen shows each phase as it starts ("TLS1.2: trying N cipher suites ...") and the interface answers
# keys while the scan goes on (F5 opens the certificate inspector and Escape closes it before the scan ends); then
# the tables arrive (the reader opens with the suites of each version) and the console's own session carries on.
# At 120x30; captures stay in $RUN_DIR.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
tui_require
exim_start

tui_start --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --timeout 10 --tls "$EXIM_HOST:$EXIM_PORT"
tui_wait "250 HELP"
tui_type "/tls scan"
tui_wait "TLS1.2: trying" 20
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen-progress.txt"
# The scan is still going (the tables are not there yet) and the keys still work.
tui_expect_absent "cipher suites accepted"
tui_keys F5
tui_wait "Certificate inspector"
tui_keys Escape
tui_expect_absent "Certificate inspector"
tui_expect_absent "cipher suites accepted"
# The tables, in the reader.
tui_wait "TLS versions accepted by 127.0.0.1" 60
tui_wait "cipher suites accepted"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen-tables.txt"
tui_keys Escape
tui_type "NOOP"
tui_wait "250 OK"
tui_keys F10
tui_wait "SMTPCON-EXIT="
pass
