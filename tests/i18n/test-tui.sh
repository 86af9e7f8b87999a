#!/usr/bin/env bash
# The console in each language at 80x24 (issue 17): a practice-lab session (EHLO, /starttls) and F4, the
# capabilities and their before/after-TLS diff, shown in pt_BR, pt and fr: the overlay's English words are absent
# and their translations (read from po/LANG.po, so the test follows the translators' wording) present. The server's
# bytes (250-AUTH ...) stay as sent. Screens are kept in $RUN_DIR (LANG-f4.txt).
# Not yet checked here: the greeting's explanation and a diagnosis in each language (their translations had not
# reached po/POTFILES.in when this test was written; see the issue notes).
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
pass "F4's capabilities diff in pt_BR, pt and fr at 80x24"
