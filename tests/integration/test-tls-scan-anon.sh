#!/usr/bin/env bash
# /tls scan finds anonymous cipher suites (ANON-DH, ANON-ECDH), which GnuTLS offers only with anonymous
# credentials: they are offered in hand-built ClientHellos, and the server's ServerHello choosing one proves it
# accepted. A real server that accepts two of them besides one authenticated suite (openssl s_server, TLS 1.2 only,
# implicit TLS on loopback: the scan's TLS phase needs no SMTP): both are listed for TLS 1.2, marked as proven by
# the ServerHello, flagged "anonymous" with why, in the text and in the JSON tls_scan event. (The servers without
# anonymous suites, Exim and Postfix, are test-tls-scan-ciphers.sh's: there the lists are exact, with none.)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon
command -v jq >/dev/null || skip_or_fail "jq is not installed"
command -v openssl >/dev/null || skip_or_fail "openssl is not installed"
T_TIMEOUT=120

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$RUN_DIR/key.pem" -out "$RUN_DIR/cert.pem" \
	-subj "/CN=mail.lab.test" -days 2 >"$RUN_DIR/cert.log" 2>&1 || fail "openssl could not make a certificate" "$RUN_DIR/cert.log"
port=$(t_closed_port)
# ADH-AES128-SHA is TLS_DH_anon_WITH_AES_128_CBC_SHA, AECDH-AES256-SHA TLS_ECDH_anon_WITH_AES_256_CBC_SHA.
openssl s_server -accept "127.0.0.1:$port" -cert "$RUN_DIR/cert.pem" -key "$RUN_DIR/key.pem" -tls1_2 \
	-cipher 'ADH-AES128-SHA:AECDH-AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0' -quiet \
	</dev/null >"$RUN_DIR/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for ((i = 0; i < 50; i++)); do
	ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " && break
	sleep 0.1
done

scan=$(printf '/tls scan\n' | t_write scan.script)
run_smtpcon anon --batch --json --timeout 10 --insecure --script "$scan" --tls-on-connect "127.0.0.1:$port"
expect_rc 0
expect_json_valid "$OUT"
JSON=$RUN_DIR/anon.jsonl
mv "$OUT" "$JSON"
OUT=$RUN_DIR/anon.txt
jq -r 'select(.type == "output") | .message' "$JSON" >"$OUT"
jqs() { jq -se "$1" "$JSON" >/dev/null || fail "$2" "$JSON" "$OUT"; }

expect_grep '^  TLS1\.2  accepted ' "$OUT"
expect_grep '^TLS1\.2: offering the [0-9]+ anonymous cipher suites in hand-built ClientHellos' "$OUT" "no progress line"
expect_grep '^TLS1\.2: cipher suites accepted: 3$' "$OUT"
expect_grep '^ +- +TLS_ECDHE_RSA_AES_128_GCM_SHA256$' "$OUT"
expect_grep '^ +- +TLS_DH_ANON_AES_128_CBC_SHA1  WEAK  accepted \(ServerHello\)$' "$OUT"
expect_grep '^ +- +TLS_ECDH_ANON_AES_256_CBC_SHA1  WEAK  accepted \(ServerHello\)$' "$OUT"
expect_grep '^  TLS1\.2 TLS_DH_ANON_AES_128_CBC_SHA1 +anonymous key exchange: the server is not authenticated' "$OUT"
expect_grep '^  TLS1\.2 TLS_ECDH_ANON_AES_256_CBC_SHA1 +anonymous key exchange: the server is not authenticated' "$OUT"
expect_grep 'anonymous suites are offered in hand-built ClientHellos' "$OUT"
jqs 'any(.[]; .type == "tls_scan" and .version == "TLS1.2"
	and (.ciphers | sort) == ["TLS_DH_ANON_AES_128_CBC_SHA1", "TLS_ECDHE_RSA_AES_128_GCM_SHA256", "TLS_ECDH_ANON_AES_256_CBC_SHA1"]
	and (.hello_only | sort) == ["TLS_DH_ANON_AES_128_CBC_SHA1", "TLS_ECDH_ANON_AES_256_CBC_SHA1"])' \
	"JSON: the TLS 1.2 event does not list the two anonymous suites as proven by the ServerHello"
jqs 'any(.[]; .type == "tls_scan" and .version == "TLS1.2"
	and ([.weak[] | select(.id == "anonymous") | .name] | sort) == ["TLS_DH_ANON_AES_128_CBC_SHA1", "TLS_ECDH_ANON_AES_256_CBC_SHA1"]
	and all(.weak[] | select(.id == "anonymous"); .why | test("not authenticated")))' \
	"JSON: the anonymous suites are not flagged anonymous with why"
jqs 'all(.[]; .type != "tls_scan" or .version == "TLS1.2" or (.accepted == false and .ciphers == [] and .hello_only == []))' \
	"a version other than 1.2 has suites"
pass
