/* dotstuff: streaming CRLF normalisation and dot-stuffing for DATA bodies. */
#include "core/dotstuff.h"

#include <string.h>

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
		/* Copy the run up to the next CR or LF in one go: message bodies are long, line ends are few. */
		const uint8_t *p = in + i;
		const uint8_t *lf = memchr(p, '\n', n - i);
		size_t run = lf ? (size_t)(lf - p) : n - i;
		const uint8_t *cr = memchr(p, '\r', run);
		if (cr)
			run = (size_t)(cr - p);
		if (run) {
			memcpy(out + o, p, run);
			o += run;
			i += run;
			d->at_line_start = false;
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
