#!/bin/bash
# A pipelined group in the wire pane, at 80x24 and 200x50: a note above the group counts its commands ("pipelined
# group 1: 3 commands in one read") and each command of the group has a bracket "┃" in the gutter where a line
# sent alone has the segment mark "▸". Listen mode: a raw socket client pipelines EHLO, MAIL, RCPT in one write,
# then sends QUIT alone. Client mode (the built-in lab): /raw with two command lines is one write, group 1 of 2.
# Screens kept in $RUN_DIR (screen.listen.80x24.txt, screen.client.200x50.txt, ...).
. "$(dirname "$0")/lib.sh"
tui_require
PY=/usr/bin/python3
[ -x "$PY" ] || skip_or_fail "python3 is not installed"

# row_has ERE: a row of the last screen matches ERE (the gutter's columns, as drawn).
row_has()
{
	grep -Eq -- "$1" "$RUN_DIR/screen.txt" || fail "no row matching /$1/" "$RUN_DIR/screen.txt"
}

for size in 80x24 200x50; do
	TUI_SOCK=smtpcon-tui-$$-listen-$size
	port=$(t_closed_port)
	mkdir -p "$RUN_DIR/xdg-$size"
	TUI_ENV="XDG_RUNTIME_DIR=$RUN_DIR/xdg-$size" TUI_SIZE=$size tui_start --listen "127.0.0.1:$port" --lab=delivery
	tui_wait "127.0.0.1:$port"
	# The client holds its QUIT until the test has read the group off the screen (a 24-row pane scrolls).
	rm -f "$RUN_DIR/go-$size"
	"$PY" - "$port" "$RUN_DIR/go-$size" >"$RUN_DIR/raw-$size.out" 2>&1 <<'PYEOF' &
import os, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
f = s.makefile("rb")
def reply():
    while True:
        line = f.readline()
        if not line or line[3:4] != b"-":
            return line
reply()
s.sendall(b"EHLO raw.example\r\nMAIL FROM:<r@example.org>\r\nRCPT TO:<student@lab.test>\r\n")
for _ in range(3):
    reply()
for _ in range(200):
    if os.path.exists(sys.argv[2]):
        break
    time.sleep(0.1)
s.sendall(b"QUIT\r\n")
reply()
PYEOF
	py=$!
	tui_wait "2.1.5 Recipient ok"
	tui_screen >/dev/null
	if [ "$size" = 200x50 ]; then # the whole group fits: note, bracket on every command
		row_has '#1 +· pipelined group 1: 3 commands in one read'
		row_has '#1 +C  ┃ EHLO raw\.example'
	fi
	row_has '#1 +C  ┃ MAIL FROM:<r@example\.org>'
	row_has '#1 +C  ┃ RCPT TO:<student@lab\.test>'
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.listen.$size.txt"
	printf '=== listen %s\n' "$size"
	cat "$RUN_DIR/screen.txt"
	touch "$RUN_DIR/go-$size"
	wait "$py" || fail "the raw pipelining client failed" "$RUN_DIR/raw-$size.out"
	tui_wait "C  ▸ QUIT"
	tui_screen >/dev/null
	row_has '#1 +C  ▸ QUIT'
	tui_keys F10
	tui_wait "SMTPCON-EXIT=0"
	tui_tmux kill-server

	TUI_SOCK=smtpcon-tui-$$-client-$size
	TUI_SIZE=$size tui_start --lab=delivery --timeout 10
	tui_wait "│ greeted │" 10
	tui_type "EHLO group.example"
	tui_wait "│ ready │" 6
	tui_type '/raw "MAIL FROM:<a@example.org>\r\nRCPT TO:<student@lab.test>\r\n"'
	tui_wait "2.1.5" 6
	tui_wait "pipelined group 1: 2 commands in one write"
	tui_screen >/dev/null
	row_has ' C  ┃ MAIL FROM:<a@example\.org>'
	row_has ' C  ┃ RCPT TO:<student@lab\.test>'
	row_has '· pipelined group 1: 2 commands in one write'
	[ "$size" = 80x24 ] || row_has ' C  ▸ EHLO group\.example' # a command sent alone keeps the segment mark
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.client.$size.txt"
	printf '=== client %s\n' "$size"
	cat "$RUN_DIR/screen.txt"
	tui_keys F10
	tui_wait "SMTPCON-EXIT="
	tui_tmux kill-server
done
pass "pipelined groups are bracketed in the wire pane, listen and client mode, at 80x24 and 200x50"
