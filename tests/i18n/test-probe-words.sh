#!/usr/bin/env bash
# /probe in the learner's language (issue 17), against the real Exim of the harness: the four probes (STARTTLS
# injection, STARTTLS enforcement, smuggling, pipelining) in one session per language, with the --verbose transcript
# (--log) and JSON Lines (stdout) of the same run.
# In pt_BR, pt and fr:
#   - every verdict, announcement and hint of po/parts/probe that the English run says is said in the language
#     (each piece of its translation, read from po/LANG.po's source part, is in the transcript) and none of its
#     English is left; no English sentence of the whole catalog is left on our lines (the sweep tests' probes);
#   - the --verbose lines are whole translated phrases: "reply 250, 8 lines, to EHLO ..." (plural), "state greeted
#     -> ready" (state names stay ids), the placeholder "(anything)" a reply to raw bytes answers;
#   - pt reads as Portugal (no tela, arquivo, senha, usuário, conexão, você on our lines);
#   - the JSON Lines are byte-identical to English (times, Exim's dates and message ids aside): verdict keywords
#     and texts stay English.
# Transcripts and JSON are kept in $RUN_DIR (LANG.txt, LANG.json).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
i18n_require_locales
command -v jq >/dev/null || skip_or_fail "jq is not installed"
command -v msgcat >/dev/null || skip_or_fail "msgcat is not installed (gettext)"
# Exim's banner held back 1 s: the pipelining probe's early EHLO is then certainly early (else a race).
EXIM_CONNECT_DELAY=1s exim_start
T_TIMEOUT=120 # one session runs the four probes: some twenty seconds, more on a loaded machine

script=$(printf '%s\n' '/probe starttls-injection' '/probe starttls-enforced bob@lab.test' \
	'/probe smuggling bob@lab.test' '/probe pipelining bob@lab.test' | t_write probes.script)
for l in en "${I18N_LANGS[@]}"; do
	run_smtpcon "$l" --batch --json --verbose --lang "$l" --log "$RUN_DIR/$l.log" --timeout 10 \
		--tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --script "$script" "127.0.0.1:$EXIM_PORT"
	[ "$RC" -eq 0 ] || fail "$l: exit $RC" "$OUT" "$ERR"
	# Times aside; Exim's banner carries the date, its 250 after DATA a message id.
	jq -c 'del(.t)' "$OUT" | sed -E -e 's/[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [+-][0-9]{4}/DATE/g' \
		-e 's/id=[0-9A-Za-z-]+/id=ID/g' >"$RUN_DIR/$l.json" || fail "$l: stdout is not JSON Lines" "$OUT"
	# Our lines only: no time column, no wire lines (C: S:, English by design), no Exim banner in a verdict.
	sed -E 's/^ *[0-9]+\.[0-9]+ //' "$RUN_DIR/$l.log" | grep -vE '^[CS][:+~]' >"$RUN_DIR/$l.txt" || true
done

# The English run is the one the integration tests check by hand (Exim 4.96 verdicts).
en=$RUN_DIR/en.json
for want in 'probe-starttls-injection [not-vulnerable] the server refused STARTTLS' \
	'probe-starttls-enforced [not-enforced] before STARTTLS: AUTH 503, MAIL 250, RCPT 250: mail is accepted' \
	'probe-smuggling [not-vulnerable] <LF>.<LF>: content (250);' \
	'probe-pipelining [accepts-pipelining greeting-sync:enforced data-sync:enforced] PIPELINING advertised;'; do
	jq -e -s --arg id "${want%% *}" --arg m "${want#* }" \
		'any(.[]; .type == "diagnosis" and .id == $id and (.message | startswith($m)))' "$en" >/dev/null ||
		fail "en: no verdict '$want' in the JSON Lines" "$en"
done

# Each translated entry of po/parts/probe as "msgid<TAB>msgstr" (plurals: the first form), escapes kept.
entries()
{
	msgcat --no-wrap "$T_SRC/po/parts/probe/$1.po" | perl -ne '
		if (/^msgctxt /) { $ctx = 1; next }
		if (/^msgid "(.*)"$/) { $id = $1; next }
		if (/^msgstr(?:\[0\])? "(.*)"$/ && $id ne "") { print "$id\t$1\n" unless $ctx; $ctx = 0; $id = "" }'
}
# pieces TEXT: the parts of a msgid or msgstr (as the .po writes it) between its conversions and line breaks,
# unescaped, 12 characters or more.
pieces()
{
	perl -e 'for (split /%[-0-9.]*(?:zu|llu|lld|d|u|s)|\\n/, shift) { s/\\"/"/g; s/\\\\/\\/g; s/^ +//; print "$_\n" if length >= 12 }' "$1"
}
# tr_msgid LANG MSGID: the translation in po/LANG.po (as the program uses it).
tr_msgid()
{
	MSGID=$2 perl -0777 -ne 'while (/^msgid "((?:[^"\\]|\\.)*)"\n(?:msgid_plural "(?:[^"\\]|\\.)*"\n)?msgstr(?:\[0\])? "((?:[^"\\]|\\.)*)"$/mg) {
		if ($1 eq $ENV{MSGID}) { print $2; exit } }' < <(msgcat --no-wrap "$T_SRC/po/$1.po")
}
tr_plural()
{
	MSGID=$2 N=$3 perl -0777 -ne 'while (/^msgid "((?:[^"\\]|\\.)*)"\nmsgid_plural "(?:[^"\\]|\\.)*"\nmsgstr\[0\] "((?:[^"\\]|\\.)*)"\nmsgstr\[1\] "((?:[^"\\]|\\.)*)"$/mg) {
		if ($1 eq $ENV{MSGID}) { print $ENV{N} ? $3 : $2; exit } }' < <(msgcat --no-wrap "$T_SRC/po/$1.po")
}

# The probe's messages the English run says: every piece of the msgid is in the English transcript.
: >"$RUN_DIR/said.tsv"
while IFS=$'\t' read -r id str; do
	used=1 n=0
	while IFS= read -r p; do
		n=$((n + 1))
		grep -qF -- "$p" "$RUN_DIR/en.txt" || used=0
	done < <(pieces "$id")
	[ "$n" -gt 0 ] && [ "$used" -eq 1 ] && printf '%s\t%s\n' "$id" "$str" >>"$RUN_DIR/said.tsv"
done < <(entries fr)
# At least the four verdicts, the announcements and the hint.
[ "$(wc -l <"$RUN_DIR/said.tsv")" -ge 10 ] || fail "only $(wc -l <"$RUN_DIR/said.tsv") of the probe's messages found in the English run" "$RUN_DIR/said.tsv" "$RUN_DIR/en.txt"

# English probes of the whole catalog (the sweep tests' helper), for our lines in each language.
. "$T_SRC/tests/tui/i18n-sweep-lib.sh"

for l in "${I18N_LANGS[@]}"; do
	txt=$RUN_DIR/$l.txt
	cmp -s "$RUN_DIR/en.json" "$RUN_DIR/$l.json" || {
		diff "$RUN_DIR/en.json" "$RUN_DIR/$l.json" >"$RUN_DIR/$l.json.diff" || true
		fail "$l: the JSON Lines differ from English" "$RUN_DIR/$l.json.diff"
	}
	# Each message the English run said: its translation is here, its English is not.
	while IFS=$'\t' read -r id _; do
		t=$(tr_msgid "$l" "$id")
		[ -n "$t" ] && [ "$t" != "$id" ] || fail "$l: po/$l.po does not translate '$id'"
		while IFS= read -r p; do
			grep -qF -- "$p" "$txt" || fail "$l: the transcript lacks '$p' (from '$t')" "$txt"
		done < <(pieces "$t")
		while IFS= read -r p; do
			grep -qF -- "$p" <<<"$t" && continue # the same words in both languages
			grep -qF -- "$p" "$txt" && fail "$l: English left in the transcript: '$p'" "$txt"
		done < <(pieces "$id")
	done <"$RUN_DIR/said.tsv"
	SWEEP_LANG=$l
	sweep_probes
	hit=$(grep -F -f "$RUN_DIR/probes.txt" "$txt" | head -3 || true)
	[ -z "$hit" ] || fail "$l: English left in the transcript: $hit" "$txt"
	# The --verbose lines.
	# shellcheck disable=SC2059 # the catalog's formats, as the program uses them
	{
		want=$(printf "$(tr_plural "$l" "reply %s, %zu line, to %s" 1)" 250 8 "EHLO [127.0.0.1]")
		grep -qF -- "$want" "$txt" || fail "$l: no verbose line '$want' for the EHLO's 8-line reply" "$txt"
		want=$(printf "$(tr_plural "$l" "reply %s, %zu line, to %s" 0)" 554 1 "$(tr_msgid "$l" "(anything)")")
		grep -qF -- "$want" "$txt" || fail "$l: no verbose line '$want' for the 554 to the raw bytes" "$txt"
		want=$(printf "$(tr_plural "$l" "reply %s, %zu line" 0)" 220 1)
		grep -qF -- "$want" "$txt" || fail "$l: no verbose line '$want' for the greeting" "$txt"
		want=$(printf "$(tr_msgid "$l" "%s: content (%d)")" "<LF>.<LF>" 250)
		grep -qF -- "$want" "$txt" || fail "$l: the smuggling verdict does not list '$want'" "$txt"
		want=$(printf "$(tr_msgid "$l" "state %s -> %s")" greeted ready)
		grep -qF -- "$want" "$txt" || fail "$l: no verbose line '$want'" "$txt"
	}
	! grep -qE -- '^ +(reply|state) |\(anything\)' "$txt" || fail "$l: an English verbose line is left" "$txt"
	if [ "$l" = pt ]; then
		br=$(grep -oiP '\b(tela|telas|arquivos?|senhas?|usuários?|conexão|conexões|conectad[oa]s?|você)\b' "$txt" | head -3 | tr '\n' ' ' || true)
		[ -z "$br" ] || fail "pt: Brazilian words in the transcript: $br" "$txt"
	fi
done
pass "/probe's verdicts and the --verbose lines are whole translated sentences in pt_BR, pt and fr; JSON stays English"
