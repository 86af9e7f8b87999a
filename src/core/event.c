/* event: names of event types (the JSON "type" values) and small helpers shared by every sink. */
#include "core/event.h"

#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"

static const char *const event_names[EV_NTYPES] = {
	[EV_INFO] = "info",
	[EV_WARNING] = "warning",
	[EV_ERROR] = "error",
	[EV_RESOLVED] = "resolved",
	[EV_CONNECTING] = "connecting",
	[EV_CONNECTED] = "connected",
	[EV_SENT] = "sent",
	[EV_RECEIVED] = "received",
	[EV_RECORD] = "record",
	[EV_REPLY] = "reply",
	[EV_TLS_START] = "tls_start",
	[EV_TLS] = "tls",
	[EV_CAPS] = "caps",
	[EV_CAPS_DIFF] = "caps_diff",
	[EV_STATE] = "state",
	[EV_EXPECT] = "expect",
	[EV_DIAGNOSIS] = "diagnosis",
	[EV_CLOSED] = "closed",
	[EV_WAITING] = "waiting",
	[EV_IDLE] = "idle",
	[EV_OUTPUT] = "output",
	[EV_TRANSACTION] = "transaction",
	[EV_MTA_STS] = "mta_sts",
	[EV_DANE] = "dane",
	[EV_DELIVERY] = "delivery_view",
	[EV_TLS_SCAN] = "tls_scan",
	[EV_TLS_HELLO] = "tls_hello",
};

const char *event_type_name(enum event_type t)
{
	if ((unsigned)t >= EV_NTYPES || event_names[t] == NULL)
		return "unknown";
	return event_names[t];
}

const char *event_text(const struct event *ev)
{
	return ev->text_loc ? ev->text_loc : _(ev->text);
}

const char *event_hint(const struct event *ev)
{
	return ev->hint_loc ? ev->hint_loc : _(ev->hint);
}

/* Who closed a connection, as whole lines (French and Portuguese contract "by the": "pelo servidor"). */
static const struct {
	const char *by;
	const char *line;
} closed_lines[] = {
	{"client", N_("connection closed by client")},
	{"server", N_("connection closed by server")},
	{"network", N_("connection closed by network")},
	{"error", N_("connection closed by error")},
};

const char *event_closed_line(const struct event *ev, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof closed_lines / sizeof closed_lines[0]; i++)
		if (ev->text && strcmp(ev->text, closed_lines[i].by) == 0) {
			snprintf(buf, n, "%s", _(closed_lines[i].line));
			return buf;
		}
	snprintf(buf, n, _("connection closed by %s"), ev->text ? ev->text : "?");
	return buf;
}

const char *event_closed_reason(const struct event *ev)
{
	if (ev->text_loc)
		return ev->text_loc;
	return ev->id ? _(ev->id) : "";
}

double event_seconds(const struct event *ev)
{
	return (double)ev->t_ns / 1e9;
}
