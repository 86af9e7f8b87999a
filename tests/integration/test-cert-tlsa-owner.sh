#!/usr/bin/env bash
# /cert tlsa writes a valid TLSA owner: the service's host name, never an IP address. Connected by address with
# no SNI, it shows a template (_PORT._tcp.<mx-host-name>.) and says why; with --tls-sni it uses that name.
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

peer_script=$(t_write tlsa.peer <<'PEER'
line "220 mx.example.test ESMTP"
expect EHLO
line "250-mx.example.test"
line "250 STARTTLS"
expect STARTTLS
line "220 go ahead"
starttls
expect EHLO
line "250 mx.example.test"
expect QUIT
line "221 bye"
close
PEER
)
script=$(printf '/cert tlsa\nQUIT\n' | t_write tlsa.script)

# 1. By address, no SNI: a template, never "_PORT._tcp.127.0.0.1."
PEER_DEADLINE=60 peer_start ip "$peer_script" -K "$RUN_DIR"
run_smtpcon ip --batch --tls --insecure --timeout 10 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_grep "^_$PEER_PORT\._tcp\.<mx-host-name>\. IN TLSA 3 1 1 [0-9a-f]{64}$" "$OUT" "no owner template"
expect_grep 'never an IP address' "$OUT" "the template is not explained"
expect_no_grep '_tcp\.127\.0\.0\.1' "$OUT" "an IP address was written as a TLSA owner"
peer_wait 20

# 2. With --tls-sni: that name.
PEER_DEADLINE=60 peer_start sni "$peer_script" -K "$RUN_DIR"
run_smtpcon sni --batch --tls --insecure --tls-sni mx.example.test --timeout 10 --script "$script" \
	"127.0.0.1:$PEER_PORT"
expect_rc 0
expect_grep "^_$PEER_PORT\._tcp\.mx\.example\.test\. IN TLSA 3 1 1 [0-9a-f]{64}$" "$OUT" "the SNI name is not the owner"
expect_no_grep 'mx-host-name' "$OUT" "a template although the name is known"
peer_wait 20
pass
