/* dotstuff: streaming CRLF normalisation and dot-stuffing for DATA bodies. */
#include "core/dotstuff.h"

#include <string.h>

#include "lib/scan.h"

void dotstuff_init(struct dotstuff *d)
{
	*d = (struct dotstuff){.at_line_start = true};
}

size_t dotstuff_encode(struct dotstuff *d, const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		if (d->after_cr) {
			d->after_cr = false;
			/* The CR already became CRLF; its own LF is swallowed. */
			if (in[i] == '\n') {
				i++;
				continue;
			}
			d->fixed_eol++;
		}
		if (d->at_line_start && in[i] == '.') {
			out[o++] = '.';
			d->stuffed++;
		}
		/* Copy in one go every line that needs nothing done (it ends in CRLF and the next does not start with a
		 * dot), then the text up to the next line end: bodies are millions of lines, nearly all of them so. */
		size_t clean = i, end;
		for (;;) {
			end = clean + scan_eol(in + clean, n - clean);
			if (end + 1 < n && in[end] == '\r' && in[end + 1] == '\n' && (end + 2 == n || in[end + 2] != '.')) {
				clean = end + 2;
				continue;
			}
			break;
		}
		if (end > i) {
			memcpy(out + o, in + i, end - i);
			o += end - i;
			/* Stopped right after a CRLF copied: at a line start; otherwise inside a line. */
			d->at_line_start = end == clean && clean > i;
			i = end;
			continue;
		}
		out[o++] = '\r';
		out[o++] = '\n';
		d->at_line_start = true;
		if (in[i++] == '\r')
			d->after_cr = true;
		else
			d->fixed_eol++; /* a bare LF */
	}
	return o;
}

size_t dotstuff_finish(struct dotstuff *d, uint8_t *out)
{
	size_t o = 0;
	if (d->after_cr) {
		d->after_cr = false;
		d->fixed_eol++;
	}
	if (!d->at_line_start) {
		out[o++] = '\r';
		out[o++] = '\n';
	}
	out[o++] = '.';
	out[o++] = '\r';
	out[o++] = '\n';
	d->at_line_start = true;
	return o;
}
