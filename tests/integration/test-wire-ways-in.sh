#!/usr/bin/env bash
# Other ways in than TCP to port 25, as swaks users know them: a Unix-domain socket (--socket PATH, Postfix's smtpd
# on a socket), a PROXY protocol header v1 and v2 before the greeting (Postfix 3.7 with
# smtpd_upstream_proxy_protocol=haproxy logs the client address from the header), and LMTP (--protocol lmtp)
# against the scripted peer, which answers one reply per recipient after the message.
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon
postfix_start

# ---- Unix-domain socket: a delivery found on disk.
subject=$(unique_subject socket)
msg=$(printf 'From: a@lab.test\nTo: b@lab.test\nSubject: %s\n\nover a socket\n' "$subject" | t_write socket.eml)
script=$(t_write socket.script <<SCRIPT
/ehlo client.lab.test
MAIL FROM:<a@lab.test>
RCPT TO:<b@lab.test>
/data $msg
/expect 250
/quit
SCRIPT
)
run_smtpcon socket --batch --json --timeout 10 --socket "$POSTFIX_SOCKET" --script "$script"
expect_rc 0
expect_json "$OUT" '[.[] | select(.type == "reply")][0].code == 220' "no greeting over the socket"
postfix_wait_mail "$subject" >/dev/null || fail "message over the socket not delivered" "$POSTFIX_LOG" "$OUT"

# ---- PROXY v1 on a --no-wait connection (sent at once), v2 armed before /connect.
script=$(t_write proxy1.script <<'SCRIPT'
/proxy v1 192.0.2.10:40000 127.0.0.1:25
/ehlo client.lab.test
/expect 250
/quit
SCRIPT
)
run_smtpcon proxy1 --batch --json --no-wait --timeout 10 --script "$script" "127.0.0.1:$POSTFIX_PROXY_PORT"
expect_rc 0
expect_json "$OUT" '[.[] | select(.type == "sent")][0].data == "PROXY TCP4 192.0.2.10 127.0.0.1 40000 25\r\n"' \
	"the PROXY v1 header was not the first thing sent"
postfix_wait_log 'connect from unknown\[192\.0\.2\.10\]' || fail "Postfix did not take the v1 header's address" "$POSTFIX_LOG"

script=$(t_write proxy2.script <<SCRIPT
/proxy v2 192.0.2.20:40001 127.0.0.1:25
/connect 127.0.0.1:$POSTFIX_PROXY_PORT
/ehlo client.lab.test
/expect 250
/quit
SCRIPT
)
run_smtpcon proxy2 --batch --json --timeout 10 --script "$script"
expect_rc 0
expect_json "$OUT" '[.[] | select(.type == "sent")][0].data_hex // "" | startswith("0d0a0d0a000d0a515549540a2111000cc0000214")' \
	"the PROXY v2 header was not the first thing sent"
postfix_wait_log 'connect from unknown\[192\.0\.2\.20\]' || fail "Postfix did not take the v2 header's address" "$POSTFIX_LOG"

# ---- LMTP: LHLO, and after the message one reply per accepted recipient (RFC 2033 §4.2).
peer_script=$(t_write lmtp.peer <<'PEER'
line "220 lmtp.lab.test LMTP ready"
expect "LHLO client.lab.test"
line "250-lmtp.lab.test"
line "250-PIPELINING"
line "250 ENHANCEDSTATUSCODES"
expect "MAIL FROM:<a@lab.test>"
line "250 2.1.0 OK"
expect "RCPT TO:<b@lab.test>"
line "250 2.1.5 OK"
expect "RCPT TO:<c@lab.test>"
line "250 2.1.5 OK"
expect "DATA"
line "354 go ahead"
expect "Subject: lmtp"
expect ""
expect "two replies follow"
expect "."
line "250 2.0.0 <b@lab.test> delivered"
line "452 4.2.2 <c@lab.test> mailbox full"
expect "QUIT"
line "221 2.0.0 bye"
close
PEER
)
peer_start lmtp "$peer_script"
msg=$(printf 'Subject: lmtp\n\ntwo replies follow\n' | t_write lmtp.eml)
script=$(t_write lmtp.script <<SCRIPT
/ehlo client.lab.test
MAIL FROM:<a@lab.test>
RCPT TO:<b@lab.test>
RCPT TO:<c@lab.test>
/data $msg
/expect 452
/quit
SCRIPT
)
run_smtpcon lmtp --batch --json --protocol lmtp --timeout 10 --script "$script" "127.0.0.1:$PEER_PORT"
peer_wait
[ "$PEER_RC" -eq 0 ] || fail "the LMTP peer's expectations failed" "$PEER_LOG"
expect_rc 0
expect_json "$OUT" '[.[] | select(.type == "reply" and .command == "(end of message)") | .code] == [250, 452]' \
	"the two LMTP replies were not both matched to the end of the message"
expect_json "$OUT" '[.[] | select(.type == "reply")] | last | .code == 221 and .command == "QUIT"' \
	"QUIT's reply was not matched to QUIT (the per-recipient replies were miscounted)"
pass "socket, PROXY v1/v2 (Postfix $POSTFIX_VERSION) and LMTP"
