/* json: UTF-8 validation and a small JSON writer for the JSON Lines output. Every string goes through jw_bytes,
 * which checks UTF-8 and escapes controls, so nothing a server sends can make a line invalid JSON or unsafe to
 * print. */
#include "lib/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"

/*
 * Validation follows Unicode Table 3-7 ("Well-Formed UTF-8 Byte Sequences") literally, range by range. It is
 * written independently of utf8_decode's bit arithmetic on purpose: the fuzzer compares the two.
 */
bool utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		uint8_t lo = 0x80, hi = 0xbf;
		size_t len;
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
		} else if (c == 0xe0) {
			len = 3, lo = 0xa0;
		} else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) {
			len = 3;
		} else if (c == 0xed) {
			len = 3, hi = 0x9f;
		} else if (c == 0xf0) {
			len = 4, lo = 0x90;
		} else if (c >= 0xf1 && c <= 0xf3) {
			len = 4;
		} else if (c == 0xf4) {
			len = 4, hi = 0x8f;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (size_t k = 2; k < len; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xbf)
				return false;
		i += len;
	}
	return true;
}

size_t utf8_decode(const uint8_t *p, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	uint8_t c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if ((c & 0xe0) == 0xc0) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0; /* a continuation byte or 0xf8..0xff */
	}
	if (n < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[k] & 0x3f);
	}
	/* Overlongs would let "\xc0\x8a" smuggle a newline past a byte-level check; surrogates are not characters. */
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

size_t utf8_encode(uint32_t cp, uint8_t out[4])
{
	if (cp < 0x80) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (uint8_t)(0xc0 | (cp >> 6));
		out[1] = (uint8_t)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		out[0] = (uint8_t)(0xe0 | (cp >> 12));
		out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (uint8_t)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	out[0] = (uint8_t)(0xf0 | (cp >> 18));
	out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (uint8_t)(0x80 | (cp & 0x3f));
	return 4;
}

void jw_init(struct jw *w, struct buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
}

/* Separators before a value or a key: a comma after the previous element, nothing right after a key. */
static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->need_comma[w->depth - 1])
			buf_append_byte(w->out, ',');
		w->need_comma[w->depth - 1] = true;
	}
}

static void jw_open(struct jw *w, char c)
{
	jw_sep(w);
	if (w->depth >= JSON_MAX_DEPTH) {
		fprintf(stderr, "json: nesting deeper than %d\n", JSON_MAX_DEPTH);
		abort();
	}
	buf_append_byte(w->out, (uint8_t)c);
	w->need_comma[w->depth++] = false;
}

static void jw_close(struct jw *w, char c)
{
	if (w->depth <= 0 || w->after_key) {
		fprintf(stderr, "json: unbalanced '%c'\n", c);
		abort();
	}
	w->depth--;
	buf_append_byte(w->out, (uint8_t)c);
}

void jw_obj_begin(struct jw *w)
{
	jw_open(w, '{');
}

void jw_obj_end(struct jw *w)
{
	jw_close(w, '}');
}

void jw_arr_begin(struct jw *w)
{
	jw_open(w, '[');
}

void jw_arr_end(struct jw *w)
{
	jw_close(w, ']');
}

/* The string body (without quotes); true when it decodes to exactly p[0..n). */
static bool jw_string_body(struct buf *out, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	bool exact = true;
	size_t i = 0;
	while (i < n) {
		/* Plain runs go out in one append. */
		size_t run = i;
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f && p[run] != '"' && p[run] != '\\')
			run++;
		if (run > i) {
			buf_append(out, p + i, run - i);
			i = run;
			continue;
		}
		uint8_t c = p[i];
		const char *named = NULL;
		switch (c) {
		case '"': named = "\\\""; break;
		case '\\': named = "\\\\"; break;
		case '\n': named = "\\n"; break;
		case '\r': named = "\\r"; break;
		case '\t': named = "\\t"; break;
		default: break;
		}
		if (named) {
			buf_append_str(out, named);
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			buf_append_str(out, "\xef\xbf\xbd"); /* U+FFFD */
			exact = false;
			i++;
			continue;
		}
		if (escape_cp_unsafe(cp)) {
			/* Above U+FFFF (the tag characters) JSON needs a surrogate pair to stay exact. */
			uint32_t units[2] = {cp, 0};
			size_t nu = 1;
			if (cp > 0xffff) {
				units[0] = 0xd800 + ((cp - 0x10000) >> 10);
				units[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
				nu = 2;
			}
			for (size_t k = 0; k < nu; k++) {
				uint32_t u16 = units[k];
				char u[7] = {'\\',
					     'u',
					     hex[(u16 >> 12) & 15],
					     hex[(u16 >> 8) & 15],
					     hex[(u16 >> 4) & 15],
					     hex[u16 & 15],
					     0};
				buf_append(out, u, 6);
			}
		} else {
			buf_append(out, p + i, len);
		}
		i += len;
	}
	return exact;
}

bool jw_bytes(struct jw *w, const uint8_t *p, size_t n)
{
	jw_sep(w);
	buf_append_byte(w->out, '"');
	bool exact = jw_string_body(w->out, p, n);
	buf_append_byte(w->out, '"');
	return exact;
}

void jw_str(struct jw *w, const char *s)
{
	if (s == NULL) {
		jw_null(w);
		return;
	}
	jw_bytes(w, (const uint8_t *)s, strlen(s));
}

void jw_key(struct jw *w, const char *key)
{
	if (w->depth <= 0 || w->after_key) {
		fprintf(stderr, "json: key \"%s\" outside an object\n", key);
		abort();
	}
	jw_str(w, key);
	buf_append_byte(w->out, ':');
	w->after_key = true;
}

void jw_raw(struct jw *w, const char *json)
{
	jw_sep(w);
	buf_append_str(w->out, json);
}

void jw_int(struct jw *w, long long v)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%lld", v);
	jw_raw(w, tmp);
}

/* printf honours LC_NUMERIC: a UI that called setlocale() could turn 0.5 into "0,5", which is not JSON. */
static void fix_decimal_point(char *s)
{
	for (; *s; s++)
		if (*s == ',')
			*s = '.';
}

void jw_double(struct jw *w, double v)
{
	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	char tmp[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (strtod(tmp, NULL) == v) /* same locale as snprintf, so this round trip is fair */
			break;
	}
	fix_decimal_point(tmp);
	jw_raw(w, tmp);
}

void jw_bool(struct jw *w, bool v)
{
	jw_raw(w, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	jw_raw(w, "null");
}

void jw_kstr(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_kint(struct jw *w, const char *key, long long v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kbool(struct jw *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

void jw_kdouble(struct jw *w, const char *key, double v)
{
	jw_key(w, key);
	jw_double(w, v);
}

/* json_valid: a recursive-descent checker; depth is bounded, so is the recursion. */
struct jv {
	const uint8_t *p;
	size_t n, i;
};

static void jv_ws(struct jv *v)
{
	while (v->i < v->n && (v->p[v->i] == ' ' || v->p[v->i] == '\t' || v->p[v->i] == '\n' || v->p[v->i] == '\r'))
		v->i++;
}

static bool jv_lit(struct jv *v, const char *lit)
{
	size_t k = strlen(lit);
	if (v->n - v->i < k || memcmp(v->p + v->i, lit, k) != 0)
		return false;
	v->i += k;
	return true;
}

static bool jv_digits(struct jv *v)
{
	size_t start = v->i;
	while (v->i < v->n && v->p[v->i] >= '0' && v->p[v->i] <= '9')
		v->i++;
	return v->i > start;
}

static bool jv_number(struct jv *v)
{
	if (v->i < v->n && v->p[v->i] == '-')
		v->i++;
	if (v->i < v->n && v->p[v->i] == '0')
		v->i++; /* no leading zeros: "01" fails at the caller, which sees a stray digit */
	else if (!jv_digits(v))
		return false;
	if (v->i < v->n && v->p[v->i] == '.') {
		v->i++;
		if (!jv_digits(v))
			return false;
	}
	if (v->i < v->n && (v->p[v->i] == 'e' || v->p[v->i] == 'E')) {
		v->i++;
		if (v->i < v->n && (v->p[v->i] == '+' || v->p[v->i] == '-'))
			v->i++;
		if (!jv_digits(v))
			return false;
	}
	return true;
}

static bool jv_string(struct jv *v)
{
	v->i++; /* the opening quote */
	while (v->i < v->n) {
		uint8_t c = v->p[v->i];
		if (c == '"') {
			v->i++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c == '\\') {
			v->i++;
			if (v->i >= v->n)
				return false;
			c = v->p[v->i++];
			if (c == 'u') {
				for (int k = 0; k < 4; k++, v->i++)
					if (v->i >= v->n || hex_digit(v->p[v->i]) < 0)
						return false;
			} else if (!strchr("\"\\/bfnrt", c) || c == 0) {
				return false;
			}
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(v->p + v->i, v->n - v->i, &cp);
		if (len == 0)
			return false;
		v->i += len;
	}
	return false;
}

static bool jv_value(struct jv *v, int depth)
{
	jv_ws(v);
	if (v->i >= v->n)
		return false;
	uint8_t c = v->p[v->i];
	if (c == '"')
		return jv_string(v);
	if (c == '-' || (c >= '0' && c <= '9'))
		return jv_number(v);
	if (c == 't')
		return jv_lit(v, "true");
	if (c == 'f')
		return jv_lit(v, "false");
	if (c == 'n')
		return jv_lit(v, "null");
	if (c != '{' && c != '[')
		return false;
	if (depth >= JSON_MAX_DEPTH)
		return false;
	uint8_t close = c == '{' ? '}' : ']';
	v->i++;
	jv_ws(v);
	if (v->i < v->n && v->p[v->i] == close) {
		v->i++;
		return true;
	}
	for (;;) {
		if (c == '{') {
			jv_ws(v);
			if (v->i >= v->n || v->p[v->i] != '"' || !jv_string(v))
				return false;
			jv_ws(v);
			if (v->i >= v->n || v->p[v->i] != ':')
				return false;
			v->i++;
		}
		if (!jv_value(v, depth + 1))
			return false;
		jv_ws(v);
		if (v->i >= v->n)
			return false;
		if (v->p[v->i] == close) {
			v->i++;
			return true;
		}
		if (v->p[v->i] != ',')
			return false;
		v->i++;
	}
}

bool json_valid(const uint8_t *p, size_t n)
{
	struct jv v = {p, n, 0};
	if (!jv_value(&v, 0))
		return false;
	jv_ws(&v);
	return v.i == n;
}
