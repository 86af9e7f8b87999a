/* reply: incremental parser for SMTP replies (RFC 5321 §4.2), single and multi-line, with RFC 3463 enhanced codes.
 *
 * The server is untrusted. The parser never repairs silently: every anomaly sets a flag on the reply that
 * carries it. It never crashes or hangs on malformed input, and its memory is bounded by the limits given at
 * creation: a line longer than max_line is cut (REPLY_LINE_TOO_LONG) and the rest of it dropped until its end;
 * a reply with more than max_lines lines keeps the first max_lines, counts the rest (REPLY_TOO_MANY_LINES).
 *
 * Line shape: "NNN-text" continues a reply, "NNN text" or "NNN" alone ends it. Lines end at LF; a CR just before
 * the LF is removed (no CR: REPLY_BARE_LF); any other CR stays in the text (REPLY_BARE_CR); NUL bytes stay in the
 * text (REPLY_NUL). max_line counts the whole line, code included, so a line's text is never longer than max_line.
 *
 * Malformed lines (no 3-digit code followed by ' ', '-' or the line end):
 *   - outside a reply, the line is a complete reply by itself: code -1, REPLY_MALFORMED, the whole line as text;
 *   - inside a multi-line reply (after a "NNN-" line), the line joins that reply with the whole line as its text
 *     and the reply is flagged REPLY_MALFORMED, but it does not end the reply: the reply still ends at its first
 *     final line. Ending it early would turn one reply into several and shift every later reply onto the wrong
 *     pipelined command; the cost (a server that never sends a final line) is bounded by max_lines anyway.
 * A valid line with another code inside a multi-line reply sets REPLY_CODE_MISMATCH; the reply keeps the first
 * line's code and still ends at the first final line, whatever its code.
 */
#ifndef SMTPCON_REPLY_H
#define SMTPCON_REPLY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum reply_flag {
	REPLY_MALFORMED = 1u << 0,      /* a line without a 3-digit code and ' ' / '-' / end after it */
	REPLY_CODE_MISMATCH = 1u << 1,  /* lines of one multi-line reply carry different codes */
	REPLY_BARE_LF = 1u << 2,        /* a line ended by LF alone */
	REPLY_BARE_CR = 1u << 3,        /* a CR not followed by LF inside a line */
	REPLY_NUL = 1u << 4,            /* a NUL byte in a line (curl treats it as an error; we flag it) */
	REPLY_LINE_TOO_LONG = 1u << 5,  /* a line passed max_line and was cut */
	REPLY_TOO_MANY_LINES = 1u << 6, /* more than max_lines lines; the rest were counted, not kept */
	REPLY_OVER_512 = 1u << 7,       /* a line longer than RFC 5321's 512 octets (accepted, noted) */
	REPLY_BAD_CODE = 1u << 8,       /* first digit not 2..5, or second not 0..5 (RFC 5321 §4.2.1) */
	REPLY_ENH_MISMATCH = 1u << 9,   /* enhanced code class differs from the basic code's first digit */
	REPLY_INCOMPLETE = 1u << 10,    /* produced by reply_parser_flush: the connection ended mid-reply */
};

struct reply_line {
	char *text;  /* bytes after "NNN-"/"NNN " (or the whole line if malformed), NUL-terminated */
	size_t len;  /* length of text; text may itself hold NUL bytes */
};

struct reply {
	int code;                /* 0..999, or -1 when the first line had no valid code */
	char enhanced[16];       /* "5.7.1" when the first line carries one; "" otherwise */
	struct reply_line *lines;
	size_t nlines;           /* lines kept */
	size_t total_lines;      /* lines seen, including those dropped past max_lines */
	unsigned flags;          /* enum reply_flag */
	size_t raw_len;          /* bytes of wire data this reply took, line endings included */
};

struct reply_parser;

/* max_line: longest line kept (bytes, without the line ending); max_lines: lines kept per reply. */
struct reply_parser *reply_parser_new(size_t max_line, size_t max_lines);
void reply_parser_free(struct reply_parser *p);

typedef void (*reply_fn)(void *arg, const struct reply *r);

/*
 * Feed bytes as they arrive (any split: one byte at a time or many replies at once). fn is called once per
 * completed reply, in order; the reply and its lines are valid only during the call (use reply_dup to keep one).
 */
void reply_parser_feed(struct reply_parser *p, const uint8_t *data, size_t n, reply_fn fn, void *arg);
/*
 * From inside fn only: make the running reply_parser_feed return as soon as fn returns, leaving the rest of its
 * data unparsed (e.g. the 220 to STARTTLS: bytes after it are an injection attempt, not replies). No effect
 * outside fn. fn may also call reply_parser_reset; it must not feed, flush or free the parser.
 */
void reply_parser_pause(struct reply_parser *p);
/* Bytes of the last reply_parser_feed call that were parsed: n, unless fn called reply_parser_pause. */
size_t reply_parser_consumed(const struct reply_parser *p);
/* Bytes of storage the parser holds now (its buffers included): at most about max_lines * (max_line + 1) plus
 * small per-line bookkeeping, whatever the server sends. For tests of the bounds and for a status display. */
size_t reply_parser_memory(const struct reply_parser *p);
/* True when bytes of an unfinished line or reply are held. */
bool reply_parser_pending(const struct reply_parser *p);
/* The connection ended: deliver what is held as a reply flagged REPLY_INCOMPLETE (if anything is held). */
void reply_parser_flush(struct reply_parser *p, reply_fn fn, void *arg);
/* Drop anything held (e.g. at the TLS boundary, where held plaintext bytes must not become TLS-era data). */
void reply_parser_reset(struct reply_parser *p);

/* Deep copy / free of a reply. reply_free takes only replies made by reply_dup (NULL is fine). */
struct reply *reply_dup(const struct reply *r);
void reply_free(struct reply *r);

/* Parse "X.Y.Z" at the start of s (class 2, 4 or 5; subject 0..999; detail 0..999, each 1 to 3 digits) into
 * out (size >= 16). The code must be followed by a space, a tab or the end of s ("5.7.1x" is not a code).
 * Returns the number of characters of the code (5 for "5.7.1 text"), 0 when s does not start with an enhanced
 * code (out is then ""). */
size_t enhanced_code_parse(const char *s, size_t n, char out[16]);

/* Text of the flag names set in flags, comma separated ("bare LF, NUL byte"), in the user's language, into out
 * (size outsz): for people (JSON Lines has ids of its own). */
void reply_flags_describe(unsigned flags, char *out, size_t outsz);

#endif
