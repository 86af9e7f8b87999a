#!/usr/bin/env bash
# A failed STARTTLS handshake seen as a sending MTA sees it, against the real Postfix harness (OpenSSL, where
# test-dane-handshake-exim has Exim on GnuTLS) through the private DNSSEC-signed DNS of lib/dnssec.sh. Postfix
# accepts only TLS 1.3 (smtpd_tls_protocols = >=TLSv1.3, its opportunistic "may" level) and smtpcon offers at most
# TLS 1.2 (--tls-protocol no_tlsv1_3, an old sender): OpenSSL ends the handshake with a protocol_version alert,
# and Postfix logs it. A sender falls back to plaintext unless DANE requires TLS (RFC 7435; RFC 7672 §2.2):
#   plain.test   not signed             -> warning naming the alert, verdict "plaintext" (delivers), a second
#                                          connection in plaintext without STARTTLS where the script goes on
#                                          (MAIL, RCPT, DATA: the message is delivered, with no TLS in its
#                                          Received: header), exit 0; the text transcript says the same
#   plain.test with --tls-verify        -> the user asked for verified TLS: the failure stays fatal, exit 3,
#                                          no retry
#   ee.test      signed, TLSA 3 1 1 of Postfix's key -> verdict "defer", exit 3, no retry in plaintext, nothing
#                                          sent after STARTTLS
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"
. "$(dirname "$0")/lib/dane.sh"
t_require_smtpcon

POSTFIX_EXTRA_CONF='smtpd_tls_protocols = >=TLSv1.3' postfix_start
P=$POSTFIX_PORT
dane_mx_zone plain.test unsigned
dane_mx_zone ee.test signed "$P" "$(dnssec_tlsa_311 "$POSTFIX_CERT")"
dnssec_start
OLD=(--tls-protocol no_tlsv1_3)
DANE_LOGS=("$POSTFIX_LOG")

# The control: with TLS 1.3 allowed, the same server completes the handshake (so what fails below is the version).
dane_run control plain.test "$P"
expect_rc 0
dane_jq 'any(.[]; .type == "tls" and .version == "TLS1.3")' "control: no TLS 1.3 session with Postfix"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "opportunistic")' "control: not opportunistic"

# ---- no DANE: a warning, the verdict "plaintext", the retry in plaintext where the message goes, exit 0 ----
subject="tlsfail-postfix-$$-$RANDOM"
mail=$(t_write plain-mail.script <<SCRIPT
MAIL FROM:<sender@example.org>
RCPT TO:<rcpt@lab.test>
DATA
Subject: $subject

sent in plaintext after the STARTTLS handshake failed
.
QUIT
SCRIPT
)
run_smtpcon plain --batch --json --timeout "$DANE_TIMEOUT" --dane plain.test -p "$P" "${OLD[@]}" --script "$mail"
expect_json_valid "$OUT"
expect_rc 0
dane_jq 'any(.[]; .type == "warning" and .id == "tls-handshake-failed" and (.message | test("^TLS handshake failed: .*(version|protocol)"; "i")))' \
	"plain.test: Postfix's refusal of TLS 1.2 is not a tls-handshake-failed warning naming the version"
dane_jq 'any(.[]; .type == "delivery_view" and .host == "mx.plain.test" and .verdict == "plaintext" and .delivers == true and (.reason | test("handshake failed")))' \
	"plain.test: no 'plaintext' verdict naming the failed handshake"
dane_jq '[.[] | select(.type == "delivery_view")] | length == 1' "plain.test: not exactly one delivery view"
dane_jq 'all(.[]; .type != "error")' "plain.test: an error event although a sender delivers"
dane_jq 'all(.[]; .type != "tls")' "plain.test: a TLS session although the handshake failed"
dane_jq '[.[] | select(.type == "connected" and .tls == false)] | length == 2' "plain.test: no plaintext retry"
dane_jq '[.[] | select(.type == "sent" and .data == "STARTTLS\r\n")] | length == 1' \
	"plain.test: STARTTLS tried again on the plaintext retry"
dane_jq 'any(.[]; .type == "transaction" and .outcome == "accepted")' "plain.test: the message was not accepted on the retry"
dane_jq 'any(.[]; .type == "reply" and .code == 221)' "plain.test: the script's QUIT was not answered on the retry"
dane_jq 'all(.[]; (.type != "sent" and .type != "received") or .tls == false)' "plain.test: bytes said to travel inside TLS"
# Postfix saw the same: the failed handshake (OpenSSL's words), then a plaintext session that delivered.
postfix_wait_log 'SSL_accept error from .*127\.0\.0\.1' 5 || fail "Postfix did not log the failed handshake" "$POSTFIX_LOG"
postfix_wait_log 'unsupported protocol' 5 || fail "Postfix did not refuse the TLS version" "$POSTFIX_LOG"
msg=$(postfix_wait_mail "$subject") || fail "the message sent on the plaintext retry did not arrive" "$POSTFIX_LOG"
expect_no_grep 'with ESMTPS|TLS1' "$msg" "plain.test: the Received: header says TLS for a plaintext delivery"
expect_grep 'with ESMTP ' "$msg" "plain.test: no plaintext ESMTP Received: header"

# The text transcript: the same facts, the same exit status.
run_smtpcon plain-text --batch --timeout "$DANE_TIMEOUT" --dane plain.test -p "$P" "${OLD[@]}" --script "$_DANE_QUIT"
expect_rc 0
expect_grep '!!  warning \(tls-handshake-failed\): TLS handshake failed' "$OUT" "plain.test (text): no warning"
expect_grep "A sending MTA's view of plain.test \(MX mx.plain.test\): plaintext only" "$OUT" \
	"plain.test (text): no 'plaintext only' verdict"
expect_grep 'again, in plaintext, as a sending MTA does' "$OUT" "plain.test (text): the retry is not announced"
expect_grep 'S: 221 ' "$OUT" "plain.test (text): the QUIT was not answered"
expect_no_grep '!!! error' "$OUT" "plain.test (text): an error although a sender delivers"
expect_no_grep 'everything below is encrypted|TLS established' "$OUT" "plain.test (text): encryption claimed"

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
dane_jq 'all(.[]; .type != "sent" or (.data | test("^MAIL") | not))' "ee.test: mail sent"
pass
