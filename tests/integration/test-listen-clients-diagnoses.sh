#!/usr/bin/env bash
# Listen mode: the client mistakes of issue 15 beyond trust and TLS mode, each made by a real client and each
# with exactly its one diagnosis:
#   relay-denied              swaks sends to another domain through --lab=delivery (port 25 rules) without login;
#   auth-failed-in-cleartext  swaks logs in with a wrong password on --lab=no-starttls: the password was exposed;
#   helo-after-tls            openssl s_client runs STARTTLS, then says HELO (not EHLO) inside TLS.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
for p in swaks openssl; do
	command -v "$p" >/dev/null || skip_or_fail "$p is not installed"
done

client() # NAME COMMAND...: run one client against the listener, wait until it has gone
{
	CLIENT_OUT=$RUN_DIR/$1.client
	shift
	timeout 20 "$@" </dev/null >"$CLIENT_OUT" 2>&1 || true
	listen_wait_closed 1
}

listen_start relay --lab=delivery
client relay swaks --server "127.0.0.1:$L_PORT" --from a@example.net --to someone@example.org
listen_stop relay
expect_diags "relay without login" relay-denied
expect_json "$L_OUT" 'any(.[]; .type == "diagnosis" and .client == 1 and (.message | test("example\\.org")))' \
	"relay-denied does not name the domain"

listen_start wrongpw --lab=no-starttls
client wrongpw swaks --server "127.0.0.1:$L_PORT" --auth PLAIN --auth-user student --auth-password wrong \
	--from a@lab.test --to student@lab.test
listen_stop wrongpw
expect_diags "a wrong password in plain text" auth-failed-in-cleartext
expect_no_grep 'AHN0dWRlbnQAd3Jvbmc=' "$L_OUT" "the wrong password, unmasked"

listen_start helo --lab=submission
client helo sh -c "(sleep 1; printf 'HELO client.example\n'; sleep 0.5; printf 'QUIT\n'; sleep 0.5) |
	openssl s_client -connect 127.0.0.1:$L_PORT -starttls smtp -CAfile '$L_CA' -crlf -quiet"
listen_stop helo
expect_diags "HELO after STARTTLS" helo-after-tls
pass
