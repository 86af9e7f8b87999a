#!/usr/bin/env bash
# A misbehaving server (the scripted peer): malformed replies, bare LF, NUL, an escape sequence, an overlong
# line, a close and a reset in the middle of a reply, silence. smtpcon reports each one, never crashes or
# hangs, never lets the ESC byte reach the output raw, and exits with the right status.
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
t_require_smtpcon

ESC=$'\x1b'

# 1. Malformed and hostile replies, then a sane one: the session goes on.
peer_script=$(t_write malformed.peer <<'PEER'
line 220 peer.lab.test ESMTP scripted
expect EHLO
# a line with no code, then a final line whose code differs from the first
send "250-peer.lab.test\r\nhello there\r\n251 END\r\n"
expect NOOP
# bare LF inside a reply, an escape sequence, a NUL
send "250-bare LF\n250-red \e[31mALERT\e[0m\r\n250-nul \000 byte\r\n250 OK\r\n"
expect NOOP
# one line of 100000 bytes
send "250 "
sendn 100000 "A"
line
expect NOOP
line 250 2.0.0 still here
expect QUIT
line 221 bye
close
PEER
)
peer_start malformed "$peer_script"
script=$(printf 'EHLO client.lab.test\nNOOP\nNOOP\nNOOP\n/expect 250\nQUIT\n' | t_write malformed.script)
run_smtpcon malformed --batch --json --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "reply" and (.flags | index("malformed") or index("code_mismatch") or index("bad_code")))' \
	"the malformed EHLO reply is not flagged"
expect_json "$OUT" 'any(.[]; .type == "reply" and (.flags | index("bare_lf")))' "bare LF not flagged"
expect_json "$OUT" 'any(.[]; .type == "reply" and (.flags | index("nul")))' "NUL not flagged"
expect_json "$OUT" 'any(.[]; .type == "reply" and (.flags | index("line_too_long") or index("over_512")))' \
	"the 100000-byte line is not flagged"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and (.lines[0] | test("still here")))' \
	"the session did not survive to the sane reply"
peer_wait
[ "$PEER_RC" -eq 0 ] || fail "the peer did not see the client's commands in order" "$PEER_LOG"
# The same session as a text transcript: the ESC must be escaped, never raw.
peer_start malformed-text "$peer_script"
run_smtpcon malformed-text --batch --log "$RUN_DIR/malformed-text.log" --timeout 5 --script "$script" \
	"127.0.0.1:$PEER_PORT"
expect_rc 0
! grep -q "$ESC" "$OUT" || fail "a raw ESC byte reached the text output" "$OUT"
! grep -q "$ESC" "$RUN_DIR/malformed-text.log" || fail "a raw ESC byte reached the --log transcript"
expect_grep 'ALERT' "$OUT" "the escaped line is missing from the transcript"
expect_grep 'still here' "$OUT" "text mode did not survive to the sane reply"
peer_wait

# 2. The server closes in the middle of a multi-line reply: a network failure (3), reported, no hang.
peer_script=$(printf 'line 220 peer.lab.test ESMTP\nexpect EHLO\nsend "250-peer.lab.test\\r\\n250-PIPEL"\nclose\n' |
	t_write midclose.peer)
peer_start midclose "$peer_script"
script=$(printf 'EHLO client.lab.test\nNOOP\nQUIT\n' | t_write midclose.script)
run_smtpcon midclose --batch --json --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "closed" and .by == "server")' "close mid-reply: no closed event by the server"
peer_wait

# 3. A TCP reset in the middle of a reply.
peer_script=$(printf 'line 220 peer.lab.test ESMTP\nexpect EHLO\nsend "250-peer.lab.test\\r\\n250-SIZ"\nsleep 100\nreset\n' |
	t_write reset.peer)
peer_start reset "$peer_script"
run_smtpcon reset --batch --json --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "error" or .type == "closed")' "reset mid-reply: not reported"
peer_wait

# 4. A server that accepts and never greets: the timeout ends it (3), in about the time asked for.
peer_script=$(printf 'drain 4000\n' | t_write silent.peer)
peer_start silent "$peer_script"
start=$(date +%s%N)
run_smtpcon silent --batch --json --timeout 1 "127.0.0.1:$PEER_PORT"
expect_rc 3
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
# Each wait is bounded by --timeout; a few of them (greeting, then EHLO, QUIT) may follow each other.
[ "$elapsed_ms" -le 3800 ] || fail "--timeout 1 against a silent server took ${elapsed_ms} ms" "$OUT"
expect_json "$OUT" 'any(.[]; .type == "error")' "silent server: no error event"
peer_wait

# 5. Talking before the greeting is the server's business too: a 554 greeting then close.
peer_script=$(printf 'line 554 5.7.1 go away\nclose\n' | t_write reject.peer)
peer_start reject "$peer_script"
run_smtpcon reject --batch --json --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
[ "$RC" -eq 1 ] || [ "$RC" -eq 3 ] || fail "554 greeting then close: exit status $RC (want 1 or 3)" "$OUT" "$ERR"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 554)' "554 greeting not parsed"
peer_wait
pass
