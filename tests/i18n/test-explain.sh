#!/usr/bin/env bash
# --explain in each language (issue 17): for a permanent (5.7.1) and a transient (4.7.1) enhanced code, the
# explanation in pt_BR, pt and fr holds no sentence of the English explanation (compared against --lang en),
# chosen with --lang and with LC_ALL=<locale>; the code that starts the code line (the first) is the same in every language (its title is translated).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
i18n_require_locales

# sentences FILE: the English sentences of an explanation, one a line: every line but the code line, its label
# ("What it means:") dropped, cut at sentence ends; only those of four words or more (a sentence, not a term such
# as "SMTP AUTH"), and none with a quotation (server text such as "550 5.7.1 Relaying denied" stays as sent).
sentences()
{
	tail -n +2 "$1" | sed -E 's/^ +//; s/^[A-Z][a-z ]+: //' | sed -E 's/([.;!?]) +/\1\n/g' |
		sed -E 's/^ +//; s/ +$//' | grep -v '"' | awk 'NF >= 4'
}

for code in 5.7.1 4.7.1; do
	run_smtpcon "en-$code" --lang en --explain "$code"
	expect_rc 0
	en=$OUT
	sentences "$en" >"$RUN_DIR/en-$code.sentences"
	[ "$(wc -l <"$RUN_DIR/en-$code.sentences")" -ge 4 ] || fail "too few English sentences to compare" "$en"
	run_smtpcon "default-$code" --explain "$code"
	cmp -s "$OUT" "$en" || fail "--explain $code without a language is not the English text" "$OUT" "$en"
	for l in "${I18N_LANGS[@]}"; do
		for how in lang env; do
			if [ "$how" = lang ]; then
				run_smtpcon "$l-$code-lang" --lang "$l" --explain "$code"
			else
				LC_ALL=${I18N_LOCALE[$l]} run_smtpcon "$l-$code-env" --explain "$code"
			fi
			expect_rc 0
			[ "$(head -n 1 "$OUT" | cut -d" " -f1)" = "$(head -n 1 "$en" | cut -d" " -f1)" ] ||
				fail "$l ($how): the code at the head of the code line changed: '$(head -n 1 "$OUT")'" "$OUT" "$en"
			[ "$(wc -l <"$OUT")" -ge 3 ] || fail "$l ($how): the explanation is cut short" "$OUT"
			while IFS= read -r s; do
				if grep -qF -- "$s" "$OUT"; then
					fail "$l ($how): --explain $code still says in English: $s" "$OUT"
				fi
			done <"$RUN_DIR/en-$code.sentences"
		done
	done
done
pass "--explain 5.7.1 and 4.7.1 hold no English sentence in pt_BR, pt, fr (--lang and LC_ALL)"
