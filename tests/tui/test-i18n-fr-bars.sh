#!/bin/bash
# French at 80x24 (stacked, with the key bar) and 200x50 (side by side): the key bar, the status bar and F1 help
# hold with the longer French words. Every row fits the screen; the key bar shows all eight default F-keys, each
# item whole, with the catalog's French label (so a label cut mid-word or an item pushed off the bar fails); the
# status bar is not cut ("…") and says "en clair (sans TLS)"; F1 help has its French title, headings, key notes
# and footer, its wrapped notes break between words, and no English label of the ui is left. Screens are kept in
# $RUN_DIR/SIZE.*.txt.
. "$(dirname "$0")/lib.sh"
tui_require

# The French of an msgid in po/fr.po (the catalog the binary was built with).
fr()
{
	MSGID=$1 perl -CSD -0777 -ne '
		my $id = $ENV{MSGID}; utf8::decode($id);
		while (/^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"$/mg) {
			if ($1 eq $id) { print $2; exit }
		}' "$T_SRC/po/fr.po"
}

# The key bar the defaults must give: "F1 Aide  F2 Volet ...", from the catalog.
want_bar=""
for item in "F1 Help" "F2 Pane" "F3 Next" "F4 Caps" "F5 Cert" "F6 Hex" "F7 Wrap" "F10 Quit"; do
	label=$(fr "${item#* }")
	[ -n "$label" ] || fail "no French for the key bar label '${item#* }' in po/fr.po"
	want_bar+="${want_bar:+  }${item%% *} $label"
done

# Rows no wider than the screen, and as many as it has.
fits()
{
	local file=$1 cols=$2 rows=$3 n w
	n=$(wc -l <"$file")
	[ "$n" -eq "$rows" ] || fail "$(basename "$file"): $n rows, want $rows" "$file"
	w=$(LC_ALL=C.UTF-8 wc -L <"$file")
	[ "$w" -le "$cols" ] || fail "$(basename "$file"): a row is $w columns wide on a $cols-column screen" "$file"
}

check_size()
{
	local size=$1 cols=${1%x*} rows=${1#*x} shot
	TUI_SIZE=$size tui_start --lab --lang fr
	tui_wait "en clair (sans TLS)"
	tui_wait "220 mail.lab.test"
	shot=$RUN_DIR/$size.main.txt
	tui_screen >/dev/null
	cp "$RUN_DIR/screen.txt" "$shot"
	fits "$shot" "$cols" "$rows"
	# The status bar: the row with the transport; never cut at these sizes.
	local status
	status=$(grep 'en clair (sans TLS)' "$shot" | tail -n 1)
	[ -n "$status" ] || fail "$size: no status bar" "$shot"
	case $status in *…*) fail "$size: the status bar is cut: $status" "$shot" ;; esac
	grep -q 'plain (no TLS)\|not connected' "$shot" && fail "$size: English left on the status bar" "$shot"
	if [ "$cols" -lt 120 ]; then
		# Stacked: the key bar is the last row, every default item whole.
		local bar
		bar=$(tail -n 1 "$shot" | sed 's/ *$//')
		[ "$bar" = "$want_bar" ] || fail "$size: key bar '$bar', want '$want_bar'" "$shot"
	fi
	# The decoded pane's title and the hint line are French too.
	grep -q "$(fr ' decoded  %zu entry' | sed 's/%zu.*//')" "$shot" || fail "$size: the decoded pane's title is not French" "$shot"
	grep -q 'Tab complète, F1 aide' "$shot" || fail "$size: the hint line is not French" "$shot"

	# F1 help.
	tui_keys F1
	tui_wait "$(fr 'smtpcon help')"
	shot=$RUN_DIR/$size.F1.txt
	tui_screen >/dev/null
	cp "$RUN_DIR/screen.txt" "$shot"
	fits "$shot" "$cols" "$rows"
	local want
	for want in "$(fr 'Keys')" "$(fr 'help: keys and commands')" "$(fr 'switch the focused pane (wire / decoded)')" \
		"$(fr 'Esc or q closes, F1 toggles')"; do
		grep -qF "$want" "$shot" || fail "$size: F1 help lacks '$want'" "$shot"
	done
	# A note that wraps at 80 columns breaks between words: its last words are whole on their row.
	grep -qF "enregistrements TLS bruts)" "$shot" || fail "$size: the F6 note is cut" "$shot"
	for english in 'help: keys and commands' 'Keys' 'smtpcon help' 'Esc or q closes' 'switch the focused pane'; do
		grep -qF "$english" "$shot" && fail "$size: English '$english' left in F1 help" "$shot"
	done
	# Scroll to the end of help: the headings further down are French too, and still fit.
	tui_keys NPage NPage NPage NPage NPage NPage
	shot=$RUN_DIR/$size.F1.end.txt
	tui_screen >/dev/null
	cp "$RUN_DIR/screen.txt" "$shot"
	fits "$shot" "$cols" "$rows"
	grep -qF "$(fr 'Reader (full-screen text: a reply explained, a wire line in hex, long output)' | cut -c1-20)" "$shot" ||
		fail "$size: the end of F1 help is not French" "$shot"
	tui_keys Escape
	tui_tmux kill-server 2>/dev/null
	sleep 0.3
}

check_size 80x24
check_size 200x50
pass "French key bar, status bar and F1 help whole and within the screen at 80x24 and 200x50"
