#!/usr/bin/env bash
# Listen mode: the console on the server side. A real client (swaks) talks to `smtpcon --listen`; the transcript
# shows what the client sent (C:) and what the scenario answered (S:), and the client's classic mistake — TLS
# straight away on a STARTTLS port — is diagnosed.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon
command -v swaks >/dev/null || skip_or_fail "swaks is not installed"

port=$(t_closed_port)
log=$RUN_DIR/listen.out
"$SMTPCON" --batch --listen "127.0.0.1:$port" --lab=strict-sync --log "$RUN_DIR/listen.log" >"$log" 2>"$RUN_DIR/listen.err" &
pid=$!
at_exit "kill $pid 2>/dev/null || true"
for ((i = 0; i < 50; i++)); do
	grep -q '^listening' "$log" && break
	sleep 0.1
done
expect_grep '^listening' "$log" "listen mode did not announce itself"

# 1. A clean session: every command the client sends is on the C: side, each answer on the S: side.
timeout 30 swaks --server "127.0.0.1:$port" --from a@lab.test --to student@lab.test --ehlo client.example \
	>"$RUN_DIR/swaks1.out" 2>&1 || true
# 2. The mistake behind Exim's "input sent without waiting for greeting": TLS first on a plaintext port. The
# strict-sync scenario holds its greeting back, as Exim does, so the ClientHello is read before any reply.
timeout 30 swaks --server "127.0.0.1:$port" --tls-on-connect --from a@lab.test --to student@lab.test \
	>"$RUN_DIR/swaks2.out" 2>&1 || true
sleep 0.5
kill -INT "$pid"
wait "$pid" || true

expect_grep ' C: EHLO client\.example$' "$log" "the client's EHLO is not shown on the client side"
expect_grep ' S: 250 2\.0\.0 ' "$log" "the server's acceptance of the message is not shown"
expect_grep ' C: \.$' "$log" "the end of the client's message is not shown"
expect_grep 'message accepted' "$log" "no delivery note"
expect_grep '>>> .*(tls|TLS|ClientHello)' "$log" "the ClientHello on the plaintext port was not diagnosed"
expect_grep 'EHLO client\.example' "$RUN_DIR/listen.log" "--log does not hold the transcript"
pass
