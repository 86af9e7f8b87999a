/* mtasts-policy: strict parsers of the MTA-STS policy file, the _mta-sts and _smtp._tls TXT records, and the MX
 * pattern matcher (RFC 8461 §3, §4.1; RFC 8460 §3). Pure: bytes in, a struct or a reason out. */
#include "core/mtasts-policy.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dtext-split.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

#define QUOTE_MAX 60 /* bytes of an offending value shown in a reason */

/* A value from the network, escaped and cut for a reason sentence. */
static char *quote(const char *p, size_t n)
{
	bool cut = n > QUOTE_MAX;
	char *e = escape_dup((const uint8_t *)p, cut ? QUOTE_MAX : n, 0);
	if (!cut)
		return e;
	char *s = xasprintf("%s...", e);
	free(e);
	return s;
}

static bool is_wsp(int c)
{
	return c == ' ' || c == '\t';
}
static bool is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

const char *mtasts_mode_name(enum mtasts_mode m)
{
	switch (m) {
	case MTASTS_MODE_ENFORCE: return "enforce";
	case MTASTS_MODE_TESTING: return "testing";
	case MTASTS_MODE_NONE: break;
	}
	return "none";
}

/* RFC 5321 Domain: labels of letters, digits and inner hyphens, 1..63 bytes, 253 in all, at least two labels
 * (an MX in a policy is a host name, never a bare TLD). */
static bool valid_domain(const char *s, size_t n)
{
	size_t label = 0, labels = 1;
	if (n == 0 || n > MTASTS_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			labels++;
			continue;
		}
		if (!is_alnum(c) && !(c == '-' && label > 0))
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && s[n - 1] != '-' && labels >= 2;
}

/* sts-policy-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".") */
static bool valid_ext_name(const char *s, size_t n)
{
	if (n == 0 || n > 32 || !is_alnum((unsigned char)s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_alnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

/* sts-policy-ext-value: VCHAR or UTF-8 (no controls), inner WSP allowed. Trailing WSP was already cut. */
static bool valid_ext_value(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 ? c != '\t' : c == 0x7f)
			return false;
	}
	return escape_is_text((const uint8_t *)s, n);
}

struct parse {
	struct mtasts_policy *p;
	struct dtext *err;
	int line;
	bool have_version, have_mode, have_max_age;
};

/* Append msgid fmt (an N_() msgid with one %s for the offending value, escaped; or none when what is NULL) in
 * both languages. */
static void say(struct dtext *err, const char *fmt, const char *what, size_t n)
{
	if (!what) {
		dtext_puts(err, fmt);
		return;
	}
	char *q = quote(what, n);
	dtext_en_printf(err, fmt, q);
	if (i18n_translating())
		dtext_loc_printf(err, _(fmt), q);
	free(q);
}

/* A reason naming the policy line: "line 3: " then the sentence. */
static bool fail(struct parse *ps, const char *fmt, const char *what, size_t n)
{
	struct dtext msg;
	dtext_init(&msg, 1024);
	say(&msg, fmt, what, n);
	dtext_en_printf(ps->err, "line %d: %s", ps->line, dtext_en(&msg));
	dtext_loc_printf(ps->err, N_("line %d: %s"), ps->line, dtext_loc(&msg));
	dtext_free(&msg);
	return false;
}

static bool once(struct parse *ps, bool *seen, const char *key)
{
	if (*seen)
		return fail(ps, N_("%s appears twice (it must appear exactly once)"), key, strlen(key));
	*seen = true;
	return true;
}

/* One "key: value" line (terminator removed, trailing WSP removed). */
static bool field(struct parse *ps, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	if (!colon)
		return fail(ps, N_("'%s' is not \"key: value\""), s, n);
	size_t klen = (size_t)(colon - s);
	const char *v = colon + 1;
	while (v < s + n && is_wsp((unsigned char)*v))
		v++;
	size_t vlen = (size_t)(s + n - v);

	if (klen == 7 && memcmp(s, "version", 7) == 0) {
		if (!once(ps, &ps->have_version, "version"))
			return false;
		if (vlen != 5 || memcmp(v, "STSv1", 5) != 0)
			return fail(ps, N_("version '%s' is not STSv1"), v, vlen);
		return true;
	}
	if (klen == 4 && memcmp(s, "mode", 4) == 0) {
		if (!once(ps, &ps->have_mode, "mode"))
			return false;
		if (vlen == 7 && memcmp(v, "enforce", 7) == 0)
			ps->p->mode = MTASTS_MODE_ENFORCE;
		else if (vlen == 7 && memcmp(v, "testing", 7) == 0)
			ps->p->mode = MTASTS_MODE_TESTING;
		else if (vlen == 4 && memcmp(v, "none", 4) == 0)
			ps->p->mode = MTASTS_MODE_NONE;
		else
			return fail(ps, N_("mode '%s' is not enforce, testing or none (values are case-sensitive)"), v,
				    vlen);
		return true;
	}
	if (klen == 7 && memcmp(s, "max_age", 7) == 0) {
		if (!once(ps, &ps->have_max_age, "max_age"))
			return false;
		long age = 0;
		if (vlen == 0 || vlen > 10)
			return fail(ps, N_("max_age '%s' is not 1 to 10 digits"), v, vlen);
		for (size_t i = 0; i < vlen; i++) {
			if (!isdigit((unsigned char)v[i]))
				return fail(ps, N_("max_age '%s' is not 1 to 10 digits"), v, vlen);
			age = age * 10 + (v[i] - '0');
		}
		if (age > MTASTS_MAX_AGE_MAX)
			return fail(ps, N_("max_age %s is over 31557600 (one year, the maximum of RFC 8461 §3.2)"), v,
				    vlen);
		ps->p->max_age = age;
		return true;
	}
	if (klen == 2 && memcmp(s, "mx", 2) == 0) {
		bool wild = vlen >= 2 && v[0] == '*' && v[1] == '.';
		if (!valid_domain(wild ? v + 2 : v, wild ? vlen - 2 : vlen))
			return fail(ps,
				    N_("mx '%s' is not a host name or \"*.\" and a domain (the only wildcard RFC 8461 "
				       "allows is a whole leftmost label)"),
				    v, vlen);
		if (ps->p->nmx >= MTASTS_MAX_MX)
			return fail(ps, N_("more than %s mx lines"), "256", 3);
		ps->p->mx = xreallocarray(ps->p->mx, ps->p->nmx + 1, sizeof *ps->p->mx);
		char *m = xmemdup0(v, vlen);
		for (char *q = m; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		ps->p->mx[ps->p->nmx++] = m;
		return true;
	}
	if (!valid_ext_name(s, klen))
		return fail(ps,
			    N_("'%s' is not a field name (letters, digits, '_', '-', '.'; names are case-sensitive)"),
			    s, klen);
	if (!valid_ext_value(v, vlen))
		return fail(ps, N_("the value of '%s' is empty or holds control characters"), s, klen);
	return true; /* an extension: ignored, as §3.2 says */
}

struct mtasts_policy *mtasts_policy_parse_d(const char *body, size_t len, struct dtext *err)
{
	struct parse ps = {.p = xcalloc(1, sizeof *ps.p), .err = err};
	bool trailing_blank = false;

	if (len > MTASTS_POLICY_MAX) {
		dtext_printf(err, "the policy is %zu bytes, over the %u accepted", len, MTASTS_POLICY_MAX);
		goto bad;
	}
	if (memchr(body, '\0', len)) {
		dtext_printf(err, "the policy holds a NUL byte");
		goto bad;
	}
	for (size_t i = 0; i < len;) {
		ps.line++;
		const char *nl = memchr(body + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - body) : len;
		size_t n = end - i;
		if (n > 0 && body[i + n - 1] == '\r')
			n--;
		if (memchr(body + i, '\r', n)) {
			fail(&ps, N_("a carriage return not followed by a line feed"), NULL, 0);
			goto bad;
		}
		while (n > 0 && is_wsp((unsigned char)body[i + n - 1]))
			n--;
		if (n == 0) {
			/* The ABNF has no empty lines. Blank lines after the last field are common and harmless
			 * (senders skip them): noted; a blank line between fields is refused. */
			size_t k = i;
			while (k < len && (body[k] == '\n' || body[k] == '\r' || is_wsp((unsigned char)body[k])))
				k++;
			if (k == len && ps.line > 1) {
				trailing_blank = true;
				break;
			}
			fail(&ps, N_("an empty line (the policy has none between its fields)"), NULL, 0);
			goto bad;
		}
		if (!field(&ps, body + i, n))
			goto bad;
		i = nl ? end + 1 : len;
	}
	if (!ps.have_version)
		dtext_printf(err, "no version field (version: STSv1 is required)");
	else if (!ps.have_mode)
		dtext_printf(err, "no mode field (mode: enforce, testing or none is required)");
	else if (!ps.have_max_age)
		dtext_printf(err, "no max_age field (required: seconds a sender keeps the policy)");
	else if (ps.p->nmx == 0 && ps.p->mode != MTASTS_MODE_NONE)
		dtext_printf(err, "no mx line: a policy in %s mode must list its MX hosts",
			     mtasts_mode_name(ps.p->mode));
	if (dtext_en(err)[0])
		goto bad;
	struct dtext w;
	dtext_init(&w, 1024);
	if (ps.p->max_age < MTASTS_MAX_AGE_SHORT)
		dtext_printf(&w,
			     "max_age %ld is under a day: RFC 8461 §3.2 expects weeks or more, so that a sender keeps "
			     "the policy through an attack at refresh time",
			     ps.p->max_age);
	else if (trailing_blank)
		dtext_printf(&w, "blank lines after the last field: the RFC 8461 grammar has none (senders skip them)");
	if (dtext_en(&w)[0]) {
		ps.p->warning = xstrdup(dtext_en(&w));
		ps.p->warning_loc = xstrdup(dtext_loc(&w));
	}
	dtext_free(&w);
	return ps.p;
bad:
	mtasts_policy_free(ps.p);
	return NULL;
}

/* The English reason of a two-language one, allocated, or NULL when there is none. */
static char *english(struct dtext *d)
{
	char *s = dtext_en(d)[0] ? xstrdup(dtext_en(d)) : NULL;
	dtext_free(d);
	return s;
}

struct mtasts_policy *mtasts_policy_parse(const char *body, size_t len, char **err)
{
	struct dtext d;
	dtext_init(&d, 2048);
	struct mtasts_policy *p = mtasts_policy_parse_d(body, len, &d);
	*err = english(&d);
	return p;
}

void mtasts_policy_free(struct mtasts_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nmx; i++)
		free(p->mx[i]);
	free(p->mx);
	free(p->warning);
	free(p->warning_loc);
	free(p);
}

bool mtasts_pattern_match(const char *pattern, const char *mx)
{
	size_t pn = strlen(pattern), mn = strlen(mx);
	if (mn > 0 && mx[mn - 1] == '.')
		mn--;
	if (pn > 0 && pattern[pn - 1] == '.')
		pn--;
	if (pn >= 2 && pattern[0] == '*' && pattern[1] == '.') {
		/* The rest of the pattern, with its dot, must end mx, and what comes before must be one label. */
		size_t rest = pn - 1; /* ".example.org" */
		if (mn <= rest || strncasecmp(mx + mn - rest, pattern + 1, rest) != 0)
			return false;
		size_t label = mn - rest;
		return memchr(mx, '.', label) == NULL;
	}
	return pn == mn && strncasecmp(pattern, mx, mn) == 0;
}

const char *mtasts_policy_match(const struct mtasts_policy *p, const char *mx)
{
	for (size_t i = 0; p && i < p->nmx; i++)
		if (mtasts_pattern_match(p->mx[i], mx))
			return p->mx[i];
	return NULL;
}

char *mtasts_txt_join(const unsigned char *rdata, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t n = rdata[i++];
		if (n > len - i || memchr(rdata + i, '\0', n)) {
			free(out);
			return NULL;
		}
		memcpy(out + o, rdata + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	return out;
}

/* A record "v=TAG" followed by ';', WSP or the end. */
static bool starts_with_version(const char *txt, const char *v)
{
	size_t n = strlen(v);
	return strncmp(txt, v, n) == 0 && (txt[n] == '\0' || txt[n] == ';' || is_wsp((unsigned char)txt[n]));
}

bool mtasts_txt_is_sts(const char *txt)
{
	return starts_with_version(txt, "v=STSv1");
}
bool tlsrpt_txt_is_tlsrpt(const char *txt)
{
	return starts_with_version(txt, "v=TLSRPTv1");
}

/* Split "v=X; a=b; c=d" at ';' with WSP around; call fn for each field after the version (name, value). */
typedef bool (*field_fn)(void *ctx, const char *name, size_t nlen, const char *val, size_t vlen, struct dtext *err);

static bool each_field(const char *txt, const char *version, field_fn fn, void *ctx, struct dtext *err)
{
	size_t vn = strlen(version);
	const char *p = txt + vn;
	bool any = false;
	while (is_wsp((unsigned char)*p))
		p++;
	while (*p) {
		if (*p != ';') {
			say(err, N_("expected ';' before '%s'"), p, strlen(p));
			return false;
		}
		p++;
		while (is_wsp((unsigned char)*p))
			p++;
		if (!*p)
			break; /* a trailing separator is allowed */
		const char *start = p;
		while (*p && *p != ';')
			p++;
		const char *end = p;
		while (end > start && is_wsp((unsigned char)end[-1]))
			end--;
		const char *eq = memchr(start, '=', (size_t)(end - start));
		if (!eq) {
			say(err, N_("'%s' is not name=value"), start, (size_t)(end - start));
			return false;
		}
		if (!fn(ctx, start, (size_t)(eq - start), eq + 1, (size_t)(end - eq - 1), err))
			return false;
		any = true;
	}
	if (!any) {
		dtext_printf(err, "nothing after %s", version);
		return false;
	}
	return true;
}

/* ext-name "=" ext-value: 1*(%x21-3A / %x3C / %x3E-7E) */
static bool ext_field(const char *name, size_t nlen, const char *val, size_t vlen, struct dtext *err)
{
	bool ok = valid_ext_name(name, nlen) && vlen > 0;
	for (size_t i = 0; ok && i < vlen; i++)
		ok = val[i] > 0x20 && val[i] < 0x7f && val[i] != '=';
	if (!ok)
		say(err, N_("'%s' is not a valid extension field"), name, nlen + 1 + vlen);
	return ok;
}

struct sts_ctx {
	char *id; /* MTASTS_ID_MAX + 1 bytes at least */
	bool have_id;
};

static bool sts_field(void *arg, const char *name, size_t nlen, const char *val, size_t vlen, struct dtext *err)
{
	struct sts_ctx *c = arg;
	if (nlen == 2 && memcmp(name, "id", 2) == 0) {
		bool ok = !c->have_id && vlen >= 1 && vlen <= MTASTS_ID_MAX;
		for (size_t i = 0; ok && i < vlen; i++)
			ok = is_alnum((unsigned char)val[i]);
		if (!ok) {
			if (c->have_id)
				dtext_printf(err, "id appears twice");
			else
				say(err, N_("id '%s' is not 1 to 32 letters and digits"), val, vlen);
			return false;
		}
		memcpy(c->id, val, vlen);
		c->id[vlen] = '\0';
		c->have_id = true;
		return true;
	}
	return ext_field(name, nlen, val, vlen, err);
}

bool mtasts_txt_parse_d(const char *txt, char *id, size_t idsz, struct dtext *err)
{
	struct sts_ctx c = {.id = id};
	if (idsz <= MTASTS_ID_MAX)
		abort(); /* programmer error */
	if (!mtasts_txt_is_sts(txt)) {
		dtext_printf(err, "it does not start with v=STSv1");
		return false;
	}
	if (!each_field(txt, "v=STSv1", sts_field, &c, err))
		return false;
	if (!c.have_id) {
		dtext_printf(err, "no id= field (required: it tells senders when the policy changed)");
		return false;
	}
	return true;
}

bool mtasts_txt_parse(const char *txt, char *id, size_t idsz, char **err)
{
	struct dtext d;
	dtext_init(&d, 1024);
	bool ok = mtasts_txt_parse_d(txt, id, idsz, &d);
	*err = english(&d);
	return ok;
}

static bool rpt_field(void *arg, const char *name, size_t nlen, const char *val, size_t vlen, struct dtext *err)
{
	struct tlsrpt_record *r = arg;
	if (nlen == 3 && memcmp(name, "rua", 3) == 0) {
		if (r->nrua) {
			dtext_printf(err, "rua appears twice");
			return false;
		}
		/* URIs separated by *WSP "," *WSP. */
		const char *p = val, *end = val + vlen;
		for (;;) {
			while (p < end && is_wsp((unsigned char)*p))
				p++;
			size_t left = p < end ? (size_t)(end - p) : 0;
			const char *comma = left ? memchr(p, ',', left) : NULL;
			const char *e = comma ? comma : end;
			while (e > p && is_wsp((unsigned char)e[-1]))
				e--;
			size_t n = (size_t)(e - p);
			bool ok = (n > 7 && strncasecmp(p, "mailto:", 7) == 0) ||
				  (n > 8 && strncasecmp(p, "https://", 8) == 0);
			for (size_t i = 0; ok && i < n; i++)
				ok = p[i] > 0x20 && p[i] < 0x7f;
			if (!ok) {
				say(err, N_("rua '%s' is not a mailto: or https: URI"), p, n);
				return false;
			}
			if (r->nrua < TLSRPT_MAX_RUA)
				r->rua[r->nrua++] = xstrndup(p, n);
			if (!comma)
				break;
			p = comma + 1;
		}
		return true;
	}
	return ext_field(name, nlen, val, vlen, err);
}

bool tlsrpt_parse_d(const char *txt, struct tlsrpt_record *out, struct dtext *err)
{
	memset(out, 0, sizeof *out);
	if (!tlsrpt_txt_is_tlsrpt(txt)) {
		dtext_printf(err, "it does not start with v=TLSRPTv1");
		return false;
	}
	if (!each_field(txt, "v=TLSRPTv1", rpt_field, out, err)) {
		tlsrpt_record_clear(out);
		return false;
	}
	if (out->nrua == 0) {
		dtext_printf(err, "no rua= field (required: where reports go)");
		return false;
	}
	return true;
}

bool tlsrpt_parse(const char *txt, struct tlsrpt_record *out, char **err)
{
	struct dtext d;
	dtext_init(&d, 1024);
	bool ok = tlsrpt_parse_d(txt, out, &d);
	*err = english(&d);
	return ok;
}

void tlsrpt_record_clear(struct tlsrpt_record *r)
{
	for (size_t i = 0; i < r->nrua; i++)
		free(r->rua[i]);
	r->nrua = 0;
}
