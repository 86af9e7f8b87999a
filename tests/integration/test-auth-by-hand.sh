#!/usr/bin/env bash
# AUTH typed by hand against real Exim 4.96 (issue 15): a learner types "AUTH LOGIN", then base64 lines, as an RFC
# shows it. Each 334 is decoded and explained as the /auth helper's are, with what to type next (true for the
# mechanism and step: the user name, then the password; PLAIN's \0user\0password; CRAM-MD5's digest; * cancels),
# in the transcript and as a JSON diagnosis "auth-challenge" with the decoded challenge; every answer typed is
# masked in the transcript and JSON (the password and every base64 form of it appear nowhere); mistakes a learner
# makes (echo without -n) are said without showing the answer; the hint speaks the user's language.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

# CRAM-MD5 as well (the harness's Exim has PLAIN and LOGIN), as tests/integration/test-wire-auth.sh adds it.
conf=$RUN_DIR/exim/exim.conf
cat >>"$conf" <<CONF

cram:
  driver = cram_md5
  public_name = CRAM-MD5
  server_secret = \${if eq{\$auth1}{$EXIM_USER}{$EXIM_PASSWORD}fail}
  server_set_id = \$auth1
CONF
kill -HUP "$EXIM_PID"
tls=(--tls --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --ehlo client.lab.test --timeout 10)
ready=
for ((i = 0; i < 50; i++)); do
	printf '/ehlo client.lab.test\n' >"$RUN_DIR/probe.script"
	run_smtpcon probe --batch "${tls[@]}" --script "$RUN_DIR/probe.script" "$EXIM_HOST:$EXIM_PORT"
	if grep -q 'AUTH PLAIN LOGIN CRAM-MD5' "$OUT"; then ready=1; break; fi
	sleep 0.2
done
[ -n "$ready" ] || fail "Exim did not offer CRAM-MD5 after the reload" "$OUT" "$EXIM_LOG"

user64=$(printf '%s' "$EXIM_USER" | base64)
pw64=$(printf '%s' "$EXIM_PASSWORD" | base64)
plain64=$(printf '\0%s\0%s' "$EXIM_USER" "$EXIM_PASSWORD" | base64)
# by_hand NAME [OPTIONS...] -- LINES...: the lines typed after STARTTLS, JSON to $OUT, the transcript to NAME.log.
by_hand()
{
	local name=$1 opts=()
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	printf '%s\n' "$@" | t_write "$name.script" >/dev/null
	run_smtpcon "$name" --batch --json --log "$RUN_DIR/$name.log" "${tls[@]}" "${opts[@]}" \
		--script "$RUN_DIR/$name.script" "$EXIM_HOST:$EXIM_PORT"
	expect_json_valid "$OUT"
	local f s
	for f in "$OUT" "$ERR" "$RUN_DIR/$name.log"; do
		for s in "$EXIM_PASSWORD" "$pw64" "$plain64"; do
			! grep -qF -- "$s" "$f" || fail "$name: a secret ($s) appears in $f" "$f"
		done
	done
}

# 1. LOGIN by hand: "Username:" and "Password:" decoded, each with its own next step; both answers masked (the
# user name too: a learner may type the password at the wrong prompt); 235.
by_hand login -- 'AUTH LOGIN' '/expect 334' "$user64" '/expect 334' "$pw64" '/expect 235' 'QUIT'
expect_rc 0
log=$RUN_DIR/login.log
expect_grep '^ *[0-9.]+ >>> info auth-challenge: AUTH LOGIN, server asks: "Username:"$' "$log"
expect_grep '^ +hint: type the user name in base64 \(/answer USER encodes it for you\), or \* to cancel the exchange \(RFC 4954 §4\); after \*, /auth login USER does all of it and masks the password' "$log"
expect_grep '>>> info auth-challenge: AUTH LOGIN, server asks: "Password:"$' "$log"
expect_grep 'hint: type the password in base64 \(/answer PASSWORD encodes it for you\); it is masked in every view' "$log"
expect_grep 'C:~ \*{8}$' "$log"
expect_grep 'C:~ \*{16}$' "$log"
expect_no_grep "$user64" "$log"
expect_json "$OUT" '[.[] | select(.type == "diagnosis" and .id == "auth-challenge")] |
	length == 2 and .[0].severity == "info" and .[0].mech == "LOGIN" and .[0].step == 1 and
	.[0].challenge == "Username:" and .[1].step == 2 and .[1].challenge == "Password:" and
	(.[1].hint | startswith("type the password in base64"))' "the LOGIN challenges are not decoded in JSON"
expect_json "$OUT" '[.[] | select(.type == "sent" and .secret == true)] | length == 2 and
	.[0].data == "********\r\n" and .[1].data == "****************\r\n"' "the typed answers are not masked in JSON"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 235)' "LOGIN typed by hand: no 235"
expect_json "$OUT" 'all(.[]; .type != "reply" or .code != 235 or .command == "****************")' \
	"the reply to the password does not show the masked command"

# 2. PLAIN without an initial response: an empty challenge, and the hint says \0user\0password.
by_hand plain -- 'AUTH PLAIN' '/expect 334' "$plain64" '/expect 235' 'QUIT'
expect_rc 0
expect_grep '>>> info auth-challenge: AUTH PLAIN, server asks: \(empty challenge\)$' "$RUN_DIR/plain.log"
expect_grep 'hint: send base64 of \\0user\\0password in one line, the NUL bytes included and no newline' \
	"$RUN_DIR/plain.log"
expect_json "$OUT" 'any(.[]; .type == "diagnosis" and .id == "auth-challenge" and .mech == "PLAIN" and
	.challenge == "")' "the empty PLAIN challenge is not in JSON"
# ... and with the initial response on the AUTH line: masked after the mechanism, no challenge at all.
by_hand plain-ir -- "AUTH PLAIN $plain64" '/expect 235' 'QUIT'
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "sent" and .secret == true and (.data | test("^AUTH PLAIN \\*+\r\n$")))' \
	"the typed initial response is not masked"
expect_json "$OUT" 'all(.[]; .id != "auth-challenge")' "a challenge was explained where none came"

# 3. A learner's mistake: echo without -n puts a newline in the user name. Said without showing it; then "*"
# cancels (visible: no secret in it) and Exim answers 501.
nl64=$(echo "$EXIM_USER" | base64)
by_hand newline -- 'AUTH LOGIN' '/expect 334' "$nl64" '/expect 334' '*' '/expect 501' 'QUIT'
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "warning" and .id == "answer-newline" and
	(.hint | test("echo -n")))' "an answer ending with a newline was not flagged"
expect_json "$OUT" 'any(.[]; .type == "sent" and .data == "*\r\n" and (.secret | not))' "the cancel was masked"
expect_no_grep "$nl64" "$OUT"
expect_grep 'C:~ \*$' "$RUN_DIR/newline.log"

# 4. CRAM-MD5: the server's one-time challenge shown, and how the answer is made; "*" cancels.
by_hand cram -- 'AUTH CRAM-MD5' '/expect 334' '*' '/expect 501' 'QUIT'
expect_rc 0
expect_grep '>>> info auth-challenge: AUTH CRAM-MD5, server asks: "<[^"]+>" \(the server.s one-time challenge\)$' \
	"$RUN_DIR/cram.log"
expect_grep 'hint: answer base64 of "USER DIGEST", DIGEST being the HMAC-MD5 of this challenge keyed with the password' \
	"$RUN_DIR/cram.log"
expect_json "$OUT" 'any(.[]; .id == "auth-challenge" and .mech == "CRAM-MD5" and (.challenge | test("^<.+>$")))' \
	"the CRAM-MD5 challenge is not in JSON"

# 5. --show-secrets: the answers are shown, decoded, as asked.
by_hand shown --show-secrets -- 'AUTH LOGIN' '/expect 334' "$user64" '/expect 334' '*' '/expect 501' 'QUIT' || true
expect_json "$OUT" 'any(.[]; .type == "info" and .id == "sasl-client" and
	.message == "AUTH LOGIN, client answers: user \"'"$EXIM_USER"'\"")' "--show-secrets does not decode the answer"
expect_json "$OUT" "any(.[]; .type == \"sent\" and .data == \"$user64\\r\\n\")" "--show-secrets still masks"

# 6. In the user's language (the JSON stays English).
by_hand french --lang fr -- 'AUTH LOGIN' '/expect 334' '*' '/expect 501' 'QUIT'
expect_rc 0
expect_grep 'AUTH LOGIN, le serveur demande : "Username:"' "$RUN_DIR/french.log"
expect_grep 'tapez le nom d.utilisateur en base64' "$RUN_DIR/french.log"
expect_json "$OUT" 'any(.[]; .id == "auth-challenge" and (.hint | startswith("type the user name in base64")))' \
	"the JSON hint is not English"
pass "AUTH LOGIN, PLAIN and CRAM-MD5 typed by hand: challenges decoded with the next step, answers masked"
