#!/usr/bin/env bash
# Two kinds of words that reached the learner in English (issue 17): a reply's anomalies (a greeting ended by a bare
# LF, from the scripted peer: "[bare LF]" in the --verbose transcript, after "anomalies:" in the TUI) and /raw's
# escape errors ("\q": "unknown escape").
# In pt_BR, pt and fr the batch transcript says them in the language (read from po/LANG.po) and not in English;
# JSON Lines keep their ids ("flags":["bare_lf"]) and English messages, the same in every language.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/peer.sh"
i18n_require_locales
command -v jq >/dev/null || skip_or_fail "jq is not installed"

tr_msgid()
{
	# (The msgid as the .po writes it, escapes and all: through the environment, which awk does not unescape.)
	msgcat --no-wrap "$T_SRC/po/$1.po" | ID=$2 awk '
		/^msgid "/ { cur = substr($0, 8, length($0) - 8); next }
		/^msgstr "/ { if (cur == ENVIRON["ID"] && !done) { print substr($0, 9, length($0) - 9); done = 1 } }'
}

# The peer greets with a bare LF, eight times (a text and a JSON run per language).
peer=$(for i in 1 2 3 4 5 6 7 8; do printf '%s\n' accept 'send "220 peer.lab.test ESMTP\n"' 'expect QUIT' \
	'line "221 bye"'; done | t_write bare.peer)
PEER_DEADLINE=120 peer_start bare "$peer"
script=$(printf '%s\n' '/raw "\q"' | t_write raw.script)

for l in en "${I18N_LANGS[@]}"; do
	run_smtpcon "$l" --batch --verbose --lang "$l" --timeout 10 --script "$script" "127.0.0.1:$PEER_PORT"
	[ "$RC" -eq 1 ] || fail "$l: exit $RC, not 1 (the escape error ends the script)" "$OUT" "$ERR"
	cat "$ERR" >>"$OUT"
	run_smtpcon "$l-json" --batch --json --lang "$l" --timeout 10 --script "$script" "127.0.0.1:$PEER_PORT"
	jq -c 'select(.type == "reply" or .type == "error") | del(.t)' "$OUT" >"$RUN_DIR/$l.json" ||
		fail "$l: stdout is not JSON Lines" "$OUT"
done
en=$RUN_DIR/en.out
grep -qF '[bare LF]' "$en" || fail "en: the greeting's anomaly is not '[bare LF]': the test no longer matches the source" "$en"
grep -qF '/raw: unknown escape (use \\ for a backslash)' "$en" || fail "en: /raw's escape error changed" "$en"
jq -e -s 'any(.[]; .type == "reply" and .code == 220 and (.flags | index("bare_lf")))' "$RUN_DIR/en.json" >/dev/null ||
	fail "JSON: the greeting's flags lack bare_lf" "$RUN_DIR/en.json"
for l in "${I18N_LANGS[@]}"; do
	out=$RUN_DIR/$l.out
	t=$(tr_msgid "$l" "bare LF")
	[ -n "$t" ] && [ "$t" != "bare LF" ] || fail "po/$l.po does not translate 'bare LF'"
	grep -qF "[$t]" "$out" || fail "$l: the transcript lacks '[$t]'" "$out"
	grep -qF '[bare LF]' "$out" && fail "$l: the anomaly is English" "$out"
	t=$(tr_msgid "$l" 'unknown escape (use \\\\ for a backslash)' | sed 's/\\\\/\\/g')
	[ -n "$t" ] || fail "po/$l.po does not translate the unknown escape error"
	grep -qF "/raw: $t" "$out" || fail "$l: the escape error is not '/raw: $t'" "$out"
	grep -qF 'unknown escape' "$out" && fail "$l: the escape error is English" "$out"
	cmp -s "$RUN_DIR/en.json" "$RUN_DIR/$l.json" || fail "$l: the JSON Lines differ from English" "$RUN_DIR/$l.json"
done
pass "a reply's anomalies and /raw's escape errors are said in the learner's language; JSON keeps ids and English"
