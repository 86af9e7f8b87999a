#!/usr/bin/env bash
# The classic misconfiguration: real Exim serves its leaf without the intermediate. With only the root as trust
# store the chain cannot be built: signer-not-found and "chain INCOMPLETE" naming the missing intermediate; with
# the intermediate added to the trust store the same server verifies.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/test-cert-pki.sh"
t_require_smtpcon
pki_make "$RUN_DIR/pki"
EXIM_CERT_FILE=$PKI_DIR/good.pem EXIM_KEY_FILE=$PKI_DIR/leaf.key exim_start

script=$(printf '/cert\nQUIT\n' | t_write missing.script)
common=(--batch --tls --ehlo client.lab.test --timeout 10 --script "$script" --tls-sni mail.lab.test)

run_smtpcon root-only "${common[@]}" --insecure --tls-ca-path "$PKI_DIR/ca.pem" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^chain as sent: 1 certificate$' "$OUT"
expect_grep '^  - \[signer-not-found\]' "$OUT"
expect_grep "^chain INCOMPLETE for this trust store: .*missing: CN=smtpcon test intermediate CA,O=smtpcon tests\$" "$OUT"
expect_grep '^                  \(its issuer was not sent: it must be in the trust store\)$' "$OUT"
run_smtpcon json "${common[@]}" --insecure --json --tls-ca-path "$PKI_DIR/ca.pem" "$EXIM_HOST:$EXIM_PORT"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and .chain_incomplete == true
	and (.chain | length) == 1)'

cat "$PKI_DIR/ca.pem" "$PKI_DIR/int.pem" >"$RUN_DIR/ca-and-int.pem"
run_smtpcon with-int "${common[@]}" --tls-ca-path "$RUN_DIR/ca-and-int.pem" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^certificate VERIFIED for mail\.lab\.test$' "$OUT"
expect_no_grep 'INCOMPLETE' "$OUT"
pass
