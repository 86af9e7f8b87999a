#!/usr/bin/env bash
# Every mail transaction ends with one `transaction` event that says plainly how: accepted with the server's queue
# id (real Exim: "250 OK id=...", real Postfix: "250 2.0.0 Ok: queued as ..."), rejected (relay denied, 550),
# deferred (the greylist lab's 451), lost (the flaky lab closes with no reply to the final dot), and in LMTP one
# per accepted recipient, naming it. The text transcript says the same.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/postfix.sh"
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

# One delivery and one relay attempt in one session.
deliver_and_relay()
{
	local subject=$1
	t_write "$2" <<SCRIPT
/ehlo client.lab.test
MAIL FROM:<sender@lab.test>
RCPT TO:<bob@lab.test>
DATA
Subject: $subject

transaction outcome test
.
MAIL FROM:<sender@lab.test>
RCPT TO:<someone@example.com>
RSET
QUIT
SCRIPT
}

# ---- Exim: accepted with its id=, then relay denied -> rejected 550.
exim_start
script=$(deliver_and_relay "$(unique_subject txn-exim)" exim.script)
run_smtpcon exim --batch --json --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" '[.[] | select(.type == "transaction")] | length == 2' "not exactly two transaction events"
id=$(jq -r -s '[.[] | select(.type == "reply" and .command == ".")][0].lines[0]' "$OUT" |
	sed -n 's/^OK id=\([^ ]*\).*/\1/p')
[ -n "$id" ] || fail "Exim's reply to the message has no id=" "$OUT"
expect_json "$OUT" '[.[] | select(.type == "transaction")][0] | .outcome == "accepted" and .at == "message" and .code == 250 and .queue_id == "'"$id"'" and .recipients == 1' \
	"the Exim delivery is not 'accepted' with Exim's queue id $id"
expect_json "$OUT" '[.[] | select(.type == "transaction")][1] | .outcome == "rejected" and .at == "rcpt" and .code == 550' \
	"the relay attempt is not 'rejected' with 550"
run_smtpcon exim-text --batch --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '=== transaction accepted \(250.*queued as [^ ,]+, 1 recipient\)' "$OUT" "the transcript does not say accepted"
expect_grep '!!! transaction rejected at RCPT TO \(550' "$OUT" "the transcript does not say rejected"

# ---- Postfix: accepted with "queued as".
postfix_start
script=$(deliver_and_relay "$(unique_subject txn-postfix)" postfix.script)
run_smtpcon postfix --batch --json --timeout 10 --script "$script" "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 0
id=$(jq -r -s '[.[] | select(.type == "reply" and .command == ".")][0].lines[0]' "$OUT" |
	sed -n 's/.*queued as \([^ ]*\).*/\1/p')
[ -n "$id" ] || fail "Postfix's reply to the message has no 'queued as'" "$OUT"
expect_json "$OUT" '[.[] | select(.type == "transaction")][0] | .outcome == "accepted" and .enhanced == "2.0.0" and .queue_id == "'"$id"'"' \
	"the Postfix delivery is not 'accepted' with Postfix's queue id $id"
expect_json "$OUT" '[.[] | select(.type == "transaction")][1] | .outcome == "rejected" and .code == 550 and .enhanced == "5.7.1"' \
	"the Postfix relay attempt is not 'rejected' 550 5.7.1"

# ---- The greylist lab: 451 at RCPT -> deferred (even though DATA then fails too).
lab_script=$(t_write lab.script <<'SCRIPT'
EHLO me.example
MAIL FROM:<you@example.org>
RCPT TO:<student@lab.test>
/data
QUIT
SCRIPT
)
run_smtpcon greylist --batch --json --lab=greylist --timeout 10 --script "$lab_script"
expect_json "$OUT" '[.[] | select(.type == "transaction")] | length == 1' "not one transaction event (greylist)"
expect_json "$OUT" '[.[] | select(.type == "transaction")][0] | .outcome == "deferred" and .at == "rcpt" and .code == 451 and .recipients == 0' \
	"the greylisted transaction is not 'deferred' 451"

# ---- The flaky lab: the connection closes with no reply to the final dot -> lost, never accepted.
run_smtpcon flaky --batch --json --lab=flaky --timeout 10 --script "$lab_script"
expect_rc 3
expect_json "$OUT" '[.[] | select(.type == "transaction")] | length == 1' "not one transaction event (flaky)"
expect_json "$OUT" '[.[] | select(.type == "transaction")][0] | .outcome == "lost" and (.reason | test("closed")) and (has("code") | not)' \
	"the cut-off message is not 'lost'"
run_smtpcon flaky-text --batch --lab=flaky --timeout 10 --script "$lab_script"
expect_grep '!!! transaction lost: the connection closed before the final reply \(delivery unknown\)' \
	"$OUT" "the transcript does not say the message was lost"

# ---- LMTP: one outcome per accepted recipient, naming it; the replies after the message name it too.
peer_script=$(t_write lmtp.peer <<'PEER'
line "220 lmtp.lab.test LMTP ready"
expect "LHLO client.lab.test"
line "250-lmtp.lab.test"
line "250 ENHANCEDSTATUSCODES"
expect "MAIL FROM:<a@lab.test>"
line "250 2.1.0 OK"
expect "RCPT TO:<b@lab.test>"
line "250 2.1.5 OK"
expect "RCPT TO:<nobody@lab.test>"
line "550 5.1.1 no such user"
expect "RCPT TO:<c@lab.test>"
line "250 2.1.5 OK"
expect "DATA"
line "354 go ahead"
expect "Subject: lmtp"
expect ""
expect "two replies follow"
expect "."
line "250 2.0.0 <b@lab.test> delivered as 7QX1"
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
RCPT TO:<nobody@lab.test>
RCPT TO:<c@lab.test>
/data $msg
/quit
SCRIPT
)
run_smtpcon lmtp --batch --json --protocol lmtp --timeout 10 --script "$script" "127.0.0.1:$PEER_PORT"
peer_wait
[ "$PEER_RC" -eq 0 ] || fail "the LMTP peer's expectations failed" "$PEER_LOG"
expect_json "$OUT" '[.[] | select(.type == "reply" and .command == "(end of message)") | .recipient] == ["b@lab.test", "c@lab.test"]' \
	"the LMTP replies after the message do not name their recipients"
expect_json "$OUT" '[.[] | select(.type == "transaction") | [.recipient, .outcome, .code]] == [["b@lab.test", "accepted", 250], ["c@lab.test", "deferred", 452]]' \
	"not one transaction event per LMTP recipient"
pass "Exim, Postfix $POSTFIX_VERSION, the lab and LMTP"
