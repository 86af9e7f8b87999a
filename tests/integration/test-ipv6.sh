#!/usr/bin/env bash
# IPv6 literals: [::1]:PORT and -s ::1 -p PORT reach a server on the IPv6 loopback (the scripted peer).
# Skipped only where the kernel has no ::1.
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

if ! ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/128'; then
	t_log "SKIP: no IPv6 loopback address here"
	exit 77
fi

peer_script=$(t_write v6.peer <<'PEER'
line 220 peer6.lab.test ESMTP
expect EHLO
line 250 peer6.lab.test
expect QUIT
line 221 bye
close
accept
line 220 peer6.lab.test ESMTP
expect EHLO
line 250 peer6.lab.test
expect QUIT
line 221 bye
close
PEER
)
peer_start v6 "$peer_script" -6

script=$(printf 'EHLO client.lab.test\n/expect 250\nQUIT\n/expect 221\n' | t_write v6.script)
run_smtpcon literal --batch --json --timeout 5 --script "$script" "[::1]:$PEER_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "connected" and .address == "::1" and .port == '"$PEER_PORT"')' \
	"[::1]:PORT: no connected event for ::1"
run_smtpcon options --batch --json --timeout 5 --script "$script" -s ::1 -p "$PEER_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "connected" and .address == "::1")' "-s ::1 -p PORT: not connected to ::1"
peer_wait
[ "$PEER_RC" -eq 0 ] || fail "the IPv6 peer saw something unexpected" "$PEER_LOG"
pass
