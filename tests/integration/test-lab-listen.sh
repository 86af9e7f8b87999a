#!/usr/bin/env bash
# Listen mode beyond tests/integration/test-listen.sh: answering by hand (--manual, driven by a script: /accept
# sends the scenario's reply, any other line is sent instead), and the client mistakes the issue names, diagnosed
# on the server side: bare LF, AUTH before STARTTLS, no EHLO after TLS, pipelining without PIPELINING, a message
# line starting with an unstuffed dot, plain SMTP on the implicit-TLS port. The misbehaving client is the console itself (/eol lf, /raw, a typed
# STARTTLS that is not followed by EHLO).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

# listen_start NAME ARGS...: `smtpcon --batch --json --listen 127.0.0.1:PORT ARGS...` in the background, once it
# has announced itself. Sets L_PORT, L_PID, L_OUT.
listen_start()
{
	local name=$1 i
	shift
	L_PORT=$(t_closed_port)
	L_OUT=$RUN_DIR/$name.out
	"$SMTPCON" --batch --json --listen "127.0.0.1:$L_PORT" "$@" </dev/null >"$L_OUT" 2>"$RUN_DIR/$name.err" &
	L_PID=$!
	at_exit "kill $L_PID 2>/dev/null || true"
	for ((i = 0; i < 100; i++)); do
		grep -qs '"listening: ' "$L_OUT" && return 0
		sleep 0.1
	done
	fail "listen mode did not announce itself" "$L_OUT" "$RUN_DIR/$name.err"
}

# listen_stop NAME: SIGINT, a clean exit, no sanitizer report.
listen_stop()
{
	local rc=0
	kill -INT "$L_PID" 2>/dev/null || true
	wait "$L_PID" || rc=$?
	[ "$rc" -eq 0 ] || fail "listen mode exited $rc" "$RUN_DIR/$1.err"
	expect_no_grep 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$RUN_DIR/$1.err" "sanitizer report from listen mode"
}

# 1. --manual: the person at the console (here a script, paced with /sleep: generous, as the client answers at
# once) answers each command. An /accept
# before any client is there is an error that changes nothing.
op=$(t_write operator.script <<'EOF'
/accept
/sleep 3000
/accept
/sleep 1500
250 manual.example says hello
/sleep 1500
550 5.7.1 not today, by hand
/sleep 1500
/accept
/sleep 500
EOF
)
port=$(t_closed_port)
"$SMTPCON" --batch --json --listen "127.0.0.1:$port" --manual --script "$op" </dev/null \
	>"$RUN_DIR/manual.out" 2>"$RUN_DIR/manual.err" &
op_pid=$!
at_exit "kill $op_pid 2>/dev/null || true"
for ((i = 0; i < 100; i++)); do
	grep -qs '"listening: ' "$RUN_DIR/manual.out" && break
	sleep 0.1
done
run_smtpcon manual-client --batch --json --timeout 20 --script "$(t_write manual-client.script <<'EOF'
EHLO c.example
/expect 250
MAIL FROM:<a@example.org>
/expect 550 5.7.1
QUIT
/expect 221
EOF
)" "127.0.0.1:$port"
expect_rc 0
rc=0
wait "$op_pid" || rc=$?
[ "$rc" -eq 0 ] || fail "the --manual console exited $rc" "$RUN_DIR/manual.out" "$RUN_DIR/manual.err"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 220 and (.lines[0] | test("^mail.lab.test ESMTP")))' \
	"/accept did not send the scenario's greeting"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and .lines == ["manual.example says hello"])' \
	"the typed EHLO reply did not reach the client"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 550 and .lines[0] == "5.7.1 not today, by hand")' \
	"the typed refusal did not reach the client"
M=$RUN_DIR/manual.out
expect_json "$M" 'any(.[]; .type == "output" and (.message | test("in manual mode|answer each command")))' \
	"--manual does not say the person answers"
expect_json "$M" 'any(.[]; .type == "error" and (.message | test("no client is waiting")))' \
	"/accept with nobody waiting is not reported"
expect_json "$M" 'any(.[]; .type == "output" and (.message | test("waits for your reply. The scenario would answer: 250 2.1.0")))' \
	"the scenario's proposal for MAIL is not shown"
expect_json "$M" 'any(.[]; .type == "received" and .data == "250 manual.example says hello\r\n")' \
	"the typed reply is not shown as one reply with CRLF"
expect_no_grep 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$RUN_DIR/manual.err" "sanitizer report from listen mode"

# 2. Submission: bare LF, AUTH before STARTTLS, no EHLO after TLS.
listen_start submission --lab=submission
run_smtpcon sub-client --batch --json --insecure --timeout 10 --script "$(t_write sub-client.script <<'EOF'
/eol lf
EHLO bad.example
/eol crlf
AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U=
/expect 530 5.7.0
STARTTLS
MAIL FROM:<student@lab.test>
/expect 503
QUIT
EOF
)" "127.0.0.1:$L_PORT"
expect_rc 0
sleep 0.3
listen_stop submission
for id in bare-lf auth-before-starttls no-ehlo-after-tls; do
	expect_json "$L_OUT" "any(.[]; .type == \"diagnosis\" and .id == \"$id\")" "listen mode did not diagnose $id"
done
# The secret stays masked on the server side too.
expect_no_grep 'AHN0dWRlbnQAcHJhY3RpY2U' "$L_OUT" "the AUTH secret is shown in listen mode"

# 3. Strict-sync: a message line with an unstuffed dot, then two commands in one write without PIPELINING.
listen_start strict --lab=strict-sync
run_smtpcon strict-client --batch --json --timeout 10 --script "$(t_write strict-client.script <<'EOF'
EHLO me.example
MAIL FROM:<a@example.org>
RCPT TO:<student@lab.test>
DATA
/raw "Subject: dots\r\n\r\n.hidden line\r\n.\r\n"
/sleep 300
/raw "MAIL FROM:<a@example.org>\r\nRCPT TO:<student@lab.test>\r\n"
/sleep 300
EOF
)" "127.0.0.1:$L_PORT"
sleep 0.3
listen_stop strict
for id in dot-stuffing pipelining-unadvertised; do
	expect_json "$L_OUT" "any(.[]; .type == \"diagnosis\" and .id == \"$id\")" "listen mode did not diagnose $id"
done
expect_json "$L_OUT" 'any(.[]; .type == "received" and (.data | test("^554 5.5.0 .*pipelined")))' \
	"listen mode does not show the scenario's 554 to the pipelining client"

# 4. Implicit TLS: a client that speaks plain SMTP there is told apart from a TLS client.
listen_start implicit --lab=implicit
run_smtpcon implicit-client --batch --json --no-wait --timeout 5 \
	--script "$(t_write implicit-client.script <<<'EHLO plain.example')" "127.0.0.1:$L_PORT"
expect_rc 3
sleep 0.3
listen_stop implicit
expect_json "$L_OUT" 'any(.[]; .type == "diagnosis" and .id == "plain-on-tls-port")' \
	"listen mode did not diagnose plain SMTP on the implicit-TLS port"
pass
