/* options: the settings /set changes and the key bindings /bind makes, as data (tmux's options-table.c and
 * key-bindings.c). One table row per option: name, type, default (written as /set takes it), range and one line
 * of help, from which `/set` lists everything and the tests check every default. Key bindings are a small store
 * of "key name -> console line or UI action", filled by the TUI's built-in default text (ui/keys.c) and by the
 * user's /bind lines; the TUI resolves key names to terminal key codes.
 *
 * State is process-wide (one user, one set of settings), like tmux's global options. Values are kept as
 * canonical text ("on", "20", "light"); every value is bounded (OPTIONS_MAX_VALUE) and checked when set, so a
 * reader never sees one that does not parse.
 */
#ifndef SMTPCON_OPTIONS_H
#define SMTPCON_OPTIONS_H
#include <stdbool.h>
#include <stddef.h>

#define OPTIONS_MAX_VALUE 256     /* bytes of one option value */
#define BINDINGS_MAX 256          /* key bindings kept */
#define BINDINGS_MAX_KEY 16       /* bytes of a canonical key name, NUL included */
#define BINDINGS_MAX_COMMAND 512  /* bytes of a bound command */
#define BINDINGS_MAX_NOTE 128     /* bytes of a binding's help note */

enum option_type {
	OPTION_STRING,
	OPTION_NUMBER, /* a decimal integer within [min, max] */
	OPTION_FLAG,   /* on/off (also yes/no, true/false, 1/0); `/set NAME` alone toggles it */
};

enum option_scope {
	OPTION_SESSION, /* read at start-up into the session's parameters (batch and TUI) */
	OPTION_UI,      /* the TUI only: batch mode accepts and ignores it */
};

struct option_entry {
	const char *name;
	enum option_type type;
	enum option_scope scope;
	const char *def;   /* the default, as /set takes it ("" for an empty string) */
	long min, max;     /* OPTION_NUMBER only */
	const char *help;  /* one line */
};

/* The table, ending with a NULL name. Names are unique (tests/unit/test-config.c checks). */
extern const struct option_entry options_table[];
/* The row named name (case-insensitive), or NULL. */
const struct option_entry *options_find(const char *name);

/*
 * Check value for option e and write its canonical text into canon (n bytes): flags become "on"/"off", numbers
 * lose leading zeros. Returns 0, or -1 with a message in err ("timeout wants a number from 1 to 86400").
 */
int options_check(const struct option_entry *e, const char *value, char *canon, size_t n, char *err, size_t errsz);
/* Set option name to value (checked as above). Returns 0, or -1 with a message in err (unknown name, bad value). */
int options_set(const char *name, const char *value, char *err, size_t errsz);
/* The same with the message appended to err in two languages (lib/dtext.h: English for JSON, the user's language
 * for screens); the char * versions above keep the English. */
struct dtext;
int options_checkd(const struct option_entry *e, const char *value, char *canon, size_t n, struct dtext *err);
int options_setd(const char *name, const char *value, struct dtext *err);
/* The current value of name as text (the default when never set); NULL for an unknown name. */
const char *options_get(const char *name);
/* The current value of a number or flag option (0 / false for unknown names or other types). */
long options_number(const char *name);
bool options_flag(const char *name);
/* True when /set (the config file or the prompt) gave name a value since the last reset. */
bool options_is_set(const char *name);
/* Forget every /set and every binding (tests; a fresh start). */
void options_reset(void);

/* ---- key bindings ---- */

/*
 * Canonical spelling of a key name, into canon (BINDINGS_MAX_KEY bytes): "F7", "S-F3", "C-t" (also "^T"),
 * "M-x", "PgUp" (also PPage, PageUp), "PgDn" (also NPage, PageDown), "Home", "End", "IC" (Insert), "DC" (Delete), "Up", "Down",
 * "Left", "Right", "BTab", and S-/C-/M- before Up/Down/Left/Right/Home/End/PgUp/PgDn/IC/DC ("C-Home").
 * Keys the prompt cannot live without (C-m is Enter, C-i is Tab, C-h is Backspace) are refused.
 * Returns 0, or -1 with a message in err.
 */
int bindings_key_name(const char *name, char *canon, char *err, size_t errsz);
int bindings_key_named(const char *name, char *canon, struct dtext *err); /* err in two languages */

struct binding {
	char key[BINDINGS_MAX_KEY];         /* canonical name */
	char command[BINDINGS_MAX_COMMAND]; /* "/caps", "page-up"; "" when the user unbound the key */
	char note[BINDINGS_MAX_NOTE];       /* help text; "" for none (then F1 help shows the command) */
	bool user;                          /* from the user (the config file or the prompt), not the defaults */
};

/*
 * Bind key to command (a console line starting with '/', or the name of a UI action such as "page-up"), with an
 * optional note for F1 help. A default binding (user = false) never replaces one the user made, so the defaults
 * may be loaded before or after the user's file. An empty command records "unbound by the user".
 * Returns 0, or -1 with a message in err (bad key name, too long, too many bindings).
 */
int bindings_set(const char *key, const char *command, const char *note, bool user, char *err, size_t errsz);
int bindings_setd(const char *key, const char *command, const char *note, bool user, struct dtext *err);
/* The command bound to the canonical key name (NULL when none, or unbound). */
const char *bindings_lookup(const char *key);
/* Bindings in the order they were first made (unbound ones included: check command[0]). */
size_t bindings_count(void);
const struct binding *bindings_at(size_t i);
/* Goes up on every change, so the TUI knows when to resolve key codes again. */
unsigned bindings_generation(void);

#endif
