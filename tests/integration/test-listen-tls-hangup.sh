#!/usr/bin/env bash
# A client that sends its last commands through TLS and hangs up at once (no close_notify, replies unread) is
# shown as what it is: every command it sent is still read and shown, no reply that could not reach it is shown
# as sent, and the close says the client hung up. (GnuTLS refuses every send once it has read such a hang-up;
# listen mode used to call that "the client did not read its replies (1024 KiB unread)", as if a client had
# left a megabyte of replies unread: the once-seen flake of swaks-right under load.)
# The hang-up is made certain, not left to timing: listen mode is stopped (SIGSTOP) while the client sends and
# exits, so it reads the commands and the end of the connection in one go.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
[ -x /usr/bin/python3 ] || skip_or_fail "Debian's python3 is not installed"

cat >"$RUN_DIR/hangup.py" <<'PY'
# PORT CAFILE LINES: STARTTLS, EHLO, then wait for a line on stdin; send LINES inside TLS and exit at once
import os, socket, ssl, sys
port, cafile, lines = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode().replace(b"|", b"\r\n")
s = socket.create_connection(("127.0.0.1", port), timeout=10)
def reply(f):
    while True:
        line = f.readline()
        if line[3:4] != b"-":
            return line
f = s.makefile("rb")
reply(f); s.sendall(b"EHLO hangup.example\r\n"); reply(f); s.sendall(b"STARTTLS\r\n"); reply(f)
t = ssl.create_default_context(cafile=cafile).wrap_socket(s, server_hostname="mail.lab.test")
tf = t.makefile("rb")
t.sendall(b"EHLO hangup.example\r\n"); reply(tf)
print("ready", flush=True)
sys.stdin.readline()
t.sendall(lines)
os._exit(0)  # no close_notify, nothing read
PY

listen_start hangup --lab=submission
# hang_up LINES: the client sends LINES ("|" for CRLF) and exits while listen mode is stopped
hang_up()
{
	coproc HANGUP { /usr/bin/python3 "$RUN_DIR/hangup.py" "$L_PORT" "$L_CA" "$1" 2>"$RUN_DIR/client.err"; }
	read -r -t 20 _ <&"${HANGUP[0]}" || fail "the client did not get through STARTTLS" "$RUN_DIR/client.err" "$L_OUT"
	kill -STOP "$L_PID"
	echo go >&"${HANGUP[1]}"
	wait "$HANGUP_PID" || true
	sleep 0.2 # the FIN reaches the stopped listener's socket
	kill -CONT "$L_PID"
}
hang_up 'MAIL FROM:<a@lab.test>|RCPT TO:<student@lab.test>|DATA|'
listen_wait_closed 1
hang_up 'QUIT|'
listen_wait_closed 2
listen_stop hangup

for c in 1 2; do
	expect_json "$L_OUT" "any(.[]; .type == \"closed\" and .client == $c and .by == \"client\" and .reason == \"it hung up without reading its replies\")" \
		"client $c's close does not say it hung up without reading its replies"
done
expect_no_grep 'did not read its replies' "$L_OUT" "a client that hung up called one that does not read"
for cmd in 'MAIL FROM:<a@lab.test>' 'RCPT TO:<student@lab.test>' 'DATA'; do
	expect_json "$L_OUT" "any(.[]; .type == \"sent\" and .client == 1 and .data == \"$cmd\\r\\n\")" \
		"client 1's $cmd, sent before it hung up, is not shown"
done
expect_json "$L_OUT" 'any(.[]; .type == "sent" and .client == 2 and .data == "QUIT\r\n")' "client 2's QUIT is not shown"
# Nothing after the last EHLO's answer reached either client: no reply may be shown as sent.
expect_json "$L_OUT" '[.[] | select(.type == "received" and .client == 1)] | last | .data | startswith("250-mail.lab.test")' \
	"a reply client 1 never got is shown as sent"
expect_json "$L_OUT" '[.[] | select(.type == "received" and .client == 2)] | last | .data | startswith("250-mail.lab.test")' \
	"a reply client 2 never got is shown as sent"
pass
