#!/usr/bin/env bash
# Practice lab, scenario old-tls: the server speaks TLS 1.2 only. The default client negotiates TLS1.2 and goes on;
# a client that insists on TLS 1.3 fails the handshake (exit 3) and the console explains it from the server's
# fatal alert (handshake_failure, 40: nothing in common); /tls scan lists 1.2 as the only version accepted.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

q=$(t_write q.script <<'EOF'
NOOP
/expect 250
QUIT
EOF
)
run_smtpcon default --batch --json --lab=old-tls --tls --timeout 10 --script "$q"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "tls" and .version == "TLS1.2" and .verified == true)' \
	"the default client did not negotiate TLS1.2"

run_smtpcon tls13 --batch --json --lab=old-tls --tls --tls-protocol tlsv1_3 --timeout 10 --script "$q"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "tls") | not' "a TLS 1.3-only client completed a handshake with a TLS 1.2 server"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "tls" and (.message | test("fatal alert"))
	and (.message | test("\\(40\\)")) and (.message | test("in common")))' \
	"the handshake failure is not explained from the server's alert"
expect_json "$OUT" 'any(.[]; .type == "sent" and .tls == true) | not' "something was sent after the failed handshake"

run_smtpcon scan --batch --lab=old-tls --timeout 10 --script "$(t_write scan.script <<'EOF'
EHLO me.example
/tls scan
QUIT
EOF
)"
expect_rc 0
expect_grep '^  TLS1\.2  accepted' "$OUT" "/tls scan does not find TLS 1.2"
expect_grep '^  TLS1\.3  refused .*\(40\)' "$OUT" "/tls scan does not find TLS 1.3 refused"

# With -v the lab's own log (stderr) says what it saw on its side.
run_smtpcon tls13-log --batch -v --lab=old-tls --tls --tls-protocol tlsv1_3 --timeout 10 --script "$q"
expect_rc 3
expect_grep '^lab: .*TLS handshake failed' "$ERR" "the lab's log does not note the failed handshake"
expect_grep '^lab: .*client mistake \(tls-failed\): .*TLS 1\.2 only' "$ERR" \
	"the lab does not explain the failed handshake with its TLS 1.2-only rule"
pass
