#!/usr/bin/env bash
# A server that sends more bytes right behind its 220 to STARTTLS (the reply to a pipelined command an attacker
# slipped in, CVE-2011-0411 class): smtpcon shows them, flags them as a STARTTLS-injection sign, never treats
# them as TLS-era data, and goes on with the handshake.
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

peer_script=$(t_write injection.peer <<'PEER'
line 220 peer.lab.test ESMTP scripted
expect EHLO
send "250-peer.lab.test\r\n250 STARTTLS\r\n"
expect STARTTLS
# the 220 and, in the same write, a reply nobody asked for
send "220 go ahead\r\n250 injected reply\r\n"
sleep 1000
close
PEER
)
peer_start injection "$peer_script"
script=$(printf 'EHLO client.lab.test\nSTARTTLS\n' | t_write injection.script)
run_smtpcon injection --batch --json --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "received" and (.data | test("250 injected reply")))' \
	"the extra bytes are not shown in the wire events"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "starttls-injection" and (.message | test("20 more bytes")))' \
	"no starttls-injection diagnosis counting the 20 extra bytes"
expect_json "$OUT" 'all(.[]; .type != "reply" or (.lines | index(["injected reply"]) | not))' \
	"the injected bytes were parsed as a reply"
expect_json "$OUT" 'any(.[]; .type == "tls_start")' "the handshake did not start after the 220"
pass
