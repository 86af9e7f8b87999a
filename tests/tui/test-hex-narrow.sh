#!/bin/bash
# The hex view (F6) fits the width: at 80 columns and at 120 (side by side, a 59-column wire pane) 8 bytes a row
# with the ASCII column kept, at 40 columns 4 bytes (a 4-digit offset), at 250 columns 16. A masked AUTH secret is one labelled row
# ("[secret: 24 bytes, hidden]"), never the mask's 2a 2a 2a as if those bytes had been sent. At 40 columns the
# secret's label and the TLS records' labels wrap onto rows marked ↪ rather than being cut.
. "$(dirname "$0")/lib.sh"
tui_require
tui_start --lab
tui_tmux resize-window -t "$TUI_TARGET" -x 80 -y 24
tui_wait "220 Service ready"
tui_type "EHLO hex.example"
tui_wait "250 HELP"
tui_type "/starttls"
tui_wait "250-AUTH PLAIN LOGIN"
# AUTH PLAIN with the lab's demo login in base64 ("\0student\0practice"): the console masks it.
tui_type "AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U="
tui_wait "235"
tui_keys F6
tui_wait "wire [hex]"
tui_keys C-f
tui_type "AUTH PLAIN"
tui_wait "match at line"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.80.txt"
grep -qE '00000000  41 55 54 48 20 50 4c 41  \|AUTH PLA\|' "$RUN_DIR/screen.txt" ||
	fail "no 8-byte hex row with its ASCII column at 80 columns" "$RUN_DIR/screen.txt"
grep -q '0000000b  \[secret: 24 bytes, hidden\]' "$RUN_DIR/screen.txt" ||
	fail "the masked secret is not one labelled row" "$RUN_DIR/screen.txt"
grep -qE '2a 2a 2a|\|\*\*\*' "$RUN_DIR/screen.txt" && fail "the mask is drawn as bytes" "$RUN_DIR/screen.txt"
w=$(LC_ALL=C.UTF-8 wc -L <"$RUN_DIR/screen.txt")
[ "$w" -le 80 ] || fail "a row is $w wide at 80 columns" "$RUN_DIR/screen.txt"
tui_keys Escape

# Side by side at 120 columns: 8 bytes a row, the ASCII column still there.
tui_tmux resize-window -t "$TUI_TARGET" -x 120 -y 30
sleep 0.5
tui_keys C-f
tui_type "AUTH PLAIN"
tui_wait "match at line"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.120.txt"
grep -qE '00000000  41 55 54 48 20 50 4c 41  \|AUTH PLA\|' "$RUN_DIR/screen.txt" ||
	fail "no 8-byte hex row with its ASCII column at 120 columns" "$RUN_DIR/screen.txt"
tui_keys Escape

# 40 columns: 4 bytes a row.
tui_tmux resize-window -t "$TUI_TARGET" -x 40 -y 20
sleep 0.5
tui_keys C-f
tui_type "AUTH PLAIN"
tui_wait "match at line"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.40.txt"
grep -qE '0000  41 55 54 48  \|AUTH\|' "$RUN_DIR/screen.txt" ||
	fail "no 4-byte hex row with its ASCII column at 40 columns" "$RUN_DIR/screen.txt"
w=$(LC_ALL=C.UTF-8 wc -L <"$RUN_DIR/screen.txt")
[ "$w" -le 40 ] || fail "a row is $w wide at 40 columns" "$RUN_DIR/screen.txt"
# The labels wrap (their next rows marked ↪), never cut: the secret's, and each TLS record's.
tui_joined | grep -q '000b  \[secret: 24 bytes, hidden\]' ||
	fail "the secret's label is cut at 40 columns" "$RUN_DIR/screen.txt"
tui_keys Escape
# From the top, on a screen tall enough that few labels straddle two pages: the records' labels and the note on
# what a record did not keep, whole.
tui_tmux resize-window -t "$TUI_TARGET" -x 40 -y 150
sleep 0.5
tui_keys C-Home
: >"$RUN_DIR/joined.40.txt"
for ((i = 0; i < 60; i++)); do
	tui_screen >>"$RUN_DIR/pages.40.txt"
	tui_joined >>"$RUN_DIR/joined.40.txt"
	grep -qF "[follow]" "$RUN_DIR/screen.txt" && break
	tui_keys NPage
done
for want in "TLS record: handshake (ClientHello), version 3." "TLS record: change_cipher_spec, version 3.3 = TLS 1.2" \
	"more bytes of this record (only the first"; do
	grep -qF -- "$want" "$RUN_DIR/joined.40.txt" || fail "at 40 columns the hex view lacks: $want" "$RUN_DIR/pages.40.txt"
done
grep -qE 'TLS record: application data \(encrypted\), version 3\.3 = TLS 1\.2, [0-9]+ bytes' "$RUN_DIR/joined.40.txt" ||
	fail "a TLS record's label is cut at 40 columns" "$RUN_DIR/pages.40.txt"

# 250 columns: 16 bytes a row.
tui_tmux resize-window -t "$TUI_TARGET" -x 250 -y 40
sleep 0.5
tui_keys C-f
tui_type "AUTH PLAIN"
tui_wait "match at line"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.250.txt"
grep -qE '00000000  41 55 54 48 20 50 4c 41  49 4e 20 +\|AUTH PLAIN \|' "$RUN_DIR/screen.txt" ||
	fail "no 16-byte hex row at 250 columns" "$RUN_DIR/screen.txt"
grep -q '\[secret: 24 bytes, hidden\]' "$RUN_DIR/screen.txt" || fail "no secret label at 250 columns" "$RUN_DIR/screen.txt"
pass "hex rows of 8, 8, 4 and 16 bytes as the width allows, with the ASCII column; the secret is a labelled mask"
