#!/bin/bash
# The decoded SASL exchange in the TUI, at 80x24 and at 200x50: against Dovecot's SCRAM-SHA-256 (the private
# Postfix with a private auth-only Dovecot), /auth auto picks SCRAM-SHA-256 and the wire pane shows each step
# decoded and explained (the client's nonce; the server's nonce, salt and iteration count; the proof masked; the
# server's signature checked), then 235. Neither the password nor its base64 is ever on the screen. The
# captures stay in the run directory (capture-80x24.txt, capture-200x50.txt).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../integration/lib/postfix.sh"
tui_require
POSTFIX_SASL=dovecot postfix_start

pw=$DOVECOT_PASSWORD
pw_b64=$(printf '%s' "$pw" | base64)
plain_b64=$(printf '\0%s\0%s' "$DOVECOT_USER" "$pw" | base64)

# see TEXT: wait for it on the screen, paging the wire pane up (PgUp) while it is not there yet; each page
# seen is kept as capture-SIZE-pN.txt. Texts are looked for newest first, so paging only ever goes up.
page=0
see()
{
	local text=$1 i
	for ((i = 0; i < 6; i++)); do
		if tui_screen | grep -qF -- "$text" || tui_joined | grep -qF -- "$text"; then
			return 0
		fi
		tui_keys PPage
		page=$((page + 1))
		tui_screen >/dev/null
		cp "$RUN_DIR/screen.txt" "$RUN_DIR/capture-$size-p$page.txt"
	done
	tui_wait "$text" 1
}

for size in 80x24 200x50; do
	page=0
	TUI_SIZE=$size TUI_ENV="SMTPCON_PASSWORD=$pw" tui_start --tls --tls-ca-path "$POSTFIX_CERT" \
		--tls-sni "$POSTFIX_NAME" --ehlo client.lab.test --timeout 10 "$POSTFIX_HOST:$POSTFIX_PORT"
	tui_wait "SCRAM-SHA-256"
	tui_type "/auth auto $DOVECOT_USER"
	tui_wait "235 2.7.0"
	tui_screen >/dev/null
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/capture-$size.txt"
	for s in "$pw" "$pw_b64" "$plain_b64"; do tui_expect_absent "$s"; done
	see 'AUTH SCRAM-SHA-256, client answers: (empty answer)'
	see 'ServerSignature v="'
	see "(the server's proof that it knows the password too; checked by GNU SASL)"
	see 'ClientProof p=********'
	see 'AUTH SCRAM-SHA-256, client answers: client-final: channel binding c="biws"'
	see 'iteration count i=4096 (the password is hashed that many times with the salt'
	see 'AUTH SCRAM-SHA-256, server asks: server-first: nonce r="'
	see 'AUTH SCRAM-SHA-256, client answers: client-first: GS2 header n (no channel binding); user n="alice"'
	for s in "$pw" "$pw_b64" "$plain_b64"; do tui_expect_absent "$s"; done
	tui_keys F10
	tui_wait "SMTPCON-EXIT=0"
	tui_tmux kill-server 2>/dev/null
	TUI_SOCK=smtpcon-tui-$$-$RANDOM
done
pass "the SCRAM exchange decoded in the TUI at 80x24 and 200x50"
