#!/bin/bash
# The tutorial's lessons walk with the learner (docs/tutorial.md, lessons 1, 7, 8 and 10: the port-25 ones): each
# runs against `smtpcon --lab=NAME` at 80x24 with /lesson docked in the decoded pane's place, the session still
# there above it (wire pane, status bar, prompt), and each step is typed as the tutorial says; its tick must come
# when (and only when) the step is done. The /connect steps show the running lab's own address. Screens with each
# new tick stay in $RUN_DIR (NAME-80x24-stepN.txt). `/lesson <Tab>` completes the lesson names.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lesson-lib.sh"
tui_require

# delivery: relaying denied, a message accepted, QUIT.
lesson_start delivery
tui_wait "220 mail.lab.test"
tui_screen | grep -q '^ wire ' || fail "the wire pane is hidden by the lesson" "$RUN_DIR/screen.txt"
tui_screen | grep -q '^smtp>' || fail "the prompt is hidden by the lesson" "$RUN_DIR/screen.txt"
lesson_todo 1
tui_wait "▸ 1. EHLO me.example"
tui_wait "on the wire: 250- lines"
tui_type "EHLO me.example"
lesson_tick 1
lesson_todo 2
tui_type "/starttls"
lesson_tick 2
tui_type "MAIL FROM:<you@example.org>"
lesson_tick 3
lesson_todo 4
tui_type "RCPT TO:<someone@example.com>"
tui_wait "550 5.7.1"
lesson_tick 4
lesson_todo 5
tui_type "RCPT TO:<student@lab.test>"
lesson_tick 5
tui_type "DATA"
tui_wait "354"
tui_type "Hello from the lesson test."
lesson_todo 6
tui_type "."
lesson_tick 6
tui_type "QUIT"
lesson_tick 7
tui_wait "7/7 done"
tui_wait "Next lesson: smtpcon --lab=submission"
lesson_stop

# greylist: 451 now, the retry after the delay gets through, and the message.
lesson_start greylist
tui_wait "220 mail.lab.test"
tui_type "EHLO me.example"
tui_type "MAIL FROM:<you@example.org>"
tui_type "RCPT TO:<student@lab.test>"
tui_wait "451 4.7.1"
lesson_tick 1
tui_type "RSET"
lesson_todo 2
tui_type "MAIL FROM:<you@example.org>"
tui_type "RCPT TO:<student@lab.test>" # too early: still greylisted, no tick
tui_wait "greylisted"
sleep 1
lesson_todo 2
secs=$(tui_screen | grep -o 'try again in [0-9]*' | tail -1 | grep -o '[0-9]*$')
sleep "${secs:-30}"
sleep 2
tui_type "RSET"
tui_type "MAIL FROM:<you@example.org>"
tui_type "RCPT TO:<student@lab.test>"
lesson_tick 2 20
tui_type "DATA"
tui_wait "354"
tui_type "Retried, as a mail server does."
tui_type "."
lesson_tick 3
lesson_stop

# strict-sync: talking before the greeting (--no-wait), then pipelining without PIPELINING.
lesson_start strict-sync
addr=$(lesson_addr)
[ -n "$addr" ] || fail "the lesson does not show the lab's address in its /connect step" "$RUN_DIR/screen.txt"
tui_screen | grep -qF "HOST:PORT" && fail "the lesson shows a placeholder, not the lab's address" "$RUN_DIR/screen.txt"
tui_type "/connect $addr --no-wait"
tui_type "EHLO me.example"
tui_wait "554 5.5.0"
lesson_tick 1
lesson_todo 3
tui_type "/connect $addr"
tui_wait "220 mail.lab.test" 10
tui_type "EHLO me.example"
lesson_tick 2
tui_type '/raw "MAIL FROM:<a@example.org>\r\nRCPT TO:<student@lab.test>\r\n"'
tui_wait "commands were pipelined"
lesson_tick 3
lesson_stop

# flaky: the message lost half-way (no tick for a message that was not accepted), then sent again.
lesson_start flaky
tui_wait "220 mail.lab.test"
addr=$(lesson_addr)
tui_type "EHLO me.example"
for _ in 1 2; do
	tui_type "MAIL FROM:<you@example.org>"
	tui_type "RCPT TO:<student@lab.test>"
	tui_type "DATA"
	tui_wait "354"
	tui_type "A message that may not arrive."
	tui_type "."
	sleep 2
	if tui_screen | grep -qF "✓ 1. "; then break; fi
	# This one was accepted (the lab loses every other DATA): the resend step must not tick before a loss.
	lesson_todo 2
done
lesson_tick 1
lesson_todo 2
tui_type "/connect $addr"
tui_wait "220 mail.lab.test"
tui_type "EHLO me.example"
tui_type "MAIL FROM:<you@example.org>"
tui_type "RCPT TO:<student@lab.test>"
tui_type "DATA"
tui_wait "354"
tui_type "Sent again."
tui_type "."
lesson_tick 2
lesson_stop

# /lesson <Tab> completes the lessons' names.
lesson_start tarpit
tui_tmux send-keys -t "$TUI_TARGET" -l "/lesson gr"
tui_keys Tab
tui_wait "smtp> /lesson greylist"
tui_keys C-u
lesson_stop
pass "delivery, greylist, strict-sync and flaky walk with the learner at 80x24: each step ticks when done"
