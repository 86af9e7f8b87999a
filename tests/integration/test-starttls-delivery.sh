#!/usr/bin/env bash
# A full delivery over STARTTLS with a verified certificate, then the message found on disk in Exim's Maildir
# (dot-stuffing and CRLF normalisation checked on the stored copy), with the JSON events and the --log
# transcript agreeing.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

subject=$(unique_subject delivery)
marker="body-marker-$$-$RANDOM"
# LF line endings on purpose (smtpcon sends CRLF), and lines starting with dots (must be dot-stuffed).
msg=$(t_write message.eml <<MSG
From: sender@lab.test
To: bob@lab.test
Subject: $subject

$marker
.a line starting with a dot
..two dots
.
last line
MSG
)
script=$(t_write delivery.script <<SCRIPT
# envelope and data over the TLS session that --tls set up
MAIL FROM:<sender@lab.test>
/expect 250
RCPT TO:<bob@lab.test>
/expect 250
/data $msg
/expect 250
QUIT
/expect 221
SCRIPT
)

run_smtpcon delivery --batch --json --log "$RUN_DIR/delivery.log" --tls --tls-ca-path "$EXIM_CERT" \
	--tls-sni "$EXIM_NAME" --ehlo client.lab.test --timeout 10 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "connected" and .port == '"$EXIM_PORT"')' "no connected event"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == true)' "TLS not verified with --tls-ca-path and --tls-sni"
expect_json "$OUT" 'any(.[]; .type == "sent" and .tls == true and (.data | startswith("MAIL FROM:<sender@lab.test>")))' \
	"MAIL FROM not sent inside TLS"
expect_json "$OUT" 'all(.[]; .type != "sent" or .tls == true or (.data | test("^(EHLO|STARTTLS)"; "i")))' \
	"something other than EHLO/STARTTLS was sent in plaintext"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and (.lines[0] | test("^OK id=")))' \
	"no 250 OK id= reply to the final dot"
expect_json "$OUT" 'all(.[]; .type != "expect" or .ok == true)' "an /expect failed"

# The transcript names both directions.
expect_grep 'C:[^ ]* MAIL FROM:<sender@lab.test>' "$RUN_DIR/delivery.log" "--log transcript lacks the MAIL FROM line"
expect_grep 'S:[^ ]* 250 OK id=' "$RUN_DIR/delivery.log" "--log transcript lacks the server's 250 OK id="

f=$(exim_wait_mail "$subject") || fail "message not delivered to the Maildir" "$EXIM_LOG" "$OUT"
cp "$f" "$RUN_DIR/delivered.eml"
expect_grep "^$marker\$" "$f" "body marker missing in the delivered message"
grep -qx '\.a line starting with a dot' "$f" || fail "dot-stuffing: '.a line...' not stored as sent" "$f"
grep -qx '\.\.two dots' "$f" || fail "dot-stuffing: '..two dots' not stored as sent" "$f"
grep -qx '\.' "$f" || fail "dot-stuffing: a lone '.' line was lost (taken as end of data?)" "$f"
expect_grep '^last line$' "$f" "the line after a lone dot is missing"
grep -q 'X=TLS1\.[23]' "$EXIM_LOG" || fail "Exim did not log the message as received over TLS" "$EXIM_LOG"
pass "delivered over STARTTLS: $f"
