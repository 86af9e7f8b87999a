#!/usr/bin/env bash
# NUL bytes and invalid UTF-8 (overlong encodings, lone continuation bytes, surrogates, truncated sequences,
# 0xFE/0xFF) in the banner and replies. The text transcript and the JSON Lines stay valid UTF-8 (iconv) and
# valid JSON (jq); the anomalies are flagged; the session goes on to QUIT.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

peer_script=$(t_write nul.peer <<'PEER'
line "220-nul \000 in the banner"
line "220 bad utf-8 \xc0\xaf \x80\x80 \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xfe\xff \xe2\x82 end"
expect EHLO
send "250-a\000b\000\000c\r\n250-\xff\xfe\xfd\xfc\r\n250-\xf0\x9f\x98 truncated emoji\r\n"
line "250 \xc3\xa9t\xc3\xa9 valid \xe2\x9c\x93 and \xc3 invalid"
expect NOOP
send "250 \000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\r\n"
expect QUIT
line "221 \xe2\x80\xae bidi override \xe2\x80\xac bye"
close
PEER
)
script=$(printf 'EHLO client.lab.test\nNOOP\n/expect 250\nQUIT\n' | t_write nul.script)

peer_start text "$peer_script"
hrun text 20 --batch --timeout 5 --log "$RUN_DIR/text.log" --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_terminal_safe "$OUT"
expect_terminal_safe "$RUN_DIR/text.log"
# The user still sees where the NULs and bad bytes were.
expect_grep 'truncated emoji' "$OUT"
expect_grep 'bidi override' "$OUT"
peer_wait 20
[ "$PEER_RC" -eq 0 ] || fail "the peer did not see the whole session" "$PEER_LOG"

peer_start json "$peer_script"
hrun json 20 --batch --json --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_json_utf8 "$OUT"
expect_terminal_safe "$OUT"
expect_json "$OUT" 'any(.[]; .type == "reply" and (.flags | index("nul")))' "NUL in a reply not flagged"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 221)' "the session did not reach QUIT"
# The received bytes are kept exactly (as escapes or base64, whatever the format says): nothing is lost.
expect_json "$OUT" '[.[] | select(.type == "received")] | length > 0' "no received events"
peer_wait 20

# The TUI shows the same without breaking the screen.
if ! have_tmux; then
	skip_or_fail "tmux is not installed: the TUI half did not run (batch half passed)"
fi
peer_start tui "$peer_script"
tui_start tui --timeout 5 "127.0.0.1:$PEER_PORT"
ttmux pipe-pane -o -t "$TUI_PANE" "cat >>$RUN_DIR/tui.raw"
tui_wait_for 'bad utf-8' 10 || fail "the TUI never showed the banner: $(tui_capture)"
for cmd in 'EHLO client.lab.test' 'NOOP' 'QUIT'; do
	ttmux send-keys -t "$TUI_PANE" -l "$cmd"
	ttmux send-keys -t "$TUI_PANE" Enter
	sleep 0.5
done
tui_wait_for 'bidi override' 10 || fail "the TUI did not get to QUIT: $(tui_capture)"
[ "$(tui_title)" = untouched ] || fail "the pane title changed"
tui_leave
LC_ALL=C grep -qaP '\xe2\x80[\xaa-\xae]|\x00' "$RUN_DIR/tui.raw" && fail "a bidi control or NUL reached the terminal via the TUI"
pass
