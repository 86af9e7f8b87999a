/* bodywatch: the DATA body's bounds in the event stream (see bodywatch.h). */
#include "core/bodywatch.h"

#include <string.h>

#include "core/reply.h"

/* The ".\r\n" at the end of data starts a line: the two bytes before the dot are CRLF (in this event or at the
 * end of the earlier ones), or nothing came before it (an empty body). */
static bool ends_body(const struct body_watch *w, const uint8_t *p, size_t n)
{
	if (n < 3 || memcmp(p + n - 3, ".\r\n", 3) != 0)
		return false;
	size_t before = n - 3;
	if (w->bytes + before == 0)
		return true;
	if (w->bytes + before < 2)
		return false;
	uint8_t b0 = before >= 2 ? p[before - 2] : before == 1 ? w->tail[1] : w->tail[0];
	uint8_t b1 = before >= 1 ? p[before - 1] : w->tail[1];
	return b0 == '\r' && b1 == '\n';
}

enum body_step body_watch_event(struct body_watch *w, const struct event *ev, size_t *body_len)
{
	*body_len = 0;
	switch (ev->type) {
	case EV_REPLY:
		if (w->in_body) {
			w->in_body = false;
			return BODY_BROKEN; /* the server spoke before the end of the body */
		}
		if (ev->reply && ev->reply->code == 354) {
			w->in_body = true;
			w->bytes = 0;
			w->tail[0] = w->tail[1] = 0;
		}
		return BODY_OUTSIDE;
	case EV_CLOSED:
		if (!w->in_body)
			return BODY_OUTSIDE;
		w->in_body = false;
		return BODY_BROKEN;
	case EV_SENT: break;
	default: return BODY_OUTSIDE;
	}
	if (!w->in_body)
		return BODY_OUTSIDE;
	const uint8_t *p = ev->data;
	size_t n = p ? ev->len : 0;
	if (ends_body(w, p, n)) {
		*body_len = n - 3;
		w->bytes += n - 3;
		w->in_body = false;
		return BODY_LAST;
	}
	*body_len = n;
	w->bytes += n;
	if (n >= 2) {
		w->tail[0] = p[n - 2];
		w->tail[1] = p[n - 1];
	} else if (n == 1) {
		w->tail[0] = w->tail[1];
		w->tail[1] = p[0];
	}
	return BODY_PART;
}
