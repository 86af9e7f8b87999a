#!/usr/bin/env bash
# The catalogs (issue 17): po/check passes (the .pot and each po/LANG.po are what po/update makes from the sources
# and the parts; every catalog and part compiles with `msgfmt --check`, so each translated printf-style string keeps
# its msgid's conversions; none has an untranslated or fuzzy message; every msgid with a % conversion is marked
# c-format or no-c-format, so that check cannot be skipped silently). And the build compiled each language into
# <build>/locale/LANG/LC_MESSAGES/smtpcon.mo, which the binary of the build tree speaks from.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v msgfmt >/dev/null || skip_or_fail "msgfmt is not installed (gettext)"

bash "$T_SRC/po/check" >"$RUN_DIR/po-check.out" 2>&1 || fail "po/check failed" "$RUN_DIR/po-check.out"

# msgfmt -c on the compiled catalogs' sources once more, per language, with the conversions of a known c-format
# entry compared by hand: a msgstr that dropped or reordered a conversion must not compile.
for l in $(grep -v '^#' "$T_SRC/po/LINGUAS"); do
	mo=$T_BUILD/locale/$l/LC_MESSAGES/smtpcon.mo
	[ -s "$mo" ] || fail "the build made no $mo"
	msgfmt -c -o /dev/null "$T_SRC/po/$l.po" 2>"$RUN_DIR/$l.msgfmt" || fail "po/$l.po does not compile" "$RUN_DIR/$l.msgfmt"
done
bad=$(t_write bad.po <<'EOF2'
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#, c-format
msgid "smtpcon: cannot write the log %s: %s\n"
msgstr "smtpcon : impossible d'écrire le journal : %s\n"
EOF2
)
! msgfmt -c -o /dev/null "$bad" 2>/dev/null || fail "msgfmt -c accepted a msgstr that lost a conversion: the check is toothless"

# xgettext marks printf-style msgids c-format (so msgfmt -c checks them): at least main.c's are.
grep -q 'c-format' "$T_SRC/po/smtpcon.pot" || fail "no c-format entry in po/smtpcon.pot"
pass "po/check clean; each language compiled into build/locale"
