#!/usr/bin/env bash
# Messages built like swaks builds them (--header, --body, two --attach: a PNG and a UTF-8 text file with a
# non-ASCII name), delivered to the private Exim, then read back from its Maildir by Python's email package: the
# same parts, byte for byte, under the same names. A non-ASCII Subject arrives as RFC 2047 words without SMTPUTF8
# and as raw UTF-8 with it (Exim advertises SMTPUTF8 here: smtputf8_advertise_hosts).
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
. "$(dirname "$0")/lib/mime.sh"
t_require_smtpcon
EXIM_EXTRA_CONF="smtputf8_advertise_hosts = *"
exim_start
mime_fixtures

mime_send plain no "$EXIM_HOST" "$EXIM_PORT"
expect_json "$OUT" 'any(.[]; .type == "reply" and .code == 250 and any(.lines[]; . == "SMTPUTF8"))' \
	"Exim did not advertise SMTPUTF8 (the harness config)"
mime_check plain "$EXIM_MAILDIR" no

mime_send utf8 yes "$EXIM_HOST" "$EXIM_PORT"
mime_check utf8 "$EXIM_MAILDIR" yes

# --data FILE: the whole message as is, nothing generated or re-encoded (swaks' --data); /data without a file
# sends it.
marker="data-file-$$-$RANDOM"
msg=$(t_write whole.eml <<MSG
From: someone@lab.test
To: bob@lab.test
Subject: as is $marker
X-Odd-Header:   kept   as typed

$marker
MSG
)
script=$(t_write data.script <<'SCRIPT'
/ehlo
/expect 250
MAIL FROM:<sender@lab.test>
/expect 250
RCPT TO:<bob@lab.test>
/expect 250
/data
/expect 250
QUIT
SCRIPT
)
run_smtpcon data --batch --json --ehlo client.lab.test --timeout 10 --data "$msg" --script "$script" \
	"$EXIM_HOST:$EXIM_PORT"
expect_rc 0
f=$(exim_wait_mail "as is $marker") || fail "--data: message not delivered" "$OUT"
grep -qx 'X-Odd-Header:   kept   as typed' "$f" || fail "--data: the file was not sent as is" "$f"
grep -q '^Message-ID:\|^MIME-Version:' "$f" && fail "--data: headers were generated into the file's message" "$f"
pass "Exim: both attachments byte for byte, Subject RFC 2047 without SMTPUTF8 and raw with it; --data as is"
