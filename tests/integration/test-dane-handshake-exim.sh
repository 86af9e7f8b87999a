#!/usr/bin/env bash
# A failed STARTTLS handshake seen as a sending MTA sees it, against the real Exim harness through the private
# DNSSEC-signed DNS of lib/dnssec.sh. Exim accepts only TLS 1.3 and smtpcon offers at most TLS 1.2
# (--tls-protocol no_tlsv1_3, an old sender): the handshake fails with Exim's alert. A sender falls back to
# plaintext unless DANE requires TLS (RFC 7435; RFC 7672 §2.2):
#   plain.test   not signed             -> warning, verdict "plaintext" (delivers), a second connection in
#                                          plaintext where the script goes on (QUIT answered), exit 0; the text
#                                          transcript says the same
#   plain.test with --tls-verify        -> the user asked for verified TLS: the failure stays fatal, exit 3,
#                                          no retry
#   ee.test      signed, TLSA 3 1 1 of Exim's key -> verdict "defer", exit 3, no retry in plaintext
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/dane.sh"
t_require_smtpcon

EXIM_EXTRA_CONF='tls_require_ciphers = NORMAL:-VERS-ALL:+VERS-TLS1.3' exim_start
P=$EXIM_PORT
dane_mx_zone plain.test unsigned
dane_mx_zone ee.test signed "$P" "$(dnssec_tlsa_311 "$EXIM_CERT")"
dnssec_start
OLD=(--tls-protocol no_tlsv1_3)

# ---- no DANE: a warning, the verdict "plaintext", the retry in plaintext, exit 0 ----
dane_run plain plain.test "$P" "${OLD[@]}"
expect_rc 0
dane_jq 'any(.[]; .type == "warning" and .id == "tls-handshake-failed" and (.message | test("^TLS handshake failed: ")))' \
	"plain.test: Exim's refusal of TLS 1.2 is not a tls-handshake-failed warning"
dane_jq 'any(.[]; .type == "delivery_view" and .host == "mx.plain.test" and .verdict == "plaintext" and .delivers == true and (.reason | test("handshake failed")))' \
	"plain.test: no 'plaintext' verdict naming the failed handshake"
dane_jq '[.[] | select(.type == "delivery_view")] | length == 1' "plain.test: not exactly one delivery view"
dane_jq 'all(.[]; .type != "error")' "plain.test: an error event although a sender delivers"
dane_jq '[.[] | select(.type == "connected" and .tls == false)] | length == 2' "plain.test: no plaintext retry"
dane_jq '[.[] | select(.type == "sent" and .data == "STARTTLS\r\n")] | length == 1' \
	"plain.test: STARTTLS tried again on the plaintext retry"
dane_jq 'any(.[]; .type == "reply" and .code == 221)' "plain.test: the script's QUIT was not answered on the retry"

# The text transcript: the same facts, the same exit status.
run_smtpcon plain-text --batch --timeout "$DANE_TIMEOUT" --dane plain.test -p "$P" "${OLD[@]}" --script "$_DANE_QUIT"
expect_rc 0
expect_grep '!!  warning \(tls-handshake-failed\): TLS handshake failed' "$OUT" "plain.test (text): no warning"
expect_grep "A sending MTA's view of plain.test \(MX mx.plain.test\): plaintext only" "$OUT" \
	"plain.test (text): no 'plaintext only' verdict"
expect_grep 'again, in plaintext, as a sending MTA does' "$OUT" "plain.test (text): the retry is not announced"
expect_grep 'S: 221 ' "$OUT" "plain.test (text): the QUIT was not answered"
expect_no_grep '!!! error' "$OUT" "plain.test (text): an error although a sender delivers"

# ---- --tls-verify: the user's own requirement keeps the failure fatal ----
dane_run plain-strict plain.test "$P" "${OLD[@]}" --tls-verify
expect_rc 3
dane_jq 'any(.[]; .type == "error" and .stage == "tls" and (.message | test("TLS handshake failed")))' \
	"plain.test --tls-verify: the handshake failure is not an error"
dane_jq '[.[] | select(.type == "connected")] | length == 1' "plain.test --tls-verify: retried although strict"

# ---- DANE: TLSA records exist, so TLS is required: a sender defers, exit 3, no plaintext retry ----
dane_run ee ee.test "$P" "${OLD[@]}"
expect_rc 3
dane_jq 'any(.[]; .type == "delivery_view" and .host == "mx.ee.test" and .verdict == "defer" and .delivers == false)' \
	"ee.test: the verdict is not 'would defer'"
dane_jq 'any(.[]; .type == "error" and .stage == "delivery" and (.message | test("would defer mail to mx\\.ee\\.test \\(DANE mismatch\\): TLSA records require TLS, and no TLS session was made")))' \
	"ee.test: the failure does not say that DANE requires TLS"
dane_jq '[.[] | select(.type == "connected")] | length == 1' "ee.test: retried in plaintext although DANE applies"
dane_jq 'all(.[]; .type != "sent" or .data != "MAIL")' "ee.test: mail sent"
pass
