#!/usr/bin/env bash
# Listen mode is a server and only a server: `--listen ADDR --lab=SCENARIO` plays the scenario for the clients
# that come, and opens no session of its own (no "connecting", no greeting read from a second, hidden practice
# lab, nothing that would time out with a 421 five minutes later). A typed line has nowhere to go and says so.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
command -v swaks >/dev/null || skip_or_fail "swaks is not installed"

for scenario in submission delivery implicit; do
	listen_start "$scenario" "--lab=$scenario"
	sleep 0.5
	listen_stop "$scenario"
	for type in connecting connected state waiting resolved; do
		expect_json "$L_OUT" "all(.[]; .type != \"$type\")" \
			"--listen --lab=$scenario made a session of its own (a \"$type\" event)"
	done
	expect_json "$L_OUT" 'all(.[]; .type != "received" and .type != "reply")' \
		"--listen --lab=$scenario read replies with no client connected"
	expect_json "$L_OUT" "any(.[]; .type == \"output\" and (.message | test(\"scenario $scenario\")))" \
		"the announcement does not name the scenario $scenario"
done

# One client: every reply in the transcript is an answer to it.
listen_start text --lab=delivery
timeout 30 swaks --server "127.0.0.1:$L_PORT" --from a@example.org --to student@lab.test >"$RUN_DIR/swaks.out" 2>&1 ||
	fail "swaks could not send through listen mode" "$RUN_DIR/swaks.out"
sleep 0.3
listen_stop text
expect_json "$L_OUT" '[.[] | select(.type == "reply" and .code == 220)] | length == 1' \
	"more than one greeting in the transcript: a second session is mixed in"

# In text mode (the --log of a TUI session has the same lines) there is no outbound connection either.
port=$(t_closed_port)
"$SMTPCON" --batch --listen "127.0.0.1:$port" --lab=submission </dev/null >"$RUN_DIR/plain.out" 2>"$RUN_DIR/plain.err" &
pid=$!
at_exit "kill $pid 2>/dev/null || true"
for ((i = 0; i < 100; i++)); do
	grep -qs '^listening' "$RUN_DIR/plain.out" && break
	sleep 0.1
done
sleep 0.3
kill -INT "$pid"
wait "$pid" || fail "listen mode (text) did not exit 0" "$RUN_DIR/plain.err"
expect_grep '^listening' "$RUN_DIR/plain.out" "listen mode (text) did not announce itself"
expect_no_grep 'connecting to|S: 220' "$RUN_DIR/plain.out" "listen mode (text) connected somewhere by itself"

# A typed line in listen mode without --manual goes nowhere, and is told so.
listen_start typed --lab=submission --script "$(printf 'NOOP\n/sleep 3000\n' | t_write typed.script)"
listen_stop typed
expect_json "$L_OUT" 'any(.[]; .type == "error" and (.message | test("smtpcon is the server here")))' \
	"a typed NOOP in listen mode is not explained"
expect_json "$L_OUT" 'all(.[]; .type != "sent")' "a typed NOOP in listen mode was sent somewhere"
pass
