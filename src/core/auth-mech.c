/* auth-mech: CRAM-MD5 and XOAUTH2 client responses, and 334 challenges decoded for display. */
#include "core/auth-mech.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"

char *auth_cram_md5_response(const char *user, const char *password, const char *challenge_b64)
{
	size_t clen = 0;
	uint8_t *challenge = auth_b64_decode(challenge_b64, strlen(challenge_b64), &clen);
	if (challenge == NULL)
		return NULL;
	uint8_t mac[16];
	int r = gnutls_hmac_fast(GNUTLS_MAC_MD5, password, strlen(password), challenge, clen, mac);
	free(challenge);
	if (r < 0)
		return NULL;
	size_t ul = strlen(user);
	size_t n = ul + 1 + 32;
	char *plain = xmalloc(n + 1);
	memcpy(plain, user, ul);
	plain[ul] = ' ';
	for (int i = 0; i < 16; i++)
		snprintf(plain + ul + 1 + 2 * i, 3, "%02x", mac[i]);
	explicit_bzero(mac, sizeof mac);
	char *b64 = auth_b64_encode(plain, n);
	explicit_bzero(plain, n);
	free(plain);
	return b64;
}

char *auth_xoauth2_response(const char *user, const char *token)
{
	char *plain = xasprintf("user=%s\001auth=Bearer %s\001\001", user, token);
	size_t n = strlen(plain);
	char *b64 = auth_b64_encode(plain, n);
	explicit_bzero(plain, n);
	free(plain);
	return b64;
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
