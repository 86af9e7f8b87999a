#!/usr/bin/env bash
# A valid leaf from a trusted private CA, but for other.lab.test, served by real Exim and checked for
# mail.lab.test: the only reason is "hostname-mismatch", naming the names the certificate does hold; checked for
# the name it holds, it verifies.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/test-cert-pki.sh"
t_require_smtpcon
pki_make "$RUN_DIR/pki"
EXIM_CERT_FILE=$PKI_DIR/chain-wrongname.pem EXIM_KEY_FILE=$PKI_DIR/leaf.key exim_start

script=$(printf '/tls\nQUIT\n' | t_write wrongname.script)
common=(--batch --tls --ehlo client.lab.test --timeout 10 --script "$script" --tls-ca-path "$PKI_DIR/ca.pem")

run_smtpcon strict "${common[@]}" --tls-sni mail.lab.test "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_grep 'certificate NOT verified for mail\.lab\.test: hostname-mismatch$' "$OUT"
expect_grep 'The certificate is not valid for mail\.lab\.test: it holds DNS:other\.lab\.test\.' "$OUT"
run_smtpcon text "${common[@]}" --insecure --tls-sni mail.lab.test "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^  - \[hostname-mismatch\] The certificate is not valid for mail\.lab\.test: it holds DNS:other\.lab\.test\.$' "$OUT"
expect_grep '^      cause and fix: connect using a name the certificate holds' "$OUT"
run_smtpcon json "${common[@]}" --insecure --json --tls-sni mail.lab.test "$EXIM_HOST:$EXIM_PORT"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and [.reasons[].id] == ["hostname-mismatch"]
	and .checked_name == "mail.lab.test" and .peer.sans == ["DNS:other.lab.test"])'
run_smtpcon right-name "${common[@]}" --tls-sni other.lab.test "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^certificate VERIFIED for other\.lab\.test$' "$OUT"
pass
