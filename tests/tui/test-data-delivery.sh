#!/bin/bash
# A DATA walk-through in the TUI against the real Exim: after 354 the message editor opens pre-filled with
# headers; a lone "." sends it (dot-stuffing shown in the wire pane); the message is then found on disk.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
tui_require
exim_start

tui_start --timeout 10 "$EXIM_HOST:$EXIM_PORT"
tui_wait "220 Service ready"
tui_type "EHLO client.lab.test"
tui_wait "250 HELP"
tui_type "MAIL FROM:<sender@lab.test>"
tui_wait "│ mail │"
tui_type "RCPT TO:<rcpt@lab.test>"
tui_wait "│ rcpt │"
tui_type "DATA"
tui_wait "354"
tui_wait "Message-ID: <"
tui_wait "From: sender@lab.test"
tui_wait "To: rcpt@lab.test"
subject=$(tui_screen | grep -o 'Subject: smtpcon test [0-9.]*' | head -1 | sed 's/^Subject: //')
[ -n "$subject" ] || fail "no Subject header in the editor" "$RUN_DIR/screen.txt"

tui_type "Hello from the TUI test."
tui_type ".a line that starts with a dot"
tui_type "."
tui_wait "..a line that starts with a dot"
tui_wait "250 "
tui_wait "│ ready │"
path=$(exim_wait_mail "$subject" 20) || fail "message not delivered: $subject" "$EXIM_LOG"
grep -q "^Hello from the TUI test." "$path" || fail "body missing" "$path"
grep -q "^\.a line that starts with a dot" "$path" || fail "dot-stuffing not undone by the server" "$path"
# The editor opens on the body's first line, below the blank line that ends the headers: the mail keeps it.
blank_before() { awk -v want="$2" '/^$/ && !b { b = NR } index($0, want) == 1 { exit !(b && b < NR) }' "$1"; }
blank_before "$path" "Hello from the TUI test." || fail "no blank line between the headers and the body" "$path"

# /data alone: DATA, then the editor; C-d sends.
tui_type "MAIL FROM:<sender@lab.test>"
tui_wait "│ mail │"
tui_type "RCPT TO:<rcpt@lab.test>"
tui_wait "│ rcpt │"
tui_type "/data"
tui_wait "Message-ID: <"
subject2=$(tui_screen | grep -o 'Subject: smtpcon test [0-9.]*' | tail -1 | sed 's/^Subject: //')
[ -n "$subject2" ] && [ "$subject2" != "$subject" ] || fail "no new Subject in the editor" "$RUN_DIR/screen.txt"
# A learner who goes up onto the blank separator and types there: the separator is put back on sending.
tui_keys Up
tui_type "Second message, typed over the blank line, sent with C-d."
tui_keys C-d
# The footer says how it ended, with Exim's queue id ("250 OK id=..."), not merely that it was sent.
tui_wait "message accepted (250"
tui_wait ", queued as "
path2=$(exim_wait_mail "$subject2" 20) || fail "second message not delivered: $subject2" "$EXIM_LOG"
blank_before "$path2" "Second message, typed over" || fail "the separator typed over was not put back" "$path2"

# /data FILE streams a file with a progress bar (slowed down with /chunk and /delay so the bar is seen).
subject3="smtpcon tui file $$-$RANDOM"
{
	printf 'From: sender@lab.test\nTo: rcpt@lab.test\nSubject: %s\n\n' "$subject3"
	for ((i = 0; i < 20000; i++)); do printf 'line %06d of a file streamed by the TUI test .....................\n' "$i"; done
} >"$RUN_DIR/big.eml"
tui_type "/chunk 32768"
tui_type "/delay 40"
tui_type "MAIL FROM:<sender@lab.test>"
tui_wait "│ mail │"
tui_type "RCPT TO:<rcpt@lab.test>"
tui_wait "│ rcpt │"
tui_type "/data $RUN_DIR/big.eml"
tui_wait "sending: ["
tui_wait "ETA"
tui_wait "message accepted (250"
tui_wait "│ ready │"
exim_wait_mail "$subject3" 20 >/dev/null || fail "file message not delivered: $subject3" "$EXIM_LOG"

tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass
