#!/bin/bash
# Long console output at 80 columns: /explain 5.7.1, /help and /mailbox open in the reader (not the wire pane,
# which keeps a one-line note) and read whole. The page collection is in reader-lib.sh.
. "$(dirname "$0")/reader-lib.sh"
tui_require

# Long console output at 80 columns: /explain 5.7.1, /help and /mailbox open in the reader and read whole.
TUI_SOCK=smtpcon-tui-$$-output
tui_start --lab=delivery
tui_tmux resize-window -t "$TUI_TARGET" -x 80 -y 24
tui_wait "220 "
tui_type "/explain 5.7.1"
tui_wait " /explain"
reader_text output-explain
expect_explain output-explain 5.7.1
tui_keys Escape
tui_wait "/explain: "
grep -q "shown in the reader" "$RUN_DIR/screen.txt" || fail "no note of the output in the wire pane" "$RUN_DIR/screen.txt"

tui_type "/help"
tui_wait " smtpcon help"
reader_text output-help
printf '/help\n' | "$SMTPCON" --batch --script - >"$RUN_DIR/help-batch.txt" 2>&1
n=0
while IFS= read -r l; do
	case $l in "      "*) ;; *) continue ;; esac # the help sentence of each command
	l=$(printf '%s' "$l" | tr -s ' ' | sed 's/^ //; s/ $//')
	n=$((n + 1))
	grep -qF -- "$l" "$RUN_DIR/output-help.joined" || fail "/help: not in the reader: $l" "$RUN_DIR/output-help.joined"
done <"$RUN_DIR/help-batch.txt"
[ $n -ge 20 ] || fail "the batch /help listed too few commands" "$RUN_DIR/help-batch.txt"
tui_keys Escape

tui_type "EHLO me.example"
tui_wait "250 HELP"
tui_type "MAIL FROM:<you@example.org>"
tui_type "RCPT TO:<student@lab.test>"
tui_wait "250 2.1.5"
tui_type "DATA"
tui_wait "354 "
tui_keys Enter
tui_type "A body line."
tui_keys C-d
tui_wait "250 2.0.0"
tui_type "/mailbox"
tui_wait " /mailbox"
reader_text output-mailbox
grep -qF "<you@example.org>" "$RUN_DIR/output-mailbox.joined" || fail "/mailbox: the sender is cut" "$RUN_DIR/output-mailbox.joined"
grep -qF "<student@lab.test>" "$RUN_DIR/output-mailbox.joined" ||
	fail "/mailbox: the recipient is cut" "$RUN_DIR/output-mailbox.joined"
grep -qE "Subject: smtpcon test|smtpcon test [0-9]" "$RUN_DIR/output-mailbox.joined" ||
	fail "/mailbox: the subject is cut" "$RUN_DIR/output-mailbox.joined"
tui_keys Escape

# A wire line opens in the reader too: search for it (Ctrl-F), then Enter on the empty prompt.
tui_keys Escape # no decoded entry selected
tui_keys C-f
tui_type "Sender ok"
tui_wait "match at line"
tui_keys Enter
tui_wait " wire line"
tui_wait "server to client, in plaintext"
tui_wait '250 2.1.0 Sender ok\r\n'
tui_wait "00000000  32 35 30 20 32 2e 31 2e  30 20 53 65 6e 64 65 72  |250 2.1.0 Sender|"
tui_keys Escape
tui_keys F10
tui_keys F10
tui_wait "SMTPCON-EXIT="
pass "/explain 5.7.1, /help and /mailbox read whole at 80 columns, in the reader"
