#!/bin/bash
# The hex view shows what STARTTLS changes on the wire: against the built-in lab, after /starttls, F6 shows the raw
# TLS records between the plaintext lines, each labelled (type, record version, length; the handshake messages
# while they are in the clear), the ClientHello's first bytes in hex; the text view keeps hiding them.
. "$(dirname "$0")/lib.sh"
tui_require

# Every screen from the top of the wire pane to the bottom, one page at a time, into $RUN_DIR/pages.txt.
all_pages()
{
	: >"$RUN_DIR/pages.txt"
	tui_keys C-Home
	local i
	for ((i = 0; i < 40; i++)); do
		tui_screen >>"$RUN_DIR/pages.txt"
		grep -qF "[follow]" "$RUN_DIR/screen.txt" && return 0
		tui_keys NPage
	done
}

tui_start --lab
tui_tmux resize-window -t "$TUI_TARGET" -x 200 -y 50
tui_wait "smtp>"
tui_type "/starttls"
tui_wait "TLS established"
tui_wait "250 HELP"
tui_expect_absent "TLS record:"

tui_keys F6
tui_wait "wire [hex]"
all_pages
for want in "TLS record: handshake (ClientHello), version 3." "TLS record: handshake (ServerHello), version 3.3 = TLS 1.2" \
	"TLS record: change_cipher_spec, version 3.3" "TLS record: application data (encrypted), version 3.3 = TLS 1.2" \
	"00000000  16 03 0" "53 54 41 52 54 54 4c 53" "more bytes of this record"; do
	grep -qF -- "$want" "$RUN_DIR/pages.txt" || fail "hex view lacks: $want" "$RUN_DIR/pages.txt"
done
# The ClientHello comes after the plaintext 220 to STARTTLS, and before the encrypted EHLO's record.
first() { grep -nF -- "$1" "$RUN_DIR/pages.txt" | head -1 | cut -d: -f1; }
a=$(first "32 32 30 20 32 2e 30 2e") b=$(first "handshake (ClientHello)") c=$(first "application data (encrypted)")
[ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] && [ "$a" -lt "$b" ] && [ "$b" -lt "$c" ] ||
	fail "records out of order (220 at $a, ClientHello at $b, application data at $c)" "$RUN_DIR/pages.txt"

# Back to the text view: the records hide again, the decrypted EHLO reply is there.
tui_keys F6
tui_keys C-End
tui_wait "wire [follow]"
tui_expect_absent "TLS record:"
tui_wait "250 HELP"
tui_keys F10
tui_wait "SMTPCON-EXIT="
pass
