#!/usr/bin/env bash
# Practice lab, scenario tarpit: every reply (the greeting too) is held back for about 2 s. Checked from the
# console's JSON timestamps: each reply comes 2 s (and not much more) after the command it answers; a client with
# --timeout 1 gives up with exit 3.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

start=$(date +%s)
run_smtpcon slow --batch --json --lab=tarpit --timeout 10 --script "$(t_write slow.script <<'EOF'
EHLO me.example
/expect 250
NOOP
/expect 250
QUIT
/expect 221
EOF
)"
elapsed=$(($(date +%s) - start))
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" '[.[] | select(.type == "reply")] | length == 4' "not four replies (greeting, EHLO, NOOP, QUIT)"
# Each reply's delay: from the connection (greeting) or from the command it answers.
expect_json "$OUT" '
	([.[] | select(.type == "connected")][0].t) as $c
	| [.[] | select(.type == "sent" or .type == "reply") | {type, t}]
	| ([.[0].t - $c] + [range(1; length) as $i | select(.[$i].type == "reply" and .[$i - 1].type == "sent")
	                     | .[$i].t - .[$i - 1].t]) as $d
	| ($d | length) == 4 and all($d[]; . >= 1.8 and . < 4)' \
	"a reply did not come about 2 s after its command"
[ "$elapsed" -lt 20 ] || fail "the tarpit session took ${elapsed}s (bounded: 4 replies of 2 s)"

# Impatience: a 1 s timeout gives up on the greeting (exit 3).
run_smtpcon impatient --batch --json --lab=tarpit --timeout 1 --script "$(t_write q.script <<<'QUIT')"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "timeout" and (.message | test("greeting")))' \
	"no timeout waiting for the greeting"
expect_json "$OUT" 'any(.[]; .type == "reply") | not' "a reply arrived within 1 s in the tarpit"
pass
