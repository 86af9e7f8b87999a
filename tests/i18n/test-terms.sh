#!/usr/bin/env bash
# The translations' words (issue 17): po/terms-check passes on the catalogs as committed (European Portuguese
# without a word of Brazil, Brazilian without Portugal's, French in its own words and "vous", the glossary's one
# form, every temporary failure still temporary and every permanent one permanent), and it is not toothless: each
# rule fails on a catalog seeded with the mistake it is for. The pt hints' example address is eu@example.org
# (voce@ is Brazilian "você").
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v msgcat >/dev/null || skip_or_fail "msgcat is not installed (gettext)"

bash "$T_SRC/po/terms-check" >"$RUN_DIR/terms.out" 2>&1 || fail "po/terms-check finds mistakes in the catalogs" "$RUN_DIR/terms.out"

t=$(msgcat --no-wrap "$T_SRC/po/pt.po" | grep -A1 -F 'msgid "Write MAIL FROM:<you@example.org>."' | sed -n 's/^msgstr "\(.*\)"$/\1/p')
[ "$t" = "Escreva MAIL FROM:<eu@example.org>." ] || fail "pt: the MAIL FROM hint says '$t', not eu@example.org"

# seed LANG MSGID MSGSTR WANT: the catalogs with one mistaken entry more; po/terms-check must fail and say WANT.
seed()
{
	local lang=$1 id=$2 str=$3 want=$4 d
	d=$RUN_DIR/seed-$RANDOM
	mkdir -p "$d"
	cp "$T_SRC/po/pt_BR.po" "$T_SRC/po/pt.po" "$T_SRC/po/fr.po" "$d/"
	printf '\nmsgid "%s"\nmsgstr "%s"\n' "$id" "$str" >>"$d/$lang.po"
	if bash "$T_SRC/po/terms-check" "$d" >"$d/out" 2>&1; then
		fail "$lang: po/terms-check accepted '$str' for '$id'" "$d/out"
	fi
	grep -qF -- "$want" "$d/out" || fail "$lang: po/terms-check did not say '$want' for '$str'" "$d/out"
}
seed pt "Open the file on the screen." "Abra o arquivo na tela." "a word of Brazil in European Portuguese"
seed pt "the user name" "o nome de usuário" "a word of Brazil in European Portuguese"
seed pt "the client is sending" "o cliente está enviando" "a word of Brazil in European Portuguese"
seed pt "Write MAIL FROM:<you@example.test>." "Escreva MAIL FROM:<voce@example.test>." "voce@"
seed pt_BR "the file" "o ficheiro" "a word of Portugal in Brazilian Portuguese"
seed fr "the login failed" "le login a échoué" "an English word French has its own for: \"login\""
seed fr "the mail server" "le serveur mail" "an English word French has its own for: \"mail\""
seed fr "the host name" "le nom du host" "an English word French has its own for: \"host\""
seed fr "check your settings" "vérifie tes réglages" "the catalog says vous"
seed fr "self-signed certificate" "certificat auto-signé" "not the glossary's form"
seed pt "mailbox full" "caixa postal cheia" "not the glossary's form"
seed pt_BR "self-signed" "auto-assinado" "not the glossary's form"
seed fr "a temporary failure (451)" "un échec permanent (451)" "temporary in English, permanent in the translation"
seed pt "Transient: try again later" "Tente mais tarde" "the English says temporary, the translation does not"
seed pt_BR "a permanent refusal (550)" "uma recusa temporária (550)" "permanent in English, temporary in the translation"
# What French may keep in English: commands, options, placeholders, protocol words, quoted server text.
d=$RUN_DIR/seed-ok
mkdir -p "$d"
cp "$T_SRC/po/pt_BR.po" "$T_SRC/po/pt.po" "$T_SRC/po/fr.po" "$d/"
printf '\nmsgid "x1"\nmsgstr "/mailbox liste les messages ; /connect HOST ; AUTH LOGIN ; --auth-user ; « 550 mailbox unavailable »"\n' >>"$d/fr.po"
bash "$T_SRC/po/terms-check" "$d" >"$d/out" 2>&1 || fail "fr: po/terms-check refused commands, placeholders or a quotation" "$d/out"
pass "po/terms-check: the catalogs are clean, and each rule catches the mistake it is for"
