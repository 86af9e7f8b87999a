#!/usr/bin/env bash
# Diagnoses name the server that answered: --tls-on-connect to Postfix's STARTTLS port explains Postfix's own log
# line ("improper command pipelining after CONNECT"), not Exim's synchronization error; Postfix's log proves it.
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"
t_require_smtpcon
postfix_start

run_smtpcon implicit-on-plain --batch --json --tls-on-connect --timeout 10 "$POSTFIX_HOST:$POSTFIX_PORT"
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "implicit-tls-on-plaintext-port" and (.hint | test("Postfix logs this as \"improper command pipelining after CONNECT\"")))' \
	"the diagnosis does not explain Postfix's log line"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and (.hint | test("Exim"))) | not' \
	"the diagnosis names Exim for a Postfix server"
# Postfix reads our early ClientHello as a command line: when its random bytes hold a line feed it logs the
# pipelining line; when they hold none it waits for the line's end and logs only the lost connection. Either is
# what the hint says.
for ((i = 0; i < 40; i++)); do
	grep -Eq 'improper command pipelining after CONNECT|lost connection after CONNECT' "$POSTFIX_LOG" && break
	sleep 0.1
done
expect_grep 'improper command pipelining after CONNECT|lost connection after CONNECT' "$POSTFIX_LOG" \
	"Postfix did not log our early ClientHello"
pass
