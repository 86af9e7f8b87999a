#!/usr/bin/env bash
# Listen mode against the clients people really use (issue 15's matrix), each against --lab=submission (port 587
# rules: STARTTLS offered, AUTH only inside TLS): msmtp, swaks, Python's smtplib (Debian's /usr/bin/python3),
# s-nail and openssl s_client -starttls smtp. In its right configuration each completes with no diagnosis at all;
# in each classic wrong one exactly the one diagnosis of that mistake fires for that client:
#   no trust for the lab CA: an OpenSSL client (Python, s-nail, s_client) sends an alert (TLS 1.3: encrypted,
#     client-aborted-handshake); msmtp (GnuTLS) verifies after the handshake and just hangs up
#     (client-left-after-tls);
#   credentials configured without STARTTLS (msmtp tls off, swaks --auth without --tls, Python login() without
#     starttls()): AUTH is not offered in plain text and the client gives up after EHLO (no-starttls-for-auth).
# Each client is its own listener run, so diagnoses cannot be mixed up between them.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
for p in msmtp swaks s-nail openssl; do
	command -v "$p" >/dev/null || skip_or_fail "$p is not installed"
done
[ -x /usr/bin/python3 ] || skip_or_fail "Debian's python3 is not installed"

# LF line ends, as a user types a message: each client turns them into CRLF
printf 'Subject: matrix\n\nhello\n' | t_write msg.eml >/dev/null
cat >"$RUN_DIR/send_smtplib.py" <<'PY'
# PORT CAFILE|- tls|plain PASSWORD: log in and send one message with smtplib
import smtplib, ssl, sys
port, cafile, mode, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(cafile=None if cafile == "-" else cafile)
s = smtplib.SMTP("127.0.0.1", port, timeout=10)
try:
    if mode == "tls":
        s.starttls(context=ctx)
    s.login("student", password)
    s.sendmail("a@lab.test", ["student@lab.test"], "Subject: smtplib\r\n\r\nhello\r\n")
    s.quit()
except Exception as e:
    print(type(e).__name__, e)
    sys.exit(1)
PY

# case NAME WANT-MESSAGE DIAG... -- CLIENT-COMMAND...: one client in one listener; DIAG (none: right config)
case_run()
{
	local name=$1 want=$2 diags=()
	shift 2
	while [ "$1" != -- ]; do
		diags+=("$1")
		shift
	done
	shift
	listen_start "$name" --lab=submission
	CLIENT_OUT=$RUN_DIR/$name.client
	local cmd=("${@//@PORT@/$L_PORT}")
	cmd=("${cmd[@]//@CA@/$L_CA}")
	timeout 20 "${cmd[@]}" <"$RUN_DIR/msg.eml" >"$CLIENT_OUT" 2>&1 || true
	listen_wait_closed 1
	listen_stop "$name"
	expect_diags "$name" "${diags[@]}"
	if [ "$want" = sent ]; then
		expect_json "$L_OUT" 'any(.[]; .id == "client-message" and .client == 1)' "$name: no message was accepted"
	fi
	t_log "ok: $name [${diags[*]}]"
}

msmtp=(msmtp --host=127.0.0.1 --port=@PORT@ --auth=plain --user=student --passwordeval="echo practice"
	-f a@lab.test student@lab.test)
swaks=(swaks --server 127.0.0.1:@PORT@ --auth PLAIN --auth-user student --auth-password practice
	--from a@lab.test --to student@lab.test)
snail=(env HOME="$RUN_DIR" s-nail -:/ -S v15-compat -S sendwait -S nosave -S "mta=smtp://student:practice@localhost:@PORT@"
	-S smtp-use-starttls -S smtp-auth=plain -r a@lab.test -s s-nail)
snail_to=(-. student@lab.test) # after its options: s-nail takes what follows the first address as addresses

# Right configurations: the session completes, nothing to diagnose.
case_run msmtp-right sent -- "${msmtp[@]}" --tls=on --tls-starttls=on --tls-trust-file=@CA@
case_run swaks-right sent -- "${swaks[@]}" --tls --tls-ca-path @CA@
case_run python-right sent -- /usr/bin/python3 "$RUN_DIR/send_smtplib.py" @PORT@ @CA@ tls practice
case_run s-nail-right sent -- "${snail[@]}" -S tls-ca-file=@CA@ -S tls-ca-no-defaults "${snail_to[@]}"
case_run openssl-right - -- sh -c '(sleep 1; printf "EHLO client.example\n"; sleep 0.5; printf "QUIT\n"; sleep 0.5) |
	openssl s_client -connect 127.0.0.1:@PORT@ -starttls smtp -CAfile @CA@ -verify_return_error -crlf -quiet'

# No trust for the lab CA.
case_run msmtp-untrusted - client-left-after-tls -- "${msmtp[@]}" --tls=on --tls-starttls=on \
	--tls-trust-file=/etc/ssl/certs/ca-certificates.crt
expect_json "$L_OUT" 'any(.[]; .type == "diagnosis" and (.message | test("ca\\.pem")))' "msmtp: the lab CA is not named"
case_run python-untrusted - client-aborted-handshake -- /usr/bin/python3 "$RUN_DIR/send_smtplib.py" @PORT@ - tls practice
case_run s-nail-untrusted - client-aborted-handshake -- "${snail[@]}" "${snail_to[@]}"
case_run openssl-untrusted - client-aborted-handshake -- sh -c '(sleep 1; printf "QUIT\n") |
	openssl s_client -connect 127.0.0.1:@PORT@ -starttls smtp -verify_return_error -crlf -quiet'

# Credentials configured, STARTTLS never run.
case_run msmtp-no-tls - no-starttls-for-auth -- "${msmtp[@]}" --tls=off
case_run swaks-no-tls - no-starttls-for-auth -- "${swaks[@]}"
case_run python-no-tls - no-starttls-for-auth -- /usr/bin/python3 "$RUN_DIR/send_smtplib.py" @PORT@ - plain practice
expect_json "$L_OUT" 'any(.[]; .type == "diagnosis" and (.message | test("starttls\\(\\)")))' \
	"the hint does not name Python's starttls()"
pass
