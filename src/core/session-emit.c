/* session-emit: how the session speaks. Every event goes through session_emit to each sink in the order they were
 * added, then to the advisor (so its comment follows what it comments on). The _d variants take text built in two
 * languages (lib/dtext.h): English for JSON Lines, the user's language for screens. A failure (session_fail) also
 * marks the session failed, which the exit status reads. */
#include <stdarg.h>
#include <stdio.h>

#include "core/session-int.h"
#include "lib/dtext.h"

void session_emit(struct session *s, struct event *ev)
{
	ev->t_ns = loop_now_ns() - s->t0;
	/* The model keeps the last failure's stage (a lesson step can be "the wait timed out"), whoever raised it. */
	if (ev->type == EV_ERROR && ev->id)
		snprintf(s->last_error, sizeof s->last_error, "%s", ev->id);
	for (size_t i = 0; i < s->nsinks; i++)
		s->sinks[i].fn(s->sinks[i].ctx, ev);
	/* The advisor comes after every sink, so what it says appears after what it comments on. */
	if (s->advisor && s->advisor_depth < 4) {
		s->advisor_depth++;
		s->advisor(s->advisor_ctx, s, ev);
		s->advisor_depth--;
	}
}

void session_emit_event(struct session *s, struct event *ev)
{
	session_emit(s, ev);
}

void session_emit_text(struct session *s, enum event_type type, const char *id, const char *text, const char *hint)
{
	struct event ev = {.type = type, .id = id, .text = text, .hint = hint};
	session_emit(s, &ev);
}

void session_emit_diagnosis(struct session *s, const char *id, enum severity sev, const char *message, const char *hint)
{
	struct event ev = {.type = EV_DIAGNOSIS, .id = id, .severity = sev, .text = message, .hint = hint};
	session_emit(s, &ev);
}

void session_emit_textd(struct session *s, enum event_type type, const char *id, const struct dtext *text,
			const struct dtext *hint)
{
	struct event ev = {.type = type,
			   .id = id,
			   .text = text ? dtext_en(text) : NULL,
			   .hint = hint ? dtext_en(hint) : NULL,
			   .text_loc = text ? dtext_loc_or_null(text) : NULL,
			   .hint_loc = hint ? dtext_loc_or_null(hint) : NULL};
	session_emit(s, &ev);
}

void session_emit_diagnosisd(struct session *s, const char *id, enum severity sev, const struct dtext *message,
			     const struct dtext *hint)
{
	struct event ev = {.type = EV_DIAGNOSIS,
			   .id = id,
			   .severity = sev,
			   .text = dtext_en(message),
			   .text_loc = dtext_loc_or_null(message),
			   .hint = hint ? dtext_en(hint) : NULL,
			   .hint_loc = hint ? dtext_loc_or_null(hint) : NULL};
	session_emit(s, &ev);
}

void session_emit_expect(struct session *s, bool ok, const char *wanted, const char *got)
{
	struct event ev = {.type = EV_EXPECT, .ok = ok, .text = wanted, .got = got};
	session_emit(s, &ev);
}

void session_fail(struct session *s, const char *stage, const char *fmt, ...)
{
	struct dtext msg;
	dtext_init(&msg, 512);
	va_list ap;
	va_start(ap, fmt);
	dtext_vprintf(&msg, fmt, ap);
	va_end(ap);
	s->failed = true;
	struct event ev = {.type = EV_ERROR,
			   .id = stage,
			   .text = dtext_en(&msg),
			   .text_loc = dtext_loc_or_null(&msg),
			   .severity = SEV_ERROR};
	session_emit(s, &ev);
	dtext_free(&msg);
}

void session_faild(struct session *s, const char *stage, const struct dtext *msg)
{
	s->failed = true;
	struct event ev = {.type = EV_ERROR,
			   .id = stage,
			   .text = dtext_en(msg),
			   .text_loc = dtext_loc_or_null(msg),
			   .severity = SEV_ERROR};
	session_emit(s, &ev);
}

void session_emit_txn(struct session *s, const struct txn_result *r)
{
	s->last_txn = *r;
	s->last_txn.recipient = NULL;
	s->last_txn_rcpt[0] = '\0';
	if (r->recipient) {
		snprintf(s->last_txn_rcpt, sizeof s->last_txn_rcpt, "%s", r->recipient);
		s->last_txn.recipient = s->last_txn_rcpt;
	}
	s->has_last_txn = true;
	struct event ev = {.type = EV_TRANSACTION, .txn = r, .recipient = r->recipient};
	session_emit(s, &ev);
}
