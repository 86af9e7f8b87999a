#!/usr/bin/env bash
# /mx against a private DNSSEC-signed DNS (nsd on 127.0.0.1, zones signed by the test with ldns-signzone, see
# lib/dnssec.sh): each answer is marked as a validating sender sees it. signed.test validates from the test trust
# anchor (secure); plain.test is not signed and has no anchor above it (insecure: DNSSEC says nothing, and DANE
# would not apply); expired.test is signed with signatures that expired in 2020 (bogus, with the validator's
# reason: a validating sender defers mail there). TLSA records are asked only where the MX and address answers
# were secure (RFC 7672 §2.2.2).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/daemon.sh"
. "$(dirname "$0")/lib/dnssec.sh"
t_require_smtpcon

dnssec_zone signed.test signed <<'ZONE'
@ IN MX 10 mx1
mx1 IN A 127.0.0.1
_25._tcp.mx1 IN TLSA 3 1 1 0000000000000000000000000000000000000000000000000000000000000000
ZONE
dnssec_zone plain.test unsigned <<'ZONE'
@ IN MX 10 mx1
mx1 IN A 127.0.0.1
ZONE
dnssec_zone expired.test expired <<'ZONE'
@ IN MX 10 mx1
mx1 IN A 127.0.0.1
ZONE
dnssec_start

script=$(t_write lookups.script <<'EOF2'
/mx signed.test -
/mx plain.test -
/mx expired.test -
EOF2
)
run_smtpcon lookups --batch --json --timeout 10 --script "$script"
expect_json_valid "$OUT"
# Every message that names the domain (for a failure: the error, then the DNSSEC chain as output).
msg() { jq -rs --arg d "$1" '.[] | select(.message? // "" | test($d)) | .message' "$OUT"; }
signed=$(msg 'signed\.test')
plain=$(msg 'plain\.test')
expired=$(msg 'expired\.test')
printf '%s\n---\n%s\n---\n%s\n' "$signed" "$plain" "$expired" >"$RUN_DIR/messages.txt"
# signed.test: the MX and address answers secure, validated from the test trust anchor.
grep -Eq "validating from the test trust anchor" <<<"$signed" || fail "the test trust anchor is not named" "$RUN_DIR/messages.txt"
grep -Eq "^ *MX +signed\.test +secure" <<<"$signed" || fail "signed.test's MX is not secure" "$RUN_DIR/messages.txt"
grep -Eq "^ *A/AAAA +mx1\.signed\.test +secure" <<<"$signed" || fail "mx1.signed.test's address is not secure" "$RUN_DIR/messages.txt"
grep -Eq "10  mx1\.signed\.test  127\.0\.0\.1" <<<"$signed" || fail "signed.test's MX host is not listed" "$RUN_DIR/messages.txt"
# plain.test: insecure, and still listed (an unsigned domain receives mail like any other).
grep -Eq "^ *MX +plain\.test +insecure" <<<"$plain" || fail "plain.test's MX is not insecure" "$RUN_DIR/messages.txt"
grep -Eq "10  mx1\.plain\.test  127\.0\.0\.1" <<<"$plain" || fail "plain.test's MX host is not listed" "$RUN_DIR/messages.txt"
# expired.test: bogus, with the validator's reason (an expired signature).
grep -Eq "^ *MX +expired\.test +bogus \(.*signature expired.*while building chain of trust\)" <<<"$expired" ||
	fail "expired.test's MX is not bogus with the whole reason" "$RUN_DIR/messages.txt"
jq -se 'any(.[]; .type == "error" and (.message | test("expired\\.test failed: the MX answer is bogus.*a validating sender defers")))' \
	"$OUT" >/dev/null || fail "expired.test's bogus answer is not an error saying senders defer" "$OUT"
# Looking at a bogus domain is a failure (exit 3): mail to it would not be delivered.
run_smtpcon bogus-look --batch --timeout 10 --script "$(printf '/mx expired.test -\n' | t_write bogus.script)"
expect_rc 3
# The report in the user's language (French here): the listing, the chain header and the bogus failure, with
# the DNS words (MX, secure, bogus) and names as they are; the JSON of the same run stays English.
run_smtpcon lookups-fr --batch --lang fr --timeout 10 --script "$script"
for want in 'enregistrements MX de signed\.test, préférence la plus basse' \
	'DNSSEC, validation à partir de l.ancre de confiance de test' 'MX +signed\.test +secure' \
	'la résolution MX de expired\.test a échoué : la réponse MX est bogus' \
	'Redemandée sans validation .*: mx1\.expired\.test'; do
	grep -Eq "$want" "$OUT" || fail "the French report lacks /$want/" "$OUT"
done
! grep -Eq 'lowest preference first|validating from|the MX answer is bogus' "$OUT" || fail "English left in the French report" "$OUT"
run_smtpcon lookups-fr-json --batch --json --lang fr --timeout 10 --script "$script"
jq -se 'any(.[]; .type == "error" and (.message | test("the MX answer is bogus")))' "$OUT" >/dev/null ||
	fail "the JSON error is not English under --lang fr" "$OUT"
pass
