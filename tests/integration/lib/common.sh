# shellcheck shell=bash
# Shared helpers for the integration tests (sourced): where things are, a private run directory per test,
# running smtpcon with a bound wait, assertions that show the evidence when they fail, and exit hooks.
#
# ctest passes SMTPCON (the binary), SMTPCON_PEER (tests/peer), SMTPCON_BUILD_DIR and SMTPCON_TEST_NAME;
# run by hand, they default to the build/ directory of the source tree.

T_NAME=${SMTPCON_TEST_NAME:-$(basename "$0" .sh)}
T_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
T_BUILD=${SMTPCON_BUILD_DIR:-$T_SRC/build}
SMTPCON=${SMTPCON:-$T_BUILD/smtpcon}
SMTPCON_PEER=${SMTPCON_PEER:-$T_BUILD/tests/integration/smtpcon-peer}
# Everything a test makes (configs, logs, outputs) stays here for inspection after a failure.
RUN_DIR=$T_BUILD/tests/run/$T_NAME
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
# A private config directory: the developer's own ~/.config/smtpcon/config must not change what a test sees.
export XDG_CONFIG_HOME=$RUN_DIR/xdg-config
export XDG_STATE_HOME=$RUN_DIR/xdg-state
# A practice lab makes its private directory (keys, Maildir) under XDG_RUNTIME_DIR: here, not in /tmp, so a lab
# a test kills on purpose (SIGKILL leaves no time to clean up) leaves nothing outside the build tree.
export XDG_RUNTIME_DIR=$RUN_DIR/xdg-runtime
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
# Files a server reads. A private Exim or Postfix drops root and runs as its own user (Debian-exim, postfix),
# which cannot enter a build tree under /root (mode 700), the most natural place to clone to. So every file such
# a server reads or writes after dropping privileges (certificates, CA files, spool, logs, Maildir) is copied to or
# made in the server's data directory, which lib/exim.sh and lib/postfix.sh place where that user can reach
# (under $RUN_DIR when it is reachable, else a private directory in /tmp). Never point a server's config at a
# file elsewhere in $RUN_DIR: pass it through the start function's variable (EXIM_CERT_FILE,
# EXIM_CLIENT_CA_FILE, ...), which copies it. t_require_readable_by checks it.

# t_require_readable_by USER FILE...: fail, naming the file, unless USER can read each FILE.
t_require_readable_by()
{
	local user=$1 f
	shift
	for f in "$@"; do
		runuser -u "$user" -- test -r "$f" 2>/dev/null ||
			fail "$f is not readable by $user, the user the private server runs as (see \"Files a server reads\" in tests/integration/lib/common.sh)"
	done
}

# Every wait in a test is bounded; smtpcon's own --timeout is shorter than this.
T_TIMEOUT=${T_TIMEOUT:-60}

# True when running under CI, where a missing dependency is a failure, never a skip.
t_in_ci() { case "${CI:-}" in "" | false | 0 | no) return 1 ;; esac; return 0; }

t_log() { printf '%s: %s\n' "$T_NAME" "$*" >&2; }

# skip_or_fail REASON: exit 77 (ctest: skipped), or fail under CI.
skip_or_fail()
{
	if t_in_ci; then
		t_log "FAIL (CI never skips): $*"
		exit 1
	fi
	t_log "SKIP: $*"
	exit 77
}

# Cleanup hooks run on exit, last added first, whatever the way out.
T_AT_EXIT=()
at_exit() { T_AT_EXIT+=("$*"); }
_t_run_at_exit()
{
	local rc=$? i
	for ((i = ${#T_AT_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${T_AT_EXIT[$i]}" || true
	done
	exit "$rc"
}
trap _t_run_at_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# fail MSG [FILE...]: say why, show the files that hold the evidence, exit 1.
fail()
{
	local msg=$1 f
	shift
	t_log "FAIL: $msg"
	for f in "$@"; do
		if [ -f "$f" ]; then
			printf -- '--- %s (last 60 lines)\n' "$f" >&2
			tail -n 60 "$f" >&2
		fi
	done
	printf -- '--- run directory: %s\n' "$RUN_DIR" >&2
	exit 1
}

pass() { t_log "PASS${1:+: $*}"; exit 0; }

t_require_smtpcon()
{
	[ -x "$SMTPCON" ] || fail "smtpcon binary not found: $SMTPCON"
}

# run_smtpcon NAME ARGS...: run smtpcon with stdin from /dev/null; stdout to $RUN_DIR/NAME.out, stderr to
# $RUN_DIR/NAME.err; the exit status in $RC. Never fails by itself: tests check $RC.
run_smtpcon()
{
	local name=$1
	shift
	OUT=$RUN_DIR/$name.out
	ERR=$RUN_DIR/$name.err
	printf '%q ' "$SMTPCON" "$@" >"$RUN_DIR/$name.cmd"
	echo >>"$RUN_DIR/$name.cmd"
	RC=0
	# SMTPCON_WRAPPER: a command prefix for every run, e.g. valgrind (tests/static/valgrind-integration).
	# shellcheck disable=SC2086 # the prefix is words on purpose
	timeout -k 5 "$T_TIMEOUT" ${SMTPCON_WRAPPER:-} "$SMTPCON" "$@" </dev/null >"$OUT" 2>"$ERR" || RC=$?
	if [ -n "${SMTPCON_WRAPPER:-}" ] && [ "$RC" -eq 99 ]; then
		fail "the wrapper ($SMTPCON_WRAPPER) reported errors (exit 99): $(cat "$RUN_DIR/$name.cmd")" "$ERR"
	fi
	if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
		fail "smtpcon did not finish within ${T_TIMEOUT}s: $(cat "$RUN_DIR/$name.cmd")" "$OUT" "$ERR"
	fi
	# A sanitizer's exit status (1) could pass for a failed /expect: look for its report.
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$ERR"; then
		fail "sanitizer report: $(cat "$RUN_DIR/$name.cmd")" "$ERR"
	fi
	if [ "$RC" -ge 128 ]; then
		fail "smtpcon died of signal $((RC - 128)): $(cat "$RUN_DIR/$name.cmd")" "$OUT" "$ERR"
	fi
	return 0
}

# t_write FILE: write stdin to FILE ($RUN_DIR/FILE when relative); prints the path.
t_write()
{
	local f=$1
	case $f in /*) ;; *) f=$RUN_DIR/$f ;; esac
	cat >"$f"
	printf '%s\n' "$f"
}

# t_closed_port: a loopback port where nothing listens (connections to it are refused).
# t_serve_lab [SCENARIO] [VAR=VALUE...]: `smtpcon --serve-lab[=SCENARIO]` on a free port of 127.0.0.1, in the
# environment given, stopped at exit. Returns once it has said where its Maildir is, with LAB_PORT, LAB_PID,
# LAB_OUT and LAB_ERR (its stdout and stderr), LAB_MAILDIR and LAB_CA (the CA file that trusts its certificate).
t_serve_lab()
{
	local scenario=${1:-} i
	shift || true
	LAB_PORT=$(t_closed_port)
	# Files of its own per lab: a test that starts several would otherwise read one lab's lines out of a file
	# the next one truncated (reader-lib.sh starts three).
	T_LABS=$((${T_LABS:-0} + 1))
	LAB_OUT=$RUN_DIR/serve-lab-$T_LABS${scenario:+-$scenario}.out
	LAB_ERR=$RUN_DIR/serve-lab-$T_LABS${scenario:+-$scenario}.err
	env "$@" "$SMTPCON" "--serve-lab${scenario:+=$scenario}" "127.0.0.1:$LAB_PORT" >"$LAB_OUT" 2>"$LAB_ERR" &
	LAB_PID=$!
	at_exit "kill $LAB_PID 2>/dev/null || true"
	for ((i = 0; i < 300; i++)); do
		grep -qs '^  maildir' "$LAB_OUT" && break
		kill -0 "$LAB_PID" 2>/dev/null || fail "--serve-lab exited at start" "$LAB_OUT" "$LAB_ERR"
		sleep 0.1
	done
	LAB_MAILDIR=$(sed -n 's/^  maildir     //p' "$LAB_OUT")
	LAB_CA=$(sed -n 's/^  trust it    --tls-ca-path //p' "$LAB_OUT")
	if [ ! -d "$LAB_MAILDIR/new" ] || [ ! -f "$LAB_CA" ]; then
		fail "--serve-lab did not start (no Maildir or CA file named within 30 s)" "$LAB_OUT" "$LAB_ERR"
	fi
}

t_closed_port()
{
	local i p
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
		if [ -z "$(ss -Htan "sport = :$p" 2>/dev/null)" ]; then
			echo "$p"
			return 0
		fi
	done
	fail "no closed port found"
}

# expect_rc WANT: the last run_smtpcon exited with WANT.
expect_rc()
{
	[ "$RC" -eq "$1" ] ||
		fail "exit status $RC, expected $1: $(cat "${OUT%.out}.cmd")" "$OUT" "$ERR" ${EXIM_LOG:+"$EXIM_LOG"}
}

# expect_grep ERE FILE [WHAT]: FILE has a line matching ERE.
expect_grep()
{
	grep -Eq -- "$1" "$2" || fail "${3:-no line matching /$1/ in $2}" "$2"
}

# expect_no_grep ERE FILE [WHAT]: no line of FILE matches ERE.
expect_no_grep()
{
	! grep -Eq -- "$1" "$2" || fail "${3:-unexpected line matching /$1/ in $2}" "$2"
}

# expect_json FILE JQ-FILTER [WHAT]: the JSON Lines FILE, slurped into one array, satisfies the jq filter
# (e.g. 'any(.[]; .type == "tls" and .verified == false)').
expect_json()
{
	command -v jq >/dev/null || fail "jq is not installed (bash tests/setup.sh installs it)"
	jq -e -s "$2" "$1" >/dev/null 2>"$RUN_DIR/jq.err" ||
		fail "${3:-JSON events in $1 do not satisfy: $2}" "$1" "$RUN_DIR/jq.err"
}

# expect_json_valid FILE: every line of FILE is one JSON object with a string "type" and a number "t".
expect_json_valid()
{
	command -v jq >/dev/null || fail "jq is not installed (bash tests/setup.sh installs it)"
	jq -e -s 'length > 0 and all(.[]; type == "object" and (.type | type) == "string" and (.t | type) == "number")' \
		"$1" >/dev/null 2>"$RUN_DIR/jq.err" || fail "not valid JSON Lines events: $1" "$1" "$RUN_DIR/jq.err"
}

# unique_subject WORD: a Subject no other run will use, to find one message in a shared Maildir.
unique_subject() { printf 'smtpcon %s %s-%s-%s' "$1" "$T_NAME" "$$" "$(date +%s%N)"; }
