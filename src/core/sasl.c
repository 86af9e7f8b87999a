/* sasl: SASL client mechanisms through GNU SASL (libgsasl), the library msmtp and GNU Mailutils use, so that no
 * mechanism's cryptography is written here. Only XOAUTH2 and OAUTHBEARER, absent from libgsasl 2.2, are built
 * here: each is one fixed-format message carrying a token. */
#include "core/sasl.h"

#include <ctype.h>
#include <gsasl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/auth.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/*
 * Strongest first, as sasl_pick prefers them: SCRAM proves the password without sending it, makes the server
 * prove it too, and stores no password-equivalent on the server; -PLUS also binds the exchange to this TLS
 * channel, so a man in the middle who holds a certificate we trusted cannot relay it. DIGEST-MD5 and CRAM-MD5
 * do not send the password but leave an answer to guess it from offline (and need it in clear on the server);
 * PLAIN and LOGIN send it, protected only by TLS. The OAuth ones need a token, not a password: only by name.
 * GSSAPI (Kerberos), which libgsasl also has, needs a ticket the console has no way to get: not offered.
 */
/* The descriptions are msgids (N_): a view shows _(m->what). */
static const struct sasl_mech mechs[] = {
	{"SCRAM-SHA-256-PLUS", true, true, false, true,
	 N_("SCRAM with SHA-256, bound to the TLS channel (RFC 7677, 5802)")},
	{"SCRAM-SHA-1-PLUS", true, true, false, true, N_("SCRAM with SHA-1, bound to the TLS channel (RFC 5802)")},
	{"SCRAM-SHA-256", true, false, false, true, N_("salted challenge-response with SHA-256 (RFC 7677)")},
	{"SCRAM-SHA-1", true, false, false, true, N_("salted challenge-response with SHA-1 (RFC 5802)")},
	{"DIGEST-MD5", false, false, false, true, N_("MD5 digest challenge-response (RFC 2831, obsolete: RFC 6331)")},
	{"CRAM-MD5", false, false, false, true, N_("HMAC-MD5 challenge-response (RFC 2195)")},
	{"PLAIN", true, false, false, true, N_("user and password in one message (RFC 4616)")},
	{"LOGIN", false, false, false, true, N_("user, then password, each on request (draft-murchison-sasl-login)")},
	{"OAUTHBEARER", true, false, true, false, N_("OAuth 2.0 bearer token (RFC 7628)")},
	{"XOAUTH2", true, false, true, false, N_("OAuth 2.0 bearer token, Google's and Microsoft's format")},
	{NULL, false, false, false, false, NULL},
};

const struct sasl_mech *sasl_mechs(void)
{
	return mechs;
}

const struct sasl_mech *sasl_mech_find(const char *name)
{
	for (const struct sasl_mech *m = mechs; m->name; m++)
		if (strcasecmp(m->name, name) == 0)
			return m;
	return NULL;
}

const char *sasl_mech_names(void)
{
	static char names[256];
	if (names[0] == '\0') {
		struct buf b;
		buf_init(&b, sizeof names - 1);
		for (const struct sasl_mech *m = mechs; m->name; m++) {
			if (m != mechs)
				buf_append_byte(&b, ' ');
			for (const char *p = m->name; *p; p++)
				buf_append_byte(&b, (uint8_t)tolower((unsigned char)*p));
		}
		snprintf(names, sizeof names, "%s", buf_cstr(&b));
		buf_free(&b);
	}
	return names;
}

static bool offered_has(const char *offered, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = offered; p && *p;) {
		p += strspn(p, " ");
		size_t w = strcspn(p, " ");
		if (w == n && strncasecmp(p, name, n) == 0)
			return true;
		p += w;
	}
	return false;
}

const struct sasl_mech *sasl_pick(const char *offered, bool have_cb)
{
	for (const struct sasl_mech *m = mechs; m->name; m++) {
		if (m->token || (m->needs_cb && !have_cb))
			continue;
		if (offered_has(offered, m->name))
			return m;
	}
	return NULL;
}

struct sasl_client {
	const struct sasl_mech *mech;
	Gsasl *ctx;
	Gsasl_session *gs;
	char *user;
	char *password;
	int steps;
	bool done;
};

/* The one message of XOAUTH2 and OAUTHBEARER. RFC 7628 puts the user in a GS2 header, where ',' and '=' are
 * written =2C and =3D (RFC 5801). */
static uint8_t *oauth_message(const struct sasl_client *c, size_t *len)
{
	struct buf b;
	buf_init(&b, 65536);
	if (strcmp(c->mech->name, "XOAUTH2") == 0) {
		buf_printf(&b, "user=%s\001auth=Bearer %s\001\001", c->user, c->password);
	} else {
		buf_append_str(&b, "n,a=");
		for (const char *p = c->user; *p; p++)
			buf_append_str(&b, *p == ',' ? "=2C" : *p == '=' ? "=3D" : (char[]){*p, 0});
		buf_printf(&b, ",\001auth=Bearer %s\001\001", c->password);
	}
	char *s = buf_detach(&b, len);
	return (uint8_t *)s;
}

/* An error in both languages: the English, its terminator, then the translation (see sasl_error_loc). */
static char *err_pair(const char *en, const char *loc)
{
	size_t a = strlen(en), b = strlen(loc);
	char *p = xmalloc(a + b + 2);
	memcpy(p, en, a + 1);
	memcpy(p + a + 1, loc, b + 1);
	return p;
}

/* fmt: an English msgid; formatted as it is and translated, with the same arguments. */
static char *__attribute__((format(printf, 1, 2))) errf(const char *fmt, ...)
{
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	char *en = NULL, *loc = NULL;
	if (vasprintf(&en, fmt, ap) < 0)
		en = NULL;
	if (vasprintf(&loc, _(fmt), aq) < 0)
		loc = NULL;
	va_end(aq);
	va_end(ap);
	char *p = err_pair(en ? en : fmt, loc ? loc : en ? en : fmt);
	free(en);
	free(loc);
	return p;
}

const char *sasl_error_loc(const char *err)
{
	return err ? err + strlen(err) + 1 : NULL;
}

struct sasl_client *sasl_client_new(const struct sasl_mech *mech, const char *user, const char *password,
				    const struct sasl_cb *cb, const char *service, const char *host, char **err)
{
	*err = NULL;
	struct sasl_client *c = xcalloc(1, sizeof *c);
	c->mech = mech;
	c->user = xstrdup(user);
	c->password = xstrdup(password);
	if (!mech->gsasl)
		return c;
	int rc = gsasl_init(&c->ctx);
	if (rc == GSASL_OK)
		rc = gsasl_client_start(c->ctx, mech->name, &c->gs);
	if (rc != GSASL_OK) {
		/* TRANSLATORS: %s: a SASL mechanism, then GNU SASL's own (English) error */
		*err = errf(N_("GNU SASL cannot start %s: %s"), mech->name, gsasl_strerror(rc));
		sasl_client_free(c);
		return NULL;
	}
	gsasl_property_set(c->gs, GSASL_AUTHID, user);
	gsasl_property_set(c->gs, GSASL_PASSWORD, password);
	gsasl_property_set(c->gs, GSASL_SERVICE, service ? service : "smtp");
	gsasl_property_set(c->gs, GSASL_HOSTNAME, host && *host ? host : "localhost");
	if (mech->needs_cb) {
		/* Only the binding that fits this TLS version: libgsasl sends the type whose data it finds. */
		int prop = 0;
		if (cb && cb->type && strcmp(cb->type, "tls-exporter") == 0)
			prop = GSASL_CB_TLS_EXPORTER;
		else if (cb && cb->type && strcmp(cb->type, "tls-unique") == 0)
			prop = GSASL_CB_TLS_UNIQUE;
		if (prop == 0 || cb->len == 0) {
			*err = errf(N_("%s needs channel-binding data from TLS, and this connection has none "
				       "(no TLS yet?)"),
				    mech->name);
			sasl_client_free(c);
			return NULL;
		}
		char *b64 = auth_b64_encode(cb->data, cb->len);
		gsasl_property_set(c->gs, (Gsasl_property)prop, b64);
		free(b64);
	}
	return c;
}

enum sasl_status sasl_client_step(struct sasl_client *c, const uint8_t *in, size_t inlen, uint8_t **out, size_t *outlen,
				  char **err)
{
	*out = NULL;
	*outlen = 0;
	*err = NULL;
	int step = c->steps++;
	if (!c->mech->gsasl) {
		if (step == 0) {
			*out = oauth_message(c, outlen);
			return SASL_MORE;
		}
		if (step == 1) {
			/* A 334 now carries the error (JSON); the client answers so that the server sends its final
			 * 5xx: an empty line for XOAUTH2, a lone ^A for OAUTHBEARER (RFC 7628 §3.2.3). */
			bool bearer = strcmp(c->mech->name, "OAUTHBEARER") == 0;
			*out = (uint8_t *)xstrdup(bearer ? "\001" : "");
			*outlen = bearer ? 1 : 0;
			return SASL_MORE;
		}
		*err = errf(N_("%s has no further step: the server sent another challenge"), c->mech->name);
		return SASL_FAILED;
	}
	if (c->done) {
		*err = errf(N_("%s has finished, but the server sent another challenge"), c->mech->name);
		return SASL_FAILED;
	}
	char *o = NULL;
	size_t ol = 0;
	int rc = gsasl_step(c->gs, (const char *)in, inlen, &o, &ol);
	if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE) {
		if (o) {
			explicit_bzero(o, ol);
			gsasl_free(o);
		}
		const char *why = rc == GSASL_AUTHENTICATION_ERROR
					  ? N_("the server's proof does not verify (it does not know the password, or "
					       "something between us changed the exchange)")
					  : gsasl_strerror(rc);
		/* why: our msgid, or GNU SASL's own words (English, which _() leaves as they are) */
		char *en = xasprintf("%s (GNU SASL: %s)", why, gsasl_strerror_name(rc));
		char *loc = xasprintf("%s (GNU SASL: %s)", _(why), gsasl_strerror_name(rc));
		*err = err_pair(en, loc);
		free(en);
		free(loc);
		return SASL_FAILED;
	}
	/* Our own copy, NUL-terminated, so callers never depend on libgsasl's allocator. */
	*out = (uint8_t *)xmemdup0(o ? o : "", ol);
	*outlen = ol;
	if (o) {
		explicit_bzero(o, ol);
		gsasl_free(o);
	}
	if (rc == GSASL_OK)
		c->done = true;
	return rc == GSASL_OK ? SASL_DONE : SASL_MORE;
}

bool sasl_client_done(const struct sasl_client *c)
{
	return c->done;
}
const struct sasl_mech *sasl_client_mech(const struct sasl_client *c)
{
	return c->mech;
}
int sasl_client_steps(const struct sasl_client *c)
{
	return c->steps;
}

void sasl_client_free(struct sasl_client *c)
{
	if (c == NULL)
		return;
	if (c->gs)
		gsasl_finish(c->gs);
	if (c->ctx)
		gsasl_done(c->ctx);
	auth_wipe(c->user);
	auth_wipe(c->password);
	free(c);
}

void sasl_wipe(void *p, size_t n)
{
	if (p == NULL)
		return;
	explicit_bzero(p, n);
	free(p);
}
