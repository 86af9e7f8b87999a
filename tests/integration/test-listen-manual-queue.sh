#!/usr/bin/env bash
# Manual mode (--manual) with several clients: each waiting client is queued, not replaced by the next one. With
# two waiting, /accept alone answers nobody and lists both (number, address, what each waits for, what the
# scenario would answer); /accept 2 answers client 2, /reply 1 TEXT answers client 1 with TEXT (out of order);
# /accept with nobody waiting says so. A client that hangs up while its greeting is held is seen at once (closed,
# by the client, before the next command of the person at the console), and is not listed as waiting.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
[ -x /usr/bin/python3 ] || skip_or_fail "Debian's python3 is not installed"

cat >"$RUN_DIR/greeted.py" <<'PY'
# PORT WAIT: connect; WAIT > 0: hang up after WAIT s without reading; else print the greeting's line and hang up
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=15)
if float(sys.argv[2]) > 0:
    time.sleep(float(sys.argv[2]))
    sys.exit(0)
print(s.makefile("rb").readline().decode().rstrip())
PY
op=$(t_write operator.script <<'OP'
/sleep 6000
/accept
/accept 2
/sleep 500
/reply 1 554 5.7.1 not you, by hand
/sleep 500
/accept
/accept 7
/sleep 500
OP
)
listen_start manual --lab=submission --manual --script "$op"
/usr/bin/python3 "$RUN_DIR/greeted.py" "$L_PORT" 0 >"$RUN_DIR/client1.out" 2>&1 &
c1=$!
sleep 0.3
/usr/bin/python3 "$RUN_DIR/greeted.py" "$L_PORT" 0 >"$RUN_DIR/client2.out" 2>&1 &
c2=$!
sleep 0.3
/usr/bin/python3 "$RUN_DIR/greeted.py" "$L_PORT" 0.5 >"$RUN_DIR/client3.out" 2>&1
wait "$c1" "$c2" || fail "a client was not answered" "$RUN_DIR/client1.out" "$RUN_DIR/client2.out" "$L_OUT"
listen_wait_closed 3
for ((i = 0; i < 100; i++)); do # the operator's script runs to its end
	grep -qs 'client 7 is not waiting' "$L_OUT" && break
	sleep 0.1
done
listen_stop manual

expect_grep '^554 5\.7\.1 not you, by hand$' "$RUN_DIR/client1.out" "client 1's typed reply"
expect_grep '^220 mail\.lab\.test ESMTP' "$RUN_DIR/client2.out" "client 2's greeting (/accept 2)"
# Each client's proposal is its own: the second does not replace the first.
expect_json "$L_OUT" '[.[] | select(.id == "propose") | .client] | sort == [1, 2, 3]' "not every client was proposed a reply"
expect_json "$L_OUT" 'any(.[]; .id == "propose" and .client == 2 and (.message | test("waits for your reply too.*\n  client 1 \\(127\\.0\\.0\\.1:[0-9]+\\) waits for its greeting; the scenario would answer: 220 .*\n  client 2 ")))' \
	"client 2's proposal does not list both waiting clients"
# Client 3 hung up while waiting: closed at once, by the client, before /accept ran.
expect_json "$L_OUT" 'any(.[]; .type == "closed" and .client == 3 and .by == "client" and .reason == "it hung up while its reply waited for you")' \
	"client 3's hang-up while waiting is not told"
expect_json "$L_OUT" '([.[] | select(.type == "closed" and .client == 3)][0].t) < ([.[] | select(.type == "error")][0].t)' \
	"client 3's hang-up was seen only after the next /accept"
# /accept with two waiting: nobody answered, both listed, client 3 not.
expect_json "$L_OUT" '[.[] | select(.type == "error")][0].message | test("^2 clients are waiting: say which one.*\n  client 1 .*\n  client 2 [^\n]*$")' \
	"/accept with two clients waiting does not list exactly those two"
expect_json "$L_OUT" '[.[] | select(.type == "received") | .client] == [2, 1]' "the replies did not go to client 2, then client 1"
expect_json "$L_OUT" 'any(.[]; .type == "error" and .message == "no client is waiting for a reply")' \
	"/accept with nobody waiting does not say so"
expect_json "$L_OUT" 'any(.[]; .type == "error" and .message == "client 7 is not waiting for a reply")' \
	"/accept 7 (no such client) does not say so"
pass
