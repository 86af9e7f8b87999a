#!/usr/bin/env bash
# A fatal TLS alert in the middle of a session (after STARTTLS, half-way through a reply): the client names the
# alert, exits 3, does not hang, and the transcript holds the TLS-era bytes that came before the alert, even
# after SIGKILL. A warning alert is noted and the session goes on.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

HERE=$(cd "$(dirname "$0")" && pwd)
script=$(printf 'EHLO client.lab.test\n/starttls\nMAIL FROM:<a@lab.test>\nQUIT\n' | t_write alert.script)

hpeer_start text "$HERE/peers/tls-alert.peer"
hrun text 20 --batch --insecure --timeout 5 --log "$RUN_DIR/text.log" --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_elapsed_under 12000
expect_rss_under 65536 # /save keeps up to 32 MiB of transcript in memory (cmd-save.c SAVE_MAX_BYTES)
expect_terminal_safe "$OUT"
expect_grep 'PARTIAL-BEFORE-ALERT' "$RUN_DIR/text.log" "the bytes before the alert are not in the transcript"
expect_grep 'error \(tls\).*([Ii]nternal error|alert)' "$OUT" "no clear message naming the alert"
peer_wait 20 || true

hpeer_start json "$HERE/peers/tls-alert.peer"
hrun json 20 --batch --json --insecure --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_json_utf8 "$OUT"
expect_json "$OUT" 'any(.[]; .type == "error")' "no error event for the alert"
peer_wait 20 || true

# SIGKILL right after the partial reply arrived (before the alert): the transcript has it.
hpeer_start kill "$HERE/peers/tls-alert.peer"
kill_when_logged kill "$RUN_DIR/kill.log" 'PARTIAL-BEFORE-ALERT' 15 --batch --insecure --timeout 5 --script "$script" \
	"127.0.0.1:$PEER_PORT"

# A warning alert in TLS 1.2: noted, not fatal (TLS 1.3 makes every alert but close_notify fatal, RFC 8446 §6,
# and the client rightly stops there).
wscript=$(printf 'EHLO client.lab.test\n/starttls\n/expect 250\nQUIT\n' | t_write warning.script)
hpeer_start warning "$HERE/peers/tls-warning.peer"
hrun warning 20 --batch --insecure --tls-protocol tlsv1_2 --timeout 5 --script "$wscript" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_grep 'AFTER-WARNING' "$OUT" "the session did not go on after a warning alert"
peer_wait 20
hpeer_start warning13 "$HERE/peers/tls-warning.peer"
hrun warning13 20 --batch --insecure --timeout 5 --script "$wscript" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_grep 'error \(tls\).*not recognized' "$OUT" "TLS 1.3: the alert is not named"
peer_wait 20 || true

# The TUI: the alert is reported on screen and the console stays usable.
if ! have_tmux; then
	skip_or_fail "tmux is not installed: the TUI half did not run (batch half passed)"
fi
hpeer_start tui "$HERE/peers/tls-alert.peer"
tui_start tui --insecure --timeout 5 "127.0.0.1:$PEER_PORT"
tui_wait_for '220 alert' 10 || fail "the TUI never showed the banner: $(tui_capture)"
for cmd in 'EHLO client.lab.test' '/starttls' 'MAIL FROM:<a@lab.test>'; do
	ttmux send-keys -t "$TUI_PANE" -l "$cmd"
	ttmux send-keys -t "$TUI_PANE" Enter
	sleep 0.7
done
tui_wait_for '[Ii]nternal error|alert' 10 || fail "the TUI did not report the alert: $(tui_capture)"
tui_leave
pass
