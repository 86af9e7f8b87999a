#!/bin/bash
# Listen mode at 80x24 and 200x50, as a learner reads it. The status bar describes the listener in full words
# where they fit (200 columns) and in short ones at 80, never cut in the middle of a word; with --manual it still
# says "(you answer)" at 80. A client (curl) that rejects the certificate ends the handshake itself: the wire pane
# says "connection closed by client" and why, on a row that wraps rather than being cut, and never "closed by
# server". curl's AUTH PLAIN shows masked, its user named. The screens are kept in $RUN_DIR (screen-80x24.txt,
# screen-200x50.txt, screen-manual-80x24.txt, ...) and printed to the test's log.
. "$(dirname "$0")/lib.sh"
tui_require
command -v curl >/dev/null || skip_or_fail "curl is not installed"

keep() # NAME: keep the screen as it is now
{
	tui_screen >"$RUN_DIR/$1.txt"
	printf '=== %s\n' "$1"
	cat "$RUN_DIR/$1.txt"
}
bar() { grep -E '^ listen(ing on)? 127\.0\.0\.1:' "$RUN_DIR/screen.txt" || true; }

msg=$(printf 'Subject: sizes\r\n\r\nhello\r\n' | t_write msg.eml)
port=$(t_closed_port)
mkdir -p "$RUN_DIR/xdg-lab"
TUI_ENV="XDG_RUNTIME_DIR=$RUN_DIR/xdg-lab" tui_start --listen "127.0.0.1:$port" --lab=submission
tui_tmux resize-window -t "$TUI_TARGET" -x 80 -y 24
# 80 columns: the short words, every part whole, the elapsed time last.
tui_wait "listen 127.0.0.1:$port │ submission │ 0 clients │ 0 messages │ "
tui_screen >/dev/null
bar | grep -qE "│ [0-9.]+s *\$" || fail "the 80-column bar is cut before its elapsed time" "$RUN_DIR/screen.txt"

# curl without the lab CA: it sends an alert and hangs up; the close is the client's.
timeout 20 curl -sS "smtp://127.0.0.1:$port" --ssl-reqd --user student:practice --mail-from a@lab.test \
	--mail-rcpt someone@example.org -T "$msg" >"$RUN_DIR/curl-untrusted.out" 2>&1 || true
tui_wait "connection closed by client"
tui_wait "closed: it aborted the TLS handshake (an encrypted TLS 1.3 alert, most likely about the certificate)"
tui_expect_absent "closed by server"
tui_wait "Give it the lab CA"
keep screen-80x24-untrusted

# 200 columns: the long words, and the same close.
tui_tmux resize-window -t "$TUI_TARGET" -x 200 -y 50
tui_wait "listening on 127.0.0.1:$port │ scenario submission │ 0 clients connected │ 0 messages accepted │ "
tui_wait "connection closed by client"
tui_wait "closed: it aborted the TLS handshake (an encrypted TLS 1.3 alert, most likely about the certificate)"
tui_expect_absent "closed by server"
keep screen-200x50-untrusted

# curl with the CA: its message is accepted and counted, in long words at 200 columns and short ones at 80.
ca=$(find "$RUN_DIR/xdg-lab" -name ca.pem | head -1)
[ -n "$ca" ] || fail "could not find the lab CA the listener named"
timeout 20 curl -sS "smtp://127.0.0.1:$port" --ssl-reqd --cacert "$ca" --user student:practice \
	--mail-from a@lab.test --mail-rcpt someone@example.org -T "$msg" >"$RUN_DIR/curl-trusted.out" 2>&1 ||
	fail "curl with the lab CA could not send" "$RUN_DIR/curl-trusted.out"
tui_wait "listening on 127.0.0.1:$port │ scenario submission │ 0 clients connected │ 1 message accepted │ "
tui_wait "connection closed by server"
tui_wait "closed: after QUIT and its 221, the normal end of a session"
# curl's AUTH PLAIN: the credentials masked, the user named, the password never shown.
tui_wait 'AUTH PLAIN, client 2 answers: authorization id "", user "student", password ********'
tui_wait "(secret masked)"
tui_expect_absent "AHN0dWRlbnQAcHJhY3RpY2U="
keep screen-200x50
tui_tmux resize-window -t "$TUI_TARGET" -x 80 -y 24
tui_wait "listen 127.0.0.1:$port │ submission │ 0 clients │ 1 message │ "
keep screen-80x24
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
tui_tmux kill-server

# --manual at 80 columns: "(you answer)" is on the bar too.
TUI_SOCK=smtpcon-tui-$$-$RANDOM
port=$(t_closed_port)
tui_start --listen "127.0.0.1:$port" --lab=submission --manual
tui_tmux resize-window -t "$TUI_TARGET" -x 80 -y 24
tui_wait "listen 127.0.0.1:$port │ submission │ 0 clients │ 0 messages (you answer)"
keep screen-manual-80x24
tui_keys F10
tui_wait "SMTPCON-EXIT=0"
pass "the listen bar fits 80 and 200 columns; a client's handshake abort is the client's close"
