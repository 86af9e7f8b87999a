/* out-text-int: what the transcript sink's two files share. out-text.c writes the transcript lines (wire data,
 * milestones, diagnoses); out-text-sections.c the multi-line sections of the session's phases (the TLS result with
 * its certificate, the capability lists and what STARTTLS changed in them). Not for use outside src/batch. */
#ifndef SMTPCON_OUT_TEXT_INT_H
#define SMTPCON_OUT_TEXT_INT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/bodywatch.h"
#include "core/event.h"
#include "lib/buf.h"

enum {
	SIDE_CLIENT,
	SIDE_SERVER,
	NSIDES
};

struct out_text {
	FILE *f;
	unsigned flags;
	unsigned esc;           /* escape flags for every untrusted string */
	struct buf b;           /* the text of the current event, written and flushed at its end */
	int open;               /* side whose line is printed but not yet ended, or -1 */
	bool cont[NSIDES];      /* the side has a line in progress (printed in part) */
	bool cr[NSIDES];        /* a CR ended the side's last read: held until we know whether LF follows */
	uint64_t last_ns;       /* time of the last event, for what out_text_free still prints */
	struct body_watch body; /* OUT_TEXT_SUPPRESS_DATA: between the 354 and the final dot */
	uint64_t body_lines;
	unsigned long client; /* listen mode: the remote client of the line in progress (0: our own session) */
	uint64_t time_ms;     /* the time column last formatted (a big message prints it on every line) */
	char time_text[32];
	size_t time_len;
};

/* Our own text, as it is. */
void ot_put(struct out_text *o, const char *s);
/* An untrusted (or merely foreign) string, escaped; NULL shows as "?". */
void ot_put_esc(struct out_text *o, const char *s);
/* The start of a detail line under an event: as wide as the time column, so details line up under markers. */
void ot_sub(struct out_text *o);
/* The start of an event line: time, the client in listen mode, then the marker. */
void ot_begin(struct out_text *o, const struct event *ev, const char *marker);
/* A next-step hint on its own indented line (nothing for NULL or ""). */
void ot_put_hint(struct out_text *o, const char *hint);

/* out-text-sections.c: EV_TLS, EV_CAPS, EV_CAPS_DIFF as their sections of lines. */
void ot_show_tls(struct out_text *o, const struct event *ev);
void ot_show_caps(struct out_text *o, const struct event *ev);
void ot_show_caps_diff(struct out_text *o, const struct event *ev);

#endif
