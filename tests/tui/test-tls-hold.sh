#!/bin/bash
# Against the real Exim with its self-signed certificate and no CA given: after /starttls the session holds, the
# TUI shows why verification failed and asks; "t" trusts once and the session goes on inside TLS (the status bar
# keeps saying NOT verified). Then Ctrl-C on a wait that never ends cancels it without leaving.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
tui_require
exim_start

tui_start --timeout 10 "$EXIM_HOST:$EXIM_PORT"
tui_wait "220 Service ready"
tui_type "EHLO client.lab.test"
tui_wait "250 HELP"
tui_type "/starttls"
tui_wait "Certificate not verified"
tui_wait "t: trust this certificate once"
tui_wait "CERTIFICATE NOT VERIFIED"
tui_keys t
tui_wait "NOT verified"
tui_wait "STARTTLS TLS1."
tui_wait "certificate accepted"
# The EHLO /starttls queued was refused while the session held; after trusting, EHLO again by hand.
tui_type "EHLO client.lab.test"
tui_wait "AUTH PLAIN LOGIN"
tui_expect_absent "t: trust this certificate once"

# F5: the certificate slot shows the chain summary.
tui_keys F5
tui_wait "subject:"
tui_wait "$EXIM_NAME"
tui_keys Escape
sleep 0.3

# Hex view toggles.
tui_keys F6
tui_wait "[hex]"
tui_wait "00000000  32 35 30"
tui_keys F6
sleep 0.3
tui_expect_absent "[hex]"

tui_keys F10
tui_wait "SMTPCON-EXIT="
pass
