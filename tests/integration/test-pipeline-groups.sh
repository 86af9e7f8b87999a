#!/usr/bin/env bash
# A pipelined group is shown as one group, in client mode and in listen mode. Client mode, against real Exim 4.96:
# /pipeline sends MAIL, RCPT, RCPT, DATA in one write; its JSON "sent" event carries "group": 1 and
# "group_size": 4, the lines sent alone (EHLO, QUIT) carry no group, and the text transcript (--log) has the
# marker line above the four C: lines. Listen mode: swaks --pipeline (MAIL, RCPT, DATA in one write) and a raw
# socket client that pipelines EHLO, MAIL, RCPT in one write and then sends QUIT alone; each command of a group
# has the client's own group number, the text transcript marks each group once, and commands sent alone carry
# none.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
PY=/usr/bin/python3
[ -x "$PY" ] || skip_or_fail "python3 is not installed"
command -v swaks >/dev/null || skip_or_fail "swaks is not installed"
exim_start

# ---- client mode: our /pipeline against Exim ----
subject=$(unique_subject pipeline-groups)
msg=$(printf 'From: a@lab.test\nTo: b@lab.test\nSubject: %s\n\ngrouped\n' "$subject" | t_write msg.eml)
script=$(t_write client.script <<SCRIPT
/ehlo client.lab.test
/pipeline
MAIL FROM:<a@lab.test>
RCPT TO:<b@lab.test>
RCPT TO:<nobody@example.org>
DATA
/end
/body-after-354 $msg
/expect 250
/quit
SCRIPT
)
run_smtpcon client --batch --json --timeout 10 --log "$RUN_DIR/client.log" --script "$script" "127.0.0.1:$EXIM_PORT"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" '[.[] | select(.type == "sent" and .group != null)] |
	length == 1 and .[0].group == 1 and .[0].group_size == 4 and (.[0].data | startswith("MAIL FROM:<a@lab.test>\r\n"))' \
	"client mode: the pipelined write is not group 1 of 4"
expect_json "$OUT" 'all(.[] | select(.type == "sent" and (.data | test("^(EHLO|QUIT)"))); .group == null)' \
	"client mode: a command sent alone carries a group"
expect_grep '^ *[0-9.]+ --- pipelined group 1: 4 commands in one write$' "$RUN_DIR/client.log" \
	"client mode: no group marker in the text transcript"
# The marker stands right above the group's four C: lines, which keep their C: marker.
grep -A4 -- '--- pipelined group 1:' "$RUN_DIR/client.log" | sed 's/^ *[0-9.]* //' >"$RUN_DIR/client-group.txt"
cat >"$RUN_DIR/client-group.want" <<'WANT'
--- pipelined group 1: 4 commands in one write
C: MAIL FROM:<a@lab.test>
C: RCPT TO:<b@lab.test>
C: RCPT TO:<nobody@example.org>
C: DATA
WANT
diff -u "$RUN_DIR/client-group.want" "$RUN_DIR/client-group.txt" >"$RUN_DIR/client-group.diff" ||
	fail "client mode: the group is not marked above its lines" "$RUN_DIR/client-group.diff"
exim_wait_mail "$subject" >/dev/null || fail "the pipelined message was not delivered by Exim" "$EXIM_LOG"

# ---- listen mode: real pipelining clients ----
listen_start listen --lab=delivery --log "$RUN_DIR/listen.log"
swaks --server "127.0.0.1:$L_PORT" --pipeline --helo swaks.example --from a@example.org --to student@lab.test \
	>"$RUN_DIR/swaks.out" 2>&1 || fail "swaks --pipeline failed" "$RUN_DIR/swaks.out" "$L_OUT"
"$PY" - "$L_PORT" >"$RUN_DIR/raw.out" 2>&1 <<'PYEOF' || fail "the raw pipelining client failed" "$RUN_DIR/raw.out" "$L_OUT"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
f = s.makefile("rb")
def reply():
    while True:
        line = f.readline()
        if not line or line[3:4] != b"-":
            return line
reply()  # the greeting
s.sendall(b"EHLO raw.example\r\nMAIL FROM:<r@example.org>\r\nRCPT TO:<student@lab.test>\r\n")  # one write
for _ in range(3):
    reply()
s.sendall(b"QUIT\r\n")
reply()
PYEOF
listen_wait_closed 2
listen_stop listen
expect_json "$L_OUT" '[.[] | select(.type == "sent" and .client == 1 and .group != null)] |
	map(.data) == ["MAIL FROM:<a@example.org>\r\n", "RCPT TO:<student@lab.test>\r\n", "DATA\r\n"] and
	all(.[]; .group == 1 and .group_size == 3)' "listen mode: swaks' pipelined MAIL, RCPT, DATA are not group 1 of 3"
expect_json "$L_OUT" '[.[] | select(.type == "sent" and .client == 2 and .group != null)] |
	map(.data) == ["EHLO raw.example\r\n", "MAIL FROM:<r@example.org>\r\n", "RCPT TO:<student@lab.test>\r\n"] and
	all(.[]; .group == 1 and .group_size == 3)' "listen mode: the raw client's EHLO, MAIL, RCPT are not its group 1 of 3"
expect_json "$L_OUT" 'all(.[] | select(.type == "sent" and ((.data | ascii_downcase) | test("^(ehlo swaks|quit)"))); .group == null)' \
	"listen mode: a command sent alone carries a group"
for c in 1 2; do
	expect_grep "^ *[0-9.]+ \[$c 127\.0\.0\.1:[0-9]+\] --- pipelined group 1: 3 commands in one read$" "$RUN_DIR/listen.log" \
		"listen mode: client $c's group is not marked in the text transcript"
done
[ "$(grep -c -- '--- pipelined group' "$RUN_DIR/listen.log")" -eq 2 ] ||
	fail "listen mode: not exactly one marker per group" "$RUN_DIR/listen.log"
expect_grep "^ *[0-9.]+ \[2 127\.0\.0\.1:[0-9]+\] C: EHLO raw\.example$" "$RUN_DIR/listen.log" "listen mode: C: marker changed"
pass "pipelined groups: group field in JSON and a marker line in the transcript, client mode (Exim) and listen mode"
