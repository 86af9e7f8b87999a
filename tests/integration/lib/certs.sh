# shellcheck shell=bash
# Certificates for the private mail servers of the integration tests (sourced by exim.sh and postfix.sh).
#
#   t_make_server_cert DIR NAME   make DIR/key.pem (RSA 2048) and DIR/cert.pem: a self-signed TLS server
#                                 certificate for NAME (CN and DNS SAN), valid 30 days; fails the test when
#                                 certtool cannot. The template it used stays in DIR/cert.tmpl.

# Sourced after common.sh (for fail); it does not source common.sh again, which would empty $RUN_DIR.

t_make_server_cert()
{
	local dir=$1 name=$2
	cat >"$dir/cert.tmpl" <<TMPL
cn = "$name"
dns_name = "$name"
organization = "smtpcon test lab"
serial = $(date +%s)
expiration_days = 30
tls_www_server
signing_key
encryption_key
TMPL
	certtool --generate-privkey --key-type=rsa --bits=2048 --outfile "$dir/key.pem" >/dev/null 2>&1 &&
		certtool --generate-self-signed --load-privkey "$dir/key.pem" --template "$dir/cert.tmpl" \
			--outfile "$dir/cert.pem" >/dev/null 2>&1 ||
		fail "certtool could not make the test certificate"
}
