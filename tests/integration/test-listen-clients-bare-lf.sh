#!/usr/bin/env bash
# curl uploading a message with bare LF line endings (no --crlf) to --listen: the lab refuses it with 521 and hangs
# up at once, and the JSON says so: the client's `closed` event is the next event of that client after the 521,
# with "by":"server" and a reason that names the bare LF (not the catch-all "smtpcon stopped", which would mean the
# connection stayed open until smtpcon exited), all while smtpcon is still running; curl exits within seconds.
# Twice: a small message (the 521 arrives after curl's end of data) and a 2 MB one (it arrives mid-upload).
# Both times curl itself shows the 521 (-v prints the server's replies: "< 521 ..."),
# not "Connection reset by peer": the lab half-closes after the 521 and throws away the rest of the upload until
# curl hangs up, instead of closing with curl's data unread (which made the kernel send a reset that destroyed
# the 521 at curl before it read it).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
command -v curl >/dev/null || skip_or_fail "curl is not installed"

printf 'Subject: bare LF\n\nhello\n' | t_write small.eml >/dev/null
{
	printf 'Subject: bare LF, big\n\n'
	for ((i = 0; i < 40000; i++)); do
		printf 'line %05d of a message whose lines end in a bare LF, as a file on disk does\n' "$i"
	done
} | t_write big.eml >/dev/null

# bare NAME FILE: one curl upload of FILE against its own listener; checked before the listener is stopped
bare()
{
	local name=$1 file=$2 start elapsed
	listen_start "$name"
	CLIENT_OUT=$RUN_DIR/$name.client
	start=$(date +%s%N)
	timeout 20 curl -v -sS --url "smtp://127.0.0.1:$L_PORT" --mail-from a@lab.test --mail-rcpt student@lab.test \
		-T "$RUN_DIR/$file" >"$CLIENT_OUT" 2>&1 || true
	elapsed=$((($(date +%s%N) - start) / 1000000))
	[ "$elapsed" -lt 5000 ] || fail "$name: curl took $elapsed ms to give up after the 521" "$CLIENT_OUT" "$L_OUT"
	listen_wait_closed 1
	# curl read the 521 (its reply line, and its error is the code), never a reset.
	expect_grep '^< 521 5\.5\.2 .* Error: bare <LF> received: every line must end with CRLF' "$CLIENT_OUT" \
		"$name: curl did not receive the 521"
	expect_no_grep 'Connection reset|Recv failure|Send failure' "$CLIENT_OUT" "$name: curl saw a reset"
	kill -0 "$L_PID" 2>/dev/null || fail "$name: listen mode exited" "$L_OUT" "$L_ERR"
	expect_diags "$name" bare-lf-data
	# The closed event follows the 521 directly (among client 1's events), within a second, by the server.
	expect_json "$L_OUT" '[.[] | select(.client == 1)] as $e |
		([$e | to_entries[] | select(.value.type == "reply" and .value.code == 521) | .key] | first) as $k |
		$k != null and $e[$k + 1].type == "closed" and $e[$k + 1].by == "server" and
		($e[$k + 1].reason | test("bare <LF>: refused with 521")) and ($e[$k + 1].t - $e[$k].t) < 1' \
		"$name: the close event does not follow the 521 as the server's, with the bare LF as reason"
	expect_json "$L_OUT" 'all(.[]; .type != "closed" or (.reason | test("smtpcon stopped") | not))' \
		"$name: a client was left open until smtpcon stopped"
	listen_stop "$name"
}

bare small small.eml
bare big big.eml
pass
