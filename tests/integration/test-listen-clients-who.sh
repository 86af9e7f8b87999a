#!/usr/bin/env bash
# Listen mode recognises the mail program from what it does, says so (an info event "client-program" with the
# evidence), and phrases its advice in that program's own settings; an unknown program gets the generic advice.
# Each case is one real client against its own --lab=submission listener:
#   Python smtplib (lower-case verbs), wrong password inside TLS: auth-failed names login(), and only that fires
#     (the credentials were refused; TLS worked);
#   swaks, wrong password inside TLS: auth-failed with the generic advice (swaks leaves no mark before DATA);
#   openssl s_client (EHLO openssl.client.net) without the lab CA: the trust advice names -CAfile and the path;
#   msmtp (probably: EHLO localhost) with tls off: no-starttls-for-auth names tls_starttls;
#   swaks, s-nail and curl in their right configuration: recognised from X-Mailer, User-Agent and MAIL's SIZE=,
#     with no diagnosis at all.
# From the recognition on, the client's JSON events carry "program" (python-smtplib, msmtp, swaks), before it none.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
for p in msmtp swaks s-nail openssl curl; do
	command -v "$p" >/dev/null || skip_or_fail "$p is not installed"
done
[ -x /usr/bin/python3 ] || skip_or_fail "Debian's python3 is not installed"

printf 'Subject: who\n\nhello\n' | t_write msg.eml >/dev/null
cat >"$RUN_DIR/login.py" <<'PY'
# PORT CAFILE PASSWORD: STARTTLS, then log in
import smtplib, ssl, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10)
s.starttls(context=ssl.create_default_context(cafile=sys.argv[2]))
s.login("student", sys.argv[3])
s.quit()
PY

# who NAME -- COMMAND...: one client against its own listener, every diagnosis and note kept in $L_OUT
who()
{
	local name=$1
	shift 2
	listen_start "$name" --lab=submission
	CLIENT_OUT=$RUN_DIR/$name.client
	local cmd=("${@//@PORT@/$L_PORT}")
	cmd=("${cmd[@]//@CA@/$L_CA}")
	timeout 20 "${cmd[@]}" <"$RUN_DIR/msg.eml" >"$CLIENT_OUT" 2>&1 || true
	listen_wait_closed 1
	listen_stop "$name"
}
# program ID: client 1 was recognised as ID, once
program()
{
	expect_json "$L_OUT" "[.[] | select(.id == \"client-program\" and .client == 1)] | length == 1 and (.[0].message | test(\"$1\"))" \
		"client 1 was not recognised (once) as $1"
}
# program_field ID: JSON "program" is ID on client 1's events from its client-program note on (its diagnoses and
# its close included), and absent before
program_field()
{
	expect_json "$L_OUT" "[.[] | select(.client == 1)] as \$e | ([\$e | to_entries[] | select(.value.id == \"client-program\") | .key] | first) as \$k |
		\$k != null and all(\$e[:\$k][]; has(\"program\") | not) and all(\$e[\$k:][]; .program == \"$1\") and
		any(\$e[\$k:][]; .type == \"closed\")" \
		"client 1's events do not carry \"program\":\"$1\" from its recognition on"
}
# advice ID REGEX: the diagnosis ID's message matches REGEX
advice()
{
	expect_json "$L_OUT" "any(.[]; .type == \"diagnosis\" and .id == \"$1\" and (.message | test(\"$2\")))" \
		"the $1 advice does not match /$2/"
}

who python-wrongpw -- /usr/bin/python3 "$RUN_DIR/login.py" @PORT@ @CA@ wrong
expect_diags "Python, wrong password in TLS" auth-failed
program 'Python smtplib: it sends its commands in lower case'
program_field python-smtplib
expect_json "$L_OUT" 'any(.[]; .type == "diagnosis" and .id == "auth-failed" and .program == "python-smtplib")' \
	"the diagnosis about Python smtplib does not name the program"
advice auth-failed 'credentials are what is wrong. Check them in Python smtplib: the user name and password given to login\\(\\)'

who swaks-wrongpw -- swaks --server 127.0.0.1:@PORT@ --tls --tls-ca-path @CA@ --auth PLAIN --auth-user student \
	--auth-password wrong --from a@lab.test --to student@lab.test
expect_diags "swaks, wrong password in TLS" auth-failed
advice auth-failed 'Check the user name and password set in the client$'
expect_json "$L_OUT" 'all(.[]; .id != "client-program")' "swaks was recognised before its message"

who openssl-untrusted -- sh -c '(sleep 1; printf "QUIT\n") |
	openssl s_client -connect 127.0.0.1:@PORT@ -starttls smtp -verify_return_error -crlf -quiet'
expect_diags "openssl s_client without the CA" client-aborted-handshake
program 'openssl s_client'
advice client-aborted-handshake "Give openssl s_client the lab CA: -CAfile $L_CA\$"

who msmtp-no-tls -- msmtp --host=127.0.0.1 --port=@PORT@ --auth=plain --user=student --passwordeval="echo practice" \
	--tls=off -f a@lab.test student@lab.test
expect_diags "msmtp with tls off" no-starttls-for-auth
program 'probably msmtp: EHLO localhost'
program_field msmtp
advice no-starttls-for-auth 'Enable STARTTLS in msmtp: tls on and tls_starttls on \\(--tls=on --tls-starttls=on\\)$'

who swaks-right -- swaks --server 127.0.0.1:@PORT@ --tls --tls-ca-path @CA@ --auth PLAIN --auth-user student \
	--auth-password practice --from a@lab.test --to student@lab.test
expect_diags "swaks, right"
program 'swaks: its message names it in X-Mailer'
program_field swaks

who s-nail-right -- env HOME="$RUN_DIR" s-nail -:/ -S v15-compat -S sendwait -S nosave \
	-S "mta=smtp://student:practice@localhost:@PORT@" -S smtp-use-starttls -S smtp-auth=plain -S tls-ca-file=@CA@ \
	-S tls-ca-no-defaults -r a@lab.test -s who -. student@lab.test
expect_diags "s-nail, right"
program 's-nail: its message names it in User-Agent'

who curl-right -- curl -sS --url smtp://127.0.0.1:@PORT@ --ssl-reqd --cacert @CA@ --user student:practice \
	--mail-from a@lab.test --mail-rcpt student@lab.test -T "$RUN_DIR/msg.eml" --crlf
expect_diags "curl, right"
program 'probably curl: MAIL FROM with SIZE='
pass
