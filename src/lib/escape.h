/* escape: the one gate through which untrusted bytes become display text.
 *
 * Every server byte shown on a terminal, in a transcript or in a status line goes through here. The output is
 * valid UTF-8 holding no C0 or C1 control character, no DEL, and no invisible character (format characters such
 * as bidi overrides or zero-width spaces, separators other than the space: see escape_cp_unsafe), so it can
 * neither move the cursor, change a window title, reorder text nor hide any of it.
 */
#ifndef SMTPCON_ESCAPE_H
#define SMTPCON_ESCAPE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

enum escape_flags {
	/* Show CR and LF as the two-character sequences \r and \n (default: they are escaped as well, always). */
	ESCAPE_DEFAULT = 0,
	/* Escape every non-ASCII byte as \xNN, even valid UTF-8 (for 7-bit-only outputs). */
	ESCAPE_ASCII = 1u << 0,
	/* Escape the backslash itself as \\ so the output can be turned back into the same bytes. */
	ESCAPE_REVERSIBLE = 1u << 1,
};

/*
 * Append a safe rendering of p[0..n) to out:
 *   printable ASCII as is; \r \n \t \0 by name; other C0, DEL and invalid UTF-8 bytes as \xNN (one per byte);
 *   C1 controls (U+0080..U+009F) and invisible characters as \u{XXXX}; other valid UTF-8 as is (unless ESCAPE_ASCII).
 * Appends as much as out->max allows: whole escapes and whole characters only, so a cut output is still a valid
 * prefix (valid UTF-8, no half escape).
 * With ESCAPE_REVERSIBLE, a NUL followed by an octal digit is written \x00 (not \0) so that unescape_c cannot
 * read "\0" "1" as the octal escape \01.
 */
void escape_bytes(struct buf *out, const uint8_t *p, size_t n, unsigned flags);
/* The same into a new NUL-terminated allocation (caller frees). */
char *escape_dup(const uint8_t *p, size_t n, unsigned flags);

/*
 * Append one hex-dump row for p[0..n) (n <= 16) starting at offset off:
 * "00000010  32 32 30 20 ...  |220 mail|". Non-printable bytes show as '.' in the ASCII column.
 */
void hexdump_row(struct buf *out, size_t off, const uint8_t *p, size_t n);

/*
 * True for the code points escape_bytes never lets through as they are: C0 controls, DEL, C1 controls, and every
 * character a terminal draws as nothing or as a blank that is not U+0020: all Unicode format characters (Cf:
 * zero-width space and joiners, soft hyphen, byte order mark, bidi marks, embeddings, overrides and isolates, tag
 * characters ...), all separators other than the space (Zs such as U+00A0 and U+3000; U+2028 and U+2029, which
 * some viewers treat as a new line: log forging) and the Hangul fillers. The JSON writer uses the same list, as
 * \uXXXX escapes that decode to the same bytes.
 */
bool escape_cp_unsafe(uint32_t cp);
/*
 * True when p[0..n) reads as text: valid UTF-8 with no control character other than TAB, CR and LF. A ClientHello
 * or other binary a client sends is not, and is best shown byte by byte (ESCAPE_ASCII): decoded as UTF-8 its
 * bytes would show as characters that happen to decode (a combining U+030C), which were never text.
 */
bool escape_is_text(const uint8_t *p, size_t n);

/* The table of invisible ranges behind escape_cp_unsafe (above U+009F), for tests: range i in [*lo, *hi]; false
 * when i is past the end. */
size_t escape_invisible_count(void);
bool escape_invisible_at(size_t i, uint32_t *lo, uint32_t *hi);

/*
 * Parse C-style escapes typed by the user ("\r\n", "\x16", "\026", "\t", "\\", "\""): the inverse of what a
 * person writes in /raw. Returns the number of bytes written to out, or -1 with *err set to a static message (an
 * English gettext msgid: show it with _() or dtext_puts) on a malformed escape. out must have room for strlen(in)
 * bytes (escapes only ever shrink).
 * Accepted: \r \n \t \0 \a \b \e (ESC) \f \v \\ \" \' \? ; \xH or \xHH (at most two hex digits);
 * \N, \NN, \NNN octal up to \377; \u{H...} (1 to 6 hex digits, a Unicode scalar value, written as UTF-8).
 * So the output of escape_bytes(..., ESCAPE_REVERSIBLE) turns back into the original bytes.
 */
long unescape_c(const char *in, uint8_t *out, const char **err);

/* The value of the hexadecimal digit c ('0'-'9', 'a'-'f', 'A'-'F'), or -1 for any other value (EOF included). */
int hex_digit(int c);

#endif
