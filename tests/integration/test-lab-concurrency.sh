#!/usr/bin/env bash
# The practice lab under load: `smtpcon --serve-lab` on a free loopback port, then rounds of many concurrent
# clients: full console sessions (STARTTLS, AUTH, a message), swaks sessions, and rude ones that hang up in the
# middle (after EHLO, half-way through a TLS handshake, in the middle of DATA) or just sit there. The server must
# not crash, must answer every client, store exactly the messages it acknowledged, and stop cleanly on SIGTERM
# with open connections. Under the sanitizer build (SMTPCON_SANITIZE=ON; CI runs the suite in build-asan/) its
# stderr must hold no AddressSanitizer, LeakSanitizer or UBSan report. Bounded: ROUNDS x CLIENTS, every wait timed.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

ROUNDS=${LAB_ROUNDS:-2}
CLIENTS=${LAB_CLIENTS:-50}

# Leaks are what this test is for: make sure LeakSanitizer runs (when built in) and reports to stderr.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
t_serve_lab submission

# One full console session (exit status to $RUN_DIR/c-R-N.rc).
console_client()
{
	local tag=$1 rc=0
	SMTPCON_PASSWORD=practice timeout -k 5 "$T_TIMEOUT" "$SMTPCON" --batch --json --timeout 30 --tls \
		--tls-ca-path "$LAB_CA" --tls-sni mail.lab.test --auth-user student --from student@lab.test \
		--to "friend-$tag@example.com" "127.0.0.1:$LAB_PORT" </dev/null >"$RUN_DIR/$tag.out" 2>"$RUN_DIR/$tag.err" || rc=$?
	echo "$rc" >"$RUN_DIR/$tag.rc"
}

swaks_client()
{
	local tag=$1 rc=0
	timeout -k 5 "$T_TIMEOUT" swaks --server "127.0.0.1:$LAB_PORT" --tls --tls-ca-path "$LAB_CA" --auth PLAIN \
		--auth-user student --auth-password practice --from student@lab.test --to "friend-$tag@example.com" \
		</dev/null >"$RUN_DIR/$tag.out" 2>&1 || rc=$?
	echo "$rc" >"$RUN_DIR/$tag.rc"
}

# Rude clients: each talks a little, then hangs up, either after reading the replies (the lab sees the end of
# the stream: FIN) or with replies unread (the kernel resets the connection: RST). None may hurt the server.
rude_client()
{
	local kind=$1 how=$2
	{
		exec 3<>"/dev/tcp/127.0.0.1/$LAB_PORT" || exit 0
		case $kind in
		ehlo) printf 'EHLO rude.example\r\n' >&3; sleep 0.1 ;;
		tls) printf 'EHLO rude.example\r\nSTARTTLS\r\n' >&3; sleep 0.2
		     printf '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' >&3 ;; # half a ClientHello
		garbage) head -c 3000 /dev/urandom >&3 2>/dev/null || true ;;
		esac
		if [ "$how" = fin ]; then
			while read -r -t 0.5 -u 3 _; do :; done
		fi
		exec 3>&-
	} 2>/dev/null || true
}

# A console that logs in over TLS, starts a message and drops the connection half-way (/close: no QUIT).
cut=$(t_write cut.script <<'EOF'
EHLO cut.example
/starttls
/auth plain student
MAIL FROM:<student@lab.test>
RCPT TO:<student@lab.test>
DATA
/raw "Subject: cut\r\n\r\nhalf a mess"
/sleep 100
/close
EOF
)
cut_client()
{
	SMTPCON_PASSWORD=practice timeout -k 5 "$T_TIMEOUT" "$SMTPCON" --batch --timeout 30 --tls-ca-path "$LAB_CA" \
		--tls-sni mail.lab.test --script "$cut" "127.0.0.1:$LAB_PORT" </dev/null >"$RUN_DIR/cut-$1.out" 2>&1 || true
}

have_swaks=true
command -v swaks >/dev/null || have_swaks=false
t_in_ci && ! $have_swaks && fail "swaks is not installed (CI installs it)"

sessions=0
for ((r = 1; r <= ROUNDS; r++)); do
	pids=()
	for ((n = 1; n <= CLIENTS; n++)); do
		if $have_swaks && ((n % 5 == 0)); then
			swaks_client "s-$r-$n" &
		else
			console_client "c-$r-$n" &
		fi
		pids+=($!)
		sessions=$((sessions + 1))
		if ((n % 10 == 0)); then
			cut_client "$r-$n" &
			pids+=($!)
			for kind in ehlo tls garbage; do
				for how in fin rst; do
					rude_client "$kind" "$how" &
					pids+=($!)
				done
			done
		fi
	done
	for p in "${pids[@]}"; do
		wait "$p" || true
	done
	kill -0 "$LAB_PID" 2>/dev/null || fail "the lab died in round $r" "$LAB_ERR"
done

# Every session got through, and was answered properly.
bad=0
for f in "$RUN_DIR"/[cs]-*.rc; do
	rc=$(cat "$f")
	if [ "$rc" != 0 ]; then
		t_log "client ${f##*/} exited $rc"
		bad=$((bad + 1))
		last=${f%.rc}.out
	fi
done
[ "$bad" -eq 0 ] || fail "$bad of $sessions sessions failed" "$last" "${last%.out}.err" "$LAB_ERR"
for f in "$RUN_DIR"/c-*.err "$RUN_DIR"/cut-*.out; do
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$f"; then
		fail "sanitizer report from a client" "$f"
	fi
done
for f in "$RUN_DIR"/c-*.out; do
	jq -e -s 'any(.[]; .type == "reply" and .code == 250 and .command == "(end of message)")' "$f" >/dev/null ||
		fail "a console session was not acknowledged after its message" "$f"
done
stored=$(find "$LAB_MAILDIR/new" -type f | wc -l)
[ "$stored" -eq "$sessions" ] || fail "$sessions messages acknowledged, $stored stored" "$LAB_ERR"

# A few connections stay open (idle, half-way through a handshake) while the lab is stopped.
exec 4<>"/dev/tcp/127.0.0.1/$LAB_PORT"
exec 5<>"/dev/tcp/127.0.0.1/$LAB_PORT"
printf 'EHLO idle.example\r\nSTARTTLS\r\n' >&5
sleep 0.2
printf '\x16\x03\x01\x02\x00\x01' >&5
exec 6<>"/dev/tcp/127.0.0.1/$LAB_PORT"
printf 'EHLO idle.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<student@lab.test>\r\nDATA\r\n' >&6
sleep 0.2
printf 'Subject: never finished\r\n' >&6
sleep 0.3

kill -TERM "$LAB_PID"
rc=0
for ((i = 0; i < 300; i++)); do
	kill -0 "$LAB_PID" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$LAB_PID" 2>/dev/null && fail "--serve-lab did not stop within 30 s of SIGTERM" "$LAB_ERR"
wait "$LAB_PID" || rc=$?
exec 4>&- 5>&- 6>&-
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LAB_ERR"; then
	fail "sanitizer report from the lab" "$LAB_ERR"
fi
[ "$rc" -eq 0 ] || fail "--serve-lab exited $rc after SIGTERM" "$LAB_ERR"
[ -d "$LAB_MAILDIR" ] && fail "the lab did not remove its fresh directory at exit" "$LAB_ERR"
# The rude clients did reach the paths they are for.
expect_grep 'hung up without QUIT \(state data\): the message is not delivered' "$LAB_ERR" \
	"no client was seen hanging up in the middle of DATA"
expect_grep 'TLS handshake failed' "$LAB_ERR" "no client was seen abandoning a TLS handshake"
delivered=$(grep -c ': delivered ' "$LAB_ERR" || true)
[ "$delivered" -eq "$sessions" ] || fail "the lab logged $delivered deliveries for $sessions sessions" "$LAB_ERR"
pass "$sessions sessions in $ROUNDS rounds of $CLIENTS, plus rude clients"
