# shellcheck shell=bash
# Shared helpers for the hostile-server suite (sourced). Builds on tests/integration/lib/peer.sh (run directory,
# fail/pass, the scripted peer) and adds: the peer with a certificate, runs measured for time and peak memory,
# checks that nothing raw reaches a terminal, SIGKILL-and-read-the-transcript, and the TUI under a private tmux.
#
#   hpeer_start NAME SCRIPT [PEER-OPTIONS...]  like peer_start, for TLS scripts: the peer's key and certificate
#                                 (-n CN, -d DNS ...) are made at its start, in $RUN_DIR; a longer deadline
#   hrun NAME LIMIT-S ARGS...     run smtpcon under `timeout LIMIT-S`, stdin /dev/null; sets OUT ERR RC, ELAPSED_MS,
#                                 RSS_KB (peak resident set, from /usr/bin/time or /proc VmHWM)
#   expect_terminal_safe FILE     no ESC, no C1 control (raw or UTF-8 encoded), valid UTF-8
#   expect_elapsed_under MS       the last hrun took less than MS
#   expect_rss_under KB           the last hrun's peak RSS stayed under KB
#   kill_when_logged NAME LOG ERE LIMIT-S ARGS...   start smtpcon in the background with --log LOG, wait until LOG
#                                 matches ERE (what the peer sent last), SIGKILL it, and check nothing was lost
#   tui_start NAME ARGS... / tui_capture / tui_title / tui_stop   the console in a private tmux server

# shellcheck source=../integration/lib/peer.sh
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib/peer.sh"

ESC=$'\x1b'

hpeer_start()
{
	local name=$1 script=$2
	shift 2
	PEER_DEADLINE=60 peer_start "$name" "$script" -K "$RUN_DIR" "$@"
}

# hrun NAME LIMIT-S ARGS...: the user's --timeout is in ARGS; LIMIT-S is the hard stop of the test (a run that
# reaches it is a hang, and fails).
hrun()
{
	local name=$1 limit=$2 start
	shift 2
	OUT=$RUN_DIR/$name.out
	ERR=$RUN_DIR/$name.err
	local rss=$RUN_DIR/$name.rss
	printf '%q ' "$SMTPCON" "$@" >"$RUN_DIR/$name.cmd"
	echo >>"$RUN_DIR/$name.cmd"
	rm -f "$rss"
	RC=0
	start=$(date +%s%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -o "$rss" -f '%M' timeout -s KILL "$limit" "$SMTPCON" "$@" </dev/null >"$OUT" 2>"$ERR" || RC=$?
	else
		timeout -s KILL "$limit" "$SMTPCON" "$@" </dev/null >"$OUT" 2>"$ERR" &
		local pid=$! hwm=0 v
		# timeout(1) is the parent: its child is smtpcon. Sample VmHWM (the kernel's own peak) while it runs.
		while kill -0 "$pid" 2>/dev/null; do
			v=$(awk '/^VmHWM/ {print $2}' "/proc/$(pgrep -P "$pid" | head -1)/status" 2>/dev/null || true)
			[ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
			sleep 0.02
		done
		wait "$pid" || RC=$?
		echo "$hwm" >"$rss"
	fi
	ELAPSED_MS=$((($(date +%s%N) - start) / 1000000))
	# /usr/bin/time says "Command terminated by signal 9" on its first line then: take the last line.
	RSS_KB=$(tail -n 1 "$rss" 2>/dev/null || echo 0)
	t_log "$name: exit $RC in ${ELAPSED_MS} ms, peak RSS ${RSS_KB} KiB"
	if [ "$RC" -eq 137 ] || [ "$RC" -eq 124 ]; then
		fail "smtpcon hung: killed after ${limit}s: $(cat "$RUN_DIR/$name.cmd")" "$OUT" "$ERR"
	fi
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$ERR"; then
		fail "sanitizer report: $(cat "$RUN_DIR/$name.cmd")" "$ERR"
	fi
	if [ "$RC" -ge 128 ]; then
		fail "smtpcon died of signal $((RC - 128)): $(cat "$RUN_DIR/$name.cmd")" "$OUT" "$ERR"
	fi
	return 0
}

expect_elapsed_under()
{
	[ "$ELAPSED_MS" -lt "$1" ] || fail "took ${ELAPSED_MS} ms, more than $1 ms: $(cat "${OUT%.out}.cmd")" "$OUT"
}

expect_rss_under()
{
	local limit=$1
	# AddressSanitizer's shadow memory and free quarantine multiply the footprint: the bound still has to hold,
	# at a scale that measures our growth, not the sanitizer's.
	[ "${SMTPCON_SANITIZED:-0}" = 1 ] && limit=$((limit * 4))
	[ "${RSS_KB:-0}" -lt "$limit" ] || fail "peak RSS ${RSS_KB} KiB, more than $limit KiB: $(cat "${OUT%.out}.cmd")" "$OUT"
}

# expect_terminal_safe FILE: what a terminal would be given holds no ESC, no C1 control (U+0080..U+009F as UTF-8,
# or a raw 0x80..0x9F byte outside a valid UTF-8 sequence) and is valid UTF-8 as a whole.
expect_terminal_safe()
{
	local f=$1
	if LC_ALL=C grep -qa "$ESC" "$f"; then
		fail "a raw ESC byte reached $f (at: $(LC_ALL=C grep -boa "$ESC" "$f" | head -3 | tr '\n' ' '))" "$f"
	fi
	if LC_ALL=C grep -qaP '\xc2[\x80-\x9f]' "$f"; then
		fail "a C1 control (UTF-8 encoded) reached $f" "$f"
	fi
	iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || fail "$f is not valid UTF-8 (a raw C1 or broken byte got out)" "$f"
	if LC_ALL=C grep -qaP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]' "$f"; then
		fail "a raw C0 control byte reached $f" "$f"
	fi
}

# expect_json_utf8 FILE: JSON Lines, each line valid JSON (jq) and the whole file valid UTF-8 (iconv).
expect_json_utf8()
{
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || fail "JSON output $1 is not valid UTF-8" "$1"
	expect_json_valid "$1"
}

# kill_when_logged NAME LOG ERE LIMIT-S ARGS...: smtpcon with --log LOG in the background; as soon as LOG has a
# line matching ERE, SIGKILL. Fails when ERE never appears within LIMIT-S (the byte was received but never
# written: lost to a buffer).
kill_when_logged()
{
	local name=$1 log=$2 ere=$3 limit=$4 i pid
	shift 4
	rm -f "$log"
	"$SMTPCON" --log "$log" "$@" </dev/null >"$RUN_DIR/$name.out" 2>"$RUN_DIR/$name.err" &
	pid=$!
	at_exit "kill -9 $pid 2>/dev/null || true"
	for ((i = 0; i < limit * 20; i++)); do
		if [ -f "$log" ] && LC_ALL=C grep -qaE -- "$ere" "$log"; then
			kill -9 "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
			t_log "$name: /$ere/ in the transcript; SIGKILLed"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	fail "the transcript $log never showed /$ere/ (bytes received but not written?)" "$log" "$RUN_DIR/$name.err"
}

# ---- the TUI under a private tmux server ----

T_TMUX_SOCK=smtpcon-hostile-$$
have_tmux() { command -v tmux >/dev/null; }
ttmux() { tmux -L "$T_TMUX_SOCK" -f /dev/null "$@"; }

# tui_start NAME ARGS...: the console in a 120x30 pane (the panes side by side); TUI_PANE is set. The pane title
# is set to a known value first, so a server's OSC 0/2 would show as a change.
tui_start()
{
	local name=$1 cmd
	shift
	have_tmux || skip_or_fail "tmux is not installed"
	cmd=$(printf '%q ' "$SMTPCON" "$@")
	ttmux kill-server 2>/dev/null || true
	at_exit "tmux -L $T_TMUX_SOCK kill-server 2>/dev/null || true"
	TUI_STATUS=$RUN_DIR/$name.tui.status
	rm -f "$TUI_STATUS"
	# The shell stays the parent and writes smtpcon's exit status (128+N for signal N) where the test reads it.
	ttmux new-session -d -s hostile -x 120 -y 30 \
		"printf '\\033]2;untouched\\033\\\\'; sleep 0.2; $cmd 2>$RUN_DIR/$name.tui.err; echo \$? >$TUI_STATUS"
	ttmux set-option -g -t hostile remain-on-exit on >/dev/null 2>&1 || true
	TUI_PANE=hostile:0.0
}

tui_capture() { ttmux capture-pane -p -t "$TUI_PANE" 2>/dev/null; }
tui_title() { ttmux display-message -p -t "$TUI_PANE" '#{pane_title}' 2>/dev/null; }
tui_dead() { [ "$(ttmux display-message -p -t "$TUI_PANE" '#{pane_dead}' 2>/dev/null)" = 1 ]; }

# tui_wait_for ERE SECONDS: the screen shows ERE.
tui_wait_for()
{
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		if tui_capture | grep -qE -- "$1"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# tui_leave: /leave unless the console already left (QUIT ends it); then stop piping and check how it ended.
tui_leave()
{
	local i st
	if ! tui_dead; then
		ttmux send-keys -t "$TUI_PANE" -l '/leave' 2>/dev/null || true
		ttmux send-keys -t "$TUI_PANE" Enter 2>/dev/null || true
	fi
	for ((i = 0; i < 50; i++)); do
		tui_dead && break
		sleep 0.1
	done
	ttmux pipe-pane -t "$TUI_PANE" 2>/dev/null || true
	tui_dead || fail "the TUI did not leave on /leave: $(tui_capture)"
	for ((i = 0; i < 30; i++)); do
		[ -s "$TUI_STATUS" ] && break
		sleep 0.1
	done
	st=$(cat "$TUI_STATUS" 2>/dev/null || echo "?")
	case $st in
	0 | 1 | 3) ;;
	*) fail "the TUI ended with status '$st' (crash or signal?)" ;;
	esac
}

# tui_hwm: peak RSS (KiB) of the smtpcon running in the pane (the child of the pane's shell), or 0.
tui_hwm()
{
	local sh pid
	sh=$(ttmux display-message -p -t "$TUI_PANE" '#{pane_pid}' 2>/dev/null || true)
	pid=$(pgrep -P "${sh:-0}" -x smtpcon 2>/dev/null | head -1 || true)
	[ -n "$pid" ] || { echo 0; return; }
	awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0
}
