#!/usr/bin/env bash
# The generated completion cannot drift from the program: both files offer exactly the options `smtpcon --help`
# lists (long and short), every option --help shows with a FILE or PATH completes file names, the scenarios are
# the ones the lab accepts, the themes are themes/*.theme, and every TLS protocol name offered is one
# --tls-protocol accepts.
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

run_smtpcon help --help
[ "$RC" -eq 0 ] || fail "--help exited $RC" "$ERR"
HELP=$OUT
# Every --long option named anywhere in --help, and the short ones of its option column ("  -s, --server").
{
	grep -oE -- '(^|[^a-zA-Z0-9-])--[a-z0-9][a-z0-9-]*' "$HELP" | sed 's/^[^-]*//'
	grep -oE -- '^ +-[a-zA-Z],' "$HELP" | tr -d ' ,'
} | sort -u >"$RUN_DIR/help.options"
[ "$(wc -l <"$RUN_DIR/help.options")" -gt 40 ] || fail "too few options read from --help" "$RUN_DIR/help.options"

# bash: what the completion function itself offers for "-" (all options).
bash --norc --noprofile -c '
	source "$1"
	COMP_WORDS=(smtpcon -) COMP_CWORD=1
	_smtpcon
	printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP_BASH" | sort -u >"$RUN_DIR/bash.options"
diff -u "$RUN_DIR/help.options" "$RUN_DIR/bash.options" >"$RUN_DIR/bash.diff" ||
	fail "the bash completion's options differ from --help's (- help, + bash)" "$RUN_DIR/bash.diff"

# zsh: the option of every _arguments spec ('(-s --server)-s+[...]...', '--tls[...]').
sed -nE "s/^[[:space:]]+'(\([^)]*\))?(--?[a-zA-Z0-9][a-zA-Z0-9-]*).*/\2/p" "$COMP_ZSH" | sort -u >"$RUN_DIR/zsh.options"
diff -u "$RUN_DIR/help.options" "$RUN_DIR/zsh.options" >"$RUN_DIR/zsh.diff" ||
	fail "the zsh completion's options differ from --help's (- help, + zsh)" "$RUN_DIR/zsh.diff"

# bash: complete the value of OPTION from WORD (in $RUN_DIR/work); prints the candidates.
bash_value()
{
	(cd "$RUN_DIR/work" && bash --norc --noprofile -c '
		source "$1"
		COMP_WORDS=(smtpcon "$2" "$3") COMP_CWORD=2
		_smtpcon
		printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP_BASH" "$1" "$2")
}
mkdir -p "$RUN_DIR/work"
: >"$RUN_DIR/work/pkgtest-file.txt"

# Options whose value --help calls FILE or PATH complete file names, in bash and zsh (_files).
grep -oE -- '--[a-z0-9-]+[ =](FILE|PATH)' "$HELP" | sed -E 's/[ =].*//' | sort -u >"$RUN_DIR/file.options"
[ -s "$RUN_DIR/file.options" ] || fail "no FILE options found in --help" "$HELP"
while read -r opt; do
	[ "$(bash_value "$opt" pkgtest-f)" = "pkgtest-file.txt" ] ||
		fail "bash: $opt pkgtest-f<Tab> does not complete the file name (got: $(bash_value "$opt" pkgtest-f))"
	grep -qE -- "^[[:space:]]+'(\([^)]*\))?$opt=\[.*:_files' " "$COMP_ZSH" ||
		fail "zsh: $opt does not complete file names" "$COMP_ZSH"
done <"$RUN_DIR/file.options"

# Scenarios: the lab's own list (it names them when given an unknown one) is what --lab= and --serve-lab= offer.
run_smtpcon bogus --serve-lab=no-such-scenario 127.0.0.1:1
lab_list=$(sed -nE 's/.*\(try (.*)\).*/\1/p' "$ERR" | sed 's/ or /, /' | tr -d ',' | tr ' ' '\n' | sort)
[ -n "$lab_list" ] || fail "the lab did not list its scenarios for an unknown one" "$ERR"
for opt in --lab --serve-lab; do
	got=$(cd "$RUN_DIR/work" && bash --norc --noprofile -c '
		source "$1"
		COMP_WORDS=(smtpcon "$2" = "") COMP_CWORD=3
		_smtpcon
		printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP_BASH" "$opt" | sort)
	[ "$got" = "$lab_list" ] || fail "bash: $opt= offers '$(echo $got)', the lab has '$(echo $lab_list)'"
	zsh_list=$(sed -n '/^_smtpcon_scenarios/,/^}/p' "$COMP_ZSH" | sed -nE "s/^[[:space:]]+'([a-z0-9-]+):.*/\1/p" | sort)
	[ "$zsh_list" = "$lab_list" ] || fail "zsh: the scenarios are '$(echo $zsh_list)', the lab has '$(echo $lab_list)'"
done

# Themes: exactly the files of themes/.
themes=$(cd "$T_SRC/themes" && ls -- *.theme | sed 's/\.theme$//' | sort)
got=$(HOME=$RUN_DIR/work XDG_CONFIG_HOME= bash_value --theme "" | sort)
[ "$got" = "$themes" ] || fail "bash: --theme offers '$(echo $got)', themes/ has '$(echo $themes)'"

# TLS protocol names: each one offered (and its no_ form) is accepted by --tls-protocol.
protocols=$(bash_value --tls-protocol "")
[ -n "$protocols" ] || fail "bash: --tls-protocol offers nothing"
port=$(t_closed_port)
for p in $protocols; do
	run_smtpcon "proto-$p" --batch --timeout 5 --tls-protocol "$p" "127.0.0.1:$port"
	if grep -q 'TLS protocol' "$ERR" || [ "$RC" -eq 2 ]; then
		fail "--tls-protocol $p (offered by the completion) is refused" "$ERR"
	fi
done
echo "$protocols" | grep -qx 'tlsv1_3' || fail "tlsv1_3 is not offered: $protocols"
echo "$protocols" | grep -qx 'no_tlsv1_3' || fail "no_tlsv1_3 is not offered: $protocols"

pass "$(wc -l <"$RUN_DIR/help.options") options as in --help (bash and zsh), FILE options, scenarios, themes, TLS protocols"
