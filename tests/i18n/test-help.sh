#!/usr/bin/env bash
# --help in each language (issue 17): with --lang X and with LC_ALL=<locale>, most of the lines that carry words
# differ from the English --help (option names and value words stay; the descriptions are translated), the option
# column is the same, and the exit status is 0. Also a usage error is in the language (stderr, exit 2).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
i18n_require_locales

run_smtpcon help-en --lang en --help
expect_rc 0
en=$OUT
# The lines with words in them (not blank); options alone do not count as words.
total=$(grep -c '[a-z]\{3,\}' "$en")
[ "$total" -ge 40 ] || fail "the English --help is too short to compare" "$en"
for l in "${I18N_LANGS[@]}"; do
	for how in lang env; do
		if [ "$how" = lang ]; then
			run_smtpcon "help-$l-lang" --lang "$l" --help
		else
			LC_ALL=${I18N_LOCALE[$l]} run_smtpcon "help-$l-env" --help
		fi
		expect_rc 0
		same=$(grep '[a-z]\{3,\}' "$OUT" | grep -cxFf <(grep '[a-z]\{3,\}' "$en") || true)
		# At most a fifth of the English lines may come back unchanged (lines of option names and protocol words).
		[ $((same * 5)) -le "$total" ] ||
			fail "$l ($how): $same of $total lines of --help are still the English ones" "$OUT"
		# The options themselves never change.
		diff <(grep -oE '^  (-[a-zA-Z], )?--[a-z0-9-]+' "$en") <(grep -oE '^  (-[a-zA-Z], )?--[a-z0-9-]+' "$OUT") \
			>"$RUN_DIR/help-$l-$how.options.diff" || fail "$l ($how): the option column changed" "$RUN_DIR/help-$l-$how.options.diff"
	done
	run_smtpcon "usage-$l" --lang "$l" --timeout nope
	expect_rc 2
	cmp -s "$ERR" <(LC_ALL=C "$SMTPCON" --lang en --timeout nope 2>&1) &&
		fail "$l: the usage error is the English one" "$ERR"
done
pass "--help and a usage error are translated in pt_BR, pt, fr (--lang and LC_ALL)"
