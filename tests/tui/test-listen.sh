#!/bin/bash
# Listen mode in the console: a real client (swaks) talks to `smtpcon --listen`; the wire pane shows what the
# client sent and what the practice server answered, the status bar says where we listen, and the server's 354
# to the client does not open our own message editor.
. "$(dirname "$0")/lib.sh"
tui_require
command -v swaks >/dev/null || skip_or_fail "swaks is not installed"

port=$(t_closed_port)
tui_start --listen "127.0.0.1:$port"
tui_wait "listening on 127.0.0.1:$port"
timeout 30 swaks --server "127.0.0.1:$port" --from a@lab.test --to student@lab.test --ehlo tui.client.example \
	>"$RUN_DIR/swaks.out" 2>&1 || fail "swaks could not send through listen mode" "$RUN_DIR/swaks.out"
tui_wait "MAIL FROM:<a@lab.test>"
tui_wait "queued as"
tui_wait "message accepted"
tui_expect_absent "message editor"
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass
