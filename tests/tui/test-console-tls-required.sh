#!/bin/bash
# --tls in the console means what the no-starttls lesson says: when the server does not offer STARTTLS the session
# stops before anything else is sent (only QUIT), the screen says so and that /connect opens a new connection; a
# MAIL FROM typed afterwards goes nowhere. /connect again does EHLO and STARTTLS first, and stops again.
. "$(dirname "$0")/lib.sh"
tui_require

tui_start --lab=no-starttls --tls --timeout 10 --log "$RUN_DIR/transcript.log"
tui_wait "STARTTLS is not offered by the server"
tui_wait "The session stopped here"
tui_wait "│ not connected │"
tui_wait "next: /connect 127.0.0.1:"
grep -q 'The session stopped here: nothing more was sent but QUIT. /connect HOST\[:PORT\] opens a new connection.' \
	"$RUN_DIR/transcript.log" || fail "the console does not say that the session stopped and how to go on" \
	"$RUN_DIR/transcript.log"
tui_wait "C  ▸ QUIT"
tui_wait "S  ▸ 221"

# Typed after the stop: not sent (there is no connection), and the console says how to get one.
tui_type "MAIL FROM:<student@lab.test>"
tui_wait "not connected"
# /auth does not even ask for the password (the next line typed would be taken for it).
tui_type "/auth plain student"
sleep 0.5
tui_expect_absent "Password for"
tui_screen >"$RUN_DIR/after-stop.txt"

port=$(sed -n 's/.*connected to .*\]:\([0-9]*\).*/\1/p' "$RUN_DIR/transcript.log" | head -n 1)
[ -n "$port" ] || fail "no port in the transcript" "$RUN_DIR/transcript.log"
# A new connection under --tls: EHLO and STARTTLS come first, and the session stops again.
tui_type "/connect 127.0.0.1:$port"
for ((i = 0; i < 50; i++)); do
	[ "$(grep -c 'The session stopped here' "$RUN_DIR/transcript.log")" -ge 2 ] && break
	sleep 0.1
done
[ "$(grep -c 'The session stopped here' "$RUN_DIR/transcript.log")" -ge 2 ] ||
	fail "the second connection was not stopped by --tls" "$RUN_DIR/transcript.log"
tui_screen >"$RUN_DIR/after-reconnect.txt"

tui_keys F10
tui_wait "SMTPCON-EXIT="
grep -q 'SMTPCON-EXIT=3' "$RUN_DIR/screen.txt" || fail "the console did not exit 3 after --tls stopped it" \
	"$RUN_DIR/screen.txt"

# What went on the wire, both connections: EHLO and QUIT only; never MAIL nor AUTH.
grep -E '^ *[0-9.]+ C: ' "$RUN_DIR/transcript.log" | sed -E 's/^ *[0-9.]+ C: //' >"$RUN_DIR/sent.txt"
printf 'EHLO [127.0.0.1]\nQUIT\nEHLO [127.0.0.1]\nQUIT\n' | diff - "$RUN_DIR/sent.txt" >"$RUN_DIR/sent.diff" ||
	fail "more than EHLO and QUIT went out under --tls" "$RUN_DIR/sent.diff" "$RUN_DIR/transcript.log"
pass "--tls stops the console's session before anything but QUIT is sent"
