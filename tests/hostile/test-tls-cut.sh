#!/usr/bin/env bash
# The server closes the TCP connection half-way through a TLS record (a reply inside STARTTLS, and the
# ServerHello of an implicit-TLS handshake): the client reports it clearly, exits 3, does not hang, and the
# transcript holds what came before the cut.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

HERE=$(cd "$(dirname "$0")" && pwd)
script=$(printf 'EHLO client.lab.test\n/starttls\nMAIL FROM:<a@lab.test>\nQUIT\n' | t_write cut.script)

hpeer_start text "$HERE/peers/tls-cut.peer"
hrun text 20 --batch --insecure --timeout 5 --log "$RUN_DIR/text.log" --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_elapsed_under 12000
expect_rss_under 65536 # /save keeps up to 32 MiB of transcript in memory (cmd-save.c SAVE_MAX_BYTES)
expect_terminal_safe "$OUT"
expect_grep 'BEFORE-CUT' "$RUN_DIR/text.log" "the TLS-era reply before the cut is not in the transcript"
expect_grep 'error \(tls\).*closed in the middle of a TLS record' "$OUT" "no clear message about the cut record"
expect_no_grep 'this reply never arrives' "$OUT" "half a record was shown as data"
peer_wait 20 || true

hpeer_start json "$HERE/peers/tls-cut.peer"
hrun json 20 --batch --json --insecure --timeout 5 --script "$script" "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_json_utf8 "$OUT"
expect_json "$OUT" 'any(.[]; .type == "closed")' "no closed event"
peer_wait 20 || true

# Implicit TLS: the handshake's first flight is cut.
# A record header promising 512 bytes of ServerHello, 6 of them, then close.
hs=$(printf 'accept\ndrain 300\nraw "\\x16\\x03\\x03\\x02\\x00\\x02\\x00\\x01\\xfc\\x03\\x03"\nclose\n' | t_write hs.peer)
hpeer_start hs "$hs"
hrun hs 20 --batch --insecure --timeout 5 --tls-on-connect "127.0.0.1:$PEER_PORT"
expect_rc 3
expect_elapsed_under 7000
expect_grep 'error \(tls\).*closed in the middle of a TLS record' "$OUT" "no clear message about the cut handshake"
expect_terminal_safe "$OUT"
peer_wait 20 || true
pass
