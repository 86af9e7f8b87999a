#!/usr/bin/env bash
# The generated zsh completion as a user meets it: found through $fpath by compinit, typed in a real interactive
# zsh (tmux): Tab completes an option, lists the lab's scenarios with their summaries after "--lab=", the TLS
# protocol names, theme names and file names where a file is expected.
. "$(dirname "$0")/lib.sh"
t_require_smtpcon

comp_shell zsh

# compinit took _smtpcon for smtpcon.
comp_type 'print -r -- $_comps[smtpcon]'
comp_tmux send-keys -t comp Enter
comp_expect_screen '_smtpcon'

# An option name: zsh completes --tls-pro to --tls-protocol= (the value may follow the '=').
comp_type 'smtpcon --tls-pro'
comp_tab
comp_expect_line 'smtpcon --tls-protocol='

# Its value: the protocol names, as a comma-separated list.
comp_type 'smtpcon --tls-protocol tlsv1_2,'
comp_tab
comp_expect_screen 'no_tlsv1_3'
comp_expect_screen 'tlsv1_1'

# --lab=<Tab>: the scenarios, each with the lab's own summary.
comp_type 'smtpcon --lab='
comp_tab
for s in delivery submission implicit no-starttls bad-cert old-tls greylist strict-sync tarpit flaky; do
	comp_expect_screen "$s"
done
comp_expect_screen 'greylist     -- 451 4.7.1 on the first try'
comp_type 'smtpcon --lab=grey'
comp_tab
comp_expect_line 'smtpcon --lab=greylist'

# A theme; a file where a file is expected.
comp_type 'smtpcon --theme high'
comp_tab
comp_expect_line 'smtpcon --theme high-contrast'
comp_type 'smtpcon --batch --script scr'
comp_tab
comp_expect_line 'smtpcon --batch --script script-pkgtest.txt'
comp_type 'smtpcon --tls-ca-path certs/'
comp_tab
comp_expect_line 'smtpcon --tls-ca-path certs/ca-pkgtest.pem'
comp_type 'smtpcon --attach certs/'
comp_tab
comp_expect_line 'smtpcon --attach certs/ca-pkgtest.pem'
comp_type 'smtpcon --body @certs/'
comp_tab
comp_expect_line 'smtpcon --body @certs/ca-pkgtest.pem'

cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.last.txt"
pass "compinit finds _smtpcon; --tls-pro<Tab>, protocol lists, --lab=<Tab> with summaries, themes and files"
