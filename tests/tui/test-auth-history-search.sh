#!/bin/bash
# Against the real Exim: /auth login asks for the password without echo; the AUTH exchange is annotated with
# its base64 decoded ("Username:") and the secret masked; history survives a restart but never holds AUTH lines or /auth commands;
# C-f searches the wire log and n/N walk the matches.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
tui_require
exim_start

tui_start --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --timeout 10 "$EXIM_HOST:$EXIM_PORT"
tui_wait "220 Service ready"
tui_type "EHLO client.lab.test"
tui_wait "250 HELP"
tui_type "/starttls"
tui_wait "STARTTLS TLS1."
tui_wait "AUTH PLAIN LOGIN"
tui_type "/auth login $EXIM_USER"
tui_wait "typing is hidden"
tui_tmux send-keys -t "$TUI_TARGET" -l "$EXIM_PASSWORD"
sleep 0.3
tui_expect_absent "$EXIM_PASSWORD"
tui_keys Enter
tui_wait 'base64: "Username:"'
tui_wait 'base64: "Password:"'
tui_wait "235"
tui_wait " auth "
tui_expect_absent "$EXIM_PASSWORD"
secret_b64=$(printf %s "$EXIM_PASSWORD" | base64)
tui_expect_absent "$secret_b64"

# Search: C-f opens the prompt; the match is found; n looks further back.
tui_keys C-f
tui_wait "search:"
tui_type "pipelining"
tui_wait "match at line"
tui_keys n
tui_wait "match at line"
tui_keys n
tui_wait "no older match"
tui_keys Escape
sleep 0.3

tui_keys F10
tui_wait "SMTPCON-EXIT=0"
hist=$RUN_DIR/state/smtpcon/history
[ -f "$hist" ] || fail "no history file at $hist"
grep -qx "EHLO client.lab.test" "$hist" || fail "EHLO not in the history" "$hist"
grep -q "$EXIM_PASSWORD" "$hist" && fail "the password is in the history" "$hist"
grep -q "$secret_b64" "$hist" && fail "the base64 password is in the history" "$hist"
grep -rq "$EXIM_PASSWORD" "$RUN_DIR/state" && fail "the password is somewhere in the state directory"
# No AUTH line and no /auth command is stored at all (the help says so): not even the user name.
grep -qiE '^ *(AUTH|/auth)( |$)' "$hist" && fail "an AUTH line or /auth command is in the history" "$hist"

# A new run finds the history: Up brings back the last line kept (the /auth line was not kept).
tui_tmux kill-server 2>/dev/null
TUI_SOCK=smtpcon-tui-$$-again
tui_start --timeout 10
tui_wait "smtp>"
tui_keys Up
tui_wait "smtp> /starttls"
tui_keys Up
tui_wait "smtp> EHLO client.lab.test"
tui_keys C-u F10
tui_wait "SMTPCON-EXIT=0"
pass
