# shellcheck shell=bash
# Helpers for the listen-mode tests (sourced after common.sh): smtpcon --listen in the background in batch JSON
# mode, stopped cleanly, and assertions about which diagnoses it made for which client.
#
#   listen_start NAME ARGS...   `smtpcon --batch --json --listen 127.0.0.1:PORT ARGS...` (e.g. --lab=submission);
#                               returns once it has announced itself, with L_PORT, L_PID, L_OUT (its JSON Lines),
#                               L_ERR and L_CA (the lab CA a client must trust)
#   listen_stop NAME            SIGINT; it must exit 0 with no sanitizer report
#   listen_diags [CLIENT]       the diagnosis ids, sorted and unique, one per line (of one client, or of all)
#   expect_diags WHAT ID...     exactly these diagnosis ids were made (none at all when no ID is given)
#   listen_wait_closed N        wait (at most 10 s) until N clients have closed

listen_start()
{
	local name=$1 i
	shift
	L_PORT=$(t_closed_port)
	L_OUT=$RUN_DIR/$name.out
	L_ERR=$RUN_DIR/$name.err
	"$SMTPCON" --batch --json --listen "127.0.0.1:$L_PORT" "$@" </dev/null >"$L_OUT" 2>"$L_ERR" &
	L_PID=$!
	at_exit "kill $L_PID 2>/dev/null || true"
	for ((i = 0; i < 300; i++)); do
		grep -qs '"listening: ' "$L_OUT" && break
		kill -0 "$L_PID" 2>/dev/null || fail "listen mode exited at start" "$L_OUT" "$L_ERR"
		sleep 0.1
	done
	grep -qs '"listening: ' "$L_OUT" || fail "listen mode did not announce itself" "$L_OUT" "$L_ERR"
	L_CA=$(jq -r 'select(.id == "listen" and (.message | startswith("listening: "))) | .message' "$L_OUT" |
		sed -n 's/^  trust it    --tls-ca-path //p')
	[ -n "$L_CA" ] || fail "listen mode named no CA file" "$L_OUT"
}

listen_stop()
{
	local rc=0
	kill -INT "$L_PID" 2>/dev/null || true
	wait "$L_PID" || rc=$?
	[ "$rc" -eq 0 ] || fail "listen mode exited $rc" "$L_ERR" "$L_OUT"
	expect_no_grep 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$L_ERR" "sanitizer report from listen mode"
	expect_json_valid "$L_OUT"
}

listen_diags()
{
	if [ -n "${1:-}" ]; then
		jq -r "select(.type == \"diagnosis\" and .client == $1) | .id" "$L_OUT" | sort -u
	else
		jq -r 'select(.type == "diagnosis") | .id' "$L_OUT" | sort -u
	fi
}

expect_diags()
{
	local what=$1 want got
	shift
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort -u)
	got=$(listen_diags)
	[ "$got" = "$want" ] ||
		fail "$what: diagnoses [$(echo $got)], expected [$(echo $want)]" "$L_OUT" ${CLIENT_OUT:+"$CLIENT_OUT"}
}

listen_wait_closed()
{
	local n=$1 i
	for ((i = 0; i < 100; i++)); do
		[ "$(jq -s '[.[] | select(.type == "closed" and .client != null)] | length' "$L_OUT")" -ge "$n" ] && return 0
		sleep 0.1
	done
	fail "fewer than $n clients closed within 10 s" "$L_OUT"
}
