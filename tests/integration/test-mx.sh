#!/usr/bin/env bash
# /mx against a private DNS server (dnsmasq on 127.0.0.1, a port of its own): MX records in preference order with
# their addresses, an MX host without an address skipped for the best one, an IDN domain (bücher.lab.test ->
# xn--bcher-kva.lab.test), the implicit MX (RFC 5321 §5.1), a null MX (RFC 7505) and a domain that does not
# exist; then /mx connects to the best MX (here the scripted peer), as an MTA would.
#
# smtpcon sends its DNS queries to the test server because SMTPCON_DNS_SERVER=127.0.0.1:PORT is set (see
# src/core/mx.h); nothing else is ever asked. Needs dnsmasq (Debian: dnsmasq-base).
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

DNSMASQ=$(command -v dnsmasq || true)
[ -n "$DNSMASQ" ] || DNSMASQ=/usr/sbin/dnsmasq
[ -x "$DNSMASQ" ] || skip_or_fail "dnsmasq is not installed (Debian package dnsmasq-base)"

# ---- the DNS server ----
dns_port=$(t_closed_port)
conf=$(t_write dnsmasq.conf <<EOF
port=$dns_port
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-poll
domain-needed
local=/lab.test/
log-queries
log-facility=$RUN_DIR/dnsmasq.log
pid-file=$RUN_DIR/dnsmasq.pid
user=$(id -un)
# lab.test: three MX; the most preferred one has no address, so the best usable is mx1.
mx-host=lab.test,mx0.lab.test,5
mx-host=lab.test,mx1.lab.test,10
mx-host=lab.test,mx2.lab.test,20
host-record=mx1.lab.test,127.0.0.1
host-record=mx2.lab.test,127.0.0.2,::1
# bücher.lab.test (an IDN) in its A-label form
mx-host=xn--bcher-kva.lab.test,mx1.lab.test,10
# no MX: the implicit MX is the host itself
host-record=implicit.lab.test,127.0.0.1
# a null MX: preference 0, target the root (RFC 7505)
dns-rr=nullmx.lab.test,15,000000
EOF
)
"$DNSMASQ" --conf-file="$conf" --keep-in-foreground >"$RUN_DIR/dnsmasq.out" 2>&1 &
dns_pid=$!
at_exit "kill $dns_pid 2>/dev/null || true"
for ((i = 0; i < 100; i++)); do
	if [ -n "$(ss -Huan "sport = :$dns_port" 2>/dev/null)" ]; then
		break
	fi
	kill -0 "$dns_pid" 2>/dev/null || fail "dnsmasq did not start" "$RUN_DIR/dnsmasq.out" "$RUN_DIR/dnsmasq.log"
	sleep 0.05
done
export SMTPCON_DNS_SERVER=127.0.0.1:$dns_port

# ---- 1. lookups only ("-": do not connect) ----
script=$(t_write lookups.script <<'EOF'
/mx lab.test -
/mx bücher.lab.test -
/mx implicit.lab.test -
/mx nullmx.lab.test -
/mx nx.lab.test -
EOF
)
run_smtpcon lookups --batch --json --timeout 10 --script "$script"
expect_json_valid "$OUT"
# lab.test: the three hosts in preference order, with their addresses.
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("MX records for lab.test")))' \
	"no MX listing for lab.test"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("5  mx0\\.lab\\.test  \\(no address[^\\n]*\\n *10  mx1\\.lab\\.test  127\\.0\\.0\\.1\\n *20  mx2\\.lab\\.test  127\\.0\\.0\\.2, ::1")))' \
	"lab.test's MX hosts are not listed in preference order with their addresses"
# The IDN: queried as its A-label.
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("MX records for xn--bcher-kva\\.lab\\.test \\(the A-label[^\\n]*\\n *10  mx1\\.lab\\.test  127\\.0\\.0\\.1")))' \
	"the IDN domain was not looked up as xn--bcher-kva.lab.test"
expect_grep 'xn--bcher-kva\.lab\.test' "$RUN_DIR/dnsmasq.log" "dnsmasq never saw the A-label query"
# The implicit MX.
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("implicit\\.lab\\.test has no MX records.*implicit MX.*\\n *-  implicit\\.lab\\.test  127\\.0\\.0\\.1")))' \
	"no implicit MX for implicit.lab.test"
# The null MX and the missing domain are errors, said plainly.
expect_json "$OUT" 'any(.[]; .type == "error" and (.message | test("nullmx\\.lab\\.test publishes a null MX")))' \
	"the null MX was not recognised"
expect_json "$OUT" 'any(.[]; .type == "error" and (.message | test("nx\\.lab\\.test failed: the domain does not exist")))' \
	"the missing domain was not reported as NXDOMAIN"
# Nothing was connected to.
expect_json "$OUT" 'all(.[]; .type != "connecting")' "a lookup-only /mx connected"
# Looking only ("-") still fails for a domain that does not exist: exit 3, as when it would connect.
run_smtpcon nx-look --batch --timeout 10 --script "$(printf '/mx nx.lab.test -\n' | t_write nx-look.script)"
expect_rc 3
run_smtpcon lab-look --batch --timeout 10 --script "$(printf '/mx lab.test -\n' | t_write lab-look.script)"
expect_rc 0

# ---- 2. /mx then connect to the best MX (the scripted peer on 127.0.0.1 stands in for mx1) ----
peer_script=$(t_write mx.peer <<'PEER'
line 220 mx1.lab.test ESMTP scripted
expect EHLO
line 250 mx1.lab.test
expect QUIT
line 221 bye
close
PEER
)
peer_start mx "$peer_script"
script=$(t_write connect.script <<EOF
/mx bücher.lab.test $PEER_PORT
EHLO client.lab.test
/expect 250
QUIT
/expect 221
EOF
)
run_smtpcon connect --batch --json --timeout 10 --script "$script"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" "any(.[]; .type == \"connected\" and .address == \"127.0.0.1\" and .port == $PEER_PORT)" \
	"/mx did not connect to the best MX's address"
peer_wait
[ "$PEER_RC" -eq 0 ] || fail "the scripted peer's expectations failed" "$PEER_LOG"

# ---- 3. /mx to a domain without mail service: no connection, exit status 3 ----
script=$(printf '/mx nx.lab.test\n' | t_write nx.script)
run_smtpcon nx-connect --batch --json --timeout 10 --script "$script"
expect_json "$OUT" 'all(.[]; .type != "connecting")' "/mx connected although the domain does not exist"
[ "$RC" -ne 0 ] || fail "/mx to a missing domain exited 0" "$OUT"

pass
