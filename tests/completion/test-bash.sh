#!/usr/bin/env bash
# The generated bash completion as a user meets it: sourced, `complete -p smtpcon` names its function; typed in a
# real interactive bash (tmux), Tab completes an option, the TLS protocol names, the lab's scenarios after
# "--lab=", theme names and file names where a file is expected.
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

# Sourcing registers the completion.
out=$(bash --norc --noprofile -c "source '$COMP_BASH' && complete -p smtpcon" 2>&1) ||
	fail "sourcing $COMP_BASH failed: $out"
[ "$out" = "complete -F _smtpcon smtpcon" ] || fail "complete -p smtpcon says: $out"

comp_shell bash

# An option name: --tls-pro is only --tls-protocol, completed with the space after it.
comp_type 'smtpcon --tls-pro'
comp_tab
comp_tmux send-keys -t comp -l '#'
comp_expect_line 'smtpcon --tls-protocol #'

# Its value: the TLS protocol names, also after a comma (a list).
comp_type 'smtpcon --tls-protocol tlsv1_'
comp_tab 2
comp_expect_screen 'tlsv1_1'
comp_expect_screen 'tlsv1_3'
comp_type 'smtpcon --tls-protocol tlsv1_2,no_tlsv1_'
comp_tab 2
comp_expect_screen 'no_tlsv1_3'
comp_type 'smtpcon --tls-protocol tlsv1_2,no_tlsv1_3'
comp_tab
comp_tmux send-keys -t comp -l '#'
comp_expect_line 'smtpcon --tls-protocol tlsv1_2,no_tlsv1_3 #'

# --lab=<Tab><Tab>: every scenario of the practice lab, listed.
comp_type 'smtpcon --lab='
comp_tab 2
for s in delivery submission implicit no-starttls bad-cert old-tls greylist strict-sync tarpit flaky; do
	comp_expect_screen "$s"
done
comp_expect_line 'smtpcon --lab='
# ... and one completed.
comp_type 'smtpcon --lab=grey'
comp_tab
comp_expect_line 'smtpcon --lab=greylist'
comp_type 'smtpcon --serve-lab=strict'
comp_tab
comp_expect_line 'smtpcon --serve-lab=strict-sync'

# A theme name.
comp_type 'smtpcon --theme high'
comp_tab
comp_expect_line 'smtpcon --theme high-contrast'

# A file where a file is expected: --script, --tls-ca-path (in a directory), --log=.
comp_type 'smtpcon --batch --script scr'
comp_tab
comp_expect_line 'smtpcon --batch --script script-pkgtest.txt'
comp_type 'smtpcon --tls-ca-path certs/'
comp_tab
comp_expect_line 'smtpcon --tls-ca-path certs/ca-pkgtest.pem'
comp_type 'smtpcon --log=scr'
comp_tab
comp_expect_line 'smtpcon --log=script-pkgtest.txt'

# The message options: --attach and --data take files, --body a file after '@' (swaks' --body @FILE).
comp_type 'smtpcon --attach scr'
comp_tab
comp_expect_line 'smtpcon --attach script-pkgtest.txt'
comp_type 'smtpcon --data certs/'
comp_tab
comp_expect_line 'smtpcon --data certs/ca-pkgtest.pem'
comp_type 'smtpcon --body @scr'
comp_tab
comp_expect_line 'smtpcon --body @script-pkgtest.txt'

# --protocol's two words.
comp_type 'smtpcon --protocol lm'
comp_tab
comp_expect_line 'smtpcon --protocol lmtp'

cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.last.txt"
pass "complete -p, --tls-pro<Tab>, --tls-protocol lists, --lab=<Tab><Tab>, themes and files"
