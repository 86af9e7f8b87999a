#!/usr/bin/env bash
# An expired leaf (valid 2020-01-01 .. 2020-06-01) from a private CA that is trusted, served by real Exim: the
# only reason is "expired", saying how many days ago and when; /cert marks the leaf EXPIRED; JSON agrees.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/test-cert-pki.sh"
t_require_smtpcon
pki_make "$RUN_DIR/pki"
EXIM_CERT_FILE=$PKI_DIR/chain-expired.pem EXIM_KEY_FILE=$PKI_DIR/leaf.key exim_start

days=$(( ($(date -u +%s) - $(date -u -d '2020-06-01 00:00:00' +%s)) / 86400 ))
script=$(printf '/cert\nQUIT\n' | t_write expired.script)
common=(--batch --tls --ehlo client.lab.test --timeout 10 --script "$script" --tls-ca-path "$PKI_DIR/ca.pem"
	--tls-sni mail.lab.test)

run_smtpcon strict "${common[@]}" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_grep 'certificate NOT verified for mail\.lab\.test: expired$' "$OUT"
run_smtpcon text "${common[@]}" --insecure "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep "^  - \\[expired\\] The server's certificate expired $days days ago \\(2020-06-01 00:00:00 UTC\\)\\.\$" "$OUT"
expect_grep '^      cause and fix: the server must renew' "$OUT"
expect_grep "^  \\[0\\] CN=mail\\.lab\\.test,O=smtpcon tests  \\(server certificate \\(leaf\\); EXPIRED $days days ago\\)" "$OUT"
expect_grep "^    validity:     EXPIRED $days days ago\$" "$OUT"
expect_grep '^    not after:    2020-06-01 00:00:00 UTC$' "$OUT"
expect_no_grep 'INCOMPLETE|signer-not-found|hostname-mismatch' "$OUT"
run_smtpcon json "${common[@]}" --insecure --json "$EXIM_HOST:$EXIM_PORT"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and [.reasons[].id] == ["expired"]
	and .chain[0].not_after == "2020-06-01T00:00:00Z")'
pass
