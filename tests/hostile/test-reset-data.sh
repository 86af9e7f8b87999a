#!/usr/bin/env bash
# The server resets the connection (TCP RST) in the middle of a DATA body while the client streams a 32 MiB
# message: the client reports a network failure clearly (exit 3), does not hang, does not die of SIGPIPE, keeps
# memory bounded (the message is streamed, never loaded), and the transcript has everything up to the reset.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

msg=$RUN_DIR/big.eml
{
	printf 'From: a@lab.test\r\nTo: b@lab.test\r\nSubject: reset during DATA\r\n\r\n'
	head -c $((32 << 20)) /dev/zero | tr '\0' 'x' | fold -w 998 | sed 's/$/\r/'
} >"$msg"

peer_script=$(t_write reset.peer <<'PEER'
line 220 peer.lab.test ESMTP
expect EHLO
line 250 peer.lab.test
expect MAIL
line 250 2.1.0 sender ok
expect RCPT
line 250 2.1.5 recipient ok
expect DATA
line "354 go ahead RESET-SOON"
drain 300
reset
PEER
)
script=$(printf 'EHLO client.lab.test\nMAIL FROM:<a@lab.test>\nRCPT TO:<b@lab.test>\n/data %s\nQUIT\n' "$msg" |
	t_write reset.script)

peer_start text "$peer_script"
hrun text 30 --batch --timeout 5 --log "$RUN_DIR/text.log" --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_elapsed_under 12000
expect_rss_under 65536 # /save keeps up to 32 MiB of transcript in memory (cmd-save.c SAVE_MAX_BYTES)
expect_terminal_safe "$OUT"
expect_grep 'RESET-SOON' "$RUN_DIR/text.log" "the 354 reply is missing from the transcript"
expect_grep 'error \((write|read)\).*(reset|Broken pipe|closed)' "$OUT" "no clear message about the reset"
peer_wait 20 || true

peer_start json "$peer_script"
hrun json 30 --batch --json --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_rss_under 65536 # /save keeps up to 32 MiB of transcript in memory (cmd-save.c SAVE_MAX_BYTES)
expect_json_utf8 "$OUT"
expect_json "$OUT" 'any(.[]; .type == "closed")' "no closed event after the reset"
peer_wait 20 || true
pass
