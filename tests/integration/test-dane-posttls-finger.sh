#!/usr/bin/env bash
# smtpcon's DANE verdicts (RFC 7672) against those of Postfix's own DANE client, posttls-finger (from the privately
# unpacked Postfix 3.7), on the same private DNSSEC-signed zones, with the real Exim harness as every domain's MX.
#
# posttls-finger looks names up through the libc resolver (/etc/resolv.conf: no port, always 53) and believes the
# AD bit of the resolver named there, so the whole test runs in a network and mount namespace of its own
# (lib/resolver.sh): nsd serves the zones (lib/dnssec.sh), a validating unbound on 127.0.0.1:53 recurses into them
# from the zones' DS records, and a private resolv.conf, bind-mounted inside the namespace only, names it. smtpcon
# asks nsd itself through its test hooks (SMTPCON_DNS_SERVER, SMTPCON_DNS_TRUST_ANCHOR) and validates in process:
# two validators, the same zones, the same anchors.
#
# Both are asked about the DOMAIN (MX look-up first): `smtpcon --dane DOMAIN -p PORT` and
# `posttls-finger -v -c -l dane -o dnssec_probe=ns:ee.test DOMAIN:PORT`, with no CA (no -F/-P): at level dane,
# posttls-finger falls back to "secure" when DANE does not apply, and without a CA that is "Untrusted", which keeps
# "DANE did not authenticate" apart from "DANE authenticated". -v shows its DNS look-ups (whether TLSA was asked);
# dnssec_probe names a signed zone of the test, since the namespace has no root zone (Postfix's default probe,
# "ns:.", would only warn "DNSSEC validation may be unavailable").
#
# What corresponds (observed with Postfix 3.7.11, Debian 12; posttls-finger exits 0 in every case, its verdict is
# in its log lines):
#   smtpcon dane / delivery_view     posttls-finger
#   verified     / dane              "Matched DANE EE|TA certificate at depth D: <the same record>" and
#                                    "Verified TLS connection established to MX"
#   mismatch     / defer             "server certificate verification failed for MX: num=62:hostname mismatch" (TA)
#                                    or "num=65:no matching DANE TLSA records", then "Untrusted TLS connection" (a
#                                    real Postfix smtp client at level dane defers: "Server certificate not verified")
#   unusable     / opportunistic     "unsupported TLSA certificate usage: 1 1 1 ...", "no usable TLSA records
#                                    found, resorting to \"secure\"", "Untrusted" (a real smtp client: TLS
#                                    required, any certificate)
#   no-records   / opportunistic     "dns_query: _PORT._tcp.MX (TLSA): Host not found" (a secure denial), then
#                                    "no TLSA records found, resorting to \"secure\"", "Untrusted"
#   insecure     / opportunistic     no TLSA query at all (the address answer was not secure), "resorting to
#                                    \"secure\"", "Untrusted"
#   bogus        / defer             "Destination address lookup failed: ... type=MX: Host not found, try again" (a
#                                    temporary failure: the mail stays queued); neither connects
# (With an insecure MX answer, a DANE match is "Trusted TLS connection" instead of "Verified", after "MX RRset
# insecure: log verified as trusted"; smtpcon's dane event then says "level":"trusted", "mx_secure":false, and its
# words "verified, but only trusted". Every case checks that the two agree, both ways: same_level.)
# Cases (Exim serves one certificate of a private CA, leaf + CA; the names in it: see mx.tmpl below):
#   ee       3 1 1 of Exim's key                         verified (DANE-EE)
#   eename   3 1 1 of Exim's key, MX name not in cert    verified (DANE-EE ignores names, RFC 7672 §3.1.1)
#   ta       2 1 1 of the CA, MX name in the cert        verified (DANE-TA, name checked)
#   tadom    2 1 1 of the CA, only the domain in it      verified (the next-hop domain is a reference identifier
#                                                        too, RFC 7672 §3.2.2)
#   taname   2 1 1 of the CA, neither name in the cert   mismatch
#   stale    3 1 1 of a key Exim no longer has           mismatch
#   pkix     1 1 1 of Exim's key (PKIX-EE)               unusable (RFC 7672 §3.1.3)
#   norec    signed, no TLSA record                      no-records
#   plain    not signed                                  insecure
#   expired  signatures expired in 2020                  bogus
#   hosted       unsigned, MX mx.ee.test (signed, 3 1 1)        verified, level trusted (DANE for the MX host of an
#                                                             insecure MX RRset, RFC 7672 §2.2.1; posttls-finger:
#                                                             "Trusted")
#   hostedstale  unsigned, MX mx.stale.test (stale 3 1 1)      mismatch
#   hostedta     unsigned, MX mx.taname.test (2 1 1), only the domain hostedta.test in the certificate: verified
#                (the domain is a reference name even when the MX answer was insecure, as in Postfix)
#   cname        MX mx.cname.test, a secure CNAME to mx.ee.test: TLSA at the expanded name (RFC 7672 §2.2.2),
#                SNI mx.ee.test, verified (posttls-finger asks _P._tcp.mx.ee.test too: "Verified")
#   cnameu       MX mx.cnameu.test, a secure CNAME into the unsigned plain.test, TLSA at the original name: verified
#                there (Postfix asks the CNAME's own status, then the original name), SNI mx.cnameu.test
#   cnamei       unsigned, MX mx.cnamei.test a CNAME to mx.ee.test: insecure, no TLSA query (both)
# And a control: through a second unbound that does not validate (no AD bit), posttls-finger does no DANE for
# ee.test (no TLSA query, "Untrusted"): the verdicts above really come from the validated DNS. (`options trust-ad`
# is not what makes it work: Postfix sets RES_TRUSTAD itself when it asks for DNSSEC, and believes the AD bit of
# whichever resolver resolv.conf names.)
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/postfix.sh"
. "$(dirname "$0")/lib/dane.sh"
. "$(dirname "$0")/lib/resolver.sh"
netns_enter "$@"
t_require_smtpcon

# ---- a private CA and Exim's certificate ----
pki=$RUN_DIR/pki
mkdir -p "$pki"
certtool --generate-privkey --key-type=ecdsa --outfile "$pki/ca.key" >/dev/null 2>&1
printf 'cn = "smtpcon DANE test CA"\nca\ncert_signing_key\nexpiration_days = 30\n' >"$pki/ca.tmpl"
certtool --generate-self-signed --load-privkey "$pki/ca.key" --template "$pki/ca.tmpl" --outfile "$pki/ca.pem" \
	>/dev/null 2>&1 || fail "certtool could not make the CA"
certtool --generate-privkey --key-type=ecdsa --outfile "$pki/mx.key" >/dev/null 2>&1
cat >"$pki/mx.tmpl" <<'T'
cn = "mx.ee.test"
dns_name = "mx.ee.test"
dns_name = "mx.ta.test"
dns_name = "tadom.test"
dns_name = "mx.stale.test"
dns_name = "mx.pkix.test"
dns_name = "mx.norec.test"
dns_name = "mx.plain.test"
dns_name = "hostedta.test"
tls_www_server
signing_key
encryption_key
expiration_days = 30
T
certtool --generate-certificate --load-privkey "$pki/mx.key" --load-ca-certificate "$pki/ca.pem" \
	--load-ca-privkey "$pki/ca.key" --template "$pki/mx.tmpl" --outfile "$pki/mx.pem" >/dev/null 2>&1 ||
	fail "certtool could not make Exim's certificate"
cat "$pki/mx.pem" "$pki/ca.pem" >"$pki/chain.pem"
dane_old_cert mx.stale.test "$pki/old.pem"

EXIM_CERT_FILE=$pki/chain.pem EXIM_KEY_FILE=$pki/mx.key exim_start
DANE_LOGS=("$EXIM_LOG")

ee311=$(dnssec_tlsa_311 "$pki/mx.pem")
ca211=$(dnssec_tlsa_211 "$pki/ca.pem")
old311=$(dnssec_tlsa_311 "$pki/old.pem")
P=$EXIM_PORT
dane_mx_zone ee.test signed "$P" "$ee311"
dane_mx_zone eename.test signed "$P" "$ee311"
dane_mx_zone ta.test signed "$P" "$ca211"
dane_mx_zone tadom.test signed "$P" "$ca211"
dane_mx_zone taname.test signed "$P" "$ca211"
dane_mx_zone stale.test signed "$P" "$old311"
dane_mx_zone pkix.test signed "$P" "1${ee311#3}"
dane_mx_zone norec.test signed
dane_mx_zone plain.test unsigned
dane_mx_zone expired.test expired "$P" "$ee311"
# Unsigned domains whose MX host lives in a signed zone (a hosting provider's), RFC 7672 §2.2.1.
dnssec_zone hosted.test unsigned <<<'@ IN MX 10 mx.ee.test.'
dnssec_zone hostedstale.test unsigned <<<'@ IN MX 10 mx.stale.test.'
dnssec_zone hostedta.test unsigned <<<'@ IN MX 10 mx.taname.test.'
# CNAME'd MX hosts (RFC 7672 §2.2.2): a secure CNAME to a host with TLSA records (the expanded name first); a
# secure CNAME into the unsigned plain.test with the TLSA record at the original name; a CNAME in an unsigned zone.
dnssec_zone cname.test signed <<<$'@ IN MX 10 mx\nmx IN CNAME mx.ee.test.'
dnssec_zone cnameu.test signed <<<$'@ IN MX 10 mx\nmx IN CNAME mx.plain.test.\n'"_$P._tcp.mx IN TLSA $ee311"
dnssec_zone cnamei.test unsigned <<<$'@ IN MX 10 mx\nmx IN CNAME mx.ee.test.'
dnssec_start
resolver_start

# finger DOMAIN: posttls-finger's view of DOMAIN (MX look-up first) into $FOUT; smtpcon's --dane into $OUT.
finger()
{
	postfix_finger -v -c -l dane -o dnssec_probe=ns:ee.test "$1:$P"
	FOUT=$RUN_DIR/finger-${1%.test}.log
	cat "$OUT" "$ERR" >"$FOUT"
	[ "$RC" -eq 0 ] || fail "posttls-finger exited $RC for $1" "$FOUT"
	dane_run "${1%.test}" "$1" "$P"
	same_level "$1"
}
# same_level DOMAIN: posttls-finger's word for the TLS connection and smtpcon's agree, both ways: "Verified" (a
# DANE match, the MX RRset secure) is dane verdict verified at level verified; "Trusted" (a DANE match through an
# insecure MX answer, RFC 7672 §2.2.1) is level trusted with mx_secure false; anything else is no DANE match.
same_level()
{
	local word
	word=$(sed -nE 's/.*(Verified|Trusted|Untrusted) TLS connection established to .*/\1/p' "$FOUT" | head -1)
	case $word in
	Verified)
		dane_jq 'any(.[]; .type == "dane" and .verdict == "verified" and .level == "verified" and .mx_secure == true)' \
			"$1: posttls-finger says Verified, smtpcon does not say verified (MX secure)"
		;;
	Trusted)
		dane_jq 'any(.[]; .type == "dane" and .verdict == "verified" and .level == "trusted" and .mx_secure == false)' \
			"$1: posttls-finger says Trusted, smtpcon does not say trusted (MX insecure)"
		dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "dane" and .mx_secure == false and (.reason | test("Trusted")))' \
			"$1: smtpcon's sender's view does not say the DANE match is only trusted"
		;;
	*)
		dane_jq 'all(.[]; .type != "dane" or (.verdict != "verified" and has("level") == false))' \
			"$1: posttls-finger says '${word:-nothing}', smtpcon says DANE verified"
		;;
	esac
}
# has ERE MESSAGE / hasnt ERE MESSAGE: posttls-finger's log does (not) have a line matching ERE.
has() { grep -Eq -- "$1" "$FOUT" || fail "posttls-finger: $2" "$FOUT" "$OUT"; }
hasnt() { ! grep -Eq -- "$1" "$FOUT" || fail "posttls-finger: $2" "$FOUT" "$OUT"; }
# smtpcon's dane and delivery_view verdicts for the domain's MX.
smtpcon_says()
{
	local host=$1 dane=$2 view=$3
	dane_jq "any(.[]; .type == \"dane\" and .host == \"$host\" and .verdict == \"$dane\")" \
		"$host: smtpcon's DANE verdict is not $dane"
	dane_jq "any(.[]; .type == \"delivery_view\" and .host == \"$host\" and .verdict == \"$view\")" \
		"$host: smtpcon's sender's view is not $view"
}
# The record posttls-finger says matched (upper-case hex there), in smtpcon's spelling.
finger_matched()
{
	sed -nE 's/.*Matched DANE (EE|TA) certificate at depth [0-9]+: ([0-9]+ [0-9]+ [0-9]+ [0-9A-Fa-f]+)$/\2/p' "$FOUT" |
		head -1 | tr 'A-F' 'a-f'
}
untrusted() { has "Untrusted TLS connection established to $1\[127\.0\.0\.1\]:$P" "$2"; }
verified() { has "Verified TLS connection established to $1\[127\.0\.0\.1\]:$P" "$2"; }
tlsa_asked() { has "dns_query: _$P\._tcp\.$1 \(TLSA\)" "$2"; }
tlsa_not_asked() { hasnt "\(TLSA\)" "$1"; }

# ---- verified: DANE-EE, names ignored ----
for z in ee eename; do
	finger $z.test
	verified "mx\.$z\.test" "$z.test: not a Verified TLS connection"
	has "Matched DANE EE certificate at depth 0" "$z.test: no DANE-EE match"
	[ "$(finger_matched)" = "$ee311" ] || fail "$z.test: posttls-finger matched '$(finger_matched)', not $ee311" "$FOUT"
	expect_rc 0
	smtpcon_says mx.$z.test verified dane
	dane_jq "any(.[]; .type == \"dane\" and .matched == \"$ee311\" and .matched_depth == 0)" \
		"$z.test: smtpcon matched another record or depth than posttls-finger"
done

# ---- verified: DANE-TA, the MX host name or the domain in the certificate ----
for z in ta tadom; do
	finger $z.test
	verified "mx\.$z\.test" "$z.test: not a Verified TLS connection"
	has "Matched DANE TA certificate at depth 1" "$z.test: no DANE-TA match at depth 1"
	[ "$(finger_matched)" = "$ca211" ] || fail "$z.test: posttls-finger matched '$(finger_matched)', not $ca211" "$FOUT"
	expect_rc 0
	smtpcon_says mx.$z.test verified dane
	dane_jq "any(.[]; .type == \"dane\" and .matched == \"$ca211\" and .matched_depth == 1)" \
		"$z.test: smtpcon matched another record or depth than posttls-finger"
done
# Which name matched (posttls-finger logs it): the MX host name, and for tadom.test the domain.
FOUT=$RUN_DIR/finger-ta.log has "matched peername: mx\.ta\.test" "ta.test: the MX host name did not match"
FOUT=$RUN_DIR/finger-tadom.log has "matched peername: tadom\.test" "tadom.test: the domain did not match"

# ---- mismatch: a DANE-TA record without the name, a stale DANE-EE record ----
finger taname.test
has "server certificate verification failed for mx\.taname\.test.*hostname mismatch" "taname.test: no hostname mismatch"
untrusted "mx\.taname\.test" "taname.test: not an Untrusted TLS connection"
expect_rc 3
smtpcon_says mx.taname.test mismatch defer
finger stale.test
has "server certificate verification failed for mx\.stale\.test.*no matching DANE TLSA records" \
	"stale.test: not 'no matching DANE TLSA records'"
untrusted "mx\.stale\.test" "stale.test: not an Untrusted TLS connection"
expect_rc 3
smtpcon_says mx.stale.test mismatch defer
dane_jq "any(.[]; .type == \"dane\" and .records == [\"$old311\"] and .publish[0] == \"$ee311\")" \
	"stale.test: smtpcon does not offer the record posttls-finger would match"

# ---- unusable: only a PKIX-EE record ----
finger pkix.test
tlsa_asked "mx\.pkix\.test" "pkix.test: TLSA not asked"
has "unsupported TLSA certificate usage: 1 1 1 " "pkix.test: the PKIX-EE record was not set aside"
has 'no usable TLSA records found, resorting to "secure"' "pkix.test: posttls-finger did not fall back from DANE"
hasnt "Matched DANE|Verified TLS" "pkix.test: a PKIX-EE record authenticated the server"
untrusted "mx\.pkix\.test" "pkix.test: not an Untrusted TLS connection"
expect_rc 0
smtpcon_says mx.pkix.test unusable opportunistic

# ---- DANE does not apply: no records (a secure denial), insecure (no TLSA query at all) ----
finger norec.test
has "dns_query: _$P\._tcp\.mx\.norec\.test \(TLSA\): Host not found" "norec.test: no secure denial of TLSA"
has 'no TLSA records found, resorting to "secure"' "norec.test: posttls-finger did not fall back from DANE"
untrusted "mx\.norec\.test" "norec.test: not an Untrusted TLS connection"
expect_rc 0
smtpcon_says mx.norec.test no-records opportunistic
finger plain.test
tlsa_not_asked "plain.test: TLSA was asked in an unsigned zone"
has 'resorting to "secure"' "plain.test: posttls-finger did not fall back from DANE"
untrusted "mx\.plain\.test" "plain.test: not an Untrusted TLS connection"
expect_rc 0
smtpcon_says mx.plain.test insecure opportunistic

# ---- bogus: neither connects, the failure is temporary ----
finger expired.test
has "Destination address lookup failed: .*name=expired\.test type=MX: Host not found, try again" \
	"expired.test: not a temporary MX look-up failure"
hasnt "TLS connection established" "expired.test: posttls-finger connected"
expect_rc 3
smtpcon_says mx.expired.test bogus defer
dane_jq 'all(.[]; .type != "connecting")' "expired.test: smtpcon connected although the MX answer is bogus"

# ---- an unsigned domain, its MX host in a signed zone with TLSA records: DANE applies (RFC 7672 §2.2.1 allows it,
# Postfix does it by default: smtp_tls_dane_insecure_mx_policy = dane), and a stale record there defers ----
finger hosted.test
has "MX RRset insecure: log verified as trusted" "hosted.test: posttls-finger did not note the insecure MX"
has "Matched DANE EE certificate at depth 0" "hosted.test: no DANE-EE match for the provider's MX host"
has "Trusted TLS connection established to mx\.ee\.test\[127\.0\.0\.1\]:$P" "hosted.test: not a Trusted TLS connection"
expect_rc 0
smtpcon_says mx.ee.test verified dane
# The words for people (text transcript) say the same as the JSON.
run_smtpcon hosted-text --batch --timeout "$DANE_TIMEOUT" --dane hosted.test -p "$P" --script "$_DANE_QUIT"
expect_rc 0
expect_grep 'DANE for mx\.ee\.test port [0-9]+: verified, but only trusted: the MX answer that named this host is not DNSSEC-signed' \
	"$OUT" "hosted.test (text): the transcript does not say the DANE match is only trusted"
run_smtpcon ee-text --batch --timeout "$DANE_TIMEOUT" --dane ee.test -p "$P" --script "$_DANE_QUIT"
expect_rc 0
expect_grep 'DANE for mx\.ee\.test port [0-9]+: verified$' "$OUT" "ee.test (text): the transcript does not say verified"
expect_no_grep 'only trusted' "$OUT" "ee.test (text): a secure MX answer called only trusted"
finger hostedstale.test
has "server certificate verification failed for mx\.stale\.test.*no matching DANE TLSA records" \
	"hostedstale.test: not 'no matching DANE TLSA records'"
untrusted "mx\.stale\.test" "hostedstale.test: not an Untrusted TLS connection"
expect_rc 3
smtpcon_says mx.stale.test mismatch defer
# The domain of an insecure MX answer still counts as a DANE-TA reference name for Postfix (the certificate names
# hostedta.test, not mx.taname.test), and for smtpcon.
finger hostedta.test
has "matched peername: hostedta\.test" "hostedta.test: the domain did not match"
has "Matched DANE TA certificate at depth 1" "hostedta.test: no DANE-TA match"
has "Trusted TLS connection established to mx\.taname\.test\[127\.0\.0\.1\]:$P" "hostedta.test: not a Trusted TLS connection"
expect_rc 0
smtpcon_says mx.taname.test verified dane

# ---- CNAME'd MX hosts (RFC 7672 §2.2.2): the TLSA base domain is the expanded name when the expansion is secure
# and its records decide, else the original name; an insecure CNAME: no DANE ----
finger cname.test
tlsa_asked "mx\.ee\.test" "cname.test: TLSA not asked at the CNAME's target"
has "Matched DANE EE certificate at depth 0" "cname.test: no DANE-EE match through the CNAME"
verified "mx\.cname\.test" "cname.test: not a Verified TLS connection"
expect_rc 0
smtpcon_says mx.cname.test verified dane
dane_jq 'any(.[]; .type == "tls" and .sni == "mx.ee.test")' "cname.test: the SNI is not the TLSA base domain mx.ee.test"
dane_jq 'any(.[]; .type == "dane" and .host == "mx.cname.test" and .tlsa_base == "mx.ee.test")' \
	"cname.test: the dane event does not name the TLSA base domain"
run_smtpcon cname-text --batch --timeout "$DANE_TIMEOUT" --dane cname.test -p "$P" --script "$_DANE_QUIT"
expect_grep 'CNAME +mx\.cname\.test -> mx\.ee\.test +secure' "$OUT" "cname.test (text): the DNS chain does not show the CNAME"
expect_grep "TLSA +_$P\._tcp\.mx\.ee\.test +secure, 1 record" "$OUT" "cname.test (text): TLSA not at the expanded name"
expect_grep 'the TLSA base domain is mx\.ee\.test: mx\.cname\.test is a CNAME for it' "$OUT" \
	"cname.test (text): the DANE report does not name the TLSA base domain"
finger cnameu.test
tlsa_asked "mx\.cnameu\.test" "cnameu.test: TLSA not asked at the original name"
has "Matched DANE EE certificate at depth 0" "cnameu.test: no DANE-EE match at the original name"
verified "mx\.cnameu\.test" "cnameu.test: not a Verified TLS connection"
expect_rc 0
smtpcon_says mx.cnameu.test verified dane
dane_jq 'any(.[]; .type == "tls" and .sni == "mx.cnameu.test")' "cnameu.test: the SNI is not the original name"
dane_jq 'any(.[]; .type == "dane" and .tlsa_base == "mx.cnameu.test")' "cnameu.test: the TLSA base domain is not the original name"
run_smtpcon cnameu-text --batch --timeout "$DANE_TIMEOUT" --dane cnameu.test -p "$P" --script "$_DANE_QUIT"
expect_grep 'CNAME +mx\.cnameu\.test -> mx\.plain\.test +secure' "$OUT" "cnameu.test (text): the DNS chain does not show the CNAME"
expect_grep 'A/AAAA +mx\.plain\.test +insecure' "$OUT" "cnameu.test (text): the target's addresses are not insecure"
finger cnamei.test
tlsa_not_asked "cnamei.test: TLSA asked through an insecure CNAME"
untrusted "mx\.cnamei\.test" "cnamei.test: not an Untrusted TLS connection"
expect_rc 0
smtpcon_says mx.cnamei.test insecure opportunistic

# ---- control: through a resolver that does not validate, no AD bit, no DANE ----
resolver_start 127.0.0.2 non-validating
resolver_use 127.0.0.2
postfix_finger -v -c -l dane -o dnssec_probe=ns:ee.test "ee.test:$P"
FOUT=$RUN_DIR/finger-control.log
cat "$OUT" "$ERR" >"$FOUT"
has "dnssec_probe 'ns:ee.test' received a response that is not DNSSEC validated" \
	"control: posttls-finger did not notice the resolver does not validate"
tlsa_not_asked "control: TLSA was asked though no answer was validated"
untrusted "mx\.ee\.test" "control: not an Untrusted TLS connection without a validating resolver"
pass
