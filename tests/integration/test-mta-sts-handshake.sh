#!/usr/bin/env bash
# MTA-STS (RFC 8461) in mode enforce when the STARTTLS handshake fails, as a sending MTA sees it: the policy lists
# the MX, so a sender must deliver over TLS with a valid certificate; the handshake fails before any certificate
# is seen, so the sender defers (RFC 8461 §5: no fallback to plaintext under enforce). The real Exim harness is
# the MX (mail.lab.test), set to TLS 1.3 only, and smtpcon offers at most TLS 1.2 (--tls-protocol no_tlsv1_3);
# a private DNS server (dnsmasq) and a private HTTPS server for the policy (openssl s_server -WWW, a private CA
# trusted through SMTPCON_WEB_CA), as in test-mta-sts.sh.
#   enforce, MX listed, handshake fails   -> tls-handshake-failed warning, delivery view "defer", an error (stage
#                                            delivery) whose message names MTA-STS and the failed handshake, never
#                                            a certificate; no plaintext retry, nothing after STARTTLS; exit 3
#   testing, MX listed, handshake fails   -> a sender delivers in plaintext: verdict "plaintext", the retry, exit 0
#   the text transcript of the enforce case in French (--lang fr): the same reason, translated
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon

DNSMASQ=$(command -v dnsmasq || true)
[ -n "$DNSMASQ" ] || DNSMASQ=/usr/sbin/dnsmasq
[ -x "$DNSMASQ" ] || skip_or_fail "dnsmasq is not installed (Debian package dnsmasq-base)"
command -v openssl >/dev/null || skip_or_fail "openssl is not installed (Debian package openssl)"
command -v certtool >/dev/null || skip_or_fail "certtool is not installed (Debian package gnutls-bin)"
command -v jq >/dev/null || skip_or_fail "jq is not installed"

EXIM_EXTRA_CONF='tls_require_ciphers = NORMAL:-VERS-ALL:+VERS-TLS1.3' exim_start

# ---- the private web CA and the policy hosts' certificate ----
web=$RUN_DIR/web
mkdir -p "$web"
printf 'cn = "smtpcon test web CA"\nca\ncert_signing_key\nexpiration_days = 30\n' >"$web/ca.tmpl"
{
	printf 'cn = "mta-sts.enforce.sts.test"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 30\n'
	for d in enforce testing; do printf 'dns_name = "mta-sts.%s.sts.test"\n' "$d"; done
} >"$web/srv.tmpl"
certtool --generate-privkey --key-type=ecdsa --outfile "$web/ca.key" >/dev/null 2>&1 &&
	certtool --generate-self-signed --load-privkey "$web/ca.key" --template "$web/ca.tmpl" \
		--outfile "$web/ca.pem" >/dev/null 2>&1 &&
	certtool --generate-privkey --key-type=ecdsa --outfile "$web/srv.key" >/dev/null 2>&1 &&
	certtool --generate-certificate --load-privkey "$web/srv.key" --load-ca-certificate "$web/ca.pem" \
		--load-ca-privkey "$web/ca.key" --template "$web/srv.tmpl" --outfile "$web/srv.pem" >/dev/null 2>&1 ||
	fail "certtool could not make the web CA and the policy hosts' certificate"

# ---- a loopback /24 of our own for the policy hosts (nothing on :443 there) ----
for ((i = 0; i < 50; i++)); do
	net=127.$((RANDOM % 200 + 30)).$((RANDOM % 250 + 1))
	[ -z "$(ss -Htan "sport = :443" 2>/dev/null | grep -F " $net.")" ] && break
done

# policy_server N DOMAIN: serve $web/DOMAIN/.well-known/mta-sts.txt on $net.N:443 (the URL has no port).
policy_server()
{
	local n=$1 d=$2 i
	(cd "$web/$d" && exec openssl s_server -WWW -quiet -accept "$net.$n:443" -cert "$web/srv.pem" \
		-key "$web/srv.key") >"$web/$d.log" 2>&1 &
	at_exit "kill $! 2>/dev/null || true"
	for ((i = 0; i < 100; i++)); do
		ss -Htln "sport = :443" 2>/dev/null | grep -qF "$net.$n:443" && return 0
		sleep 0.05
	done
	fail "openssl s_server did not start on $net.$n:443" "$web/$d.log"
}
policy() # DOMAIN: the policy body from stdin
{
	mkdir -p "$web/$1/.well-known"
	cat >"$web/$1/.well-known/mta-sts.txt"
}
printf 'version: STSv1\r\nmode: enforce\r\nmx: mail.lab.test\r\nmax_age: 604800\r\n' | policy enforce
printf 'version: STSv1\r\nmode: testing\r\nmx: mail.lab.test\r\nmax_age: 86400\r\n' | policy testing
policy_server 1 enforce
policy_server 2 testing

# ---- the DNS server ----
dns_port=$(t_closed_port)
conf=$(t_write dnsmasq.conf <<CONF
port=$dns_port
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-poll
local=/sts.test/
local=/lab.test/
log-queries
log-facility=$RUN_DIR/dnsmasq.log
pid-file=$RUN_DIR/dnsmasq.pid
user=$(id -un)
host-record=mail.lab.test,127.0.0.1
mx-host=enforce.sts.test,mail.lab.test,10
mx-host=testing.sts.test,mail.lab.test,10
host-record=mta-sts.enforce.sts.test,$net.1
host-record=mta-sts.testing.sts.test,$net.2
txt-record=_mta-sts.enforce.sts.test,"v=STSv1; id=2026120602"
txt-record=_mta-sts.testing.sts.test,"v=STSv1; id=2026120603"
CONF
)
"$DNSMASQ" --conf-file="$conf" --keep-in-foreground >"$RUN_DIR/dnsmasq.out" 2>&1 &
dns_pid=$!
at_exit "kill $dns_pid 2>/dev/null || true"
for ((i = 0; i < 100; i++)); do
	[ -n "$(ss -Huan "sport = :$dns_port" 2>/dev/null)" ] && break
	kill -0 "$dns_pid" 2>/dev/null || fail "dnsmasq did not start" "$RUN_DIR/dnsmasq.out"
	sleep 0.05
done
export SMTPCON_DNS_SERVER=127.0.0.1:$dns_port
export SMTPCON_WEB_CA=$web/ca.pem

OLD=(--tls-protocol no_tlsv1_3)
quit=$(printf 'QUIT\n' | t_write quit.script)
jqe() { jq -se "$1" "$OUT" >/dev/null || fail "$2" "$OUT" "$ERR" "$EXIM_LOG"; }

# ---- enforce, the MX listed, the handshake fails: a sender defers ----
run_smtpcon enforce --batch --json --dane enforce.sts.test --mta-sts -p "$EXIM_PORT" "${OLD[@]}" --timeout 10 --script "$quit"
expect_rc 3
expect_json_valid "$OUT"
jqe 'any(.[]; .type == "mta_sts" and .mode == "enforce" and .mx_match == true)' "enforce: the policy does not list the MX"
jqe 'any(.[]; .type == "warning" and .id == "tls-handshake-failed" and (.message | test("^TLS handshake failed: ")))' \
	"enforce: the failed handshake is not a tls-handshake-failed warning"
jqe 'all(.[]; .type != "tls")' "enforce: a TLS session although the handshake failed"
jqe '[.[] | select(.type == "delivery_view")] | length == 1' "enforce: not exactly one delivery view"
jqe 'any(.[]; .type == "delivery_view" and .host == "mail.lab.test" and .verdict == "defer" and .delivers == false
	and .mta_sts == "enforce" and (.reason | test("MTA-STS \\(mode enforce\\)")) and (.reason | test("handshake failed")))' \
	"enforce: the delivery view is not a defer naming MTA-STS and the failed handshake"
jqe 'any(.[]; .type == "error" and .stage == "delivery" and (.message | test("MTA-STS")) and (.message | test("handshake failed")))' \
	"enforce: the failure does not name MTA-STS and the failed handshake"
jqe 'all(.[]; (.type != "error" and .type != "delivery_view") or ((.message // .reason // "") | test("certificate (does not|is not|NOT)|does not verify|not valid|mismatch|not met") | not))' \
	"enforce: a certificate is blamed although none was seen"
jqe '[.[] | select(.type == "connected")] | length == 1' "enforce: retried in plaintext although MTA-STS enforce requires TLS"
jqe 'all(.[]; .type != "sent" or (.data | test("^(MAIL|QUIT)") | not))' "enforce: something sent after the failed handshake"

# The text transcript in French: the same verdict and reason, translated (the protocol words stay).
run_smtpcon enforce-fr --batch --lang fr --dane enforce.sts.test --mta-sts -p "$EXIM_PORT" "${OLD[@]}" --timeout 10 --script "$quit"
expect_rc 3
expect_grep 'MTA-STS \(mode enforce\)' "$OUT" "enforce (fr): the reason does not name MTA-STS"
expect_grep 'négociation TLS' "$OUT" "enforce (fr): the reason does not name the failed handshake in French"
expect_no_grep 'handshake failed|would defer' "$OUT" "enforce (fr): English left in the reason"

# ---- testing, the same MX and failure: a sender delivers in plaintext ----
run_smtpcon testing --batch --json --dane testing.sts.test --mta-sts -p "$EXIM_PORT" "${OLD[@]}" --timeout 10 --script "$quit"
expect_rc 0
expect_json_valid "$OUT"
jqe 'any(.[]; .type == "delivery_view" and .verdict == "plaintext" and .delivers == true and .mta_sts == "testing")' \
	"testing: the verdict is not plaintext"
jqe 'all(.[]; .type != "error")' "testing: an error although a sender delivers"
jqe '[.[] | select(.type == "connected" and .tls == false)] | length == 2' "testing: no plaintext retry"
jqe 'any(.[]; .type == "reply" and .code == 221)' "testing: the script's QUIT was not answered on the retry"
pass
