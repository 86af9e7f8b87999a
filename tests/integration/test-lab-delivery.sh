#!/usr/bin/env bash
# Practice lab, scenario delivery (port 25 as an MX): no AUTH on offer (before or after TLS), mail for the lab's
# own domain accepted, any other domain refused with 550 5.7.1 and the advisor's relay-denied diagnosis; the
# accepted message lands in the Maildir with a Received header. Checked with the console's batch mode (JSON
# Lines) and with swaks against `--serve-lab=delivery` as an independent client.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

# 1. The console on the lab: the whole lesson in one script. (The message goes by /data FILE: a script drops
# blank lines, so a typed DATA would lose the line between header and body.)
msg=$(t_write message.txt <<'EOF'
Subject: my first message
From: you@example.org

Hello from the lab.
.a line that starts with a dot (dot-stuffed on the wire)
EOF
)
script=$(t_write delivery.script <<EOF
EHLO me.example
/expect 250
AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U=
/expect 503
/starttls
MAIL FROM:<you@example.org>
/expect 250 2.1.0
RCPT TO:<someone@example.com>
/expect 550 5.7.1
RCPT TO:<student@lab.test>
/expect 250 2.1.5
/data $msg
/expect 250 2.0.0
QUIT
/expect 221
/mailbox
/mailbox 1
EOF
)
run_smtpcon console --batch --json --lab=delivery --timeout 10 --script "$script"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "caps" and .phase == "plain" and any(.caps[]; .name == "STARTTLS")
	and (any(.caps[]; .name == "AUTH") | not))' "port 25: STARTTLS but no AUTH in the plaintext EHLO"
expect_json "$OUT" 'any(.[]; .type == "caps" and .phase == "tls" and (any(.caps[]; .name == "AUTH") | not))' \
	"port 25: no AUTH inside TLS either"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 503 and (.command | startswith("AUTH")))' \
	"AUTH on port 25 is not refused with 503"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 550 and .enhanced == "5.7.1"
	and (.command | contains("someone@example.com")) and (.lines[0] | test("[Rr]elaying denied")))' \
	"relaying to another domain is not refused with 550 5.7.1"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "relay-denied" and (.hint | test("587")))' \
	"no relay-denied diagnosis pointing at the submission port"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and (.command | contains("student@lab.test")))' \
	"the lab's own domain is not accepted"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and .command == "(end of message)")' \
	"the message is not accepted after the final dot"
expect_json "$OUT" '[.[] | select(.type == "expect" and .ok == false)] | length == 0' "an /expect failed"
expect_json "$OUT" 'any(.[]; .type == "output"
	and (.message | test("<you@example.org> -> <student@lab.test> +\"my first message\"")))' \
	"/mailbox does not list the message with its envelope and subject"
# The Received header the lab added: over TLS without AUTH is ESMTPS (RFC 3848), for the accepted recipient only.
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("^Return-Path: <you@example.org>"))
	and (.message | test("with ESMTPS id")) and (.message | test("\n\nHello from the lab.\n[.]a line that"))
	and (.message | contains("someone@example.com") | not))' \
	"/mailbox 1 does not show the stored message with its Received header"

# 2. The text transcript says the same to a person.
run_smtpcon console-text --batch --lab=delivery --timeout 10 --script "$script"
expect_rc 0
expect_grep 'S:~ 550 5\.7\.1 Relaying denied' "$OUT"
expect_grep 'warning relay-denied' "$OUT" "the transcript does not explain the 550"

# 3. swaks as an independent client, against the lab served alone.
if ! command -v swaks >/dev/null; then
	skip_or_fail "swaks is not installed (the console checks above passed)"
fi
t_serve_lab delivery
expect_grep '^  listening   127\.0\.0\.1:'"$LAB_PORT" "$LAB_OUT" "--serve-lab did not describe itself"

rc=0
timeout 30 swaks --server "127.0.0.1:$LAB_PORT" --ehlo swaks.example --from you@example.org \
	--to someone@example.com >"$RUN_DIR/swaks-relay.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "swaks: relaying was accepted" "$RUN_DIR/swaks-relay.out"
expect_grep '<\*\* +550 5\.7\.1 Relaying denied' "$RUN_DIR/swaks-relay.out" "swaks did not see 550 5.7.1"

subject=$(unique_subject delivery)
timeout 30 swaks --server "127.0.0.1:$LAB_PORT" --ehlo swaks.example --from you@example.org \
	--to student@lab.test --header "Subject: $subject" >"$RUN_DIR/swaks-local.out" 2>&1 ||
	fail "swaks could not deliver to the lab's own domain" "$RUN_DIR/swaks-local.out"
expect_grep '^<- +250 2\.0\.0 Ok: queued as' "$RUN_DIR/swaks-local.out"
msg=$(grep -lF "Subject: $subject" "$LAB_MAILDIR"/new/* 2>/dev/null | head -n1) ||
	fail "swaks' message is not in the Maildir" "$LAB_ERR"
[ -n "$msg" ] || fail "swaks' message is not in the Maildir" "$LAB_ERR"
expect_grep '^Received: from swaks\.example \(\[127\.0\.0\.1\]\)' "$msg" "no Received header naming the client"
expect_grep 'with ESMTP id' "$msg" "plaintext without AUTH is not ESMTP in the Received header"

kill -TERM "$LAB_PID"
rc=0
wait "$LAB_PID" || rc=$?
[ "$rc" -eq 0 ] || fail "--serve-lab exited $rc after SIGTERM" "$LAB_ERR"
expect_no_grep 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LAB_ERR" "sanitizer report from --serve-lab"
expect_grep 'delivered .* to 1 recipient' "$LAB_ERR" "the lab's log does not note the delivery"
pass
