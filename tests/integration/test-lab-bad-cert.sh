#!/usr/bin/env bash
# Practice lab, scenario bad-cert: the handshake works but the certificate is expired and for the wrong name.
# With the lab CA trusted, verification fails for exactly those two reasons; the console stops (exit 3) before
# sending anything inside the unverified TLS; --insecure goes on (the failure still shown). swaks, as an
# independent client, refuses it with --tls-verify too.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

script=$(t_write bad-cert.script <<'EOF'
EHLO me.example
/starttls
MAIL FROM:<student@lab.test>
QUIT
EOF
)
run_smtpcon verify --batch --json --lab=bad-cert --timeout 10 --script "$script"
expect_rc 3
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and .insecure == false
	and ([.reasons[].id] | sort) == ["expired", "hostname-mismatch"])' \
	"verification should fail for exactly: expired, hostname-mismatch"
expect_json "$OUT" 'any(.[]; .type == "tls" and (.peer.subject | test("CN=wrong-name.invalid"))
	and (.peer.not_after < (now | todate)))' "the certificate is not the expired wrong-name one"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "tls-verify")' "no tls-verify error"
expect_json "$OUT" '[.[] | select(.type == "sent" and .tls == true) | .data] == ["QUIT\r\n"]' \
	"something but the closing QUIT was sent inside the unverified TLS"
run_smtpcon verify-text --batch --lab=bad-cert --timeout 10 --script "$script"
expect_rc 3
expect_grep 'certificate NOT verified for mail\.lab\.test: expired, hostname-mismatch' "$OUT"
expect_grep 'expired [0-9]+ days ago' "$OUT" "the expiry is not explained"
expect_grep 'it holds DNS:wrong-name\.invalid' "$OUT" "the name mismatch is not explained"
# A script cannot answer the hold: the text says the session ends, and does not offer /trust (never run).
expect_grep 'tls-verify.*the session ends here' "$OUT" "batch does not say the session ends at the hold"
expect_no_grep '/trust' "$OUT" "batch offers /trust, which a script can never reach"

# --insecure: the same failure is reported, and the session goes on inside TLS.
run_smtpcon insecure --batch --json --lab=bad-cert --insecure --timeout 10 --script "$(t_write insecure.script <<'EOF'
EHLO me.example
/starttls
NOOP
/expect 250
QUIT
/expect 221
EOF
)"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == false and .insecure == true
	and any(.reasons[]; .id == "expired"))' "--insecure hides the verification failure"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 221 and .command == "QUIT")' "--insecure did not go on"

# swaks against the lab served alone: verification fails, and without verification it gets through.
if ! command -v swaks >/dev/null; then
	skip_or_fail "swaks is not installed (the console checks above passed)"
fi
t_serve_lab bad-cert
expect_grep '^  certificate expired, for the wrong name' "$LAB_OUT" "--serve-lab does not warn about its certificate"
rc=0
timeout 30 swaks --server "127.0.0.1:$LAB_PORT" --tls --tls-verify --tls-ca-path "$LAB_CA" --tls-sni mail.lab.test \
	--quit-after EHLO >"$RUN_DIR/swaks-verify.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "swaks accepted the bad certificate" "$RUN_DIR/swaks-verify.out"
timeout 30 swaks --server "127.0.0.1:$LAB_PORT" --tls --quit-after EHLO >"$RUN_DIR/swaks-noverify.out" 2>&1 ||
	fail "swaks without verification could not start TLS" "$RUN_DIR/swaks-noverify.out"
expect_grep 'TLS started' "$RUN_DIR/swaks-noverify.out"
kill -TERM "$LAB_PID"
rc=0
wait "$LAB_PID" || rc=$?
[ "$rc" -eq 0 ] || fail "--serve-lab exited $rc after SIGTERM" "$LAB_ERR"
expect_no_grep 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LAB_ERR" "sanitizer report from --serve-lab"
pass
