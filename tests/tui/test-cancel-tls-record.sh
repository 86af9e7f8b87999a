#!/bin/bash
# A server that does not greet: the status bar counts the wait down; Ctrl-C cancels it without leaving. Then the
# server answers with a TLS alert record on the plaintext connection: the wire pane says what those bytes are.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/peer.sh"
tui_require
cat >"$RUN_DIR/peer.script" <<'SCRIPT'
sleep 3000
send "\x15\x03\x03\x00\x02\x02\x0a"
sleep 500
close
SCRIPT
peer_start peer "$RUN_DIR/peer.script"
tui_start --timeout 20 "127.0.0.1:$PEER_PORT"
tui_wait "waiting for greeting"
tui_keys C-c
tui_wait "cancelled"
sleep 0.5
tui_expect_absent "waiting for greeting"
tui_wait "a TLS alert record (fatal, description 10)"
tui_wait '\x15\x03\x03\0\x02\x02'
tui_wait "smtp>"
tui_keys F10
tui_wait "SMTPCON-EXIT="
pass
