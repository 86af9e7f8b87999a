# shellcheck shell=bash
# Run the scripted peer (tests/peer/peer.c, target smtpcon-peer) for a test (sourced).
#
#   peer_start NAME SCRIPT-FILE [PEER-OPTIONS]   start it on a port the kernel picks (-6: on ::1; the peer's
#                                 own deadline is PEER_DEADLINE seconds, default 30); exports
#                                 PEER_PORT, PEER_PID, PEER_LOG ($RUN_DIR/NAME.peer.log: what it sent and
#                                 received, escaped)
#   peer_wait [SECONDS]           wait for it to finish its script (default 15 s); its exit status in PEER_RC
#                                 (0 script done and every `expect` held, 1 an expectation failed, 3 deadline)
# A peer still running at exit is killed.

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

peer_start()
{
	local name=$1 script=$2 i
	shift 2
	[ -x "$SMTPCON_PEER" ] || fail "scripted peer not built: $SMTPCON_PEER"
	PEER_LOG=$RUN_DIR/$name.peer.log
	rm -f "$RUN_DIR/$name.port"
	"$SMTPCON_PEER" "$@" -P "$RUN_DIR/$name.port" -l "$PEER_LOG" -t "${PEER_DEADLINE:-30}" "$script" </dev/null &
	PEER_PID=$!
	at_exit "kill $PEER_PID 2>/dev/null || true"
	for ((i = 0; i < 100; i++)); do
		if [ -s "$RUN_DIR/$name.port" ]; then
			PEER_PORT=$(cat "$RUN_DIR/$name.port")
			export PEER_PORT PEER_PID PEER_LOG
			return 0
		fi
		kill -0 "$PEER_PID" 2>/dev/null || break
		sleep 0.05
	done
	fail "scripted peer did not start" "$PEER_LOG"
}

peer_wait()
{
	local secs=${1:-15} i
	for ((i = 0; i < secs * 20; i++)); do
		kill -0 "$PEER_PID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$PEER_PID" 2>/dev/null; then
		kill "$PEER_PID" 2>/dev/null || true
		fail "scripted peer still running after ${secs}s" "$PEER_LOG"
	fi
	PEER_RC=0
	wait "$PEER_PID" || PEER_RC=$?
}
