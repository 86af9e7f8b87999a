#!/bin/bash
# AUTH typed by hand in the TUI against the real Exim (issue 15), at 80x24 and 200x50: after "AUTH LOGIN" the
# decoded pane explains each 334 ("server asks: "Username:"") and the footer says what to type next (the user
# name, then the password, in base64); the base64 answers never appear on the screen (masked on the wire), also
# when they are pasted at once with the AUTH line, before its 334 came (the queued notice masks them); none of the
# lines typed inside the exchange reaches the history. Captures stay in the run directory (capture-SIZE-*.txt).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/exim.sh"
tui_require
exim_start

user64=$(printf %s "$EXIM_USER" | base64)
pw64=$(printf %s "$EXIM_PASSWORD" | base64)
keep() { tui_screen >/dev/null; cp "$RUN_DIR/screen.txt" "$RUN_DIR/capture-$size-$1.txt"; }
no_secret_on_screen()
{
	tui_expect_absent "$pw64"
	tui_expect_absent "$user64"
	tui_expect_absent "$EXIM_PASSWORD"
}

for size in 80x24 200x50; do
	TUI_SOCK=smtpcon-tui-$$-$size
	rm -rf "$RUN_DIR/state"
	TUI_SIZE=$size tui_start --tls --tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --ehlo client.lab.test \
		--timeout 10 "$EXIM_HOST:$EXIM_PORT"
	tui_wait "AUTH PLAIN LOGIN"
	tui_wait "smtp>"

	# 1. Typed line by line, as a learner follows an RFC's example.
	tui_type "AUTH LOGIN"
	tui_wait 'server asks: "Username:"'
	tui_wait 'the user name in base64'
	keep 1-username
	tui_type "$user64"
	tui_wait 'server asks: "Password:"'
	tui_wait 'the password in base64'
	no_secret_on_screen
	keep 2-password
	# The note selected in the decoded pane (M-Up: the newest entry), read with Enter, gives the whole hint.
	tui_keys M-Up
	keep 2-password-selected
	tui_keys Enter
	tui_wait 'type the password in base64'
	keep 2-password-reader
	tui_keys Escape
	tui_keys Escape
	tui_wait 'smtp>'
	tui_type "$pw64"
	tui_wait "235"
	no_secret_on_screen
	keep 3-authenticated

	# 2. Pasted at once: the answers arrive before the 334 that asks for them and wait in the queue, announced
	# masked. Exim refuses a second AUTH after 235 (503), so a new connection first (EHLO and STARTTLS again).
	tui_type "/connect $EXIM_HOST:$EXIM_PORT"
	tui_wait "next: AUTH (/auth plain USER)"
	tui_tmux send-keys -t "$TUI_TARGET" -l "AUTH LOGIN"$'\r'"$user64"$'\r'"$pw64"$'\r'
	tui_wait "queued, not sent yet: ********"
	tui_wait "235"
	no_secret_on_screen
	keep 4-pasted

	tui_keys F10
	tui_wait "SMTPCON-EXIT=0"
	hist=$RUN_DIR/state/smtpcon/history
	if [ -f "$hist" ]; then
		! grep -qF -- "$user64" "$hist" || fail "$size: a base64 answer is in the history" "$hist"
		! grep -qF -- "$pw64" "$hist" || fail "$size: the base64 password is in the history" "$hist"
	fi
	tui_tmux kill-server 2>/dev/null
done
pass "AUTH LOGIN typed by hand: challenges explained, next step in the footer, answers masked (80x24, 200x50)"
