/* out-json: the JSON Lines sink (--json). One JSON object per event per line, always valid UTF-8 JSON whatever
 * the server sent: exact bytes that are not valid UTF-8 are given again as hex. The fields of every event type
 * are documented in docs/events.md; "type" is event_type_name() and "t" the seconds since the session started.
 * The sink writes and fflush()es after every event, unless OUT_JSON_CALLER_FLUSHES (listen mode: the caller
 * flushes once per pass of the event loop, before it waits).
 */
#ifndef SMTPCON_OUT_JSON_H
#define SMTPCON_OUT_JSON_H
#include <stdio.h>

#include "core/event.h"

enum out_json_flags {
	OUT_JSON_RECORDS = 1u << 0, /* also emit EV_RECORD (raw TLS records) as {"type":"record","dir","data_hex"} */
	OUT_JSON_NO_TIME = 1u << 1, /* leave out "t": stable output for tests and diffs */
	/* no fflush per event: the caller flushes f before the loop waits (a listener with 50 clients reports tens
	 * of thousands of events a second; one write(2) each cost it more than all the rest of its reporting) */
	OUT_JSON_CALLER_FLUSHES = 1u << 2,
};

struct out_json;

/* A sink writing to f (not owned: the caller closes it after out_json_free). flags: enum out_json_flags. */
struct out_json *out_json_new(FILE *f, unsigned flags);
/* Flush and free. NULL is ignored. */
void out_json_free(struct out_json *o);
/* The event_fn: pass out_json_event with the out_json as ctx to session_add_sink. */
void out_json_event(void *ctx, const struct event *ev);

/* Stable id of one reply flag bit (enum reply_flag): "bare_lf", "nul", ...; NULL for an unknown bit. */
const char *out_json_reply_flag_name(unsigned bit);

#endif
