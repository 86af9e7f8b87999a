#!/usr/bin/env bash
# A real Exim limited to TLS 1.2 (tls_require_ciphers = NORMAL:-VERS-TLS1.3, a GnuTLS priority string):
#   - by default smtpcon negotiates TLS 1.2 there, and /tls says so;
#   - with --tls-protocol tlsv1_3 the handshake fails, and the transcript explains it from the alert Exim sent
#     (not just "TLS error"), exit status 3;
#   - /tls scan reports exactly the versions gnutls-cli can negotiate with the same server, and never 1.3.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/test-cert-pki.sh"
t_require_smtpcon
command -v gnutls-cli >/dev/null || skip_or_fail "gnutls-cli is not installed (gnutls-bin)"
pki_make "$RUN_DIR/pki"
EXIM_CERT_FILE=$PKI_DIR/chain-good.pem EXIM_KEY_FILE=$PKI_DIR/leaf.key \
	EXIM_EXTRA_CONF='tls_require_ciphers = NORMAL:-VERS-TLS1.3:+VERS-TLS1.0:+VERS-TLS1.1' exim_start
common=(--batch --tls --ehlo client.lab.test --timeout 10 --tls-ca-path "$PKI_DIR/ca.pem" --tls-sni mail.lab.test)

# 1. Default offer: TLS 1.2 is what the server takes.
script=$(printf '/tls\nQUIT\n' | t_write tls.script)
run_smtpcon default "${common[@]}" --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^TLS version:      TLS1\.2$' "$OUT"
expect_grep '^cipher suite:     TLS_' "$OUT"

# 2. Only TLS 1.3 offered: the handshake fails, explained from the alert.
run_smtpcon only13 "${common[@]}" --tls-protocol tlsv1_3 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_grep '!!! error \(tls\): TLS handshake failed: .*the server sent a fatal alert: (Error in protocol version \(70\)|Handshake failed \(40\)): .*(TLS versions|in common)' \
	"$OUT" "the handshake failure is not explained from the alert"
expect_grep 'see --tls-(protocol|priority)' "$OUT"
run_smtpcon only13-json "${common[@]}" --json --tls-protocol tlsv1_3 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "tls" and (.message | test("alert")))'
# The same with a raw priority string.
run_smtpcon prio13 "${common[@]}" --tls-priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3' --script "$script" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_grep 'the server sent a fatal alert' "$OUT"
# And TLS 1.2 asked for by name works.
run_smtpcon only12 "${common[@]}" --tls-protocol tlsv1_2 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^TLS version:      TLS1\.2$' "$OUT"

# 3. /tls scan against the truth according to gnutls-cli.
probe()
{
	timeout 10 gnutls-cli --insecure --starttls-proto=smtp -p "$EXIM_PORT" "$EXIM_HOST" \
		--priority "NORMAL:-VERS-ALL:+VERS-TLS$1:%COMPAT" </dev/null >"$RUN_DIR/probe-$1.out" 2>&1
}
script=$(printf '/tls scan\nQUIT\n' | t_write scan.script)
run_smtpcon scan "${common[@]}" --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^TLS versions accepted by 127\.0\.0\.1 port [0-9]+ \(STARTTLS\)' "$OUT"
for v in 1.0 1.1 1.2 1.3; do
	if probe "$v"; then want=accepted; else want=refused; fi
	expect_grep "^  TLS$v  $want " "$OUT" "TLS $v: gnutls-cli says $want (see $RUN_DIR/probe-$v.out)"
done
expect_grep '^  TLS1\.3  refused ' "$OUT"
expect_grep '^  TLS1\.2  accepted  TLS_' "$OUT"
if grep -q '^  TLS1\.[01]  accepted' "$OUT"; then
	expect_grep '^  TLS1\.[01]  accepted .*INSECURE$' "$OUT"
	expect_grep 'deprecated since 2021 \(RFC 8996\)' "$OUT"
fi
# The console's own session went on after the scan (QUIT answered).
expect_grep '^ *[0-9.]+ S:~ 221 ' "$OUT"
pass
