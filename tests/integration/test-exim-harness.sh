#!/usr/bin/env bash
# The Exim harness itself, checked with swaks (not smtpcon): STARTTLS, AUTH refused before TLS and accepted
# after it, delivery to the Maildir, and the implicit-TLS port. When this fails, the other integration tests'
# failures say nothing about smtpcon.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"

command -v swaks >/dev/null || skip_or_fail "swaks is not installed"
exim_start

sw() { timeout -k 5 30 swaks --server "$EXIM_HOST" --helo client.lab.test --from harness@lab.test \
	--to bob@lab.test "$@" </dev/null; }

# AUTH is not offered before TLS.
sw --port "$EXIM_PORT" --quit-after EHLO >"$RUN_DIR/plain.out" 2>&1 || fail "swaks EHLO failed" "$RUN_DIR/plain.out"
expect_grep '^<- +250-STARTTLS' "$RUN_DIR/plain.out" "STARTTLS not offered on the plaintext port"
expect_no_grep '^<- +250.AUTH' "$RUN_DIR/plain.out" "AUTH offered before TLS"
expect_no_grep 'PIPECONNECT' "$RUN_DIR/plain.out" "PIPECONNECT advertised"

# STARTTLS, AUTH, delivery.
subject=$(unique_subject starttls)
sw --port "$EXIM_PORT" --tls --auth PLAIN --auth-user "$EXIM_USER" --auth-password "$EXIM_PASSWORD" \
	--header "Subject: $subject" >"$RUN_DIR/tls.out" 2>&1 || fail "swaks STARTTLS+AUTH delivery failed" "$RUN_DIR/tls.out" "$EXIM_LOG"
expect_grep '^ *~> +AUTH PLAIN' "$RUN_DIR/tls.out" "AUTH not sent under TLS"
expect_grep '^ *<~ +235 ' "$RUN_DIR/tls.out" "AUTH PLAIN not accepted after TLS"
f=$(exim_wait_mail "$subject") || fail "message not delivered" "$EXIM_LOG"

# AUTH LOGIN, with a wrong password refused.
sw --port "$EXIM_PORT" --tls --auth LOGIN --auth-user "$EXIM_USER" --auth-password nope --quit-after AUTH \
	>"$RUN_DIR/badauth.out" 2>&1 && fail "a wrong password was accepted" "$RUN_DIR/badauth.out"
expect_grep '^ *<~\* +535 ' "$RUN_DIR/badauth.out" "wrong password not refused with 535"

# Implicit TLS on the other port, the certificate carrying the lab name.
sw --port "$EXIM_TLS_PORT" --tlsc --quit-after EHLO --tls-get-peer-cert "$RUN_DIR/peer.pem" \
	>"$RUN_DIR/tlsc.out" 2>&1 || fail "swaks implicit TLS failed" "$RUN_DIR/tlsc.out"
expect_grep '^ *<~ +220 mail\.lab\.test' "$RUN_DIR/tlsc.out" "no banner over implicit TLS"
cmp -s <(certtool -i --infile "$RUN_DIR/peer.pem" --outder | sha256sum) \
	<(certtool -i --infile "$EXIM_CERT" --outder | sha256sum) || fail "the server's certificate is not \$EXIM_CERT"
certtool -i --infile "$EXIM_CERT" | grep -q 'DNSname: mail.lab.test' || fail "certificate lacks SAN DNS:mail.lab.test"

# Refused relaying: nothing leaves the machine.
sw --port "$EXIM_PORT" --to someone@example.org --quit-after RCPT >"$RUN_DIR/relay.out" 2>&1 || true
expect_grep '^ *<\*\* +550 ' "$RUN_DIR/relay.out" "relaying not refused"

pass "exim on $EXIM_PORT/$EXIM_TLS_PORT delivered to $f"
