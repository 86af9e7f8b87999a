#!/usr/bin/env bash
# Replay: a session recorded against Exim 4.96 (--log, and /save) is replayed against Postfix 3.7 with --replay;
# the client bytes are the same (STARTTLS and the second EHLO, pipelining-free commands, a DATA body with lines
# the console would misread if typed — "/...", "#...", empty, UTF-8 — a BDAT chunk, a bare-LF NOOP). A swaks
# transcript recorded against Exim is replayed against Postfix the same way.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/postfix.sh"
t_require_smtpcon
exim_start
postfix_start

subject=$(unique_subject replay)
msg=$(t_write replay.eml <<MSG
From: a@lab.test
To: b@lab.test
Subject: $subject

/etc/passwd is not a console command here
# nor is this a comment

grüße
.leading dot
MSG
)
script=$(t_write orig.script <<SCRIPT
/ehlo client.lab.test
/starttls
MAIL FROM:<a@lab.test>
RCPT TO:<b@lab.test>
/data $msg
/expect 250
MAIL FROM:<a@lab.test>
RCPT TO:<b@lab.test>
/bdat --text "Subject: $subject bdat\r\n\r\nchunked\r\n"
/expect 250
/raw "NOOP\n"
RSET
/save $RUN_DIR/saved.log
QUIT
SCRIPT
)
run_smtpcon orig --batch --json --log "$RUN_DIR/orig.log" --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" \
	--timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
exim_wait_mail "$subject" >/dev/null || fail "the original message did not reach Exim" "$EXIM_LOG"
[ -s "$RUN_DIR/saved.log" ] || fail "/save wrote nothing"
expect_grep 'C:~ RSET' "$RUN_DIR/saved.log" "/save's transcript lacks the session"

sent() { jq -j -s '[.[] | select(.type == "sent") | .data] | join("")' "$1"; }
sent "$RUN_DIR/orig.out" >"$RUN_DIR/orig.bytes"

for log in orig.log saved.log; do
	name=replay-${log%.log}
	run_smtpcon "$name" --batch --json --tls-ca-path "$POSTFIX_CERT" --tls-sni "$POSTFIX_NAME" --timeout 10 \
		--replay "$RUN_DIR/$log" "$POSTFIX_HOST:$POSTFIX_PORT"
	expect_rc 0
	sent "$RUN_DIR/$name.out" >"$RUN_DIR/$name.bytes"
	# (/save ran before QUIT: its transcript ends there, and the batch run, ending with the session open, sends
	# the polite QUIT itself: the same bytes again. test-batch-end-quit; --no-quit below.)
	want=$RUN_DIR/orig.bytes
	cmp "$want" "$RUN_DIR/$name.bytes" >"$RUN_DIR/$name.cmp" 2>&1 ||
		fail "replaying $log against Postfix did not send the same client bytes" "$RUN_DIR/$name.cmp" "$OUT"
	expect_json "$OUT" 'any(.[]; .type == "tls")' "$name: STARTTLS did not lead to TLS on Postfix"
	expect_json "$OUT" 'all(.[]; .id != "replay-body-cut")' "$name: a whole body was reported as cut"
done
postfix_wait_mail "$subject" >/dev/null || fail "the replayed message did not reach Postfix" "$POSTFIX_LOG"
# With --no-quit, the transcript's bytes and nothing more: no QUIT after /save's end.
run_smtpcon replay-saved-noquit --batch --json --no-quit --tls-ca-path "$POSTFIX_CERT" --tls-sni "$POSTFIX_NAME" \
	--timeout 10 --replay "$RUN_DIR/saved.log" "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 0
sent "$OUT" >"$RUN_DIR/replay-saved-noquit.bytes"
head -c -6 "$RUN_DIR/orig.bytes" >"$RUN_DIR/saved.want"
cmp "$RUN_DIR/saved.want" "$RUN_DIR/replay-saved-noquit.bytes" >"$RUN_DIR/replay-saved-noquit.cmp" 2>&1 ||
	fail "replaying saved.log with --no-quit did not send exactly its client bytes" "$RUN_DIR/replay-saved-noquit.cmp"

# A swaks transcript (" -> " / " ~> " lines) replayed the same way.
subject=$(unique_subject replay-swaks)
timeout -k 5 30 swaks --server "$EXIM_HOST" --port "$EXIM_PORT" --helo client.lab.test --from a@lab.test \
	--to b@lab.test --header "Subject: $subject" </dev/null >"$RUN_DIR/swaks.txt" 2>&1 ||
	fail "swaks failed" "$RUN_DIR/swaks.txt"
# swaks prints DATA lines with their CR: the reader drops one trailing CR per transcript line.
sed -n 's/^ *[-~]> \{0,1\}//p' "$RUN_DIR/swaks.txt" | sed 's/\r$//' | awk '{ printf "%s\r\n", $0 }' >"$RUN_DIR/swaks.bytes"
run_smtpcon replay-swaks --batch --json --timeout 10 --replay "$RUN_DIR/swaks.txt" "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 0
sent "$OUT" >"$RUN_DIR/replay-swaks.bytes"
cmp "$RUN_DIR/swaks.bytes" "$RUN_DIR/replay-swaks.bytes" >"$RUN_DIR/swaks.cmp" 2>&1 ||
	fail "the swaks transcript was not replayed byte for byte" "$RUN_DIR/swaks.cmp" "$OUT"
postfix_wait_mail "$subject" >/dev/null || fail "the replayed swaks message did not reach Postfix" "$POSTFIX_LOG"
pass "Exim sessions replayed against Postfix $POSTFIX_VERSION with the same client bytes"
