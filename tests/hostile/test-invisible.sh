#!/usr/bin/env bash
# A server that hides text with invisible characters: every Unicode format character the issue found (zero-width
# space, non-joiner, joiner, word joiner, byte order mark, soft hyphen, bidi marks, override and isolate) and the
# separators that look like a space (no-break space, ideographic space). The console and the text transcript
# show each one escaped (\u{200B}), in batch and in the TUI; JSON keeps the exact characters.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

# name, UTF-8 bytes (printf escapes), the escape the user must see
chars=(
	"ZWSP   \\xe2\\x80\\x8b \\u{200B}"
	"ZWNJ   \\xe2\\x80\\x8c \\u{200C}"
	"ZWJ    \\xe2\\x80\\x8d \\u{200D}"
	"WJ     \\xe2\\x81\\xa0 \\u{2060}"
	"BOM    \\xef\\xbb\\xbf \\u{FEFF}"
	"SHY    \\xc2\\xad     \\u{00AD}"
	"IDSP   \\xe3\\x80\\x80 \\u{3000}"
	"NBSP   \\xc2\\xa0     \\u{00A0}"
	"RLO    \\xe2\\x80\\xae \\u{202E}"
	"RLM    \\xe2\\x80\\x8f \\u{200F}"
	"LRI    \\xe2\\x81\\xa6 \\u{2066}"
	"ALM    \\xd8\\x9c     \\u{061C}"
)
{
	echo 'line "220 invisible.lab.test ESMTP"'
	echo 'expect EHLO'
	echo 'line "250 invisible.lab.test"'
	for c in "${chars[@]}"; do
		read -r name bytes _ <<<"$c"
		echo 'expect NOOP'
		echo "line \"250 hid${bytes}den-$name\""
	done
	echo 'expect QUIT'
	echo 'line "221 bye"'
	echo 'close'
} >"$RUN_DIR/invisible.peer"
{
	echo 'EHLO client.lab.test'
	for _ in "${chars[@]}"; do echo NOOP; done
	echo QUIT
} >"$RUN_DIR/invisible.script"

# check_escaped FILE: every character is shown as its escape, none raw.
check_escaped()
{
	local f=$1 name bytes want raw
	for c in "${chars[@]}"; do
		read -r name bytes want <<<"$c"
		grep -qF "hid${want}den-$name" "$f" || fail "$name is not shown as $want in $f" "$f"
		raw=$(printf "$bytes")
		if LC_ALL=C grep -qaF "$raw" "$f"; then
			fail "$name reached $f unescaped" "$f"
		fi
	done
}

# 1. Batch: the text on stdout and the --log transcript.
peer_start text "$RUN_DIR/invisible.peer"
hrun text 20 --batch --timeout 5 --log "$RUN_DIR/text.log" --script "$RUN_DIR/invisible.script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_terminal_safe "$OUT"
check_escaped "$OUT"
check_escaped "$RUN_DIR/text.log"
peer_wait 20
[ "$PEER_RC" -eq 0 ] || fail "the peer did not see the whole session" "$PEER_LOG"

# 2. JSON keeps the exact characters (as JSON escapes that decode to them).
peer_start json "$RUN_DIR/invisible.peer"
hrun json 20 --batch --json --timeout 5 --script "$RUN_DIR/invisible.script" "127.0.0.1:$PEER_PORT"
expect_rc 0
expect_json_utf8 "$OUT"
expect_json "$OUT" 'any(.[]; .type == "reply" and (tostring | contains("hid\u200bden-ZWSP")))' \
	"the JSON reply lost the exact U+200B"
expect_json "$OUT" 'any(.[]; .type == "reply" and (tostring | contains("hid\u3000den-IDSP")))' \
	"the JSON reply lost the exact U+3000"
peer_wait 20

# 3. The TUI: the captured screen shows the escapes.
if ! have_tmux; then
	skip_or_fail "tmux is not installed: the TUI half did not run (batch half passed)"
fi
peer_start tui "$RUN_DIR/invisible.peer"
tui_start tui --timeout 5 "127.0.0.1:$PEER_PORT"
tui_wait_for 'invisible.lab.test ESMTP' 10 || fail "the TUI never showed the banner: $(tui_capture)"
ttmux send-keys -t "$TUI_PANE" -l 'EHLO client.lab.test'
ttmux send-keys -t "$TUI_PANE" Enter
for _ in "${chars[@]}"; do
	ttmux send-keys -t "$TUI_PANE" -l 'NOOP'
	ttmux send-keys -t "$TUI_PANE" Enter
	sleep 0.2
done
tui_wait_for 'den-ALM' 10 || fail "the TUI did not show the last reply: $(tui_capture)"
tui_capture >"$RUN_DIR/tui.screen"
check_escaped "$RUN_DIR/tui.screen"
ttmux send-keys -t "$TUI_PANE" -l 'QUIT'
ttmux send-keys -t "$TUI_PANE" Enter
tui_wait_for '221' 10 || true
tui_leave
pass
