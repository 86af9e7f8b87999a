#!/usr/bin/env bash
# Practice lab, scenario implicit (port 465 style): TLS from the first byte, the greeting inside TLS, AUTH offered
# at once and no STARTTLS. A plaintext client gets no greeting (the console's plaintext-on-tls-port diagnosis,
# exit 3), and a plaintext command gets a TLS alert. Checked with the console (--lab=implicit, and against
# --serve-lab=implicit) and with swaks --tls-on-connect.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

# 1. --lab=implicit: the console connects with TLS at once and runs a whole session inside it.
script=$(t_write implicit.script <<'EOF'
EHLO me.example
/expect 250
/auth login student
/expect 235
MAIL FROM:<student@lab.test>
/expect 250
RCPT TO:<friend@example.com>
/expect 250
/data
/expect 250
QUIT
/mailbox 1
EOF
)
SMTPCON_PASSWORD=practice run_smtpcon console --batch --json --lab=implicit --timeout 10 --script "$script"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" '[.[] | select(.type == "expect" and .ok == false)] | length == 0' "an /expect failed"
expect_json "$OUT" '(map(.type) | index("tls")) < (map(.type) | index("received"))' \
	"the TLS handshake did not come before the first byte from the server"
expect_json "$OUT" 'all(.[] | select(.type == "received" or .type == "sent"); .tls == true)' \
	"a byte travelled outside TLS on the implicit-TLS lab"
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == true)' "the certificate was not verified"
expect_json "$OUT" 'any(.[]; .type == "caps" and any(.caps[]; .name == "AUTH")
	and (any(.caps[]; .name == "STARTTLS") | not))' "AUTH not offered at once, or STARTTLS offered inside TLS"
expect_json "$OUT" 'any(.[]; .type == "output" and (.message | test("using TLS")) and (.message | test("ESMTPSA")))' \
	"the stored message does not record TLS and AUTH"

# 2. The lab served alone on a known port, to make the classic mistake: plaintext on the TLS port.
t_serve_lab implicit
expect_grep 'TLS from the first byte' "$LAB_OUT" "--serve-lab=implicit does not say it is implicit TLS"
expect_grep "try +smtpcon --tls-on-connect 127\.0\.0\.1:$LAB_PORT" "$LAB_OUT" "no --tls-on-connect in the suggested command"

# 2a. Plaintext, waiting for the greeting: nothing comes; the console says why, and gives up (exit 3).
run_smtpcon plain-wait --batch --json --timeout 5 --script "$(t_write q.script <<<'QUIT')" "127.0.0.1:$LAB_PORT"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "received") | not' "a plaintext client received something from the TLS port"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "plaintext-on-tls-port"
	and (.hint | test("--tls-on-connect")))' "no plaintext-on-tls-port diagnosis"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "timeout")' "no timeout error"

# 2b. Plaintext, talking first: the server's TLS answers the EHLO with an alert record and hangs up.
run_smtpcon plain-talk --batch --json --no-wait --timeout 5 --script "$(t_write e.script <<<'EHLO me.example')" \
	"127.0.0.1:$LAB_PORT"
expect_rc 3
expect_json "$OUT" 'any(.[]; .type == "received" and (.data | startswith("\u0015\u0003")))' \
	"the EHLO was not answered by a TLS alert record"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "plaintext-on-tls-port")' \
	"the TLS alert to a plaintext command is not diagnosed"

# 2c. Done right against the same server: /connect ... tls, with the lab's CA.
run_smtpcon tls --batch --json --tls-ca-path "$LAB_CA" --tls-sni mail.lab.test --timeout 10 \
	--script "$(t_write c.script <<EOF
/connect 127.0.0.1:$LAB_PORT tls
EHLO me.example
/expect 250
QUIT
/expect 221
EOF
)"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == true)' "/connect ... tls did not verify the lab"
expect_grep 'TLS handshake failed' "$LAB_ERR" "the lab's log does not note the plaintext clients' failed handshakes"
# ... and names each plaintext client's mistake: silent (waiting for a greeting), or talking plain SMTP.
expect_grep 'client mistake \(no-clienthello\): the client has sent nothing for 4 s' "$LAB_ERR" \
	"the lab does not diagnose a client that waits for a greeting on the implicit-TLS port"
expect_grep 'client mistake \(plain-on-tls-port\)' "$LAB_ERR" \
	"the lab does not diagnose plain SMTP on the implicit-TLS port"

# 3. swaks, an independent client.
if ! command -v swaks >/dev/null; then
	skip_or_fail "swaks is not installed (the console checks above passed)"
fi
timeout 30 swaks --server "127.0.0.1:$LAB_PORT" --tls-on-connect --tls-verify --tls-ca-path "$LAB_CA" \
	--tls-sni mail.lab.test --ehlo swaks.example --auth LOGIN --auth-user student --auth-password practice \
	--from student@lab.test --to friend@example.com >"$RUN_DIR/swaks.out" 2>&1 ||
	fail "swaks --tls-on-connect could not send" "$RUN_DIR/swaks.out"
expect_grep '^<~ +220 mail\.lab\.test' "$RUN_DIR/swaks.out" "swaks did not get the greeting inside TLS"
expect_grep '^<~ +250 2\.0\.0 Ok: queued as' "$RUN_DIR/swaks.out"

kill -TERM "$LAB_PID"
rc=0
wait "$LAB_PID" || rc=$?
[ "$rc" -eq 0 ] || fail "--serve-lab exited $rc after SIGTERM" "$LAB_ERR"
expect_no_grep 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LAB_ERR" "sanitizer report from --serve-lab"
pass
