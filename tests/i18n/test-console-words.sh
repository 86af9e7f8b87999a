#!/usr/bin/env bash
# The console's own words in each language (issue 17), in batch mode: /cert's certificate inspector against the
# practice lab (field labels, validity in days with the language's plural, its dates in the language's convention
# while JSON keeps ISO 8601, roles in the chain, the TLSA record's explanation) and /tls; /auth's SASL explanation; /set and /bind (option help, values, errors) and a config file's errors. For pt_BR, pt and fr: the English words are absent from the text transcript and their
# translations (read from po/LANG.po, so the test follows the translators' wording) present; each certificate's
# values start in one column whatever the language's label widths; the JSON Lines of the same session are
# byte-identical to English (times aside). Transcripts are kept in $RUN_DIR (LANG.txt, LANG.json).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
i18n_require_locales
command -v jq >/dev/null || skip_or_fail "jq is not installed"

# tr_msgid LANG MSGID: the translation of MSGID in po/LANG.po ("" when none); tr_plural LANG MSGID N: form N.
tr_msgid()
{
	msgcat --no-wrap "$T_SRC/po/$1.po" | awk -v id="$2" '
		/^msgid "/ { cur = substr($0, 8, length($0) - 8); next }
		/^msgstr "/ { if (cur == id && !done) { print substr($0, 9, length($0) - 9); done = 1 } }'
}
tr_plural()
{
	msgcat --no-wrap "$T_SRC/po/$1.po" | awk -v id="$2" -v n="$3" '
		/^msgid "/ { cur = substr($0, 8, length($0) - 8); next }
		index($0, "msgstr[" n "] \"") == 1 { if (cur == id && !done) { s = substr($0, 12); print substr(s, 1, length(s) - 1); done = 1 } }'
}

t_serve_lab submission
script=$(t_write session.script <<'EOF2'
EHLO client.example
/starttls
/cert
/tls
/cert tlsa
/auth auto student
QUIT
EOF2
)
export SMTPCON_PASSWORD=practice # the lab's demo login, for /auth
session()
{
	local name=$1
	shift
	"$SMTPCON" --batch --timeout 10 --tls-ca-path "$LAB_CA" --tls-sni mail.lab.test --script "$script" "$@" \
		"127.0.0.1:$LAB_PORT" >"$RUN_DIR/$name.out" 2>"$RUN_DIR/$name.err" || true
	sed -E 's/^ *[0-9]+\.[0-9]+ //' "$RUN_DIR/$name.out" >"$RUN_DIR/$name.txt"
	{ "$SMTPCON" --batch --json --timeout 10 --tls-ca-path "$LAB_CA" --tls-sni mail.lab.test --script "$script" "$@" \
		"127.0.0.1:$LAB_PORT" 2>>"$RUN_DIR/$name.err" || true; } | jq -c 'del(.t)' |
		# The lab's certificate is minutes old: "90 days left" becomes 89 between two runs. Counts aside.
		sed -E 's/[0-9]+ (days?) left/N \1 left/g' >"$RUN_DIR/$name.json" ||
		fail "$name: stdout is not JSON Lines" "$RUN_DIR/$name.err"
}

# The English words each language must replace (msgids as in the source).
labels=("subject:" "issuer:" "names (SAN):" "not before:" "validity:" "public key:" "key usage:" "TLS version:"
	"cipher suite:" "key exchange:" "signature scheme:")
sentences=("(self-signed: issuer and subject are the same)" "(issued by [1], the next certificate sent)"
	"root CA (self-signed)" "server certificate (leaf)" "OCSP stapling: no response stapled"
	"DANE TLSA record for the server's certificate"
	"(publish it in a DNSSEC-signed zone; the MX host name is the one that counts for SMTP)")

session en --lang en
en=$RUN_DIR/en.txt
for w in "${labels[@]}" "${sentences[@]}" "chain as sent: 2 certificates" "days left"; do
	grep -qF -- "$w" "$en" || fail "the English /cert output lacks '$w': the test no longer matches the source" "$en"
done
# Dates: ISO 8601 UTC in English and in JSON Lines (every language), the language's own on screen (dd/mm/yyyy).
iso='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC'
grep -qE -- "not before: +$iso" "$en" || fail "en: /cert's dates are not ISO 8601 UTC" "$en"
jq -e -s --arg re "not before: +$iso" 'any(.[]; (.message // "") | test($re))' "$RUN_DIR/en.json" >/dev/null ||
	fail "JSON: /cert's not-before date is not ISO 8601 UTC" "$RUN_DIR/en.json"
# The SASL exchange explained (core/sasl-show.c), the secret masked.
sasl_en='AUTH PLAIN, client answers: authorization id "", user "student", password ********'
grep -qF -- "$sasl_en" "$en" || fail "en: the AUTH PLAIN answer is not explained" "$en"
grep -qF -- "/auth auto: PLAIN, the strongest mechanism offered (user and password in one message (RFC 4616))" "$en" ||
	fail "en: /auth auto's choice changed" "$en"
jq -e -s --arg t "$sasl_en" 'any(.[]; .type == "info" and .id == "sasl-client" and .message == $t)' "$RUN_DIR/en.json" \
	>/dev/null || fail "JSON: the AUTH PLAIN explanation is not the English one" "$RUN_DIR/en.json"


for l in "${I18N_LANGS[@]}"; do
	session "$l" --lang "$l"
	txt=$RUN_DIR/$l.txt
	cmp -s "$RUN_DIR/$l.json" "$RUN_DIR/en.json" || {
		diff "$RUN_DIR/en.json" "$RUN_DIR/$l.json" >"$RUN_DIR/$l.json.diff" || true
		fail "$l: JSON Lines differ from English" "$RUN_DIR/$l.json.diff"
	}
	for w in "${labels[@]}" "${sentences[@]}" "chain as sent:" "days left"; do
		! grep -qF -- "$w" "$txt" || fail "$l: English left in /cert or /tls: '$w'" "$txt"
	done
	for w in "${labels[@]}" "(self-signed: issuer and subject are the same)" "root CA (self-signed)"; do
		t=$(tr_msgid "$l" "$w")
		[ -n "$t" ] || fail "$l: po/$l.po does not translate '$w'"
		grep -qF -- "$t" "$txt" || fail "$l: the translation of '$w' ('$t') is not in the output" "$txt"
	done
	nb=$(tr_msgid "$l" "not before:")
	grep -qE -- "$nb +[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC" "$txt" ||
		fail "$l: /cert's not-before date is not in the language's convention (dd/mm/yyyy)" "$txt"
	! grep -qE -- "$iso" "$txt" || fail "$l: an ISO date left on screen" "$txt"
	t=$(tr_msgid "$l" "authorization id %s, user %s, password %s")
	t=${t/\%s/\"\"}; t=${t/\%s/\"student\"}; t=${t/\%s/********}
	grep -qF -- "$t" "$txt" || fail "$l: the AUTH PLAIN answer is not explained in the language ('$t')" "$txt"
	! grep -qF -- "authorization id" "$txt" || fail "$l: English SASL explanation" "$txt"
	t=$(tr_msgid "$l" "/auth auto: %s, the strongest mechanism offered (%s)")
	w=$(tr_msgid "$l" "user and password in one message (RFC 4616)")
	t=${t/\%s/PLAIN}; t=${t/\%s/$w}
	grep -qF -- "$t" "$txt" || fail "$l: /auth auto's choice is not in the language ('$t')" "$txt"
	many=$(tr_plural "$l" "chain as sent: %zu certificate" 1)
	grep -qF -- "${many/\%zu/2}" "$txt" || fail "$l: the chain's count is not in its plural form ('$many')" "$txt"
	left=$(tr_plural "$l" "valid, %llu day left" 1)
	grep -qE -- "$(printf '%s' "$left" | sed 's/[][().]/\\&/g; s/%llu/[0-9]+/')" "$txt" ||
		fail "$l: the days left are not in the language's words ('$left')" "$txt"
	# The certificate's values in one column: subject, issuer and the second SAN line start where the first does.
	s=$(tr_msgid "$l" "subject:")
	c1=$(perl -CSD -ne 'if (/^    \Q'"$s"'\E +(CN=mail)/) { print $-[1]; exit }' "$txt")
	c2=$(perl -CSD -ne 'if (/^ +(DNS:localhost)/) { print $-[1]; exit }' "$txt")
	[ -n "$c1" ] && [ "$c1" = "$c2" ] || fail "$l: the certificate's values are not aligned (subject at '$c1', SANs at '$c2')" "$txt"
done

# /set and /bind: the option list's help texts, a value shown, a key bound and unbound, a bad value (the last line:
# a failed command ends a script); and a config file's errors on stderr. No server needed.
setscript=$(t_write set.script <<'EOF2'
/set
/set timeout
/bind F9 /caps
/bind -u F9
/set timeout 5x
EOF2
)
config=$(t_write bad.config <<'EOF2'
/set nosuch 1
set hex on
/bind C-m help
/set hex maybe
EOF2
)
setrun()
{
	local name=$1
	shift
	"$SMTPCON" --batch --no-config --script "$setscript" "$@" >"$RUN_DIR/$name.out" 2>"$RUN_DIR/$name.err" || true
	sed -E 's/^ *[0-9]+\.[0-9]+ //' "$RUN_DIR/$name.out" >"$RUN_DIR/$name.txt"
	{ "$SMTPCON" --batch --json --no-config --script "$setscript" "$@" 2>>"$RUN_DIR/$name.err" || true; } |
		jq -c 'del(.t)' >"$RUN_DIR/$name.json" || fail "$name: stdout is not JSON Lines" "$RUN_DIR/$name.err"
	"$SMTPCON" --batch --config "$config" --script /dev/null "$@" >/dev/null 2>"$RUN_DIR/$name.config.err" || true
}
set_en=("seconds every wait may take (connect, reply, TLS)" " (* differs from the default; /set NAME VALUE changes one"
	" (default 30): " "F9 unbound" "timeout wants a number from 1 to 86400, not '5x'")
config_en=("no option 'nosuch' (/set alone lists them)" "a config line is a /command" "C-m is Enter: the prompt needs it"
	"hex is on or off, not 'maybe'")
setrun set-en --lang en
for w in "${set_en[@]}"; do
	grep -qF -- "$w" "$RUN_DIR/set-en.txt" || fail "English /set output lacks '$w'" "$RUN_DIR/set-en.txt"
done
for w in "${config_en[@]}"; do
	grep -qF -- "$w" "$RUN_DIR/set-en.config.err" || fail "English config errors lack '$w'" "$RUN_DIR/set-en.config.err"
done
for l in "${I18N_LANGS[@]}"; do
	setrun "set-$l" --lang "$l"
	cmp -s "$RUN_DIR/set-$l.json" "$RUN_DIR/set-en.json" ||
		fail "$l: /set and /bind JSON Lines differ from English" "$RUN_DIR/set-$l.json" "$RUN_DIR/set-en.json"
	for w in "${set_en[@]}"; do
		! grep -qF -- "$w" "$RUN_DIR/set-$l.txt" || fail "$l: English left in /set or /bind: '$w'" "$RUN_DIR/set-$l.txt"
	done
	for w in "${config_en[@]}"; do
		! grep -qF -- "$w" "$RUN_DIR/set-$l.config.err" || fail "$l: English left in config errors: '$w'" "$RUN_DIR/set-$l.config.err"
	done
	t=$(tr_msgid "$l" "seconds every wait may take (connect, reply, TLS)")
	grep -qF -- "$t" "$RUN_DIR/set-$l.txt" || fail "$l: the timeout option's help is not translated ('$t')" "$RUN_DIR/set-$l.txt"
	t=$(tr_msgid "$l" "%s wants a number from %ld to %ld, not '%.40s'")
	t=${t/\%s/timeout}; t=${t/\%ld/1}; t=${t/\%ld/86400}; t=${t/\%.40s/5x}
	grep -qF -- "$t" "$RUN_DIR/set-$l.txt" || fail "$l: the bad value's error is not translated ('$t')" "$RUN_DIR/set-$l.txt"
	t=$(tr_msgid "$l" "%s is on or off, not '%.40s'")
	t=${t/\%s/hex}; t=${t/\%.40s/maybe}
	grep -qF -- "bad.config:4: $t" "$RUN_DIR/set-$l.config.err" || fail "$l: the config file's error is not translated ('$t')" "$RUN_DIR/set-$l.config.err"
done

# The transcript's capabilities line, and a MIME error (/attach of a missing file, --header without a colon).
for l in "${I18N_LANGS[@]}"; do
	t=$(tr_msgid "$l" "capabilities (%s)")
	grep -qF -- "--- ${t/\%s/plain}: mail.lab.test" "$RUN_DIR/$l.txt" || fail "$l: the capabilities line is not translated ('$t')" "$RUN_DIR/$l.txt"
	! grep -qF -- "--- capabilities (plain)" "$RUN_DIR/$l.txt" || fail "$l: English capabilities line" "$RUN_DIR/$l.txt"
	printf '/attach /nonexistent/x.pdf\n' >"$RUN_DIR/attach.script"
	"$SMTPCON" --lang "$l" --batch --no-config --script "$RUN_DIR/attach.script" >"$RUN_DIR/attach-$l.txt" 2>&1 || true
	t=$(tr_msgid "$l" "cannot read %s: %s")
	grep -qF -- "/attach: ${t/\%s*/}" "$RUN_DIR/attach-$l.txt" || fail "$l: the /attach error is not translated ('$t')" "$RUN_DIR/attach-$l.txt"
	"$SMTPCON" --lang "$l" --batch --no-config --header bad >"$RUN_DIR/header-$l.txt" 2>&1 || true
	! grep -qF -- "is not \"Name: value\"" "$RUN_DIR/header-$l.txt" || fail "$l: English --header error" "$RUN_DIR/header-$l.txt"
done
# /attach's list: sizes with the language's decimal point and units; JSON keeps "1.5 KiB".
head -c 1536 /dev/zero >"$RUN_DIR/notes.bin"
printf '/attach %s\n' "$RUN_DIR/notes.bin" >"$RUN_DIR/attach-size.script"
"$SMTPCON" --lang fr --batch --no-config --script "$RUN_DIR/attach-size.script" >"$RUN_DIR/attach-size-fr.txt" 2>&1 || true
grep -qF -- "notes.bin (application/octet-stream, 1,5 Kio)" "$RUN_DIR/attach-size-fr.txt" ||
	fail "fr: /attach's size is not in French (1,5 Kio)" "$RUN_DIR/attach-size-fr.txt"
{ "$SMTPCON" --lang fr --batch --json --no-config --script "$RUN_DIR/attach-size.script" 2>&1 || true; } |
	grep -qF 'the next message carries: notes.bin (application/octet-stream, 1.5 KiB)' ||
	fail "fr: /attach's list in JSON is not the English one"
{ "$SMTPCON" --lang en --batch --json --no-config --script "$RUN_DIR/attach.script" 2>&1 || true; } | grep -qF '"/attach: cannot read /nonexistent/x.pdf' ||
	fail "the /attach error in JSON is not English"
{ "$SMTPCON" --lang fr --batch --json --no-config --script "$RUN_DIR/attach.script" 2>&1 || true; } | grep -qF '"/attach: cannot read /nonexistent/x.pdf' ||
	fail "fr: the /attach error in JSON is not English"

pass "/cert, /tls, /set, /bind, config and MIME errors, the capabilities line in pt_BR, pt and fr: no English label or sentence left, plurals by the language, values aligned, JSON as in English"
