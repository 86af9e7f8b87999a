/* keys: the TUI's default key bindings, written in the console language (/bind lines, tmux's key-bindings.c) and
 * read by the same parser as the user's config file, so a default and a user's binding are the same kind of
 * thing and the user's always wins (cmd/options.h). Key names are resolved to curses codes here, again whenever
 * the bindings change, so extended keys (C-Home, M-Up) work on every terminal that sends them. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/config.h"
#include "cmd/options.h"
#include "lib/i18n.h"
#include "ui/ui-internal.h"

/* An action is a UI action name (ui_action in input.c) or a console line starting with '/'. The notes are marked
 * for translation where they stand (N_ is the string itself); F1 help translates them when it shows them. A
 * translation may hold any character but the note's quote: it is never parsed, only looked up. */
/* clang-format off */
static const char default_bindings[] =
	"/bind -N '" N_("help: keys and commands") "' F1 help\n"
	"/bind -N '" N_("switch the focused pane (wire / decoded)") "' F2 focus\n"
	"/bind -N '" N_("find the next older match of the search") "' F3 search-next\n"
	"/bind -N '" N_("find the next newer match") "' S-F3 search-prev\n"
	"/bind -N '" N_("search the wire log (then n / N; Esc ends)") "' C-f search\n"
	"/bind -N '" N_("capabilities of the last EHLO, before/after TLS diff") "' F4 caps\n"
	"/bind -N \"" N_("the server's certificate chain") "\" F5 cert\n"
	"/bind -N '" N_("hex view of the wire pane on / off (with the raw TLS records)") "' F6 hex\n"
	"/bind -N '" N_("wire pane: wrap long lines / cut them (then S-Left, S-Right scroll sideways)") "' F7 wrap\n"
	"/bind -N '" N_("leave (QUIT first when connected; twice: at once)") "' F10 quit\n"
	"/bind -N '" N_("drop lines queued behind a wait; again: cancel the wait (connect, handshake, reply), clear the "
	"line") "' C-c cancel\n"
	"/bind -N '" N_("redraw the screen") "' C-l redraw\n"
	"/bind -N '" N_("scroll the focused pane up") "' PgUp page-up\n"
	"/bind -N '" N_("scroll the focused pane down") "' PgDn page-down\n"
	"/bind -N '" N_("to the oldest line") "' C-Home top\n"
	"/bind -N '" N_("to the newest line, and follow") "' C-End bottom\n"
	"/bind -N '" N_("to the oldest line (when the prompt is empty)") "' Home top-if-empty\n"
	"/bind -N '" N_("to the newest line (when the prompt is empty)") "' End bottom-if-empty\n"
	"/bind -N '" N_("select the previous reply (highlights it in the wire pane)") "' M-Up select-prev\n"
	"/bind -N '" N_("select the next reply") "' M-Down select-next\n"
	/* The same notes as M-Up and M-Down: help shows a note, never the action's id ("select-prev"). */
	"/bind -N '" N_("select the previous reply (highlights it in the wire pane)") "' C-Up select-prev\n"
	"/bind -N '" N_("select the next reply") "' C-Down select-next\n"
	"/bind -N '" N_("scroll the focused pane one line up") "' S-Up line-up\n"
	"/bind -N '" N_("scroll one line down") "' S-Down line-down\n"
	"/bind -N '" N_("scroll the wire pane left (when lines are cut, F7)") "' S-Left scroll-left\n"
	"/bind -N '" N_("scroll the wire pane right") "' S-Right scroll-right\n"
	"/bind -N '" N_("move the divider: the wire pane narrower (shorter when stacked)") "' M-Left split-wire-narrower\n"
	"/bind -N '" N_("move the divider: the wire pane wider (taller when stacked)") "' M-Right split-wire-wider\n"
	"/bind -N '" N_("the practice lesson beside the session: show / hide (/lesson, /lesson off)") "' M-l lesson\n"
	"/bind -N '" N_("listen mode: show the next client alone, then all again (/client N, /client all)") "' M-c "
	"client-next\n";
/* clang-format on */

/* Resolved codes, parallel to bindings_at(i) (0: this terminal has no such key). */
static int codes[BINDINGS_MAX];
static unsigned resolved_generation = ~0u;
static int next_code = KEY_MAX + 1; /* codes we give to sequences the terminfo entry does not know */

const char *keys_default_text(void)
{
	return default_bindings;
}

/* The code of a key named by its terminfo capability ("kHOM5"), or 0. */
static int ext_key(const char *cap)
{
	char *seq = tigetstr(cap);
	if (seq == NULL || seq == (char *)-1)
		return 0;
	int k = key_defined(seq);
	return k > 0 ? k : 0;
}

/* The code for an escape sequence: the one curses knows, or a new one we teach it. */
static int seq_key(const char *seq, int std)
{
	int k = key_defined(seq);
	if (k > 0)
		return k;
	if (k < 0)
		return std; /* a prefix of another key: leave it alone */
	int code = std ? std : next_code++;
	define_key(seq, code);
	return code;
}

int keys_meta_code(int ch)
{
	return KEY_MAX + 1024 + (ch & 0x7f);
}

static const struct named_key {
	const char *name;
	int code;        /* plain */
	int shifted;     /* curses' own shifted code, or 0 */
	const char *cap; /* terminfo extended capability stem */
	char xterm_end;  /* xterm's "\e[1;<m><end>" or "\e[<n>;<m>~" with n = xterm_num */
	int xterm_num;
} named_keys[] = {
	{"Up", KEY_UP, KEY_SR, "kUP", 'A', 0},          {"Down", KEY_DOWN, KEY_SF, "kDN", 'B', 0},
	{"Right", KEY_RIGHT, KEY_SRIGHT, "kRIT", 'C', 0}, {"Left", KEY_LEFT, KEY_SLEFT, "kLFT", 'D', 0},
	{"Home", KEY_HOME, KEY_SHOME, "kHOM", 'H', 0},  {"End", KEY_END, KEY_SEND, "kEND", 'F', 0},
	{"PgUp", KEY_PPAGE, KEY_SPREVIOUS, "kPRV", '~', 5}, {"PgDn", KEY_NPAGE, KEY_SNEXT, "kNXT", '~', 6},
	{"IC", KEY_IC, KEY_SIC, "kIC", '~', 2},         {"DC", KEY_DC, KEY_SDC, "kDC", '~', 3},
	{"BTab", KEY_BTAB, 0, NULL, 0, 0},
};

static int resolve_named(const char *name, char mod)
{
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
		const struct named_key *k = &named_keys[i];
		if (strcmp(name, k->name) != 0)
			continue;
		if (mod == 0)
			return k->code;
		if (k->cap == NULL)
			return 0;
		int m = mod == 'S' ? 2 : mod == 'M' ? 3 : 5;
		char cap[16], seq[16];
		snprintf(cap, sizeof cap, "%s%d", k->cap, m);
		int code = ext_key(cap);
		if (code)
			return code;
		if (k->xterm_num)
			snprintf(seq, sizeof seq, "\033[%d;%d~", k->xterm_num, m);
		else
			snprintf(seq, sizeof seq, "\033[1;%d%c", m, k->xterm_end);
		/* Terminals whose terminfo lacks the modified keys still send xterm's sequences (tmux with
		 * TERM=screen does): teach curses those, so M-Up does not arrive as ESC [ 1 ; 3 A in the prompt. */
		return seq_key(seq, mod == 'S' ? k->shifted : 0);
	}
	return 0;
}

static int resolve(const char *name)
{
	if (name[0] == 'F')
		return KEY_F(atoi(name + 1));
	if (strncmp(name, "S-F", 3) == 0) {
		int n = atoi(name + 3);
		/* xterm sends shifted function keys as F13..; tmux sends S-F3 as ESC [ 1 ; 2 R. */
		if (n >= 1 && n <= 4) {
			char seq[16];
			snprintf(seq, sizeof seq, "\033[1;2%c", "PQRS"[n - 1]);
			seq_key(seq, KEY_F(12 + n));
		}
		return KEY_F(12 + n);
	}
	if (name[0] == 'C' && name[1] == '-' && name[2] && name[3] == '\0')
		return name[2] & 0x1f;
	if (name[0] == 'M' && name[1] == '-' && name[2] && name[3] == '\0')
		return keys_meta_code((unsigned char)name[2]);
	if (name[1] == '-')
		return resolve_named(name + 2, name[0]);
	return resolve_named(name, 0);
}

static void resolve_all(void)
{
	for (size_t i = 0; i < bindings_count() && i < BINDINGS_MAX; i++)
		codes[i] = resolve(bindings_at(i)->key);
	resolved_generation = bindings_generation();
}

int keys_init(struct buf *errs)
{
	int n = config_parse_text(default_bindings, sizeof default_bindings - 1, "built-in key bindings",
	                          CONFIG_DEFAULTS, errs);
	resolve_all();
	return n;
}

const char *keys_lookup(int key)
{
	if (key == 0)
		return NULL;
	if (resolved_generation != bindings_generation())
		resolve_all();
	for (size_t i = 0; i < bindings_count() && i < BINDINGS_MAX; i++) {
		if (codes[i] != key)
			continue;
		const char *a = bindings_lookup(bindings_at(i)->key);
		if (a)
			return a; /* else the user unbound it: another name may still give this code */
	}
	return NULL;
}
