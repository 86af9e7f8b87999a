#!/usr/bin/env bash
# The sending MTA's view (DANE, RFC 7672) with the real Postfix harness as the MX of private DNSSEC-signed zones
# (lib/dnssec.sh: nsd on loopback), beside test-dane-exim's Exim:
#   pf.test       signed, TLSA 3 1 1 of Postfix's key at _PORT._tcp.mx.pf.test -> verified (DANE-EE), delivers,
#                 exit 0; the session goes on to QUIT even with --tls-verify (Postfix logs the TLS connection)
#   pfstale.test  signed, TLSA 3 1 1 of another key                             -> mismatch, would defer, exit 3,
#                 the 3 1 1 record to publish is Postfix's key, nothing sent inside TLS
#   pfplain.test  not signed                                                    -> insecure, opportunistic, exit 0
# Not compared with posttls-finger: Postfix's DNS look-ups (posttls-finger's too) go through the libc resolver,
# which reads /etc/resolv.conf (no port can be given there) and trusts the AD bit of a validating recursive
# resolver; the test zones are served by an authoritative-only nsd on a free port, which neither is. Comparing
# would need a network namespace with its own resolv.conf and a validating unbound on port 53.
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"
. "$(dirname "$0")/lib/dnssec.sh"
t_require_smtpcon

postfix_start
pki=$RUN_DIR/pki
mkdir -p "$pki"
certtool --generate-privkey --key-type=ecdsa --outfile "$pki/old.key" >/dev/null 2>&1
printf 'cn = "mx.pfstale.test"\nexpiration_days = 30\n' >"$pki/old.tmpl"
certtool --generate-self-signed --load-privkey "$pki/old.key" --template "$pki/old.tmpl" --outfile "$pki/old.pem" \
	>/dev/null 2>&1 || fail "certtool could not make the old certificate"
pf311=$(dnssec_tlsa_311 "$POSTFIX_CERT")
old311=$(dnssec_tlsa_311 "$pki/old.pem")
P=$POSTFIX_PORT
dnssec_zone pf.test signed <<ZONE
@ IN MX 10 mx
mx IN A 127.0.0.1
_$P._tcp.mx IN TLSA $pf311
ZONE
dnssec_zone pfstale.test signed <<ZONE
@ IN MX 10 mx
mx IN A 127.0.0.1
_$P._tcp.mx IN TLSA $old311
ZONE
dnssec_zone pfplain.test unsigned <<'ZONE'
@ IN MX 10 mx
mx IN A 127.0.0.1
ZONE
dnssec_start

quit=$(printf 'QUIT\n' | t_write quit.script)
run() {
	local name=$1 domain=$2
	shift 2
	run_smtpcon "$name" --batch --json --timeout 10 --dane "$domain" -p "$P" --script "$quit" "$@"
	expect_json_valid "$OUT"
}
jqs() { jq -se "$1" "$OUT" >/dev/null || fail "$2" "$OUT" "$ERR" "$POSTFIX_LOG"; }

# ---- DANE-EE against Postfix's own (self-signed) certificate ----
run pf pf.test --tls-verify
expect_rc 0
jqs "any(.[]; .type == \"dane\" and .host == \"mx.pf.test\" and .verdict == \"verified\" and .matched == \"$pf311\")" \
	"pf.test: no DANE verified event naming Postfix's 3 1 1 record"
jqs 'any(.[]; .type == "delivery_view" and .verdict == "dane" and .delivers == true)' \
	"pf.test: the sender's view is not DANE-authenticated"
jqs 'any(.[]; .type == "reply" and .code == 221)' "pf.test: the session did not go on to QUIT (with --tls-verify)"
postfix_wait_log 'TLS connection established from' 10 >/dev/null ||
	fail "Postfix did not log the TLS connection" "$POSTFIX_LOG"

# ---- a stale record: mismatch, would defer ----
run pfstale pfstale.test
expect_rc 3
jqs "any(.[]; .type == \"dane\" and .verdict == \"mismatch\" and .records == [\"$old311\"] and .publish[0] == \"$pf311\")" \
	"pfstale.test: no mismatch with Postfix's key as the record to publish"
jqs 'any(.[]; .type == "delivery_view" and .verdict == "defer" and .delivers == false)' \
	"pfstale.test: the sender's view is not 'would defer'"
# Nothing but the QUIT that ends the session politely crosses the TLS a sender would not deliver over.
jqs '[.[] | select(.type == "sent" and .tls == true) | .data] | all(. == "QUIT\r\n")' \
	"pfstale.test: commands other than QUIT were sent after the mismatch"

# ---- unsigned: insecure, opportunistic ----
run pfplain pfplain.test
expect_rc 0
jqs 'any(.[]; .type == "dane" and .verdict == "insecure")' "pfplain.test: DANE is not insecure"
jqs 'any(.[]; .type == "delivery_view" and .verdict == "opportunistic" and .delivers == true)' \
	"pfplain.test: the sender's view is not opportunistic"
pass
