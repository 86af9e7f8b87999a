#!/bin/bash
# A reply that comes after its command's wait timed out is still that command's reply: it is applied to the
# session (state, capabilities, F4, the next step, the message's outcome) and said to be late, never taken for
# the next command's. tarpit lab (every reply 2 s late) with --timeout 1, at 80x24 and 200x50:
# 1. EHLO: "no reply to EHLO within 1 s", then the 250 comes: "late reply: 250 to EHLO came after the wait timed
#    out", the state is ready, the next step is STARTTLS, F4 lists the capabilities.
# 2. MAIL, RCPT, DATA, each reply late and applied; the message's final reply after the timeout: first counted
#    lost, then corrected by the late 250: the footer says accepted (late reply), never lost.
# The screens are kept in $RUN_DIR (screen.<size>.<step>.txt).
. "$(dirname "$0")/lib.sh"
tui_require

footer_has()
{
	local i
	for ((i = 0; i < 50; i++)); do
		tui_screen | tail -3 | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
	fail "the footer does not say: $1" "$RUN_DIR/screen.fail.txt"
}

for size in 80x24 200x50; do
	TUI_SOCK=smtpcon-tui-$$-$size
	TUI_SIZE=$size tui_start --lab=tarpit --timeout 1
	tui_wait "│ greeted │" 10
	# ---- 1. EHLO's reply after the timeout.
	tui_type "EHLO late.example"
	tui_wait "no reply to EHLO within 1 s" 5
	tui_wait "late reply: 250 to EHLO came after the wait timed out" 5
	tui_wait "│ ready │"
	footer_has "next: STARTTLS"
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.$size.late-ehlo.txt"
	tui_keys F4
	tui_wait "Hello late.example"
	tui_expect_absent "No EHLO reply yet"
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.$size.late-ehlo-f4.txt"
	tui_keys Escape

	# ---- 2. the verdict after the timeout: lost at first, then accepted (late).
	# Every reply of this lab is late now: each is applied as it comes, so the transaction moves on.
	tui_type "MAIL FROM:<a@example.org>"
	tui_wait "late reply: 250 to MAIL came after the wait timed out" 6
	tui_wait "│ mail │"
	tui_type "RCPT TO:<student@lab.test>"
	tui_wait "late reply: 250 to RCPT came after the wait timed out" 6
	tui_wait "│ rcpt │"
	tui_type "DATA"
	tui_wait "late reply: 354 to DATA came after the wait timed out" 6
	tui_type "Subject: late"
	tui_type ""
	tui_type "hello"
	tui_type "."
	tui_wait "no reply to the end of the message within 1 s" 5
	tui_wait "transaction lost: no final reply to the message before the timeout"
	tui_wait "late reply: 250 to the end of the message came after the wait timed out" 5
	footer_has "message accepted late (250 2.0.0, queued as"
	tui_screen | tail -3 | grep -qE "message lost|lost:" && fail "the footer still says lost" "$RUN_DIR/screen.txt"
	tui_wait "so not lost after all"
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.$size.late-verdict.txt"
	tui_keys F10
	tui_wait "SMTPCON-EXIT="
	tui_tmux kill-server
done
pass "a reply after the timeout is applied and said to be late (EHLO's capabilities; the message's verdict)"
