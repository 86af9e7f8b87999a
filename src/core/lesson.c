/* lesson: a learner's progress through a lesson table (lesson-data.c), ticked from the session model. */
#include "core/lesson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lesson-int.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

#define MAX_STEPS 16

struct lesson_run {
	const struct lesson *l;
	bool done[MAX_STEPS];
	char addr[300]; /* {addr} */
	char ca[1024];  /* {ca} */
};

const struct lesson *lesson_find(const char *name)
{
	size_t n;
	const struct lesson *t = lesson_table(&n);
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

const char *const *lesson_names(void)
{
	static const char *names[32];
	if (names[0] == NULL) {
		size_t n;
		const struct lesson *t = lesson_table(&n);
		for (size_t i = 0; i < n && i + 1 < sizeof names / sizeof names[0]; i++)
			names[i] = t[i].name;
	}
	return names;
}

struct lesson_run *lesson_run_new(const struct lesson *l)
{
	struct lesson_run *r = xcalloc(1, sizeof *r);
	r->l = l;
	lesson_run_set_place(r, NULL, NULL);
	return r;
}

void lesson_run_free(struct lesson_run *r)
{
	free(r);
}

void lesson_run_set_place(struct lesson_run *r, const char *addr, const char *ca)
{
	snprintf(r->addr, sizeof r->addr, "%s", addr ? addr : "HOST:PORT");
	snprintf(r->ca, sizeof r->ca, "%s", ca ? ca : "ca.pem");
}

/* One field of a condition: 0 asks nothing, else the model's value must be want - 1. */
static bool field_ok(unsigned char want, int have)
{
	return want == 0 || want - 1 == have;
}

static bool holds(const struct lesson_when *w, const struct session_model *m)
{
	if (!field_ok(w->conn, (int)m->conn) || !field_ok(w->tls, (int)m->tls) || !field_ok(w->cert, (int)m->cert) ||
	    !field_ok(w->auth, (int)m->auth) || !field_ok(w->starttls, m->starttls_offered ? 1 : 0))
		return false;
	if (w->caps && m->auth == MA_UNKNOWN)
		return false;
	if (w->refused && !m->greeting_refused)
		return false;
	if (w->outcome && (m->last == NULL || !field_ok(w->outcome, (int)m->last->outcome)))
		return false;
	if (m->rcpts < w->min_rcpts)
		return false;
	if (w->code && m->reply_code != w->code)
		return false;
	if (w->verb && (m->reply_verb == NULL || strcmp(m->reply_verb, w->verb) != 0))
		return false;
	if (w->error && (m->error == NULL || strcmp(m->error, w->error) != 0))
		return false;
	return true;
}

size_t lesson_run_observe(struct lesson_run *r, const struct session_model *m)
{
	size_t ticked = 0;
	for (size_t i = 0; i < r->l->n && i < MAX_STEPS; i++) {
		const struct lesson_step *st = &r->l->steps[i];
		if (r->done[i] || (st->when.after && (i == 0 || !r->done[i - 1])))
			continue;
		if (holds(&st->when, m)) {
			r->done[i] = true;
			ticked++;
		}
	}
	return ticked;
}

const char *lesson_run_name(const struct lesson_run *r)
{
	return r->l->name;
}

size_t lesson_run_steps(const struct lesson_run *r)
{
	return r->l->n < MAX_STEPS ? r->l->n : MAX_STEPS;
}

bool lesson_run_done(const struct lesson_run *r, size_t i)
{
	return i < lesson_run_steps(r) && r->done[i];
}

size_t lesson_run_ticked(const struct lesson_run *r)
{
	size_t n = 0;
	for (size_t i = 0; i < lesson_run_steps(r); i++)
		n += r->done[i];
	return n;
}

size_t lesson_run_current(const struct lesson_run *r)
{
	size_t i = 0;
	while (i < lesson_run_steps(r) && r->done[i])
		i++;
	return i;
}

/* text with {addr} and {ca} replaced by the lab's (a translation keeps the braces: they are not words). */
static const char *fill(const struct lesson_run *r, const char *text, char *buf, size_t n)
{
	size_t o = 0;
	if (n == 0)
		return buf;
	for (const char *p = text; *p && o + 1 < n;) {
		const char *with = NULL;
		size_t skip = 0;
		if (strncmp(p, "{addr}", 6) == 0) {
			with = r->addr;
			skip = 6;
		} else if (strncmp(p, "{ca}", 4) == 0) {
			with = r->ca;
			skip = 4;
		}
		if (with) {
			for (; *with && o + 1 < n; with++)
				buf[o++] = *with;
			p += skip;
		} else {
			buf[o++] = *p++;
		}
	}
	buf[o] = '\0';
	return buf;
}

const char *lesson_step_do(const struct lesson_run *r, size_t i, bool loc, char *buf, size_t n)
{
	if (i >= lesson_run_steps(r))
		return fill(r, "", buf, n);
	const char *t = r->l->steps[i].todo;
	return fill(r, loc ? _(t) : t, buf, n);
}

const char *lesson_step_wire(const struct lesson_run *r, size_t i, bool loc, char *buf, size_t n)
{
	if (i >= lesson_run_steps(r))
		return fill(r, "", buf, n);
	const char *t = r->l->steps[i].wire;
	return fill(r, loc ? _(t) : t, buf, n);
}

const char *lesson_msgid_do(const struct lesson *l, size_t i)
{
	return i < l->n ? l->steps[i].todo : NULL;
}

const char *lesson_msgid_wire(const struct lesson *l, size_t i)
{
	return i < l->n ? l->steps[i].wire : NULL;
}

size_t lesson_nsteps(const struct lesson *l)
{
	return l->n;
}
