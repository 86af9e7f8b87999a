#!/usr/bin/env bash
# The same as test-mime-exim against the private Postfix (which advertises SMTPUTF8 by default): two attachments
# (a PNG, a UTF-8 text file with a non-ASCII name) read back from its Maildir by Python's email package byte for
# byte; the non-ASCII Subject RFC 2047-encoded without SMTPUTF8, raw with it.
set -euo pipefail
. "$(dirname "$0")/lib/postfix.sh"
. "$(dirname "$0")/lib/mime.sh"
t_require_smtpcon
postfix_start
mime_fixtures

mime_send plain no "$POSTFIX_HOST" "$POSTFIX_PORT"
mime_check plain "$POSTFIX_MAILDIR" no

mime_send utf8 yes "$POSTFIX_HOST" "$POSTFIX_PORT"
mime_check utf8 "$POSTFIX_MAILDIR" yes
pass "Postfix: both attachments byte for byte, Subject RFC 2047 without SMTPUTF8 and raw with it"
