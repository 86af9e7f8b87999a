#!/usr/bin/env bash
# The Postfix harness itself, checked with swaks (not smtpcon): STARTTLS and delivery to the Maildir, the
# implicit-TLS port with the lab certificate, relaying refused with 550, the Unix-domain socket, and the PROXY
# port refusing a connection without a PROXY header. When this fails, the other Postfix tests say nothing.
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"

command -v swaks >/dev/null || skip_or_fail "swaks is not installed"
postfix_start

sw() { timeout -k 5 30 swaks --helo client.lab.test --from harness@lab.test --to bob@lab.test "$@" </dev/null; }

subject=$(unique_subject starttls)
sw --server "$POSTFIX_HOST" --port "$POSTFIX_PORT" --tls --header "Subject: $subject" >"$RUN_DIR/tls.out" 2>&1 ||
	fail "swaks STARTTLS delivery failed" "$RUN_DIR/tls.out" "$POSTFIX_LOG"
expect_grep '^ *<- +250-STARTTLS' "$RUN_DIR/tls.out" "STARTTLS not offered"
expect_grep '^ *<- +250.CHUNKING' "$RUN_DIR/tls.out" "CHUNKING not offered"
f=$(postfix_wait_mail "$subject") || fail "message not delivered" "$POSTFIX_LOG"

sw --server "$POSTFIX_HOST" --port "$POSTFIX_TLS_PORT" --tlsc --quit-after EHLO \
	--tls-get-peer-cert "$RUN_DIR/peer.pem" >"$RUN_DIR/tlsc.out" 2>&1 ||
	fail "swaks implicit TLS failed" "$RUN_DIR/tlsc.out" "$POSTFIX_LOG"
expect_grep '^ *<~ +220 mail\.lab\.test' "$RUN_DIR/tlsc.out" "no banner over implicit TLS"
cmp -s <(certtool -i --infile "$RUN_DIR/peer.pem" --outder | sha256sum) \
	<(certtool -i --infile "$POSTFIX_CERT" --outder | sha256sum) || fail "the server's certificate is not \$POSTFIX_CERT"

sw --server "$POSTFIX_HOST" --port "$POSTFIX_PORT" --to someone@example.org --quit-after RCPT \
	>"$RUN_DIR/relay.out" 2>&1 || true
expect_grep '^ *<\*\* +550 5\.7\.1 ' "$RUN_DIR/relay.out" "relaying not refused with 550 5.7.1"

subject=$(unique_subject socket)
sw --socket "$POSTFIX_SOCKET" --header "Subject: $subject" >"$RUN_DIR/socket.out" 2>&1 ||
	fail "swaks over the Unix socket failed" "$RUN_DIR/socket.out" "$POSTFIX_LOG"
postfix_wait_mail "$subject" >/dev/null || fail "message over the socket not delivered" "$POSTFIX_LOG"

# Without a PROXY header the proxy port gives no banner (Postfix waits for the header, then drops us).
sw --server "$POSTFIX_HOST" --port "$POSTFIX_PROXY_PORT" --quit-after CONNECT --timeout 12 \
	>"$RUN_DIR/proxy.out" 2>&1 || true
expect_no_grep '^ *<- +220 ' "$RUN_DIR/proxy.out" "the PROXY port greeted a client that sent no PROXY header"

pass "postfix $POSTFIX_VERSION on $POSTFIX_PORT/$POSTFIX_TLS_PORT/$POSTFIX_PROXY_PORT delivered to $f"
