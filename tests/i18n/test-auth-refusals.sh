#!/usr/bin/env bash
# /auth's refusals in the learner's language (issue 17): when the server did not offer AUTH (or the mechanism, or a
# -PLUS mechanism has no TLS channel to bind to), the batch transcript of each language shows the whole reason and
# the way on as translated sentences (read from po/LANG.po, so the test follows the translators' wording), and no
# English sentence of them; the JSON Lines of the same session stay the English ones, byte for byte.
# Also the practice lab's banner: the address it shows for its mailboxes ("anything@lab.test", translated) is one a
# learner may type, so each translation must stay an ASCII address the lab accepts (no SMTPUTF8 needed).
# Transcripts are kept in $RUN_DIR (CASE-LANG.txt; CASE-LANG.json: the error events).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
i18n_require_locales
command -v jq >/dev/null || skip_or_fail "jq is not installed"

# tr_msgid LANG MSGID: the translation of MSGID in po/LANG.po ("" when none).
tr_msgid()
{
	msgcat --no-wrap "$T_SRC/po/$1.po" | awk -v id="$2" '
		/^msgid "/ { cur = substr($0, 8, length($0) - 8); next }
		/^msgstr "/ { if (cur == id && !done) { print substr($0, 9, length($0) - 9); done = 1 } }' |
		sed -e 's/\\"/"/g' -e "s/\\\\'/'/g"
}

export SMTPCON_PASSWORD=practice
# session CASE LAB LANG SCRIPT-LINES...: the same script in text and JSON Lines.
session()
{
	local name=$1 lab=$2 lang=$3 script
	shift 3
	script=$(printf '%s\n' "$@" | t_write "$name.script")
	run_smtpcon "$name-$lang" --batch --lang "$lang" --lab="$lab" --timeout 10 --script "$script"
	[ "$RC" -eq 1 ] || fail "$name ($lang): exit $RC, not 1 (the refusal ends the script)" "$OUT" "$ERR"
	sed -E 's/^ *[0-9]+\.[0-9]+ //' "$OUT" >"$RUN_DIR/$name-$lang.txt"
	run_smtpcon "$name-$lang-json" --batch --json --lang "$lang" --lab="$lab" --timeout 10 --script "$script"
	# The error events (each run has a lab of its own: ports, certificates and times differ).
	jq -c 'select(.type == "error") | del(.t)' "$OUT" >"$RUN_DIR/$name-$lang.json" || fail "$name ($lang): stdout is not JSON Lines" "$OUT"
	[ -s "$RUN_DIR/$name-$lang.json" ] || fail "$name ($lang): no error event in the JSON Lines" "$OUT"
	expect_json "$OUT" 'all(.[]; .type != "sent" or (.data | test("^AUTH") | not))' "$name ($lang): AUTH was sent"
}

# check CASE: the English session says each msgid (message of the error event, and in its hint); each language's
# transcript says the translation and not the English, and its JSON is the English one.
check()
{
	local name=$1 l m t
	shift
	local en=$RUN_DIR/$name-en.txt
	for m in "$@"; do
		grep -qF -- "$m" "$en" || fail "$name: the English transcript lacks '$m': the test no longer matches the source" "$en"
	done
	for l in "${I18N_LANGS[@]}"; do
		local txt=$RUN_DIR/$name-$l.txt
		for m in "$@"; do
			t=$(tr_msgid "$l" "$m")
			[ -n "$t" ] || fail "$name: po/$l.po has no translation of '$m'"
			[ "$t" != "$m" ] || fail "$name: po/$l.po leaves '$m' in English"
			grep -qF -- "$t" "$txt" || fail "$name ($l): the transcript lacks '$t'" "$txt"
			grep -qF -- "$m" "$txt" && fail "$name ($l): the transcript still says '$m'" "$txt"
		done
		cmp -s "$RUN_DIR/$name-en.json" "$RUN_DIR/$name-$l.json" ||
			fail "$name ($l): the JSON Lines differ from English ($(diff "$RUN_DIR/$name-en.json" "$RUN_DIR/$name-$l.json" | head -4))"
	done
}

force='/auth --force (or --auth-force) sends it anyway, to reproduce a client bug.'
for l in en "${I18N_LANGS[@]}"; do
	session no-ehlo delivery "$l" '/auth plain student'
	session plain delivery "$l" 'EHLO me.example' '/auth plain student' 'MAIL FROM:<student@lab.test>'
	session in-tls delivery "$l" 'EHLO me.example' '/starttls' '/expect tls' '/auth login student'
	session mech submission "$l" 'EHLO me.example' '/starttls' '/auth cram-md5 student'
	session plus submission "$l" 'EHLO me.example' '/auth --force scram-sha-256-plus student'
done
check no-ehlo \
	"AUTH not sent: the server has not listed its extensions on this connection, so it has not offered AUTH" \
	"send EHLO first (/ehlo), then /auth if the reply lists AUTH." "$force"
check plain "AUTH not sent: the server does not offer AUTH on this plaintext connection" \
	"it may offer AUTH only inside TLS: run /starttls first (EHLO is sent again) and look for AUTH in the new list." \
	"If it is still missing, the server takes no logins here: it is probably a delivery server, taking mail for its own domains without one." \
	"To send as a user, use the submission port (587 with STARTTLS, or 465 with TLS)." "$force"
check in-tls "AUTH not sent: this server does not offer AUTH, not even inside TLS" \
	"the server takes no logins here: it is probably a delivery server, taking mail for its own domains without one." \
	"To send as a user, use the submission port (587 with STARTTLS, or 465 with TLS)."
check plus "AUTH not sent: -PLUS mechanisms bind to a TLS channel, and this connection has none" \
	"Run /starttls first (or connect with --tls-on-connect)."
# The formatted ones: the mechanism and the server's list are put into the translated sentence.
en_mech="AUTH not sent: the server does not offer AUTH CRAM-MD5; it lists: PLAIN LOGIN"
expect_json "$RUN_DIR/mech-en.json" 'any(.[]; .type == "error" and .stage == "auth" and
	.message == "'"$en_mech"'" and (.hint | startswith("use one of those: /auth plain USER. /auth --force")))' \
	"mech: the English refusal changed"
for l in "${I18N_LANGS[@]}"; do
	fmt=$(tr_msgid "$l" "AUTH not sent: the server does not offer AUTH %s; it lists: %.200s")
	# shellcheck disable=SC2059 # the catalog's format, as the program uses it
	want=$(printf "${fmt//%.200s/%s}" CRAM-MD5 "PLAIN LOGIN")
	grep -qF -- "$want" "$RUN_DIR/mech-$l.txt" || fail "mech ($l): the transcript lacks '$want'" "$RUN_DIR/mech-$l.txt"
	fmt=$(tr_msgid "$l" "use one of those: /auth %s USER.")
	# shellcheck disable=SC2059
	want=$(printf "$fmt" plain)
	grep -qF -- "$want" "$RUN_DIR/mech-$l.txt" || fail "mech ($l): the transcript lacks '$want'" "$RUN_DIR/mech-$l.txt"
	grep -qF -- "$en_mech" "$RUN_DIR/mech-$l.txt" && fail "mech ($l): the refusal is English" "$RUN_DIR/mech-$l.txt"
	cmp -s "$RUN_DIR/mech-en.json" "$RUN_DIR/mech-$l.json" || fail "mech ($l): the JSON Lines differ from English"
done

# The lab's mailbox placeholder: an ASCII dot-atom in every language, and the lab takes mail for it.
for l in "${I18N_LANGS[@]}"; do
	line=$(tr_msgid "$l" '  mailboxes   anything@%s (other domains: %s)\\n')
	addr=$(grep -oE '[^ ]+@%s' <<<"$line" | sed 's/@%s$/@lab.test/')
	[ -n "$addr" ] || fail "po/$l.po: the lab banner's mailbox line shows no address: '$line'"
	LC_ALL=C grep -qxE "[A-Za-z0-9!#\$%&'*+/=?^_\`{|}~-]+(\.[A-Za-z0-9!#\$%&'*+/=?^_\`{|}~-]+)*@lab\.test" <<<"$addr" ||
		fail "po/$l.po: the lab's example mailbox '$addr' is not an ASCII address (a learner may type it)"
	script=$(printf '%s\n' 'EHLO me.example' '/starttls' 'MAIL FROM:<you@example.org>' "RCPT TO:<$addr>" '/expect 250' \
		'QUIT' | t_write "rcpt-$l.script")
	run_smtpcon "rcpt-$l" --batch --json --lab=delivery --timeout 10 --script "$script"
	[ "$RC" -eq 0 ] || fail "the delivery lab refused RCPT TO:<$addr>, the mailbox its $l banner shows" "$OUT" "$ERR"
done
pass "/auth's refusals are whole translated sentences on screen, English in JSON; the lab's example mailbox is ASCII"
