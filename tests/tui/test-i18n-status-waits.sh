#!/bin/bash
# The status bar's two waits that loopback makes too fast to see (issue 17), held open by real sockets and read in
# French at 80x24 and 200x50, and in European and Brazilian Portuguese at 80x24:
#   - "connecting": a listener whose accept queue is full (python3: listen(0), filled, never accepting), so the
#     kernel drops smtpcon's SYN and the TCP connect waits;
#   - "TLS handshake": the scripted peer (tests/peer) answers STARTTLS with 220 and then never speaks TLS, so the
#     client's handshake waits.
# Each bar names the wait in the language with its count-down whole (or cut with "…"), and names it once: the SMTP
# state field, which is that same wait then, gives way ("connexion │ connexion" read as a stammer), and the
# handshake's count-down does not repeat "TLS handshake"; the rest of the screen as every sweep checks it
# (i18n-sweep-lib.sh: no English sentence of the catalog, rows fit, key bar whole at 80 columns); C-c cancels the
# wait. Captures: $RUN_DIR/LANG/ (SMTPCON_UPDATE_SCREENS=1 copies them to tests/tui/i18n-sweep/LANG/).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/i18n-sweep-lib.sh"
. "$(dirname "$0")/../integration/lib/peer.sh"
tui_require
[ -x /usr/bin/python3 ] || skip_or_fail "Debian's python3 is not installed"

# A TCP listener that never completes a connection: its accept queue (backlog 0) is filled at once.
full=$(t_write full.py <<'EOF'
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(0)
port = s.getsockname()[1]
fill = []
for i in range(3):
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    fill.append(c)
print(port, flush=True)
time.sleep(300)
EOF
)
/usr/bin/python3 "$full" >"$RUN_DIR/full.port" 2>"$RUN_DIR/full.err" &
at_exit "kill $! 2>/dev/null || true"
for ((i = 0; i < 100; i++)); do
	[ -s "$RUN_DIR/full.port" ] && break
	sleep 0.05
done
FULL_PORT=$(cat "$RUN_DIR/full.port")
[ -n "$FULL_PORT" ] || fail "the full listener did not start" "$RUN_DIR/full.err"

# A server that takes STARTTLS and then stays silent: the client's ClientHello gets no answer (once per walk below).
stall_one='line "220 stall.lab.test ESMTP"
expect EHLO
line "250-stall.lab.test"
line "250 STARTTLS"
expect STARTTLS
line "220 2.0.0 Ready to start TLS"
sleep 25000'
stall=$(printf '%s\naccept\n%s\naccept\n%s\naccept\n%s\n' "$stall_one" "$stall_one" "$stall_one" "$stall_one" | t_write stall.peer)
PEER_DEADLINE=240 peer_start stall "$stall"

# The status bar of the kept screen NAME.
bar_of() { grep '^ [^ ].* │ ' "$RUN_DIR/$SWEEP_LANG/$SWEEP_SIZE-$1.txt" | tail -n 1 | sed 's/ *$//'; }

# once BAR WORD [strict]: no field of the bar is the one before it again, and WORD is one of its fields; strict:
# WORD is nowhere else either (the connecting count-down may say more, "connexion TCP à HOST port N", but the
# handshake's has nothing to add).
once()
{
	local bar=$1 word=$2 n
	awk -F ' │ ' '{ for (i = 2; i <= NF; i++) if ($i == $(i - 1)) exit 1 }' <<<"$bar" ||
		fail "$SWEEP_LANG $SWEEP_SIZE: two fields of the status bar say the same: $bar"
	grep -qF -- " │ $word │ " <<<"$bar" || fail "$SWEEP_LANG $SWEEP_SIZE: '$word' is not a field of the status bar: $bar"
	[ "${3:-}" = strict ] || return 0
	n=$(grep -oF -- "$word" <<<"$bar" | wc -l)
	[ "$n" -eq 1 ] || fail "$SWEEP_LANG $SWEEP_SIZE: the status bar says '$word' $n times: $bar"
}

walk()
{
	# shellcheck disable=SC2034 # read by i18n-sweep-lib.sh
	SWEEP_LANG=$1 SWEEP_SIZE=$2
	mkdir -p "$RUN_DIR/$SWEEP_LANG"
	sweep_probes
	SWEEP_BAR=""
	local item label bar
	for item in "F1 Help" "F2 Pane" "F3 Next" "F4 Caps" "F5 Cert" "F6 Hex" "F7 Wrap" "F10 Quit"; do
		label=$(tr_of "${item#* }")
		SWEEP_BAR+="${SWEEP_BAR:+  }${item%% *} $label"
	done

	# ---- The TCP connect that waits.
	sweep_new --timeout 30
	tui_type "/connect 127.0.0.1:$FULL_PORT"
	tui_wait "$(tr_of 'connecting')"
	sleep 2 # the count-down runs: the bar is read while it waits, not as it changes state
	keep connecting
	bar=$(bar_of connecting)
	grep -qF "$(tr_of 'connecting')" <<<"$bar" || fail "$SWEEP_SIZE: the status bar does not say connecting: $bar"
	[[ $bar =~ ([0-9]+s|…)$ ]] || fail "$SWEEP_SIZE: the connecting bar ends neither with its count-down nor with …: $bar"
	once "$bar" "$(tr_of 'connecting')"
	tui_keys C-c
	tui_keys C-c
	tui_expect_absent "$(tr_of 'connecting') │"

	# ---- The TLS handshake that waits.
	tui_type "/connect 127.0.0.1:$PEER_PORT"
	tui_wait "220 stall.lab.test"
	tui_type "EHLO me.example"
	tui_wait "250 STARTTLS"
	tui_type "/starttls"
	tui_wait "220 2.0.0 Ready"
	tui_wait "$(tr_of 'TLS handshake')"
	sleep 2
	keep handshake
	bar=$(bar_of handshake)
	grep -qF "$(tr_of 'TLS handshake')" <<<"$bar" || fail "$SWEEP_SIZE: the status bar does not say TLS handshake: $bar"
	[[ $bar =~ ([0-9]+s|…)$ ]] || fail "$SWEEP_SIZE: the handshake bar ends neither with its count-down nor with …: $bar"
	once "$bar" "$(tr_of 'TLS handshake')" strict
	tui_keys C-c
	tui_keys C-c
	tui_keys F10 F10
	tui_wait "SMTPCON-EXIT="
}

walk fr 80x24
walk fr 200x50
walk pt 80x24
walk pt_BR 80x24
pass "the connecting and TLS handshake waits read in French (80x24, 200x50) and Portuguese (pt, pt_BR) on the status bar, each named once"
