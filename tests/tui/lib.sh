# shellcheck shell=bash
# Helpers for the TUI tests (sourced): run smtpcon inside a private tmux server, type into it, read the screen.
#
#   tui_start ARGS...      start `smtpcon ARGS...` in a 120x30 tmux session (the narrowest size with the panes side
#                          by side; $TUI_SIZE=WxH for another size; private socket, no user config, UTF-8, private
#                          XDG dirs under $RUN_DIR, plus $TUI_ENV: "NAME=value ..."); after smtpcon exits, the pane prints
#                          "SMTPCON-EXIT=<status>" and the terminal modes (stty -a) to $RUN_DIR/stty.after
#   tui_keys KEY...        tmux send-keys (key names: Enter, Escape, F10, ...), then a short pause
#   tui_type TEXT          type TEXT literally, then Enter
#   tui_screen             the screen now (also saved to $RUN_DIR/screen.txt)
#   tui_wait TEXT [SECS]   wait until TEXT (fixed string) is on the screen (as drawn, or in the wire pane's text
#                          with its wrapped rows joined: tui_joined); fail with the screen otherwise
#   tui_joined             the wire pane's lines from $RUN_DIR/screen.txt, each wrapped line joined again
#   tui_tmux ARGS...       any tmux command on the private server
# The tmux server is killed at exit, whatever happens; screens and logs stay in $RUN_DIR.

# shellcheck source=../integration/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib/common.sh"

TUI_SOCK=smtpcon-tui-$$-$RANDOM
TUI_TARGET=tui

tui_require()
{
	command -v tmux >/dev/null || skip_or_fail "tmux is not installed"
	t_require_smtpcon
}

tui_tmux() { tmux -L "$TUI_SOCK" "$@"; }

tui_start()
{
	tui_require
	mkdir -p "$RUN_DIR/state" "$RUN_DIR/config"
	local cmd q size=${TUI_SIZE:-120x30}
	q=$(printf '%q ' "$SMTPCON" "$@")
	cmd="env -u NO_COLOR LANG=C.UTF-8 LC_ALL=C.UTF-8 ${TUI_ENV:-} XDG_STATE_HOME=$(printf %q "$RUN_DIR/state")"
	cmd+=" XDG_CONFIG_HOME=$(printf %q "$RUN_DIR/config") $q 2>$(printf %q "$RUN_DIR/smtpcon.err");"
	cmd+=" echo SMTPCON-EXIT=\$?; stty -a >$(printf %q "$RUN_DIR/stty.after"); sleep 600"
	at_exit "tmux -L $TUI_SOCK kill-server 2>/dev/null"
	tmux -L "$TUI_SOCK" -f /dev/null new-session -d -s "$TUI_TARGET" \
		-x "${size%x*}" -y "${size#*x}" "$cmd" ||
		fail "could not start tmux"
	# Let the tests see what the pane was titled before smtpcon printed anything.
	sleep 0.3
}

tui_keys()
{
	tui_tmux send-keys -t "$TUI_TARGET" "$@"
	sleep 0.3
}

tui_type()
{
	tui_tmux send-keys -t "$TUI_TARGET" -l "$1"
	sleep 0.1
	tui_tmux send-keys -t "$TUI_TARGET" Enter
	sleep 0.3
}

tui_screen()
{
	tui_tmux capture-pane -p -t "$TUI_TARGET" >"$RUN_DIR/screen.txt" 2>/dev/null
	cat "$RUN_DIR/screen.txt"
}

# The wire pane wraps long lines: a continuation row has "↪" in the gutter (column 12; in listen mode after the
# client column "#N", blank for our own notes), its text from two columns on.
# Join each such row to the row above: our own notes wrap between words (their continuation rows are indented),
# the server's bytes anywhere (joined as they are). The side-by-side divider (a "│" past the gutter) ends a row.
tui_joined()
{
	perl -CSD -ne '
		chomp;
		s/(.{13,}?)\x{2502}.*$/$1/;
		if (/^ {12}\x{21AA} (.*)$/ || /^ {9}(?:#\d+)? +\x{21AA} (.*)$/) {
			my $c = $1;
			$prev =~ s/ +$//;
			if ($c =~ s/^ +//) { $prev .= " " . $c } else { $prev .= $c }
			next;
		}
		print "$prev\n" if defined $prev;
		$prev = $_;
		END { print "$prev\n" if defined $prev }' "$RUN_DIR/screen.txt"
}

tui_wait()
{
	local text=$1 secs=${2:-15} i
	for ((i = 0; i < secs * 10; i++)); do
		if tui_screen | grep -qF -- "$text" || tui_joined | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.1
	done
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
	fail "not on the screen after ${secs}s: $text" "$RUN_DIR/screen.fail.txt" "$RUN_DIR/smtpcon.err"
}

# tui_expect_absent TEXT: the screen must not show TEXT now.
tui_expect_absent()
{
	if tui_screen | grep -qF -- "$1" || tui_joined | grep -qF -- "$1"; then
		cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
		fail "on the screen but should not be: $1" "$RUN_DIR/screen.fail.txt"
	fi
}
