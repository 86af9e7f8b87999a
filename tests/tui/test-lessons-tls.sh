#!/bin/bash
# The tutorial's lessons walk with the learner (docs/tutorial.md, lessons 2 to 6 and 9: submission, TLS and
# patience): each runs against `smtpcon --lab=NAME` with /lesson docked, typed as the tutorial says; each tick
# must come when (and only when) its step is done. submission runs at 200x50 (the lesson under the decoded pane,
# both beside the wire), the others at 80x24 (in the decoded pane's place). The steps show the running lab's own
# address and CA file. Screens with each new tick stay in $RUN_DIR (NAME-SIZE-stepN.txt).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lesson-lib.sh"
tui_require

# submission at 200x50: STARTTLS before AUTH, AUTH before MAIL.
TUI_SIZE=200x50 TUI_ENV="SMTPCON_PASSWORD=practice" lesson_start submission
tui_wait "220 mail.lab.test"
tui_screen | grep -q ' decoded ' || fail "the decoded pane is hidden by the lesson at 200x50" "$RUN_DIR/screen.txt"
tui_screen | grep -q '│ lesson submission ' || fail "the lesson is not beside the wire pane" "$RUN_DIR/screen.txt"
lesson_todo 1
tui_type "EHLO me.example"
lesson_tick 1
tui_type "MAIL FROM:<student@lab.test>"
tui_wait "530 5.7.0"
lesson_tick 2
lesson_todo 3
tui_type "/starttls"
tui_wait "AUTH PLAIN LOGIN"
lesson_tick 3
lesson_todo 4
tui_type "/auth plain student"
tui_wait "235 2.7.0"
lesson_tick 4
tui_type "MAIL FROM:<student@lab.test>"
tui_type "RCPT TO:<friend@example.com>"
lesson_tick 5
lesson_todo 6
tui_type "DATA"
tui_wait "354"
tui_type "Sent from the lesson."
tui_type "."
lesson_tick 6
tui_wait "Next lesson: smtpcon --lab=implicit"
# M-l hides it (the decoded pane takes its column back) and shows it again, ticks kept.
tui_keys M-l
tui_expect_absent "lesson submission"
tui_keys M-l
tui_wait "lesson submission  6/6 done"
tui_type "/lesson off"
tui_expect_absent "lesson submission"
lesson_stop

# implicit: no greeting in plain text, then TLS from the first byte.
TUI_ENV="SMTPCON_PASSWORD=practice" lesson_start implicit
addr=$(lesson_addr)
[ -n "$addr" ] || fail "the lesson does not show the lab's address" "$RUN_DIR/screen.txt"
tui_wait "220 mail.lab.test"
lesson_todo 1
lesson_todo 2 # connected by --lab with TLS already: the step is to do it yourself
tui_type "/connect $addr"
lesson_tick 1
tui_type "/connect $addr tls"
tui_wait "220 mail.lab.test"
lesson_tick 2
tui_type "EHLO me.example"
lesson_tick 3
tui_type "/auth login student"
tui_wait "235 2.7.0"
lesson_tick 4
tui_type "MAIL FROM:<student@lab.test>"
tui_type "RCPT TO:<friend@example.com>"
tui_type "DATA"
tui_wait "354"
tui_type "Encrypted all the way."
tui_type "."
lesson_tick 5
lesson_stop

# no-starttls: no STARTTLS offered; --tls's rule stops the session before a password goes out.
lesson_start no-starttls
tui_wait "220 mail.lab.test"
tui_type "EHLO me.example"
lesson_tick 1
tui_type "STARTTLS"
tui_wait "502 5.5.1"
lesson_tick 2
lesson_todo 3
tui_type "/starttls required"
lesson_tick 3
lesson_stop

# bad-cert: the lab's CA file in the step; the hold; /trust.
lesson_start bad-cert
tui_wait "220 mail.lab.test"
# (a long path wraps inside the word: join the dock's rows again)
ca=$(tui_screen | sed 's/^ *//' | tr -d '\n' | grep -o "([^)]*/ca.pem)" | head -1 | tr -d '()')
[ -n "$ca" ] && [ -f "$ca" ] || fail "the lesson does not show the lab's CA file (got '$ca')" "$RUN_DIR/screen.txt"
tui_type "EHLO me.example"
lesson_tick 1
tui_type "/starttls"
tui_wait "Certificate not verified" # the decision takes the screen; Esc leaves it for later
tui_keys Escape
lesson_tick 2
lesson_todo 3
tui_type "/trust"
lesson_tick 3
lesson_stop

# old-tls: TLS 1.2 works; a client that insists on 1.3 gets a fatal alert (a second run, as the step says).
lesson_start old-tls
tui_wait "220 mail.lab.test"
tui_type "EHLO me.example"
tui_type "/starttls"
lesson_tick 1
lesson_todo 2
lesson_stop
lesson_start old-tls --tls --tls-protocol tlsv1_3
lesson_tick 2
lesson_todo 1
lesson_stop

# tarpit: slow replies, then a timeout shorter than the server's delay.
lesson_start tarpit
tui_wait "220 mail.lab.test" 10
tui_type "EHLO me.example"
lesson_tick 1 10
lesson_todo 2
tui_type "/set timeout 1"
tui_type "NOOP"
lesson_tick 2 10
lesson_stop
pass "submission (200x50), implicit, no-starttls, bad-cert, old-tls and tarpit walk with the learner"
