#!/usr/bin/env bash
# AUTH before TLS is not sent, as Exim does not advertise it (with --force it is, and Exim says 503), and after
# TLS it is accepted (235), with PLAIN and LOGIN, the password from SMTPCON_PASSWORD or --auth-password-file, and
# never shown in the output.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

tls_args=(--tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --ehlo client.lab.test --timeout 10)
b64=$(printf '\0%s\0%s' "$EXIM_USER" "$EXIM_PASSWORD" | base64)
no_secret()
{
	local f
	for f in "$@"; do
		! grep -qF -- "$EXIM_PASSWORD" "$f" || fail "the password appears in $f" "$f"
		! grep -qF -- "$b64" "$f" || fail "the base64 AUTH PLAIN secret appears in $f" "$f"
	done
}

# 1. Before TLS: Exim offers AUTH only inside TLS. /auth refuses (like swaks: "Host did not advertise
# authentication"): no AUTH line, the reason and the STARTTLS fix, exit 1, and the session ends with QUIT.
script=$(printf 'EHLO client.lab.test\n/expect 250\n/auth plain %s\nQUIT\n' "$EXIM_USER" | t_write plain-text.script)
SMTPCON_PASSWORD=$EXIM_PASSWORD run_smtpcon before-tls --batch --json "${tls_args[@]}" --script "$script" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 1
expect_json "$OUT" 'all(.[]; .type != "sent" or (.data | startswith("AUTH") | not))' "AUTH was sent before TLS"
expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "auth" and
	.message == "AUTH not sent: the server does not offer AUTH on this plaintext connection" and
	(.hint | test("run /starttls first")))' "the refusal does not give the reason and the STARTTLS fix"
expect_json "$OUT" '[.[] | select(.type == "sent")] | last | .data == "QUIT\r\n"' "the refused run did not end with QUIT"
no_secret "$OUT" "$ERR"
# The default session of --auth-user without --tls is refused the same way.
SMTPCON_PASSWORD=$EXIM_PASSWORD run_smtpcon before-tls-default --batch "${tls_args[@]}" --auth-user "$EXIM_USER" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 1
expect_grep 'error \(auth\): AUTH not sent: the server does not offer AUTH on this plaintext connection' "$OUT"
expect_no_grep 'C: AUTH' "$OUT"
# /auth --force sends it anyway (to reproduce a client bug): Exim answers 503, as it logs "not advertised".
script=$(printf 'EHLO client.lab.test\n/auth --force plain %s\n/expect 503\nQUIT\n' "$EXIM_USER" |
	t_write force.script)
SMTPCON_PASSWORD=$EXIM_PASSWORD run_smtpcon before-tls-force --batch --json "${tls_args[@]}" --script "$script" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "warning" and .id == "auth-not-offered")' "--force sent without the warning"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 503 and (.command | startswith("AUTH PLAIN")))' \
	"AUTH before TLS with --force: no 503"
expect_json "$OUT" 'all(.[]; .type != "reply" or .code != 235)' "AUTH before TLS accepted"
no_secret "$OUT" "$ERR"

# 2. After STARTTLS, AUTH PLAIN with the password from the environment.
script=$(printf '/auth plain %s\n/expect 235\nQUIT\n/expect 221\n' "$EXIM_USER" | t_write plain.script)
SMTPCON_PASSWORD=$EXIM_PASSWORD run_smtpcon plain --batch --json --log "$RUN_DIR/plain.log" --tls "${tls_args[@]}" \
	--script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 235)' "AUTH PLAIN after TLS: no 235"
expect_json "$OUT" 'any(.[]; .type == "sent" and .tls == true and .secret == true)' "AUTH PLAIN: no secret-marked sent event"
no_secret "$OUT" "$ERR" "$RUN_DIR/plain.log"

# 3. AUTH LOGIN, password from --auth-password-file.
printf '%s\n' "$EXIM_PASSWORD" >"$RUN_DIR/password"
chmod 600 "$RUN_DIR/password"
script=$(printf '/auth login %s\n/expect 235\nQUIT\n' "$EXIM_USER" | t_write login.script)
run_smtpcon login --batch --json --tls "${tls_args[@]}" --auth-password-file "$RUN_DIR/password" \
	--script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 334)' "AUTH LOGIN: no 334 challenge"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 235)' "AUTH LOGIN after TLS: no 235"
no_secret "$OUT" "$ERR"

# 4. A wrong password: 535, and the failed /expect makes the exit status 1.
SMTPCON_PASSWORD=not-the-password run_smtpcon wrong --batch --json --tls "${tls_args[@]}" --script "$script" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 1
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 535)' "wrong password: no 535"

# 5. The default session (no script) authenticates when --auth-user is given.
SMTPCON_PASSWORD=$EXIM_PASSWORD run_smtpcon default --batch --json --tls "${tls_args[@]}" --auth-user "$EXIM_USER" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 235)' "default session with --auth-user: no 235"
no_secret "$OUT" "$ERR"
pass
