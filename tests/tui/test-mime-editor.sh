#!/bin/bash
# Attachments in the TUI, at 80x24 and at 200x50: --header and --attach are the message editor's defaults (its
# Subject is the --header one, raw UTF-8 for editing; the hint line lists the attachment), /attach FILE typed as a
# line of the editor adds a second file, the lone "." sends the multipart message GMime builds; then the practice
# lab's /mailbox shows its MIME structure (parts, types, sizes, names), parsed with GMime, Subject decoded.
# The screens are kept: mailbox-WxH.txt, editor-WxH.txt.
. "$(dirname "$0")/reader-lib.sh"
tui_require

mkdir -p "$RUN_DIR/att"
png=$RUN_DIR/att/pixel.png
txt="$RUN_DIR/att/Grüße ñ.txt"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0\x90wS\xde' >"$png" # 33 bytes
printf 'Grüße aus Köln\n' >"$txt"                                                        # 18 bytes

run_size()
{
	local size=$1
	TUI_SOCK=smtpcon-tui-$$-$size
	TUI_SIZE=$size tui_start --lab=delivery --from you@example.org --to student@lab.test \
		--header "Subject: Grüße $size" --attach "$png"
	tui_wait "220 "
	tui_type "EHLO me.example"
	tui_wait "250 HELP"
	tui_type "MAIL FROM:<you@example.org>"
	tui_type "RCPT TO:<student@lab.test>"
	tui_wait "250 2.1.5"
	tui_type "/data"
	tui_wait "Subject: Grüße $size"
	tui_wait "attached: pixel.png (image/png, 33 B)"
	tui_type "/attach $txt"
	tui_wait "ñ.txt (text/plain, 18 B)"
	tui_type "A body line typed in the editor."
	tui_screen >"$RUN_DIR/editor-$size.txt"
	grep -qF "/attach" "$RUN_DIR/editor-$size.txt" &&
		fail "$size: the /attach line stayed in the message text" "$RUN_DIR/editor-$size.txt"
	tui_type "."
	tui_wait "250 2.0.0"
	tui_type "/mailbox"
	tui_wait "multipart/mixed"
	# Long output opens in the reader (at 80x24); short output stays in the wire pane.
	if tui_screen | grep -qE '^ (all [0-9]+ rows?|rows [0-9]+-[0-9]+ of [0-9]+)'; then
		reader_text "mailbox-$size"
	else
		tui_screen >"$RUN_DIR/mailbox-$size.joined"
	fi
	local m=$RUN_DIR/mailbox-$size.joined
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/mailbox-$size.txt"
	grep -qF "\"Grüße $size\"" "$m" || fail "$size: /mailbox: the Subject is not decoded" "$m"
	grep -qE '1 +text/plain \(utf-8\) +[0-9]+ bytes' "$m" || fail "$size: /mailbox: the body part" "$m"
	grep -qE '2 +image/png +"pixel.png" +33 bytes, base64, attachment' "$m" || fail "$size: /mailbox: the PNG part" "$m"
	grep -qE '3 +text/plain +"Grüße ñ.txt" +18 bytes, base64, attachment' "$m" ||
		fail "$size: /mailbox: the text file with its non-ASCII name" "$m"
	tui_keys Escape
	tui_keys F10
	tui_wait "SMTPCON-EXIT=0"
	tui_tmux kill-server 2>/dev/null || true
}

run_size 80x24
run_size 200x50
pass
