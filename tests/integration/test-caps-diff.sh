#!/usr/bin/env bash
# The capability snapshots before and after STARTTLS and their diff: Exim offers AUTH only after TLS and stops
# offering STARTTLS. Checked through --tls (automatic) and through the /starttls console command.
set -euo pipefail
. "$(dirname "$0")/lib/exim.sh"
t_require_smtpcon
exim_start

tls_args=(--tls-ca-path "$EXIM_CERT" --tls-sni "$EXIM_NAME" --ehlo client.lab.test --timeout 10)
diff_ok='any(.[]; .type == "caps_diff" and .from == "plain" and .to == "tls"
	and any(.added[]; (.name | ascii_upcase) == "AUTH" and (.params | test("PLAIN")) and (.params | test("LOGIN")))
	and any(.removed[]; (.name | ascii_upcase) == "STARTTLS")
	and all(.added[]; (.name | ascii_upcase) != "STARTTLS"))'

# 1. --tls: EHLO, STARTTLS, handshake, EHLO again before the script.
script=$(printf '/diff\nQUIT\n' | t_write auto.script)
run_smtpcon auto --batch --json --tls "${tls_args[@]}" --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json_valid "$OUT"
expect_json "$OUT" 'any(.[]; .type == "caps" and .phase == "plain" and any(.caps[]; (.name | ascii_upcase) == "STARTTLS")
	and all(.caps[]; (.name | ascii_upcase) != "AUTH"))' "plaintext capabilities: want STARTTLS and no AUTH"
expect_json "$OUT" 'any(.[]; .type == "caps" and .phase == "tls" and any(.caps[]; (.name | ascii_upcase) == "AUTH")
	and all(.caps[]; (.name | ascii_upcase) != "STARTTLS"))' "TLS capabilities: want AUTH and no STARTTLS"
expect_json "$OUT" "$diff_ok" "caps_diff plain -> tls: want AUTH added, STARTTLS removed"

# 2. The console command: EHLO typed, then /starttls (STARTTLS, handshake, second EHLO, diff).
script=$(t_write cmd.script <<'SCRIPT'
EHLO client.lab.test
/expect 250
/starttls
/expect 250
/caps
QUIT
/expect 221
SCRIPT
)
run_smtpcon cmd --batch --json "${tls_args[@]}" --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" "$diff_ok" "/starttls: caps_diff plain -> tls: want AUTH added, STARTTLS removed"
expect_json "$OUT" '[.[] | select(.type == "sent" and (.data | test("^EHLO"; "i")))] | length == 2' \
	"/starttls: want exactly two EHLOs (RFC 3207 4.2)"

# 3. The text transcript of the same shows the diff in words a person can read.
run_smtpcon text --batch "${tls_args[@]}" --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_grep 'AUTH' "$OUT" "text transcript never mentions AUTH"

# 4. STARTTLS typed as a plain SMTP line: the 220 starts the handshake; the EHLO typed next goes inside TLS.
script=$(printf 'EHLO client.lab.test\nSTARTTLS\n/expect 220\nEHLO client.lab.test\n/expect 250\nQUIT\n' |
	t_write typed.script)
run_smtpcon typed --batch --json "${tls_args[@]}" --script "$script" "$EXIM_HOST:$EXIM_PORT"
expect_rc 0
expect_json "$OUT" 'any(.[]; .type == "tls" and .verified == true)' "typed STARTTLS: no verified handshake"
expect_json "$OUT" '[.[] | select(.type == "sent" and (.data | test("^EHLO"; "i"))) | .tls] == [false, true]' \
	"typed STARTTLS: want the first EHLO in plaintext and the second inside TLS"
expect_json "$OUT" "$diff_ok" "typed STARTTLS: caps_diff plain -> tls: want AUTH added, STARTTLS removed"
pass
