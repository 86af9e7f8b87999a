#!/usr/bin/env bash
# Client certificates (--tls-cert FILE --tls-key FILE) against a real Exim that requires one
# (tls_verify_hosts = *) signed by a private CA:
#   - with the client chain and key: the handshake succeeds and Exim logs the certificate's DN with the message;
#   - without: Exim refuses the handshake, and the transcript says a client certificate was required and names
#     --tls-cert/--tls-key.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/test-cert-pki.sh"
t_require_smtpcon
pki_make "$RUN_DIR/pki"
EXIM_CERT_FILE=$PKI_DIR/chain-good.pem EXIM_KEY_FILE=$PKI_DIR/leaf.key EXIM_CLIENT_CA_FILE=$PKI_DIR/ca.pem exim_start
cat "$PKI_DIR/client.pem" "$PKI_DIR/int.pem" >"$RUN_DIR/client-chain.pem"
common=(--batch --tls --ehlo client.lab.test --timeout 10 --tls-ca-path "$PKI_DIR/ca.pem" --tls-sni mail.lab.test)

subject=$(unique_subject client-cert)
msg=$(printf 'From: a@lab.test\nTo: b@lab.test\nSubject: %s\n\nclient certificate test\n' "$subject" | t_write msg.eml)
script=$(printf 'MAIL FROM:<a@lab.test>\n/expect 250\nRCPT TO:<b@lab.test>\n/expect 250\n/data %s\n/expect 250\nQUIT\n' \
	"$msg" | t_write deliver.script)

# 1. With the client certificate.
run_smtpcon with-cert "${common[@]}" --tls-cert "$RUN_DIR/client-chain.pem" --tls-key "$PKI_DIR/client.key" \
	--script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
exim_wait_mail "$subject" >/dev/null || fail "the message sent with a client certificate was not delivered" "$OUT"
for ((i = 0; i < 50; i++)); do
	grep -q 'CV=yes DN="[^"]*CN=smtpcon test client' "$EXIM_LOG" && break
	sleep 0.1
done
# CV=yes: Exim verified our certificate against the private CA; DN: it is the one we sent.
expect_grep 'CV=yes DN="[^"]*CN=smtpcon test client' "$EXIM_LOG" "Exim did not verify and log the client certificate"

# 2. Without: Exim refuses the handshake, and the reason is said in words.
run_smtpcon without "${common[@]}" --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_grep '!!! error \(tls\): .*(certificate|Certificate)' "$OUT" "the refusal does not mention the certificate"
expect_grep '\-\-tls-cert' "$OUT" "the refusal does not point at --tls-cert/--tls-key"

pass
