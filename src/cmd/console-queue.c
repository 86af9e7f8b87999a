/* console-queue: the ring of lines waiting to run, and what the user sees of it: a line typed while the session
 * waits is announced at once as queued (with what it waits for) and shown by the session model until it runs or is
 * dropped; lines bound for the server are dropped, each said so, when the wait they were queued behind is given up. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/console-int.h"
#include "core/model.h"
#include "lib/dtext-split.h"
#include "lib/dtext.h"
#include "lib/xmalloc.h"

/* A queued line as views may show it: a secret (AUTH payload, /auth with a password) is masked. */
void console_shown_line(const char *line, char *out, size_t n)
{
	if (console_line_is_secret(line)) {
		size_t verb = strcspn(line + strspn(line, " "), " ") + strspn(line, " ");
		snprintf(out, n, "%.*s ********", (int)(verb < 40 ? verb : 40), line);
	} else {
		snprintf(out, n, "%.200s", line);
	}
}

/* Whether the queued line at position i (0: the next to run) will go out as an answer inside an AUTH exchange: one
 * is under way (typed by hand or the helper's), or an AUTH line waits ahead of it. Its text is then a secret even
 * before the 334 that makes it one has come (a learner pastes "AUTH LOGIN" and both base64 lines at once). */
static bool starts_auth(const char *q)
{
	q += strspn(q, " ");
	return strncasecmp(q, "AUTH ", 5) == 0 || strncasecmp(q, "/auth raw ", 10) == 0;
}

static bool queued_answer(const struct console *c, size_t i)
{
	const char *line = c->queue[(c->qhead + i) % c->qcap];
	line += strspn(line, " ");
	if (line[0] == '/' && strncasecmp(line, "/answer", 7) != 0)
		return false; /* a console command: not sent as typed */
	if (session_auth_exchange(c->s))
		return true;
	for (size_t k = 0; k < i; k++)
		if (starts_auth(c->queue[(c->qhead + k) % c->qcap]))
			return true;
	return false;
}

/* The queued line at position i as views may show it (console_shown_line, and masked when it is an answer). */
static void shown_queued(const struct console *c, size_t i, char *out, size_t n)
{
	if (queued_answer(c, i))
		snprintf(out, n, "********");
	else
		console_shown_line(c->queue[(c->qhead + i) % c->qcap], out, n);
}

bool console_next_line_is_answer(const struct console *c)
{
	if (session_auth_exchange(c->s))
		return true;
	for (size_t k = 0; k < c->qlen; k++)
		if (starts_auth(c->queue[(c->qhead + k) % c->qcap]))
			return true;
	return false;
}

/* Tell the session model which typed lines wait (the footer and status read it from there). */
static void report_typed(struct console *c)
{
	if (c->typed > c->qlen)
		c->typed = c->qlen;
	char first[256] = "";
	if (c->typed)
		shown_queued(c, c->qlen - c->typed, first, sizeof first);
	session_set_queued(c->s, c->typed, c->typed ? first : NULL);
}

void console_clear_queue(struct console *c)
{
	while (c->qlen) {
		free(c->queue[c->qhead]);
		c->qhead = (c->qhead + 1) % c->qcap;
		c->qlen--;
	}
	report_typed(c);
}

/* Lines that would reach the server (SMTP lines, and the commands that send): the ones that must not go out once
 * the wait they were queued behind was given up. */
static bool sends_to_server(const char *line)
{
	static const char *const senders[] = {"/ehlo", "/starttls", "/auth",     "/answer",    "/data",   "/raw",
					      "/hex",  "/bdat",     "/pipeline", "/hello-tls", "/expect", "/probe"};
	line += strspn(line, " \t");
	if (line[0] != '/' || line[1] == '/')
		return line[0] != '\0' && line[0] != '#';
	for (size_t k = 0; k < sizeof senders / sizeof senders[0]; k++) {
		size_t n = strlen(senders[k]);
		if (strncasecmp(line, senders[k], n) == 0 && (line[n] == '\0' || line[n] == ' '))
			return true;
	}
	return false;
}

/* Say a queued line was dropped: why is an English msgid (N_), NULL for Ctrl-C. */
static void emit_dropped(struct console *c, const char *why, const char *shown)
{
	struct dtext d;
	dtext_init(&d, 1024);
	if (why) {
		struct dtext reason;
		dtext_init(&reason, 256);
		dtext_puts(&reason, why);
		dtext_printf(&d, "not sent, dropped (%s): %s", dtext_en(&reason), shown);
		/* the translated side quotes the translated reason */
		if (i18n_translating()) {
			buf_reset(&d.loc);
			buf_printf(&d.loc, _("not sent, dropped (%s): %s"), dtext_loc(&reason), shown);
		}
		dtext_free(&reason);
	} else {
		dtext_printf(&d, "not sent, dropped (Ctrl-C): %s", shown);
	}
	session_emit_textd(c->s, EV_INFO, "dropped", &d, NULL);
	dtext_free(&d);
}

size_t console_drop_server_lines(struct console *c, const char *why)
{
	size_t kept = 0, dropped = 0, n = c->qlen;
	bool answers = session_auth_exchange(c->s); /* the lines from here on answer an AUTH exchange */
	for (size_t i = 0; i < n; i++) {
		char *line = c->queue[(c->qhead + i) % c->qcap];
		bool answer = answers && (line[strspn(line, " ")] != '/' || strncasecmp(line, "/answer", 7) == 0);
		answers = answers || starts_auth(line);
		if (!sends_to_server(line)) {
			c->queue[(c->qhead + kept++) % c->qcap] = line;
			continue;
		}
		char shown[256];
		if (answer) /* as shown_queued, which cannot look back here: the queue is being compacted */
			snprintf(shown, sizeof shown, "********");
		else
			console_shown_line(line, shown, sizeof shown);
		emit_dropped(c, why, shown);
		free(line);
		dropped++;
	}
	c->qlen = kept;
	if (c->typed > kept)
		c->typed = kept;
	report_typed(c);
	return dropped;
}

size_t console_drop_typed(struct console *c)
{
	if (c->typed == 0)
		return 0;
	/* Only the typed lines (the tail); steps the console queued itself (after /starttls...) stay. */
	size_t keep = c->qlen - c->typed, n = c->typed;
	for (size_t i = keep; i < c->qlen; i++) {
		char *line = c->queue[(c->qhead + i) % c->qcap];
		char shown[256];
		shown_queued(c, i, shown, sizeof shown);
		emit_dropped(c, NULL, shown);
		free(line);
	}
	c->qlen = keep;
	c->typed = 0;
	report_typed(c);
	return n;
}

static void queue_grow(struct console *c)
{
	size_t cap = c->qcap ? c->qcap * 2 : 16;
	char **q = xcalloc(cap, sizeof *q);
	for (size_t i = 0; i < c->qlen; i++)
		q[i] = c->queue[(c->qhead + i) % c->qcap];
	free(c->queue);
	c->queue = q;
	c->qcap = cap;
	c->qhead = 0;
}

static void queue_push_back(struct console *c, const char *line)
{
	if (c->qlen >= CONSOLE_MAX_QUEUE) {
		console_error(c, "too many queued lines (limit %u); dropped: %.40s", CONSOLE_MAX_QUEUE, line);
		return;
	}
	if (c->qlen == c->qcap)
		queue_grow(c);
	c->queue[(c->qhead + c->qlen) % c->qcap] = xstrdup(line);
	c->qlen++;
}

void console_push_front(struct console *c, const char *const *lines, size_t n)
{
	for (size_t k = n; k-- > 0;) {
		if (c->qlen == c->qcap)
			queue_grow(c);
		c->qhead = (c->qhead + c->qcap - 1) % c->qcap;
		c->queue[c->qhead] = xstrdup(lines[k]);
		c->qlen++;
	}
}

/* True when a line submitted now would have to wait (something runs, or is waited for, or lines are ahead). */
static bool must_wait(const struct console *c)
{
	return c->qlen > 1 || c->running || c->sleeping || c->waiting_secret || !session_idle(c->s) ||
	       session_phase(c->s) == PHASE_TLS_HOLD;
}

static bool must_wait_line(const struct console *c, const char *line)
{
	if (session_phase(c->s) == PHASE_TLS_HOLD && console_line_is_hold(line))
		return false; /* the decision itself, or a look: runs at once */
	return must_wait(c);
}

void console_submit(struct console *c, const char *line)
{
	size_t before = c->qlen;
	queue_push_back(c, line);
	if (c->qlen == before)
		return;
	if (!c->script_mode && must_wait_line(c, line) && !console_line_is_blank(line)) {
		/* Typed while the session waits: show it at once, and what it waits for, so nothing is held in secret. */
		c->typed++;
		char shown[256];
		shown_queued(c, c->qlen - 1, shown, sizeof shown);
		struct session_model m;
		char what[128], what_loc[128];
		session_get_model(c->s, &m);
		struct dtext d;
		dtext_init(&d, 1024);
		/* What it waits for, in each language ("reply to EHLO" is the session's, built in both). */
		dtext_en_printf(&d, "queued, not sent yet: %s (waits for %s; Ctrl-C drops it)", shown,
				model_queue_waits_for(&m, what, sizeof what));
		dtext_loc_printf(&d, N_("queued, not sent yet: %s (waits for %s; Ctrl-C drops it)"), shown,
				 model_queue_waits_for_loc(&m, what_loc, sizeof what_loc));
		session_emit_textd(c->s, EV_INFO, "queued", &d, NULL);
		dtext_free(&d);
		report_typed(c);
	}
	console_kick(c);
}

int console_load_script(struct console *c, FILE *f, const char *name)
{
	(void)name;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	c->script_mode = true;
	while ((n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		/* Blank and '#' lines are kept: inside a DATA body they are message lines (the blank line between
		 * headers and body!); elsewhere run_line skips them as comments. */
		queue_push_back(c, line);
	}
	free(line);
	c->script_loaded = true;
	console_kick(c);
	return 0;
}

void console_end_of_input(struct console *c)
{
	c->script_mode = true;
	c->script_loaded = true;
	console_kick(c);
}

bool console_idle(const struct console *c)
{
	return c->qlen == 0 && !c->running && session_idle(c->s);
}

void console_cancel(struct console *c)
{
	console_clear_queue(c);
	if (c->sleep_timer) {
		loop_timer_cancel(c->loop, c->sleep_timer);
		c->sleep_timer = 0;
	}
	c->sleeping = false;
	c->running = false;
	c->collecting = false;
	session_cancel(c->s);
}

/* After a failure in a script: drop queued lines up to the next local command. */
void console_drop_until_local(struct console *c)
{
	while (c->qlen && !console_line_is_local(c->queue[c->qhead])) {
		free(c->queue[c->qhead]);
		c->qhead = (c->qhead + 1) % c->qcap;
		c->qlen--;
	}
}

/* While a certificate awaits a decision: take the first queued line that decides or only looks. */
char *console_take_hold_command(struct console *c)
{
	for (size_t i = 0; i < c->qlen; i++) {
		size_t at = (c->qhead + i) % c->qcap;
		if (!console_line_is_hold(c->queue[at]))
			continue;
		if (i >= c->qlen - c->typed)
			c->typed--; /* it was typed: no longer waiting */
		char *taken = c->queue[at];
		/* Close the gap: shift the lines before it one place towards the tail. */
		for (size_t j = i; j > 0; j--)
			c->queue[(c->qhead + j) % c->qcap] = c->queue[(c->qhead + j - 1) % c->qcap];
		c->qhead = (c->qhead + 1) % c->qcap;
		c->qlen--;
		report_typed(c);
		return taken;
	}
	return NULL;
}

char *console_pop_line(struct console *c)
{
	char *line = c->queue[c->qhead];
	c->qhead = (c->qhead + 1) % c->qcap;
	c->qlen--;
	if (c->typed > c->qlen) /* the typed lines are the tail: this was one of them */
		report_typed(c);
	return line;
}
