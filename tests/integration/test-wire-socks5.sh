#!/usr/bin/env bash
# --socks5 HOST:PORT: the scripted peer plays a SOCKS5 proxy (RFC 1928, no authentication) and then the SMTP
# server behind it. smtpcon must offer "no authentication", ask the proxy to CONNECT to the target by name (the
# name is never resolved here), and then speak SMTP; the server's first bytes may come with the proxy's reply. A
# proxy that refuses gives a clear error and exit status 3.
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

peer_script=$(t_write socks.peer <<'PEER'
drain 300
send "\x05\x00"
drain 300
send "\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x19220 smtp.behind.proxy ESMTP\r\n"
expect "EHLO client.lab.test"
line "250 smtp.behind.proxy"
expect "QUIT"
line "221 bye"
close
PEER
)
peer_start socks "$peer_script"
script=$(printf '/ehlo client.lab.test\n/expect 250\n/quit\n' | t_write socks.script)
run_smtpcon socks --batch --json --timeout 10 --socks5 "127.0.0.1:$PEER_PORT" --script "$script" mail.lab.test:25
peer_wait
[ "$PEER_RC" -eq 0 ] || fail "the SOCKS peer's expectations failed" "$PEER_LOG" "$OUT"
expect_rc 0
grep -qF 'C: \x05\x01\0' "$PEER_LOG" || grep -qF 'C: \x05\x01\x00' "$PEER_LOG" ||
	fail "no SOCKS5 greeting offering no-authentication" "$PEER_LOG"
grep -qF 'mail.lab.test\0\x19' "$PEER_LOG" || grep -qF 'mail.lab.test\x00\x19' "$PEER_LOG" ||
	fail "no CONNECT request for mail.lab.test port 25 by name" "$PEER_LOG"
expect_json "$OUT" '[.[] | select(.type == "reply")][0] | .code == 220' "no greeting through the proxy"
expect_json "$OUT" 'any(.[]; .type == "info" and (.message | test("^SOCKS5 proxy .* connected us to mail\\.lab\\.test port 25")))' \
	"no note that the proxy connected us"

peer_script=$(t_write refuse.peer <<'PEER'
drain 300
send "\x05\x00"
drain 300
send "\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00"
drain 300
PEER
)
peer_start refuse "$peer_script"
run_smtpcon refuse --batch --json --timeout 10 --socks5 "127.0.0.1:$PEER_PORT" --script "$script" mail.lab.test:25
peer_wait
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "connect" and (.message | test("SOCKS5 proxy .*connection refused")))' \
	"the proxy's refusal was not explained"
pass "SOCKS5 CONNECT by name, and a refusal explained"
