#!/usr/bin/env bash
# AUTH mechanisms against real Exim 4.96: CRAM-MD5 (RFC 2195) right and wrong, XOAUTH2 and OAUTHBEARER (checked
# by Exim plaintext authenticators that expect the exact "user=...\1auth=Bearer ...\1\1" and
# "n,a=...,\1auth=Bearer ...\1\1" strings: Debian's light Exim has no OAuth authenticator), and /auth raw with
# /answer for LOGIN and PLAIN, challenges shown decoded. No secret ever appears in the output.
# The harness's Exim has PLAIN and LOGIN; this test adds two authenticators to its config and reloads it (HUP).
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

conf=$RUN_DIR/exim/exim.conf
token="ya29.test-token-$RANDOM"
cat >>"$conf" <<CONF

cram:
  driver = cram_md5
  public_name = CRAM-MD5
  server_secret = \${if eq{\$auth1}{$EXIM_USER}{$EXIM_PASSWORD}fail}
  server_set_id = \$auth1

xoauth2:
  driver = plaintext
  public_name = XOAUTH2
  server_condition = \${if eq{\$auth1}{user=$EXIM_USER\\x01auth=Bearer $token\\x01\\x01}}
  server_set_id = $EXIM_USER

oauthbearer:
  driver = plaintext
  public_name = OAUTHBEARER
  server_condition = \${if eq{\$auth1}{n,a=$EXIM_USER,\\x01auth=Bearer $token\\x01\\x01}}
  server_set_id = $EXIM_USER
CONF
kill -HUP "$EXIM_PID"
tls=(--tls --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --timeout 10)
ready=
for ((i = 0; i < 50; i++)); do
	printf '/ehlo client.lab.test\n' >"$RUN_DIR/probe.script"
	run_smtpcon probe --batch "${tls[@]}" --script "$RUN_DIR/probe.script" "$EXIM_HOST:$EXIM_PORT"
	if grep -q 'AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER' "$OUT"; then ready=1; break; fi
	sleep 0.2
done
[ -n "$ready" ] || fail "Exim did not offer CRAM-MD5, XOAUTH2 and OAUTHBEARER after the reload" "$OUT" "$EXIM_LOG"

# auth NAME SECRET SCRIPT-LINES...: run the lines after STARTTLS with SECRET as the password.
auth()
{
	local name=$1 secret=$2
	shift 2
	printf '%s\n' "$@" | t_write "$name.script" >/dev/null
	SMTPCON_PASSWORD=$secret run_smtpcon "$name" --batch --json "${tls[@]}" --script "$RUN_DIR/$name.script" \
		"$EXIM_HOST:$EXIM_PORT"
	expect_json_valid "$OUT"
	# Neither the secret nor its base64 forms may appear anywhere in the output.
	! grep -qF -- "$EXIM_PASSWORD" "$OUT" || fail "$name: the password appears in the output" "$OUT"
	! grep -qF -- "$token" "$OUT" || fail "$name: the token appears in the output" "$OUT"
}

auth cram "$EXIM_PASSWORD" "/auth cram-md5 $EXIM_USER" "/expect 235" "/quit"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 334 and .command == "AUTH CRAM-MD5")' "no CRAM-MD5 challenge"
expect_json "$OUT" 'any(.[]; .type == "sent" and .secret == true)' "the CRAM-MD5 answer was not marked secret"

auth cram-wrong "not-the-password" "/auth cram-md5 $EXIM_USER" "/expect 535" "/quit"
expect_rc 0

auth xoauth2 "$token" "/auth xoauth2 $EXIM_USER" "/expect 235" "/quit"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "sent" and .secret == true and (.data | startswith("AUTH XOAUTH2 *")))' \
	"the XOAUTH2 initial response was not masked"

# OAUTHBEARER (RFC 7628; not in libgsasl 2.2, built by smtpcon): the GS2 header names the user, the token masked
# on the wire and in the decoded text; a wrong token gets the server's 334 error, answered with ^A, then 535.
auth oauthbearer "$token" "/auth oauthbearer $EXIM_USER" "/expect 235" "/quit"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "sent" and .secret == true and (.data | startswith("AUTH OAUTHBEARER *")))' \
	"the OAUTHBEARER initial response was not masked"
expect_json "$OUT" 'any(.[]; .type == "info" and .id == "sasl-client" and
	.message == "AUTH OAUTHBEARER, client answers: \"n,a=alice,\\x01auth=Bearer \" token ********")' \
	"the OAUTHBEARER message is not shown decoded with the token masked"

auth raw-login "" "/auth raw LOGIN" "/answer $EXIM_USER" "/answer $EXIM_PASSWORD" "/expect 235" "/quit"
expect_rc 0
# Each challenge decoded by the session, with what to answer (core/session-auth-hand.c, as for AUTH typed).
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "auth-challenge" and .challenge == "Username:" and
	.message == "AUTH LOGIN, server asks: \"Username:\"" and (.hint | test("/answer USER")))' \
	"the LOGIN challenge was not shown decoded"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "auth-challenge" and .challenge == "Password:")' \
	"the Password: challenge was not shown decoded"
expect_json "$OUT" '[.[] | select(.type == "sent" and .secret == true)] | length == 2' \
	"the /answer lines are not both masked"

auth raw-plain "" '/auth raw PLAIN' "/answer \"\\0$EXIM_USER\\0$EXIM_PASSWORD\"" "/expect 235" "/quit"
expect_rc 0

# A cancelled exchange: "*" gets 501.
auth raw-cancel "" '/auth raw LOGIN' '/answer *' '/expect 501' '/quit'
expect_rc 0
pass "CRAM-MD5, XOAUTH2 and hand-answered LOGIN/PLAIN against Exim"
