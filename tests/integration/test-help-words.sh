#!/usr/bin/env bash
# What a learner reads first says true things and leads on: --help lists every practice scenario with one line;
# /lesson in one scenario names the others; --explain reads 4.x.x as transient and 5.x.x as permanent (the
# greylisting reply 451 4.7.1 is not "message refused"). Needs only the built-in lab.
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

run_smtpcon help --help
expect_rc 0
expect_grep '^Practice scenarios' "$OUT" "--help does not list the practice scenarios"
for s in delivery submission implicit no-starttls bad-cert old-tls greylist strict-sync tarpit flaky; do
	expect_grep "^  $s  *[^ ]" "$OUT" "--help does not give the $s scenario a line"
done

run_smtpcon explain4 --explain 4.7.1
expect_rc 0
expect_grep 'Verdict: Transient' "$OUT" "4.7.1 is not read as transient"
expect_grep 'greylisting' "$OUT" "4.7.1 does not mention greylisting"
expect_no_grep '[Pp]ermanent|message refused|[Dd]o not retry' "$OUT"
run_smtpcon explain5 --explain 5.7.1
expect_rc 0
expect_grep 'Verdict: Permanent' "$OUT" "5.7.1 is not read as permanent"
expect_no_grep '[Rr]etry later|[Tt]ry again later' "$OUT"
run_smtpcon explain411 --explain 4.1.1
expect_no_grep 'What to try: Permanent' "$OUT"

script=$(printf '/lesson\nQUIT\n' | t_write lesson.script)
run_smtpcon lesson --batch --lab=greylist --timeout 10 --script "$script"
expect_rc 0
expect_grep '^Other lessons' "$OUT" "/lesson does not list the other lessons"
line=$(grep '^Other lessons' "$OUT")
case "$line" in
*" delivery"*" flaky"*) ;;
*) fail "the other lessons are not all named: $line" "$OUT" ;;
esac
case "$line" in
*" greylist"*) fail "the running lesson is listed among the others: $line" "$OUT" ;;
esac
pass
