/* reply: incremental SMTP reply parser. Bytes arrive in any split; lines are found with memchr and copied once
 * into a per-reply arena that is reused from reply to reply, so steady-state parsing allocates nothing and the
 * memory held is bounded by max_line and max_lines whatever the server sends. */
#include "core/reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* Where a kept line lives in the arena (offsets, because the arena moves when it grows). */
struct line_ref {
	size_t off;  /* start of the text (after the code) */
	size_t len;
};

struct reply_parser {
	size_t max_line;
	size_t max_lines;

	/* The line being read. */
	size_t line_len;     /* bytes seen so far, without the LF (a trailing CR included) */
	size_t line_stored;  /* bytes of it copied into the arena at arena_len (<= max_line) */
	size_t line_raw;     /* wire bytes so far */
	unsigned line_flags;
	bool line_keep;      /* this line will be kept (fewer than max_lines kept so far) */
	bool prev_cr;        /* the last byte seen was CR: a LF now ends the line, anything else makes it bare */
	uint8_t head[4];     /* the first 4 bytes, always, even when max_line is smaller: they hold the code */
	size_t head_len;

	/* The reply being assembled. */
	bool in_reply;       /* a "NNN-" line was seen: more lines belong to this reply */
	struct reply cur;    /* code, flags, total_lines, raw_len; lines built only when emitted */
	bool first_cut;      /* the first line was cut: an enhanced code at its very end may be cut too */
	uint8_t *arena;      /* texts of kept lines, each NUL-terminated */
	size_t arena_len;
	size_t arena_cap;
	struct line_ref *refs;
	size_t nrefs;
	size_t refs_cap;
	struct reply_line *out;  /* handed to the callback; rebuilt from refs each time */
	size_t out_cap;

	/* Feed control. */
	bool in_feed;
	bool paused;
	size_t consumed;
};

struct reply_parser *reply_parser_new(size_t max_line, size_t max_lines)
{
	struct reply_parser *p = xcalloc(1, sizeof(*p));

	p->max_line = max_line;
	p->max_lines = max_lines;
	p->cur.code = -1;
	return p;
}

void reply_parser_free(struct reply_parser *p)
{
	if (p == NULL)
		return;
	free(p->arena);
	free(p->refs);
	free(p->out);
	free(p);
}

static void line_clear(struct reply_parser *p)
{
	p->line_len = 0;
	p->line_stored = 0;
	p->line_raw = 0;
	p->line_flags = 0;
	p->prev_cr = false;
	p->head_len = 0;
}

static void reply_clear(struct reply_parser *p)
{
	memset(&p->cur, 0, sizeof(p->cur));
	p->cur.code = -1;
	p->in_reply = false;
	p->first_cut = false;
	p->arena_len = 0;
	p->nrefs = 0;
}

void reply_parser_reset(struct reply_parser *p)
{
	line_clear(p);
	reply_clear(p);
}

bool reply_parser_pending(const struct reply_parser *p)
{
	return p->line_raw > 0 || p->in_reply;
}

size_t reply_parser_memory(const struct reply_parser *p)
{
	return sizeof(*p) + p->arena_cap + p->refs_cap * sizeof(*p->refs) + p->out_cap * sizeof(*p->out);
}

void reply_parser_pause(struct reply_parser *p)
{
	if (p->in_feed)
		p->paused = true;
}

size_t reply_parser_consumed(const struct reply_parser *p)
{
	return p->consumed;
}

/* Make room for need bytes in the arena. Growth is geometric but never beyond what the current line can use, so
 * one endless line costs max_line bytes, not twice that. */
static void arena_reserve(struct reply_parser *p, size_t need)
{
	size_t limit, cap;

	if (need <= p->arena_cap)
		return;
	limit = p->arena_len + p->max_line + 1;
	cap = p->arena_cap ? p->arena_cap * 2 : 256;
	if (cap > limit)
		cap = limit;
	if (cap < need)
		cap = need;
	p->arena = xrealloc(p->arena, cap);
	p->arena_cap = cap;
}

/* Take the bytes s[0..k) of the current line (no LF among them). */
static void line_add(struct reply_parser *p, const uint8_t *s, size_t k)
{
	size_t take;

	if (k == 0)
		return;
	if (p->line_raw == 0)
		p->line_keep = p->nrefs < p->max_lines;
	p->line_raw += k;
	/* A CR held from before is followed by a byte that is not LF; so is every CR but a final one here. */
	if (p->prev_cr || (k > 1 && !(p->line_flags & REPLY_BARE_CR) && memchr(s, '\r', k - 1) != NULL))
		p->line_flags |= REPLY_BARE_CR;
	p->prev_cr = s[k - 1] == '\r';
	if (!(p->line_flags & REPLY_NUL) && memchr(s, '\0', k) != NULL)
		p->line_flags |= REPLY_NUL;
	while (p->head_len < sizeof(p->head) && p->head_len < p->line_len + k) {
		p->head[p->head_len] = s[p->head_len - p->line_len];
		p->head_len++;
	}
	if (p->line_keep && p->line_stored < p->max_line) {
		take = p->max_line - p->line_stored;
		if (take > k)
			take = k;
		arena_reserve(p, p->arena_len + p->line_stored + take + 1);
		memcpy(p->arena + p->arena_len + p->line_stored, s, take);
		p->line_stored += take;
	}
	p->line_len += k;
}

static void emit(struct reply_parser *p, reply_fn fn, void *arg)
{
	size_t i;

	if (p->nrefs > p->out_cap) {
		p->out = xreallocarray(p->out, p->nrefs, sizeof(*p->out));
		p->out_cap = p->nrefs;
	}
	for (i = 0; i < p->nrefs; i++) {
		p->out[i].text = (char *)p->arena + p->refs[i].off;
		p->out[i].len = p->refs[i].len;
	}
	p->cur.lines = p->nrefs ? p->out : NULL;
	p->cur.nlines = p->nrefs;
	/* Reset first: the callback may reset or pause the parser, and must find it between replies. */
	{
		struct reply r = p->cur;

		reply_clear(p);
		fn(arg, &r);
	}
}

/* The reply is complete: take its enhanced code from the first line and hand it over. */
static void reply_finish(struct reply_parser *p, reply_fn fn, void *arg)
{
	size_t used;

	if (p->cur.code >= 0 && p->nrefs > 0) {
		const char *t = (const char *)p->arena + p->refs[0].off;

		used = enhanced_code_parse(t, p->refs[0].len, p->cur.enhanced);
		if (used > 0 && p->first_cut && used == p->refs[0].len)
			p->cur.enhanced[0] = '\0';
		else if (used > 0 && p->cur.enhanced[0] - '0' != p->cur.code / 100)
			p->cur.flags |= REPLY_ENH_MISMATCH;
	}
	emit(p, fn, arg);
}

static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

/* The current line ended (by LF, or by the end of the connection when by_lf is false). Returns true when the
 * reply it belongs to is now complete. */
static bool line_end(struct reply_parser *p, bool by_lf)
{
	size_t content = p->line_len, skip = 0, stored;
	unsigned flags = p->line_flags;
	bool valid, final;
	int code = -1;

	if (p->line_raw == 0)
		p->line_keep = p->nrefs < p->max_lines;
	if (by_lf && p->prev_cr) {
		content--;
		if (p->line_stored > content)
			p->line_stored = content;
	} else if (by_lf) {
		flags |= REPLY_BARE_LF;
	} else if (p->prev_cr) {
		flags |= REPLY_BARE_CR;  /* the connection ended right after a CR */
	}
	if (content > p->max_line)
		flags |= REPLY_LINE_TOO_LONG;
	if (content + 2 > 512)  /* RFC 5321 §4.5.3.1.5: 512 octets including the CRLF */
		flags |= REPLY_OVER_512;
	if (p->head_len > content)
		p->head_len = content;

	valid = p->head_len >= 3 && is_digit(p->head[0]) && is_digit(p->head[1]) && is_digit(p->head[2]) &&
	        (p->head_len == 3 || p->head[3] == ' ' || p->head[3] == '-');
	if (valid) {
		code = (p->head[0] - '0') * 100 + (p->head[1] - '0') * 10 + (p->head[2] - '0');
		skip = p->head_len;  /* 3 for "250", 4 for "250 " and "250-" */
		final = p->head_len == 3 || p->head[3] == ' ';
	} else {
		flags |= REPLY_MALFORMED;
		final = !p->in_reply;  /* see reply.h: a malformed line does not end a multi-line reply */
	}

	if (!p->in_reply) {
		p->cur.code = code;
		if (valid && (p->head[0] < '2' || p->head[0] > '5' || p->head[1] > '5'))
			flags |= REPLY_BAD_CODE;
		p->first_cut = content > p->max_line;
	} else if (valid && code != p->cur.code) {
		flags |= REPLY_CODE_MISMATCH;
	}
	p->cur.flags |= flags;
	p->cur.total_lines++;
	p->cur.raw_len += p->line_raw + (by_lf ? 1 : 0);

	if (p->line_keep) {
		if (p->nrefs == p->refs_cap) {
			p->refs_cap = p->refs_cap ? p->refs_cap * 2 : 16;
			if (p->refs_cap > p->max_lines)
				p->refs_cap = p->max_lines;
			p->refs = xreallocarray(p->refs, p->refs_cap, sizeof(*p->refs));
		}
		stored = p->line_stored;
		if (skip > stored)
			skip = stored;
		arena_reserve(p, p->arena_len + stored + 1);
		p->arena[p->arena_len + stored] = '\0';
		p->refs[p->nrefs].off = p->arena_len + skip;
		p->refs[p->nrefs].len = stored - skip;
		p->nrefs++;
		p->arena_len += stored + 1;
	} else {
		p->cur.flags |= REPLY_TOO_MANY_LINES;
	}
	p->in_reply = !final;
	line_clear(p);
	return final;
}

void reply_parser_feed(struct reply_parser *p, const uint8_t *data, size_t n, reply_fn fn, void *arg)
{
	size_t i = 0;

	p->in_feed = true;
	p->paused = false;
	while (i < n && !p->paused) {
		const uint8_t *lf = memchr(data + i, '\n', n - i);

		if (lf == NULL) {
			line_add(p, data + i, n - i);
			i = n;
			break;
		}
		line_add(p, data + i, (size_t)(lf - (data + i)));
		i = (size_t)(lf - data) + 1;
		if (line_end(p, true))
			reply_finish(p, fn, arg);
	}
	p->consumed = i;
	p->in_feed = false;
	p->paused = false;
}

void reply_parser_flush(struct reply_parser *p, reply_fn fn, void *arg)
{
	if (!reply_parser_pending(p))
		return;
	if (p->line_raw > 0)
		line_end(p, false);
	p->cur.flags |= REPLY_INCOMPLETE;
	p->in_feed = true;
	reply_finish(p, fn, arg);
	p->in_feed = false;
	p->paused = false;
}

struct reply *reply_dup(const struct reply *r)
{
	struct reply *d = xmalloc(sizeof(*d));
	size_t i;

	*d = *r;
	d->lines = NULL;
	if (r->nlines > 0) {
		d->lines = xreallocarray(NULL, r->nlines, sizeof(*d->lines));
		for (i = 0; i < r->nlines; i++) {
			d->lines[i].text = xmemdup0(r->lines[i].text, r->lines[i].len);
			d->lines[i].len = r->lines[i].len;
		}
	}
	return d;
}

void reply_free(struct reply *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nlines; i++)
		free(r->lines[i].text);
	free(r->lines);
	free(r);
}

/* 1 to 3 digits at s[*i]; advances *i. */
static bool digits_1_3(const char *s, size_t n, size_t *i)
{
	size_t start = *i;

	while (*i < n && *i - start < 4 && is_digit((uint8_t)s[*i]))
		(*i)++;
	return *i - start >= 1 && *i - start <= 3;
}

size_t enhanced_code_parse(const char *s, size_t n, char out[16])
{
	size_t i = 0;

	out[0] = '\0';
	if (n < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.')
		return 0;
	i = 2;
	if (!digits_1_3(s, n, &i) || i >= n || s[i] != '.')
		return 0;
	i++;
	if (!digits_1_3(s, n, &i))
		return 0;
	if (i < n && s[i] != ' ' && s[i] != '\t')
		return 0;
	memcpy(out, s, i);  /* at most 9 bytes: "5.999.999" */
	out[i] = '\0';
	return i;
}

/* Bit order of enum reply_flag. Names for people (the decoded pane, the reader, the text transcript), translated
 * where described; JSON Lines has its own ids (batch/out-json.c). */
static const char *const flag_names[] = {
	N_("malformed line"),
	N_("code mismatch"),
	N_("bare LF"),
	N_("bare CR"),
	N_("NUL byte"),
	N_("line too long"),
	N_("too many lines"),
	N_("over 512 octets"),
	N_("bad code"),
	N_("enhanced code mismatch"),
	N_("incomplete"),
};

void reply_flags_describe(unsigned flags, char *out, size_t outsz)
{
	size_t len = 0, i;
	int w;
	char unknown[32];

	if (outsz == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < sizeof(flags) * 8; i++) {
		const char *name;

		if (!(flags & (1u << i)))
			continue;
		if (i < sizeof(flag_names) / sizeof(flag_names[0])) {
			name = _(flag_names[i]);
		} else {
			snprintf(unknown, sizeof(unknown), _("flag 0x%x"), 1u << i);
			name = unknown;
		}
		w = snprintf(out + len, outsz - len, "%s%s", len ? ", " : "", name);
		if (w < 0 || (size_t)w >= outsz - len)
			return;  /* truncated, still NUL-terminated */
		len += (size_t)w;
	}
}
