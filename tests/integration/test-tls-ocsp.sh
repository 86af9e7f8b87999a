#!/usr/bin/env bash
# A stapled OCSP response is verified against the chain, not only taken from GnuTLS's "checked" flag: a server
# (openssl s_server, implicit TLS, a 220 greeting from its stdin) staples responses made with `openssl ocsp` for
# its certificate, issued by a private CA:
#   signed by the issuer, status good     -> "good", ocsp_verified, saved byte for byte by /cert ocsp save FILE
#   signed by the issuer, status revoked  -> "revoked", verified
#   signed by an unrelated CA             -> not verified, the signer named as the reason
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon
command -v openssl >/dev/null || skip_or_fail "openssl is not installed (Debian package openssl)"
command -v certtool >/dev/null || skip_or_fail "certtool is not installed (Debian package gnutls-bin)"

d=$RUN_DIR/pki
mkdir -p "$d"
printf 'cn = "smtpcon OCSP test CA"\nca\ncert_signing_key\ncrl_signing_key\nexpiration_days = 30\n' >"$d/ca.tmpl"
printf 'cn = "smtpcon unrelated CA"\nca\ncert_signing_key\nexpiration_days = 30\n' >"$d/other.tmpl"
printf 'cn = "mail.lab.test"\ndns_name = "mail.lab.test"\ntls_www_server\nsigning_key\nencryption_key\nocsp_uri = "http://ocsp.lab.test/"\nexpiration_days = 30\n' >"$d/leaf.tmpl"
for k in ca other leaf; do
	certtool --generate-privkey --key-type=ecdsa --outfile "$d/$k.key" >/dev/null 2>&1 || fail "certtool failed"
done
certtool --generate-self-signed --load-privkey "$d/ca.key" --template "$d/ca.tmpl" --outfile "$d/ca.pem" \
	>/dev/null 2>&1 &&
	certtool --generate-self-signed --load-privkey "$d/other.key" --template "$d/other.tmpl" \
		--outfile "$d/other.pem" >/dev/null 2>&1 &&
	certtool --generate-certificate --load-privkey "$d/leaf.key" --load-ca-certificate "$d/ca.pem" \
		--load-ca-privkey "$d/ca.key" --template "$d/leaf.tmpl" --outfile "$d/leaf.pem" >/dev/null 2>&1 ||
	fail "certtool could not make the test PKI"
serial=$(openssl x509 -in "$d/leaf.pem" -noout -serial | cut -d= -f2)

# respond NAME STATUS SIGNER: $d/NAME.der, the response for the leaf (STATUS V or R) signed by SIGNER (ca|other).
respond()
{
	local name=$1 st=$2 signer=$3 revoked=
	[ "$st" = R ] && revoked=261201000000Z
	printf '%s\t301231000000Z\t%s\t%s\tunknown\t/CN=mail.lab.test\n' "$st" "$revoked" "$serial" >"$d/$name.idx"
	openssl ocsp -index "$d/$name.idx" -rsigner "$d/$signer.pem" -rkey "$d/$signer.key" -CA "$d/ca.pem" \
		-issuer "$d/ca.pem" -cert "$d/leaf.pem" -respout "$d/$name.der" -ndays 7 >"$d/$name.log" 2>&1 ||
		fail "openssl ocsp could not make the $name response" "$d/$name.log"
}

# serve NAME: openssl s_server stapling $d/NAME.der on a free port (PORT), greeting from its stdin.
serve()
{
	local name=$1 i
	PORT=$(t_closed_port)
	mkfifo "$d/$name.stdin"
	openssl s_server -quiet -accept "127.0.0.1:$PORT" -cert "$d/leaf.pem" -key "$d/leaf.key" \
		-cert_chain "$d/ca.pem" -status_file "$d/$name.der" <"$d/$name.stdin" >"$d/$name.server" 2>&1 &
	at_exit "kill $! 2>/dev/null || true"
	# Its stdin: the greeting, then open until the end of the test (the server ends its session at EOF).
	(printf '220 ocsp.lab.test ESMTP\r\n' && exec sleep 60) >"$d/$name.stdin" 2>/dev/null &
	at_exit "kill $! 2>/dev/null || true"
	for ((i = 0; i < 100; i++)); do
		[ -n "$(ss -Htln "sport = :$PORT" 2>/dev/null)" ] && return 0
		sleep 0.05
	done
	fail "openssl s_server did not start" "$d/$name.server"
}

# check NAME: connect, save the response, show /cert; JSON in $OUT.
check()
{
	local name=$1
	serve "$name"
	printf '/cert ocsp save %s\n/cert\n' "$d/$name.saved" >"$d/$name.script"
	run_smtpcon "$name" --batch --json --tls-on-connect --tls-ca-path "$d/ca.pem" --tls-sni mail.lab.test \
		--no-quit --timeout 5 --script "$d/$name.script" "127.0.0.1:$PORT"
	expect_json_valid "$OUT"
}

respond good V ca
check good
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls" and .ocsp_stapled == true and .ocsp_status == "good"
	and .ocsp_verified == true and (.ocsp_verify | test("signed by the certificate.s issuer")))' \
	"a good response signed by the issuer is not reported as verified"
cmp -s "$d/good.der" "$d/good.saved" || fail "/cert ocsp save did not write the stapled response byte for byte"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("the response: signed by the certificate.s issuer[^\\n]*next update")))' \
	"/cert does not say how the response was verified"

respond revoked R ca
check revoked
expect_json "$OUT" 'any(.[]; .type == "tls" and .ocsp_status == "revoked" and .ocsp_verified == true)' \
	"a revoked status signed by the issuer is not reported as a verified revocation"

respond forged V other
check forged
expect_json "$OUT" 'any(.[]; .type == "tls" and .ocsp_verified == false
	and .ocsp_status == "good (response not verified)" and (.ocsp_verify | test("not verified: .*signer")))' \
	"a response signed by an unrelated CA is not reported as unverified with its signer as the reason"
pass
