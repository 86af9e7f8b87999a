/* escape: untrusted bytes -> display text that cannot move the cursor, retitle a window or reorder a line; plus
 * a hex-dump row and the parser for the C-style escapes a user types. */
#include "lib/escape.h"

#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"

/* The code points a terminal would draw as nothing, or as a blank that is not a space, or that reorder text:
 * every Unicode format character (general category Cf), every separator but U+0020 (Zs, Zl, Zp), and the
 * Hangul fillers (letters that render blank). Shown as they are they let a server hide text or fake a line
 * ("250 ok\u{200B}" looks like "250 ok"); shown escaped the learner sees every byte. Sorted, non-overlapping
 * ranges (tests/unit/test-escape.c checks both and a sample of each category). From UnicodeData.txt, Unicode
 * 15.1. glibc's iswprint() calls most of these printable, so it cannot be the test. */
static const struct {
	uint32_t lo, hi;
} invisible[] = {
	{0x00a0, 0x00a0},   /* NO-BREAK SPACE (Zs) */
	{0x00ad, 0x00ad},   /* SOFT HYPHEN (Cf) */
	{0x0600, 0x0605},   /* Arabic number signs (Cf) */
	{0x061c, 0x061c},   /* ARABIC LETTER MARK (Cf) */
	{0x06dd, 0x06dd},   /* ARABIC END OF AYAH (Cf) */
	{0x070f, 0x070f},   /* SYRIAC ABBREVIATION MARK (Cf) */
	{0x0890, 0x0891},   /* Arabic pound/piastre mark above (Cf) */
	{0x08e2, 0x08e2},   /* ARABIC DISPUTED END OF AYAH (Cf) */
	{0x115f, 0x1160},   /* HANGUL CHOSEONG/JUNGSEONG FILLER (blank letters) */
	{0x1680, 0x1680},   /* OGHAM SPACE MARK (Zs) */
	{0x180e, 0x180e},   /* MONGOLIAN VOWEL SEPARATOR (Cf) */
	{0x2000, 0x200f},   /* EN QUAD .. HAIR SPACE (Zs), ZERO WIDTH SPACE .. RIGHT-TO-LEFT MARK (Cf) */
	{0x2028, 0x202f},   /* LINE/PARAGRAPH SEPARATOR (Zl, Zp), bidi embeddings and overrides (Cf), NNBSP (Zs) */
	{0x205f, 0x2064},   /* MEDIUM MATHEMATICAL SPACE (Zs), WORD JOINER .. INVISIBLE PLUS (Cf) */
	{0x2066, 0x206f},   /* bidi isolates, deprecated format characters (Cf) */
	{0x3000, 0x3000},   /* IDEOGRAPHIC SPACE (Zs) */
	{0x3164, 0x3164},   /* HANGUL FILLER (a blank letter) */
	{0xfeff, 0xfeff},   /* ZERO WIDTH NO-BREAK SPACE / byte order mark (Cf) */
	{0xffa0, 0xffa0},   /* HALFWIDTH HANGUL FILLER (a blank letter) */
	{0xfff9, 0xfffb},   /* interlinear annotation anchors (Cf) */
	{0x110bd, 0x110bd}, /* KAITHI NUMBER SIGN (Cf) */
	{0x110cd, 0x110cd}, /* KAITHI NUMBER SIGN ABOVE (Cf) */
	{0x13430, 0x1343f}, /* Egyptian hieroglyph format controls (Cf) */
	{0x1bca0, 0x1bca3}, /* shorthand format controls (Cf) */
	{0x1d173, 0x1d17a}, /* musical symbol format controls (Cf) */
	{0xe0001, 0xe0001}, /* LANGUAGE TAG (Cf) */
	{0xe0020, 0xe007f}, /* tag characters (Cf): invisible ASCII look-alikes */
};

bool escape_cp_unsafe(uint32_t cp)
{
	size_t lo = 0, hi = sizeof invisible / sizeof invisible[0];

	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return true;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < invisible[mid].lo)
			hi = mid;
		else if (cp > invisible[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool escape_is_text(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') || p[i] == 0x7f)
			return false;
	return utf8_valid(p, n);
}

size_t escape_invisible_count(void)
{
	return sizeof invisible / sizeof invisible[0];
}

bool escape_invisible_at(size_t i, uint32_t *lo, uint32_t *hi)
{
	if (i >= escape_invisible_count())
		return false;
	*lo = invisible[i].lo;
	*hi = invisible[i].hi;
	return true;
}

/* Append one escape as a whole; false when out is full, so the caller stops rather than cut a sequence. */
static bool put_hex_byte(struct buf *out, uint8_t c)
{
	static const char hex[] = "0123456789abcdef";
	char s[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
	return buf_append(out, s, sizeof s);
}

static bool is_octal(uint8_t c)
{
	return c >= '0' && c <= '7';
}

void escape_bytes(struct buf *out, const uint8_t *p, size_t n, unsigned flags)
{
	size_t i = 0;
	while (i < n) {
		/* Printable ASCII runs go out in one append (the common case by far). */
		size_t run = i;
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f && !(p[run] == '\\' && (flags & ESCAPE_REVERSIBLE)))
			run++;
		if (run > i) {
			if (!buf_append(out, p + i, run - i)) {
				/* Take what fits: ASCII can be cut anywhere. */
				size_t room = out->max > out->len ? out->max - out->len : 0;
				buf_append(out, p + i, room < run - i ? room : run - i);
				return;
			}
			i = run;
			continue;
		}
		uint8_t c = p[i];
		bool ok;
		if (c < 0x80) {
			switch (c) {
			case '\\': ok = buf_append_str(out, "\\\\"); break;
			case '\r': ok = buf_append_str(out, "\\r"); break;
			case '\n': ok = buf_append_str(out, "\\n"); break;
			case '\t': ok = buf_append_str(out, "\\t"); break;
			case '\0':
				if ((flags & ESCAPE_REVERSIBLE) && i + 1 < n && is_octal(p[i + 1]))
					ok = put_hex_byte(out, 0);
				else
					ok = buf_append_str(out, "\\0");
				break;
			default: ok = put_hex_byte(out, c); break; /* other C0 and DEL */
			}
			if (!ok)
				return;
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = (flags & ESCAPE_ASCII) ? 0 : utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			/* Invalid UTF-8, or any non-ASCII byte in ASCII mode: one escape per byte. */
			if (!put_hex_byte(out, c))
				return;
			i++;
			continue;
		}
		if (escape_cp_unsafe(cp)) {
			char u[16];
			int k = snprintf(u, sizeof u, "\\u{%04X}", (unsigned)cp);
			ok = buf_append(out, u, (size_t)k);
		} else {
			ok = buf_append(out, p + i, len);
		}
		if (!ok)
			return;
		i += len;
	}
}

char *escape_dup(const uint8_t *p, size_t n, unsigned flags)
{
	struct buf b;
	/* Unlimited, but bounded by the input: at most four output bytes per input byte. */
	buf_init(&b, 0);
	escape_bytes(&b, p, n, flags);
	return buf_detach(&b, NULL);
}

void hexdump_row(struct buf *out, size_t off, const uint8_t *p, size_t n)
{
	if (n > 16)
		n = 16;
	buf_printf(out, "%08zx ", off);
	for (size_t i = 0; i < 16; i++) {
		if (i == 8)
			buf_append_byte(out, ' ');
		if (i < n)
			buf_printf(out, " %02x", p[i]);
		else
			buf_append_str(out, "   ");
	}
	buf_append_str(out, "  |");
	for (size_t i = 0; i < n; i++)
		buf_append_byte(out, p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.');
	buf_append_byte(out, '|');
}

int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long unescape_c(const char *in, uint8_t *out, const char **err)
{
	size_t o = 0;
	const char *s = in;
	while (*s) {
		if (*s != '\\') {
			out[o++] = (uint8_t)*s++;
			continue;
		}
		s++;
		char c = *s++;
		switch (c) {
		case 'r': out[o++] = '\r'; break;
		case 'n': out[o++] = '\n'; break;
		case 't': out[o++] = '\t'; break;
		case 'a': out[o++] = '\a'; break;
		case 'b': out[o++] = '\b'; break;
		case 'e': out[o++] = 0x1b; break;
		case 'f': out[o++] = '\f'; break;
		case 'v': out[o++] = '\v'; break;
		case '\\':
		case '"':
		case '\'':
		case '?': out[o++] = (uint8_t)c; break;
		case 'x': {
			int v = hex_digit(*s);
			if (v < 0) {
				*err = N_("\\x needs a hex digit");
				return -1;
			}
			s++;
			int v2 = hex_digit(*s);
			if (v2 >= 0) {
				v = v * 16 + v2;
				s++;
			}
			out[o++] = (uint8_t)v;
			break;
		}
		case 'u': {
			if (*s != '{') {
				*err = N_("\\u needs braces: \\u{202E}");
				return -1;
			}
			s++;
			uint32_t cp = 0;
			int digits = 0, v;
			while ((v = hex_digit(*s)) >= 0 && digits < 6) {
				cp = cp * 16 + (uint32_t)v;
				digits++;
				s++;
			}
			if (digits == 0 || *s != '}') {
				*err = N_("\\u{...} needs 1 to 6 hex digits and a closing brace");
				return -1;
			}
			s++;
			size_t k = utf8_encode(cp, out + o);
			if (k == 0) {
				*err = N_("\\u{...} is a surrogate or above U+10FFFF");
				return -1;
			}
			o += k;
			break;
		}
		case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
			unsigned v = (unsigned)(c - '0');
			for (int k = 0; k < 2 && is_octal((uint8_t)*s); k++)
				v = v * 8 + (unsigned)(*s++ - '0');
			if (v > 0377) {
				*err = N_("octal escape above \\377");
				return -1;
			}
			out[o++] = (uint8_t)v;
			break;
		}
		case '\0':
			*err = N_("a lone backslash at the end");
			return -1;
		default:
			*err = N_("unknown escape (use \\\\ for a backslash)");
			return -1;
		}
	}
	return (long)o;
}
