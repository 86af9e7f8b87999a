#!/usr/bin/env bash
# The system trust store (no --tls-ca-path) is indexed, and only the CAs a session needs are loaded
# (core/tls-trust.c, core/trust-index.c). Against a real Exim serving a private CA's chain (leaf + intermediate),
# with SMTPCON_SYSTEM_CA_FILE (test-only) standing for Debian's /etc/ssl/certs/ca-certificates.crt:
#   1. a copy of the real store with the private root put in its middle: verified, "trust store: system trust
#      store", the script runs (exit 0);
#   2. a plain copy of the real store: not verified, exit 3, and the reasons (JSON and text) exactly those of a
#      session against the real store itself (no hook), signer-not-found among them;
#   3. the root in a store with one broken certificate: GnuTLS refuses such a file whole, so the session must see
#      an empty store (the index gives the file to GnuTLS rather than trust the rest), not verified.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/test-cert-pki.sh"
t_require_smtpcon
store=/etc/ssl/certs/ca-certificates.crt
[ -r "$store" ] || skip_or_fail "no system trust store at $store (Debian's ca-certificates)"
pki_make "$RUN_DIR/pki"
EXIM_CERT_FILE=$PKI_DIR/chain-good.pem EXIM_KEY_FILE=$PKI_DIR/leaf.key exim_start

script=$(printf '/cert\nNOOP\n/expect 250\nQUIT\n' | t_write store.script)
common=(--batch --tls --tls-sni mail.lab.test --ehlo client.lab.test --timeout 10 --script "$script")

# 1. The private root among the system's CAs (in the middle: the index keeps the file's order).
half=$(($(grep -c 'BEGIN CERTIFICATE' "$store") / 2))
awk -v half="$half" -v ca="$PKI_DIR/ca.pem" '
	/BEGIN CERTIFICATE/ { n++; if (n == half + 1) { while ((getline l < ca) > 0) print l } }
	{ print }' "$store" >"$RUN_DIR/with-root.crt"
[ "$(grep -c 'BEGIN CERTIFICATE' "$RUN_DIR/with-root.crt")" -eq $((2 * half + $(grep -c 'BEGIN CERTIFICATE' "$store") % 2 + 1)) ] ||
	fail "the test store does not hold the system's CAs plus the root" "$RUN_DIR/with-root.crt"
SMTPCON_SYSTEM_CA_FILE=$RUN_DIR/with-root.crt run_smtpcon with-root "${common[@]}" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep 'certificate verified \(mail\.lab\.test\)' "$OUT"
expect_grep '^certificate VERIFIED for mail\.lab\.test' "$OUT"
expect_grep '^trust store: system trust store$' "$OUT"
expect_grep 'C:~ NOOP' "$OUT" "the script did not run after verification"
SMTPCON_SYSTEM_CA_FILE=$RUN_DIR/with-root.crt run_smtpcon with-root-json --json "${common[@]}" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == true and (.reasons | length) == 0
	and .trust_store == "system trust store")' "the private root in the system store did not verify"

# 2. Unknown issuer: the same verdict and reasons as the real store gives.
cp "$store" "$RUN_DIR/copy.crt"
run_smtpcon real --json "${common[@]}" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
cp "$OUT" "$RUN_DIR/real.json"
SMTPCON_SYSTEM_CA_FILE=$RUN_DIR/copy.crt run_smtpcon copy --json "${common[@]}" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
reasons='[.[] | select(.type == "tls") | {verified, trust_store, reasons}]'
want=$(jq -cs "$reasons" "$RUN_DIR/real.json")
got=$(jq -cs "$reasons" "$OUT")
[ "$want" = "$got" ] || fail "the verdict against a copy of the store differs from the real store's:
  real: $want
  copy: $got"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false
	and any(.reasons[]; .id == "signer-not-found"))' "an unknown issuer did not give signer-not-found"
run_smtpcon real-text "${common[@]}" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
cp "$OUT" "$RUN_DIR/real.txt"
SMTPCON_SYSTEM_CA_FILE=$RUN_DIR/copy.crt run_smtpcon copy-text "${common[@]}" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_grep 'The certificate was not issued by any authority in the trust store\. \(trust store: system trust store\)' \
	"$OUT"
# The lines of the verdict (from the certificate line to the error that ends the session), times aside.
verdict() { sed -n '/certificate NOT verified/,/error (tls-verify)/p' "$1" | sed 's/^ *[0-9.]* //'; }
[ -n "$(verdict "$RUN_DIR/real.txt")" ] || fail "no verdict in the text transcript" "$RUN_DIR/real.txt"
diff <(verdict "$RUN_DIR/real.txt") <(verdict "$OUT") >"$RUN_DIR/verdict.diff" ||
	fail "the text verdict against a copy of the store differs from the real store's" "$RUN_DIR/verdict.diff"

# 3. One certificate cut short in the store: GnuTLS loads none of the file, so neither do we.
{
	cat "$PKI_DIR/ca.pem"
	printf -- '-----BEGIN CERTIFICATE-----\nMIIBkTCCATegAwIBAgIU\n-----END CERTIFICATE-----\n'
	cat "$store"
} >"$RUN_DIR/broken.crt"
SMTPCON_SYSTEM_CA_FILE=$RUN_DIR/broken.crt run_smtpcon broken --json "${common[@]}" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false
	and .trust_store == "system trust store (unavailable: empty)")' \
	"a store GnuTLS refuses whole was used in part"
pass
