#!/usr/bin/env bash
# Listen mode keeps a client's credentials secret as smtpcon keeps its own: swaks logs in with AUTH PLAIN (initial
# response on the command line) and AUTH LOGIN (answers to 334) through STARTTLS. In JSON and in the text
# transcript the PLAIN line shows "AUTH PLAIN ****" (the mechanism visible, one * per byte), LOGIN's password line
# is masked, the decoded answers name the user and mask the password; no base64 of the password appears anywhere.
# With --show-secrets the same sessions show the credentials. The server's 334 challenges are decoded for the
# watcher too: LOGIN's "334 VXNlcm5hbWU6" is explained as "AUTH LOGIN, server asks: \"Username:\"", in order.
# Each reply names the command it answers ("AUTH PLAIN", "(AUTH answer)"), never a credential.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon
command -v swaks >/dev/null || skip_or_fail "swaks is not installed"

plain_b64=AHN0dWRlbnQAcHJhY3RpY2U= # \0student\0practice
pass_b64=cHJhY3RpY2U=              # practice

login() # NAME MECH: swaks logs in with MECH through STARTTLS, trusting the lab CA
{
	CLIENT_OUT=$RUN_DIR/$1.swaks
	timeout 20 swaks --server "127.0.0.1:$L_PORT" --tls --tls-ca-path "$L_CA" --auth "$2" --auth-user student \
		--auth-password practice --from a@lab.test --to student@lab.test >"$CLIENT_OUT" 2>&1 ||
		fail "swaks --auth $2 could not send through listen mode" "$CLIENT_OUT" "$L_OUT"
}

# 1. Masked (the default), in JSON.
listen_start masked --lab=submission
login masked-plain PLAIN
login masked-login LOGIN
listen_wait_closed 2
listen_stop masked
expect_diags "swaks logging in through STARTTLS"
expect_json "$L_OUT" 'any(.[]; .type == "sent" and .client == 1 and .secret == true and (.data | test("^AUTH PLAIN \\*{24}\r\n$")))' \
	"client 1's AUTH PLAIN line is not shown as AUTH PLAIN with its initial response masked"
expect_json "$L_OUT" 'any(.[]; .type == "info" and .client == 1 and .id == "sasl-client" and (.message | test("user \"student\", password \\*{8}$")))' \
	"client 1's PLAIN answer is not decoded with the user named and the password masked"
expect_json "$L_OUT" 'any(.[]; .type == "sent" and .client == 2 and .data == "AUTH LOGIN\r\n")' \
	"client 2's AUTH LOGIN command is not shown as sent"
expect_json "$L_OUT" 'any(.[]; .type == "sent" and .client == 2 and .secret == true and .data == "************\r\n")' \
	"client 2's LOGIN password line is not masked"
expect_json "$L_OUT" 'any(.[]; .type == "info" and .client == 2 and .id == "sasl-client" and .message == "AUTH LOGIN, client 2 answers: password ********")' \
	"client 2's LOGIN password answer is not explained as masked"
expect_json "$L_OUT" '[.[] | select(.type == "info" and .client == 2 and .id == "sasl-server") | .message] ==
	["AUTH LOGIN, server asks: \"Username:\"", "AUTH LOGIN, server asks: \"Password:\""]' \
	"client 2's 334 challenges are not decoded (Username:, then Password:)"
expect_json "$L_OUT" '[.[] | select(.client == 2 and (.id == "sasl-server" or .type == "reply"))] |
	(map(.type == "reply" and .code == 334) | index(true)) as $i | $i != null and .[$i + 1].id == "sasl-server"' \
	"client 2's first challenge is not explained right after its 334"
expect_json "$L_OUT" 'all(.[]; .id != "sasl-server" or .client == 2)' "a challenge decoded for a client that sent AUTH PLAIN with its answer"
expect_no_grep "$plain_b64|$pass_b64" "$L_OUT" "the client's credentials in the JSON output"
# Each reply names the command it answers, as client mode's do, with no credential in it: the greeting none.
expect_json "$L_OUT" '[.[] | select(.type == "reply" and .client == 2) | [.code, .command]] as $r |
	$r[0] == [220, null] and ($r | index([[334, "AUTH LOGIN"]])) != null and ($r | index([[334, "(AUTH answer)"]])) != null
	and ($r | index([[235, "(AUTH answer)"]])) != null and ($r | index([[250, "(end of message)"]])) != null' \
	"client 2's replies do not name the commands they answer (greeting null, 334 to AUTH LOGIN, 235 to its answer)"
expect_json "$L_OUT" 'any(.[]; .type == "reply" and .client == 1 and .code == 235 and .command == "AUTH PLAIN")' \
	"client 1's 235 does not name AUTH PLAIN (its initial response left out) as the command it answers"

# 2. Masked, in the text transcript.
port=$(t_closed_port)
"$SMTPCON" --batch --listen "127.0.0.1:$port" --lab=submission </dev/null >"$RUN_DIR/text.out" 2>"$RUN_DIR/text.err" &
tpid=$!
at_exit "kill $tpid 2>/dev/null || true"
for ((i = 0; i < 100; i++)); do grep -qs 'trust it' "$RUN_DIR/text.out" && break; sleep 0.1; done
ca=$(sed -n 's/^.*trust it    --tls-ca-path //p' "$RUN_DIR/text.out" | head -1)
[ -n "$ca" ] || fail "the text transcript named no CA" "$RUN_DIR/text.out"
L_PORT=$port L_CA=$ca login text-plain PLAIN
sleep 0.3
kill -INT "$tpid"
wait "$tpid" || fail "listen mode (text) exited $?" "$RUN_DIR/text.err"
expect_grep '\[1 127\.0\.0\.1:[0-9]+\] C:~? AUTH PLAIN \*{24}$' "$RUN_DIR/text.out" "the text transcript's masked AUTH PLAIN"
expect_grep 'user "student", password \*{8}' "$RUN_DIR/text.out" "the text transcript's decoded PLAIN answer"
expect_no_grep "$plain_b64|$pass_b64" "$RUN_DIR/text.out" "the client's credentials in the text transcript"

# 3. --show-secrets: asked for, shown.
listen_start shown --lab=submission --show-secrets
login shown-plain PLAIN
login shown-login LOGIN
listen_wait_closed 2
listen_stop shown
expect_json "$L_OUT" "any(.[]; .type == \"sent\" and .client == 1 and .data == \"AUTH PLAIN $plain_b64\\r\\n\")" \
	"--show-secrets does not show client 1's AUTH PLAIN"
expect_json "$L_OUT" "any(.[]; .type == \"sent\" and .client == 2 and .data == \"$pass_b64\\r\\n\")" \
	"--show-secrets does not show client 2's LOGIN password"
expect_json "$L_OUT" 'any(.[]; .id == "sasl-client" and .client == 2 and (.message | test("password \"practice\"")))' \
	"--show-secrets does not decode the password"
pass
