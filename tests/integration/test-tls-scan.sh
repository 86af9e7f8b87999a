#!/usr/bin/env bash
# /tls scan against a real Exim that offers only TLS 1.2 and 1.3 (a modern configuration), through STARTTLS and
# on the implicit-TLS port: the table matches what gnutls-cli can negotiate version by version, flags nothing
# as insecure, and the console's own session carries on afterwards. Also: /tls scan before any connection is a
# clear error, not a hang.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
command -v gnutls-cli >/dev/null || skip_or_fail "gnutls-cli is not installed (gnutls-bin)"
# Each /tls scan is ~100 connections (one per cipher suite and group): give a run with two of them time.
T_TIMEOUT=150
EXIM_EXTRA_CONF='tls_require_ciphers = NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3' exim_start
common=(--batch --ehlo client.lab.test --timeout 10 --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME")

probe()
{
	local port=$1 v=$2
	shift 2
	timeout 10 gnutls-cli --insecure -p "$port" "$EXIM_HOST" "$@" \
		--priority "NORMAL:-VERS-ALL:+VERS-TLS$v:%COMPAT" </dev/null >"$RUN_DIR/probe-$port-$v.out" 2>&1
}

check_table()
{
	local port=$1 v want
	shift
	for v in 1.0 1.1 1.2 1.3; do
		if probe "$port" "$v" "$@"; then want=accepted; else want=refused; fi
		expect_grep "^  TLS$v  $want " "$OUT" "TLS $v on port $port: gnutls-cli says $want"
	done
	expect_grep '^  TLS1\.2  accepted  TLS_' "$OUT"
	expect_grep '^  TLS1\.3  accepted  TLS_AES_' "$OUT"
	expect_grep '^  TLS1\.0  refused ' "$OUT"
	expect_grep '^  TLS1\.1  refused ' "$OUT"
	expect_no_grep 'INSECURE|deprecated' "$OUT"
}

# 1. STARTTLS, before and after the console's own STARTTLS.
script=$(printf '/tls scan\nEHLO client.lab.test\n/starttls\n/tls scan\nNOOP\n/expect 250\nQUIT\n' | t_write scan.script)
run_smtpcon starttls "${common[@]}" --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
[ "$(grep -c '^TLS versions accepted by 127\.0\.0\.1 port [0-9]* (STARTTLS)' "$OUT")" -eq 2 ] ||
	fail "want two scan tables" "$OUT"
check_table "$EXIM_PORT" --starttls-proto=smtp
expect_grep '^ *[0-9.]+ C:~ NOOP' "$OUT" "the console's session did not go on under TLS after the scan"

# 2. Implicit TLS, as the session does.
script=$(printf '/tls scan\nQUIT\n' | t_write scan-implicit.script)
run_smtpcon implicit "${common[@]}" --tls-on-connect --script "$script" "$EXIM_HOST:$EXIM_TLS_PORT"
expect_rc 0
expect_grep '^TLS versions accepted by 127\.0\.0\.1 port [0-9]+ \(implicit TLS\)' "$OUT"
check_table "$EXIM_TLS_PORT"

# 3. Nothing to scan yet.
script=$(printf '/tls scan\n' | t_write scan-none.script)
run_smtpcon none --batch --script "$script"
expect_rc 1
expect_grep '/tls scan needs a server' "$OUT"
pass
