#!/usr/bin/env bash
# The certificate inspector and /tls against a real Postfix (OpenSSL on the server side, so not GnuTLS talking
# to itself) serving a private CA's chain and limited to TLS 1.2 (smtpd_tls_protocols):
#   - verified with the root CA; /cert shows the leaf and the intermediate as sent; /cert save round-trips;
#   - with the system trust store: signer-not-found and an incomplete chain;
#   - --tls-protocol tlsv1_3: the handshake failure is explained from Postfix's alert;
#   - /tls scan matches gnutls-cli version by version, with TLS 1.3 refused.
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"
. "$(dirname "$0")/test-cert-pki.sh"
t_require_smtpcon
command -v gnutls-cli >/dev/null || skip_or_fail "gnutls-cli is not installed (gnutls-bin)"
pki_make "$RUN_DIR/pki"
postfix_start
# The harness has no certificate hook: replace its files before the first connection starts an smtpd (each
# smtpd reads main.cf and its certificate when it starts).
cp "$PKI_DIR/chain-good.pem" "$POSTFIX_CERT"
cp "$PKI_DIR/leaf.key" "$(dirname "$POSTFIX_CERT")/key.pem"
printf 'smtpd_tls_protocols = >=TLSv1, <=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1, <=TLSv1.2\n' \
	>>"$RUN_DIR/postfix/conf/main.cf"

common=(--batch --tls --ehlo client.lab.test --timeout 10 --tls-sni mail.lab.test)
saved=$RUN_DIR/saved.pem
script=$(printf '/cert\n/cert save %s\n/tls\nQUIT\n' "$saved" | t_write cert.script)

# 1. Verified with the private root.
run_smtpcon verified "${common[@]}" --tls-ca-path "$PKI_DIR/ca.pem" --script "$script" "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 0
expect_grep '^certificate VERIFIED for mail\.lab\.test$' "$OUT"
expect_grep '^TLS version:      TLS1\.2$' "$OUT"
expect_grep '^chain as sent: 2 certificates$' "$OUT"
expect_grep '^  \[1\] CN=smtpcon test intermediate CA,O=smtpcon tests  \(intermediate CA; valid' "$OUT"
want=$(pki_sha256 "$PKI_DIR/good.pem")
[ "$(pki_sha256 "$saved")" = "$want" ] || fail "the saved chain's leaf is not the served leaf ($want)" "$saved"
[ "$(grep -c 'BEGIN CERTIFICATE' "$saved")" -eq 2 ] || fail "the saved chain does not hold 2 certificates" "$saved"

# 2. System trust store.
run_smtpcon system "${common[@]}" --insecure --json --script "$script" "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and [.reasons[].id] == ["signer-not-found"]
	and .chain_incomplete == true and (.chain | length) == 2)'

# 3. TLS 1.3 only: refused, explained from the alert.
run_smtpcon only13 "${common[@]}" --tls-ca-path "$PKI_DIR/ca.pem" --tls-protocol tlsv1_3 --script "$script" \
	"$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 3
expect_grep '!!! error \(tls\): TLS handshake failed: .*the server sent a fatal alert: [A-Za-z ]+ \([0-9]+\): ' "$OUT" \
	"the handshake failure is not explained from Postfix's alert"

# 4. /tls scan against gnutls-cli.
script=$(printf '/tls scan\nQUIT\n' | t_write scan.script)
run_smtpcon scan "${common[@]}" --tls-ca-path "$PKI_DIR/ca.pem" --script "$script" "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 0
for v in 1.0 1.1 1.2 1.3; do
	if timeout 10 gnutls-cli --insecure --starttls-proto=smtp -p "$POSTFIX_PORT" "$POSTFIX_HOST" \
		--priority "NORMAL:-VERS-ALL:+VERS-TLS$v:%COMPAT" </dev/null >"$RUN_DIR/probe-$v.out" 2>&1; then
		want=accepted
	else
		want=refused
	fi
	expect_grep "^  TLS$v  $want " "$OUT" "TLS $v: gnutls-cli says $want"
done
expect_grep '^  TLS1\.2  accepted  TLS_' "$OUT"
expect_grep '^  TLS1\.3  refused ' "$OUT"
pass
