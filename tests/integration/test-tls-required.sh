#!/usr/bin/env bash
# --tls means TLS or nothing: when the server refuses STARTTLS (454), the session stops before anything else is
# sent: no AUTH, no MAIL, only a polite QUIT; exit 3 with the reason. (The server that does not offer STARTTLS at
# all is test-lab-no-starttls.)
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

script=$(t_write refuse.peer <<'PEER'
line "220 peer.lab.test ESMTP"
expect EHLO
line "250-peer.lab.test"
line "250-STARTTLS"
line "250 AUTH PLAIN LOGIN"
expect STARTTLS
line "454 4.7.0 TLS not available due to local problem"
expect QUIT
line "221 2.0.0 Bye"
close
PEER
)
peer_start refuse "$script"
SMTPCON_PASSWORD=secret run_smtpcon refuse --batch --json --tls --auth-user alice --from alice@lab.test \
	--to bob@lab.test --timeout 10 "127.0.0.1:$PEER_PORT"
peer_wait
expect_rc 3
[ "$PEER_RC" -eq 0 ] || fail "the peer's script did not run as expected (QUIT after the 454)" "$PEER_LOG" "$OUT"
expect_json_valid "$OUT"
expect_json "$OUT" '[.[] | select(.type == "sent") | .data | sub("\r\n$"; "") | split(" ")[0]] ==
	["EHLO", "STARTTLS", "QUIT"]' "more than EHLO, STARTTLS and QUIT went out after the 454"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "tls" and
	.message == "STARTTLS was refused (454 4.7.0), and --tls requires TLS" and (.hint | test("temporary")))' \
	"the reason (STARTTLS refused, --tls) is not given"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("^The session stopped here")))' \
	"the console does not say that the session stopped"
pass "--tls: a refused STARTTLS stops the session (QUIT only, exit 3)"
