#!/usr/bin/env bash
# The console in each language at 80x24 (issue 17): a practice-lab session (EHLO, /starttls) and F4, the
# capabilities and their before/after-TLS diff, shown in pt_BR, pt and fr: the overlay's English words are absent
# and their translations (read from po/LANG.po, so the test follows the translators' wording) present. The server's
# bytes (250-AUTH ...) stay as sent. Screens are kept in $RUN_DIR (LANG-f4.txt).
# Then, on the no-starttls lab, the decoded pane's explanation of the greeting (220) and the diagnosis that STARTTLS
# is not offered, in each language, with their English absent. Screens: LANG-decoded.txt. Last, the hex view's TLS
# record labels in French.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$T_SRC/tests/tui/lib.sh"
tui_require
i18n_require_locales

# tr_msgid LANG MSGID: the translation of MSGID in po/LANG.po ("" when none).
tr_msgid()
{
	msgcat --no-wrap "$T_SRC/po/$1.po" | awk -v id="$2" '
		/^msgid "/ { cur = substr($0, 8, length($0) - 8); next }
		/^msgstr "/ { if (cur == id && !done) { print substr($0, 9, length($0) - 9); done = 1 } }'
}

export TUI_SIZE=80x24
for l in "${I18N_LANGS[@]}"; do
	after=$(tr_msgid "$l" "after STARTTLS (EHLO again)")
	added=$(tr_msgid "$l" "added after TLS:")
	[ -n "$after" ] && [ -n "$added" ] || fail "$l: po/$l.po does not translate the F4 overlay's words"
	tui_tmux kill-server 2>/dev/null || true
	tui_start --lang "$l" --lab
	tui_wait "220 mail.lab.test ESMTP"
	tui_type "EHLO me.example"
	tui_wait "250-STARTTLS"
	tui_type "/starttls"
	tui_wait "250-AUTH PLAIN LOGIN"
	tui_keys F4
	tui_wait "$after"
	tui_wait "$added"
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/$l-f4.txt"
	tui_expect_absent "after STARTTLS (EHLO again)"
	tui_expect_absent "added after TLS:"
	tui_keys Escape
	tui_keys F10
	tui_wait "SMTPCON-EXIT=0"
done

# first_words N TEXT: the first N words (a wrapped pane line holds them whole at 80 columns).
first_words()
{
	printf '%s\n' "$2" | cut -d' ' -f1-"$1"
}

greeting_en="Service ready"
diag_en="The server does not offer STARTTLS: everything on this connection, passwords included, travels readable."
for l in "${I18N_LANGS[@]}"; do
	greeting=$(tr_msgid "$l" "$greeting_en")
	diag=$(tr_msgid "$l" "$diag_en")
	[ -n "$greeting" ] && [ -n "$diag" ] || fail "$l: po/$l.po does not translate the greeting's title or the diagnosis"
	tui_tmux kill-server 2>/dev/null || true
	tui_start --lang "$l" --lab=no-starttls
	tui_wait "220 mail.lab.test ESMTP"
	tui_type "EHLO me.example"
	tui_wait "250 HELP"
	tui_wait "220 $greeting"
	tui_wait "$(first_words 4 "$diag")"
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/$l-decoded.txt"
	tui_expect_absent "220 $greeting_en"
	tui_expect_absent "does not offer STARTTLS"
	tui_keys F10
	tui_wait "SMTPCON-EXIT=0"
done
# The hex view (F6) in French: the raw TLS records' labels (ui/wire-record.c) in the language, their protocol
# names (handshake, application data) as the protocol says them. Screen: fr-hex.txt.
tui_tmux kill-server 2>/dev/null || true
tui_start --lang fr --lab
tui_wait "220 mail.lab.test ESMTP"
tui_type "/starttls"
tui_wait "250-AUTH PLAIN LOGIN"
tui_keys F6
tui_wait "[hex]"
# Every page of the wire pane, from its top, into fr-hex.txt.
tui_keys C-Home
: >"$RUN_DIR/fr-hex.txt"
for ((i = 0; i < 40; i++)); do
	tui_screen >>"$RUN_DIR/fr-hex.txt"
	grep -qF "[suivi]" "$RUN_DIR/screen.txt" && break
	tui_keys NPage
done
for want in "enregistrement TLS : handshake (ClientHello), version 3." "enregistrement TLS : handshake (ServerHello), version" \
	"enregistrement TLS : application data (chiffré), version 3.3" "... encore "; do
	grep -qF -- "$want" "$RUN_DIR/fr-hex.txt" || fail "fr: the hex view lacks '$want'" "$RUN_DIR/fr-hex.txt"
done
! grep -qE "TLS record:|\(encrypted\)|more bytes of this record" "$RUN_DIR/fr-hex.txt" ||
	fail "fr: English record labels in the hex view" "$RUN_DIR/fr-hex.txt"
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass "F4's capabilities diff, the greeting's explanation, a diagnosis (pt_BR, pt, fr) and the hex view's TLS records (fr) at 80x24"
