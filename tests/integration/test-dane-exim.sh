#!/usr/bin/env bash
# The sending MTA's view (DANE, RFC 7672) against the real Exim harness, through a private DNSSEC-signed DNS
# (lib/dnssec.sh: nsd on loopback, zones signed by the test). Exim serves one certificate issued by a private CA
# (leaf + CA in the chain); each test domain's MX host points at it:
#   ee.test       signed, TLSA 3 1 1 of Exim's key                 -> DANE verified (DANE-EE), delivers, exit 0,
#                                                                     even with --tls-verify (no /trust needed)
#   ta.test       signed, TLSA 2 1 1 of the CA, MX name in the cert -> DANE verified (DANE-TA, name checked)
#   taname.test   signed, TLSA 2 1 1 of the CA, MX name NOT in it   -> mismatch (the name check), would defer
#   stale.test    signed, TLSA 3 1 1 of a key Exim no longer has    -> mismatch, would defer, exit 3, and the
#                                                                     3 1 1 record to publish is Exim's key
#   plain.test    not signed                                        -> insecure: opportunistic; the web-PKI
#                                                                     failure (private CA) is a fact, exit 0;
#                                                                     with --tls-verify exit 3
#   expired.test  signed with signatures expired in 2020            -> bogus, would defer, exit 3, no connection
#   hosted.test   not signed, MX mx.stale.test (signed, stale 3 1 1) -> mismatch, would defer, exit 3: the MX host's
#                                                                     own zone is signed (RFC 7672 §2.2.1; Postfix
#                                                                     applies DANE there by default)
# The TLSA owner is _<port connected>._tcp.<MX host name> (nsd's log shows what was asked), and the SNI sent is
# the MX host name although the connection goes to 127.0.0.1 (Exim's log shows it).
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/dane.sh"
t_require_smtpcon

# ---- a private CA and Exim's certificate (every MX name of the test in it, but mx.taname.test) ----
pki=$RUN_DIR/pki
mkdir -p "$pki"
certtool --generate-privkey --key-type=ecdsa --outfile "$pki/ca.key" >/dev/null 2>&1
cat >"$pki/ca.tmpl" <<'T'
cn = "smtpcon DANE test CA"
ca
cert_signing_key
expiration_days = 30
T
certtool --generate-self-signed --load-privkey "$pki/ca.key" --template "$pki/ca.tmpl" --outfile "$pki/ca.pem" \
	>/dev/null 2>&1 || fail "certtool could not make the CA"
certtool --generate-privkey --key-type=ecdsa --outfile "$pki/mx.key" >/dev/null 2>&1
cat >"$pki/mx.tmpl" <<'T'
cn = "mx.ee.test"
dns_name = "mx.ee.test"
dns_name = "mx.ta.test"
dns_name = "mx.stale.test"
dns_name = "mx.plain.test"
tls_www_server
signing_key
encryption_key
expiration_days = 30
T
certtool --generate-certificate --load-privkey "$pki/mx.key" --load-ca-certificate "$pki/ca.pem" \
	--load-ca-privkey "$pki/ca.key" --template "$pki/mx.tmpl" --outfile "$pki/mx.pem" >/dev/null 2>&1 ||
	fail "certtool could not make Exim's certificate"
cat "$pki/mx.pem" "$pki/ca.pem" >"$pki/chain.pem"
# The key Exim had before (for the stale record).
dane_old_cert mx.stale.test "$pki/old.pem"

EXIM_CERT_FILE=$pki/chain.pem EXIM_KEY_FILE=$pki/mx.key exim_start

ee311=$(dnssec_tlsa_311 "$pki/mx.pem")
ca211=$(dnssec_tlsa_211 "$pki/ca.pem")
old311=$(dnssec_tlsa_311 "$pki/old.pem")
P=$EXIM_PORT
for z in ee ta taname stale; do
	case $z in
	ee) rr=$ee311 ;;
	ta | taname) rr=$ca211 ;;
	stale) rr=$old311 ;;
	esac
	dane_mx_zone "$z.test" signed "$P" "$rr"
done
dane_mx_zone plain.test unsigned
dane_mx_zone expired.test expired "$P" "$ee311"
dnssec_zone hosted.test unsigned <<<'@ IN MX 10 mx.stale.test.'
dnssec_start


# ---- DANE-EE: 3 1 1 matches ----
dane_run ee ee.test "$P"
expect_rc 0
dane_jq "any(.[]; .type == \"dane\" and .host == \"mx.ee.test\" and .verdict == \"verified\" and .matched == \"$ee311\" and .matched_depth == 0 and .records == [\"$ee311\"])" \
	"ee.test: no DANE verified event naming the 3 1 1 record"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "dane" and .delivers == true and .domain == "ee.test")' \
	"ee.test: the sender's view is not DANE-authenticated"
dane_jq 'any(.[]; .type == "tls" and .verified == false)' "ee.test: web-PKI should not verify (private CA)"
# (The record exists only at _$P._tcp.mx.ee.test: finding it shows the owner was built from the port connected
# and the MX host name, not from 127.0.0.1.)
# A DANE-verified certificate counts as verified: --tls-verify does not stop the session, no /trust needed.
dane_run ee-strict ee.test "$P" --tls-verify
expect_rc 0
dane_jq 'any(.[]; .type == "reply" and .code == 221)' "ee.test --tls-verify: the session did not go on to QUIT"
dane_jq 'all(.[]; .type != "error")' "ee.test --tls-verify: an error although DANE verified the certificate"

# ---- DANE-TA: 2 1 1 of the CA, the MX host name in the certificate ----
dane_run ta ta.test "$P"
expect_rc 0
dane_jq "any(.[]; .type == \"dane\" and .verdict == \"verified\" and .matched == \"$ca211\" and .matched_depth == 1)" \
	"ta.test: the 2 1 1 record of the CA did not verify"
# ... and the name is checked: mx.taname.test is not in the certificate.
dane_run taname taname.test "$P"
expect_rc 3
dane_jq 'any(.[]; .type == "dane" and .verdict == "mismatch" and (.detail | test("neither the MX host name nor the domain")))' \
	"taname.test: a DANE-TA match without the MX name in the certificate was not a mismatch"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "defer" and .delivers == false)' \
	"taname.test: the sender's view is not 'would defer'"

# ---- a stale 3 1 1 after a key change ----
dane_run stale stale.test "$P"
expect_rc 3
dane_jq "any(.[]; .type == \"dane\" and .verdict == \"mismatch\" and .records == [\"$old311\"] and .matched == null and .publish[0] == \"$ee311\" and .publish[1] == \"$ca211\")" \
	"stale.test: no mismatch with the 3 1 1 and 2 1 1 records to publish"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "defer" and (.reason | test("keeps the mail queued")))' \
	"stale.test: the sender's view does not say the mail would wait in the queue"
dane_jq 'any(.[]; .type == "error" and .stage == "delivery" and (.message | test("would defer mail to mx\\.stale\\.test")))' \
	"stale.test: the failure does not name the reason"
# Nothing was sent inside TLS to a server a sender would not deliver to, but the QUIT that ends it politely.
dane_jq '[.[] | select(.type == "sent" and .tls == true) | .data] | all(. == "QUIT\r\n")' \
	"stale.test: commands were sent after the mismatch"

# ---- unsigned zone: insecure, opportunistic; the web-PKI failure is a fact, not a failure ----
dane_run plain plain.test "$P"
expect_rc 0
dane_jq 'any(.[]; .type == "dane" and .verdict == "insecure")' "plain.test: DANE is not 'insecure'"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "opportunistic" and .pkix_verified == false and (.reason | test("still deliver")))' \
	"plain.test: the sender's view does not say senders would still deliver"
dane_jq 'any(.[]; .type == "warning" and .id == "tls-opportunistic")' "plain.test: no opportunistic TLS warning"
dane_jq 'any(.[]; .type == "reply" and .code == 221)' "plain.test: the session did not go on"
dane_run plain-strict plain.test "$P" --tls-verify
expect_rc 3
dane_jq 'any(.[]; .type == "error" and .stage == "tls-verify")' "plain.test --tls-verify: web-PKI failure did not stop it"

# ---- an unsigned domain hosted on a signed MX host with a stale record: DANE applies to the host ----
dane_run hosted hosted.test "$P"
expect_rc 3
dane_jq "any(.[]; .type == \"dane\" and .host == \"mx.stale.test\" and .verdict == \"mismatch\" and .records == [\"$old311\"])" \
	"hosted.test: the stale record of the signed MX host was not checked"
dane_jq 'any(.[]; .type == "delivery_view" and .domain == "hosted.test" and .verdict == "defer")' \
	"hosted.test: the sender's view is not 'would defer'"

# ---- expired signatures: bogus, would defer, no connection ----
dane_run expired expired.test "$P"
expect_rc 3
dane_jq 'any(.[]; .type == "dane" and .verdict == "bogus" and (.detail | test("signature expired")))' \
	"expired.test: DANE is not bogus with the reason"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "defer")' "expired.test: the sender's view is not 'would defer'"
dane_jq 'all(.[]; .type != "connecting")' "expired.test: connected although the MX answer is bogus"

# The SNI was the MX host name, though smtpcon connected to 127.0.0.1 (the harness's Exim logs it: +tls_sni).
expect_grep 'SNI=mx\.ee\.test' "$EXIM_LOG" "Exim's log does not show SNI mx.ee.test"
pass
