#!/usr/bin/env bash
# The documented exit statuses: 0 all went as asked, 1 an /expect failed, 2 usage error, 3 network or TLS
# failure. Uses the scripted peer, so it needs neither root nor Exim.
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

# 0: --help and --version.
run_smtpcon help --help
expect_rc 0
expect_grep '--tls-on-connect' "$OUT" "--help does not list --tls-on-connect"
run_smtpcon version --version
expect_rc 0
expect_grep 'smtpcon' "$OUT" "--version does not name the program"

# 2: usage errors, with a message on stderr.
run_smtpcon bad-option --batch --no-such-option 127.0.0.1
expect_rc 2
[ -s "$ERR" ] || fail "usage error without a message on stderr" "$OUT"
run_smtpcon bad-port --batch --port not-a-number 127.0.0.1
expect_rc 2
run_smtpcon bad-port-range --batch 127.0.0.1:99999
expect_rc 2
run_smtpcon password-in-argv --batch --auth-password wonderland 127.0.0.1
expect_rc 2

# 3: connection refused on a closed local port.
port=$(t_closed_port)
run_smtpcon refused --batch --json --timeout 5 "127.0.0.1:$port"
expect_rc 3
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "connect")' "refused connection: no error event at stage connect"
run_smtpcon refused-text --batch --timeout 5 "127.0.0.1:$port"
expect_rc 3

# 1 and 0: a failed and a passing /expect against the scripted peer.
peer_script=$(t_write expect.peer <<'PEER'
line 220 peer.lab.test ESMTP scripted
expect EHLO
line 250-peer.lab.test
line 250 SIZE 1000
expect NOOP
line 250 2.0.0 OK
expect QUIT
line 221 bye
close
accept
line 220 peer.lab.test ESMTP scripted
expect EHLO
line 250 peer.lab.test
expect NOOP
line 250 2.0.0 OK
# the failed /expect stops the script: no QUIT
expect-close
PEER
)
peer_start expect "$peer_script"
ok=$(printf 'EHLO client.lab.test\n/expect 2xx\nNOOP\n/expect 250 5.7.1\n/expect 2.0.0\nQUIT\n/expect 221\n' |
	t_write ok.script)
run_smtpcon expect-ok --batch --json --timeout 5 --script "$ok" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_json "$OUT" '[.[] | select(.type == "expect")] | length == 4 and all(.[]; .ok == true)' "passing /expect reported wrongly"
bad=$(printf 'EHLO client.lab.test\n/expect 250\nNOOP\n/expect 354\nQUIT\n' | t_write bad.script)
run_smtpcon expect-fail --batch --json --timeout 5 --script "$bad" "127.0.0.1:$PEER_PORT"
expect_rc 1
expect_json "$OUT" 'any(.[]; .type == "expect" and .ok == false and (.wanted | test("354")) and (.got | test("250")))' \
	"failed /expect: want an expect event ok=false wanted 354 got 250"
peer_wait
[ "$PEER_RC" -eq 0 ] || fail "the peer saw something unexpected" "$PEER_LOG"

# 3: --tls when the server does not offer STARTTLS.
peer_script=$(printf 'line 220 peer.lab.test ESMTP\nexpect EHLO\nline 250 peer.lab.test\ndrain 2000\n' | t_write notls.peer)
peer_start notls "$peer_script"
run_smtpcon no-starttls --batch --json --tls --ehlo client.lab.test --timeout 5 "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_json "$OUT" 'all(.[]; .type != "sent" or (.data | test("^STARTTLS"; "i") | not))' "STARTTLS sent though not offered"
peer_wait
pass
