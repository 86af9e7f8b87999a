/* listen: map the practice server's events onto session events. Direction follows the SMTP roles, not ours:
 * what the remote client sent is "C:" (EV_SENT, DIR_CLIENT), what the server answered is "S:" (EV_RECEIVED,
 * DIR_SERVER), and the answers are parsed into EV_REPLY like any server reply, so the decoded pane explains them. */
#include "listen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd-lab.h"
#include "cmd/console.h"
#include "core/auth.h"
#include "core/reply.h"
#include "core/sasl.h"
#include "lib/dtext.h"
#include "lib/dtext-split.h"
#include "lib/i18n.h"
#include "lib/sasl-mech.h"
#include "lib/xmalloc.h"

#define LISTEN_MAX_CLIENTS 64

struct client_parser {
	unsigned long client;
	struct reply_parser *p;
	char mech[SASL_MECH_MAX + 1]; /* the AUTH mechanism the client started ("": none), to decode its answers */
	int auth_steps;   /* its answers so far in that exchange (LOGIN: the user first, then the password) */
	int server_steps; /* the server's challenges so far in it */
	char answers[64]; /* the command the reply being parsed answers (the lab names it: lab_smtp_answering) */
	bool answering;   /* answers is set for the next complete reply ("" there: the greeting) */
};

/* Manual mode: a client whose reply is held for the person at the console, and what it waits for. */
struct waiting {
	unsigned long client;
	char peer[64];
	char last[64];     /* the command it waits on ("": its greeting) */
	char proposal[96]; /* the scenario's reply, its first line */
};

struct listen {
	struct session *s;
	struct lab *lab;
	bool show_secrets;
	bool manual;
	struct waiting waiting[LISTEN_MAX_CLIENTS]; /* manual mode: every client whose reply is held, oldest first */
	size_t nwaiting;
	struct client_parser parsers[LISTEN_MAX_CLIENTS];
	bool freeing; /* listen_free: the session and its sinks are gone, the lab's last events go nowhere */
};

static struct client_parser *client_for(struct listen *l, unsigned long client)
{
	struct client_parser *free_slot = NULL;
	for (size_t i = 0; i < LISTEN_MAX_CLIENTS; i++) {
		if (l->parsers[i].p && l->parsers[i].client == client)
			return &l->parsers[i];
		if (!l->parsers[i].p && !free_slot)
			free_slot = &l->parsers[i];
	}
	if (free_slot == NULL)
		return NULL; /* more concurrent clients than we parse replies for: bytes are still shown */
	*free_slot = (struct client_parser){.client = client, .p = reply_parser_new(64 * 1024, 4096)};
	return free_slot;
}

static void drop_parser(struct listen *l, unsigned long client)
{
	for (size_t i = 0; i < LISTEN_MAX_CLIENTS; i++)
		if (l->parsers[i].p && l->parsers[i].client == client) {
			reply_parser_free(l->parsers[i].p);
			l->parsers[i].p = NULL;
		}
}

/* The client whose bytes the reply parser is fed (set around reply_parser_feed). */
struct parse_ctx {
	struct listen *l;
	const struct lab_event *lev;
};

/* Every event about a client carries its number and address. */
static void emit(struct listen *l, const struct lab_event *lev, struct event *ev)
{
	ev->client = lev->client;
	ev->peer = lev->peer;
	ev->program = lev->program;
	session_emit_event(l->s, ev);
}

/* Longest 334 challenge decoded for the watcher (base64 characters): a SCRAM or DIGEST-MD5 challenge is far
 * shorter; anything longer is shown on the wire only. */
#define LISTEN_CHALLENGE_MAX 4096

/* A 334 to a client's AUTH: the challenge decoded and explained as client mode does ("AUTH LOGIN, server asks:
 * \"Username:\""), by core/sasl, which quotes (escapes) every byte and bounds the text. */
static void show_challenge(struct listen *l, const struct lab_event *lev, const struct reply *r)
{
	struct client_parser *cp = client_for(l, lev->client);
	if (cp == NULL || cp->mech[0] == '\0' || r->nlines == 0 || r->lines[0].len > LISTEN_CHALLENGE_MAX)
		return;
	const char *b64 = r->lines[0].text;
	size_t dn = 0;
	uint8_t *dec = r->lines[0].len == 0 ? (uint8_t *)xmemdup0("", 0) : auth_b64_decode(b64, r->lines[0].len, &dn);
	if (dec == NULL)
		return; /* not base64: the reply line on the wire says what it is */
	struct dtext d, text;
	dtext_init(&d, 0); /* bounded by sasl_describe_d */
	sasl_describe_d(&d, cp->mech, true, cp->server_steps++, dec, dn, l->show_secrets, NULL);
	dtext_init(&text, 0);
	dtext_en_printf(&text, "AUTH %s, server asks: %s", cp->mech, dtext_en(&d));
	dtext_loc_printf(&text, N_("AUTH %s, server asks: %s"), cp->mech, dtext_loc(&d));
	struct event ev = {
		.type = EV_INFO, .id = "sasl-server", .text = dtext_en(&text), .text_loc = dtext_loc_or_null(&text)};
	emit(l, lev, &ev);
	sasl_describe_wipe(&d);
	sasl_describe_wipe(&text);
	explicit_bzero(dec, dn);
	free(dec);
}

static void on_reply(void *arg, const struct reply *r)
{
	struct parse_ctx *pc = arg;
	/* Paired as client mode pairs its own: the greeting and a reply nothing asked for (an idle 421) answer no
	 * command; the end of a message is named as client mode names it. */
	struct client_parser *cp = client_for(pc->l, pc->lev->client);
	const char *command = NULL;
	if (cp && cp->answering && cp->answers[0])
		command = strcmp(cp->answers, ".") == 0 ? "(end of message)" : cp->answers;
	struct event ev = {.type = EV_REPLY, .reply = r, .dir = DIR_SERVER, .command = command};
	emit(pc->l, pc->lev, &ev);
	if (cp)
		cp->answering = false;
	if (r->code == 334)
		show_challenge(pc->l, pc->lev, r);
}

/* An EV_INFO about a client; fmt is an English msgid (wrap the literal in N_()), the event gets both languages. */
static void info(struct listen *l, const struct lab_event *lev, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void info(struct listen *l, const struct lab_event *lev, const char *id, const char *fmt, ...)
{
	struct dtext d;
	dtext_init(&d, 512);
	va_list ap;
	va_start(ap, fmt);
	dtext_vprintf(&d, fmt, ap);
	va_end(ap);
	struct event ev = {.type = EV_INFO, .id = id, .text = dtext_en(&d), .text_loc = dtext_loc_or_null(&d)};
	emit(l, lev, &ev);
	dtext_free(&d);
}

/* Where the base64 of an AUTH line starts: after "AUTH MECH " on the command (its initial response, which
 * mech gets the mechanism of, upper case), at 0 on an answer to a 334. -1: the line is a command without
 * credentials. A word after AUTH that is no mechanism's name (lib/sasl-mech: control bytes, UTF-8, over 20
 * characters) is a mechanism of none: *bad is set, mech stays "", and all from that word on is the part to mask,
 * so that neither bytes the client chose nor a secret it may hold reach a view. */
static long auth_payload(const char *line, size_t len, char *mech, bool *bad)
{
	if (len < 5 || strncasecmp(line, "AUTH ", 5) != 0)
		return 0;
	size_t i = 5, m;
	while (i < len && line[i] == ' ')
		i++;
	for (m = 0; i + m < len && line[i + m] != ' '; m++)
		;
	if (m == 0)
		return -1;
	if (sasl_mech_name(line + i, m, mech) == 0) {
		*bad = true;
		return (long)i;
	}
	for (i += m; i < len && line[i] == ' ';)
		i++;
	return i < len ? (long)i : -1;
}

/* A line the client sent. Its AUTH credentials (the initial response of "AUTH PLAIN <...>", the answers to 334)
 * are decoded and explained with the client side's own code (core/sasl: the user named, the password masked)
 * and masked on the wire as our own are (core/auth: "AUTH PLAIN ****", the mechanism left visible), unless
 * --show-secrets. */
static void show_recv(struct listen *l, const struct lab_event *lev)
{
	struct client_parser *cp = client_for(l, lev->client);
	size_t len = lev->len;
	while (len && (lev->data[len - 1] == '\n' || lev->data[len - 1] == '\r'))
		len--;
	char *line = xmemdup0(lev->data, len);
	char mech[SASL_MECH_MAX + 1] = "";
	bool bad_mech = false;
	long off = lev->secret || strncasecmp(line, "AUTH ", 5) == 0 ? auth_payload(line, len, mech, &bad_mech) : -1;
	if (cp && (mech[0] || bad_mech)) { /* a new exchange: "AUTH MECH [initial]" (bad: one nothing decodes) */
		snprintf(cp->mech, sizeof cp->mech, "%s", mech);
		cp->auth_steps = 0;
		cp->server_steps = 0;
	}
	bool secret = bad_mech;
	if (lev->secret && off >= 0 && !bad_mech) {
		const char *b64 = line + off;
		size_t dn = 0;
		uint8_t *dec = strcmp(b64, "=") == 0 ? (uint8_t *)xmemdup0("", 0)
						     : auth_b64_decode(b64, strlen(b64), &dn);
		if (strcmp(b64, "*") == 0) {
			/* the client cancels the exchange (RFC 4954): no secret in it */
		} else if (dec && cp && cp->mech[0]) {
			struct dtext d, text;
			dtext_init(&d, 0); /* bounded by sasl_describe_d */
			sasl_describe_d(&d, cp->mech, false, cp->auth_steps++, dec, dn, l->show_secrets, &secret);
			dtext_init(&text, 0);
			dtext_en_printf(&text, "AUTH %s, client %lu answers: %s", cp->mech, lev->client, dtext_en(&d));
			dtext_loc_printf(&text, N_("AUTH %s, client %lu answers: %s"), cp->mech, lev->client,
					 dtext_loc(&d));
			struct event ev = {.type = EV_INFO,
					   .id = "sasl-client",
					   .text = dtext_en(&text),
					   .text_loc = dtext_loc_or_null(&text)};
			emit(l, lev, &ev);
			sasl_describe_wipe(&d);
			sasl_describe_wipe(&text);
		} else {
			secret = true; /* not base64, or a mechanism we did not see start: all of it may be a secret */
		}
		if (dec) {
			explicit_bzero(dec, dn);
			free(dec);
		}
	}
	bool mask = secret && !l->show_secrets;
	char *shown = mask ? auth_mask(line, (size_t)off, len - (size_t)off) : NULL;
	uint8_t *view = NULL;
	if (mask) { /* the mask, then the line's own ending */
		view = xmalloc(lev->len);
		memcpy(view, shown, len);
		memcpy(view + len, lev->data + len, lev->len - len);
	}
	struct event ev = {.type = EV_SENT,
			   .dir = DIR_CLIENT,
			   .tls = lev->tls,
			   .secret = mask,
			   .data = mask ? view : lev->data,
			   .len = lev->len,
			   .group = lev->group,
			   .group_size = lev->group_size,
			   .group_start = lev->group_start};
	emit(l, lev, &ev);
	free(view);
	free(shown);
	explicit_bzero(line, len);
	free(line);
}

/* ---- manual mode: one queue of waiting clients ---- */

static struct waiting *waiting_for(struct listen *l, unsigned long client)
{
	for (size_t i = 0; i < l->nwaiting; i++)
		if (l->waiting[i].client == client)
			return &l->waiting[i];
	return NULL;
}

static void unwait(struct listen *l, unsigned long client)
{
	struct waiting *w = waiting_for(l, client);
	if (w == NULL)
		return;
	size_t i = (size_t)(w - l->waiting);
	memmove(w, w + 1, (l->nwaiting - i - 1) * sizeof *w);
	l->nwaiting--;
}

/* One line per waiting client: who, what it waits on, what the scenario would answer. */
static void waiting_lines(struct listen *l, struct dtext *d)
{
	for (size_t i = 0; i < l->nwaiting; i++) {
		const struct waiting *w = &l->waiting[i];
		if (w->last[0] == '\0')
			dtext_printf(d, "\n  client %lu (%s) waits for its greeting; the scenario would answer: %s",
				     w->client, w->peer, w->proposal);
		else if (strcmp(w->last, ".") == 0)
			dtext_printf(
				d,
				"\n  client %lu (%s) waits for the reply to its message; the scenario would answer: %s",
				w->client, w->peer, w->proposal);
		else
			dtext_printf(d, "\n  client %lu (%s) waits for the reply to %s; the scenario would answer: %s",
				     w->client, w->peer, w->last, w->proposal);
	}
}

static void propose(struct listen *l, const struct lab_event *lev)
{
	struct waiting *w = waiting_for(l, lev->client);
	if (w == NULL) {
		if (l->nwaiting == LISTEN_MAX_CLIENTS)
			return; /* more than we list: lab_answer still works for it by number */
		w = &l->waiting[l->nwaiting++];
	}
	*w = (struct waiting){.client = lev->client};
	snprintf(w->peer, sizeof w->peer, "%s", lev->peer ? lev->peer : "?");
	snprintf(w->last, sizeof w->last, "%s", lev->text ? lev->text : "");
	size_t n = 0;
	for (size_t i = 0; i < lev->len && lev->data[i] != '\r' && lev->data[i] != '\n' && n + 1 < sizeof w->proposal;
	     i++)
		w->proposal[n++] = lev->data[i] >= 0x20 && lev->data[i] < 0x7f ? (char)lev->data[i] : '?';
	w->proposal[n] = '\0';
	struct dtext msg;
	dtext_init(&msg, 8192);
	if (l->nwaiting == 1)
		dtext_printf(&msg,
			     "client %lu waits for your reply. The scenario would answer: %s\n"
			     "/accept sends that; or type the reply to send instead (\"550 5.7.1 no\")",
			     lev->client, w->proposal);
	else {
		dtext_printf(&msg,
			     "client %lu waits for your reply too. /accept N sends the scenario's reply to client N, "
			     "/reply N TEXT sends TEXT instead. Waiting now:",
			     lev->client);
		waiting_lines(l, &msg);
	}
	struct event ev = {
		.type = EV_OUTPUT, .id = "propose", .text = dtext_en(&msg), .text_loc = dtext_loc_or_null(&msg)};
	emit(l, lev, &ev);
	dtext_free(&msg);
}

static void listen_error(struct listen *l, struct dtext *d)
{
	session_emit_textd(l->s, EV_ERROR, "listen", d, NULL);
	dtext_free(d);
}

/* Send the reply held for client (text NULL: the scenario's own) and take it off the queue. */
static void answer(struct listen *l, unsigned long client, const char *text)
{
	struct dtext d;
	dtext_init(&d, 8192);
	if (waiting_for(l, client) == NULL || lab_answer(l->lab, client, text) < 0) {
		if (l->nwaiting) {
			dtext_printf(&d, "client %lu is not waiting for a reply; waiting now:", client);
			waiting_lines(l, &d);
		} else {
			dtext_printf(&d, "client %lu is not waiting for a reply", client);
		}
		listen_error(l, &d);
		return;
	}
	dtext_free(&d);
	unwait(l, client);
}

/* "N" or "N TEXT" after /accept or /reply: the client number, *rest at what follows it. 0: no number. */
static unsigned long client_number(const char *p, const char **rest)
{
	char *end;
	while (*p == ' ')
		p++;
	unsigned long n = strtoul(p, &end, 10);
	if (end == p || (*end != '\0' && *end != ' '))
		return 0;
	while (*end == ' ')
		end++;
	*rest = end;
	return n;
}

static void on_lab_event(void *arg, const struct lab_event *lev)
{
	struct listen *l = arg;
	if (l->freeing)
		return;
	switch (lev->kind) {
	case LAB_EV_CONNECT:
		info(l, lev, "client-connected", N_("client %lu connected from %s"), lev->client, lev->peer);
		break;
	case LAB_EV_RECV: show_recv(l, lev); break;
	case LAB_EV_SEND: {
		struct event ev = {
			.type = EV_RECEIVED, .dir = DIR_SERVER, .tls = lev->tls, .data = lev->data, .len = lev->len};
		emit(l, lev, &ev);
		struct client_parser *cp = client_for(l, lev->client);
		struct reply_parser *p = cp ? cp->p : NULL;
		struct parse_ctx pc = {l, lev};
		if (cp && lev->text) { /* the lab names what these bytes answer (NULL: nothing the client asked) */
			snprintf(cp->answers, sizeof cp->answers, "%s", lev->text);
			cp->answering = true;
		}
		if (p)
			reply_parser_feed(p, lev->data, lev->len, on_reply, &pc);
		break;
	}
	case LAB_EV_TLS: {
		/* "TLS1.3 with cipher AES-256-GCM": English in JSON Lines, the user's language on screen */
		struct dtext d;
		dtext_init(&d, 512);
		dtext_en_printf(&d, "client %lu: TLS is up: %s", lev->client, lev->text);
		dtext_loc_printf(&d, N_("client %lu: TLS is up: %s"), lev->client,
				 lev->text_loc ? lev->text_loc : lev->text);
		struct event ev = {
			.type = EV_INFO, .id = "client-tls", .text = dtext_en(&d), .text_loc = dtext_loc_or_null(&d)};
		emit(l, lev, &ev);
		dtext_free(&d);
		break;
	}
	case LAB_EV_DIAG: {
		struct event ev = {.type = EV_DIAGNOSIS,
				   .id = lev->id,
				   .severity = SEV_WARNING,
				   .text = lev->text ? lev->text : lev->id,
				   .text_loc = lev->text ? lev->text_loc : NULL};
		emit(l, lev, &ev);
		break;
	}
	case LAB_EV_NOTE: {
		struct event ev = {.type = EV_INFO, .id = lev->id, .text = lev->text, .text_loc = lev->text_loc};
		emit(l, lev, &ev);
		break;
	}
	case LAB_EV_DELIVERED:
		info(l, lev, "client-message", N_("client %lu: message accepted as %s (%zu bytes); /mailbox lists it"),
		     lev->client, lev->id ? lev->id : "?", lev->len);
		break;
	case LAB_EV_CLOSE: {
		drop_parser(l, lev->client);
		unwait(l, lev->client);
		struct event ev = {.type = EV_CLOSED,
				   .text = lev->text ? lev->text : "client",
				   .id = lev->id,
				   .text_loc = lev->text_loc};
		emit(l, lev, &ev);
		break;
	}
	case LAB_EV_PROPOSE: propose(l, lev); break;
	}
}

/* Manual mode: /accept [N], /reply N TEXT, or a typed line answer a waiting client. Other console commands work
 * as usual. */
static bool line_filter(void *ctx, struct console *c, const char *line)
{
	(void)c;
	struct listen *l = ctx;
	bool accept = strncmp(line, "/accept", 7) == 0 && (line[7] == '\0' || line[7] == ' ');
	bool reply = strncmp(line, "/reply", 6) == 0 && (line[6] == '\0' || line[6] == ' ');
	if (line[0] == '/' && !accept && !reply)
		return false;
	if (!l->manual) {
		/* There is no session of our own to send it to: smtpcon is the server here. */
		session_emit_text(l->s, EV_ERROR, "listen",
				  N_("smtpcon is the server here and the scenario answers every client, so a "
				     "typed line goes nowhere (start with --manual to answer clients by hand)"),
				  NULL);
		return true;
	}
	const char *rest = "";
	unsigned long n = accept || reply ? client_number(line + (accept ? 7 : 6), &rest) : 0;
	if (reply && (n == 0 || *rest == '\0')) {
		session_emit_text(l->s, EV_ERROR, "listen", N_("usage: /reply N TEXT (N: the client's number)"), NULL);
		return true;
	}
	if (accept && n == 0 && line[7] != '\0' && line[strspn(line + 7, " ") + 7] != '\0') {
		session_emit_text(l->s, EV_ERROR, "listen", N_("usage: /accept [N] (N: the client's number)"), NULL);
		return true;
	}
	if (accept && *rest) {
		session_emit_text(l->s, EV_ERROR, "listen", N_("usage: /accept [N] (N: the client's number)"), NULL);
		return true;
	}
	if (n) {
		answer(l, n, accept ? NULL : rest);
		return true;
	}
	if (l->nwaiting == 0) {
		session_emit_text(l->s, EV_ERROR, "listen", N_("no client is waiting for a reply"), NULL);
		return true;
	}
	if (l->nwaiting > 1) {
		struct dtext d;
		dtext_init(&d, 8192);
		dtext_nprintf(&d,
			      "%lu client is waiting: say which one (/accept N sends the scenario's reply, /reply N "
			      "TEXT sends TEXT):",
			      "%lu clients are waiting: say which one (/accept N sends the scenario's reply, /reply N "
			      "TEXT sends TEXT):",
			      (unsigned long)l->nwaiting, (unsigned long)l->nwaiting);
		waiting_lines(l, &d);
		listen_error(l, &d);
		return true;
	}
	answer(l, l->waiting[0].client, accept ? NULL : line);
	return true;
}

static void announce(void *arg)
{
	struct listen *l = arg;
	struct dtext d;
	dtext_init(&d, 2048);
	/* The banner sits inside the sentence in each language: English around English, translated around translated. */
	const char *fmt = l->manual ? N_("listening: %s\npoint a client at it and watch; you answer each command "
					 "(/accept sends the scenario's reply)")
				    : N_("listening: %s\npoint a client at it and watch; the scenario answers "
					 "(--manual to answer by hand)");
	buf_printf(&d.en, fmt, lab_describe(l->lab));
	if (i18n_translating())
		buf_printf(&d.loc, _(fmt), lab_describe_loc(l->lab));
	session_emit_textd(l->s, EV_OUTPUT, "listen", &d, NULL);
	dtext_free(&d);
}

static void status(void *ctx, bool compact, char *out, size_t n)
{
	struct listen *l = ctx;
	struct lab_stats st;
	lab_get_stats(l->lab, &st);
	const char *addr = lab_address(l->lab);
	char where[128], clients[64], messages[64];
	snprintf(where, sizeof where, strchr(addr, ':') ? "[%s]:%d" : "%s:%d", addr, lab_port(l->lab));
	/* The status bar is for people only: translated, plurals by the language's rules. Fields are tab-separated. */
	if (compact) {
		snprintf(clients, sizeof clients, P_("%lu client", "%lu clients", st.active), st.active);
		snprintf(messages, sizeof messages, P_("%lu message", "%lu messages", st.messages), st.messages);
		/* TRANSLATORS: compact status bar: address, scenario, clients, messages (keep the tabs). */
		snprintf(out, n, _("listen %s\t%s\t%s\t%s"), where, lab_scenario(l->lab), clients, messages);
	} else {
		snprintf(clients, sizeof clients, P_("%lu client connected", "%lu clients connected", st.active),
			 st.active);
		snprintf(messages, sizeof messages, P_("%lu message accepted", "%lu messages accepted", st.messages),
			 st.messages);
		/* TRANSLATORS: status bar: address, scenario name, clients, messages (keep the tabs). */
		snprintf(out, n, _("listening on %s\tscenario %s\t%s\t%s"), where, lab_scenario(l->lab), clients,
			 messages);
	}
}

struct lab *listen_lab(const struct listen *l)
{
	return l->lab;
}

struct listen *listen_start(struct loop *loop, struct session *s, const struct config *cfg, char **err)
{
	struct listen *l = xcalloc(1, sizeof *l);
	l->s = s;
	l->show_secrets = cfg->show_secrets;
	l->manual = cfg->manual;
	char *host = NULL;
	int port = 0;
	if (cli_split_host_port(cfg->listen, &host, &port) < 0 || port == 0) {
		*err = xasprintf(_("bad listen address '%s' (ADDR:PORT, [::1]:PORT)"), cfg->listen);
		free(host);
		free(l);
		return NULL;
	}
	struct lab_params lp = {.scenario = cfg->lab_scenario ? cfg->lab_scenario : "delivery",
				.listen_addr = host,
				.port = port,
				.on_event = on_lab_event,
				.event_arg = l,
				.manual = cfg->manual};
	l->lab = lab_new(loop, &lp, err);
	free(host);
	if (l->lab == NULL) {
		free(l);
		return NULL;
	}
	console_register_line_filter(line_filter, l);
	console_register_listen_status(status, l);
	/* Said from the loop, once the views have registered themselves. */
	loop_timer_add(loop, 0, announce, l);
	return l;
}

void listen_free(struct listen *l)
{
	if (l == NULL)
		return;
	console_register_line_filter(NULL, NULL);
	console_register_listen_status(NULL, NULL);
	/* main frees the session (and the front end its sinks) first: the close events of the clients still
	 * connected (lab_free) must not reach them, nor free the parsers a second time. */
	l->freeing = true;
	lab_free(l->lab);
	for (size_t i = 0; i < LISTEN_MAX_CLIENTS; i++)
		reply_parser_free(l->parsers[i].p);
	free(l);
}
