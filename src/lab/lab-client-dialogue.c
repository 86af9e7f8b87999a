/* lab-client-dialogue: what passes between one lab client's SMTP dialogue and the people watching (the life cycle
 * of the connection is lab-client.c's). Every line the client sends and every reply it gets becomes an event for
 * the views, a received line tagged with the pipelined group its read carried (lab-group.c); its mistakes become
 * diagnoses, each once; and a reply goes to the wire at once, or is held back by a tarpit's timer, or is held for
 * the person at the console (manual mode) until lab_answer. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab-client-int.h"
#include "lab/lab-smtp.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* ---- events and diagnoses ---- */

void lab_client_group_read(struct lab_client *c, size_t before)
{
	unsigned k = c->group_left || !c->smtp ? 0 : lab_group_count(c->smtp, c->in.data, c->in.len, before);
	if (k >= 2) { /* several commands in one read: the client pipelined them */
		c->group = ++c->groups;
		c->group_size = c->group_left = k;
	}
}

void lab_client_event_loc(struct lab_client *c, enum lab_event_kind kind, const void *data, size_t len, bool secret,
			  const char *id, const char *text, const char *text_loc)
{
	struct lab_ctx *x = &c->lab->x;
	if (x->on_event == NULL)
		return;
	struct lab_event ev = {.kind = kind,
			       .client = c->num,
			       .peer = c->name,
			       .data = data,
			       .len = len,
			       .tls = c->tls_up,
			       .secret = secret,
			       .id = id,
			       .text = text,
			       .text_loc = text_loc,
			       .program = c->smtp ? lab_who_id(c->smtp) : NULL};
	if (kind == LAB_EV_RECV && c->group_left > 0) {
		ev.group = c->group;
		ev.group_size = c->group_size;
		ev.group_start = c->group_left == c->group_size;
		c->group_left--;
	}
	x->on_event(x->event_arg, &ev);
}

void lab_client_event(struct lab_client *c, enum lab_event_kind kind, const void *data, size_t len, bool secret,
		      const char *id, const char *text)
{
	lab_client_event_loc(c, kind, data, len, secret, id, text, NULL);
}

void lab_client_diagd(struct lab_client *c, const char *id, const struct dtext *text)
{
	char key[64];
	snprintf(key, sizeof key, " %s ", id);
	if (strstr(c->diags, key))
		return; /* once per client: a pipelining client would otherwise repeat it for every command */
	if (strlen(c->diags) + strlen(key) < sizeof c->diags)
		strcat(c->diags, key + (c->diags[0] ? 1 : 0));
	lab_logf(&c->lab->x, N_("%s: client mistake (%s): %s"), c->name, id, dtext_loc(text));
	lab_client_event_loc(c, LAB_EV_DIAG, NULL, 0, false, id, dtext_en(text), dtext_loc_or_null(text));
}

void lab_client_diag(struct lab_client *c, const char *id, const char *fmt, ...)
{
	struct dtext d;
	dtext_init(&d, 512);
	va_list ap;
	va_start(ap, fmt);
	dtext_vprintf(&d, fmt, ap);
	va_end(ap);
	lab_client_diagd(c, id, &d);
	dtext_free(&d);
}

void lab_client_note(struct lab_client *c, const char *id, const struct dtext *text)
{
	lab_logf(&c->lab->x, "%s: %s", c->name, dtext_loc(text));
	lab_client_event_loc(c, LAB_EV_NOTE, NULL, 0, false, id, dtext_en(text), dtext_loc_or_null(text));
}

/* ---- replies ---- */

/* Why a reply could not be queued: only a full output buffer means the client does not read. */
static void wire_failed(struct lab_client *c, int err)
{
	if (err == EPIPE || c->eof) {
		/* It hung up (without close_notify) while commands it had sent were still being answered: they are
		 * still read and shown, the replies go nowhere. */
		lab_client_close_reason(c, "client", N_("it hung up without reading its replies"));
		c->replies_lost = true;
		return;
	}
	if (err == ENOBUFS) {
		lab_logf(&c->lab->x, N_("%s: not reading its replies: dropped"), c->name);
		lab_client_close_reason(c, "server", N_("the client did not read its replies (%u KiB unread)"),
					LAB_CLIENT_OUT_MAX / 1024);
	} else {
		lab_client_close_reason(c, "network", N_("sending through TLS failed: %s"), lab_tls_error(c->tls));
	}
	c->dead = true;
}

static void wire(struct lab_client *c, const void *p, size_t n)
{
	if (c->dead || c->replies_lost || n == 0)
		return;
	/* Written first and shown after, so that a reply the client can no longer get is not shown as sent. */
	errno = 0;
	bool ok = c->tls_up ? lab_tls_write(c->tls, p, n) >= 0 : buf_append(&c->out, p, n);
	if (!ok) {
		wire_failed(c, c->tls_up ? errno : ENOBUFS);
		return;
	}
	lab_client_event(c, LAB_EV_SEND, p, n, false, NULL, c->smtp ? lab_smtp_answering(c->smtp) : NULL);
}

static void on_held(void *arg);

void lab_client_send(struct lab_client *c, const char *text, size_t n, int delay_ms)
{
	if (c->closing || c->dead)
		return;
	if (c->lab->manual) {
		if (!buf_append(&c->held, text, n)) {
			c->dead = true;
			return;
		}
		c->manual_hold = true;
		lab_client_event(c, LAB_EV_PROPOSE, text, n, false, NULL, c->smtp->last);
		return;
	}
	if (delay_ms <= 0 && c->held_timer == 0) {
		wire(c, text, n);
		return;
	}
	if (!buf_append(&c->held, text, n)) {
		c->dead = true;
		return;
	}
	if (c->held_timer == 0)
		c->held_timer = loop_timer_add(c->lab->x.loop, (uint64_t)(delay_ms > 0 ? delay_ms : 0), on_held, c);
}

void lab_client_discard_held(struct lab_client *c)
{
	loop_timer_cancel(c->lab->x.loop, c->held_timer);
	c->held_timer = 0;
	c->manual_hold = false;
	buf_reset(&c->held);
}

static void on_held(void *arg)
{
	struct lab_client *c = arg;
	c->held_timer = 0;
	if (c->in.len) /* arrived while the greeting was held back: strict-sync may forfeit it */
		lab_smtp_early_input(c->smtp);
	wire(c, c->held.data, c->held.len);
	buf_reset(&c->held);
	lab_client_pump(c);
}

/* ---- manual mode ---- */

int lab_answer(struct lab *lab, unsigned long client, const char *text)
{
	struct lab_client *c = lab->clients;
	while (c && c->num != client)
		c = c->next;
	if (c == NULL || !c->manual_hold)
		return -1;
	c->manual_hold = false;
	if (text) {
		/* One write and one SEND event for the whole reply, as the client will read it. */
		size_t n = strlen(text);
		bool crlf = n == 0 || text[n - 1] != '\n';
		char *line = xasprintf("%s%s", text, crlf ? "\r\n" : "");
		wire(c, line, n + (crlf ? 2 : 0));
		free(line);
	} else {
		wire(c, c->held.data, c->held.len);
	}
	buf_reset(&c->held);
	lab_client_pump(c);
	return 0;
}
