#!/usr/bin/env bash
# /probe starttls-injection and /probe starttls-enforced against real servers, with the verdicts checked by hand
# once and written here:
#   Exim 4.96 (Debian 12):   injection -> not-vulnerable (554 SMTP synchronization error to STARTTLS+NOOP, close)
#                            enforced  -> not-enforced (AUTH 503 not advertised, MAIL 250, RCPT 250: a port-25 MX)
#   Postfix 3.7 (Debian 12): injection -> not-vulnerable (220, TLS, the NOOP discarded)
#                            enforced  -> not-enforced (AUTH 503, MAIL 250, RCPT 250)
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/postfix.sh"
t_require_smtpcon
exim_start
postfix_start

# probe NAME SERVER PORT CERT KEYWORD [MESSAGE-ERE]: run the probe, check the verdict keyword (and message).
probe()
{
	local name=$1 server=$2 port=$3 cert=$4 keyword=$5 ere=${6:-.}
	printf '/probe %s bob@lab.test\n' "$name" | t_write "$name-$server.script" >/dev/null
	run_smtpcon "$name-$server" --batch --json --timeout 10 --tls-ca-path "$cert" --tls-sni mail.lab.test ${TLSC:-} \
		--script "$RUN_DIR/$name-$server.script" "127.0.0.1:$port"
	expect_rc 0
	expect_json_valid "$OUT"
	expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("target: 127\\.0\\.0\\.1 port '"$port"', the host you connected to")))' \
		"$name on $server: the probe did not say which host it targets before running"
	expect_json "$OUT" '[.[] | select(.type == "diagnosis" and .id == "probe-'"$name"'")] | length == 1 and
		(.[0].message | startswith("['"$keyword"']")) and (.[0].message | test("'"$ere"'"))' \
		"$name on $server: verdict is not [$keyword] (/$ere/)"
	# Never any other address than the one connected to.
	expect_json "$OUT" 'all(.[]; .type != "connecting" or (.address == "127.0.0.1" and .port == '"$port"'))' \
		"$name on $server: a connection went elsewhere"
}

probe starttls-injection exim "$EXIM_PORT" "$EXIM_CERT" not-vulnerable '554 SMTP synchronization error'
probe starttls-injection postfix "$POSTFIX_PORT" "$POSTFIX_CERT" not-vulnerable 'nothing answered the NOOP'
expect_json "$OUT" 'any(.[]; .type == "tls")' "postfix: the injection probe did not complete the handshake"
probe starttls-enforced exim "$EXIM_PORT" "$EXIM_CERT" not-enforced 'AUTH 503, MAIL 250, RCPT 250'
probe starttls-enforced postfix "$POSTFIX_PORT" "$POSTFIX_CERT" not-enforced 'AUTH 503, MAIL 250, RCPT 250'
# On the implicit-TLS port there is nothing to probe.
TLSC=--tls-on-connect probe starttls-injection postfix-tls "$POSTFIX_TLS_PORT" "$POSTFIX_CERT" not-applicable 'implicit-TLS port'
pass "STARTTLS probes: Exim 4.96 and Postfix $POSTFIX_VERSION not vulnerable to injection, TLS not enforced on port 25"
