#!/usr/bin/env bash
# The words the core says about a session, in each language (issue 17): why the connection closed ("after QUIT"
# and who closed it, one sentence per who) and what the console waits for ("reply to EHLO", a word the session
# formats itself), in the text transcript of a practice-lab session; the JSON of the same session keeps the
# English ("by", "reason", "what"), as in every language. A refused transaction agrees with its noun (French
# "transaction refusée": transaction is feminine; "message" is not, so the footer says "remise du message").
# A certificate's expiry date inside a verification reason reads as the language writes dates; JSON keeps ISO.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
i18n_require_locales
command -v jq >/dev/null || skip_or_fail "jq is not installed"

script=$(t_write session.script <<'EOF2'
EHLO client.example
MAIL FROM:<student@lab.test>
QUIT
EOF2
)
declare -A CLOSED=([pt_BR]='conexão fechada pelo servidor (após o QUIT)' [pt]='ligação fechada pelo servidor (após o QUIT)'
	[fr]='connexion fermée par le serveur (après QUIT)')
declare -A WAITS=([pt_BR]='aguardando resposta a EHLO' [pt]='à espera de resposta a EHLO'
	[fr]='en attente : réponse à EHLO')
declare -A REFUSED=([pt_BR]='!!! transação rejeitada em MAIL FROM' [pt]='!!! transação rejeitada em MAIL FROM'
	[fr]='!!! transaction refusée à MAIL FROM')

for l in en "${I18N_LANGS[@]}"; do
	"$SMTPCON" --batch --lab --lang "$l" --verbose --timeout 10 --script "$script" >"$RUN_DIR/$l.out" 2>"$RUN_DIR/$l.err" ||
		fail "$l: the session failed" "$RUN_DIR/$l.out" "$RUN_DIR/$l.err"
	"$SMTPCON" --batch --json --lab --lang "$l" --timeout 10 --script "$script" >"$RUN_DIR/$l.json" 2>>"$RUN_DIR/$l.err" ||
		fail "$l: the JSON session failed" "$RUN_DIR/$l.json" "$RUN_DIR/$l.err"
	jq -e -s 'any(.[]; .type == "closed" and .by == "server" and .reason == "after QUIT")' "$RUN_DIR/$l.json" >/dev/null ||
		fail "$l: the JSON close event is not the English one (by server, after QUIT)" "$RUN_DIR/$l.json"
	jq -e -s 'any(.[]; .type == "waiting" and .what == "reply to EHLO")' "$RUN_DIR/$l.json" >/dev/null ||
		fail "$l: the JSON waiting event is not the English one (reply to EHLO)" "$RUN_DIR/$l.json"
done
grep -qF -- '--- connection closed by server (after QUIT)' "$RUN_DIR/en.out" ||
	fail "en: the close line changed" "$RUN_DIR/en.out"
grep -qF 'waiting for reply to EHLO' "$RUN_DIR/en.out" || fail "en: the wait line changed" "$RUN_DIR/en.out"
grep -qF '!!! transaction rejected at MAIL FROM' "$RUN_DIR/en.out" || fail "en: the transaction line changed" "$RUN_DIR/en.out"
for l in "${I18N_LANGS[@]}"; do
	out=$RUN_DIR/$l.out
	grep -qF -- "--- ${CLOSED[$l]}" "$out" || fail "$l: no '${CLOSED[$l]}'" "$out"
	grep -qF "${WAITS[$l]}" "$out" || fail "$l: no '${WAITS[$l]}'" "$out"
	grep -qF -- "${REFUSED[$l]}" "$out" || fail "$l: no '${REFUSED[$l]}'" "$out"
	! grep -qE 'after QUIT|closed by|waiting for' "$out" || fail "$l: English close or wait words in the transcript" "$out"
done
# A verification reason's certificate date (core/cert-reasons.c): the language's own convention on screen, ISO 8601
# UTC in JSON Lines (the lab's bad-cert scenario: a certificate that expired 30 days ago).
tls_script=$(printf 'EHLO client.example\n/starttls\nQUIT\n' | t_write bad-cert.script)
for l in en "${I18N_LANGS[@]}"; do
	"$SMTPCON" --batch --lab=bad-cert --lang "$l" --timeout 10 --script "$tls_script" >"$RUN_DIR/cert-$l.out" 2>&1 || true
	"$SMTPCON" --batch --json --lab=bad-cert --lang "$l" --timeout 10 --script "$tls_script" >"$RUN_DIR/cert-$l.json" \
		2>>"$RUN_DIR/cert-$l.err" || true
	jq -e -s 'any(.[]; .type == "tls" and any(.reasons[]; .id == "expired" and
		(.text | test("^The server.s certificate expired [0-9]+ days ago \\([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC\\)\\.$"))))' \
		"$RUN_DIR/cert-$l.json" >/dev/null || fail "$l: the JSON expiry reason is not the English one with an ISO date" "$RUN_DIR/cert-$l.json"
done
grep -qE "The server's certificate expired [0-9]+ days ago \([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC\)" "$RUN_DIR/cert-en.out" ||
	fail "en: the expiry reason changed" "$RUN_DIR/cert-en.out"
declare -A EXPIRED=([pt_BR]='O certificado do servidor expirou há [0-9]+ dias' [pt]='O certificado do servidor expirou há [0-9]+ dias'
	[fr]='Le certificat du serveur a expiré il y a [0-9]+ jours')
for l in "${I18N_LANGS[@]}"; do
	grep -qE "${EXPIRED[$l]} \([0-9]{2}/[0-9]{2}/[0-9]{4} [0-9:]{8} UTC\)" "$RUN_DIR/cert-$l.out" ||
		fail "$l: the expiry reason's date is not in the language's convention (dd/mm/yyyy)" "$RUN_DIR/cert-$l.out"
done
# Listen mode: the lab's reason for closing a client's connection (lab_client_close_reason) in the language on
# screen, English in JSON Lines. The client is smtpcon itself.
printf 'EHLO client.example\nQUIT\n' >"$RUN_DIR/client.script"
listen_run()
{
	local name=$1 port
	shift
	port=$(t_closed_port)
	"$SMTPCON" --batch "$@" --listen "127.0.0.1:$port" >"$RUN_DIR/$name.out" 2>"$RUN_DIR/$name.err" &
	local pid=$!
	for ((i = 0; i < 50; i++)); do
		grep -q 'listening\|127\.0\.0\.1' "$RUN_DIR/$name.out" 2>/dev/null && break
		sleep 0.1
	done
	"$SMTPCON" --batch --timeout 10 --script "$RUN_DIR/client.script" "127.0.0.1:$port" >/dev/null 2>&1 || true
	for ((i = 0; i < 50; i++)); do
		grep -q '"closed"\|---.*221' "$RUN_DIR/$name.out" 2>/dev/null && break
		sleep 0.1
	done
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
bye_en='after QUIT and its 221, the normal end of a session'
for l in "${I18N_LANGS[@]}"; do
	listen_run "listen-$l" --lang "$l"
	t=$(msgcat --no-wrap "$T_SRC/po/$l.po" | awk -v id="$bye_en" '/^msgid "/ { cur = substr($0, 8, length($0) - 8); next }
		/^msgstr "/ { if (cur == id) print substr($0, 9, length($0) - 9) }')
	[ -n "$t" ] || fail "$l: po/$l.po does not translate '$bye_en'"
	grep -qF -- "($t)" "$RUN_DIR/listen-$l.out" || fail "$l: the lab's close reason is not in the language ('$t')" "$RUN_DIR/listen-$l.out"
	! grep -qF -- "$bye_en" "$RUN_DIR/listen-$l.out" || fail "$l: English close reason on screen" "$RUN_DIR/listen-$l.out"
	listen_run "listen-$l-json" --json --lang "$l"
	jq -e -s --arg r "$bye_en" 'any(.[]; .type == "closed" and .by == "server" and .reason == $r)' "$RUN_DIR/listen-$l-json.out" \
		>/dev/null || fail "$l: the lab's close reason in JSON is not the English one" "$RUN_DIR/listen-$l-json.out"
done
pass "close reasons (the client's and the lab's in listen mode), wait words, a refused transaction and a certificate's expiry date in pt_BR, pt, fr (JSON English, ISO dates)"
