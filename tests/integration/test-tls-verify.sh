#!/usr/bin/env bash
# Certificate verification is on by default: Exim's self-signed certificate fails it (exit status 3, with the
# reasons, and nothing sent over the unverified connection but the QUIT that ends it politely); it passes when the
# certificate is given as the CA file and the name it holds is checked; --insecure goes on, saying it was not
# verified.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

script=$(printf 'NOOP\n/expect 250\nQUIT\n' | t_write verify.script)

# 1. Default: the system trust store does not know the lab's certificate.
run_smtpcon default --batch --json --tls --ehlo client.lab.test --timeout 10 --script "$script" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false
	and any(.reasons[]; .id == "signer-not-found" or .id == "self-signed"))' \
	"want a tls event, not verified, with reason signer-not-found or self-signed"
expect_json "$OUT" '[.[] | select(.type == "sent" and .tls == true) | .data] | all(. == "QUIT\r\n")' \
	"bytes other than the closing QUIT were sent over the unverified TLS connection"
expect_json "$OUT" 'any(.[]; .type == "tls" and (.peer.sans | index("DNS:mail.lab.test")))' \
	"the tls event does not show the peer's SAN DNS:mail.lab.test"

# 2. Implicit TLS fails the same way.
run_smtpcon default-implicit --batch --json --tls-on-connect --ehlo client.lab.test --timeout 10 \
	--script "$script" "$EXIM_HOST:$EXIM_TLS_PORT"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false)' "implicit TLS: not reported as unverified"

# 3. The right CA but the name checked is the address typed (127.0.0.1), which the certificate does not hold.
run_smtpcon wrong-name --batch --json --tls --tls-ca-path "$EXIM_CERT" --ehlo client.lab.test --timeout 10 \
	--script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and (.reasons | length) > 0)' \
	"a certificate for mail.lab.test verified for 127.0.0.1"

# 4. The certificate as CA and its name: verified, the script runs.
run_smtpcon ca --batch --json --tls --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --ehlo client.lab.test \
	--timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == true and (.reasons | length) == 0)' \
	"not verified with --tls-ca-path and --tls-sni"
expect_json "$OUT" 'any(.[]; .type == "sent" and .tls == true and (.data | startswith("NOOP")))' "script not run under TLS"

# 5. --insecure: goes on, and says the certificate was not verified.
run_smtpcon insecure --batch --json --tls --insecure --ehlo client.lab.test --timeout 10 --script "$script" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false)' "--insecure: verification verdict hidden"
expect_json "$OUT" 'any(.[]; .type == "sent" and .tls == true and (.data | startswith("NOOP")))' \
	"--insecure: script not run"
pass
