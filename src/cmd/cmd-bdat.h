/* cmd-bdat: the pure parts of /bdat (RFC 3030 CHUNKING), kept apart so unit tests can reach them. */
#ifndef SMTPCON_CMD_BDAT_H
#define SMTPCON_CMD_BDAT_H
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* Append in[0..n) to out with every line ending made CRLF (bare LF and bare CR included), as a message must be
 * unless BODY=BINARYMIME. No dot-stuffing: BDAT carries the bytes as they are. Returns the endings fixed. */
size_t bdat_canonical_crlf(const uint8_t *in, size_t n, struct buf *out);

/* How many BDAT commands a message of len bytes takes in chunks of at most chunk bytes (0: one chunk). An empty
 * message is one "BDAT 0 LAST". */
size_t bdat_count_chunks(size_t len, size_t chunk);

#endif
