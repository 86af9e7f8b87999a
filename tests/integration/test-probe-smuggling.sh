#!/usr/bin/env bash
# /probe smuggling against real servers, verdicts checked by hand once and written here:
#   Exim 4.96 (Debian 12, 4.96-15+deb12u*, with the CVE-2023-51766 fix): not-vulnerable; every variant is
#     content (one 250 for the whole message).
#   Postfix 3.7.11 (Debian 12, default smtpd_forbid_bare_newline = no): smuggling-possible; <LF>.<LF>,
#     <LF>.<CR><LF> and <CR><LF>.<LF> end the message (the NOOP after them is answered); the <CR> variants are
#     content. (Postfix 3.9 / smtpd_forbid_bare_newline = yes changes this.)
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/postfix.sh"
t_require_smtpcon
exim_start
postfix_start

probe()
{
	local server=$1 port=$2
	printf '/probe smuggling bob@lab.test\n' | t_write "smuggling-$server.script" >/dev/null
	run_smtpcon "smuggling-$server" --batch --json --timeout 10 --script "$RUN_DIR/smuggling-$server.script" \
		"127.0.0.1:$port"
	expect_rc 0
	expect_json_valid "$OUT"
	expect_json "$OUT" 'all(.[]; .type != "connecting" or (.address == "127.0.0.1" and .port == '"$port"'))' \
		"$server: a connection went elsewhere"
}
verdict() { jq -r -s '[.[] | select(.type == "diagnosis" and .id == "probe-smuggling")][0].message' "$OUT"; }

probe exim "$EXIM_PORT"
v=$(verdict)
case $v in "[not-vulnerable] <LF>.<LF>: content (250); <LF>.<CR><LF>: content (250); <CR>.<CR><LF>: content (250); <CR><LF>.<CR>: content (250); <CR><LF>.<LF>: content (250); <CR>.<CR>: content (250)."*) ;;
*) fail "Exim: unexpected smuggling verdict: $v" "$OUT" ;;
esac

probe postfix "$POSTFIX_PORT"
v=$(verdict)
case $v in "[smuggling-possible] <LF>.<LF>: END OF DATA"*"<LF>.<CR><LF>: END OF DATA"*"<CR>.<CR><LF>: content"*"<CR><LF>.<CR>: content"*"<CR><LF>.<LF>: END OF DATA"*"<CR>.<CR>: content"*) ;;
*) fail "Postfix: unexpected smuggling verdict: $v" "$OUT" ;;
esac
pass "smuggling: Exim 4.96 not vulnerable; Postfix $POSTFIX_VERSION ends data at bare-LF variants"
