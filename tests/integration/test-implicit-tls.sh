#!/usr/bin/env bash
# Implicit TLS (--tls-on-connect) on Exim's tls_on_connect port: the greeting itself arrives inside TLS.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

script=$(printf 'EHLO client.lab.test\n/expect 250\nQUIT\n/expect 221\n' | t_write implicit.script)
run_smtpcon implicit --batch --json --tls-on-connect --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" \
	--timeout 10 --script "$script" -s "$EXIM_HOST" -p "$EXIM_TLS_PORT"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == true and (.version | test("^TLS ?1\\.[23]")))' \
	"no verified TLS 1.2/1.3 session"
expect_json "$OUT" 'any(.[]; .type == "received" and .tls == true and (.data | startswith("220 mail.lab.test")))' \
	"the greeting did not arrive inside TLS"
expect_json "$OUT" 'all(.[]; .type != "sent" or .tls == true)' "something was sent outside TLS"
expect_json "$OUT" '[.[] | select(.type == "sent" and (.data | test("^STARTTLS"; "i")))] | length == 0' \
	"STARTTLS sent on an implicit-TLS connection"
expect_json "$OUT" 'any(.[]; .type == "caps" and .phase == "tls" and any(.caps[]; (.name | ascii_upcase) == "AUTH"))' \
	"AUTH not offered over implicit TLS"

# The same with HOST:PORT and the text transcript.
run_smtpcon implicit-text --batch --tls-on-connect --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" \
	--timeout 10 --script "$script" "$EXIM_HOST:$EXIM_TLS_PORT"
expect_rc 0
expect_grep 'S:[^ ]* 220 mail\.lab\.test' "$OUT" "text transcript lacks the greeting"
pass
