/* event: names of event types (the JSON "type" values) and small helpers shared by every sink. */
#include "core/event.h"

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

double event_seconds(const struct event *ev)
{
	return (double)ev->t_ns / 1e9;
}
