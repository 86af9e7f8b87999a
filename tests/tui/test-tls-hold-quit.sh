#!/bin/bash
# At 80x24 against the real Exim with its self-signed certificate: the session holds after /starttls; deciding
# later (Esc) and typing /quit leaves politely: QUIT goes out (the one line that may cross the unverified TLS), its
# 221 is awaited, and Exim logs the session closed by QUIT, not a lost TLS connection.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
tui_require
exim_start

TUI_SIZE=80x24 tui_start --timeout 10 "$EXIM_HOST:$EXIM_PORT"
tui_wait "220 Service ready"
tui_type "EHLO client.lab.test"
tui_wait "250 HELP"
tui_type "/starttls"
tui_wait "t: trust this certificate once"
tui_keys Escape
sleep 0.3
tui_type "/quit"
# (exit 3, as before: the certificate failure is a TLS failure of the session)
tui_wait "SMTPCON-EXIT=3"
for ((i = 0; i < 50; i++)); do
	grep -q 'closed by QUIT' "$EXIM_LOG" && break
	sleep 0.1
done
expect_grep 'closed by QUIT' "$EXIM_LOG" "/quit during the hold did not send QUIT"
expect_grep 'C=EHLO,STARTTLS,QUIT' "$EXIM_LOG" "more than EHLO, STARTTLS and QUIT reached Exim"
expect_no_grep 'non-properly terminated|lost connection| lost D=' "$EXIM_LOG" "Exim logged an impolite end"
pass "/quit during a certificate hold: QUIT, 221, then the console leaves"
