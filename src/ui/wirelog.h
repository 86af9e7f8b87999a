/* wirelog: the storage behind the wire pane. Holds millions of display lines in bounded memory per line.
 *
 * Invariants: each line is stored once, as the raw bytes it showed on the wire (escaping happens when a line is
 * drawn, so the log never holds terminal control text), cut to max_line bytes (WL_CUT marks the cut). Lines live
 * in chunked arrays: a fixed 20-byte index entry per line in chunks of WIRELOG_CHUNK entries and the bytes in
 * large text blocks, so wirelog_get(n) is O(1) for any n and appending never moves what is stored. Line numbers
 * are absolute and never reused: when the log passes max_lines, the oldest chunk is dropped and
 * wirelog_first() moves on; wirelog_get() on a dropped line returns false.
 */
#ifndef SMTPCON_UI_WIRELOG_H
#define SMTPCON_UI_WIRELOG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIRELOG_CHUNK 4096u               /* lines per index chunk */
#define WIRELOG_BLOCK (256u * 1024u)      /* bytes per text block */
#define WIRELOG_MAX_LINE 2048u            /* default cut length of one line */
#define WIRELOG_MAX_LINES (8u * 1024u * 1024u) /* default number of lines kept */
#define WIRELOG_MAX_BYTES (512u * 1024u * 1024u) /* text bytes kept before the oldest lines go */

enum wl_kind {
	WL_DATA,   /* bytes that crossed the wire (dir says which way) */
	WL_RULE,   /* a rule across the pane (the STARTTLS boundary); text is its label */
	WL_NOTE,   /* our own text: connected, closed, console output */
	WL_ANNOT,  /* our own annotation of the line above (base64 decoded, TLS record recognised) */
	WL_ERROR,  /* our own text, an error */
	WL_RECORD, /* a raw TLS record as it crossed the socket (hex view only); flags hold enum wrec_flag bits */
};

enum wl_flag {
	WL_TLS = 1u << 0,       /* travelled inside TLS */
	WL_SECRET = 1u << 1,    /* the core masked a secret in these bytes */
	WL_SEG_START = 1u << 2, /* first piece of one read() or write() */
	WL_CONT = 1u << 3,      /* continues a line begun in an earlier piece (no line start here) */
	WL_CUT = 1u << 4,       /* the line was longer than max_line and was cut */
	WL_CR_SPLIT = 1u << 5,  /* a CR at the end of this piece / LF at its start pairs with the neighbour piece */
	WL_BINARY = 1u << 6,    /* we sent bytes that are not text (a ClientHello): shown byte by byte */
	WL_GROUP = 1u << 7,     /* a command of a pipelined group (several commands in one write or read) */
};

struct wl_line {
	const uint8_t *text; /* valid until the next append or clear */
	size_t len;
	uint32_t t_ms;       /* session time offset, milliseconds */
	enum wl_kind kind;
	int dir;             /* enum event_dir */
	unsigned flags;      /* enum wl_flag */
	unsigned client;     /* listen mode: the remote client the line belongs to (0: our own session) */
};

struct wirelog;

/* max_line: longest line kept (0: WIRELOG_MAX_LINE; at most 65535); max_lines: lines kept (0: the default). */
struct wirelog *wirelog_new(size_t max_line, size_t max_lines);
void wirelog_free(struct wirelog *w);
/* Forget every line (line numbers keep counting up). */
void wirelog_clear(struct wirelog *w);

/* Append one line; returns its line number. text may hold any bytes (NUL included). */
size_t wirelog_append(struct wirelog *w, enum wl_kind kind, int dir, unsigned flags, uint32_t t_ms,
                      const uint8_t *text, size_t len);
/* Line number of the oldest line kept, and one past the newest (first == end: empty). */
size_t wirelog_first(const struct wirelog *w);
size_t wirelog_end(const struct wirelog *w);
/* Listen mode: the lines appended from now on belong to remote client n (0: our own session). */
void wirelog_set_client(struct wirelog *w, unsigned long client);
/* Add flags to line n (a later piece can tell that a CR ending line n was half of a split CRLF). */
void wirelog_add_flags(struct wirelog *w, size_t n, unsigned flags);
/* Fetch line n in O(1); false when n is not kept. */
bool wirelog_get(const struct wirelog *w, size_t n, struct wl_line *out);
/* Bytes allocated (index + text), for tests and the status line. */
size_t wirelog_memory(const struct wirelog *w);

#endif
