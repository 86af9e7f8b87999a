#!/usr/bin/env bash
# The sending MTA's view when TLS does not happen on a connection --dane / --mx made: a sender delivers in
# plaintext unless DANE requires TLS, then it defers, and the verdict says which. The MX hosts are the scripted
# peer (what a real Exim or Postfix will not do on purpose: refuse STARTTLS with 454, break the handshake), found
# through the private DNSSEC-signed DNS of lib/dnssec.sh:
#   refused.test   not signed, the MX answers STARTTLS with 454           -> plaintext, "refused STARTTLS", exit 0
#   broken.test    not signed, the MX sends garbage as its ServerHello    -> plaintext, "handshake failed",
#                                                                            exit 0 (the failure is a warning: a
#                                                                            sender retries in plaintext), in JSON
#                                                                            and in the text transcript
#   stalled.test   not signed, the MX never answers the ClientHello      -> the same after the handshake timeout
#   brokentlsa.test signed, TLSA 3 1 1, the handshake fails               -> would defer (DANE requires TLS), exit 3
#   tlsa.test      signed, TLSA 3 1 1 at the MX, STARTTLS refused         -> would defer (DANE requires TLS), exit 3
#   expired.test   signed with expired signatures                         -> bogus: each event names the MX host
#                                                                            (mx.expired.test), not the domain
set -euo pipefail
. "$(dirname "$0")/lib/peer.sh"
. "$(dirname "$0")/lib/daemon.sh"
. "$(dirname "$0")/lib/dane.sh"
t_require_smtpcon

# A server that offers STARTTLS and refuses it; whatever comes next gets a 250 (EHLO) or a 221 (QUIT).
refuse=$(t_write refuse.peer <<'PEER'
line 220 mx.lab.test ESMTP
expect EHLO
line "250-mx.lab.test\r\n250 STARTTLS"
expect STARTTLS
line 454 4.7.0 TLS not available due to local problem
drain 3000
PEER
)
# A server that accepts STARTTLS and then sends bytes that are no TLS record; a sender that delivers anyway
# connects again and goes on in plaintext (no STARTTLS this time): the second connection gets EHLO, then QUIT.
broken=$(t_write broken.peer <<'PEER'
line 220 mx.lab.test ESMTP
expect EHLO
line "250-mx.lab.test\r\n250 STARTTLS"
expect STARTTLS
line 220 2.0.0 go ahead
raw "this is no ServerHello\r\n"
expect-close
accept
line 220 mx.lab.test ESMTP
expect EHLO
line "250-mx.lab.test\r\n250 STARTTLS"
expect QUIT
line 221 2.0.0 bye
close
PEER
)
peer_start refused "$refuse"
P_REFUSED=$PEER_PORT
# A server that accepts STARTTLS and then never answers the ClientHello.
stalled=$(t_write stalled.peer <<'PEER'
line 220 mx.lab.test ESMTP
expect EHLO
line "250-mx.lab.test\r\n250 STARTTLS"
expect STARTTLS
line 220 2.0.0 go ahead
expect-close
accept
line 220 mx.lab.test ESMTP
expect EHLO
line "250-mx.lab.test\r\n250 STARTTLS"
expect QUIT
line 221 2.0.0 bye
close
PEER
)
peer_start broken "$broken"
P_BROKEN=$PEER_PORT
peer_start broken-text "$broken"
P_BROKEN_TEXT=$PEER_PORT
peer_start brokentlsa "$broken"
P_BROKENTLSA=$PEER_PORT
peer_start stalled "$stalled"
P_STALLED=$PEER_PORT
peer_start tlsa "$refuse"
P_TLSA=$PEER_PORT

dane_mx_zone refused.test unsigned
dane_mx_zone broken.test unsigned
dane_mx_zone stalled.test unsigned
dane_mx_zone brokentlsa.test signed "$P_BROKENTLSA" "3 1 1 0000000000000000000000000000000000000000000000000000000000000000"
# Any 3 1 1 record: the point is that one exists, so a DANE sender requires TLS.
dane_mx_zone tlsa.test signed "$P_TLSA" "3 1 1 0000000000000000000000000000000000000000000000000000000000000000"
dane_mx_zone expired.test expired
dnssec_start

DANE_TIMEOUT=6

# ---- STARTTLS refused, no DANE: plaintext, and the reason says the server refused STARTTLS ----
dane_run refused refused.test "$P_REFUSED"
# The exit status follows the sender's verdict: it would deliver (in plaintext), so 0.
expect_rc 0
dane_jq 'any(.[]; .type == "delivery_view" and .host == "mx.refused.test" and .verdict == "plaintext" and .delivers == true and (.reason | test("refused STARTTLS")))' \
	"refused.test: no plaintext verdict saying STARTTLS was refused"
dane_jq '[.[] | select(.type == "delivery_view")] | length == 1' "refused.test: not exactly one delivery view"

# ---- a failed handshake, no DANE: plaintext, "the TLS handshake failed" ----
dane_run broken broken.test "$P_BROKEN"
# A sender whose STARTTLS handshake fails retries in plaintext (RFC 7435): it delivers, so 0, as the verdict says.
expect_rc 0
dane_jq 'any(.[]; .type == "delivery_view" and .host == "mx.broken.test" and .verdict == "plaintext" and .delivers == true and (.reason | test("handshake failed")))' \
	"broken.test: no plaintext verdict saying the handshake failed"
# The failure is shown as what it is, a warning (with the TLS layer's words), not an error of the session.
dane_jq 'any(.[]; .type == "warning" and .id == "tls-handshake-failed" and (.message | test("TLS handshake failed: the server answered in plaintext")) and (.hint | test("retries in plaintext")))' \
	"broken.test: no tls-handshake-failed warning"
dane_jq 'all(.[]; .type != "error")' "broken.test: an error event although a sender delivers"
# ...and it does what a sender does: connects again and goes on in plaintext, where the script's QUIT is answered.
dane_jq '[.[] | select(.type == "connected")] | length == 2' "broken.test: no second (plaintext) connection"
dane_jq '[.[] | select(.type == "sent" and .data == "STARTTLS\r\n")] | length == 1' \
	"broken.test: STARTTLS tried again on the plaintext retry"
dane_jq 'any(.[]; .type == "reply" and .code == 221)' "broken.test: the script's QUIT did not reach the retry"
# The text transcript says the same: a warning, then the verdict, and the same exit status.
run_smtpcon broken-text --batch --timeout "$DANE_TIMEOUT" --dane broken.test -p "$P_BROKEN_TEXT" --script "$_DANE_QUIT"
expect_rc 0
expect_grep '!!  warning \(tls-handshake-failed\): TLS handshake failed' "$OUT" \
	"broken.test (text): the handshake failure is not a warning"
expect_grep 'connecting to 127.0.0.1 port [0-9]+ again, in plaintext, as a sending MTA does' "$OUT" \
	"broken.test (text): the plaintext retry is not announced"
expect_grep "A sending MTA's view of broken.test \(MX mx.broken.test\): plaintext only" "$OUT" \
	"broken.test (text): no 'plaintext only' verdict"
expect_no_grep '!!! error' "$OUT" "broken.test (text): an error although a sender delivers"

# ---- a handshake that never ends (timeout), no DANE: the same as a failed one ----
DANE_TIMEOUT=2 dane_run stalled stalled.test "$P_STALLED"
expect_rc 0
dane_jq 'any(.[]; .type == "delivery_view" and .host == "mx.stalled.test" and .verdict == "plaintext" and .delivers == true and (.reason | test("handshake failed")))' \
	"stalled.test: no plaintext verdict after the handshake timed out"
dane_jq 'any(.[]; .type == "warning" and .id == "tls-handshake-failed" and (.message | test("TLS handshake")))' \
	"stalled.test: the handshake timeout is not a tls-handshake-failed warning"
dane_jq 'all(.[]; .type != "error")' "stalled.test: an error event although a sender delivers"

# ---- a failed handshake where TLSA records exist: a DANE sender defers, exit 3, and the error says why ----
dane_run brokentlsa brokentlsa.test "$P_BROKENTLSA"
expect_rc 3
dane_jq 'any(.[]; .type == "delivery_view" and .host == "mx.brokentlsa.test" and .verdict == "defer" and .delivers == false and (.reason | test("no TLS session was made")))' \
	"brokentlsa.test: no 'would defer' verdict"
dane_jq 'any(.[]; .type == "error" and .stage == "delivery" and (.message | test("would defer mail to mx\\.brokentlsa\\.test \\(DANE mismatch\\): TLSA records require TLS, and no TLS session was made")))' \
	"brokentlsa.test: the failure does not say that DANE requires TLS"

# ---- STARTTLS refused where TLSA records exist: a DANE sender defers, and says DANE is why ----
dane_run tlsa tlsa.test "$P_TLSA"
expect_rc 3
dane_jq 'any(.[]; .type == "delivery_view" and .verdict == "defer" and .delivers == false and (.reason | test("DANE sender requires TLS")))' \
	"tlsa.test: no 'would defer' verdict naming DANE"
dane_jq 'any(.[]; .type == "error" and .stage == "delivery" and (.message | test("would defer mail to mx\\.tlsa\\.test \\(DANE")))' \
	"tlsa.test: the failure does not name DANE as the reason"

# ---- bogus MX answer: the events name the MX host the answer holds, never the domain as a host ----
dane_run expired expired.test "$P_REFUSED"
expect_rc 3
dane_jq 'any(.[]; .type == "dane" and .verdict == "bogus" and .host == "mx.expired.test")' \
	"expired.test: the bogus DANE event does not name the MX host"
dane_jq 'all(.[]; (.type != "dane" and .type != "delivery_view") or .host == "mx.expired.test")' \
	"expired.test: an event names another host (the domain?)"
dane_jq 'all(.[]; .type != "connecting")' "expired.test: connected although the MX answer is bogus"
pass
