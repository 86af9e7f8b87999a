#!/usr/bin/env bash
# --repeat N: the whole session again on a new connection, N times, then a summary. What a user relies on:
#   1. against the flaky practice lab (every other DATA loses the connection), the runs that failed are named,
#      the exit status is the worst run's, and the lab's Maildir holds exactly the messages of the runs that passed;
#   2. against the real Exim over STARTTLS, every run is delivered (N messages on disk) and the exit status is 0;
#   3. a script read from stdin is repeated too; the JSON events mark each run and the summary with ids;
#   4. --until-failure ends the series at the first run that fails (against the same flaky lab).
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon

# 1. The flaky lab: runs 1 and 3 are cut off during DATA, runs 2 and 4 are delivered.
send=$(t_write send.script <<'EOF'
EHLO me.example
MAIL FROM:<you@example.org>
/expect 250
RCPT TO:<student@lab.test>
/expect 250
/data
/expect 250
QUIT
EOF
)
run_smtpcon flaky --batch --lab=flaky --timeout 10 --repeat 4 --script "$send"
expect_rc 3
for k in 1 2 3 4; do
	expect_grep "^ *[0-9.]+ --- run $k of 4\$" "$OUT" "no marker before run $k"
done
expect_grep '--- 4 runs: 2 passed, 2 failed \(run 1: exit 3, run 3: exit 3\); time per run: min [0-9.]+ ms, median [0-9.]+ ms, max [0-9.]+ ms$' \
	"$OUT" "the summary does not name the failed runs (1 and 3) and the times"
[ "$(grep -c 'S: 250 .*[Qq]ueued\|S: 250 2.0.0' "$OUT")" -ge 2 ] || fail "fewer than two messages accepted" "$OUT"
[ "$(grep -c 'the server closed the connection while we waited for the reply to the end of the message' "$OUT")" -eq 2 ] ||
	fail "not exactly two runs lost during the message" "$OUT"

# The same lab, served alone: its Maildir holds the two delivered messages and nothing of the two cut off.
t_serve_lab flaky
run_smtpcon flaky-alone --batch --timeout 10 --repeat 4 --script "$send" "127.0.0.1:$LAB_PORT"
expect_rc 3
expect_grep '--- 4 runs: 2 passed, 2 failed \(run 1: exit 3, run 3: exit 3\)' "$OUT" "wrong summary against --serve-lab"
stored=$(find "$LAB_MAILDIR/new" -type f | wc -l)
[ "$stored" -eq 2 ] || fail "the lab stored $stored messages, not 2" "$LAB_ERR" "$OUT"

# --until-failure stops at the first failed run. The lab's fifth message is lost (one run, exit 3); then of four
# planned runs, the first is delivered and the second lost, and no third run is made.
run_smtpcon fifth --batch --timeout 10 --script "$send" "127.0.0.1:$LAB_PORT"
expect_rc 3
run_smtpcon until --batch --timeout 10 --repeat 4 --until-failure --script "$send" "127.0.0.1:$LAB_PORT"
expect_rc 3
expect_grep '--- 2 runs: 1 passed, 1 failed \(run 2: exit 3\); time per run: .*; stopped at the first failure \(4 planned\)$' \
	"$OUT" "--until-failure did not stop after the first failed run"
expect_no_grep '--- run 3 of 4' "$OUT" "a run was made after the first failure"
stored=$(find "$LAB_MAILDIR/new" -type f | wc -l)
[ "$stored" -eq 3 ] || fail "the lab stored $stored messages, not 3" "$LAB_ERR" "$OUT"

# 2. Exim over STARTTLS: three runs, three messages on disk, exit 0.
exim_start
subject=$(unique_subject repeat)
msg=$(t_write message.eml <<MSG
From: sender@lab.test
To: bob@lab.test
Subject: $subject

one of three
MSG
)
script=$(t_write exim.script <<SCRIPT
MAIL FROM:<sender@lab.test>
/expect 250
RCPT TO:<bob@lab.test>
/expect 250
/data $msg
/expect 250
QUIT
SCRIPT
)
run_smtpcon exim --batch --tls --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --ehlo client.lab.test --timeout 10 \
	--repeat 3 --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep '--- 3 runs: 3 passed, 0 failed; time per run' "$OUT" "not every run against Exim passed"
[ "$(grep -c '\*\*\* TLS.*certificate verified' "$OUT")" -eq 3 ] || fail "not three verified TLS handshakes" "$OUT"
exim_wait_mail "$subject" >/dev/null || fail "no message delivered" "$EXIM_LOG" "$OUT"
for ((i = 0; i < 50; i++)); do
	[ "$(grep -lF "Subject: $subject" "$EXIM_MAILDIR"/new/* 2>/dev/null | wc -l)" -eq 3 ] && break
	sleep 0.1
done
[ "$(grep -lF "Subject: $subject" "$EXIM_MAILDIR"/new/* | wc -l)" -eq 3 ] ||
	fail "Exim did not store three messages" "$EXIM_LOG" "$OUT"

# 3. A script from stdin, twice, as JSON Lines.
printf 'EHLO me.example\n/expect 250\nQUIT\n' |
	timeout -k 5 "$T_TIMEOUT" "$SMTPCON" --batch --json --timeout 10 --repeat 2 --script - "$EXIM_HOST:$EXIM_PORT" \
		>"$RUN_DIR/stdin.out" 2>"$RUN_DIR/stdin.err" || fail "the stdin script failed" "$RUN_DIR/stdin.out" "$RUN_DIR/stdin.err"
expect_json_valid "$RUN_DIR/stdin.out"
expect_json "$RUN_DIR/stdin.out" '[.[] | select(.type == "sent" and (.data | startswith("EHLO me.example")))] | length == 2' \
	"the stdin script did not run twice"
expect_json "$RUN_DIR/stdin.out" '[.[] | select(.type == "info" and .id == "repeat-run")] | length == 2' \
	"no repeat-run note before each run"
expect_json "$RUN_DIR/stdin.out" \
	'any(.[]; .type == "info" and .id == "repeat-summary" and (.message | startswith("2 runs: 2 passed, 0 failed")))' \
	"no repeat-summary note"

# 4. Usage: only in batch mode, and a bounded count.
run_smtpcon no-batch --repeat 2 "$EXIM_HOST:$EXIM_PORT"
expect_rc 2
expect_grep 'repeat needs --batch' "$ERR" "no reason given for --repeat without --batch"
run_smtpcon zero --batch --repeat 0 "$EXIM_HOST:$EXIM_PORT"
expect_rc 2
run_smtpcon until-alone --batch --until-failure "$EXIM_HOST:$EXIM_PORT"
expect_rc 2
t_log "ok"
