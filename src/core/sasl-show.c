/* sasl-show: one decoded SASL message in words, for the transcript, the JSON events and the TUI: which field is
 * what (SCRAM's nonces, salt and iteration count explained), with every secret (password, proof, digest, token)
 * masked unless the user asked to see secrets. Server bytes are untrusted: every byte shown goes through
 * escape_bytes.
 *
 * Each field is one whole sentence (a gettext msgid with the field's escaped value as %s), built into a dtext:
 * English for JSON Lines, the user's language for screens. Fields of one message are joined with "; ". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/auth.h"
#include "core/sasl.h"
#include "lib/buf.h"
#include "lib/dtext-split.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

#define SHOW_MAX 2048u /* bytes of display text for one message, at most */
#define MASK "********"

struct show {
	struct dtext d;
	bool reveal; /* --show-secrets */
	bool secret; /* something in this message was a secret */
};

/* A field's value for display: escaped, in quotes when quote. Drop it with drop(): it may be a secret. */
static char *val(const uint8_t *p, size_t n, bool quote)
{
	struct buf b;
	buf_init(&b, SHOW_MAX);
	if (quote)
		buf_append_byte(&b, '"');
	escape_bytes(&b, p, n, ESCAPE_DEFAULT);
	if (quote)
		buf_append_byte(&b, '"');
	char *s = xstrdup(buf_cstr(&b));
	explicit_bzero(b.data, b.len);
	buf_free(&b);
	return s;
}

static char *quoted(const uint8_t *p, size_t n)
{
	return val(p, n, true);
}

/* A secret's value: the mask, or the quoted value when the user asked to see secrets. */
static char *secret(struct show *sh, const uint8_t *p, size_t n)
{
	sh->secret = true;
	return sh->reveal ? quoted(p, n) : xstrdup(MASK);
}

static void drop(char *v)
{
	explicit_bzero(v, strlen(v));
	free(v);
}

/* Between two fields of one message. */
static void sep(struct show *sh)
{
	if (sh->d.en.len)
		dtext_raw(&sh->d, "; ");
}

/* A whole message shown as its bytes, nothing to explain. */
static void raw_value(struct show *sh, char *v)
{
	dtext_raw(&sh->d, v);
	drop(v);
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

static void scram_client_final(struct show *sh, const uint8_t *p, size_t n)
{
	const uint8_t *v;
	size_t vn;
	attr(p, n, 'c', &v, &vn);
	size_t cbn = b64_len(v, vn);
	char *q = quoted(v, vn);
	if (cbn > 3)
		/* TRANSLATORS: SCRAM (RFC 5802): client-final, GS2, c= are protocol names; %s: the value, %zu: its
		 * length. */
		dtext_nprintf(&sh->d,
			      "client-final: channel binding c=%s (base64 of the GS2 header and the TLS binding data, "
			      "%zu byte)",
			      "client-final: channel binding c=%s (base64 of the GS2 header and the TLS binding data, "
			      "%zu bytes)",
			      cbn, q, cbn);
	else
		/* TRANSLATORS: SCRAM (RFC 5802): client-final, GS2, c= are protocol names. */
		dtext_nprintf(&sh->d, "client-final: channel binding c=%s (base64 of the GS2 header, %zu byte)",
			      "client-final: channel binding c=%s (base64 of the GS2 header, %zu bytes)", cbn, q, cbn);
	drop(q);
	if (attr(p, n, 'r', &v, &vn)) {
		q = quoted(v, vn);
		sep(sh);
		dtext_printf(&sh->d, "nonce r=%s (the combined nonce, echoed)", q);
		drop(q);
	}
	attr(p, n, 'p', &v, &vn);
	q = secret(sh, v, vn);
	sep(sh);
	/* TRANSLATORS: ClientProof and p= are SCRAM's names (RFC 5802); %s: the proof or ********. */
	dtext_printf(&sh->d,
		     "ClientProof p=%s (proves the password without sending it; an eavesdropper could guess the "
		     "password offline from it)",
		     q);
	drop(q);
}

static void scram_client(struct show *sh, const uint8_t *p, size_t n)
{
	const uint8_t *v;
	size_t vn;
	if (attr(p, n, 'p', &v, &vn) && attr(p, n, 'c', &v, &vn)) { /* client-final-message: c=, r=, p= */
		scram_client_final(sh, p, n);
		return;
	}
	/* client-first-message: gs2-header "n,," / "y,," / "p=TYPE,," then n=user,r=nonce */
	size_t c1 = 0;
	while (c1 < n && p[c1] != ',')
		c1++;
	if (c1 >= 1 && p[0] == 'n') {
		/* TRANSLATORS: SCRAM (RFC 5802): client-first and GS2 are protocol names, n and y its flags. */
		dtext_puts(&sh->d, N_("client-first: GS2 header n (no channel binding)"));
	} else if (c1 >= 1 && p[0] == 'y') {
		/* TRANSLATORS: -PLUS: the SCRAM-SHA-256-PLUS mechanisms, with channel binding. */
		dtext_puts(&sh->d,
			   N_("client-first: GS2 header y (the client could bind to TLS, but the server did not "
			      "offer -PLUS)"));
	} else if (c1 > 2 && p[0] == 'p') {
		char *t = val(p + 2, c1 - 2, false);
		/* TRANSLATORS: %s: the channel binding type (tls-exporter, tls-unique). */
		dtext_printf(&sh->d, "client-first: GS2 header p=%s (bound to this TLS channel)", t);
		drop(t);
	} else {
		char *t = quoted(p, c1);
		/* TRANSLATORS: %s: the header's bytes, quoted. */
		dtext_printf(&sh->d, "client-first: GS2 header %s", t);
		drop(t);
	}
	if (attr(p, n, 'n', &v, &vn)) {
		char *t = quoted(v, vn);
		sep(sh);
		/* TRANSLATORS: n= is SCRAM's name of the field; %s: the user name, quoted. */
		dtext_printf(&sh->d, "user n=%s", t);
		drop(t);
	}
	if (attr(p, n, 'r', &v, &vn)) {
		char *t = quoted(v, vn);
		sep(sh);
		/* TRANSLATORS: r= is SCRAM's name of the field; %s: the nonce, %zu: how many characters it has. */
		dtext_nprintf(&sh->d, "client nonce r=%s (%zu random character, new for each login)",
			      "client nonce r=%s (%zu random characters, new for each login)", vn, t, vn);
		drop(t);
	}
}

static void scram_server(struct show *sh, const uint8_t *p, size_t n)
{
	const uint8_t *v;
	size_t vn;
	char *t;
	if (attr(p, n, 'e', &v, &vn)) {
		t = quoted(v, vn);
		/* TRANSLATORS: server-final and e= are SCRAM's names (RFC 5802); %s: the server's error, quoted. */
		dtext_printf(&sh->d, "server-final: error e=%s", t);
		drop(t);
		return;
	}
	if (attr(p, n, 'v', &v, &vn)) {
		t = quoted(v, vn);
		/* TRANSLATORS: server-final, ServerSignature and v= are SCRAM's names; GNU SASL is the library. */
		dtext_printf(&sh->d,
			     "server-final: ServerSignature v=%s (the server's proof that it knows the password too; "
			     "checked by GNU SASL)",
			     t);
		drop(t);
		return;
	}
	if (attr(p, n, 'r', &v, &vn)) {
		t = quoted(v, vn);
		/* TRANSLATORS: server-first and r= are SCRAM's names (RFC 5802); %s: the nonce, quoted. */
		dtext_printf(&sh->d,
			     "server-first: nonce r=%s (the client's nonce with the server's own random part "
			     "appended)",
			     t);
		drop(t);
	}
	if (attr(p, n, 's', &v, &vn)) {
		t = quoted(v, vn);
		size_t sn = b64_len(v, vn);
		sep(sh);
		/* TRANSLATORS: s= is SCRAM's name of the field; %s: the salt, %zu: its length once decoded. */
		dtext_nprintf(&sh->d, "salt s=%s (%zu byte, base64: stored with this user's password hash)",
			      "salt s=%s (%zu bytes, base64: stored with this user's password hash)", sn, t, sn);
		drop(t);
	}
	if (attr(p, n, 'i', &v, &vn)) {
		t = val(v, vn, false);
		sep(sh);
		/* TRANSLATORS: i= is SCRAM's name of the field; %s: the count (a number); PBKDF2 is the algorithm. */
		dtext_printf(&sh->d,
			     "iteration count i=%s (the password is hashed that many times with the salt, PBKDF2, to "
			     "make guessing slow)",
			     t);
		drop(t);
	}
	if (sh->d.en.len == 0)
		raw_value(sh, quoted(p, n));
}

/* DIGEST-MD5 (RFC 2831): key=value pairs; the client's response= is the secret. */
static void digest_md5(struct show *sh, bool from_server, const uint8_t *p, size_t n)
{
	char *t;
	if (from_server && n > 8 && memcmp(p, "rspauth=", 8) == 0) {
		t = val(p + 8, n - 8, false);
		/* TRANSLATORS: rspauth= is DIGEST-MD5's name (RFC 2831); %s: its value; GNU SASL is the library. */
		dtext_printf(&sh->d,
			     "rspauth=%s (the server's proof that it knows the password too; checked by GNU SASL)", t);
		drop(t);
		return;
	}
	if (from_server) {
		t = val(p, n, false);
		/* TRANSLATORS: %s: the challenge's directives; nonce and qop are DIGEST-MD5's names (RFC 2831). */
		dtext_printf(&sh->d, "%s (nonce: the server's one-time value; qop: the protection it offers)", t);
		drop(t);
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
		raw_value(sh, secret(sh, p, n));
		return;
	}
	const uint8_t *v = r + sizeof key - 1;
	size_t vn = 0;
	while (v + vn < p + n && v[vn] != ',')
		vn++;
	char *before = val(p, (size_t)(v - p), false);
	char *s = secret(sh, v, vn);
	char *after = val(v + vn, (size_t)(p + n - v - vn), false);
	/* TRANSLATORS: %s%s%s: the client's directives (with response= masked); response is DIGEST-MD5's name. */
	dtext_printf(&sh->d, "%s%s%s (response: an MD5 digest of the password, the nonces and the request)", before, s,
		     after);
	drop(before);
	drop(s);
	drop(after);
}

static void plain(struct show *sh, const uint8_t *p, size_t n)
{
	const uint8_t *z1 = memchr(p, 0, n);
	const uint8_t *z2 = z1 ? memchr(z1 + 1, 0, (size_t)(p + n - z1 - 1)) : NULL;
	if (z2 == NULL) {
		char *s = secret(sh, p, n);
		/* TRANSLATORS: %s: the message, masked; NUL is the zero byte, PLAIN the mechanism (RFC 4616). */
		dtext_printf(&sh->d, "(not the three NUL-separated PLAIN fields) %s", s);
		drop(s);
		return;
	}
	char *a = quoted(p, (size_t)(z1 - p));
	char *u = quoted(z1 + 1, (size_t)(z2 - z1 - 1));
	char *s = secret(sh, z2 + 1, (size_t)(p + n - z2 - 1));
	/* TRANSLATORS: PLAIN's three fields (RFC 4616), each quoted; the password is ******** unless shown. */
	dtext_printf(&sh->d, "authorization id %s, user %s, password %s", a, u, s);
	drop(a);
	drop(u);
	drop(s);
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
		raw_value(sh, quoted(p, n));
		return;
	}
	char *head = quoted(p, (size_t)(a - p) + sizeof bearer - 1);
	const uint8_t *t = a + sizeof bearer - 1;
	size_t tn = 0;
	while (t + tn < p + n && t[tn] != 1)
		tn++;
	char *s = secret(sh, t, tn);
	/* TRANSLATORS: first %s: the message up to "auth=Bearer ", quoted; second: the OAuth token, masked. */
	dtext_printf(&sh->d, "%s token %s", head, s);
	drop(head);
	drop(s);
}

/* A message of a mechanism whose other side sends no fields to explain: CRAM-MD5, LOGIN, XOAUTH2's answers. */
static void simple(struct show *sh, const char *mech, bool from_server, int step, const uint8_t *p, size_t n)
{
	char *t, *s;
	if (from_server) {
		t = quoted(p, n);
		if (strcasecmp(mech, "CRAM-MD5") == 0)
			/* TRANSLATORS: %s: the challenge, quoted (CRAM-MD5, RFC 2195). */
			dtext_printf(&sh->d, "%s (the server's one-time challenge)", t);
		else if (strcasecmp(mech, "XOAUTH2") == 0 || strcasecmp(mech, "OAUTHBEARER") == 0)
			/* TRANSLATORS: %s: the server's error (JSON), quoted (RFC 7628). */
			dtext_printf(&sh->d, "%s (the server's reason for refusing the token)", t);
		else
			dtext_raw(&sh->d, t);
		drop(t);
	} else if (strcasecmp(mech, "PLAIN") == 0) {
		plain(sh, p, n);
	} else if (strcasecmp(mech, "LOGIN") == 0) {
		if (step == 0) {
			t = quoted(p, n);
			/* TRANSLATORS: LOGIN's first answer; %s: the user name, quoted. */
			dtext_printf(&sh->d, "user %s", t);
			drop(t);
		} else {
			s = secret(sh, p, n);
			/* TRANSLATORS: LOGIN's second answer; %s: the password, ******** unless shown. */
			dtext_printf(&sh->d, "password %s", s);
			drop(s);
		}
	} else if (strcasecmp(mech, "CRAM-MD5") == 0) {
		const uint8_t *sp = memchr(p, ' ', n);
		t = quoted(p, sp ? (size_t)(sp - p) : n);
		s = secret(sh, sp ? sp + 1 : p + n, sp ? (size_t)(p + n - sp - 1) : 0);
		/* TRANSLATORS: CRAM-MD5's answer (RFC 2195); first %s: the user, quoted; second: the digest, masked. */
		dtext_printf(&sh->d, "user %s, HMAC-MD5 of the challenge keyed with the password %s", t, s);
		drop(t);
		drop(s);
	} else if (strcasecmp(mech, "XOAUTH2") == 0 || strcasecmp(mech, "OAUTHBEARER") == 0) {
		if (n == 1 && p[0] == 1)
			/* TRANSLATORS: %s: \x01, the byte the client sends; RFC 7628 stays. */
			dtext_printf(&sh->d, "%s (the dummy answer that asks for the final reply, RFC 7628)", "\\x01");
		else
			oauth(sh, p, n);
	} else {
		/* a mechanism we do not know: all of it may be a secret */
		raw_value(sh, secret(sh, p, n));
	}
}

void sasl_describe_d(struct dtext *out, const char *mech, bool from_server, int step, const uint8_t *p, size_t n,
		     bool show_secrets, bool *is_secret)
{
	struct show sh = {.reveal = show_secrets};
	dtext_init(&sh.d, SHOW_MAX);
	if (n == 0) {
		dtext_puts(&sh.d, from_server ? N_("(empty challenge)") : N_("(empty answer)"));
	} else if (strncasecmp(mech, "SCRAM-", 6) == 0) {
		if (from_server)
			scram_server(&sh, p, n);
		else
			scram_client(&sh, p, n);
	} else if (strcasecmp(mech, "DIGEST-MD5") == 0) {
		digest_md5(&sh, from_server, p, n);
	} else {
		simple(&sh, mech, from_server, step, p, n);
	}
	if (is_secret)
		*is_secret = sh.secret;
	dtext_cat(out, &sh.d);
	sasl_describe_wipe(&sh.d);
}

void sasl_describe_wipe(struct dtext *d)
{
	if (d->en.data)
		explicit_bzero(d->en.data, d->en.len);
	if (d->loc.data)
		explicit_bzero(d->loc.data, d->loc.len);
	dtext_free(d);
}

char *sasl_describe(const char *mech, bool from_server, int step, const uint8_t *p, size_t n, bool show_secrets,
		    bool *is_secret)
{
	struct dtext d;
	dtext_init(&d, SHOW_MAX);
	sasl_describe_d(&d, mech, from_server, step, p, n, show_secrets, is_secret);
	char *s = xstrdup(dtext_en(&d));
	sasl_describe_wipe(&d);
	return s;
}
