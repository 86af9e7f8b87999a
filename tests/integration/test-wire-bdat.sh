#!/usr/bin/env bash
# BDAT (RFC 3030 CHUNKING) against real Exim 4.96 and Postfix 3.7: a message in 16-byte chunks, one per reply,
# and the same pipelined, with SMTPUTF8 addresses typed as UTF-8 and an 8-bit body; each found on disk with its
# lines exactly as sent (BDAT has no dot-stuffing, so ".." and "." lines must arrive unchanged). Each BDAT count
# equals the bytes that follow it, and every reply is matched to its BDAT command.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/postfix.sh"
t_require_smtpcon
exim_start
postfix_start

run_one()
{
	local name=$1 port=$2 mode=$3 subject msg script size
	subject=$(unique_subject "bdat-$name")
	msg=$(t_write "$name.eml" <<MSG
From: jösé@lab.test
To: bøb@lab.test
Subject: $subject
Content-Type: text/plain; charset=utf-8

hällo wörld
..two dots stay two
.
last line
MSG
)
	script=$(t_write "$name.script" <<SCRIPT
/ehlo client.lab.test
MAIL FROM:<jösé@lab.test> SMTPUTF8 BODY=8BITMIME
/expect 250
RCPT TO:<bøb@lab.test>
/expect 250
/bdat $msg --chunk 16 $mode
/expect 250
/quit
SCRIPT
)
	run_smtpcon "$name" --batch --json --timeout 10 --script "$script" "127.0.0.1:$port"
	expect_rc 0
	expect_json_valid "$OUT"
	# The BDAT counts add up to the message with CRLF endings, and the server confirms each chunk's count
	# (Exim: "16 byte chunk received", Postfix: "Ok: 16 bytes").
	size=$(sed 's/$/\r/' "$msg" | wc -c)
	expect_json "$OUT" '[.[] | select(.type == "reply" and (.command // "" | test("^BDAT "))) | .command |
		capture("^BDAT (?<n>[0-9]+)").n | tonumber] | add == '"$size" "$name: BDAT counts do not add up to $size bytes"
	expect_json "$OUT" 'all(.[] | select(.type == "reply" and (.command // "" | test("^BDAT [0-9]+$")));
		(.command | capture("^BDAT (?<n>[0-9]+)").n) as $n | (.lines | join(" ")) | test("\\b" + $n + " byte"))' \
		"$name: the server did not confirm each chunk's byte count"
	expect_json "$OUT" '[.[] | select(.type == "reply" and .command != null and (.command | startswith("BDAT"))) | .code] |
		length >= 2 and all(. == 250)' "$name: not every BDAT chunk got its own 250"
	expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and (.command // "" | test("^BDAT [0-9]+ LAST$")))' \
		"$name: no 250 to BDAT LAST"
	printf '%s\n' "$subject"
}

check_stored()
{
	local f=$1
	grep -qx 'hällo wörld' "$f" || fail "8-bit line not stored as sent" "$f"
	grep -qx '\.\.two dots stay two' "$f" || fail "'..' line changed (BDAT must not be dot-unstuffed)" "$f"
	grep -qx '\.' "$f" || fail "a lone '.' line was lost" "$f"
	grep -qx 'last line' "$f" || fail "the line after '.' is missing" "$f"
}

s=$(run_one exim-each "$EXIM_PORT" "")
f=$(exim_wait_mail "$s") || fail "Exim: BDAT message not delivered" "$EXIM_LOG"
check_stored "$f"
s=$(run_one exim-pipelined "$EXIM_PORT" --pipeline)
f=$(exim_wait_mail "$s") || fail "Exim: pipelined BDAT message not delivered" "$EXIM_LOG"
check_stored "$f"
s=$(run_one postfix-each "$POSTFIX_PORT" "")
f=$(postfix_wait_mail "$s") || fail "Postfix: BDAT message not delivered" "$POSTFIX_LOG"
check_stored "$f"
s=$(run_one postfix-pipelined "$POSTFIX_PORT" --pipeline)
f=$(postfix_wait_mail "$s") || fail "Postfix: pipelined BDAT message not delivered" "$POSTFIX_LOG"
check_stored "$f"
pass "BDAT delivered by Exim and Postfix $POSTFIX_VERSION, chunk by chunk and pipelined"
