#!/usr/bin/env bash
# /hello-tls on Exim's plaintext port, sent before the greeting (--no-wait): the classic mistake of a client set
# to implicit TLS on port 25/587. Exim 4.96 answers "554 SMTP synchronization error" and logs "SMTP protocol
# synchronization error (input sent without waiting for greeting)" with the ClientHello's first bytes.
# EXIM_CONNECT_DELAY holds the banner back 1 s so our bytes are certainly early (else it is a race).
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
EXIM_CONNECT_DELAY=1s exim_start

script=$(printf '/hello-tls\n' | t_write hello.script)
run_smtpcon hello --batch --json --no-wait --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json_valid "$OUT"
# The first client bytes are a TLS handshake record (0x16 0x03), written before any server byte arrived.
expect_json "$OUT" '[.[] | select(.type == "sent" or .type == "received")][0].type == "sent"' \
	"the ClientHello was not written before the greeting"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 554)' "no 554 reply from Exim"
grep -q 'SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=\[127\.0\.0\.1\].* input="\\026\\003\\001' "$EXIM_LOG" ||
	fail "Exim did not log the synchronization error with the ClientHello bytes" "$EXIM_LOG" "$OUT"

# The same mistake after the greeting (the client waited): Exim takes it as a bad command line.
run_smtpcon late --batch --json --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_json "$OUT" '[.[] | select(.type == "reply")][0].code == 220' "no banner when waiting for it"
expect_json "$OUT" 'any(.[]; .type == "reply" and (.code / 100 | floor) == 5)' "no 5xx answer to a ClientHello"
pass "Exim logged the synchronization error for the early ClientHello"
