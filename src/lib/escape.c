/* escape: untrusted bytes -> display text that cannot move the cursor, retitle a window or reorder a line; plus
 * a hex-dump row and the parser for the C-style escapes a user types. */
#include "lib/escape.h"

#include <stdio.h>
#include <string.h>

#include "lib/json.h"

bool escape_cp_unsafe(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return true;
	switch (cp) {
	case 0x061c: /* ARABIC LETTER MARK */
	case 0x200e: /* LEFT-TO-RIGHT MARK */
	case 0x200f: /* RIGHT-TO-LEFT MARK */
	case 0x2028: /* LINE SEPARATOR */
	case 0x2029: /* PARAGRAPH SEPARATOR */
		return true;
	default:
		break;
	}
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
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
				*err = "\\x needs a hex digit";
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
				*err = "\\u needs braces: \\u{202E}";
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
				*err = "\\u{...} needs 1 to 6 hex digits and a closing brace";
				return -1;
			}
			s++;
			size_t k = utf8_encode(cp, out + o);
			if (k == 0) {
				*err = "\\u{...} is a surrogate or above U+10FFFF";
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
				*err = "octal escape above \\377";
				return -1;
			}
			out[o++] = (uint8_t)v;
			break;
		}
		case '\0':
			*err = "a lone backslash at the end";
			return -1;
		default:
			*err = "unknown escape (use \\\\ for a backslash)";
			return -1;
		}
	}
	return (long)o;
}
