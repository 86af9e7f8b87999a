#!/usr/bin/env bash
# Practice lab, scenario greylist: the first RCPT of a new (client, sender, recipient) triplet is 451 4.7.1, so is
# a retry that comes too early, and a retry after the delay is accepted and delivered. The delay is 30 s by default;
# SMTPCON_LAB_GREYLIST_SECONDS shortens it (here to 2 s). The lab remembers the triplet across connections: swaks
# is turned away once and gets through on its retry.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

# The default delay, as the lesson says.
run_smtpcon default --batch --json --lab=greylist --timeout 10 --script "$(t_write default.script <<'EOF'
EHLO me.example
MAIL FROM:<you@example.org>
RCPT TO:<student@lab.test>
/expect 451 4.7.1
QUIT
EOF
)"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 451 and (.lines[0] | test("try again in 30 seconds")))' \
	"the default greylist delay is not 30 seconds"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "greylisting")' "no greylisting diagnosis"

# Shortened: 451 now, 451 on a retry at once, 250 after the delay, and the message arrives.
script=$(t_write greylist.script <<'EOF'
EHLO me.example
MAIL FROM:<you@example.org>
RCPT TO:<student@lab.test>
/expect 451 4.7.1
RCPT TO:<student@lab.test>
/expect 451 4.7.1
/sleep 2300
RCPT TO:<student@lab.test>
/expect 250 2.1.5
RCPT TO:<other@lab.test>
/expect 451 4.7.1
/data
/expect 250 2.0.0
QUIT
/mailbox
EOF
)
SMTPCON_LAB_GREYLIST_SECONDS=2 run_smtpcon short --batch --json --lab=greylist --timeout 10 --script "$script"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" '[.[] | select(.type == "expect" and .ok == false)] | length == 0' "an /expect failed"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 451 and (.lines[0] | test("try again in [12] seconds")))' \
	"SMTPCON_LAB_GREYLIST_SECONDS did not shorten the delay"
expect_json "$OUT" '[.[] | select(.type == "reply" and .code == 250 and (.command | contains("RCPT")))][0].t >= 2' \
	"the retry was accepted before the delay was over"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("<you@example.org> -> <student@lab.test>")))' \
	"the message accepted after greylisting is not in /mailbox"

# An independent client, across connections: the first attempt fails with 451, the retry after the delay works.
if ! command -v swaks >/dev/null; then
	skip_or_fail "swaks is not installed (the console checks above passed)"
fi
t_serve_lab greylist SMTPCON_LAB_GREYLIST_SECONDS=2
rc=0
timeout 30 swaks --server "127.0.0.1:$LAB_PORT" --from you@example.org --to student@lab.test \
	>"$RUN_DIR/swaks1.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "swaks' first attempt was not greylisted" "$RUN_DIR/swaks1.out"
expect_grep '<\*\* +451 4\.7\.1 Greylisted' "$RUN_DIR/swaks1.out"
sleep 2.3
timeout 30 swaks --server "127.0.0.1:$LAB_PORT" --from you@example.org --to student@lab.test \
	>"$RUN_DIR/swaks2.out" 2>&1 || fail "swaks' retry after the delay was refused" "$RUN_DIR/swaks2.out"
expect_grep '^<- +250 2\.0\.0 Ok: queued as' "$RUN_DIR/swaks2.out"
n=$(find "$LAB_MAILDIR/new" -type f | wc -l)
[ "$n" -eq 1 ] || fail "expected 1 message in the Maildir, found $n" "$LAB_ERR"
kill -TERM "$LAB_PID"
rc=0
wait "$LAB_PID" || rc=$?
[ "$rc" -eq 0 ] || fail "--serve-lab exited $rc after SIGTERM" "$LAB_ERR"
expect_grep 'greylisted a new sender/recipient pair' "$LAB_ERR" "the lab's log does not note the greylisting"
expect_no_grep 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LAB_ERR" "sanitizer report from --serve-lab"
pass
