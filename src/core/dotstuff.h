/* dotstuff: turn message text into a DATA body (RFC 5321 §4.5.2): every line ending becomes CRLF (bare LF and
 * bare CR included), a line starting with '.' gets another '.', and the end is CRLF "." CRLF. Streaming: any
 * chunking of the input gives the same output, in constant memory. */
#ifndef SMTPCON_DOTSTUFF_H
#define SMTPCON_DOTSTUFF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dotstuff {
	bool at_line_start;
	bool after_cr;
	uint64_t stuffed;   /* dots added, for the wire view's note */
	uint64_t fixed_eol; /* bare LF / CR turned into CRLF */
};

void dotstuff_init(struct dotstuff *d);
/* Encode in[0..n) into out, which must hold 2 * n + 2 bytes. Returns the bytes written. */
size_t dotstuff_encode(struct dotstuff *d, const uint8_t *in, size_t n, uint8_t *out);
/* The end: a CRLF if the text did not end with one, then ".\r\n". out must hold 5 bytes. Returns bytes written. */
size_t dotstuff_finish(struct dotstuff *d, uint8_t *out);

#endif
