# shellcheck shell=bash
# What the private mail-server harnesses (exim.sh, postfix.sh) do alike with their daemon (sourced): pick free
# ports, see that it listens, stop its process group, wait for a delivered message in its Maildir.
#
#   t_pick_port [AVOID...]        print a port in 20000-32767 (below the usual ephemeral range) with no
#                                 listener and not one of AVOID; status 1 when none is found in 200 tries
#   t_listening PID PORT          true when process PID listens on TCP port PORT
#   t_stop_group PID              TERM the process group led by PID (else PID alone), KILL it after 3 s,
#                                 and reap it
#   t_wait_maildir MAILDIR LOG SUBJECT [SECONDS]
#                                 wait (default 15 s) until MAILDIR/new holds a message with that Subject and
#                                 print its path; else show the end of LOG and return 1

# Sourced after common.sh (for t_log); it does not source common.sh again, which would empty $RUN_DIR.

t_pick_port()
{
	local i p a taken
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
		taken=
		for a in "$@"; do [ "$a" != "$p" ] || taken=1; done
		[ -z "$taken" ] || continue
		if [ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

t_listening() { ss -Htlnp "sport = :$2" 2>/dev/null | grep -q "pid=$1,"; }

t_stop_group()
{
	local pid=$1 i
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < 30; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

t_wait_maildir()
{
	local maildir=$1 log=$2 subject=$3 secs=${4:-15} i f
	for ((i = 0; i < secs * 10; i++)); do
		for f in "$maildir"/new/*; do
			[ -f "$f" ] || continue
			if grep -qF -- "Subject: $subject" "$f"; then
				printf '%s\n' "$f"
				return 0
			fi
		done
		sleep 0.1
	done
	t_log "no message with Subject \"$subject\" in $maildir after ${secs}s"
	tail -n 30 "$log" >&2 2>/dev/null || true
	return 1
}
