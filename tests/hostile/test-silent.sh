#!/usr/bin/env bash
# A peer that accepts the connection and never says a word: the client gives up after --timeout with a clear
# message naming what it waited for, exit status 3, in about the time the user set (never the 30 s default).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

peer_script=$(printf 'drain 15000\n' | t_write silent.peer)

# 1. The default session (no script): it waits for the greeting, then stops.
peer_start default "$peer_script"
hrun default 20 --batch --timeout 2 "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_elapsed_under 6500
expect_grep 'error \(timeout\): no greeting within 2 s' "$OUT" "no clear message naming the greeting"
expect_terminal_safe "$OUT"

# 2. JSON: the error event says what timed out.
peer_start json "$peer_script"
hrun json 20 --batch --json --timeout 1 "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_elapsed_under 4500
expect_json_utf8 "$OUT"
expect_json "$OUT" 'any(.[]; .type == "error" and ((.text // .message // "") | test("greeting")))' \
	"the timeout error does not say it waited for the greeting"

# 3. With a script: every wait is bounded; SIGKILL at the end leaves a complete transcript.
peer_start kill "$peer_script"
script=$(printf 'EHLO client.lab.test\nQUIT\n' | t_write silent.script)
kill_when_logged kill "$RUN_DIR/kill.log" 'no greeting within 1 s' 10 --batch --timeout 1 --script "$script" \
	"127.0.0.1:$PEER_PORT"
expect_grep 'connected to' "$RUN_DIR/kill.log"

# 4. The TUI: the status bar / wire view says what it waited for, and the console stays usable.
if ! have_tmux; then
	skip_or_fail "tmux is not installed: the TUI half did not run (batch half passed)"
fi
peer_start tui "$peer_script"
tui_start tui --timeout 1 "127.0.0.1:$PEER_PORT"
tui_wait_for 'no greeting within 1 s' 10 || fail "the TUI did not say the greeting timed out: $(tui_capture)"
tui_leave
pass
