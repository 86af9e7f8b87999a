#!/bin/bash
# The certificate inspector overlay at 80x24, against the built-in practice server (a chain of two: leaf and lab
# CA): /cert opens it on the server's certificate with the verdict and the chain; Right selects the CA, whose CA
# flag shows; 'd' shows GnuTLS's full dump; F5 reopens it; "/cert 1" opens it on the CA; Esc closes it. Then the
# bad-cert scenario: the hold dialog's "i" opens the inspector on the failed certificate with its reasons.
. "$(dirname "$0")/lib.sh"
tui_require

# scroll_until TEXT: press Down (at most 40 times) until TEXT is on the screen; the page layout depends on the
# certificate's own bytes (key sizes), so the tests look for text rather than counting lines.
scroll_until()
{
	local i
	for ((i = 0; i < 40; i++)); do
		tui_screen | grep -qF -- "$1" && return 0
		tui_keys Down
	done
	tui_wait "$1" 1
}

tui_start --lab
tui_tmux resize-window -t "$TUI_TARGET" -x 80 -y 24
sleep 0.3
tui_wait "220 mail.lab.test"
tui_type "EHLO client.lab.test"
tui_wait "250 HELP"
tui_type "/starttls"
tui_wait "TLS1."
tui_type "/cert"
tui_wait "Certificate inspector: [0] of 2"
tui_wait "certificate VERIFIED for mail.lab.test"
tui_wait "> [0] CN=mail.lab.test"
tui_wait "[1] CN=smtpcon lab CA"
tui_wait "Left/Right: certificate"
# The screen is 80 columns: nothing drawn past it.
tui_screen >/dev/null
# (Counted in characters, not bytes: a row may end with the one-column sign "…" that it was cut.)
while IFS= read -r l; do
	[ "$(printf %s "$l" | LC_ALL=C.UTF-8 wc -m)" -le 80 ] || fail "a line wider than 80 columns" "$RUN_DIR/screen.txt"
done <"$RUN_DIR/screen.txt"
[ "$(wc -l <"$RUN_DIR/screen.txt")" -le 24 ] || fail "more than 24 rows" "$RUN_DIR/screen.txt"
cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen-leaf.txt"
# The leaf's fields start on the first page; the rest is a page down.
tui_wait "subject:      CN=mail.lab.test"
scroll_until "SPKI pin:"
tui_keys Right
tui_wait "Certificate inspector: [1] of 2"
tui_wait "> [1] CN=smtpcon lab CA"
scroll_until "CA:           yes"
tui_keys d
tui_wait "[1] of 2, full dump"
scroll_until "Certificate Authority (CA): TRUE"
tui_keys Escape
tui_expect_absent "Certificate inspector"
tui_keys F5
tui_wait "Certificate inspector: [1] of 2"
tui_keys Left
tui_wait "Certificate inspector: [0] of 2"
tui_keys Escape
tui_type "/cert 1"
tui_wait "Certificate inspector: [1] of 2"
tui_keys Escape
tui_expect_absent "Certificate inspector"
tui_keys F10
tui_wait "SMTPCON-EXIT="
tui_tmux kill-server 2>/dev/null || true

# The failed verification: the hold dialog, then the inspector on what failed.
TUI_SOCK=$TUI_SOCK-bad
tui_start --lab=bad-cert
tui_tmux resize-window -t "$TUI_TARGET" -x 80 -y 24
sleep 0.3
tui_wait "220 mail.lab.test"
tui_type "EHLO client.lab.test"
tui_wait "250 HELP"
tui_type "/starttls"
tui_wait "Certificate not verified"
tui_keys i
tui_wait "Certificate inspector: [0] of 2"
tui_wait "certificate NOT verified for mail.lab.test: expired, hostname-mismatch"
tui_wait "EXPIRED 30 days ago"
scroll_until "[hostname-mismatch] The certificate is not valid for mail.lab.test"
scroll_until "cause and fix: connect using a name the certificate holds"
tui_keys Escape
tui_type "/close"
tui_keys F10
tui_wait "SMTPCON-EXIT="
pass
