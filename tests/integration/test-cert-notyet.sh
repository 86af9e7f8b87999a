#!/usr/bin/env bash
# A leaf valid only from 30 days from now, from a trusted private CA, served by real Exim: the only reason is
# "not-activated", with the start date and the clock hint; /cert says when it starts; JSON agrees.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/test-cert-pki.sh"
t_require_smtpcon
pki_make "$RUN_DIR/pki"
EXIM_CERT_FILE=$PKI_DIR/chain-notyet.pem EXIM_KEY_FILE=$PKI_DIR/leaf.key exim_start

script=$(printf '/cert 0\nQUIT\n' | t_write notyet.script)
common=(--batch --tls --ehlo client.lab.test --timeout 10 --script "$script" --tls-ca-path "$PKI_DIR/ca.pem"
	--tls-sni mail.lab.test)

run_smtpcon strict "${common[@]}" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_grep 'certificate NOT verified for mail\.lab\.test: not-activated$' "$OUT"
expect_grep "The server's certificate is not valid before 20[0-9-]+ [0-9:]+ UTC\\." "$OUT"
expect_grep 'hint: a clock difference between client and server' "$OUT"
run_smtpcon text "${common[@]}" --insecure "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^    validity:     NOT VALID YET \(starts in (30|31) days\)$' "$OUT"
run_smtpcon json "${common[@]}" --insecure --json "$EXIM_HOST:$EXIM_PORT"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and [.reasons[].id] == ["not-activated"])'
pass
