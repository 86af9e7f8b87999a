/* cmd-tlsscan: /tls scan, the connections. The plan (core/tls-scan.h) says what to offer next: each TLS version,
 * then each cipher suite of each accepted version, the server's order, the key exchange groups. Each probe is a
 * connection of its own to the address the console's session uses (STARTTLS after EHLO, or implicit TLS, as that
 * session does), one after the other on the console's loop, so the UI never waits. A small state machine per
 * attempt: connect -> (greeting -> EHLO -> STARTTLS) -> handshake -> result. The order probes of TLS 1.0 to 1.2
 * send a hand-built ClientHello instead of GnuTLS's (core/tls-hello.h, session_params.tls_hello) and end at the
 * server's ServerHello. The tables are printed by cmd-tlsscan-out.c.
 *
 * Each attempt is a temporary struct session whose only sink is this file, so nothing of it reaches the
 * transcript or the screen until the table is printed. Sinks must not call back into a session, so events only
 * record facts and schedule step(), which acts from a timer. */
#include "cmd/cmd-tlsscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cmd/console-int.h"
#include "core/reply.h"
#include "core/tls-hello.h"
#include "core/tls-scan.h"
#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"

/* One wait of an attempt (connect, greeting, reply, handshake) at most; a scan is at most
 * TLS_SCAN_MAX_CONNECTIONS attempts. */
#define TLSSCAN_TIMEOUT_MS 10000u

/* A busy server answers a burst of connections with "421 too many connections" (Exim's smtp_accept_max is 20, and
 * its children outlive our side of the connection a little): such an answer is not the server's verdict on the
 * probe, so the probe is tried again, after a pause that doubles each time (and halves after each real answer). */
#define TLSSCAN_TRIES 6u
#define TLSSCAN_PAUSE_MIN_MS 100u
#define TLSSCAN_PAUSE_MAX_MS 3000u

/* Where the current attempt is; set only by set_stage. */
enum stage { ST_CONNECT, ST_EHLO, ST_STARTTLS, ST_DONE };

#define NVERSIONS TLS_SCAN_NVERSIONS

struct attempt {
	bool accepted;
	char *result;     /* accepted: "suite, group"; refused: why (our text or GnuTLS's; escaped when printed) */
	char *result_loc; /* the same in the user's language (the table's screen side), or NULL: as result */
};

struct tlsscan {
	struct console *c;
	struct loop *loop;
	char *addr;      /* numeric address of the console's session */
	char *sni;       /* the name it sent as SNI, or NULL */
	char *ehlo;
	int port;
	bool implicit;
	unsigned timeout_ms;

	size_t cur;      /* attempt running */
	struct session *s;
	enum stage stage;
	bool finished;   /* the current attempt has its result */
	bool transient;  /* ... and it is not the server's answer to the probe (busy, no greeting): try again */
	bool tls_started;
	unsigned tries; /* attempts of the current probe */
	unsigned pause_ms;
	uint64_t timer;
	uint64_t start_timer;          /* the pause before the next attempt */
	struct attempt res[NVERSIONS]; /* the version probes, for the first table */
	struct tls_scan *plan;
	struct tls_probe probe; /* the attempt running */
	uint8_t *hello;         /* its hand-built ClientHello, for a hello probe */
	size_t hello_len;
};

/* One scan at a time: the console holds its queue while it runs. */
static struct tlsscan *active;

static void step(void *arg);

static void schedule(struct tlsscan *sc)
{
	if (!sc->timer)
		sc->timer = loop_timer_add(sc->loop, 0, step, sc);
}

static void set_stage(struct tlsscan *sc, enum stage st)
{
	sc->stage = st;
}

/* A result's text, in English (JSON) and the user's language (the screen), filled by the caller. */
static struct dtext text_new(void)
{
	struct dtext d;
	dtext_init(&d, 1u << 16);
	return d;
}

/* The attempt's outcome: ti what the handshake negotiated (NULL when it failed), or sh what the server answered a
 * hello probe (NULL when there was no answer); d the text for the version table (freed here). */
static void result(struct tlsscan *sc, bool ok, struct dtext *d, const struct tls_info *ti,
		   const struct tls_server_hello *sh)
{
	char *text = xstrdup(dtext_en(d));
	char *loc = dtext_loc_or_null(d) ? xstrdup(dtext_loc(d)) : NULL;
	dtext_free(d);
	if (sc->finished) {
		free(text);
		free(loc);
		return;
	}
	sc->finished = true;
	/* Before the handshake (STARTTLS mode: no 220, a 421, the connection refused or closed) or a plaintext
	 * answer to our ClientHello (implicit TLS: a 421 line): the server was busy, not answering the probe. */
	sc->transient = !ok && ti == NULL && sc->tries + 1 < TLSSCAN_TRIES &&
			(!sc->tls_started || (text && strstr(text, "answered in plaintext")));
	if (sc->transient) {
		free(text);
		free(loc);
		schedule(sc);
		return;
	}
	if (sc->probe.kind == TLS_PROBE_VERSION) {
		sc->res[sc->cur].accepted = ok;
		sc->res[sc->cur].result = text;
		sc->res[sc->cur].result_loc = loc;
	} else {
		free(text);
		free(loc);
	}
	/* plain data: no call back into a session */
	if (sc->probe.suites)
		tls_scan_result_hello(sc->plan, sh);
	else
		tls_scan_result(sc->plan, ti);
	schedule(sc);
}

static void on_event(void *ctx, const struct event *ev)
{
	struct tlsscan *sc = ctx;
	switch (ev->type) {
	case EV_TLS: {
		const struct tls_info *ti = ev->tls_info;
		struct dtext d = text_new();
		if (ti == NULL) {
			/* TRANSLATORS: /tls scan's table: a TLS version was accepted (no more details). */
			dtext_printf(&d, "handshake done");
			result(sc, true, &d, NULL, NULL);
			break;
		}
		/* The version GnuTLS negotiated is the one offered: say so if it is not. */
		const char *want = tls_scan_version(sc->plan, sc->probe.version)->version;
		bool same = ti->version && strcmp(ti->version, want) == 0;
		const char *suite = ti->suite ? ti->suite : (ti->cipher ? ti->cipher : "?");
		if (same && ti->kx_group)
			/* TRANSLATORS: /tls scan's table: the cipher suite and the key exchange group negotiated
			 * ("TLS_AES_256_GCM_SHA384, group X25519"). */
			dtext_printf(&d, "%s, group %s", suite, ti->kx_group);
		else if (same)
			/* TRANSLATORS: /tls scan's table: the cipher suite negotiated, without a key exchange group. */
			dtext_printf(&d, "%s, group (none)", suite);
		else
			/* TRANSLATORS: /tls scan's table: the server chose another TLS version than the one offered. */
			dtext_printf(&d, "negotiated %s instead", ti->version ? ti->version : "?");
		result(sc, same, &d, ti, NULL);
		break;
	}
	case EV_ERROR: {
		/* After the handshake, verification is not our question (and --insecure-like params make it a warning). */
		if (ev->id && strcmp(ev->id, "tls-verify") == 0)
			break;
		const char *t = ev->text ? ev->text : "failed";
		/* The table says it is about the handshake: keep the alert and its explanation. */
		static const char *const prefixes[] = {"TLS handshake failed: ", "TLS handshake: "};
		for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
			if (strncmp(t, prefixes[i], strlen(prefixes[i])) == 0)
				t += strlen(prefixes[i]);
		/* The screen's side: the whole message in the user's language (its prefix is translated with it). */
		const char *tl = ev->text ? event_text(ev) : t;
		const char *hl = ev->hint ? event_hint(ev) : NULL;
		struct dtext d = text_new();
		buf_printf(&d.en, "%s%s%s%s", t, ev->hint ? " (" : "", ev->hint ? ev->hint : "", ev->hint ? ")" : "");
		if (i18n_translating())
			buf_printf(&d.loc, "%s%s%s%s", tl, hl ? " (" : "", hl ? hl : "", hl ? ")" : "");
		result(sc, false, &d, NULL, NULL);
		break;
	}
	case EV_CLOSED: {
		struct dtext d = text_new();
		/* TRANSLATORS: /tls scan's table: %s is the close reason's id ("eof", "reset"): it stays as it is. */
		dtext_printf(&d, "the server closed the connection (%s)", ev->id ? ev->id : "?");
		result(sc, false, &d, NULL, NULL);
		break;
	}
	case EV_TLS_HELLO: {
		const struct tls_server_hello *sh = ev->tls_hello;
		struct dtext d = text_new();
		if (sh->kind == TLS_HELLO_SERVER_HELLO) {
			dtext_raw(&d, "ServerHello"); /* the protocol's word */
			result(sc, true, &d, NULL, sh);
		} else if (sh->kind == TLS_HELLO_ALERT) {
			/* TRANSLATORS: /tls scan's table: the server answered with a TLS alert; %u its number. */
			dtext_printf(&d, "alert %u", sh->alert);
			result(sc, false, &d, NULL, sh);
		} else if (sh->kind == TLS_HELLO_PLAINTEXT) { /* a busy server's 421 on an implicit-TLS port: retried */
			/* TRANSLATORS: /tls scan's table: the server answered a TLS ClientHello with plaintext. */
			dtext_printf(&d, "the server answered in plaintext");
			result(sc, false, &d, NULL, NULL);
		} else {
			dtext_raw(&d, sh->why ? sh->why : "?");
			result(sc, false, &d, NULL, sh);
		}
		break;
	}
	case EV_TLS_START: sc->tls_started = true; break;
	case EV_IDLE:
		schedule(sc);
		break;
	default:
		break;
	}
}

static void start_attempt(struct tlsscan *sc)
{
	const struct session_params *mp = session_params(console_session(sc->c));
	struct session_params p = *mp;
	p.tls_priority = sc->probe.priority;
	p.tls_sni = sc->sni;
	p.ehlo_name = sc->ehlo;
	p.tls_verify = false; /* the question is what is negotiated; the verdict is the console session's business */
	p.timeout_ms = mp->timeout_ms && mp->timeout_ms < TLSSCAN_TIMEOUT_MS ? mp->timeout_ms : TLSSCAN_TIMEOUT_MS;
	free(sc->hello);
	sc->hello = NULL;
	if (sc->probe.suites) {
		uint8_t rnd[32] = {0};
		if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
			memset(rnd, 0x5a, sizeof rnd); /* nothing rests on it: the handshake is never finished */
		sc->hello = tls_hello_build(sc->probe.hello_version, sc->probe.suites, sc->probe.nsuites, sc->sni, rnd,
					    &sc->hello_len);
		p.tls_hello = sc->hello;
		p.tls_hello_len = sc->hello_len;
	}
	sc->finished = false;
	sc->transient = false;
	sc->tls_started = false;
	sc->cur = sc->probe.version;
	sc->s = session_new(sc->loop, &p);
	session_add_sink(sc->s, on_event, sc);
	set_stage(sc, ST_CONNECT);
	/* A failure here has emitted an EV_ERROR, which recorded the result. */
	session_connect(sc->s, sc->addr, sc->port, sc->implicit, false);
	schedule(sc);
}

/* word, then spaces up to width columns (characters, not bytes: "refusé" is 6 wide), on one side of a dtext */
static void pad_word(struct buf *b, const char *word, int width)
{
	int cols = 0;
	for (const char *p = word; *p; p++)
		cols += ((unsigned char)*p & 0xC0) != 0x80;
	buf_printf(b, "%s%*s", word, cols < width ? width - cols : 0, "");
}

/* The user sees the scan going: one line when a phase of probes starts (the TUI shows it at once). */
static void progress(struct tlsscan *sc)
{
	const struct tls_probe *p = &sc->probe;
	if (p->index != 0 || p->kind == TLS_PROBE_VERSION)
		return;
	const char *v = tls_scan_version(sc->plan, p->version)->version;
	const char *was = sc->c->current;
	sc->c->current = "tls scan";
	if (p->kind == TLS_PROBE_SUITE)
		console_print(sc->c, "%s: trying %zu cipher suites, one connection each ...", v, p->count);
	else if (p->kind == TLS_PROBE_ORDER)
		console_print(sc->c, "%s: finding the server's order of preference ...", v);
	else if (p->kind == TLS_PROBE_ANON)
		console_print(sc->c, "%s: offering the %zu anonymous cipher suites in hand-built ClientHellos ...", v,
			      p->count);
	else
		console_print(sc->c, "%s: trying %zu key exchange groups, one connection each ...", v, p->count);
	sc->c->current = was;
}

static void print_results(struct tlsscan *sc)
{
	struct dtext d;
	dtext_init(&d, 1u << 20);
	dtext_printf(&d, "TLS versions accepted by %s port %d (%s), each tried in a connection of its own:", sc->addr,
		     sc->port, sc->implicit ? "implicit TLS" : "STARTTLS");
	bool weak = false;
	for (size_t i = 0; i < NVERSIONS; i++) {
		const struct attempt *a = &sc->res[i];
		/* TRANSLATORS: /tls scan's table: a TLS version was accepted or refused (9 columns at most). */
		const char *verdict = a->accepted ? N_("accepted") : N_("refused");
		char name[32];
		const char *vname = tls_scan_version(sc->plan, i)->version;
		snprintf(name, sizeof name, "\n  %-7s ", vname);
		dtext_raw(&d, name);
		pad_word(&d.en, verdict, 9);
		if (i18n_translating())
			pad_word(&d.loc, _(verdict), 9);
		dtext_raw(&d, " ");
		if (a->result) {
			/* Each side escaped on its own: the English for JSON, the user's language for the screen. */
			escape_bytes(&d.en, (const uint8_t *)a->result, strlen(a->result), ESCAPE_DEFAULT);
			const char *loc = a->result_loc ? a->result_loc : a->result;
			if (i18n_translating())
				escape_bytes(&d.loc, (const uint8_t *)loc, strlen(loc), ESCAPE_DEFAULT);
		} else {
			/* TRANSLATORS: /tls scan's table: this TLS version was not tried. */
			dtext_printf(&d, "not tried");
		}
		if (a->accepted && tls_weak_version(vname)) {
			dtext_raw(&d, "  ");
			dtext_printf(&d, "INSECURE");
			weak = true;
		}
	}
	if (weak) {
		dtext_raw(&d, "\n");
		dtext_printf(
			&d, "The server accepts TLS 1.0 or 1.1, deprecated since 2021 (RFC 8996): it should offer only "
			    "TLS 1.2 and 1.3.");
	}
	if (!sc->res[2].accepted && !sc->res[3].accepted) {
		dtext_raw(&d, "\n");
		dtext_printf(&d,
			     "Neither TLS 1.2 nor 1.3 was accepted: modern clients cannot use TLS with this server.");
	}
	dtext_raw(&d, "\n");
	dtext_printf(&d, "(\"refused\" for 1.0/1.1 can also mean this machine's GnuTLS policy forbids offering them)");
	tlsscan_details(&d, sc->plan);
	/* The result arrives after /tls scan returned: say whose output it is (the TUI titles its reader with it). */
	const char *was = sc->c->current;
	sc->c->current = "tls scan";
	console_printd(sc->c, &d);
	sc->c->current = was;
	dtext_free(&d);
}

static void scan_free(struct tlsscan *sc)
{
	if (sc->timer)
		loop_timer_cancel(sc->loop, sc->timer);
	if (sc->start_timer)
		loop_timer_cancel(sc->loop, sc->start_timer);
	session_free(sc->s);
	tls_scan_free(sc->plan);
	for (size_t i = 0; i < NVERSIONS; i++) {
		free(sc->res[i].result);
		free(sc->res[i].result_loc);
	}
	free(sc->hello);
	free(sc->addr);
	free(sc->sni);
	free(sc->ehlo);
	free(sc);
}

static void start_later(void *arg)
{
	struct tlsscan *sc = arg;
	sc->start_timer = 0;
	start_attempt(sc);
}

static void end_attempt(struct tlsscan *sc)
{
	session_close(sc->s);
	session_free(sc->s);
	sc->s = NULL;
	set_stage(sc, ST_DONE);
}

static int last_code(struct session *s)
{
	const struct reply *r = session_last_reply(s);
	return r ? r->code : -1;
}

static void step(void *arg)
{
	struct tlsscan *sc = arg;
	sc->timer = 0;
	if (sc->start_timer)
		return; /* pausing before the next attempt */
	if (sc->s && !sc->finished && session_idle(sc->s) && !sc->implicit) {
		int code = last_code(sc->s);
		switch (sc->stage) {
		case ST_CONNECT:
			if (session_phase(sc->s) != PHASE_CONNECTED || code != 220) {
				struct dtext d = text_new();
				/* TRANSLATORS: /tls scan's table: the connection did not begin with a 220 greeting; %d the
				 * reply code it got (-1: none). */
				dtext_printf(&d, "no 220 greeting (got %d)", code);
				result(sc, false, &d, NULL, NULL);
				break;
			}
			set_stage(sc, ST_EHLO);
			char *line = xasprintf("EHLO %s", sc->ehlo ? sc->ehlo : "smtpcon.invalid");
			session_send_line(sc->s, line, 0, 0);
			free(line);
			break;
		case ST_EHLO:
			if (code != 250) {
				struct dtext d = text_new();
				/* TRANSLATORS: /tls scan's table: %d the reply code EHLO got ("EHLO was answered 554"). */
				dtext_printf(&d, "EHLO was answered %d", code);
				result(sc, false, &d, NULL, NULL);
				break;
			}
			set_stage(sc, ST_STARTTLS);
			session_send_line(sc->s, "STARTTLS", 0, 0);
			break;
		case ST_STARTTLS:
			/* Idle without a handshake: STARTTLS was refused (a 220 starts the handshake by itself). */
			{
				struct dtext d = text_new();
				/* TRANSLATORS: /tls scan's table: %d the reply code STARTTLS got ("STARTTLS was answered 454"). */
				dtext_printf(&d, "STARTTLS was answered %d", code);
				result(sc, false, &d, NULL, NULL);
				break;
			}
		case ST_DONE:
			break;
		}
	}
	if (!sc->finished)
		return;
	end_attempt(sc);
	if (sc->transient) {
		sc->tries++;
		sc->pause_ms = sc->pause_ms * 2 > TLSSCAN_PAUSE_MAX_MS   ? TLSSCAN_PAUSE_MAX_MS
			       : sc->pause_ms * 2 < TLSSCAN_PAUSE_MIN_MS ? TLSSCAN_PAUSE_MIN_MS
									 : sc->pause_ms * 2;
		sc->start_timer = loop_timer_add(sc->loop, sc->pause_ms, start_later, sc);
		return;
	}
	sc->tries = 0;
	sc->pause_ms /= 2;
	if (sc->pause_ms < TLSSCAN_PAUSE_MIN_MS / 2)
		sc->pause_ms = 0;
	if (tls_scan_next(sc->plan, &sc->probe)) {
		progress(sc);
		if (sc->pause_ms)
			sc->start_timer = loop_timer_add(sc->loop, sc->pause_ms, start_later, sc);
		else
			start_attempt(sc);
		return;
	}
	print_results(sc);
	tlsscan_emit(sc->c->s, sc->plan, sc->sni, sc->addr, sc->port);
	struct console *c = sc->c;
	active = NULL;
	scan_free(sc);
	c->sleeping = false;
	c->running = !session_idle(c->s); /* else the next EV_IDLE clears it */
	console_kick(c);
}

enum cmd_result tlsscan_start(struct console *c)
{
	struct session *s = c->s;
	if (active) {
		console_error(c, "a /tls scan is already running");
		return CMD_FAIL;
	}
	const char *addr = session_addr(s);
	if (addr == NULL || session_port(s) <= 0) {
		console_error(c, "/tls scan needs a server: /connect first (the scan uses the same address and port)");
		return CMD_FAIL;
	}
	struct tlsscan *sc = xcalloc(1, sizeof *sc);
	sc->c = c;
	sc->loop = c->loop;
	sc->addr = xstrdup(addr);
	sc->port = session_port(s);
	sc->implicit = session_implicit_tls(s);
	const struct tls_info *ti = session_tls_info(s);
	const struct session_params *mp = session_params(s);
	const char *sni = ti && ti->sni ? ti->sni : mp->tls_sni;
	if (sni == NULL && session_host(s) && strcmp(session_host(s), addr) != 0)
		sni = session_host(s);
	sc->sni = sni ? xstrdup(sni) : NULL;
	sc->ehlo = session_ehlo_name(s) ? xstrdup(session_ehlo_name(s)) : NULL;
	active = sc;
	console_print(c,
		      "scanning TLS 1.0 to 1.3, then each cipher suite and group, on %s port %d (%s), one connection "
		      "per probe (at most %u) ...",
		      sc->addr, sc->port, sc->implicit ? "implicit TLS" : "STARTTLS", TLS_SCAN_MAX_CONNECTIONS);
	/* Hold the console's queue (as /sleep does) until the table is printed. */
	c->sleeping = true;
	sc->plan = tls_scan_new(0);
	tls_scan_next(sc->plan, &sc->probe); /* the first version probe: there always is one */
	start_attempt(sc);
	return CMD_WAIT;
}
