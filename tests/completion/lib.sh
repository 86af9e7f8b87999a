# shellcheck shell=bash
# Helpers for the completion tests (sourced): where the generated files are, and an interactive shell (bash or
# zsh, no user configuration) in a private tmux server to type into.
#
#   comp_shell bash|zsh     start the shell in a 120x40 tmux session, with the generated completion loaded and
#                           $RUN_DIR/work (with a few files in it) as its directory; waits for its prompt
#   comp_type TEXT          abandon the line, clear the screen, type TEXT literally (no Enter)
#   comp_tab [N]            press Tab N times (default 1), then a pause for the completion to show
#   comp_line               the line being edited (the prompt's last line on screen)
#   comp_screen_has TEXT    true when TEXT (fixed string) is on the screen
#   comp_expect_line TEXT / comp_expect_screen TEXT   fail (with the screen kept) unless so
# The tmux server is killed at exit; screens stay in $RUN_DIR.

# shellcheck source=../integration/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib/common.sh"

COMP_DIR=${SMTPCON_COMPLETION_DIR:-$T_BUILD/completion}
COMP_BASH=$COMP_DIR/smtpcon.bash
COMP_ZSH=$COMP_DIR/_smtpcon
COMP_SOCK=smtpcon-completion-$$-$RANDOM
COMP_PROMPT='comp-test$ '

[ -f "$COMP_BASH" ] && [ -f "$COMP_ZSH" ] || fail "the generated completion is missing: $COMP_BASH, $COMP_ZSH"

comp_tmux() { tmux -L "$COMP_SOCK" "$@"; }

comp_screen()
{
	comp_tmux capture-pane -p -t comp >"$RUN_DIR/screen.txt" 2>/dev/null
	cat "$RUN_DIR/screen.txt"
}

comp_shell()
{
	local shell=$1 home=$RUN_DIR/home cmd i
	command -v tmux >/dev/null || skip_or_fail "tmux is not installed"
	command -v "$shell" >/dev/null || skip_or_fail "$shell is not installed"
	mkdir -p "$home" "$RUN_DIR/work/certs" "$RUN_DIR/bin"
	: >"$RUN_DIR/work/script-pkgtest.txt"
	: >"$RUN_DIR/work/certs/ca-pkgtest.pem"
	ln -sf "$SMTPCON" "$RUN_DIR/bin/smtpcon"
	case $shell in
	bash)
		# No user or system bash configuration, no inputrc: only the generated file.
		printf 'PS1=%q\nPATH=%q:$PATH\nsource %q\ncd %q\n' "$COMP_PROMPT" "$RUN_DIR/bin" "$COMP_BASH" \
			"$RUN_DIR/work" >"$home/.bashrc"
		cmd="env -i HOME=$home TERM=screen LANG=C.UTF-8 PATH=/usr/bin:/bin INPUTRC=/dev/null"
		cmd+=" bash --noprofile --rcfile $home/.bashrc -i"
		;;
	zsh)
		# The generated file's directory first in $fpath, compinit, nothing else.
		{
			printf 'fpath=(%q $fpath)\n' "$COMP_DIR"
			printf 'autoload -Uz compinit && compinit -u -d %q\n' "$home/.zcompdump"
			printf "zstyle ':completion:*' format '%%d'\n"
			printf 'PS1=%q\npath=(%q $path)\ncd %q\n' "$COMP_PROMPT" "$RUN_DIR/bin" "$RUN_DIR/work"
		} >"$home/.zshrc"
		cmd="env -i HOME=$home ZDOTDIR=$home TERM=screen LANG=C.UTF-8 PATH=/usr/bin:/bin zsh -i"
		;;
	esac
	at_exit "tmux -L $COMP_SOCK kill-server 2>/dev/null"
	comp_tmux -f /dev/null new-session -d -s comp -x 120 -y 40 "$cmd" || fail "could not start tmux"
	for ((i = 0; i < 100; i++)); do
		comp_screen | grep -qF "${COMP_PROMPT% }" && return 0
		sleep 0.1
	done
	fail "$shell did not show its prompt" "$RUN_DIR/screen.txt"
}

comp_type()
{
	# Abandon the line, clear the screen (so what is checked next is only what this line shows), type.
	comp_tmux send-keys -t comp C-c
	sleep 0.2
	comp_tmux send-keys -t comp C-l
	comp_tmux clear-history -t comp
	sleep 0.2
	comp_tmux send-keys -t comp -l "$1"
	sleep 0.2
}

comp_tab()
{
	local n=${1:-1} i
	for ((i = 0; i < n; i++)); do
		comp_tmux send-keys -t comp Tab
		sleep 0.4
	done
}

# (tmux drops the spaces at the end of a line: to see a space the completion added, type a character after it.)
comp_line() { comp_screen | grep -F "${COMP_PROMPT% }" | tail -n 1 | sed 's/ *$//'; }

comp_screen_has() { comp_screen | grep -qF -- "$1"; }

# Wait (up to 5 s: the machine may be busy) for the line or the screen to show what is expected.
comp_expect_line()
{
	local i
	for ((i = 0; i < 50; i++)); do
		[ "$(comp_line)" = "$(printf '%s' "$COMP_PROMPT$1" | sed 's/ *$//')" ] && return 0
		sleep 0.1
	done
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
	fail "the line is not '$COMP_PROMPT$1' but '$(comp_line)'" "$RUN_DIR/screen.fail.txt"
}

comp_expect_screen()
{
	local i
	for ((i = 0; i < 50; i++)); do
		comp_screen_has "$1" && return 0
		sleep 0.1
	done
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
	fail "not on the screen: $1" "$RUN_DIR/screen.fail.txt"
}
