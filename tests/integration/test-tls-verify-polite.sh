#!/usr/bin/env bash
# Batch: when the certificate does not verify, the session holds for a trust decision that a script cannot make,
# so it ends there, politely: QUIT (the one line that may cross the unverified TLS: it carries nothing), its 221
# awaited, then the close; the exit status stays 3. Real Exim with its self-signed certificate, on the STARTTLS
# port and on the implicit-TLS port; its log shows sessions closed by QUIT, never a lost connection or a TLS
# connection "non-properly terminated". --no-quit keeps the abrupt close.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

# expect_polite NAME: the JSON transcript ends with QUIT (over TLS) and 221, nothing else went over the TLS.
expect_polite()
{
	expect_rc 3
	expect_json_valid "$OUT"
	expect_json "$OUT" 'any(.[]; .type == "error" and .stage == "tls-verify")' "$1: no tls-verify error"
	expect_json "$OUT" '[.[] | select(.type == "sent" and .tls == true) | .data] == ["QUIT\r\n"]' \
		"$1: something other than one QUIT went over the unverified TLS"
	expect_json "$OUT" '[.[] | select(.type == "reply")] | last | .code == 221' "$1: the last reply is not 221"
	expect_json "$OUT" 'any(.[]; .type == "output" and
		.message == "The session stopped here: nothing more was sent but QUIT.")' \
		"$1: the console does not say the session stopped after QUIT"
	expect_json "$OUT" 'all(.[]; (.message // "") | test("/trust") | not)' \
		"$1: a batch run offers /trust, a decision it cannot take"
}

# 1. STARTTLS, the default --from/--to session: nothing after the hold runs but QUIT.
run_smtpcon starttls --batch --json --tls --from alice@lab.test --to bob@lab.test --timeout 10 \
	"127.0.0.1:$EXIM_PORT"
expect_polite starttls
expect_json "$OUT" '[.[] | select(.type == "sent") | .data | split(" ")[0] | sub("\r\n$"; "")] ==
	["EHLO", "STARTTLS", "QUIT"]' \
	"starttls: more than EHLO, STARTTLS and QUIT went out"

# 2. Implicit TLS with a script: the greeting comes over the held TLS, then QUIT; the script's lines never run.
script=$(printf 'EHLO client.lab.test\nMAIL FROM:<alice@lab.test>\n' | t_write implicit.script)
run_smtpcon implicit --batch --json --tls-on-connect --timeout 10 --script "$script" "127.0.0.1:$EXIM_TLS_PORT"
expect_polite implicit
expect_json "$OUT" 'all(.[]; .type != "sent" or (.data | startswith("QUIT")))' "implicit: a script line was sent"

# 3. The text transcript: the last lines on the wire are QUIT and 221.
run_smtpcon text --batch --tls --timeout 10 --script "$script" "127.0.0.1:$EXIM_PORT"
expect_rc 3
grep -E '^ *[0-9.]+ (C|S):' "$OUT" | tail -n 2 >"$RUN_DIR/text.tail"
expect_grep 'C:~ QUIT$' "$RUN_DIR/text.tail" "text: QUIT is not the last line sent"
expect_grep 'S:~ 221 ' "$RUN_DIR/text.tail" "text: 221 is not the last reply"

# Exim: three sessions, each closed by QUIT; nothing lost.
for ((i = 0; i < 50; i++)); do
	[ "$(grep -c 'closed by QUIT' "$EXIM_LOG" || true)" -ge 3 ] && break
	sleep 0.1
done
[ "$(grep -c 'closed by QUIT' "$EXIM_LOG" || true)" -ge 3 ] || fail "not every session ended with QUIT" "$EXIM_LOG"
expect_no_grep 'lost connection|unexpected disconnection|non-properly terminated| lost D=' "$EXIM_LOG" \
	"Exim logged an impolite end"

# 4. --no-quit: the abrupt close that was asked for; the same exit status.
run_smtpcon no-quit --batch --json --tls --no-quit --timeout 10 --script "$script" "127.0.0.1:$EXIM_PORT"
expect_rc 3
expect_json "$OUT" 'all(.[]; .type != "sent" or .tls != true)' "--no-quit: something went over the unverified TLS"
pass "batch: a certificate that does not verify ends the session with QUIT and 221 (exit 3); --no-quit does not"
