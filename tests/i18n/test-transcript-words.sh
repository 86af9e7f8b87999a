#!/usr/bin/env bash
# The text transcript's own words in the learner's language (issue 17, helper words), against the real Exim of the
# harness (STARTTLS, its self-signed certificate, --insecure), in pt_BR, pt and fr, English unchanged:
#   - the markers stay ("---", "===", "!!!", "!!", ">>>", ids), the words after them are translated: --repeat's
#     "run 1 of 2", /expect's "expect 250: ok" and "expect 554: FAILED (got 501)", a warning's and a diagnosis's
#     severity word ("!!  avertissement (tls-insecure): ...", ">>> info auth-challenge: ...");
#   - the certificate section: "certificat NON vérifié pour NAME :" (French spacing, one phrase) and its validity
#     in the language's date convention (06/12/2026), ISO (2026-12-06) in English;
#   - /tls scan's version table (en and fr only: a scan is some ten seconds): "TLS_..., groupe SECP256R1";
#   - the JSON Lines are byte-identical to English (times, Exim's dates and durations aside): /tls scan's table and
#     --repeat's "run 1 of 2" stay English there.
# Transcripts and JSON are kept in $RUN_DIR (LANG.log, LANG.json, scan-LANG.log, scan-LANG.json).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
i18n_require_locales
command -v jq >/dev/null || skip_or_fail "jq is not installed"
exim_start
T_TIMEOUT=120

# json IN OUT: the JSON Lines without times; Exim's dates, message ids and our durations made constant; without the
# close events (after a failed /expect, QUIT's 221 and our close race: "by server" or "by client" either way).
json()
{
	jq -c 'select(.type != "closed") | del(.t)' "$1" | sed -E -e 's/[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [+-][0-9]{4}/DATE/g' \
		-e 's/id=[0-9A-Za-z-]+/id=ID/g' -e 's/[0-9]+\.[0-9]+ ms/N ms/g' >"$2" || fail "stdout is not JSON Lines" "$1"
}

# The failing /expect last: a failed /expect ends the run (QUIT).
script=$(printf '%s\n' 'EHLO me.example' '/expect 250' 'AUTH LOGIN' '/expect 334' '*' '/expect 501' '/expect 554' \
	'QUIT' | t_write words.script)
scan=$(printf '%s\n' 'EHLO me.example' '/tls scan' 'QUIT' | t_write scan.script)
for l in en "${I18N_LANGS[@]}"; do
	# /expect 554 fails on purpose (exit 1): its line is one of the words under test.
	run_smtpcon "$l" --batch --json --lang "$l" --log "$RUN_DIR/$l.log" --repeat 2 --timeout 10 --tls --insecure \
		--tls-sni "$EXIM_NAME" --script "$script" "127.0.0.1:$EXIM_PORT"
	[ "$RC" -eq 1 ] || fail "$l: exit $RC (1 expected: the failed /expect)" "$OUT" "$ERR" "$RUN_DIR/$l.log"
	json "$OUT" "$RUN_DIR/$l.json"
	case $l in en | fr) ;; *) continue ;; esac
	run_smtpcon "scan-$l" --batch --json --lang "$l" --log "$RUN_DIR/scan-$l.log" --timeout 10 --tls --insecure \
		--tls-sni "$EXIM_NAME" --script "$scan" "127.0.0.1:$EXIM_PORT"
	[ "$RC" -eq 0 ] || fail "$l: /tls scan: exit $RC" "$OUT" "$ERR"
	json "$OUT" "$RUN_DIR/scan-$l.json"
done

date_en='[0-9]{4}-[0-9]{2}-[0-9]{2}'
date_loc='[0-9]{2}/[0-9]{2}/[0-9]{4}'
# LANG: the lines (regular expressions, after the time column) each transcript must hold.
declare -A WANT
WANT[en]="--- run 1 of 2
--- run 2 of 2
=== expect 250: ok
!!! expect 554: FAILED \(got 501\)
!!  warning \(tls-insecure\): certificate NOT verified; going on
>>> info auth-challenge: AUTH LOGIN
\*\*\* certificate NOT verified for mail\.lab\.test: signer-not-found
 +valid: $date_en to $date_en, chain of 1"
WANT[fr]="--- exécution 1 sur 2
--- exécution 2 sur 2
=== expect 250 : ok
!!! expect 554 : ÉCHEC \(reçu 501\)
!!  avertissement \(tls-insecure\): certificat NON vérifié
>>> info auth-challenge: AUTH LOGIN
\*\*\* certificat NON vérifié pour mail\.lab\.test : signer-not-found
 +validité : $date_loc au $date_loc, chaîne de 1"
WANT[pt]="--- execução 1 de 2
--- execução 2 de 2
=== expect 250: ok
!!! expect 554: FALHOU \(recebido 501\)
!!  aviso \(tls-insecure\): 
>>> info auth-challenge: AUTH LOGIN
\*\*\* certificado NÃO verificado para mail\.lab\.test: signer-not-found
 +validade: $date_loc a $date_loc"
WANT[pt_BR]=${WANT[pt]}
# English words that must not be left on a translated transcript (the wire lines aside; "expect 250: ok" is
# Portuguese too).
left='^(--- run [0-9]|!!! expect [^ ]+: FAILED|!!  warning|!!! error|>>> (warning|error) |\*\*\* certificate NOT)'

for l in en "${I18N_LANGS[@]}"; do
	txt=$RUN_DIR/$l.txt
	sed -E 's/^ *[0-9]+\.[0-9]+ //' "$RUN_DIR/$l.log" | grep -vE '^[CS][:+~]' >"$txt" || true
	while IFS= read -r want; do
		grep -qE -- "^$want" "$txt" || fail "$l: no line '$want' in the transcript" "$txt"
	done <<<"${WANT[$l]}"
	if [ "$l" != en ]; then
		hit=$(grep -E -- "$left" "$txt" | head -3 || true)
		[ -z "$hit" ] || fail "$l: English words left after a marker: $hit" "$txt"
		cmp -s "$RUN_DIR/en.json" "$RUN_DIR/$l.json" || {
			diff "$RUN_DIR/en.json" "$RUN_DIR/$l.json" >"$RUN_DIR/$l.json.diff" || true
			fail "$l: the JSON Lines differ from English" "$RUN_DIR/$l.json.diff"
		}
	fi
done
# JSON keeps the English of --repeat's line.
jq -e -s 'any(.[]; .id == "repeat-run" and .message == "run 1 of 2")' "$RUN_DIR/fr.json" >/dev/null ||
	fail "fr: the JSON Lines lack the English 'run 1 of 2'" "$RUN_DIR/fr.json"

# /tls scan's version table: each accepted version's suite and group, "group" in the language of the screen.
grep -qE '^  TLS1\.3  accepted  TLS_[A-Z0-9_]+, group [A-Z0-9]+' "$RUN_DIR/scan-en.log" ||
	fail "en: /tls scan's table lacks 'TLS1.3  accepted  TLS_..., group ...'" "$RUN_DIR/scan-en.log"
grep -qE '^  TLS1\.3  accepté +TLS_[A-Z0-9_]+, groupe [A-Z0-9]+' "$RUN_DIR/scan-fr.log" ||
	fail "fr: /tls scan's table lacks 'TLS1.3  accepté  TLS_..., groupe ...'" "$RUN_DIR/scan-fr.log"
! grep -qE '^  TLS1\.[0-3] .*, group ' "$RUN_DIR/scan-fr.log" ||
	fail "fr: /tls scan's table says 'group' in English" "$RUN_DIR/scan-fr.log"
# Its JSON stays English, byte for byte (the output event carries the table).
cmp -s "$RUN_DIR/scan-en.json" "$RUN_DIR/scan-fr.json" || {
	diff "$RUN_DIR/scan-en.json" "$RUN_DIR/scan-fr.json" >"$RUN_DIR/scan-fr.json.diff" || true
	fail "fr: /tls scan's JSON Lines differ from English" "$RUN_DIR/scan-fr.json.diff"
}
pass "the transcript's marker words, certificate lines and /tls scan's table are translated; JSON stays English"
