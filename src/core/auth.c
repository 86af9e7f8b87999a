/* auth: base64 on GnuTLS (a well-kept library instead of our own base64), secrets wiped, challenges decoded for
 * display. The mechanisms themselves are in sasl.c (GNU SASL). */
#include "core/auth.h"

#include <gnutls/gnutls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"

char *auth_b64_encode(const void *p, size_t n)
{
	gnutls_datum_t in = {.data = (unsigned char *)(uintptr_t)p, .size = (unsigned)n};
	gnutls_datum_t out = {0};
	if (gnutls_base64_encode2(&in, &out) < 0)
		return xstrdup("");
	char *s = xmemdup0(out.data, out.size);
	gnutls_free(out.data);
	return s;
}

uint8_t *auth_b64_decode(const char *text, size_t len, size_t *outlen)
{
	if (len == 0) {
		*outlen = 0;
		return (uint8_t *)xstrdup("");
	}
	gnutls_datum_t in = {.data = (unsigned char *)(uintptr_t)text, .size = (unsigned)len};
	gnutls_datum_t out = {0};
	if (gnutls_base64_decode2(&in, &out) < 0)
		return NULL;
	uint8_t *p = (uint8_t *)xmemdup0(out.data, out.size);
	*outlen = out.size;
	gnutls_free(out.data);
	return p;
}

bool auth_decode_for_display(const char *b64, char *out, size_t max)
{
	if (max == 0)
		return false;
	size_t len = 0;
	/* Servers send "334 " alone for an empty challenge; strip spaces around the text. */
	while (*b64 == ' ')
		b64++;
	size_t bl = strlen(b64);
	while (bl && (b64[bl - 1] == ' ' || b64[bl - 1] == '\r' || b64[bl - 1] == '\n'))
		bl--;
	uint8_t *raw = auth_b64_decode(b64, bl, &len);
	if (raw == NULL) {
		snprintf(out, max, "(not base64)");
		return false;
	}
	struct buf b;
	buf_init(&b, max > 1 ? max - 1 : 1);
	escape_bytes(&b, raw, len, ESCAPE_DEFAULT);
	snprintf(out, max, "%s", buf_cstr(&b));
	buf_free(&b);
	explicit_bzero(raw, len);
	free(raw);
	return true;
}

void auth_wipe(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

char *auth_mask(const char *line, size_t off, size_t len)
{
	char *m = xstrdup(line);
	size_t n = strlen(m);
	for (size_t i = off; i < off + len && i < n; i++)
		m[i] = '*';
	return m;
}
