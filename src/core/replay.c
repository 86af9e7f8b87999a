/* replay: the transcript reader (smtpcon's text transcripts and swaks'), and the script writer that sends the same
 * client bytes again. Pure: no I/O. */
#include "core/replay.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/json.h"
#include "lib/xmalloc.h"

struct replay {
	enum replay_format format;
	struct buf client; /* every client byte, in order */
	bool implicit_tls;
	size_t masked;
	size_t bodies_cut;
};

/* ---- smtpcon's transcript ---- */

/* "  0.013 C:~ text", "C+ text", "C: " (an empty line): the marker, the TLS flag and the text. */
static bool smtpcon_client_line(const char *l, size_t n, char *kind, bool *tls, const char **text, size_t *tlen)
{
	size_t i = 0;
	while (i < n && l[i] == ' ')
		i++;
	if (i < n && isdigit((unsigned char)l[i])) {
		while (i < n && isdigit((unsigned char)l[i]))
			i++;
		if (i + 4 >= n || l[i] != '.' || !isdigit((unsigned char)l[i + 1]) ||
		    !isdigit((unsigned char)l[i + 2]) || !isdigit((unsigned char)l[i + 3]) || l[i + 4] != ' ')
			return false;
		i += 5;
	} else if (i != 0) {
		return false; /* detail lines are indented; data lines without a time column start at column 0 */
	}
	if (i + 1 >= n || l[i] != 'C' || (l[i + 1] != ':' && l[i + 1] != '+'))
		return false;
	*kind = l[i + 1];
	i += 2;
	*tls = i < n && l[i] == '~';
	if (*tls)
		i++;
	if (i < n && l[i] != ' ')
		return false;
	if (i < n)
		i++;
	*text = l + i;
	*tlen = n - i;
	return true;
}

/* Undo out-text's escapes. Returns true when the text ended with the bare-LF escape. */
static bool unescape_transcript(const char *t, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i] != '\\' || i + 1 >= n) {
			buf_append_byte(out, (uint8_t)t[i]);
			continue;
		}
		char c = t[i + 1];
		if (c == 'r' || c == 't' || c == '0') {
			buf_append_byte(out, c == 'r' ? '\r' : c == 't' ? '\t' : '\0');
			i++;
		} else if (c == 'n' && i + 2 == n) {
			buf_append_byte(out, '\n');
			return true;
		} else if (c == 'x' && i + 3 < n && hex_digit((unsigned char)t[i + 2]) >= 0 &&
			   hex_digit((unsigned char)t[i + 3]) >= 0) {
			int v = hex_digit((unsigned char)t[i + 2]) * 16 + hex_digit((unsigned char)t[i + 3]);
			/* Only bytes out-text escapes: a printable one means the backslash was literal text. */
			if (v < 0x20 || v >= 0x7f) {
				buf_append_byte(out, (uint8_t)v);
				i += 3;
			} else {
				buf_append_byte(out, '\\');
			}
		} else if (c == 'u' && i + 2 < n && t[i + 2] == '{') {
			uint32_t cp = 0;
			size_t k = i + 3, digits = 0;
			while (k < n && hex_digit((unsigned char)t[k]) >= 0 && digits < 6) {
				cp = cp * 16 + (uint32_t)hex_digit((unsigned char)t[k]);
				k++;
				digits++;
			}
			uint8_t enc[4];
			size_t el = 0;
			if (digits && k < n && t[k] == '}' && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff))
				el = utf8_encode(cp, enc);
			if (el) {
				buf_append(out, enc, el);
				i = k;
			} else {
				buf_append_byte(out, '\\');
			}
		} else {
			buf_append_byte(out, '\\');
		}
	}
	return false;
}

static bool starts_with_ci(const uint8_t *p, size_t n, const char *word)
{
	size_t wl = strlen(word);
	return n >= wl && strncasecmp((const char *)p, word, wl) == 0;
}

/* ---- swaks ---- */

/* " -> text" / " ~> text" (the leading space is optional). */
static bool swaks_client_line(const char *l, size_t n, bool *tls, const char **text, size_t *tlen)
{
	size_t i = n > 0 && l[0] == ' ' ? 1 : 0;
	if (i + 2 > n || (l[i] != '-' && l[i] != '~') || l[i + 1] != '>')
		return false;
	*tls = l[i] == '~';
	i += 2;
	if (i < n && l[i] != ' ')
		return false;
	if (i < n)
		i++;
	*text = l + i;
	*tlen = n - i;
	return true;
}

/* ---- parsing ---- */

struct line_iter {
	const char *p;
	size_t n, off;
};

static bool next_line(struct line_iter *it, const char **l, size_t *len)
{
	if (it->off >= it->n)
		return false;
	const char *s = it->p + it->off;
	const char *nl = memchr(s, '\n', it->n - it->off);
	size_t ll = nl ? (size_t)(nl - s) : it->n - it->off;
	it->off += ll + (nl ? 1 : 0);
	if (ll && s[ll - 1] == '\r')
		ll--; /* a transcript saved with CRLF line endings */
	*l = s;
	*len = ll;
	return true;
}

static enum replay_format detect(const char *p, size_t n)
{
	struct line_iter it = {p, n, 0};
	const char *l, *t;
	size_t ll, tl;
	size_t ours = 0, swaks = 0;
	char kind;
	bool tls;
	while (next_line(&it, &l, &ll)) {
		if (smtpcon_client_line(l, ll, &kind, &tls, &t, &tl))
			ours++;
		else if (swaks_client_line(l, ll, &tls, &t, &tl))
			swaks++;
	}
	return swaks > ours ? REPLAY_FORMAT_SWAKS : REPLAY_FORMAT_SMTPCON;
}

struct replay *replay_parse(const uint8_t *text, size_t len, const char **err)
{
	if (len > REPLAY_MAX_INPUT)
		len = REPLAY_MAX_INPUT;
	const char *p = (const char *)text;
	struct replay *r = xcalloc(1, sizeof *r);
	buf_init(&r->client, 0);
	r->format = detect(p, len);
	struct line_iter it = {p, len, 0};
	const char *l, *t;
	size_t ll, tl, lines = 0;
	bool pending_eol = false, seen_starttls = false;
	while (next_line(&it, &l, &ll)) {
		char kind = ':';
		bool tls = false;
		if (r->format == REPLAY_FORMAT_SWAKS) {
			if (!swaks_client_line(l, ll, &tls, &t, &tl))
				continue;
		} else if (!smtpcon_client_line(l, ll, &kind, &tls, &t, &tl)) {
			if (memmem(l, ll, REPLAY_BODY_CUT_NOTE, strlen(REPLAY_BODY_CUT_NOTE)))
				r->bodies_cut++;
			continue;
		}
		if (lines == 0 && tls && !seen_starttls)
			r->implicit_tls = true;
		lines++;
		if (kind == '+') {
			pending_eol = false; /* the previous line was cut, not ended */
		} else if (pending_eol) {
			buf_append(&r->client, "\r\n", 2);
			pending_eol = false;
		}
		size_t start = r->client.len;
		bool bare_lf = false;
		if (r->format == REPLAY_FORMAT_SWAKS)
			buf_append(&r->client, t, tl);
		else
			bare_lf = unescape_transcript(t, tl, &r->client);
		/* Nothing appended yet leaves data NULL: no pointer arithmetic on it. */
		if (r->client.len > start && starts_with_ci(r->client.data + start, r->client.len - start, "STARTTLS"))
			seen_starttls = true;
		pending_eol = !bare_lf;
	}
	if (pending_eol)
		buf_append(&r->client, "\r\n", 2);
	if (lines == 0) {
		buf_free(&r->client);
		free(r);
		*err = "no client line found (smtpcon transcripts have \"C:\" lines, swaks transcripts \" -> \" lines)";
		return NULL;
	}
	return r;
}

void replay_free(struct replay *r)
{
	if (r == NULL)
		return;
	buf_free(&r->client);
	free(r);
}

enum replay_format replay_format(const struct replay *r)
{
	return r->format;
}
bool replay_implicit_tls(const struct replay *r)
{
	return r->implicit_tls;
}

const uint8_t *replay_bytes(const struct replay *r, size_t *len)
{
	*len = r->client.len;
	return r->client.data;
}

/* A client line (n bytes with its line end) whose secret the transcript masked: only stars ("****", an AUTH
 * answer), or "AUTH MECH " followed by stars (an initial response). */
static bool masked_secret(const uint8_t *l, size_t n)
{
	size_t body = n;
	while (body && (l[body - 1] == '\n' || l[body - 1] == '\r'))
		body--;
	size_t k = body;
	while (k && l[k - 1] == '*')
		k--;
	return body > k && (k == 0 || (starts_with_ci(l, body, "AUTH ") && l[k - 1] == ' '));
}

size_t replay_bodies_cut(const struct replay *r)
{
	return r->bodies_cut;
}

size_t replay_masked(const struct replay *r)
{
	/* Counted by replay_script's walk; computed here the same way so it is known before. */
	size_t n = 0, pos = 0, len = r->client.len;
	const uint8_t *p = r->client.data;
	while (pos < len) {
		const uint8_t *lf = memchr(p + pos, '\n', len - pos);
		size_t e = lf ? (size_t)(lf - p) + 1 : len;
		if (masked_secret(p + pos, e - pos))
			n++;
		pos = e;
	}
	return n;
}

/* ---- the script ---- */

/* A line that goes out byte-exact when typed at the console: CRLF-ended, valid UTF-8 without controls, and not
 * something the console reads differently (empty, '/', '#', leading blanks). */
static bool plain_safe(const uint8_t *p, size_t n)
{
	if (n < 3 || p[n - 2] != '\r' || p[n - 1] != '\n')
		return false;
	n -= 2;
	if (p[0] == '/' || p[0] == '#' || p[0] == ' ' || p[0] == '\t')
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return false;
	return utf8_valid(p, n);
}

/* A quoted console argument that /raw (unescape_c) turns back into exactly these bytes. */
static void put_quoted(struct buf *b, const uint8_t *p, size_t n)
{
	buf_append_byte(b, '"');
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (c == '\\')
			buf_append_str(b, "\\\\");
		else if (c == '"')
			buf_append_str(b, "\\\"");
		else if (c == '\r')
			buf_append_str(b, "\\r");
		else if (c == '\n')
			buf_append_str(b, "\\n");
		else if (c == '\t')
			buf_append_str(b, "\\t");
		else if (c >= 0x20 && c < 0x7f)
			buf_append_byte(b, c);
		else
			buf_printf(b, "\\x%02x", c);
	}
	buf_append_byte(b, '"');
}

/* "BDAT <n>[ LAST]\r\n" exactly as /bdat writes it (upper case, single spaces, no leading zeros): the count and
 * the flag; false for anything else, which then goes out byte for byte with /raw. */
static bool bdat_line(const uint8_t *p, size_t n, size_t *count, bool *last)
{
	if (n < 8 || memcmp(p, "BDAT ", 5) != 0 || p[n - 2] != '\r' || p[n - 1] != '\n')
		return false;
	if (p[5] == '0' && isdigit(p[6]))
		return false;
	size_t i = 5, v = 0, digits = 0;
	while (i < n && isdigit(p[i]) && digits < 10) {
		v = v * 10 + (size_t)(p[i] - '0');
		i++;
		digits++;
	}
	if (digits == 0)
		return false;
	*last = false;
	if (i + 5 <= n - 2 && memcmp(p + i, " LAST", 5) == 0) {
		*last = true;
		i += 5;
	}
	*count = v;
	return i == n - 2;
}

char *replay_script(const struct replay *r, size_t *nlines)
{
	struct buf b;
	buf_init(&b, 0);
	const uint8_t *p = r->client.data;
	size_t len = r->client.len, pos = 0, lines = 0;
	buf_printf(&b, "# replay of a%s transcript: %zu bytes sent by the client\n",
		   r->format == REPLAY_FORMAT_SWAKS ? " swaks" : "n smtpcon", len);
	if (r->implicit_tls)
		buf_append_str(&b,
			       "# the original connection used implicit TLS: connect with tls (--tls-on-connect)\n");
	while (pos < len) {
		if (lines >= REPLAY_MAX_LINES) {
			buf_printf(&b, "# cut here: more than %u lines (%zu bytes not replayed)\n", REPLAY_MAX_LINES,
				   len - pos);
			break;
		}
		const uint8_t *lf = memchr(p + pos, '\n', len - pos);
		size_t e = lf ? (size_t)(lf - p) + 1 : len;
		size_t n = e - pos, count;
		bool last;
		if (bdat_line(p + pos, n, &count, &last) && count <= len - e) {
			buf_append_str(&b, "/bdat --text ");
			put_quoted(&b, p + e, count);
			buf_printf(&b, " --exact%s\n", last ? "" : " --no-last");
			lines++;
			pos = e + count;
			continue;
		}
		if (masked_secret(p + pos, n))
			buf_append_str(&b, "# a secret was masked in the transcript: replayed as the stars (save the "
					   "original with --show-secrets, or edit this line)\n");
		if (plain_safe(p + pos, n)) {
			buf_append(&b, p + pos, n - 2);
			buf_append_byte(&b, '\n');
		} else {
			buf_append_str(&b, "/raw ");
			put_quoted(&b, p + pos, n);
			buf_append_byte(&b, '\n');
		}
		lines++;
		pos = e;
	}
	if (nlines)
		*nlines = lines;
	return buf_detach(&b, NULL);
}
