/* keys: the default key bindings as data: a key name and an action (an action name the UI knows, or a console
 * line starting with '/'), with the text F1 help shows. Key names are resolved to curses codes once at start, so
 * extended keys (C-Home, M-Up) work on every terminal that has them. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui-internal.h"

static const struct key_binding defaults[] = {
	{"F1", "help", "help: keys and commands"},
	{"F2", "focus", "switch the focused pane (wire / decoded)"},
	{"F3", "search-next", "find the next older match of the search"},
	{"S-F3", "search-prev", "find the next newer match"},
	{"C-f", "search", "search the wire log (then n / N; Esc ends)"},
	{"F4", "caps", "capabilities of the last EHLO, before/after TLS diff"},
	{"F5", "cert", "the server's certificate chain"},
	{"F6", "hex", "hex view of the wire pane on / off"},
	{"F10", "quit", "leave (QUIT first when connected; twice: at once)"},
	{"C-c", "cancel", "cancel what is pending (connect, handshake, wait), clear the line"},
	{"C-l", "redraw", "redraw the screen"},
	{"PPage", "page-up", "scroll the focused pane up"},
	{"NPage", "page-down", "scroll the focused pane down"},
	{"C-Home", "top", "to the oldest line"},
	{"C-End", "bottom", "to the newest line, and follow"},
	{"Home", "top-if-empty", "to the oldest line (when the prompt is empty)"},
	{"End", "bottom-if-empty", "to the newest line (when the prompt is empty)"},
	{"M-Up", "select-prev", "select the previous reply (highlights it in the wire pane)"},
	{"M-Down", "select-next", "select the next reply"},
	{"C-Up", "select-prev", NULL},
	{"C-Down", "select-next", NULL},
	{"S-Up", "line-up", "scroll the focused pane one line up"},
	{"S-Down", "line-down", "scroll one line down"},
	{NULL, NULL, NULL},
};

/* Resolved codes, parallel to defaults (0: the terminal has no such key). */
static int codes[sizeof defaults / sizeof defaults[0]];

/* The code of an extended key named by its terminfo capability ("kHOM5"), or 0. */
static int ext_key(const char *cap)
{
	char *seq = tigetstr(cap);
	if (seq == NULL || seq == (char *)-1)
		return 0;
	int k = key_defined(seq);
	return k > 0 ? k : 0;
}

static int resolve(const char *name)
{
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9')
		return KEY_F(atoi(name + 1));
	if (strncmp(name, "S-F", 3) == 0)
		return KEY_F(12 + atoi(name + 3)); /* xterm sends shifted function keys as F13.. */
	if (strncmp(name, "C-", 2) == 0 && name[2] && name[3] == '\0')
		return name[2] & 0x1f;
	static const struct {
		const char *name;
		int code;
		const char *cap;
	} named[] = {
		{"PPage", KEY_PPAGE, NULL},   {"NPage", KEY_NPAGE, NULL}, {"Home", KEY_HOME, NULL},
		{"End", KEY_END, NULL},       {"S-Up", KEY_SR, NULL},     {"S-Down", KEY_SF, NULL},
		{"C-Home", 0, "kHOM5"},       {"C-End", 0, "kEND5"},      {"M-Up", 0, "kUP3"},
		{"M-Down", 0, "kDN3"},        {"C-Up", 0, "kUP5"},        {"C-Down", 0, "kDN5"},
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(name, named[i].name) == 0)
			return named[i].cap ? ext_key(named[i].cap) : named[i].code;
	return 0;
}

/* Terminals whose terminfo lacks the modified keys still send xterm's sequences (tmux with TERM=screen does):
 * teach curses those, so M-Up does not arrive as ESC [ 1 ; 3 A typed into the prompt. */
static void define_missing(void)
{
	static const struct {
		const char *cap;
		const char *seq;
	} xterm[] = {
		{"kHOM5", "\033[1;5H"}, {"kEND5", "\033[1;5F"}, {"kUP3", "\033[1;3A"},
		{"kDN3", "\033[1;3B"},  {"kUP5", "\033[1;5A"},  {"kDN5", "\033[1;5B"},
	};
	for (size_t i = 0; i < sizeof xterm / sizeof xterm[0]; i++)
		if (ext_key(xterm[i].cap) == 0 && key_defined(xterm[i].seq) <= 0)
			define_key(xterm[i].seq, KEY_MAX + 1 + (int)i);
	if (key_defined("\033[1;2R") <= 0)
		define_key("\033[1;2R", KEY_F(15));
}

/* The code for a modified key: terminfo's, else the one define_missing gave xterm's sequence. */
static int resolve_ext(const char *name)
{
	static const char *const order[] = {"C-Home", "C-End", "M-Up", "M-Down", "C-Up", "C-Down"};
	static const char *const seqs[] = {"\033[1;5H", "\033[1;5F", "\033[1;3A", "\033[1;3B", "\033[1;5A",
	                                   "\033[1;5B"};
	int k = resolve(name);
	if (k)
		return k;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (strcmp(name, order[i]) == 0) {
			int d = key_defined(seqs[i]);
			return d > 0 ? d : 0;
		}
	return 0;
}

void keys_init(void)
{
	define_missing();
	for (size_t i = 0; defaults[i].key; i++)
		codes[i] = resolve_ext(defaults[i].key);
}

const char *keys_lookup(int key)
{
	if (key == 0)
		return NULL;
	for (size_t i = 0; defaults[i].key; i++)
		if (codes[i] == key)
			return defaults[i].action;
	return NULL;
}

const struct key_binding *keys_table(void)
{
	return defaults;
}
