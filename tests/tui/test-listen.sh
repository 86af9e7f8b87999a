#!/bin/bash
# Listen mode in the console: a real client (swaks) talks to `smtpcon --listen`; the wire pane shows what the
# client sent and what the practice server answered, the status bar describes the listener (address, scenario,
# clients connected, messages accepted), the server's 354 to the client does not open our own message editor, and
# no session of our own is opened next to the listener (--lab=SCENARIO only names the scenario).
. "$(dirname "$0")/lib.sh"
tui_require
command -v swaks >/dev/null || skip_or_fail "swaks is not installed"

port=$(t_closed_port)
tui_start --listen "127.0.0.1:$port" --lab=delivery
tui_wait "listening on 127.0.0.1:$port"
tui_wait "scenario delivery"
tui_wait "0 clients connected"
timeout 30 swaks --server "127.0.0.1:$port" --from a@lab.test --to student@lab.test --ehlo tui.client.example \
	>"$RUN_DIR/swaks.out" 2>&1 || fail "swaks could not send through listen mode" "$RUN_DIR/swaks.out"
tui_wait "queued as"
tui_wait "#1   C  ▸ QUIT"
tui_wait "message accepted"
tui_expect_absent "message editor"
tui_wait "1 message accepted"
tui_expect_absent "connecting to"
# A typed SMTP command has no session to go to.
tui_type NOOP
tui_wait "listen: smtpcon is the server here"
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass
