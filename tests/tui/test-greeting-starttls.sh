#!/bin/bash
# The TUI against the real Exim: the greeting shows in the wire pane and its meaning in the decoded pane; EHLO
# shows the capabilities; /starttls turns the status bar to TLS; the capability view shows AUTH added by TLS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
tui_require
exim_start

tui_start --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --timeout 10 "$EXIM_HOST:$EXIM_PORT"
tui_wait "S  ▸ 220 "
tui_wait "220 Service ready"
tui_wait "plain (no TLS)"
tui_wait "next: "

tui_type "EHLO client.lab.test"
tui_wait "250-PIPELINING"
tui_wait "250-STARTTLS"
tui_wait "│ ready │"

tui_type "/starttls"
tui_wait "STARTTLS TLS1."
tui_wait "verified"
tui_wait "TLS handshake begins"
tui_expect_absent "NOT verified"
# The lock marks the lines inside TLS.
tui_wait "S🔒"

tui_keys F4
tui_wait "after STARTTLS (EHLO again)"
tui_wait "+ AUTH"
tui_wait "added after TLS:   AUTH"
tui_keys Escape
sleep 0.3
tui_expect_absent "after STARTTLS (EHLO again)"

# Select the greeting's entry: its details show in the decoded pane.
tui_keys F2 C-Home
tui_wait "answers: (the connection"

tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass
