/* buf: a growable byte buffer with a hard size limit fixed when it is made.
 *
 * Invariants: data[0..len) holds the bytes; when data is not NULL, data[len] is '\0' (so text can be read as a C
 * string, although the bytes may themselves hold NUL); len <= max whenever max != 0. An append that would pass
 * max appends nothing and returns false: the caller decides whether that is an error to report. The struct is
 * public on purpose (like git's strbuf): it is plain data that many modules read.
 */
#ifndef SMTPCON_BUF_H
#define SMTPCON_BUF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct buf {
	uint8_t *data;
	size_t len;
	size_t cap;
	size_t max; /* 0: no limit (only for buffers whose growth the caller bounds itself) */
};

/* Start empty with the given limit; allocates nothing yet. */
void buf_init(struct buf *b, size_t max);
/* Free the storage; the buffer is empty and reusable afterwards. */
void buf_free(struct buf *b);
/* Forget the contents, keep the storage. */
void buf_reset(struct buf *b);
/* Append n bytes; false (and nothing appended) if that would pass max. */
bool buf_append(struct buf *b, const void *p, size_t n);
bool buf_append_str(struct buf *b, const char *s);
bool buf_append_byte(struct buf *b, uint8_t c);
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append everything f holds from where it stands to its end. Returns 0; -1 on a read error (ferror(f)); -2 when
 * b would hold more than limit bytes (or pass its max): the chunk that would pass is left out, what came before
 * stays. The caller opens and closes f, and says which file failed. */
int buf_append_file(struct buf *b, FILE *f, size_t limit);
/* Room to write up to n bytes in place (a read() straight into the buffer, no bounce copy): a pointer to at
 * least n free bytes after the contents, or NULL if n more bytes would pass max. Nothing is appended until
 * buf_commit says how many were written. */
uint8_t *buf_reserve(struct buf *b, size_t n);
/* Append the n bytes just written at buf_reserve's pointer (n <= what was reserved). */
void buf_commit(struct buf *b, size_t n);
/* Drop the first n bytes (n > len drops all). */
void buf_consume(struct buf *b, size_t n);
/* The contents as a C string (never NULL; "" when empty). */
const char *buf_cstr(const struct buf *b);
/* Hand the storage to the caller as a NUL-terminated allocation; the buffer becomes empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
