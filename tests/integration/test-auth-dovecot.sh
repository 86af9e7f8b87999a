#!/usr/bin/env bash
# Every AUTH mechanism Debian 12's Dovecot 2.3 serves (PLAIN, LOGIN, CRAM-MD5, DIGEST-MD5, SCRAM-SHA-1,
# SCRAM-SHA-256), spoken through GNU SASL against Dovecot's own server side (as the private Postfix's SASL
# service): each accepted (235), each message both ways shown decoded in the JSON events and the text
# transcript (SCRAM's nonces, salt and iteration count in words), a wrong password rejected (535), /auth auto
# choosing SCRAM-SHA-256, and neither the password nor any base64 form of it anywhere in the output.
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"
t_require_smtpcon
POSTFIX_SASL=dovecot postfix_start

tls=(--tls --tls-ca-path "$POSTFIX_CERT" --tls-sni "$POSTFIX_NAME" --ehlo client.lab.test --timeout 10)
pw=$DOVECOT_PASSWORD
# The password, the PLAIN message and the password alone in base64 (LOGIN's answer), none may appear.
secrets=("$pw" "$(printf '\0%s\0%s' "$DOVECOT_USER" "$pw" | base64)" "$(printf '%s' "$pw" | base64)")
no_secret()
{
	local f s
	for f in "$@"; do
		for s in "${secrets[@]}"; do
			! grep -qF -- "$s" "$f" || fail "a secret ($s) appears in $f" "$f"
		done
	done
}

# auth NAME PASSWORD MECH EXPECT: /auth MECH, JSON events to $OUT, the text transcript to $RUN_DIR/NAME.log.
auth()
{
	local name=$1 secret=$2 mech=$3 want=$4
	printf '/auth %s %s\n/expect %s\n/quit\n' "$mech" "$DOVECOT_USER" "$want" | t_write "$name.script" >/dev/null
	SMTPCON_PASSWORD=$secret run_smtpcon "$name" --batch --json --log "$RUN_DIR/$name.log" "${tls[@]}" \
		--script "$RUN_DIR/$name.script" "$POSTFIX_HOST:$POSTFIX_PORT"
	expect_json_valid "$OUT"
	no_secret "$OUT" "$ERR" "$RUN_DIR/$name.log"
}

# Every mechanism Dovecot offers, accepted, each step shown decoded.
expect_caps=0
for m in $DOVECOT_MECHS; do
	name=$(printf '%s' "$m" | tr 'A-Z' 'a-z')
	auth "$name" "$pw" "$name" 235
	expect_rc 0
	if [ $expect_caps = 0 ]; then
		expect_json "$OUT" "any(.[]; .type == \"caps\" and .phase == \"tls\" and
			any(.caps[]; .name == \"AUTH\" and .params == \"$DOVECOT_MECHS\"))" \
			"Postfix does not offer Dovecot's mechanisms"
		expect_caps=1
	fi
	expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 235)' "$m: no 235"
	expect_json "$OUT" "any(.[]; .type == \"info\" and .id == \"sasl-client\" and
		(.message | startswith(\"AUTH $m, client answers: \")))" "$m: the client's message is not shown decoded"
done

# What a user reads: LOGIN's prompts, CRAM-MD5's challenge, DIGEST-MD5's fields with the response masked.
expect_grep '--- AUTH LOGIN, server asks: "Username:"' "$RUN_DIR/login.log"
expect_grep '--- AUTH LOGIN, client answers: password \*\*\*\*\*\*\*\*' "$RUN_DIR/login.log"
expect_grep '--- AUTH CRAM-MD5, client answers: user "alice", HMAC-MD5 of the challenge keyed with the password \*{8}' \
	"$RUN_DIR/cram-md5.log"
expect_grep 'AUTH DIGEST-MD5, client answers: username="alice", .*response=\*{8}, ' "$RUN_DIR/digest-md5.log"
expect_grep 'AUTH DIGEST-MD5, server asks: rspauth=' "$RUN_DIR/digest-md5.log"
# SCRAM explained: the client's nonce, the server's nonce, salt and iteration count, the proof masked, the
# server's signature checked.
for m in scram-sha-1 scram-sha-256; do
	log=$RUN_DIR/$m.log
	expect_grep 'client answers: client-first: GS2 header n \(no channel binding\); user n="alice"; client nonce r=".+" \([0-9]+ random characters' "$log"
	expect_grep 'server asks: server-first: nonce r=".+" \(the client.s nonce with the server.s own random part appended\); salt s="[^"]+" \([0-9]+ bytes, base64.*iteration count i=[0-9]+ \(the password is hashed that many times' "$log"
	expect_grep 'client answers: client-final: channel binding c="biws" .*ClientProof p=\*{8}' "$log"
	expect_grep 'server asks: server-final: ServerSignature v=".+" \(the server.s proof that it knows the password too; checked by GNU SASL\)' "$log"
	expect_grep 'client answers: \(empty answer\)' "$log"
done

# /auth auto takes the strongest Dovecot offers: SCRAM-SHA-256 (no -PLUS in Dovecot 2.3).
auth auto "$pw" auto 235
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "sent" and (.data | startswith("AUTH SCRAM-SHA-256 ")))' "auto did not pick SCRAM-SHA-256"

# --auth-mech (a swaks-style list) in the default session: the first one offered.
SMTPCON_PASSWORD=$pw run_smtpcon auth-mech --batch --json "${tls[@]}" --auth-user "$DOVECOT_USER" \
	--auth-mech ntlm,digest-md5,plain "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 1
expect_grep 'knows scram-sha-256-plus' "$OUT"
SMTPCON_PASSWORD=$pw run_smtpcon auth-mech --batch --json "${tls[@]}" --auth-user "$DOVECOT_USER" \
	--auth-mech xoauth2,digest-md5,plain "$POSTFIX_HOST:$POSTFIX_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "sent" and .data == "AUTH DIGEST-MD5\r\n")' "--auth-mech: not the first offered"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 235)' "--auth-mech: no 235"
no_secret "$OUT" "$ERR"

# A wrong password: SCRAM-SHA-256 and PLAIN rejected with 535, and the run fails.
auth wrong-scram not-the-password scram-sha-256 535
expect_rc 0
expect_json "$OUT" 'all(.[]; .type != "reply" or .code != 235)' "a wrong SCRAM password was accepted"
auth wrong-plain not-the-password plain 235
expect_rc 1
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 535)' "a wrong PLAIN password: no 535"
pass "PLAIN, LOGIN, CRAM-MD5, DIGEST-MD5, SCRAM-SHA-1, SCRAM-SHA-256 against Dovecot (via Postfix)"
