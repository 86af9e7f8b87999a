#!/usr/bin/env bash
# JSON Lines never change with the language (issue 17): the same practice-lab session (a relay refused, so a
# diagnosis; /explain, so console output; STARTTLS and the capabilities diff) gives byte-identical JSON Lines in
# English, pt_BR, pt and fr, chosen by --lang and by LC_ALL, times aside. One --serve-lab serves every run, so its
# port and certificate are the same for all. The text transcript of the same runs (--log) is translated, so the
# language really was in force.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
i18n_require_locales
command -v jq >/dev/null || skip_or_fail "jq is not installed"

t_serve_lab submission
script=$(t_write session.script <<'EOF2'
EHLO client.example
/starttls
EHLO client.example
MAIL FROM:<student@lab.test>
RCPT TO:<someone@elsewhere.example>
/explain 550
RSET
QUIT
EOF2
)
# run NAME [ENV...] -- ARGS...: one session; JSON on stdout, the text transcript in NAME.log; times stripped.
session()
{
	local name=$1
	shift
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env "${envs[@]}" "$SMTPCON" --batch --json --timeout 10 --tls-ca-path "$LAB_CA" --tls-sni mail.lab.test \
		--log "$RUN_DIR/$name.log" --script "$script" "$@" "127.0.0.1:$LAB_PORT" \
		>"$RUN_DIR/$name.json" 2>"$RUN_DIR/$name.err" || true
	jq -c 'del(.t)' "$RUN_DIR/$name.json" >"$RUN_DIR/$name.norm" 2>>"$RUN_DIR/$name.err" ||
		fail "$name: stdout is not JSON Lines" "$RUN_DIR/$name.json" "$RUN_DIR/$name.err"
	# The date line of the transcript's header and the times at the start of each line are not language.
	sed -E 's/^ *[0-9]+\.[0-9]+ //' "$RUN_DIR/$name.log" | grep -v '^#' >"$RUN_DIR/$name.text" || true
}

session en -- --lang en
norm=$RUN_DIR/en.norm
for t in diagnosis output caps_diff tls; do
	grep -q "\"type\":\"$t\"" "$norm" || fail "the English session has no $t event: the session does not test enough" "$norm"
done
session default --
cmp -s "$RUN_DIR/default.norm" "$norm" || fail "two English runs differ: the comparison is meaningless" "$RUN_DIR/default.norm" "$norm"

for l in "${I18N_LANGS[@]}"; do
	session "$l-lang" -- --lang "$l"
	session "$l-env" "LC_ALL=${I18N_LOCALE[$l]}" --
	for how in lang env; do
		if ! cmp -s "$RUN_DIR/$l-$how.norm" "$norm"; then
			diff "$norm" "$RUN_DIR/$l-$how.norm" >"$RUN_DIR/$l-$how.diff" || true
			fail "$l ($how): JSON Lines differ from English" "$RUN_DIR/$l-$how.diff"
		fi
		cmp -s "$RUN_DIR/$l-$how.text" "$RUN_DIR/en.text" &&
			fail "$l ($how): the text transcript is the English one: was the language in force?" "$RUN_DIR/$l-$how.log"
	done
done
pass "JSON Lines byte-identical in en, pt_BR, pt, fr (--lang and LC_ALL), times aside"
