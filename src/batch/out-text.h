/* out-text: the human-readable transcript sink (batch stdout, --log FILE). One line per line of wire data, one
 * or a few lines per other event; every untrusted byte goes through lib/escape.h.
 *
 * Format (docs/events.md has the whole list):
 *     "  0.012 S: 220 mail.lab.test ESMTP"      server line on plaintext
 *     "  0.013 C:~ EHLO host"                   client line inside TLS (the lock marker is "~" after the colon)
 *     "  0.014 S+ rest of a line"               continuation of a line cut by another event ("+" for ":")
 *   A CRLF ending is not shown; a bare LF is shown as \n at the end of its line; other control bytes, invalid
 *   UTF-8, C1 and bidi controls are escaped. A read holding 3 lines prints 3 lines; a read that ends mid-line
 *   stays open and the next read of the same side continues the same printed line.
 *   Other events: "--- " session milestones, "*** " TLS results, "=== " / "!!! " expect results, "!!! error",
 *   "!!  warning", ">>> " diagnoses, "    hint: ..." under them; EV_OUTPUT text as is (control bytes escaped).
 *
 * The sink writes and fflush()es after every event, so a crash loses nothing already reported (unless
 * OUT_TEXT_CALLER_FLUSHES).
 */
#ifndef SMTPCON_OUT_TEXT_H
#define SMTPCON_OUT_TEXT_H
#include <stdio.h>

#include "core/event.h"

enum out_text_flags {
	OUT_TEXT_VERBOSE = 1u << 0, /* also state changes, waits and one summary line per parsed reply */
	OUT_TEXT_HEXDUMP = 1u << 1, /* show EV_RECORD (raw TLS records) as hex dumps (skipped otherwise) */
	OUT_TEXT_NO_TIME = 1u << 2, /* no time column: stable output for tests and diffs */
	OUT_TEXT_ASCII = 1u << 3,   /* escape every non-ASCII byte as \xNN (7-bit logs) */
	OUT_TEXT_SUPPRESS_DATA = 1u << 4, /* a message body (after 354) becomes one summary line (swaks' -n) */
	/* No fflush per event: the caller flushes f when it must (a listener's stdout once per pass of the loop;
	 * /save's recorder before it copies its file). Not for --log, which must survive a crash. */
	OUT_TEXT_CALLER_FLUSHES = 1u << 5,
};

struct out_text;

/* A sink writing to f (not owned: the caller closes it after out_text_free). flags: enum out_text_flags. */
struct out_text *out_text_new(FILE *f, unsigned flags);
/* Finish an unfinished line (and a held-back CR), flush, free. NULL is ignored. */
void out_text_free(struct out_text *o);
/* The event_fn: pass out_text_event with the out_text as ctx to session_add_sink. */
void out_text_event(void *ctx, const struct event *ev);

/* Make /save write with this sink (the same format as --log), for every front end. */
void out_text_register_save(void);

#endif
