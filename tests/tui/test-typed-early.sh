#!/bin/bash
# What was typed but not sent is never hidden and never goes out late, and a late reply still counts:
# 1. strict-sync (greeting held 3 s): "EHLO early" typed at once is shown as queued within 0.5 s, waits for the
#    greeting, then goes out and gets 250 (the tutorial's choice); with --no-wait it goes out at once and the lab
#    answers 554, as the lesson promises.
# 2. /connect to the implicit-TLS lab without tls: the greeting never comes; the EHLO typed meanwhile is dropped
#    when the console gives up (never sent after "no greeting within"), and the hint no longer says to wait.
# 3. Ctrl-C drops a queued line first (still waiting), then stops the wait.
# 4. tarpit: Ctrl-C on the wait for EHLO's reply; the late 250 still moves the state to ready, and F4 lists it.
. "$(dirname "$0")/lib.sh"
tui_require

# Type text, press Enter, and require TEXT2 on the screen within 0.5 s.
type_and_see_fast()
{
	local i
	tui_tmux send-keys -t "$TUI_TARGET" -l "$1"
	tui_tmux send-keys -t "$TUI_TARGET" Enter
	for ((i = 0; i < 5; i++)); do
		sleep 0.1
		if tui_screen | grep -qF -- "$2"; then
			return 0
		fi
	done
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
	fail "not on the screen within 0.5 s of Enter: $2" "$RUN_DIR/screen.fail.txt"
}

# The footer (the line above the prompt) must not say TEXT now.
footer_absent()
{
	if tui_screen | tail -2 | grep -qF -- "$1"; then
		cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
		fail "the footer still says: $1" "$RUN_DIR/screen.fail.txt"
	fi
}

# ---- 1. strict-sync, polite: queued and visible, then sent after the 220.
tui_start --lab=strict-sync --timeout 10
tui_wait "waiting for greeting"
type_and_see_fast "EHLO early" "queued, not sent yet: EHLO early (waits for the greeting; Ctrl-C drops it)"
tui_expect_absent "C  ▸ EHLO early"
tui_wait "220 mail.lab.test" 6
tui_wait "C  ▸ EHLO early"
tui_wait "250-mail.lab.test Hello early"
tui_wait "│ ready │"
tui_expect_absent "554 5.5.0"
footer_absent "queued, not sent yet"
tui_wait "next: STARTTLS"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.strict-sync-polite.txt"
tui_keys F10
tui_wait "SMTPCON-EXIT="
tui_tmux kill-server

# ---- 1b. strict-sync with --no-wait: sent at once, with the warning, and the lesson's 554.
TUI_SOCK=smtpcon-tui-$$-b
tui_start --lab=strict-sync --no-wait --timeout 10
sleep 0.5
type_and_see_fast "EHLO early" "C  ▸ EHLO early"
tui_wait "warning: The server has not gre"
tui_wait "554 5.5.0"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.strict-sync-early.txt"
tui_keys F10
tui_wait "SMTPCON-EXIT="
tui_tmux kill-server

# ---- 2. implicit-TLS port spoken to in plaintext: the queued EHLO is dropped at the timeout, never sent.
TUI_SOCK=smtpcon-tui-$$-c
tui_start --lab=implicit --timeout 3
tui_wait "implicit TLS"
port=$(tui_screen | grep -oE '127\.0\.0\.1:[0-9]+' | head -1 | cut -d: -f2)
[ -n "$port" ] || fail "no lab port on the screen" "$RUN_DIR/screen.txt"
tui_type "/connect 127.0.0.1:$port"
tui_wait "waiting for greeting"
type_and_see_fast "EHLO x" "queued, not sent yet: EHLO x"
tui_wait "no greeting within 3 s" 8
tui_wait "not sent, dropped (the console gave up"
sleep 1.5
tui_expect_absent "C  ▸ EHLO x"
tui_expect_absent "wait for the server's 220"
tui_wait "no longer waits for one"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.implicit-timeout.txt"

# ---- 3. Ctrl-C: first the queued line goes (the wait goes on), then the wait.
tui_type "/set timeout 60"
tui_type "/connect 127.0.0.1:$port"
tui_wait "waiting for greeting"
type_and_see_fast "EHLO y" "queued, not sent yet: EHLO y"
footer_has()
{
	tui_screen | tail -2 | grep -qF -- "$1" || fail "the footer does not say: $1" "$RUN_DIR/screen.txt"
}
footer_has "queued, not sent yet: EHLO y (waits for the greeting; Ctrl-C drops it)"
tui_keys C-c
tui_wait "not sent, dropped (Ctrl-C): EHLO y"
tui_wait "dropped 1 queued line, never sent; still waiting"
tui_wait "waiting for greeting"
tui_keys C-c
tui_wait "stopped waiting for the greeting"
sleep 0.5
tui_expect_absent "waiting for greeting:"
tui_expect_absent "C  ▸ EHLO y"
tui_keys F10
tui_wait "SMTPCON-EXIT="
tui_tmux kill-server

# ---- 4. tarpit: a late reply after Ctrl-C is applied to the state, the next step and F4.
TUI_SOCK=smtpcon-tui-$$-d
tui_start --lab=tarpit --timeout 20
tui_wait "│ greeted │" 10
tui_type "EHLO late.example"
tui_wait "waiting for reply to EHLO"
tui_keys C-c
tui_wait "stopped waiting for the reply to EHLO"
tui_wait "│ greeted │"
tui_wait "250 HELP" 6
tui_wait "│ ready │"
tui_wait "next: STARTTLS"
tui_keys F4
tui_wait "Hello late.example"
tui_expect_absent "No EHLO reply yet"
tui_keys Escape
tui_keys F10
tui_wait "SMTPCON-EXIT="
pass
