#!/usr/bin/env bash
# A private PKI made with certtool for the certificate tests (test-cert-*.sh, test-tls-*.sh source this file),
# and, run as a test of its own, a check that it makes what it claims (so a certificate test that fails points
# at smtpcon, not at its fixtures).
#
#   pki_make DIR   makes in DIR (PEM):
#     ca.pem/ca.key          root CA "smtpcon test root CA" (self-signed)
#     int.pem/int.key        intermediate CA, issued by the root, path length 0
#     leaf.key               the one server key (RSA 2048) every leaf below certifies
#     good.pem               leaf for mail.lab.test, issued by the intermediate, valid 30 days, with an OCSP
#                            URL and a CRL distribution point
#     expired.pem            same name, validity 2020-01-01 .. 2020-06-01
#     notyet.pem             same name, valid from 30 days from now
#     wrongname.pem          valid, but for other.lab.test only
#     chain-VARIANT.pem      VARIANT.pem followed by int.pem: what a server should send
#     client.pem/client.key  a TLS client certificate "CN=smtpcon test client", issued by the intermediate
#   Exports PKI_DIR.
set -euo pipefail

_pki_tmpl() { cat >"$PKI_DIR/$1.tmpl"; }

_pki_key()
{
	certtool --generate-privkey --key-type="$2" ${3:+--bits=$3} --outfile "$PKI_DIR/$1.key" >/dev/null 2>&1 ||
		{ echo "certtool: cannot make key $1" >&2; return 1; }
}

# _pki_cert NAME KEY ISSUER (ISSUER "self" for self-signed)
_pki_cert()
{
	local name=$1 key=$2 issuer=$3
	if [ "$issuer" = self ]; then
		certtool --generate-self-signed --load-privkey "$PKI_DIR/$key.key" --template "$PKI_DIR/$name.tmpl" \
			--outfile "$PKI_DIR/$name.pem" >"$PKI_DIR/$name.log" 2>&1
	else
		certtool --generate-certificate --load-privkey "$PKI_DIR/$key.key" --load-ca-certificate \
			"$PKI_DIR/$issuer.pem" --load-ca-privkey "$PKI_DIR/$issuer.key" --template "$PKI_DIR/$name.tmpl" \
			--outfile "$PKI_DIR/$name.pem" >"$PKI_DIR/$name.log" 2>&1
	fi || { cat "$PKI_DIR/$name.log" >&2; echo "certtool: cannot make $name" >&2; return 1; }
}

pki_make()
{
	PKI_DIR=$1
	export PKI_DIR
	mkdir -p "$PKI_DIR"
	local serial now_d soon late
	serial=$(date +%s)
	# certtool takes dates in its own format; the clock of this machine is the reference.
	soon=$(date -u -d '+30 days' '+%Y-%m-%d %H:%M:%S')
	late=$(date -u -d '+400 days' '+%Y-%m-%d %H:%M:%S')
	now_d=$((serial % 100000))

	_pki_key ca ecdsa
	_pki_tmpl ca <<T
cn = "smtpcon test root CA"
organization = "smtpcon tests"
serial = $((now_d + 1))
expiration_days = 3650
ca
cert_signing_key
crl_signing_key
T
	_pki_cert ca ca self

	_pki_key int ecdsa
	_pki_tmpl int <<T
cn = "smtpcon test intermediate CA"
organization = "smtpcon tests"
serial = $((now_d + 2))
expiration_days = 1825
ca
path_len = 0
cert_signing_key
crl_signing_key
T
	_pki_cert int int ca

	_pki_key leaf rsa 2048
	local v
	for v in good expired notyet wrongname; do
		{
			case $v in
			wrongname) printf 'cn = "other.lab.test"\ndns_name = "other.lab.test"\n' ;;
			*) printf 'cn = "mail.lab.test"\ndns_name = "mail.lab.test"\n' ;;
			esac
			case $v in
			expired) printf 'activation_date = "2020-01-01 00:00:00"\nexpiration_date = "2020-06-01 00:00:00"\n' ;;
			notyet) printf 'activation_date = "%s"\nexpiration_date = "%s"\n' "$soon" "$late" ;;
			*) printf 'expiration_days = 30\n' ;;
			esac
			printf 'organization = "smtpcon tests"\nserial = %s\n' "$((now_d + 10 + RANDOM % 1000))"
			printf 'tls_www_server\nsigning_key\nencryption_key\n'
			printf 'ocsp_uri = "http://ocsp.lab.test/"\ncrl_dist_points = "http://crl.lab.test/int.crl"\n'
		} | _pki_tmpl "$v"
		_pki_cert "$v" leaf int
		cat "$PKI_DIR/$v.pem" "$PKI_DIR/int.pem" >"$PKI_DIR/chain-$v.pem"
	done

	_pki_key client ecdsa
	_pki_tmpl client <<T
cn = "smtpcon test client"
organization = "smtpcon tests"
serial = $((now_d + 3))
expiration_days = 30
tls_www_client
signing_key
T
	_pki_cert client client int
	chmod 644 "$PKI_DIR"/*.key "$PKI_DIR"/*.pem
}

# pki_sha256 PEM-FILE: the SHA-256 fingerprint of the first certificate, as smtpcon shows it (AA:BB:...).
pki_sha256()
{
	certtool --certificate-info --infile "$1" 2>/dev/null | sed -n '/^Other Information:/,$p' |
		sed -n 's/^[[:space:]]*sha256:\([0-9a-f]*\)$/\1/p' | head -n 1 | tr 'a-f' 'A-F' | sed 's/../&:/g; s/:$//'
}

# Run as a test: the fixtures are what the certificate tests say they are.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	. "$(dirname "$0")/lib/common.sh"
	command -v certtool >/dev/null || skip_or_fail "certtool is not installed (gnutls-bin)"
	pki_make "$RUN_DIR/pki"
	verify() { certtool --verify --load-ca-certificate "$PKI_DIR/ca.pem" --infile "$PKI_DIR/$1" 2>&1 || true; }
	verify chain-good.pem >"$RUN_DIR/good.verify"
	expect_grep 'Chain verification output: Verified' "$RUN_DIR/good.verify" "the good chain does not verify"
	verify chain-expired.pem >"$RUN_DIR/expired.verify"
	expect_grep 'expired' "$RUN_DIR/expired.verify" "the expired leaf is not expired"
	verify chain-notyet.pem >"$RUN_DIR/notyet.verify"
	expect_grep 'not yet valid' "$RUN_DIR/notyet.verify" "the not-yet-valid leaf is valid"
	certtool --certificate-info --infile "$PKI_DIR/wrongname.pem" >"$RUN_DIR/wrongname.info" 2>&1
	expect_grep 'DNSname: other\.lab\.test' "$RUN_DIR/wrongname.info" "the wrong-name leaf lacks other.lab.test"
	expect_no_grep 'mail\.lab\.test' "$RUN_DIR/wrongname.info" "the wrong-name leaf holds mail.lab.test"
	fp=$(pki_sha256 "$PKI_DIR/good.pem")
	[[ $fp =~ ^([0-9A-F]{2}:){31}[0-9A-F]{2}$ ]] || fail "pki_sha256 gave \"$fp\""
	pass
fi
