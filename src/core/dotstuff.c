/* dotstuff: streaming CRLF normalisation and dot-stuffing for DATA bodies. */
#include "core/dotstuff.h"

void dotstuff_init(struct dotstuff *d)
{
	*d = (struct dotstuff){.at_line_start = true};
}

size_t dotstuff_encode(struct dotstuff *d, const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = in[i];
		if (d->after_cr) {
			d->after_cr = false;
			/* The CR already became CRLF; its own LF is swallowed. */
			if (c == '\n')
				continue;
			d->fixed_eol++;
		}
		if (c == '\r') {
			out[o++] = '\r';
			out[o++] = '\n';
			d->after_cr = true;
			d->at_line_start = true;
			continue;
		}
		if (c == '\n') {
			out[o++] = '\r';
			out[o++] = '\n';
			d->fixed_eol++;
			d->at_line_start = true;
			continue;
		}
		if (d->at_line_start && c == '.') {
			out[o++] = '.';
			d->stuffed++;
		}
		d->at_line_start = false;
		out[o++] = c;
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
