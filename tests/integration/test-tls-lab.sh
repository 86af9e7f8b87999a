#!/usr/bin/env bash
# TLS and the inspector against the built-in practice server (no root, no daemon needed):
#   - old-tls (a server limited to TLS 1.2): --tls-protocol tlsv1_3 fails with the alert explained; /tls scan
#     reports TLS 1.2 alone, and the session goes on after it;
#   - bad-cert: /cert (with --insecure) gives exactly "expired" and "hostname-mismatch", the leaf marked EXPIRED
#     and the names it holds;
#   - the default scenario: /cert save round-trips through certtool, /cert tlsa equals danetool's record.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

starttls=$(printf 'EHLO client.lab.test\n/starttls\n' | t_write starttls.script)

# 1. old-tls
run_smtpcon old13 --batch --lab=old-tls --tls-protocol tlsv1_3 --script "$starttls"
expect_rc 3
expect_grep '!!! error \(tls\): TLS handshake failed: .*the server sent a fatal alert: (Error in protocol version \(70\)|Handshake failed \(40\)): ' \
	"$OUT" "the refusal is not explained from the alert"
script=$(printf 'EHLO client.lab.test\n/starttls\n/tls\n/tls scan\nQUIT\n' | t_write scan.script)
run_smtpcon oldscan --batch --lab=old-tls --script "$script"
expect_rc 0
expect_grep '^TLS version:      TLS1\.2$' "$OUT"
expect_grep '^  TLS1\.2  accepted  TLS_' "$OUT"
expect_grep '^  TLS1\.3  refused ' "$OUT"
expect_grep '^  TLS1\.0  refused ' "$OUT"
expect_grep '^  TLS1\.1  refused ' "$OUT"
expect_grep ' S:~ 221 ' "$OUT" "the session did not go on after the scan"

# 2. bad-cert
script=$(printf 'EHLO client.lab.test\n/starttls\n/cert\nQUIT\n' | t_write cert.script)
run_smtpcon badcert --batch --lab=bad-cert --insecure --script "$script"
expect_rc 0
expect_grep '^certificate NOT verified for mail\.lab\.test: 2 reasons' "$OUT"
expect_grep "^  - \\[expired\\] The server's certificate expired [0-9]+ days? ago" "$OUT"
expect_grep '^  - \[hostname-mismatch\] The certificate is not valid for mail\.lab\.test: it holds DNS:wrong-name\.invalid\.$' "$OUT"
expect_grep '^    validity:     EXPIRED [0-9]+ days? ago$' "$OUT"
run_smtpcon badcert-strict --batch --lab=bad-cert --script "$script"
expect_rc 3

# 3. save and TLSA
command -v certtool >/dev/null && command -v danetool >/dev/null ||
	skip_or_fail "certtool/danetool are not installed (gnutls-bin)"
saved=$RUN_DIR/lab-chain.pem
script=$(printf 'EHLO client.lab.test\n/starttls\n/cert\n/cert save %s\n/cert tlsa\nQUIT\n' "$saved" | t_write save.script)
run_smtpcon save --batch --lab --script "$script"
expect_rc 0
fp=$(certtool --certificate-info --infile "$saved" | sed -n 's/^[[:space:]]*sha256:\([0-9a-f]*\)$/\1/p' | head -n 1 |
	tr 'a-f' 'A-F' | sed 's/../&:/g; s/:$//')
[ -n "$fp" ] || fail "certtool cannot read the saved chain" "$saved"
expect_grep "^    SHA-256:      $fp\$" "$OUT" "the saved leaf's fingerprint ($fp) is not the one /cert shows"
port=$(sed -n 's/.*connected to 127\.0\.0\.1 \[127\.0\.0\.1\]:\([0-9]*\).*/\1/p' "$OUT" | head -n 1)
awk '/BEGIN/{k++} k==1' "$saved" | sed '/END CERTIFICATE/q' >"$RUN_DIR/leaf.pem"
dane=$(danetool --tlsa-rr --load-certificate "$RUN_DIR/leaf.pem" --host mail.lab.test --port "$port" 2>/dev/null |
	sed -n 's/.*( 03 01 01 \([0-9a-f]*\) ).*/\1/p')
[ -n "$dane" ] || fail "danetool gave no record"
expect_grep "^_${port}\\._tcp\\.mail\\.lab\\.test\\. IN TLSA 3 1 1 $dane\$" "$OUT"
pass
