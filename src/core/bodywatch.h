/* bodywatch: where a DATA body begins and ends in the event stream, as the transcript sees it. The body starts
 * after a 354 reply and ends with the client's <CRLF>.<CRLF>; a reply or a closed connection before that ends it
 * early (the server gave up, or a smuggling test sent an end the client side does not count as one).
 *
 * Views that treat the body apart use it: --suppress-data summarises it, /save's recorder keeps only the first
 * part of a big one. Feed every event in order; it looks only at EV_REPLY, EV_SENT and EV_CLOSED. */
#ifndef SMTPCON_CORE_BODYWATCH_H
#define SMTPCON_CORE_BODYWATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

enum body_step {
	BODY_OUTSIDE, /* the event is not part of a body */
	BODY_PART,    /* an EV_SENT wholly inside the body */
	BODY_LAST,    /* an EV_SENT that ends the body: its last 3 bytes are the ".\r\n", the rest is body */
	BODY_BROKEN,  /* a reply or a close while the body was open: it ended here without its dot */
};

struct body_watch {
	bool in_body;
	uint8_t tail[2]; /* the body's last two bytes so far (CRLF: a dot after them starts a line) */
	uint64_t bytes;  /* body bytes so far, the final dot line excluded */
};

/* body_len: the body bytes this event carries (for BODY_PART all of it, for BODY_LAST all but the ".\r\n"). */
enum body_step body_watch_event(struct body_watch *w, const struct event *ev, size_t *body_len);

#endif
