#!/usr/bin/env bash
# The sending MTA's view (DANE, RFC 7672) with the real Postfix harness as the MX of private DNSSEC-signed zones
# (lib/dnssec.sh: nsd on loopback), beside test-dane-exim's Exim:
#   pf.test       signed, TLSA 3 1 1 of Postfix's key at _PORT._tcp.mx.pf.test -> verified (DANE-EE), delivers,
#                 exit 0; the session goes on to QUIT even with --tls-verify (Postfix logs the TLS connection)
#   pfstale.test  signed, TLSA 3 1 1 of another key                             -> mismatch, would defer, exit 3,
#                 the 3 1 1 record to publish is Postfix's key, nothing sent inside TLS
#   pfplain.test  not signed                                                    -> insecure, opportunistic, exit 0
# The same verdicts compared with Postfix's own DANE client, posttls-finger (which needs a validating resolver on
# port 53 named by /etc/resolv.conf, hence a network namespace of its own): test-dane-posttls-finger.
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"
. "$(dirname "$0")/lib/dane.sh"
t_require_smtpcon

postfix_start
pki=$RUN_DIR/pki
mkdir -p "$pki"
dane_old_cert mx.pfstale.test "$pki/old.pem"
pf311=$(dnssec_tlsa_311 "$POSTFIX_CERT")
old311=$(dnssec_tlsa_311 "$pki/old.pem")
P=$POSTFIX_PORT
dane_mx_zone pf.test signed "$P" "$pf311"
dane_mx_zone pfstale.test signed "$P" "$old311"
dane_mx_zone pfplain.test unsigned
dnssec_start

DANE_LOGS=("$POSTFIX_LOG")

# ---- DANE-EE against Postfix's own (self-signed) certificate ----
dane_run pf pf.test "$P" --tls-verify
expect_rc 0
dane_jq "any(.[]; .type == \"dane\" and .host == \"mx.pf.test\" and .verdict == \"verified\" and .matched == \"$pf311\")" \
	"pf.test: no DANE verified event naming Postfix's 3 1 1 record"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "dane" and .delivers == true)' \
	"pf.test: the sender's view is not DANE-authenticated"
dane_jq 'any(.[]; .type == "reply" and .code == 221)' "pf.test: the session did not go on to QUIT (with --tls-verify)"
postfix_wait_log 'TLS connection established from' 10 >/dev/null ||
	fail "Postfix did not log the TLS connection" "$POSTFIX_LOG"

# ---- a stale record: mismatch, would defer ----
dane_run pfstale pfstale.test "$P"
expect_rc 3
dane_jq "any(.[]; .type == \"dane\" and .verdict == \"mismatch\" and .records == [\"$old311\"] and .publish[0] == \"$pf311\")" \
	"pfstale.test: no mismatch with Postfix's key as the record to publish"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "defer" and .delivers == false)' \
	"pfstale.test: the sender's view is not 'would defer'"
# Nothing but the QUIT that ends the session politely crosses the TLS a sender would not deliver over.
dane_jq '[.[] | select(.type == "sent" and .tls == true) | .data] | all(. == "QUIT\r\n")' \
	"pfstale.test: commands other than QUIT were sent after the mismatch"

# ---- unsigned: insecure, opportunistic ----
dane_run pfplain pfplain.test "$P"
expect_rc 0
dane_jq 'any(.[]; .type == "dane" and .verdict == "insecure")' "pfplain.test: DANE is not insecure"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "opportunistic" and .delivers == true)' \
	"pfplain.test: the sender's view is not opportunistic"
pass
