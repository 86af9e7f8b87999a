#!/usr/bin/env bash
# --tls-optional means TLS where the server gives it. Real Exim answers STARTTLS with "454 4.7.0" (its STARTTLS
# ACL defers): smtpcon shows the 454 and what it means, says the session continues in plaintext, and goes on
# (MAIL, RCPT, DATA, QUIT); the message is delivered and the exit status is 0, since nothing failed that the option
# asked for. Exim's log shows the refused STARTTLS and a session closed by QUIT, never a lost connection. (--tls,
# which stops instead, is test-tls-required.)
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
export EXIM_EXTRA_CONF='acl_smtp_starttls = defer message = 454 4.7.0 TLS not available right now'
exim_start

# 1. JSON: what went out, the warning with its meaning, the delivery.
subject=$(unique_subject optional)
run_smtpcon json --batch --json --tls-optional --from alice@lab.test --to bob@lab.test --header "Subject: $subject" \
	--timeout 10 "127.0.0.1:$EXIM_PORT"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" '[.[] | select(.type == "sent") | .data | sub("\r\n$"; "") | split(" ")[0] | split(":")[0]] |
	.[0:5] == ["EHLO", "STARTTLS", "MAIL", "RCPT", "DATA"] and last == "QUIT"' \
	"the session did not go on in plaintext after the 454 (EHLO, STARTTLS, MAIL, RCPT, DATA ... QUIT)"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 454)' "the 454 is not shown"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "starttls-refused" and .severity == "warning" and
	(.message | test("^STARTTLS was refused \\(454 4\\.7\\.0\\): the session continues in plaintext")) and
	(.hint | test("temporary")) and (.hint | test("readable")))' \
	"the refusal, its meaning and the plaintext that follows are not said"
expect_json "$OUT" '[.[] | select(.type == "sent") | .data | startswith("EHLO")] | map(select(.)) | length == 1' \
	"EHLO was sent again after a refused STARTTLS (the capabilities still hold)"
expect_json "$OUT" 'all(.[]; .type != "error")' "an error was reported for a refusal --tls-optional accepts"
exim_wait_mail "$subject" >/dev/null || fail "the message was not delivered after the 454" "$EXIM_LOG" "$OUT"

# 2. The text transcript says the same, in words.
run_smtpcon text --batch --tls-optional --from alice@lab.test --to bob@lab.test --timeout 10 "127.0.0.1:$EXIM_PORT"
expect_rc 0
expect_grep 'S: 454 4\.7\.0 TLS not available right now' "$OUT"
expect_grep 'STARTTLS was refused \(454 4\.7\.0\): the session continues in plaintext \(--tls-optional\)' "$OUT"
expect_grep 'S: 221 ' "$OUT" "the session did not end with QUIT and 221"

# Exim saw the refusal, then sessions that ended with QUIT.
for ((i = 0; i < 50; i++)); do
	[ "$(grep -c 'closed by QUIT' "$EXIM_LOG" || true)" -ge 2 ] && break
	sleep 0.1
done
expect_grep 'temporarily rejected STARTTLS' "$EXIM_LOG" "Exim did not refuse STARTTLS (the test's premise)"
[ "$(grep -c 'closed by QUIT' "$EXIM_LOG" || true)" -ge 2 ] || fail "a session did not end with QUIT" "$EXIM_LOG"
expect_no_grep 'lost connection|unexpected disconnection' "$EXIM_LOG" "Exim logged an impolite end"
pass "--tls-optional: a 454 to STARTTLS is shown with its meaning, and the session goes on in plaintext (exit 0)"
