#!/usr/bin/env bash
# --listen --batch without --json (the text transcript) writes its lines once per pass of the event loop, not once
# per event (a busy listener's largest cost was a write(2) per event), and still before the loop waits: a
# raw client (bash's /dev/tcp) sends EHLO and 30 NOOPs in one write and stays connected; while it is still there,
# the transcript file (what `tail -f` reads) already holds all 31 commands and their replies, and smtpcon made far
# fewer write(2) calls than it wrote lines (/proc/PID/io syscw; the socket's send(2) is not counted there).
# Then smtpcon is stopped (SIGINT) while a second client is still connected: it exits 0 (it freed that client's
# reply parser twice, and reported its close into a freed session, before).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

port=$(t_closed_port)
out=$RUN_DIR/transcript.out
"$SMTPCON" --batch --listen "127.0.0.1:$port" </dev/null >"$out" 2>"$RUN_DIR/err" &
pid=$!
at_exit "kill $pid 2>/dev/null || true"
for ((i = 0; i < 100; i++)); do grep -qs 'listening: ' "$out" && break; sleep 0.1; done
grep -qs 'listening: ' "$out" || fail "listen mode did not announce itself" "$out" "$RUN_DIR/err"
[ -r "/proc/$pid/io" ] || fail "cannot read /proc/$pid/io (the write(2) count)"
syscw() { sed -n 's/^syscw: //p' "/proc/$pid/io"; }

exec 3<>"/dev/tcp/127.0.0.1/$port"
read -r -t 5 reply <&3
before=$(syscw)
# One write(2) for the whole burst (cat; bash's printf may write it in pieces, each its own pass of the loop).
{
	printf 'EHLO flush.example\r\n'
	for ((i = 0; i < 30; i++)); do printf 'NOOP\r\n'; done
} >"$RUN_DIR/burst"
cat "$RUN_DIR/burst" >&3
n=0
while ((n < 31)) && read -r -t 5 reply <&3; do
	[[ $reply == 250\ * ]] && n=$((n + 1))
done
((n == 31)) || fail "the client got $n of its 31 final replies" "$out"
# The client is still connected: what it was answered is in the file within a pass of the loop.
for ((i = 0; i < 20; i++)); do
	[ "$(grep -c '] C: NOOP$' "$out")" -eq 30 ] && [ "$(grep -c '] S: 250 2\.0\.0' "$out")" -ge 30 ] && break
	sleep 0.1
done
[ "$(grep -c '] C: NOOP$' "$out")" -eq 30 ] || fail "the transcript does not show the 30 NOOPs while the client is connected" "$out"
[ "$(grep -c '] S: 250 2\.0\.0' "$out")" -ge 30 ] || fail "the transcript does not show the 30 replies while the client is connected" "$out"
after=$(syscw)
lines=$(grep -c '] [CS]: ' "$out")
writes=$((after - before))
echo "transcript: $lines wire lines, $writes write(2) calls for the burst"
((writes < 20)) || fail "the burst took $writes write(2) calls (one per event?); expected a few, one per loop pass" "$out"
printf 'QUIT\r\n' >&3
read -r -t 5 reply <&3 || true
exec 3<&-
for ((i = 0; i < 50; i++)); do grep -qs 'closed' "$out" && break; sleep 0.1; done
exec 4<>"/dev/tcp/127.0.0.1/$port"
read -r -t 5 reply <&4
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
exec 4<&-
[ "$rc" -eq 0 ] || fail "listen mode exited $rc when stopped with a client connected" "$RUN_DIR/err"
expect_no_grep 'double free|ERROR: (Address|Leak)Sanitizer|runtime error:' "$RUN_DIR/err" "a crash at exit"
expect_grep '] S: 221 ' "$out" "the 221 to QUIT in the transcript"
pass
