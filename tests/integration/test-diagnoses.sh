#!/usr/bin/env bash
# Diagnoses against the real Exim: implicit TLS on the plaintext port (with Exim's own synchronization-error log
# line as proof our ClientHello went first), plaintext on the implicit-TLS port, AUTH in the clear, AUTH only
# after TLS, relaying denied without AUTH.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
# A delayed banner makes Exim's "input sent without waiting for greeting" check certain.
EXIM_CONNECT_DELAY=1s
exim_start

diag() { expect_json "$OUT" "any(.[]; .type == \"diagnosis\" and .id == \"$1\")" "no \"$1\" diagnosis"; }

# 1. Implicit TLS on the plaintext port.
run_smtpcon implicit-on-plain --batch --json --tls-on-connect --timeout 10 "$EXIM_HOST:$EXIM_PORT"
expect_json_valid "$OUT"
diag implicit-tls-on-plaintext-port
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "implicit-tls-on-plaintext-port" and (.hint | test("input sent without waiting for greeting")))' \
	"the diagnosis does not explain Exim's log line"
for ((i = 0; i < 40; i++)); do
	grep -q 'synchronization error .input sent without waiting for greeting..*input="\\026\\003\\001' "$EXIM_LOG" && break
	sleep 0.1
done
expect_grep 'synchronization error .input sent without waiting for greeting..*input="\\026\\003\\001' "$EXIM_LOG" \
	"Exim did not log our ClientHello as early input"

# 2. Plaintext on the implicit-TLS port: no greeting comes.
run_smtpcon plain-on-implicit --batch --json --timeout 3 "$EXIM_HOST:$EXIM_TLS_PORT"
expect_json_valid "$OUT"
diag plaintext-on-tls-port

# 4 and 5. AUTH in the clear, refused because Exim offers AUTH only after TLS.
script=$(printf 'EHLO client.lab.test\n/expect 250\nAUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\n/expect 503\nQUIT\n' |
	t_write auth-plain.script)
run_smtpcon auth-plain --batch --json --timeout 10 --show-secrets --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
diag auth-plaintext
diag auth-needs-tls
# One fact, one entry: said when the credentials left, not also as a warning before.
expect_json "$OUT" '[.[] | select(.id == "auth-plaintext")] | length == 1' "auth-plaintext said more than once"

# 6. Relaying denied on the delivery port without AUTH.
script=$(printf 'EHLO client.lab.test\n/expect 250\nMAIL FROM:<a@lab.test>\n/expect 250\nRCPT TO:<b@example.net>\n/expect 5xx\nQUIT\n' |
	t_write relay.script)
run_smtpcon relay --batch --json --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
diag relay-denied
pass
