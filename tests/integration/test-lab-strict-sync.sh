#!/usr/bin/env bash
# Practice lab, scenario strict-sync (Exim's synchronisation check): the greeting is held back for 3 s; a client
# that talks first (/connect --no-wait + EHLO, or a TLS ClientHello from /hello-tls) gets 554 5.5.0 with the reason
# and is hung up on; a patient client sees no PIPELINING, and two commands in one write are 554 as well.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

# 1. An early talker: EHLO before the greeting.
run_smtpcon early --batch --json -v --lab=strict-sync --no-wait --timeout 10 \
	--script "$(t_write early.script <<<'EHLO me.example')"
expect_rc 3
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 554 and .enhanced == "5.5.0"
	and (.lines[0] | test("input sent without waiting for greeting")))' "talking first is not 554 5.5.0 with the reason"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 220) | not' "the early talker got the greeting anyway"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "talked-before-greeting")' \
	"the console does not explain the 554"
expect_json "$OUT" 'any(.[]; .type == "closed" and .by == "server")' "the server did not hang up"
expect_grep '^lab: .*early-talker|^lab: .*before the greeting' "$ERR" "the lab's log does not name the mistake"

# 2. A client set to SSL/TLS on this plaintext port: its ClientHello is the early input, and the lab says so.
run_smtpcon hello-tls --batch --json --lab=strict-sync --no-wait --timeout 10 \
	--script "$(t_write hello.script <<'EOF'
/hello-tls
/sleep 200
EOF
)"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 554 and (.lines[0] | test("TLS ClientHello")))' \
	"a ClientHello before the greeting is not 554 naming the ClientHello"

# 3. A patient client: the greeting comes after the hold-back; no PIPELINING; a pipelined pair is refused.
run_smtpcon patient --batch --json --lab=strict-sync --timeout 10 --script "$(t_write patient.script <<'EOF'
EHLO me.example
/expect 250
MAIL FROM:<a@example.org>
/expect 250
/raw "RCPT TO:<student@lab.test>\r\nDATA\r\n"
/sleep 500
EOF
)"
expect_rc 3
expect_json "$OUT" '[.[] | select(.type == "reply" and .code == 220)][0].t >= 2.5' \
	"the greeting was not held back (about 3 s)"
expect_json "$OUT" 'any(.[]; .type == "caps" and (any(.caps[]; .name == "PIPELINING") | not))' \
	"strict-sync offers PIPELINING"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 554 and (.lines[0] | test("pipelined")))' \
	"pipelining without PIPELINING is not refused with 554"
pass
