#!/usr/bin/env bash
# DANE-TA (usage 2) when the server does not send its CA (RFC 7671 §5.2.2): the real Exim harness serves only its
# own certificate (tls_certificate holds the leaf alone, issued by a private CA), and smtpcon's verdicts are
# compared with Postfix's posttls-finger on the same private DNSSEC-signed zones, in a network namespace of the
# test's own with a validating unbound in front of nsd (lib/resolver.sh, as in test-dane-posttls-finger):
#   nochain.test   2 1 1 of the CA: a digest can match only a certificate the server sends, and the CA is not
#                  sent -> mismatch, and the reason says so and how to fix it (add the CA to the server's chain,
#                  or publish 2 0 0); posttls-finger: "num=65:no matching DANE TLSA records", "Untrusted" (a
#                  Postfix smtp client at level dane defers)
#   full.test      2 0 0 of the CA (the whole certificate in the record): the record supplies the trust anchor
#                  the server does not send -> verified, matched at depth 1 (above the one certificate sent), as
#                  posttls-finger's "Matched DANE TA certificate at depth 1", "Verified"
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/postfix.sh"
. "$(dirname "$0")/lib/dane.sh"
. "$(dirname "$0")/lib/resolver.sh"
netns_enter "$@"
t_require_smtpcon

pki=$RUN_DIR/pki
mkdir -p "$pki"
certtool --generate-privkey --key-type=ecdsa --outfile "$pki/ca.key" >/dev/null 2>&1
printf 'cn = "smtpcon DANE-TA test CA"\nca\ncert_signing_key\nexpiration_days = 30\n' >"$pki/ca.tmpl"
certtool --generate-self-signed --load-privkey "$pki/ca.key" --template "$pki/ca.tmpl" --outfile "$pki/ca.pem" \
	>/dev/null 2>&1 || fail "certtool could not make the CA"
certtool --generate-privkey --key-type=ecdsa --outfile "$pki/mx.key" >/dev/null 2>&1
printf 'cn = "mx.nochain.test"\ndns_name = "mx.nochain.test"\ndns_name = "mx.full.test"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 30\n' >"$pki/mx.tmpl"
certtool --generate-certificate --load-privkey "$pki/mx.key" --load-ca-certificate "$pki/ca.pem" \
	--load-ca-privkey "$pki/ca.key" --template "$pki/mx.tmpl" --outfile "$pki/mx.pem" >/dev/null 2>&1 ||
	fail "certtool could not make Exim's certificate"
# The leaf alone: Exim sends exactly what tls_certificate holds.
EXIM_CERT_FILE=$pki/mx.pem EXIM_KEY_FILE=$pki/mx.key exim_start
DANE_LOGS=("$EXIM_LOG")

ca211=$(dnssec_tlsa_211 "$pki/ca.pem")
certtool --certificate-info --infile "$pki/ca.pem" --outder --outfile "$pki/ca.der" >/dev/null 2>&1 ||
	fail "certtool could not write the CA in DER"
ca200="2 0 0 $(od -An -v -tx1 "$pki/ca.der" | tr -d ' \n')"
P=$EXIM_PORT
dane_mx_zone nochain.test signed "$P" "$ca211"
dane_mx_zone full.test signed "$P" "$ca200"
dnssec_start
resolver_start

# finger DOMAIN: posttls-finger's view into $FOUT, then smtpcon's --dane into $OUT.
finger()
{
	postfix_finger -v -c -l dane -o dnssec_probe=ns:full.test "$1:$P"
	FOUT=$RUN_DIR/finger-${1%.test}.log
	cat "$OUT" "$ERR" >"$FOUT"
	[ "$RC" -eq 0 ] || fail "posttls-finger exited $RC for $1" "$FOUT"
	dane_run "${1%.test}" "$1" "$P"
}
has() { grep -Eq -- "$1" "$FOUT" || fail "posttls-finger: $2" "$FOUT" "$OUT"; }
hasnt() { ! grep -Eq -- "$1" "$FOUT" || fail "posttls-finger: $2" "$FOUT" "$OUT"; }

# ---- 2 1 1 of a CA the server does not send: no match, and the reason names the missing CA ----
finger nochain.test
has "dns_query: _$P\._tcp\.mx\.nochain\.test \(TLSA\)" "nochain.test: TLSA not asked"
hasnt "Matched DANE|Verified TLS|Trusted TLS" "nochain.test: posttls-finger matched a CA the server does not send"
has "server certificate verification failed for mx\.nochain\.test.*num=65:no matching DANE TLSA records" \
	"nochain.test: not 'no matching DANE TLSA records'"
has "Untrusted TLS connection established to mx\.nochain\.test\[127\.0\.0\.1\]:$P" \
	"nochain.test: not an Untrusted TLS connection"
expect_rc 3
dane_jq '[.[] | select(.type == "tls")] | all(.chain | length == 1)' "nochain.test: Exim sent more than its own certificate"
dane_jq "any(.[]; .type == \"dane\" and .verdict == \"mismatch\" and .records == [\"$ca211\"] and .matched == null)" \
	"nochain.test: the verdict is not mismatch"
dane_jq 'any(.[]; .type == "dane" and (.detail | test("the server does not send its CA: its chain ends with .*mx\\.nochain\\.test.*, issued by .*smtpcon DANE-TA test CA.*, which is not sent; add the CA certificate to the server.s chain")))' \
	"nochain.test: the mismatch does not say that the server does not send the CA, nor how to fix it"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "defer" and (.reason | test("does not send its CA")))' \
	"nochain.test: the sender's view does not carry the reason"
# The words for people say the same.
run_smtpcon nochain-text --batch --timeout "$DANE_TIMEOUT" --dane nochain.test -p "$P" --script "$_DANE_QUIT"
expect_rc 3
expect_grep "add the CA certificate to the server's chain, after its own \(or publish a 2 0 0 record" "$OUT" \
	"nochain.test (text): the fix is not given"

# ---- 2 0 0: the record holds the CA certificate, which supplies the trust anchor ----
finger full.test
has "Matched DANE TA certificate at depth 1: 2 0 0 " "full.test: posttls-finger did not match the 2 0 0 record at depth 1"
has "Verified TLS connection established to mx\.full\.test\[127\.0\.0\.1\]:$P" "full.test: not a Verified TLS connection"
expect_rc 0
dane_jq 'any(.[]; .type == "dane" and .verdict == "verified" and .level == "verified" and (.matched | startswith("2 0 0 ")) and .matched_depth == 1)' \
	"full.test: smtpcon did not verify through the 2 0 0 record at depth 1"
dane_jq 'any(.[]; .type == "dane" and (.detail | test("holds the whole CA certificate \\(.*smtpcon DANE-TA test CA.*\\), which the server does not send")))' \
	"full.test: the detail does not say the record supplied the CA"
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "dane" and .delivers == true)' \
	"full.test: the sender's view is not DANE-authenticated"
pass
