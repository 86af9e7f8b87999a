#!/usr/bin/env bash
# MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) as a sending MTA finds them, against a private DNS server (dnsmasq)
# and private HTTPS servers for the policies (openssl s_server -WWW, certificates from a private CA that smtpcon
# trusts through the test hook SMTPCON_WEB_CA), with the Exim harness on 127.0.0.1 as the MX (mail.lab.test):
#   enforce, the MX listed and its certificate valid for its name     -> ok (after STARTTLS), exit 0
#   enforce, the same MX with a certificate that does not verify     -> certificate-invalid, would defer, exit 3
#   enforce, the MX not listed                                        -> mx-unlisted, would defer, exit 3
#   testing, the MX not listed                                        -> mx-unlisted, delivered anyway, exit 0
#   a malformed policy                                                -> policy-invalid with the line, exit 3
#   the policy fetch failing (nothing listens on the policy host)    -> fetch-failed, exit 3
#   --mx DOMAIN --mta-sts                                             -> the same verdict in batch
# Each policy host is its own loopback address (127.B.C.N:443): the policy URL has no port (RFC 8461 §3.3).
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon

DNSMASQ=$(command -v dnsmasq || true)
[ -n "$DNSMASQ" ] || DNSMASQ=/usr/sbin/dnsmasq
[ -x "$DNSMASQ" ] || skip_or_fail "dnsmasq is not installed (Debian package dnsmasq-base)"
command -v openssl >/dev/null || skip_or_fail "openssl is not installed (Debian package openssl)"
command -v certtool >/dev/null || skip_or_fail "certtool is not installed (Debian package gnutls-bin)"

exim_start

# ---- the private web CA and one certificate for every policy host ----
web=$RUN_DIR/web
mkdir -p "$web"
printf 'cn = "smtpcon test web CA"\nca\ncert_signing_key\nexpiration_days = 30\n' >"$web/ca.tmpl"
{
	printf 'cn = "mta-sts.enforce.sts.test"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 30\n'
	for d in enforce unlisted testing malformed fetchfail; do printf 'dns_name = "mta-sts.%s.sts.test"\n' "$d"; done
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

# policy_server N DOMAIN: serve $web/DOMAIN/.well-known/mta-sts.txt on $net.N:443.
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
printf 'version: STSv1\r\nmode: enforce\r\nmx: mail.lab.test\r\nmx: *.backup.sts.test\r\nmax_age: 604800\r\n' |
	policy enforce
printf 'version: STSv1\nmode: enforce\nmx: mx.elsewhere.sts.test\nmax_age: 604800\n' | policy unlisted
printf 'version: STSv1\nmode: testing\nmx: mx.elsewhere.sts.test\nmax_age: 86400\n' | policy testing
printf 'version: STSv1\nmode: Enforce\nmx: mail.lab.test\nmax_age: 604800\n' | policy malformed
policy_server 1 enforce
policy_server 2 unlisted
policy_server 3 testing
policy_server 4 malformed
# fetchfail: mta-sts.fetchfail.sts.test is $net.5, where nothing listens.

# ---- the DNS server ----
dns_port=$(t_closed_port)
conf=$(t_write dnsmasq.conf <<EOF
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
mx-host=unlisted.sts.test,mail.lab.test,10
mx-host=testing.sts.test,mail.lab.test,10
mx-host=malformed.sts.test,mail.lab.test,10
mx-host=fetchfail.sts.test,mail.lab.test,10
mx-host=none.sts.test,mail.lab.test,10
host-record=mta-sts.enforce.sts.test,$net.1
host-record=mta-sts.unlisted.sts.test,$net.2
host-record=mta-sts.testing.sts.test,$net.3
host-record=mta-sts.malformed.sts.test,$net.4
host-record=mta-sts.fetchfail.sts.test,$net.5
txt-record=_mta-sts.enforce.sts.test,"v=STSv1; id=2026120601"
txt-record=_mta-sts.unlisted.sts.test,"v=STSv1; id=1"
txt-record=_mta-sts.testing.sts.test,"v=STSv1; id=1"
txt-record=_mta-sts.malformed.sts.test,"v=STSv1; id=1"
txt-record=_mta-sts.fetchfail.sts.test,"v=STSv1; id=1"
txt-record=_smtp._tls.enforce.sts.test,"v=TLSRPTv1; rua=mailto:tls-reports@sts.test"
EOF
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

# mta_sts_event FILTER WHAT: an mta_sts event for mail.lab.test satisfying FILTER exists.
mta_sts_event()
{
	expect_json "$OUT" "any(.[]; .type == \"mta_sts\" and .host == \"mail.lab.test\" and ($1))" "$2"
}

# ---- 1. enforce, listed; then STARTTLS with mail.lab.test checked against the harness certificate: ok ----
script=$(printf '/mta-sts enforce.sts.test\n/connect %s:%s\nQUIT\n' "$EXIM_HOST" "$EXIM_PORT" | t_write enforce.script)
run_smtpcon enforce --batch --json --tls --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --ehlo client.lab.test \
	--timeout 10 --script "$script"
expect_rc 0
expect_json_valid "$OUT"
mta_sts_event '.policy == "valid" and .mode == "enforce" and .id == "2026120601" and .mx_match == true
	and .verdict == "unchecked" and .max_age == 604800 and .mx == ["mail.lab.test", "*.backup.sts.test"]
	and .tlsrpt_rua == ["mailto:tls-reports@sts.test"]' "enforce: the policy or the MX match is not reported"
mta_sts_event '.verdict == "ok" and .would_defer == false and (.reason | test("valid for that name"))' \
	"enforce: no ok verdict after STARTTLS with a certificate valid for mail.lab.test"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("TLS-RPT _smtp\\._tls\\.enforce\\.sts\\.test: reports go to mailto:tls-reports@sts\\.test")))' \
	"the TLS-RPT record is not shown"

# ---- 2. enforce, listed, but the certificate does not verify (no CA given; --insecure goes on) ----
run_smtpcon enforce-badcert --batch --json --tls --insecure --tls-sni "$EXIM_NAME" --ehlo client.lab.test \
	--timeout 10 --script "$script"
expect_rc 3
mta_sts_event '.verdict == "certificate-invalid" and .would_defer == true and .mx_match == true' \
	"enforce: a certificate that does not verify is not a certificate-invalid verdict that defers"

# ---- 3. enforce, the MX not listed ----
script=$(printf '/mta-sts unlisted.sts.test\n' | t_write unlisted.script)
run_smtpcon unlisted --batch --json --timeout 10 --script "$script"
expect_rc 3
mta_sts_event '.mode == "enforce" and .mx_match == false and .verdict == "mx-unlisted" and .would_defer == true
	and (.reason | test("would not deliver"))' "enforce: the unlisted MX is not reported as deferred"

# ---- 4. testing: the same mismatch, delivered anyway ----
script=$(printf '/mta-sts testing.sts.test\n' | t_write testing.script)
run_smtpcon testing --batch --json --timeout 10 --script "$script"
expect_rc 0
mta_sts_event '.mode == "testing" and .mx_match == false and .verdict == "mx-unlisted" and .would_defer == false
	and (.reason | test("delivers anyway"))' "testing: the mismatch is not reported as delivered anyway"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("TLS-RPT: no record")))' \
	"testing: the missing TLS-RPT record is not said"

# ---- 5. a malformed policy: refused with its line, shown as served ----
script=$(printf '/mta-sts malformed.sts.test\n' | t_write malformed.script)
run_smtpcon malformed --batch --json --timeout 10 --script "$script"
expect_rc 3
mta_sts_event '.policy == "policy-invalid" and .mode == "none" and .verdict == "no-policy" and .would_defer == false
	and (.reason | test("line 2: mode .Enforce. is not enforce, testing or none"))' \
	"malformed: the policy is not refused with the line and why"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("the policy as served:\\n    \\| version: STSv1\\\\n")))' \
	"malformed: the body as served is not shown"
# The same report in Portuguese (Brazil): the parser's reason with its line, the report's own words; the policy's
# field names and values as served.
run_smtpcon malformed-pt --batch --lang pt_BR --timeout 10 --script "$script"
for want in 'MTA-STS de malformed\.sts\.test:' "nenhuma política se aplica \(policy-invalid\): a política está malformada \(linha 2: mode 'Enforce' não é enforce" \
	'a política como foi servida:' 'TLS-RPT'; do
	grep -Eq "$want" "$OUT" || fail "malformed (pt_BR): the report lacks /$want/" "$OUT"
done
! grep -Eq 'no policy applies|the policy is malformed|as served' "$OUT" || fail "malformed (pt_BR): English left" "$OUT"

# ---- 6. the fetch fails: nothing listens on the policy host ----
script=$(printf '/mta-sts fetchfail.sts.test\n' | t_write fetchfail.script)
run_smtpcon fetchfail --batch --json --timeout 10 --script "$script"
expect_rc 3
mta_sts_event '.policy == "fetch-failed" and .verdict == "no-policy" and .would_defer == false
	and (.reason | test("https://mta-sts\\.fetchfail\\.sts\\.test/\\.well-known/mta-sts\\.txt failed"))
	and (.reason | test("as if there were none"))' "fetchfail: the failed fetch is not reported with what a sender does"

# ---- 7. no MTA-STS at all ----
script=$(printf '/mta-sts none.sts.test\n' | t_write none.script)
run_smtpcon none --batch --json --timeout 10 --script "$script"
expect_rc 0
mta_sts_event '.policy == "no-record" and .verdict == "no-policy"' "none: a domain without MTA-STS is not no-record"

# ---- 8. batch: --mx DOMAIN --mta-sts ----
run_smtpcon batch --batch --json --mx enforce.sts.test --mta-sts -p "$EXIM_PORT" --tls --tls-ca-path "$EXIM_CERT" \
	--tls-sni "$EXIM_NAME" --ehlo client.lab.test --timeout 10 --script "$(printf 'QUIT\n' | t_write quit.script)"
expect_rc 0
mta_sts_event '.verdict == "ok"' "--mx --mta-sts: no ok verdict for the MX"
# The policy is fetched once: /mx takes what --mta-sts's /mta-sts found, and the sender's view uses it.
jq -se 'any(.[]; .type == "output" and (.message | test("what /mta-sts found [0-9]+ seconds? ago applies \\(not fetched again\\)")))' \
	"$OUT" >/dev/null || fail "--mx --mta-sts: /mx did not use the policy /mta-sts fetched" "$OUT"
jq -se 'any(.[]; .type == "delivery_view" and .mta_sts == "enforce" and .verdict == "mta-sts")' "$OUT" >/dev/null ||
	fail "--mx --mta-sts: the sender's view is not MTA-STS-enforced" "$OUT"
pass
