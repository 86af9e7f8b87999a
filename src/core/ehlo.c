/* ehlo: turn a 250 reply to EHLO into a capability list, and compare two lists (before/after STARTTLS or AUTH)
 * so the console can show what the server added, withdrew or changed. */
#include "core/ehlo.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/xmalloc.h"

static const char *const phase_names[CAPS_NPHASES] = {
	[CAPS_PLAIN] = "plain",
	[CAPS_TLS] = "tls",
	[CAPS_AUTH] = "auth",
};

const char *caps_phase_name(enum caps_phase ph)
{
	if ((unsigned)ph >= CAPS_NPHASES || phase_names[ph] == NULL)
		return "unknown";
	return phase_names[ph];
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* RFC 5321 ehlo-keyword: (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"). */
static bool keyword_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !is_alnum(s[0]))
		return false;
	for (i = 1; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '-')
			return false;
	return true;
}

/* Split one line into keyword and whitespace-normalised params. The text is read as a C string: a NUL ends it
 * (the reply already carries REPLY_NUL, and the wire view shows the bytes). False for a blank line. */
static bool cap_parse(const char *text, struct cap *out)
{
	const char *s = text, *kw;
	size_t kwlen, i, len;
	char *params;

	while (is_space(*s))
		s++;
	if (*s == '\0')
		return false;
	kw = s;
	while (*s != '\0' && !is_space(*s))
		s++;
	kwlen = (size_t)(s - kw);
	out->name = xmemdup0(kw, kwlen);
	if (keyword_valid(kw, kwlen))
		for (i = 0; i < kwlen; i++)
			if (out->name[i] >= 'a' && out->name[i] <= 'z')
				out->name[i] = (char)(out->name[i] - 'a' + 'A');

	params = xmalloc(strlen(s) + 1);
	len = 0;
	for (;;) {
		while (is_space(*s))
			s++;
		if (*s == '\0')
			break;
		if (len > 0)
			params[len++] = ' ';
		while (*s != '\0' && !is_space(*s))
			params[len++] = *s++;
	}
	params[len] = '\0';
	out->params = params;
	return true;
}

struct caps *caps_from_reply(const struct reply *r)
{
	struct caps *c;
	size_t i;

	if (r == NULL || r->code < 200 || r->code > 299)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->domain = xstrdup(r->nlines > 0 ? r->lines[0].text : "");
	if (r->nlines > 1)
		c->v = xreallocarray(NULL, r->nlines - 1, sizeof(*c->v));
	for (i = 1; i < r->nlines; i++)
		if (cap_parse(r->lines[i].text, &c->v[c->n]))
			c->n++;
	return c;
}

void caps_free(struct caps *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].params);
	}
	free(c->v);
	free(c->domain);
	free(c);
}

struct caps *caps_dup(const struct caps *c)
{
	struct caps *d;
	size_t i;

	if (c == NULL)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	d->domain = xstrdup(c->domain ? c->domain : "");
	d->n = c->n;
	if (c->n > 0)
		d->v = xreallocarray(NULL, c->n, sizeof(*d->v));
	for (i = 0; i < c->n; i++) {
		d->v[i].name = xstrdup(c->v[i].name);
		d->v[i].params = xstrdup(c->v[i].params);
	}
	return d;
}

const struct cap *caps_find(const struct caps *c, const char *name)
{
	size_t i;

	if (c == NULL || name == NULL)
		return NULL;
	for (i = 0; i < c->n; i++)
		if (strcasecmp(c->v[i].name, name) == 0)
			return &c->v[i];
	return NULL;
}

/* True when the space-separated list params holds word (case-insensitive). */
static bool param_has(const char *params, const char *word)
{
	size_t wlen = strlen(word);
	const char *s = params;

	while (*s != '\0') {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == wlen && strncasecmp(s, word, n) == 0)
			return true;
		if (e == NULL)
			break;
		s = e + 1;
	}
	return false;
}

bool caps_has(const struct caps *c, const char *name, const char *param)
{
	size_t i;

	if (c == NULL || name == NULL)
		return false;
	/* Every line with the keyword counts: some servers split AUTH over several lines. */
	for (i = 0; i < c->n; i++)
		if (strcasecmp(c->v[i].name, name) == 0 && (param == NULL || param_has(c->v[i].params, param)))
			return true;
	return false;
}

/* Sorting indices by (name, position) pairs the k-th "AUTH" of one list with the k-th "AUTH" of the other in
 * O(n log n), so a hostile list of thousands of lines cannot make the diff quadratic. */
struct sort_ctx_item {
	const struct cap *cap;
	size_t idx;
};

static int item_cmp(const void *x, const void *y)
{
	const struct sort_ctx_item *a = x, *b = y;
	int c = strcasecmp(a->cap->name, b->cap->name);

	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static struct sort_ctx_item *sorted(const struct caps *c, size_t *n)
{
	struct sort_ctx_item *v;
	size_t i;

	*n = c ? c->n : 0;
	v = xreallocarray(NULL, *n ? *n : 1, sizeof(*v));
	for (i = 0; i < *n; i++) {
		v[i].cap = &c->v[i];
		v[i].idx = i;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), item_cmp);
	return v;
}

static void cap_copy(struct cap *dst, const struct cap *src)
{
	dst->name = xstrdup(src->name);
	dst->params = xstrdup(src->params);
}

struct caps_diff *caps_diff(const struct caps *a, const struct caps *b)
{
	struct caps_diff *d = xcalloc(1, sizeof(*d));
	struct sort_ctx_item *sa, *sb;
	size_t na, nb, i = 0, j = 0, k;
	size_t *match_b;  /* for each entry of b: 1 + index of its partner in a, or 0 */
	bool *matched_a;

	sa = sorted(a, &na);
	sb = sorted(b, &nb);
	match_b = xcalloc(nb ? nb : 1, sizeof(*match_b));
	matched_a = xcalloc(na ? na : 1, sizeof(*matched_a));
	while (i < na && j < nb) {
		int c = strcasecmp(sa[i].cap->name, sb[j].cap->name);

		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			match_b[sb[j].idx] = sa[i].idx + 1;
			matched_a[sa[i].idx] = true;
			i++;
			j++;
		}
	}

	if (nb > 0) {
		d->added = xreallocarray(NULL, nb, sizeof(*d->added));
		d->changed = xreallocarray(NULL, nb, sizeof(*d->changed));
	}
	for (k = 0; k < nb; k++) {
		const struct cap *cb = &b->v[k], *ca;

		if (match_b[k] == 0) {
			cap_copy(&d->added[d->nadded++], cb);
			continue;
		}
		ca = &a->v[match_b[k] - 1];
		if (strcmp(ca->params, cb->params) == 0) {
			d->nsame++;
		} else {
			struct cap_change *ch = &d->changed[d->nchanged++];

			ch->name = xstrdup(cb->name);
			ch->from = xstrdup(ca->params);
			ch->to = xstrdup(cb->params);
		}
	}
	if (na > 0)
		d->removed = xreallocarray(NULL, na, sizeof(*d->removed));
	for (k = 0; k < na; k++)
		if (!matched_a[k])
			cap_copy(&d->removed[d->nremoved++], &a->v[k]);

	free(sa);
	free(sb);
	free(match_b);
	free(matched_a);
	return d;
}

void caps_diff_free(struct caps_diff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nadded; i++) {
		free(d->added[i].name);
		free(d->added[i].params);
	}
	for (i = 0; i < d->nremoved; i++) {
		free(d->removed[i].name);
		free(d->removed[i].params);
	}
	for (i = 0; i < d->nchanged; i++) {
		free(d->changed[i].name);
		free(d->changed[i].from);
		free(d->changed[i].to);
	}
	free(d->added);
	free(d->removed);
	free(d->changed);
	free(d);
}
