#!/usr/bin/env bash
# Listen mode takes the word after a client's AUTH as a mechanism's name only when it can be one (RFC 4422: 1 to 20
# of A-Z 0-9 - _; lower case is raised): a raw client (bash's /dev/tcp, the bytes exactly as written here) sends
# AUTH with an escape sequence, UTF-8 and a 26-character word, with and without something after it. Each such line
# is shown with everything from the word on masked ("AUTH ****", "secret": true), is decoded as no mechanism (no
# sasl-client note), and no byte of it reaches the JSON or the text transcript. A real name still works: "auth plain <initial response>" (lower case) is masked as
# usual and decoded as PLAIN.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/listen.sh"
t_require_smtpcon

esc=$'\e[2J\e[31mEVIL'
utf8=$'PL\xc3\x84IN'
long=ABCDEFGHIJKLMNOPQRSTUVWXYZ
hostile=("AUTH $esc dGVzdA==" "AUTH $utf8 dGVzdA==" "AUTH $long dGVzdA==" "AUTH $esc" $'AUTH \e]0;owned\a')
plain=AHN0dWRlbnQAcHJhY3RpY2U= # \0student\0practice

# raw PORT: greeting, EHLO, each hostile AUTH line, then a real one in lower case, QUIT; one reply read after each
raw()
{
	local line reply
	exec 3<>"/dev/tcp/127.0.0.1/$1"
	read -r -t 5 reply <&3
	printf 'EHLO raw.example\r\n' >&3
	while read -r -t 5 reply <&3 && [[ $reply != 250\ * ]]; do :; done
	for line in "${hostile[@]}" "auth plain $plain"; do
		printf '%s\r\n' "$line" >&3
		read -r -t 5 reply <&3
	done
	printf 'QUIT\r\n' >&3
	read -r -t 5 reply <&3 || true
	exec 3<&-
}

# 1. JSON.
listen_start json --lab=no-starttls
raw "$L_PORT"
listen_wait_closed 1
listen_stop json
# One "sent" event per hostile line, in order, each masked from its word on.
expect_json "$L_OUT" '[.[] | select(.type == "sent" and .client == 1 and (.data | test("^AUTH "; "i")))] as $a |
	($a | length) == 6 and all($a[:5][]; .secret == true and (.data | test("^AUTH \\*+\r\n$"))) and
	$a[0].data == "AUTH " + ("*" * 22) + "\r\n" and $a[2].data == "AUTH " + ("*" * 35) + "\r\n" and
	$a[5].data == "auth plain " + ("*" * 24) + "\r\n" and $a[5].secret == true' \
	"the hostile AUTH lines are not shown as AUTH **** (or the real one not as auth plain ****)"
expect_json "$L_OUT" '[.[] | select(.id == "sasl-client")] | length == 1 and
	(.[0].message | test("^AUTH PLAIN, client 1 answers: .*user \"student\", password \\*{8}$"))' \
	"only the real AUTH is decoded (as PLAIN, its user named)"
expect_no_grep $'\\\\u001b|\e|EVIL|owned|\xc3\x84|Ä|ABCDEFGHIJKLMNOPQRSTUVWXYZ|dGVzdA' "$L_OUT" "the hostile bytes in the JSON"

# 2. The text transcript.
port=$(t_closed_port)
"$SMTPCON" --batch --listen "127.0.0.1:$port" --lab=no-starttls </dev/null >"$RUN_DIR/text.out" 2>"$RUN_DIR/text.err" &
tpid=$!
at_exit "kill $tpid 2>/dev/null || true"
for ((i = 0; i < 100; i++)); do grep -qs 'listening: ' "$RUN_DIR/text.out" && break; sleep 0.1; done
raw "$port"
for ((i = 0; i < 50; i++)); do grep -qs 'closed' "$RUN_DIR/text.out" && break; sleep 0.1; done
kill -INT "$tpid"
wait "$tpid" || fail "listen mode (text) exited $?" "$RUN_DIR/text.err"
expect_grep 'C: AUTH \*{22}$' "$RUN_DIR/text.out" "the escape-sequence AUTH line masked in the transcript"
expect_grep 'C: auth plain \*{24}$' "$RUN_DIR/text.out" "the real AUTH line masked in the transcript"
expect_no_grep $'\e|EVIL|owned|\xc3\x84|ABCDEFGHIJKLMNOPQRSTUVWXYZ|dGVzdA' "$RUN_DIR/text.out" "the hostile bytes in the transcript"

pass
