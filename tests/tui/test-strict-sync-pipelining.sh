#!/bin/bash
# strict-sync, lesson step 3: two commands in one write to a server that offered no PIPELINING get
# "554 5.5.0 SMTP synchronization error"; the console explains it as what it is (pipelining without PIPELINING,
# from the reply rules table), never as talking before the greeting. At 80x24 and 200x50; screens kept in $RUN_DIR.
. "$(dirname "$0")/lib.sh"
tui_require
for size in 80x24 200x50; do
	TUI_SOCK=smtpcon-tui-$$-$size
	TUI_SIZE=$size tui_start --lab=strict-sync --timeout 10
	tui_wait "│ greeted │" 10
	tui_type "EHLO sync.example"
	tui_wait "│ ready │" 6
	tui_type '/raw "MAIL FROM:<a@example.org>\r\nRCPT TO:<student@lab.test>\r\n"'
	tui_wait "554 5.5.0" 6
	tui_wait "warning: The server says commands arrived together" 6
	tui_expect_absent "spoke before its greeting"
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.$size.pipelining.txt"
	tui_keys F10
	tui_wait "SMTPCON-EXIT="
	tui_tmux kill-server
done
pass "strict-sync's 554 5.5.0 to pipelined commands is explained as a pipelining violation"
