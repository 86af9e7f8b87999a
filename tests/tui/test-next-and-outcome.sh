#!/bin/bash
# The next step and the outcome come from the session model, and are true where the learner stands:
# 1. submission lab: after STARTTLS it says AUTH; after 235 it says MAIL FROM (never AUTH or STARTTLS again);
#    after QUIT it says how to reconnect, and the status bar no longer says "auth".
# 2. implicit lab: after 235 on implicit TLS, MAIL FROM.
# 3. delivery lab (no AUTH offered in plaintext): the hint never suggests AUTH; a message ends "accepted" with
#    the lab's queue id in the footer.
# 4. flaky lab: the server hangs up with no reply to the final dot: the footer says the message was lost, never
#    that it was sent or accepted.
. "$(dirname "$0")/lib.sh"
tui_require

footer_has()
{
	local i
	for ((i = 0; i < 50; i++)); do
		tui_screen | tail -2 | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
	fail "the footer does not say: $1" "$RUN_DIR/screen.fail.txt"
}
footer_hasnt()
{
	if tui_screen | tail -2 | grep -qF -- "$1"; then
		cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
		fail "the footer says: $1" "$RUN_DIR/screen.fail.txt"
	fi
}
login()
{
	tui_type "/auth plain student"
	tui_wait "typing is hidden"
	tui_tmux send-keys -t "$TUI_TARGET" -l "practice"
	tui_keys Enter
	tui_wait "235"
}

# ---- 1. submission: STARTTLS, AUTH, MAIL FROM; QUIT; /connect.
tui_start --lab --timeout 10
tui_wait "│ greeted │"
tui_type "EHLO me.example"
footer_has "next: STARTTLS"
tui_type "/starttls"
tui_wait "STARTTLS TLS1."
footer_has "next: AUTH (/auth plain USER)"
login
footer_has "next: MAIL FROM:<address>"
footer_hasnt "AUTH"
footer_hasnt "STARTTLS"
tui_wait " auth │"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.after-235.txt"
port=$(tui_screen | grep -oE '127\.0\.0\.1:[0-9]+' | head -1 | cut -d: -f2)
tui_type "QUIT"
footer_has "next: /connect 127.0.0.1:$port to start again"
tui_expect_absent "not connected auth"
tui_expect_absent " auth │"
tui_keys F10
tui_wait "SMTPCON-EXIT="
tui_tmux kill-server

# ---- 2. implicit TLS: EHLO, AUTH, then MAIL FROM.
TUI_SOCK=smtpcon-tui-$$-b
tui_start --lab=implicit --timeout 10
tui_wait "│ greeted │"
tui_type "EHLO me.example"
footer_has "next: AUTH"
login
footer_has "next: MAIL FROM:<address>"
footer_hasnt "STARTTLS"
tui_keys F10
tui_wait "SMTPCON-EXIT="
tui_tmux kill-server

# ---- 3. delivery: no AUTH offered before TLS, so none suggested; a message accepted with its queue id.
TUI_SOCK=smtpcon-tui-$$-c
tui_start --lab=delivery --timeout 10
tui_wait "│ greeted │"
tui_type "EHLO me.example"
footer_has "next: STARTTLS"
footer_hasnt "AUTH"
tui_type "MAIL FROM:<you@example.org>"
footer_has "next: RCPT TO"
tui_type "RCPT TO:<student@lab.test>"
footer_has "1 recipient accepted"
tui_type "/data"
tui_wait "Message-ID: <"
tui_keys C-d
footer_has "message accepted (250 2.0.0, queued as "
tui_keys C-l
footer_has "last message accepted, queued as "
footer_has "next: STARTTLS"
tui_keys F10
tui_wait "SMTPCON-EXIT="
tui_tmux kill-server

# ---- 4. flaky: lost, never "sent" or "accepted".
TUI_SOCK=smtpcon-tui-$$-d
tui_start --lab=flaky --timeout 10
tui_wait "│ greeted │"
tui_type "EHLO me.example"
tui_type "MAIL FROM:<you@example.org>"
tui_type "RCPT TO:<student@lab.test>"
tui_wait "│ rcpt │"
tui_type "/data"
tui_wait "Message-ID: <"
tui_keys C-d
footer_has "message lost: the connection closed before the final reply (delivery unknown)"
footer_hasnt "message sent"
tui_expect_absent "message accepted"
tui_wait "transaction lost"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.flaky.txt"
tui_keys C-l
footer_has "last message lost | next: /connect 127.0.0.1:"
tui_keys F10
tui_wait "SMTPCON-EXIT="
pass
