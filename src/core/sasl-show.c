/* sasl-show: one decoded SASL message in words, for the transcript, the JSON events and the TUI: which field is
 * what (SCRAM's nonces, salt and iteration count explained), with every secret (password, proof, digest, token)
 * masked unless the user asked to see secrets. Server bytes are untrusted: every byte shown goes through
 * escape_bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/auth.h"
#include "core/sasl.h"
#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"

#define SHOW_MAX 2048u /* bytes of display text for one message, at most */
#define MASK "********"

struct show {
	struct buf b;
	bool reveal; /* --show-secrets */
	bool secret; /* something in this message was a secret */
};

static void quoted(struct show *sh, const uint8_t *p, size_t n)
{
	buf_append_byte(&sh->b, '"');
	escape_bytes(&sh->b, p, n, ESCAPE_DEFAULT);
	buf_append_byte(&sh->b, '"');
}

static void secret(struct show *sh, const uint8_t *p, size_t n)
{
	sh->secret = true;
	if (sh->reveal)
		quoted(sh, p, n);
	else
		buf_append_str(&sh->b, MASK);
}

/* The attribute "k=" of a comma-separated SCRAM message (RFC 5802 §5.1): its value in *v, *vn. */
static bool attr(const uint8_t *p, size_t n, char k, const uint8_t **v, size_t *vn)
{
	size_t i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && p[e] != ',')
			e++;
		if (e - i >= 2 && p[i] == (uint8_t)k && p[i + 1] == '=') {
			*v = p + i + 2;
			*vn = e - i - 2;
			return true;
		}
		i = e + 1;
	}
	return false;
}

static size_t b64_len(const uint8_t *v, size_t vn)
{
	size_t n = 0;
	uint8_t *d = auth_b64_decode((const char *)v, vn, &n);
	if (d == NULL)
		return 0;
	free(d);
	return n;
}

static void scram_client(struct show *sh, const uint8_t *p, size_t n)
{
	const uint8_t *v;
	size_t vn;
	if (attr(p, n, 'p', &v, &vn) && attr(p, n, 'c', &v, &vn)) {
		/* client-final-message: c=, r=, p= */
		size_t cbn = b64_len(v, vn);
		buf_append_str(&sh->b, "client-final: channel binding c=");
		quoted(sh, v, vn);
		buf_printf(&sh->b, " (base64 of the GS2 header%s, %zu bytes)",
			   cbn > 3 ? " and the TLS binding data" : "", cbn);
		if (attr(p, n, 'r', &v, &vn)) {
			buf_append_str(&sh->b, "; nonce r=");
			quoted(sh, v, vn);
			buf_append_str(&sh->b, " (the combined nonce, echoed)");
		}
		attr(p, n, 'p', &v, &vn);
		buf_append_str(&sh->b, "; ClientProof p=");
		secret(sh, v, vn);
		buf_append_str(&sh->b, " (proves the password without sending it; an eavesdropper could guess the "
				       "password offline from it)");
		return;
	}
	/* client-first-message: gs2-header "n,," / "y,," / "p=TYPE,," then n=user,r=nonce */
	size_t c1 = 0;
	while (c1 < n && p[c1] != ',')
		c1++;
	buf_append_str(&sh->b, "client-first: GS2 header ");
	if (c1 >= 1 && p[0] == 'n')
		buf_append_str(&sh->b, "n (no channel binding)");
	else if (c1 >= 1 && p[0] == 'y')
		buf_append_str(&sh->b, "y (the client could bind to TLS, but the server did not offer -PLUS)");
	else if (c1 > 2 && p[0] == 'p') {
		buf_append_str(&sh->b, "p=");
		escape_bytes(&sh->b, p + 2, c1 - 2, ESCAPE_DEFAULT);
		buf_append_str(&sh->b, " (bound to this TLS channel)");
	} else {
		quoted(sh, p, c1);
	}
	if (attr(p, n, 'n', &v, &vn)) {
		buf_append_str(&sh->b, "; user n=");
		quoted(sh, v, vn);
	}
	if (attr(p, n, 'r', &v, &vn)) {
		buf_printf(&sh->b, "; client nonce r=");
		quoted(sh, v, vn);
		buf_printf(&sh->b, " (%zu random characters, new for each login)", vn);
	}
}

static void scram_server(struct show *sh, const uint8_t *p, size_t n)
{
	const uint8_t *v, *s, *it;
	size_t vn, sn, itn;
	if (attr(p, n, 'e', &v, &vn)) {
		buf_append_str(&sh->b, "server-final: error e=");
		quoted(sh, v, vn);
		return;
	}
	if (attr(p, n, 'v', &v, &vn)) {
		buf_append_str(&sh->b, "server-final: ServerSignature v=");
		quoted(sh, v, vn);
		buf_append_str(&sh->b, " (the server's proof that it knows the password too; checked by GNU SASL)");
		return;
	}
	if (attr(p, n, 'r', &v, &vn)) {
		buf_append_str(&sh->b, "server-first: nonce r=");
		quoted(sh, v, vn);
		buf_append_str(&sh->b, " (the client's nonce with the server's own random part appended)");
	}
	if (attr(p, n, 's', &s, &sn)) {
		buf_append_str(&sh->b, "; salt s=");
		quoted(sh, s, sn);
		buf_printf(&sh->b, " (%zu bytes, base64: stored with this user's password hash)", b64_len(s, sn));
	}
	if (attr(p, n, 'i', &it, &itn)) {
		buf_append_str(&sh->b, "; iteration count i=");
		escape_bytes(&sh->b, it, itn, ESCAPE_DEFAULT);
		buf_append_str(&sh->b, " (the password is hashed that many times with the salt, PBKDF2, to make "
				       "guessing slow)");
	}
	if (sh->b.len == 0)
		quoted(sh, p, n);
}

/* DIGEST-MD5 (RFC 2831): key=value pairs; the client's response= is the secret. */
static void digest_md5(struct show *sh, bool from_server, const uint8_t *p, size_t n)
{
	if (from_server && n > 8 && memcmp(p, "rspauth=", 8) == 0) {
		buf_append_str(&sh->b, "rspauth=");
		escape_bytes(&sh->b, p + 8, n - 8, ESCAPE_DEFAULT);
		buf_append_str(&sh->b, " (the server's proof that it knows the password too; checked by GNU SASL)");
		return;
	}
	if (from_server) {
		escape_bytes(&sh->b, p, n, ESCAPE_DEFAULT);
		buf_append_str(&sh->b, " (nonce: the server's one-time value; qop: the protection it offers)");
		return;
	}
	static const char key[] = "response=";
	const uint8_t *r = NULL;
	/* libgsasl writes ", " between directives, RFC 2831 allows spaces around the commas */
	for (size_t i = 0; i + sizeof key - 1 <= n; i++)
		if ((i == 0 || p[i - 1] == ',' || p[i - 1] == ' ') && memcmp(p + i, key, sizeof key - 1) == 0)
			r = p + i;
	if (r == NULL) {
		/* no response= found: mask all of it rather than risk showing the digest */
		secret(sh, p, n);
		return;
	}
	const uint8_t *val = r + sizeof key - 1;
	size_t vn = 0;
	while (val + vn < p + n && val[vn] != ',')
		vn++;
	escape_bytes(&sh->b, p, (size_t)(val - p), ESCAPE_DEFAULT);
	secret(sh, val, vn);
	escape_bytes(&sh->b, val + vn, (size_t)(p + n - val - vn), ESCAPE_DEFAULT);
	buf_append_str(&sh->b, " (response: an MD5 digest of the password, the nonces and the request)");
}

static void plain(struct show *sh, const uint8_t *p, size_t n)
{
	const uint8_t *z1 = memchr(p, 0, n);
	const uint8_t *z2 = z1 ? memchr(z1 + 1, 0, (size_t)(p + n - z1 - 1)) : NULL;
	if (z2 == NULL) {
		buf_append_str(&sh->b, "(not the three NUL-separated PLAIN fields) ");
		secret(sh, p, n);
		return;
	}
	buf_append_str(&sh->b, "authorization id ");
	quoted(sh, p, (size_t)(z1 - p));
	buf_append_str(&sh->b, ", user ");
	quoted(sh, z1 + 1, (size_t)(z2 - z1 - 1));
	buf_append_str(&sh->b, ", password ");
	secret(sh, z2 + 1, (size_t)(p + n - z2 - 1));
}

static void oauth(struct show *sh, const uint8_t *p, size_t n)
{
	/* "user=U\1auth=Bearer T\1\1" (XOAUTH2) or "n,a=U,\1auth=Bearer T\1\1" (OAUTHBEARER) */
	static const char bearer[] = "auth=Bearer ";
	const uint8_t *a = NULL;
	for (size_t i = 0; i + sizeof bearer - 1 <= n && a == NULL; i++)
		if (memcmp(p + i, bearer, sizeof bearer - 1) == 0)
			a = p + i;
	if (a == NULL) {
		quoted(sh, p, n);
		return;
	}
	buf_append_byte(&sh->b, '"');
	escape_bytes(&sh->b, p, (size_t)(a - p) + sizeof bearer - 1, ESCAPE_DEFAULT);
	buf_append_byte(&sh->b, '"');
	const uint8_t *t = a + sizeof bearer - 1;
	size_t tn = 0;
	while (t + tn < p + n && t[tn] != 1)
		tn++;
	buf_append_str(&sh->b, " token ");
	secret(sh, t, tn);
}

char *sasl_describe(const char *mech, bool from_server, int step, const uint8_t *p, size_t n, bool show_secrets,
		    bool *is_secret)
{
	struct show sh = {.reveal = show_secrets};
	buf_init(&sh.b, SHOW_MAX);
	if (n == 0) {
		buf_append_str(&sh.b, from_server ? "(empty challenge)" : "(empty answer)");
	} else if (strncasecmp(mech, "SCRAM-", 6) == 0) {
		if (from_server)
			scram_server(&sh, p, n);
		else
			scram_client(&sh, p, n);
	} else if (strcasecmp(mech, "DIGEST-MD5") == 0) {
		digest_md5(&sh, from_server, p, n);
	} else if (from_server) {
		quoted(&sh, p, n);
		if (strcasecmp(mech, "CRAM-MD5") == 0)
			buf_append_str(&sh.b, " (the server's one-time challenge)");
		else if (strcasecmp(mech, "XOAUTH2") == 0 || strcasecmp(mech, "OAUTHBEARER") == 0)
			buf_append_str(&sh.b, " (the server's reason for refusing the token)");
	} else if (strcasecmp(mech, "PLAIN") == 0) {
		plain(&sh, p, n);
	} else if (strcasecmp(mech, "LOGIN") == 0) {
		if (step == 0) {
			buf_append_str(&sh.b, "user ");
			quoted(&sh, p, n);
		} else {
			buf_append_str(&sh.b, "password ");
			secret(&sh, p, n);
		}
	} else if (strcasecmp(mech, "CRAM-MD5") == 0) {
		const uint8_t *sp = memchr(p, ' ', n);
		size_t un = sp ? (size_t)(sp - p) : n;
		buf_append_str(&sh.b, "user ");
		quoted(&sh, p, un);
		buf_append_str(&sh.b, ", HMAC-MD5 of the challenge keyed with the password ");
		secret(&sh, sp ? sp + 1 : p + n, sp ? (size_t)(p + n - sp - 1) : 0);
	} else if (strcasecmp(mech, "XOAUTH2") == 0 || strcasecmp(mech, "OAUTHBEARER") == 0) {
		if (n == 1 && p[0] == 1)
			buf_append_str(&sh.b, "\\x01 (the dummy answer that asks for the final reply, RFC 7628)");
		else
			oauth(&sh, p, n);
	} else {
		/* a mechanism we do not know: all of it may be a secret */
		secret(&sh, p, n);
	}
	if (is_secret)
		*is_secret = sh.secret;
	char *s = xstrdup(buf_cstr(&sh.b));
	buf_free(&sh.b);
	return s;
}
