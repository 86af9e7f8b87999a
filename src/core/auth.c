/* auth: base64 and SASL helpers on GnuTLS (a well-kept library instead of our own base64). */
#include "core/auth.h"

#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>

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

char *auth_plain_response(const char *user, const char *password)
{
	size_t ul = strlen(user), pl = strlen(password);
	size_t n = ul + pl + 2;
	char *raw = xmalloc(n);
	raw[0] = '\0';
	memcpy(raw + 1, user, ul);
	raw[1 + ul] = '\0';
	memcpy(raw + 2 + ul, password, pl);
	char *b64 = auth_b64_encode(raw, n);
	explicit_bzero(raw, n);
	free(raw);
	return b64;
}

void auth_wipe(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}
