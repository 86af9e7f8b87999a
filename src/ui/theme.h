/* theme: colours and attributes by role. Drawing code names roles (what a thing is: "wire.server", "status.tls"),
 * never colours; a theme file maps every role to a colour pair and attributes. The parser knows no curses, so it
 * can be tested alone; ui.c turns a parsed theme into curses attributes.
 *
 * File format (docs/themes.md): one role per line, "ROLE [fg=COLOUR] [bg=COLOUR] [ATTR...]"; '#' starts a
 * comment. COLOUR: default, black, red, green, yellow, blue, magenta, cyan, white, bright-NAME, colourN (0..255)
 * or colorN, optionally followed by "/FALLBACK" used on terminals with fewer colours than N.
 * ATTR: bold, dim, underline, reverse, italic, standout, blink, normal.
 */
#ifndef SMTPCON_UI_THEME_H
#define SMTPCON_UI_THEME_H
#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"

enum ui_role {
	ROLE_DEFAULT,
	ROLE_TITLE,
	ROLE_TITLE_FOCUS,
	ROLE_BORDER,
	ROLE_WIRE_TIME,
	ROLE_WIRE_CLIENT,
	ROLE_WIRE_SERVER,
	ROLE_WIRE_TLS,
	ROLE_WIRE_EOL,
	ROLE_WIRE_ANOMALY,
	ROLE_WIRE_ESCAPE,
	ROLE_WIRE_SEGMENT,
	ROLE_WIRE_RULE,
	ROLE_WIRE_NOTE,
	ROLE_WIRE_ANNOT,
	ROLE_WIRE_ERROR,
	ROLE_WIRE_MARK,
	ROLE_WIRE_MATCH,
	ROLE_WIRE_HEX_OFFSET,
	ROLE_REPLY_2XX,
	ROLE_REPLY_3XX,
	ROLE_REPLY_4XX,
	ROLE_REPLY_5XX,
	ROLE_REPLY_BAD,
	ROLE_REPLY_SELECTED,
	ROLE_REPLY_DETAIL,
	ROLE_DIAGNOSIS,
	ROLE_WARNING,
	ROLE_ERROR,
	ROLE_STATUS,
	ROLE_STATUS_PLAIN,
	ROLE_STATUS_TLS,
	ROLE_STATUS_BAD,
	ROLE_STATUS_WAIT,
	ROLE_HINT,
	ROLE_PROMPT,
	ROLE_PROMPT_MARK,
	ROLE_OVERLAY,
	ROLE_OVERLAY_TITLE,
	ROLE_DIFF_ADDED,
	ROLE_DIFF_REMOVED,
	ROLE_DIFF_CHANGED,
	ROLE_NOTICE,
	/* Listen mode: client N's tag ("#N") and gutter mark use ROLE_CLIENT_1 + (N - 1) % CLIENT_COLOURS. */
	ROLE_CLIENT_1,
	ROLE_CLIENT_2,
	ROLE_CLIENT_3,
	ROLE_CLIENT_4,
	ROLE_CLIENT_5,
	ROLE_CLIENT_6,
	ROLE_COUNT
};

/* The client palette's size (ROLE_CLIENT_1 ... ROLE_CLIENT_6). */
#define CLIENT_COLOURS 6

/* Attribute bits of a style (our own, mapped to curses by ui.c). */
enum theme_attr {
	TA_BOLD = 1u << 0,
	TA_DIM = 1u << 1,
	TA_UNDERLINE = 1u << 2,
	TA_REVERSE = 1u << 3,
	TA_ITALIC = 1u << 4,
	TA_STANDOUT = 1u << 5,
	TA_BLINK = 1u << 6,
};

#define THEME_COLOUR_DEFAULT (-1)
#define THEME_COLOUR_NONE (-2) /* no fallback given */

struct theme_style {
	short fg, bg;          /* 0..255 or THEME_COLOUR_DEFAULT */
	short fg_fb, bg_fb;    /* fallback for terminals with fewer colours, or THEME_COLOUR_NONE */
	unsigned attrs;        /* enum theme_attr */
	bool set;              /* the theme named this role */
};

struct theme {
	struct theme_style style[ROLE_COUNT];
};

/* The file name of a role ("wire.server"), or NULL for an out-of-range role. */
const char *theme_role_name(enum ui_role r);
/* The role that colours a reply of this code: its class (2xx ... 5xx), or ROLE_REPLY_BAD for a code outside them. */
enum ui_role theme_reply_role(int code);
/* Every role default colours, no attributes, unset. */
void theme_init(struct theme *t);
/*
 * Parse theme text into t (on top of what t holds). Errors ("NAME:LINE: unknown role 'x'") are appended to errs,
 * one per line, and parsing goes on. Returns the number of errors.
 */
int theme_parse(struct theme *t, const char *text, size_t len, const char *name, struct buf *errs);
/*
 * Find and parse theme NAME (or a path when NAME holds a '/'): $XDG_CONFIG_HOME/smtpcon/themes (or
 * ~/.config/smtpcon/themes), then SMTPCON_DATADIR/themes, then SMTPCON_SOURCEDIR/themes, as NAME.theme.
 * Returns the number of errors (a theme that cannot be found counts as one, with its message in errs).
 */
int theme_load(struct theme *t, const char *name, struct buf *errs);
/* The files theme_load tries for NAME, in order (at most max, at least 3 needed; allocated, the caller frees
 * each): a path when NAME holds a '/'; else the user's theme directory, the installed data dir, the source tree. */
size_t theme_search_path(const char *name, char **paths, size_t max);
/* Number of roles the theme did not name (a shipped theme names them all). */
int theme_unset_roles(const struct theme *t);
/* The colour to use on a terminal with ncolours colours: the fallback when c does not fit and one was given,
 * else an approximation among the first ncolours (8 or 16) colours; THEME_COLOUR_DEFAULT stays. */
short theme_colour_for(short c, short fallback, int ncolours);

#endif
