#!/usr/bin/env bash
# Listen mode with clients at once: two, then ten real clients (Python's smtplib, in threads, each holding its
# session open until all have connected) send through `--listen`. Every event about a client says which one
# ("client": N), each client's events tell its whole session (greeting, EHLO, message, QUIT, closed by whom), and
# the text transcript puts the client and its address on every line.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
PY=/usr/bin/python3
[ -x "$PY" ] || skip_or_fail "python3 is not installed"

# clients N: N smtplib sessions at once; each sends one message whose Subject names its thread.
clients()
{
	"$PY" - "$L_PORT" "$1" <<'PYEOF'
import smtplib, sys, threading
port, n = int(sys.argv[1]), int(sys.argv[2])
barrier = threading.Barrier(n)
errors = []
def one(i):
    try:
        s = smtplib.SMTP("127.0.0.1", port, timeout=20)
        s.ehlo("thread%d.example" % i)
        barrier.wait(20)  # all connected at once before any goes on
        s.sendmail("t%d@example.org" % i, ["student@lab.test"], "Subject: thread %d\r\n\r\nhello\r\n" % i)
        s.quit()
    except Exception as e:
        errors.append("%d: %r" % (i, e))
ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
for t in ts: t.start()
for t in ts: t.join()
if errors:
    print("\n".join(errors)); sys.exit(1)
PYEOF
}

for n in 2 10; do
	listen_start "c$n" --lab=delivery
	clients "$n" >"$RUN_DIR/clients$n.out" 2>&1 || fail "$n concurrent smtplib clients failed" "$RUN_DIR/clients$n.out" "$L_OUT"
	listen_wait_closed "$n"
	listen_stop "c$n"
	expect_json "$L_OUT" "[.[] | select(.type == \"info\" and .id == \"client-connected\") | .client] | unique | length == $n" \
		"$n clients did not get $n distinct numbers"
	expect_json "$L_OUT" 'all(.[] | select(.type == "sent" or .type == "received" or .type == "reply" or .type == "closed"); .client != null)' \
		"an event about a client does not say which client"
	# Each client's own events are one whole session: its greeting, its EHLO, its message accepted, its QUIT.
	for ((i = 1; i <= n; i++)); do
		expect_json "$L_OUT" "[.[] | select(.client == $i)] as \$e |
			any(\$e[]; .type == \"reply\" and .code == 220) and
			any(\$e[]; .type == \"sent\" and (.data | test(\"^ehlo thread[0-9]+\\\\.example\"))) and
			any(\$e[]; .type == \"info\" and .id == \"client-message\") and
			any(\$e[]; .type == \"sent\" and (.data | ascii_downcase) == \"quit\\r\\n\") and
			any(\$e[]; .type == \"closed\" and .by == \"server\" and (.reason | test(\"after QUIT\")) and (.peer | test(\"^127\\\\.0\\\\.0\\\\.1:\")))" \
			"client $i of $n: its events do not make one whole session"
	done
	# All connected before any sent its message: the sessions really overlapped.
	expect_json "$L_OUT" "([.[] | select(.type == \"info\" and .id == \"client-connected\") | .t] | max) <=
		([.[] | select(.type == \"info\" and .id == \"client-message\") | .t] | min)" \
		"the $n clients did not overlap"
	expect_diags "$n well-behaved clients"
done

# The text transcript: the client and its address on every line about it.
port=$(t_closed_port)
"$SMTPCON" --batch --listen "127.0.0.1:$port" --lab=delivery </dev/null >"$RUN_DIR/text.out" 2>"$RUN_DIR/text.err" &
pid=$!
at_exit "kill $pid 2>/dev/null || true"
for ((i = 0; i < 100; i++)); do
	grep -qs '^listening' "$RUN_DIR/text.out" && break
	sleep 0.1
done
L_PORT=$port clients 2 >"$RUN_DIR/text-clients.out" 2>&1 || fail "smtplib clients failed" "$RUN_DIR/text-clients.out"
sleep 0.5
kill -INT "$pid"
wait "$pid" || fail "listen mode (text) did not exit 0" "$RUN_DIR/text.err"
for c in 1 2; do
	expect_grep "^ *[0-9.]+ \[$c 127\.0\.0\.1:[0-9]+\] C: ehlo thread[01]\.example$" "$RUN_DIR/text.out" "client $c's EHLO line is not attributed"
	expect_grep "^ *[0-9.]+ \[$c 127\.0\.0\.1:[0-9]+\] S: 250 2\.0\.0 Ok: queued" "$RUN_DIR/text.out" "client $c's acceptance is not attributed"
	expect_grep "^ *[0-9.]+ \[$c 127\.0\.0\.1:[0-9]+\] --- connection closed by server \(after QUIT" "$RUN_DIR/text.out" \
		"client $c's close does not say who closed"
done
expect_no_grep '^ *[0-9.]+ [CS]: ' "$RUN_DIR/text.out" "a wire line without its client"
pass
