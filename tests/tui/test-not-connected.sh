#!/bin/bash
# Typing while not connected is a learner's slip, not a failure: the console stays, says once and truthfully that
# the line was not sent and what to do, and the exit status stays 0. At 80x24 and 200x50:
# 1. no host at all: an SMTP line, a typo (any word), and /ehlo are each refused with "not connected ... not
#    sent", the next step is /connect, F10 exits 0.
# 2. practice lab after QUIT: the line typed after the 221 names the lab's /connect HOST:PORT to start again;
#    /connect then works and the exit status is still 0.
# The screens are kept in $RUN_DIR (screen.<size>.<step>.txt).
. "$(dirname "$0")/lib.sh"
tui_require

footer_has()
{
	local i
	for ((i = 0; i < 30; i++)); do
		tui_screen | tail -3 | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
	fail "the footer does not say: $1" "$RUN_DIR/screen.fail.txt"
}

exit_status_is()
{
	tui_keys F10
	tui_wait "SMTPCON-EXIT="
	tui_screen | grep -qF "SMTPCON-EXIT=$1" || fail "exit status is not $1" "$RUN_DIR/screen.txt"
}

for size in 80x24 200x50; do
	# ---- 1. never connected.
	TUI_SOCK=smtpcon-tui-$$-$size-a
	TUI_SIZE=$size tui_start
	tui_wait "not connected"
	tui_type "EHLO x.example"
	tui_wait "not connected: EHLO x.example was not sent"
	tui_type "helo"
	tui_wait "not connected: helo was not sent"
	tui_type "/ehlo x.example"
	tui_wait "not connected: /ehlo x.example was not sent"
	tui_expect_absent "Not connected: there is nobody to send"
	footer_has "next: /connect HOST[:PORT]"
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.$size.never-connected.txt"
	# One fact, one line: the refusal is said once per typed line (in the wire pane and the decoded pane).
	n=$(tui_joined | grep -c "helo was not sent" || true)
	[ "$n" -le 2 ] || fail "the refusal is repeated ($n lines)" "$RUN_DIR/screen.txt"
	exit_status_is 0
	tui_tmux kill-server

	# ---- 2. the lab after QUIT: the way back names the lab's address.
	TUI_SOCK=smtpcon-tui-$$-$size-b
	TUI_SIZE=$size tui_start --lab=delivery --timeout 10
	tui_wait "220 mail.lab.test"
	port=$(tui_screen | grep -oE '127\.0\.0\.1:[0-9]+' | head -1 | cut -d: -f2)
	[ -n "$port" ] || fail "no lab port on the screen" "$RUN_DIR/screen.txt"
	tui_type "QUIT"
	tui_wait "221 2.0.0"
	tui_type "MAIL FROM:<a@example.org>"
	tui_wait "not connected: MAIL FROM:<a@example.org> was not sent"
	tui_wait "/connect 127.0.0.1:$port"
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.$size.after-quit.txt"
	tui_type "/connect 127.0.0.1:$port"
	tui_wait "│ greeted │" 10
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.$size.reconnected.txt"
	exit_status_is 0
	tui_tmux kill-server
done
pass "typing while not connected is refused with what to do, the console stays, and the exit status is 0"
