#!/usr/bin/env bash
# Listen mode and a real client that does not trust the server's certificate (the most common real failure):
# curl with STARTTLS (--ssl-reqd) against --lab=submission. Trusting the lab CA, the session completes with no
# diagnosis; without it, under TLS 1.2 the alert it sends (unknown_ca) is decoded, and under TLS 1.3 (where the
# alert comes encrypted and GnuTLS can only say "Decryption has failed") the handshake abort is still explained as
# a trust problem. Each wrong configuration gets exactly its one diagnosis, naming the lab CA, and the close is
# the client's (it sent the alert), never "closed by server". With --user but no --ssl-reqd, curl skips the login
# (AUTH is offered only inside TLS) and its MAIL gets 530: no-starttls-for-auth, naming --ssl-reqd.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
command -v curl >/dev/null || skip_or_fail "curl is not installed"

msg=$(printf 'Subject: curl\r\n\r\nhello\r\n' | t_write msg.eml)
send() # NAME CURL-ARGS...: curl sends one message with login through STARTTLS; its output in $RUN_DIR/NAME.curl
{
	local name=$1
	shift
	CLIENT_OUT=$RUN_DIR/$name.curl
	timeout 20 curl -sS "smtp://127.0.0.1:$L_PORT" --ssl-reqd --user student:practice --mail-from a@lab.test \
		--mail-rcpt someone@example.org -T "$msg" "$@" >"$CLIENT_OUT" 2>&1 || true
	sleep 0.3
}

# 1. Right: it trusts the lab CA.
listen_start right --lab=submission
send right --cacert "$L_CA"
listen_stop right
expect_json "$L_OUT" 'any(.[]; .type == "info" and .id == "client-message")' "curl with the lab CA could not send"
expect_diags "curl trusting the lab CA"

# 2. No trust, TLS 1.2: its unknown_ca alert is read.
listen_start tls12 --lab=submission
send tls12 --tls-max 1.2
listen_stop tls12
expect_diags "curl without the lab CA (TLS 1.2)" client-rejected-certificate
expect_json "$L_OUT" 'any(.[]; .type == "diagnosis" and .client == 1 and (.message | test("CA is unknown")) and (.message | test("ca\\.pem")))' \
	"the TLS 1.2 diagnosis does not name the alert and the lab CA"
expect_json "$L_OUT" 'any(.[]; .type == "diagnosis" and .client == 1 and (.message | test("its alert: unknown_ca")))' \
	"the TLS 1.2 diagnosis does not give the alert's protocol name"
# The client ended it: the close event must not blame the server.
expect_json "$L_OUT" 'any(.[]; .type == "closed" and .client == 1 and .by == "client" and (.reason | test("alert unknown_ca")))' \
	"the close after the client's alert is not attributed to the client"

# 3. No trust, TLS 1.3: the encrypted alert is explained, not reported as a decryption failure.
listen_start tls13 --lab=submission
send tls13
listen_stop tls13
expect_diags "curl without the lab CA (TLS 1.3)" client-aborted-handshake
expect_json "$L_OUT" 'any(.[]; .type == "diagnosis" and .client == 1 and (.message | test("does not trust")) and (.message | test("ca\\.pem")))' \
	"the TLS 1.3 diagnosis does not say the client distrusts the certificate"
expect_json "$L_OUT" 'any(.[]; .type == "closed" and .client == 1 and .by == "client" and (.reason | test("aborted the TLS handshake")))' \
	"the close after the client's encrypted alert is not attributed to the client"
expect_json "$L_OUT" 'all(.[]; .type != "closed" or .by != "server")' "a close is blamed on the server"

# 4. Credentials without STARTTLS (--user without --ssl-reqd): AUTH is not offered in plain text, so curl skips the
# login and tries MAIL, which gets 530. The one diagnosis says TLS is the missing step, in curl's words.
listen_start nossl --lab=submission
CLIENT_OUT=$RUN_DIR/nossl.curl
timeout 20 curl -sS "smtp://127.0.0.1:$L_PORT" --user student:practice --mail-from a@lab.test \
	--mail-rcpt someone@example.org -T "$msg" >"$CLIENT_OUT" 2>&1 && fail "curl sent without TLS or login" "$CLIENT_OUT"
sleep 0.3
listen_stop nossl
expect_diags "curl --user without --ssl-reqd" no-starttls-for-auth
expect_json "$L_OUT" 'any(.[]; .type == "diagnosis" and .id == "no-starttls-for-auth" and (.message | test("without logging in \\(530\\)")) and (.message | test("--ssl-reqd")))' \
	"the diagnosis of curl's login skipped for want of TLS does not name the 530 and --ssl-reqd"
pass
