#!/usr/bin/env bash
# The certificate inspector against a real Exim serving a private CA's chain (leaf + intermediate):
#   - with the root CA as trust store and the leaf's name: verified; /cert shows both certificates as sent, how
#     they chain, every field the leaf has (SAN, key, usage, OCSP and CRL URLs), and the intermediate's CA flag and
#     path length;
#   - with the system trust store: signer-not-found, and the chain is reported incomplete (its last certificate
#     is not self-signed and its issuer is unknown), in text and JSON;
#   - /cert save writes PEM that certtool reads back with the same fingerprints; /cert tlsa equals danetool's.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/test-cert-pki.sh"
t_require_smtpcon
pki_make "$RUN_DIR/pki"
EXIM_CERT_FILE=$PKI_DIR/chain-good.pem EXIM_KEY_FILE=$PKI_DIR/leaf.key exim_start

saved=$RUN_DIR/saved-chain.pem
saved0=$RUN_DIR/saved-leaf.pem
script=$(printf '/cert\n/cert 1\n/cert save %s\n/cert save %s 0\n/cert tlsa\n/tls\nQUIT\n' "$saved" "$saved0" |
	t_write chain.script)
common=(--batch --tls --ehlo client.lab.test --timeout 10 --script "$script")

# 1. Verified with the private root and the name the leaf holds.
run_smtpcon verified "${common[@]}" --tls-ca-path "$PKI_DIR/ca.pem" --tls-sni mail.lab.test "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^certificate VERIFIED for mail\.lab\.test' "$OUT"
expect_grep "^trust store: $PKI_DIR/ca\.pem" "$OUT"
expect_grep '^chain as sent: 2 certificates' "$OUT"
expect_grep '^  \[0\] CN=mail\.lab\.test,O=smtpcon tests  \(server certificate \(leaf\); valid, (29|30) days left\)' "$OUT"
expect_grep '^  \[1\] CN=smtpcon test intermediate CA,O=smtpcon tests  \(intermediate CA; valid' "$OUT"
expect_grep '\(issued by \[1\], the next certificate sent\)' "$OUT"
expect_grep '\(its issuer was not sent: it must be in the trust store\)' "$OUT"
expect_grep '^    names \(SAN\):  DNS:mail\.lab\.test$' "$OUT"
expect_grep '^    public key:   RSA, 2048 bits$' "$OUT"
expect_grep '^    ext\. usage:   serverAuth$' "$OUT"
expect_grep '^    CA:           no$' "$OUT"
expect_grep '^    CA:           yes, path length 0$' "$OUT" "the intermediate's CA flag and path length are not shown"
expect_grep '^    OCSP:         http://ocsp\.lab\.test/$' "$OUT"
expect_grep '^    CRL:          http://crl\.lab\.test/int\.crl$' "$OUT"
expect_grep '^OCSP stapling: no response stapled' "$OUT"
expect_no_grep 'INCOMPLETE|OUT OF ORDER' "$OUT"
# /cert 1 alone
expect_grep '^\[1\] certificate 2 of 2: intermediate CA' "$OUT"
# /tls
expect_grep '^TLS version:      TLS1\.[23]$' "$OUT"
expect_grep '^key exchange:     [A-Z0-9]+' "$OUT"
expect_grep '^signature scheme: [A-Z]' "$OUT"
expect_grep '^resumed:          no' "$OUT"

# /cert save round trip: the same certificates, as certtool reads them.
expect_grep "^wrote 2 certificates \\([0-9]+ bytes of PEM, as the server sent them\\) to $saved" "$OUT"
[ "$(grep -c 'BEGIN CERTIFICATE' "$saved")" -eq 2 ] || fail "the saved chain does not hold 2 certificates" "$saved"
want=$(pki_sha256 "$PKI_DIR/good.pem")
got=$(pki_sha256 "$saved0")
[ -n "$want" ] && [ "$want" = "$got" ] || fail "saved leaf fingerprint $got, the served leaf has $want"
[ "$(pki_sha256 "$saved")" = "$want" ] || fail "the saved chain does not start with the leaf"
expect_grep "^    SHA-256:      $want\$" "$OUT" "/cert does not show the leaf's SHA-256 fingerprint $want"
# The second certificate of the saved chain is the intermediate, byte for byte as certtool made it.
sed -n '/BEGIN/{n;:a;/END/q;p;n;ba}' "$PKI_DIR/int.pem" >"$RUN_DIR/int.b64"
awk '/BEGIN/{k++} k==2' "$saved" | sed -n '/BEGIN/{n;:a;/END/q;p;n;ba}' >"$RUN_DIR/saved-int.b64"
cmp -s "$RUN_DIR/int.b64" "$RUN_DIR/saved-int.b64" || fail "the saved intermediate differs from the served one"

# /cert tlsa: what danetool computes for the same certificate.
dane=$(danetool --tlsa-rr --load-certificate "$PKI_DIR/good.pem" --host mail.lab.test --port "$EXIM_PORT" 2>/dev/null |
	sed -n 's/.*( 03 01 01 \([0-9a-f]*\) ).*/\1/p')
[ -n "$dane" ] || fail "danetool gave no TLSA record"
expect_grep "^_${EXIM_PORT}\\._tcp\\.mail\\.lab\\.test\\. IN TLSA 3 1 1 $dane\$" "$OUT" "TLSA differs from danetool's ($dane)"

# JSON: the tls event carries the same chain.
run_smtpcon verified-json "${common[@]}" --json --tls-ca-path "$PKI_DIR/ca.pem" --tls-sni mail.lab.test \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" "any(.[]; .type == \"tls\" and .verified == true and .chain_incomplete == false
	and (.chain | length) == 2 and .chain[0].sha256 == \"$want\" and .chain[0].ocsp_urls == [\"http://ocsp.lab.test/\"]
	and .chain[0].crl_urls == [\"http://crl.lab.test/int.crl\"] and .chain[1].is_ca == true and .chain[1].path_len == 0
	and .chain[0].ext_key_usage == \"serverAuth\")"

# 2. The system trust store does not know the private root: signer-not-found, the chain is incomplete.
run_smtpcon system "${common[@]}" --tls-sni mail.lab.test "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_grep 'certificate NOT verified for mail\.lab\.test: signer-not-found' "$OUT"
run_smtpcon system-insecure "${common[@]}" --insecure --tls-sni mail.lab.test "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '^certificate NOT verified for mail\.lab\.test: 1 reason \(--insecure' "$OUT"
expect_grep '^  - \[signer-not-found\] The certificate was not issued by any authority in the trust store\. \(trust store: system trust store\)' "$OUT"
expect_grep '^      cause and fix: unknown issuer' "$OUT"
expect_grep '^      issuer the client could not find: CN=smtpcon test root CA,O=smtpcon tests$' "$OUT"
expect_grep '^chain INCOMPLETE for this trust store: .*missing: CN=smtpcon test root CA,O=smtpcon tests$' "$OUT"
run_smtpcon system-json "${common[@]}" --json --insecure --tls-sni mail.lab.test "$EXIM_HOST:$EXIM_PORT"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and .chain_incomplete == true
	and ([.reasons[].id] == ["signer-not-found"]))' "want exactly signer-not-found and chain_incomplete"
pass
