/* json: a small JSON writer for JSON Lines output. Strings are always emitted as valid UTF-8: the writer checks
 * its input and never passes invalid bytes through (ncdu's export did; we don't). */
#ifndef SMTPCON_JSON_H
#define SMTPCON_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* True when p[0..n) is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
bool utf8_valid(const uint8_t *p, size_t n);
/*
 * Decode the one well-formed UTF-8 sequence at the start of p[0..n) (n > 0): returns its length (1..4) and sets
 * *cp, or returns 0 when p does not start with one (an invalid lead byte, an overlong form, a surrogate, a value
 * above U+10FFFF, or a sequence cut short by n). Callers treat one byte as invalid and go on at p + 1.
 */
size_t utf8_decode(const uint8_t *p, size_t n, uint32_t *cp);
/* Encode a Unicode scalar value into out: returns 1..4, or 0 for a surrogate or a value above U+10FFFF. */
size_t utf8_encode(uint32_t cp, uint8_t out[4]);

/*
 * True when p[0..n) is exactly one JSON value (RFC 8259), optionally surrounded by whitespace, in valid UTF-8,
 * nested at most JSON_MAX_DEPTH deep. A strict checker for tests and fuzzers (and anyone who reads JSON Lines
 * back): it accepts no extension (no comments, NaN, trailing commas, single quotes, raw control characters).
 */
bool json_valid(const uint8_t *p, size_t n);

#define JSON_MAX_DEPTH 16

/* A writer appending to a buf. Nesting deeper than JSON_MAX_DEPTH is a programmer error (abort). */
struct jw {
	struct buf *out;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
	bool after_key;
};

void jw_init(struct jw *w, struct buf *out);
void jw_obj_begin(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w);
void jw_arr_end(struct jw *w);
/* An object key; the next value call gives its value. The key is written like jw_str (escaped, UTF-8 checked). */
void jw_key(struct jw *w, const char *key);
/* A string from a C string (must be UTF-8; invalid bytes become U+FFFD). NULL writes null. */
void jw_str(struct jw *w, const char *s);
/*
 * A string from bytes: control characters as \uXXXX (or \n \r \t), invalid UTF-8 bytes as U+FFFD (one per
 * byte). DEL, C1 controls and the bidi controls escape.h also hides are written as \uXXXX too: still the same
 * characters to a JSON parser, but the file stays safe to cat on a terminal.
 * Returns true when the string decodes to an exact copy of the bytes, false when something was replaced.
 */
bool jw_bytes(struct jw *w, const uint8_t *p, size_t n);
void jw_int(struct jw *w, long long v);
/* Shortest text that reads back as the same double, whatever the locale; NaN and infinities (no JSON form) as
 * null. */
void jw_double(struct jw *w, double v);
/* A value already formatted as JSON (a number the caller printed, say); the caller vouches for its validity. */
void jw_raw(struct jw *w, const char *json);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);

/* Shorthands: key + value. */
void jw_kstr(struct jw *w, const char *key, const char *s);
void jw_kint(struct jw *w, const char *key, long long v);
void jw_kbool(struct jw *w, const char *key, bool v);
void jw_kdouble(struct jw *w, const char *key, double v);

#endif
