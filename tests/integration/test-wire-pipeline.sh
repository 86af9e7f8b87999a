#!/usr/bin/env bash
# RFC 2920 pipelining against real Exim 4.96 and Postfix 3.7: MAIL, RCPT, RCPT (one refused), DATA go out in one
# write, and each reply is matched to the command it answers (JSON "command"), in order; the message sent after
# the 354 is delivered.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/postfix.sh"
t_require_smtpcon
exim_start
postfix_start

run_one()
{
	local name=$1 port=$2 subject msg script
	subject=$(unique_subject "pipeline-$name")
	msg=$(printf 'From: a@lab.test\nTo: b@lab.test\nSubject: %s\n\npipelined\n' "$subject" | t_write "$name.eml")
	script=$(t_write "$name.script" <<SCRIPT
/ehlo client.lab.test
/pipeline
MAIL FROM:<a@lab.test>
RCPT TO:<b@lab.test>
RCPT TO:<nobody@example.org>
DATA
/end
/body-after-354 $msg
/expect 250
/quit
SCRIPT
)
	run_smtpcon "$name" --batch --json --timeout 10 --script "$script" "127.0.0.1:$port"
	expect_rc 0
	expect_json_valid "$OUT"
	expect_json "$OUT" '[.[] | select(.type == "sent" and (.data | startswith("MAIL FROM:")))] | length == 1 and
		(.[0].data == "MAIL FROM:<a@lab.test>\r\nRCPT TO:<b@lab.test>\r\nRCPT TO:<nobody@example.org>\r\nDATA\r\n")' \
		"$name: the four commands were not sent in one write"
	expect_json "$OUT" '[.[] | select(.type == "reply") | [.code, .command]] |
		.[2:6] == [[250, "MAIL FROM:<a@lab.test>"], [250, "RCPT TO:<b@lab.test>"],
		           [550, "RCPT TO:<nobody@example.org>"], [354, "DATA"]]' \
		"$name: replies not matched to MAIL, RCPT, RCPT, DATA in order"
	expect_json "$OUT" 'all(.[]; .type != "warning" or .id != "pipelining-not-offered")' "$name: PIPELINING not seen"
}

run_one exim "$EXIM_PORT"
exim_wait_mail "$(grep -m1 '^Subject:' "$RUN_DIR/exim.eml" | cut -d' ' -f2-)" >/dev/null ||
	fail "the pipelined message was not delivered by Exim" "$EXIM_LOG"
run_one postfix "$POSTFIX_PORT"
postfix_wait_mail "$(grep -m1 '^Subject:' "$RUN_DIR/postfix.eml" | cut -d' ' -f2-)" >/dev/null ||
	fail "the pipelined message was not delivered by Postfix" "$POSTFIX_LOG"
pass "pipelined replies matched in order on Exim and Postfix $POSTFIX_VERSION"
