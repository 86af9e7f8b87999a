#!/bin/bash
# The README's run command: `build/smtpcon --lab` (what follows `bash tests/setup.sh &&` in the Quick start),
# driven in tmux on the checkout. It opens the console on the built-in practice server; a full session typed by
# hand (EHLO, /starttls, /auth plain student with the password at the no-echo prompt, MAIL, RCPT, DATA in the
# message editor sent with Ctrl-D, QUIT) delivers a message that /mailbox lists and shows with its Received header.
. "$(dirname "$0")/lib.sh"
tui_require

# The command as the README gives it, so that the test follows the README if it changes.
readme=$T_SRC/README.md
line=$(grep -m1 -E '^bash tests/setup\.sh && build/smtpcon' "$readme") ||
	fail "the README's Quick start no longer runs build/smtpcon after tests/setup.sh" "$readme"
args=${line#*build/smtpcon}
read -r -a argv <<<"$args"
[ "${argv[0]:-}" = "--lab" ] || fail "the README's run command is not 'build/smtpcon --lab': $line"

tui_start "${argv[@]}"
tui_wait "220 mail.lab.test ESMTP smtpcon practice lab"
tui_wait "next: EHLO"

tui_type "EHLO me.example"
tui_wait "250 HELP"
tui_wait "250-STARTTLS"
tui_type "/starttls"
tui_wait "STARTTLS TLS1."
tui_wait "verified"
tui_wait "250-AUTH PLAIN LOGIN"

tui_type "/auth plain student"
tui_wait "Password for student"
tui_wait "typing is hidden"
tui_tmux send-keys -t "$TUI_TARGET" -l "practice"
sleep 0.3
if tui_screen | grep -q 'Password for student: .*practice'; then
	fail "the password is echoed at the prompt" "$RUN_DIR/screen.txt"
fi
tui_keys Enter
tui_wait "235 2.7.0 Authentication successful"
tui_expect_absent "AHN0dWRlbnQAcHJhY3RpY2U"

tui_type "MAIL FROM:<student@lab.test>"
tui_wait "250 2.1.0 Sender ok"
tui_type "RCPT TO:<friend@example.com>"
tui_wait "250 2.1.5 Recipient ok"
tui_type "DATA"
tui_wait "354 End data"
tui_wait "Ctrl-D or a lone \".\" line sends"
tui_wait "Subject: smtpcon test"
subject=$(tui_screen | grep -o 'Subject: smtpcon test [0-9.]*' | head -1 | sed 's/^Subject: //')
[ -n "$subject" ] || fail "no Subject header in the message editor" "$RUN_DIR/screen.txt"
# The editor leaves the cursor on the line after the headers: Enter first, so the body follows a blank line.
tui_keys Enter
tui_type "Hello from the README's run command."
tui_keys C-d
tui_wait "250 2.0.0 Ok: queued as"
tui_type "QUIT"
tui_wait "221 2.0.0 Bye"

# /mailbox output opens in the reader; Esc goes back to the prompt.
tui_type "/mailbox"
tui_wait "1  20"
tui_wait "<student@lab.test>"
tui_keys Escape
tui_type "/mailbox 1"
tui_wait "Return-Path: <student@lab.test>"
tui_wait "Received: from me.example ([127.0.0.1])"
tui_wait "(authenticated as student)"
tui_wait "Subject: $subject"
tui_wait "Hello from the README's run command."

tui_keys F10
tui_wait "SMTPCON-EXIT=0"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$RUN_DIR/smtpcon.err"; then
	fail "sanitizer report" "$RUN_DIR/smtpcon.err"
fi
pass
