# shellcheck shell=bash
# What the DANE tests share (sourced after the server harness they use, exim.sh, postfix.sh or peer.sh): the
# private DNSSEC-signed DNS of dnssec.sh, test domains whose MX host points at a harness server, the certificate of
# a key the server no longer has (for stale records), and the --dane run with its JSON assertions.
#
#   dane_mx_zone DOMAIN MODE [PORT RR]   a zone DOMAIN (MODE: signed, unsigned, expired; see dnssec_zone) whose MX
#                                        is mx.DOMAIN at 127.0.0.1; with PORT and RR the TLSA record RR (e.g.
#                                        "3 1 1 <hex>") at _PORT._tcp.mx.DOMAIN, where a sender looks for it
#   dane_old_cert NAME OUT               a self-signed certificate for NAME of a fresh key, into OUT (PEM): its
#                                        3 1 1 record is "stale" for any server
#   dane_run NAME DOMAIN PORT [OPTION...]   smtpcon --batch --json --dane DOMAIN -p PORT, the script QUIT, then
#                                        check that $OUT is valid JSON Lines (the exit status is in $RC);
#                                        DANE_TIMEOUT (default 10) is its --timeout
#   dane_jq FILTER MESSAGE               fail with MESSAGE unless the jq FILTER holds over the JSON Lines of $OUT
#                                        (slurped: .[] is every event); the failure shows $OUT, $ERR and the
#                                        files in DANE_LOGS (e.g. the server's log)
#
# dnssec_start still starts the DNS, after the zones are added (the caller may add zones of its own with
# dnssec_zone). dane_run and dane_jq need jq (tests/setup.sh installs it).

# shellcheck source=dnssec.sh
. "$(dirname "${BASH_SOURCE[0]}")/dnssec.sh"

DANE_TIMEOUT=${DANE_TIMEOUT:-10}
DANE_LOGS=()

dane_mx_zone()
{
	local domain=$1 mode=$2 port=${3:-} rr=${4:-} lines
	lines=$'@ IN MX 10 mx\nmx IN A 127.0.0.1'
	[ -z "$rr" ] || lines+=$'\n'"_$port._tcp.mx IN TLSA $rr"
	# Not through a pipe: dnssec_zone must run in this shell (it records the zone for dnssec_start).
	dnssec_zone "$domain" "$mode" <<<"$lines"
}

dane_old_cert()
{
	local name=$1 out=$2
	certtool --generate-privkey --key-type=ecdsa --outfile "$out.key" >/dev/null 2>&1 ||
		fail "certtool could not make the old key"
	printf 'cn = "%s"\nexpiration_days = 30\n' "$name" >"$out.tmpl"
	certtool --generate-self-signed --load-privkey "$out.key" --template "$out.tmpl" --outfile "$out" \
		>/dev/null 2>&1 || fail "certtool could not make the old certificate"
}

dane_run()
{
	local name=$1 domain=$2 port=$3
	shift 3
	command -v jq >/dev/null || skip_or_fail "jq is not installed"
	[ -n "${_DANE_QUIT:-}" ] || _DANE_QUIT=$(printf 'QUIT\n' | t_write dane-quit.script)
	run_smtpcon "$name" --batch --json --timeout "$DANE_TIMEOUT" --dane "$domain" -p "$port" --script "$_DANE_QUIT" "$@"
	expect_json_valid "$OUT"
}

dane_jq()
{
	jq -se "$1" "$OUT" >/dev/null || fail "$2" "$OUT" "$ERR" ${DANE_LOGS[@]+"${DANE_LOGS[@]}"}
}
