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
/* An object key; the next value call gives its value. */
void jw_key(struct jw *w, const char *key);
/* A string from a C string (must be UTF-8; invalid bytes become U+FFFD). NULL writes null. */
void jw_str(struct jw *w, const char *s);
/*
 * A string from bytes: control characters as \uXXXX (or \n \r \t), invalid UTF-8 bytes as U+FFFD.
 * Returns true when the string is an exact copy of the bytes, false when something was replaced.
 */
bool jw_bytes(struct jw *w, const uint8_t *p, size_t n);
void jw_int(struct jw *w, long long v);
void jw_double(struct jw *w, double v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);

/* Shorthands: key + value. */
void jw_kstr(struct jw *w, const char *key, const char *s);
void jw_kint(struct jw *w, const char *key, long long v);
void jw_kbool(struct jw *w, const char *key, bool v);
void jw_kdouble(struct jw *w, const char *key, double v);

#endif
