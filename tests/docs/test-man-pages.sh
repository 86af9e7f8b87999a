#!/usr/bin/env bash
# The translated man pages (docs/LANG/smtpcon.1), as a user meets them: installed by CMake (`cmake --install`
# into a private prefix), `man -L LANG smtpcon` with MANPATH on that prefix finds the page of that language (pt_BR,
# pt, fr, and pt_PT/fr_FR locales falling back to pt/fr), renders it without groff or man warnings, and lexgrog
# (mandb's whatis parser) reads its NAME line; the translated tutorials are installed beside the guides. Their
# SYNOPSIS is the English one unchanged, their EXAMPLES show the English page's commands, and they have the English
# page's sections and name all its options and console commands, so a change to the English page without its
# translations fails here.
set -uo pipefail
# shellcheck source=../integration/lib/common.sh
. "$(dirname "$0")/../integration/lib/common.sh"

command -v man >/dev/null || skip_or_fail "man (man-db) is not installed"
command -v lexgrog >/dev/null || skip_or_fail "lexgrog (man-db) is not installed"
LANGS=(pt_BR pt fr)
cd "$T_SRC" || fail "no source tree at $T_SRC"

# ---- every page renders without warnings, and mandb can read its NAME line ----
for page in docs/smtpcon.1 "${LANGS[@]/#/docs/}"; do
	case $page in */smtpcon.1) ;; *) page=$page/smtpcon.1 ;; esac
	[ -f "$page" ] || fail "$page is missing"
	warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >"$RUN_DIR/$(echo "$page" | tr / _).txt")
	[ -z "$warn" ] || fail "$page: man --warnings says:
$warn"
	whatis=$(lexgrog "$page" 2>&1) || fail "$page: lexgrog cannot parse its NAME section: $whatis"
	case $whatis in *': "smtpcon - '*) ;; *) fail "$page: lexgrog reads an unexpected NAME line: $whatis" ;; esac
done
t_log "4 pages render without warnings; lexgrog reads each NAME line"

# ---- the translations keep the English SYNOPSIS and the English EXAMPLES' commands ----
# section FILE HEADING-REGEX: the source lines of that section (up to the next .SH)
section() { awk -v re="$2" '/^\.SH /{on = ($0 ~ re); next} on' "$1"; }
# The commands of EXAMPLES: each .TP's command line and the lines of the .nf block.
example_commands() { section "$1" "$2" | awk '/^\.TP/{getline; print; next} /^\.nf/{nf=1; next} /^\.fi/{nf=0} nf'; }
section docs/smtpcon.1 '^\.SH SYNOPSIS' >"$RUN_DIR/synopsis.en"
example_commands docs/smtpcon.1 '^\.SH EXAMPLES' >"$RUN_DIR/examples.en"
[ "$(wc -l <"$RUN_DIR/examples.en")" -ge 5 ] || fail "found no EXAMPLES commands in docs/smtpcon.1"
for lang in "${LANGS[@]}"; do
	page=docs/$lang/smtpcon.1
	section "$page" '^\.SH (SYNOPSIS|SINOPSE)' >"$RUN_DIR/synopsis.$lang"
	diff -u "$RUN_DIR/synopsis.en" "$RUN_DIR/synopsis.$lang" >"$RUN_DIR/synopsis.$lang.diff" ||
		fail "$page: its SYNOPSIS differs from docs/smtpcon.1's (it stays unchanged):
$(cat "$RUN_DIR/synopsis.$lang.diff")"
	example_commands "$page" '^\.SH (EXEMPLOS|"?EXEMPLES"?)$' >"$RUN_DIR/examples.$lang"
	diff -u "$RUN_DIR/examples.en" "$RUN_DIR/examples.$lang" >"$RUN_DIR/examples.$lang.diff" ||
		fail "$page: its EXAMPLES do not show the commands of docs/smtpcon.1's EXAMPLES (change them together):
$(cat "$RUN_DIR/examples.$lang.diff")"
done
t_log "SYNOPSIS and EXAMPLES commands match the English page in ${LANGS[*]}"

# ---- the whole page is translated: the same sections, and every option and console command of the English ----
# words FILE: the options (--name, -x) and console commands (/name) a page names, one per line, sorted
words() {
	grep -v '^\.\\"' "$1" | sed 's/\\-/-/g; s/\\f[BIRP]//g' |
		grep -oP '(?<![\w/.~-])(--[a-z][a-z0-9-]*|-[a-z](?=[ /,])|/[a-z][a-z-]*)(?![\w/.])' | sort -u
}
headings() { grep -cE '^\.S[HS] ' "$1"; }
words docs/smtpcon.1 >"$RUN_DIR/words.en"
[ "$(wc -l <"$RUN_DIR/words.en")" -ge 60 ] || fail "found too few options and commands in docs/smtpcon.1: $(wc -l <"$RUN_DIR/words.en")"
for lang in "${LANGS[@]}"; do
	page=docs/$lang/smtpcon.1
	[ "$(headings "$page")" = "$(headings docs/smtpcon.1)" ] ||
		fail "$page has $(headings "$page") sections (.SH/.SS), docs/smtpcon.1 $(headings docs/smtpcon.1): translate the new one"
	words "$page" >"$RUN_DIR/words.$lang"
	missing=$(comm -23 "$RUN_DIR/words.en" "$RUN_DIR/words.$lang")
	[ -z "$missing" ] || fail "$page does not name what docs/smtpcon.1 names (translate the change):
$missing"
done
t_log "the translated pages have the English page's $(headings docs/smtpcon.1) sections and its $(wc -l <"$RUN_DIR/words.en") options and console commands"

# ---- installed by CMake, found by man -L ----
PREFIX=$RUN_DIR/prefix
cmake --install "$T_BUILD" --prefix "$PREFIX" >"$RUN_DIR/install.log" 2>&1 ||
	fail "cmake --install $T_BUILD failed: $(tail -n 20 "$RUN_DIR/install.log")"
MANDIR=$(dirname "$(dirname "$(find "$PREFIX" -path '*/man1/smtpcon.1' -not -path '*/man/*/man1/*' | head -n 1)")")
[ -d "$MANDIR" ] || fail "cmake --install put no man1/smtpcon.1 under $PREFIX"
export MANPATH=$MANDIR
for lang in "${LANGS[@]}"; do
	[ -n "$(find "$PREFIX" -path "*/doc/smtpcon/$lang/tutorial.md")" ] ||
		fail "cmake --install put no doc/smtpcon/$lang/tutorial.md under $PREFIX"
done
# LOCALE EXPECTED-DIR HEADING: man -L LOCALE finds $MANDIR/EXPECTED-DIR/man1/smtpcon.1, which shows HEADING
check_man() {
	local locale=$1 want=$MANDIR/$2/man1/smtpcon.1 heading=$3 got out
	[ "$2" = . ] && want=$MANDIR/man1/smtpcon.1
	got=$(man -L "$locale" -w smtpcon 2>&1) || fail "man -L $locale -w smtpcon failed: $got"
	[ "$(realpath "$got")" = "$(realpath "$want")" ] ||
		fail "man -L $locale smtpcon finds $got, not $want (ls: $(find "$MANDIR" -name 'smtpcon.1*' | tr '\n' ' '))"
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -L "$locale" smtpcon 2>"$RUN_DIR/man-$locale.err") ||
		fail "man -L $locale smtpcon failed: $(cat "$RUN_DIR/man-$locale.err")"
	printf '%s\n' "$out" >"$RUN_DIR/man-$locale.txt"
	grep -qx "$heading" <<<"$out" || fail "man -L $locale smtpcon does not show the heading '$heading' (see $RUN_DIR/man-$locale.txt)"
	[ -s "$RUN_DIR/man-$locale.err" ] && fail "man -L $locale smtpcon wrote: $(cat "$RUN_DIR/man-$locale.err")"
	return 0
}
check_man pt_BR pt_BR 'DESCRIÇÃO'
check_man pt_BR.UTF-8 pt_BR 'EXEMPLOS'
check_man pt pt 'DESCRIÇÃO'
check_man pt_PT.UTF-8 pt 'ESTADO DE SAÍDA'
check_man fr fr 'EXEMPLES'
check_man fr_FR.UTF-8 fr 'CODE DE RETOUR'
check_man en . 'EXAMPLES' # the English page the translations point to (man -L en smtpcon)
t_log "man -L finds the pt_BR, pt and fr pages in the install tree ($MANDIR), and the English one with -L en"
t_log "PASS"
