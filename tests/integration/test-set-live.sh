#!/usr/bin/env bash
# /set takes effect at once for what a session reads later: the TLS trust (tls-ca-path, tls-verify) for the next
# handshake, and from for the next generated message. Against the real Exim over STARTTLS:
#   1. no CA given (the system store cannot know Exim's self-signed certificate); /set tls-ca-path to Exim's
#      certificate, then /starttls: verified, and the message goes through;
#   2. --tls-ca-path Exim's certificate, then /set tls-ca-path to another CA: the handshake is not verified and the
#      session holds (exit 3), so a changed trust is never ignored;
#   3. /set tls-verify off: a failed verification is shown, and the session goes on (like --insecure);
#   4. /set from: the generated message (/data with no file) carries the new sender;
#   5. /set show-secrets on: the AUTH sent after it is shown; the one sent before it stays masked.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

other=$RUN_DIR/other-ca.pem
certtool --generate-privkey --key-type ecdsa --outfile "$RUN_DIR/other.key" >/dev/null 2>&1
printf 'cn = "Some Other CA"\nca\ncert_signing_key\nexpiration_days = 30\n' >"$RUN_DIR/other.tmpl"
certtool --generate-self-signed --load-privkey "$RUN_DIR/other.key" --template "$RUN_DIR/other.tmpl" \
	--outfile "$other" >/dev/null 2>&1 || fail "certtool could not make a second CA"

common=(--batch --json --timeout 10 --tls-sni "$EXIM_NAME" --ehlo client.lab.test --no-config)

# 1. Trust set at the prompt, before the handshake.
run_smtpcon trust "${common[@]}" --script "$(t_write trust.script <<SCRIPT
/ehlo
/set tls-ca-path $EXIM_CERT
/starttls
/ehlo
/set from changed-sender@lab.test
MAIL FROM:<changed-sender@lab.test>
/expect 250
RCPT TO:<bob@lab.test>
/expect 250
/data
/expect 250
QUIT
SCRIPT
)" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("next TLS handshake trusts the CA file")))' \
	"/set tls-ca-path did not say what it changed"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == true and .trust_store == "'"$EXIM_CERT"'")' \
	"the handshake did not verify against the CA file set at the prompt"
# 4. The generated message's From: is the sender set at the prompt.
expect_json "$OUT" 'any(.[]; .type == "sent" and (.data | test("From: .*changed-sender@lab.test")))' \
	"the generated message does not carry the sender set with /set from"

# 2. A changed trust is never ignored: the new CA does not know Exim's certificate.
run_smtpcon distrust "${common[@]}" --tls-ca-path "$EXIM_CERT" --script "$(t_write distrust.script <<SCRIPT
/ehlo
/set tls-ca-path $other
/starttls
/ehlo
QUIT
SCRIPT
)" "$EXIM_HOST:$EXIM_PORT"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and .trust_store == "'"$other"'")' \
	"the handshake did not use the CA file set at the prompt"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "tls-verify")' "a failed verification did not hold the session"
expect_json "$OUT" 'any(.[]; .type == "sent" and .tls == true and (.data | startswith("EHLO"))) | not' \
	"something was sent after a failed verification"

# 3. tls-verify off at the prompt: shown, not stopped.
run_smtpcon insecure "${common[@]}" --tls-ca-path "$other" --script "$(t_write insecure.script <<'SCRIPT'
/ehlo
/set tls-verify off
/starttls
/ehlo
/expect 250
QUIT
SCRIPT
)" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false)' "the failed verification was not shown"
expect_json "$OUT" 'any(.[]; .type == "warning" and .id == "tls-insecure")' "no warning that the session goes on unverified"

# 5. Secrets: masked by default, shown once asked for, and only from then on.
b64=$(printf '\0%s\0%s' "$EXIM_USER" "$EXIM_PASSWORD" | base64)
SMTPCON_PASSWORD=$EXIM_PASSWORD run_smtpcon secrets "${common[@]}" --tls --tls-ca-path "$EXIM_CERT" \
	--script "$(t_write secrets.script <<SCRIPT
/auth plain $EXIM_USER
/expect 235
/set show-secrets on
/auth plain $EXIM_USER
/expect 503
QUIT
SCRIPT
)" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" '[.[] | select(.type == "sent" and (.data | startswith("AUTH PLAIN")))] | length == 2' \
	"not two AUTH commands sent"
expect_json "$OUT" '[.[] | select(.type == "sent" and (.data | startswith("AUTH PLAIN")))][0].secret == true' \
	"the AUTH sent before /set show-secrets on was not masked"
expect_json "$OUT" '[.[] | select(.type == "sent" and (.data | startswith("AUTH PLAIN")))][1].secret != true' \
	"the AUTH sent after /set show-secrets on is still masked"
! sed -n '1,/show-secrets = on/p' "$OUT" | grep -qF -- "$b64" ||
	fail "the secret appears before /set show-secrets on" "$OUT"
grep -qF -- "$b64" "$OUT" || fail "the secret is not shown after /set show-secrets on" "$OUT"
t_log "ok"
