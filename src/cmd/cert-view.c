/* cert-view: the certificate inspector's text (certv_* in cmd-cert.h), line by line: the negotiated parameters,
 * the verdict with each reason's cause and fix, the chain as sent, every field of a certificate, GnuTLS's dump.
 * /cert and /tls print these lines (cmd-cert.c, cmd-tls.c); the TUI draws them in its overlay (overlay-cert.c).
 *
 * Each line is built in two languages at once (lib/dtext.h): /cert's output reaches JSON Lines, which stay
 * English, and screens, which speak the user's language. Field labels are aligned per language: the widest
 * translated label of a block sets the column where that block's values start.
 *
 * Everything taken from a certificate is hostile text: it is escaped here, line by line, before any view sees
 * it (a subject holding "\n250 OK" must not become a line of its own). */
#include "cmd/cmd-cert.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/cert.h"
#include "lib/buf.h"
#include "lib/dtext-split.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* One display line at most (a DN can be long; a hostile one is cut here, never split into fake lines). */
#define CERTV_MAX_LINE 8192u
/* SANs and URLs listed per certificate before "... and N more". */
#define CERTV_MAX_NAMES 200u
/* Lines of a GnuTLS dump shown at most. */
#define CERTV_MAX_DUMP_LINES 5000u

struct out {
	certv_fn fn;
	void *ctx;
	struct dtext d; /* the line being built */
};

static void out_init(struct out *o, certv_fn fn, void *ctx)
{
	o->fn = fn;
	o->ctx = ctx;
	dtext_init(&o->d, CERTV_MAX_LINE);
}

static void out_free(struct out *o)
{
	dtext_free(&o->d);
}

/* Hand the line built so far to the view, and start the next one. */
static void emit(struct out *o, enum certv_role r)
{
	o->fn(o->ctx, r, &o->d);
	dtext_reset(&o->d);
}

/* Untrusted text (from the certificate, GnuTLS or the user), escaped, the same on both sides. */
static void esc(struct out *o, const char *s)
{
	escape_bytes(&o->d.en, (const uint8_t *)s, strlen(s), ESCAPE_DEFAULT);
	if (i18n_translating())
		escape_bytes(&o->d.loc, (const uint8_t *)s, strlen(s), ESCAPE_DEFAULT);
}

/* Text that differs by language but is not ours to translate here (a reason made in core/cert-reasons.c in two
 * languages): en on the English side, loc on the other, both escaped. */
static void esc2(struct out *o, const char *en, const char *loc)
{
	escape_bytes(&o->d.en, (const uint8_t *)en, strlen(en), ESCAPE_DEFAULT);
	if (i18n_translating())
		escape_bytes(&o->d.loc, (const uint8_t *)loc, strlen(loc), ESCAPE_DEFAULT);
}

/* Untrusted text, or the msgid when there is none ("(none)", "(not restricted)"). */
static void esc_or(struct out *o, const char *s, const char *msgid)
{
	if (s == NULL || *s == '\0')
		dtext_puts(&o->d, msgid);
	else
		esc(o, s);
}

/* printf into the line, the same bytes on both sides: numbers and punctuation, no words. */
static void rawf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rawf(struct out *o, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (s)
		dtext_raw(&o->d, s);
	free(s);
}

/* ---- aligned labels ---- */

/* A field label: its English msgid and how far it is indented under its block's first column. */
struct label {
	const char *msgid;
	unsigned indent;
};

/* Where a block's values start on each side (columns from the line's start, its indent included). */
struct column {
	size_t en, loc;
};

/* Terminal columns of UTF-8 text: one per character. Our catalogs are Latin script (pt_BR, pt, fr: no wide or
 * combining characters in their labels), so counting characters is measuring them; bytes would not be (é is
 * two bytes, one column). */
static size_t cols(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The column of a block: its widest label (indent included) plus gap blanks, per language. */
static struct column column_of(const struct label *t, size_t n, unsigned lead, unsigned gap)
{
	struct column c = {0, 0};
	for (size_t i = 0; i < n; i++) {
		size_t en = lead + t[i].indent + cols(t[i].msgid) + gap;
		size_t loc = lead + t[i].indent + cols(_(t[i].msgid)) + gap;
		c.en = en > c.en ? en : c.en;
		c.loc = loc > c.loc ? loc : c.loc;
	}
	return c;
}

/* Blanks from column `from` to column `to`; at least `least` of them. */
static void pad(struct buf *b, size_t from, size_t to, size_t least)
{
	for (size_t i = from; i < to || i < from + least; i++)
		buf_append_byte(b, ' ');
}

/* "    subject:      " on each side: lead blanks, the label (translated on the user's side), blanks to column. */
static void label(struct out *o, unsigned lead, const struct label *l, struct column c)
{
	const char *loc = _(l->msgid);
	size_t at = lead + l->indent;
	pad(&o->d.en, 0, at, 0);
	buf_append_str(&o->d.en, l->msgid);
	pad(&o->d.en, at + cols(l->msgid), c.en, 1);
	if (i18n_translating()) {
		pad(&o->d.loc, 0, at, 0);
		buf_append_str(&o->d.loc, loc);
		pad(&o->d.loc, at + cols(loc), c.loc, 1);
	}
}

/* Blanks up to the column: a value continued on the next line ("DNS:localhost" under the first SAN). */
static void under(struct out *o, struct column c)
{
	pad(&o->d.en, 0, c.en, 0);
	if (i18n_translating())
		pad(&o->d.loc, 0, c.loc, 0);
}

/* ---- days ---- */

void certv_days(int64_t not_before, int64_t not_after, int64_t now, struct dtext *out)
{
	if (not_after < 0 || not_before < 0) {
		dtext_puts(out, N_("validity unknown"));
	} else if (now < not_before) {
		unsigned long long d = (unsigned long long)((not_before - now + 86399) / 86400);
		dtext_nprintf(out, "NOT VALID YET (starts in %llu day)", "NOT VALID YET (starts in %llu days)",
			      (unsigned long)d, d);
	} else if (now > not_after) {
		unsigned long long d = (unsigned long long)((now - not_after) / 86400);
		if (d == 0)
			dtext_puts(out, N_("EXPIRED today"));
		else
			dtext_nprintf(out, "EXPIRED %llu day ago", "EXPIRED %llu days ago", (unsigned long)d, d);
	} else {
		unsigned long long d = (unsigned long long)((not_after - now) / 86400);
		dtext_nprintf(out, "valid, %llu day left", "valid, %llu days left", (unsigned long)d, d);
	}
}

static bool has_reason(const struct tls_info *ti, const char *id)
{
	for (size_t i = 0; i < ti->nreasons; i++)
		if (ti->reasons[i].id && strcmp(ti->reasons[i].id, id) == 0)
			return true;
	return false;
}

bool certv_chain_incomplete(const struct tls_info *ti)
{
	if (ti == NULL || ti->nchain == 0)
		return false;
	return !ti->chain[ti->nchain - 1].self_signed && has_reason(ti, "signer-not-found");
}

static bool str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* What certificate i is in the chain (an English msgid). */
static const char *role_of(const struct tls_info *ti, size_t i)
{
	const struct cert_info *c = &ti->chain[i];
	if (i == 0)
		return c->self_signed ? N_("server certificate, self-signed") : N_("server certificate (leaf)");
	if (c->self_signed)
		return N_("root CA (self-signed)");
	if (c->is_ca > 0)
		return N_("intermediate CA");
	return c->is_ca == 0 ? N_("NOT a CA certificate") : N_("certificate without CA flag");
}

/* ---- the negotiated parameters ---- */

enum {
	S_VERSION,
	S_SUITE,
	S_BULK,
	S_KX,
	S_SIG,
	S_RESUMED,
	S_SNI,
	S_GNUTLS,
	S_NLABELS
};
/* TRANSLATORS: the labels of /tls's negotiated parameters, each followed by its value; the widest sets the
 * column where every value starts (measured, any length fits). */
static const struct label session_labels[S_NLABELS] = {
	[S_VERSION] = {N_("TLS version:"), 0},  [S_SUITE] = {N_("cipher suite:"), 0},
	[S_BULK] = {N_("bulk cipher:"), 2},     [S_KX] = {N_("key exchange:"), 0},
	[S_SIG] = {N_("signature scheme:"), 0}, [S_RESUMED] = {N_("resumed:"), 0},
	[S_SNI] = {N_("SNI sent:"), 0},         [S_GNUTLS] = {"GnuTLS:", 0},
};

void certv_session(const struct tls_info *ti, certv_fn fn, void *ctx)
{
	struct out o;
	out_init(&o, fn, ctx);
	if (ti == NULL) {
		dtext_puts(&o.d, N_("no TLS on this connection (yet): /starttls, or /connect HOST:465 tls"));
		emit(&o, CERTV_TEXT);
		out_free(&o);
		return;
	}
	struct column c = column_of(session_labels, S_NLABELS, 0, 1);
	const struct label *L = session_labels;
	label(&o, 0, &L[S_VERSION], c);
	esc_or(&o, ti->version, N_("(none)"));
	emit(&o, CERTV_TITLE);
	label(&o, 0, &L[S_SUITE], c);
	esc_or(&o, ti->suite ? ti->suite : ti->cipher, N_("(none)"));
	emit(&o, CERTV_TEXT);
	if (ti->suite && ti->cipher) {
		label(&o, 0, &L[S_BULK], c);
		esc(&o, ti->cipher);
		emit(&o, CERTV_DIM);
	}
	label(&o, 0, &L[S_KX], c);
	esc_or(&o, ti->kx_group, N_("(none)"));
	emit(&o, CERTV_TEXT);
	label(&o, 0, &L[S_SIG], c);
	esc_or(&o, ti->sig_scheme, N_("(none)"));
	emit(&o, CERTV_TEXT);
	label(&o, 0, &L[S_RESUMED], c);
	dtext_puts(&o.d, ti->resumed ? N_("yes (an earlier session was resumed)") : N_("no"));
	emit(&o, CERTV_TEXT);
	label(&o, 0, &L[S_SNI], c);
	esc_or(&o, ti->sni, N_("(none: connected by address)"));
	emit(&o, CERTV_TEXT);
	if (ti->description) {
		label(&o, 0, &L[S_GNUTLS], c);
		esc(&o, ti->description);
		emit(&o, CERTV_DIM);
	}
	if (ti->version && (strcmp(ti->version, "TLS1.0") == 0 || strcmp(ti->version, "TLS1.1") == 0 ||
			    strncmp(ti->version, "SSL", 3) == 0)) {
		char *v = escape_dup((const uint8_t *)ti->version, strlen(ti->version), ESCAPE_DEFAULT);
		dtext_printf(&o.d, "%s is obsolete and insecure (RFC 8996): the server should offer TLS 1.2 or 1.3", v);
		free(v);
		emit(&o, CERTV_BAD);
	}
	out_free(&o);
}

/* ---- the verdict ---- */

void certv_verdict(const struct tls_info *ti, int64_t now, certv_fn fn, void *ctx)
{
	(void)now;
	struct out o;
	out_init(&o, fn, ctx);
	if (ti == NULL) {
		out_free(&o);
		return;
	}
	char *name = ti->checked_name
			     ? escape_dup((const uint8_t *)ti->checked_name, strlen(ti->checked_name), ESCAPE_DEFAULT)
			     : NULL;
	if (ti->verified) {
		if (name)
			dtext_printf(&o.d, "certificate VERIFIED for %s", name);
		else
			dtext_puts(&o.d, N_("certificate VERIFIED (no name checked)"));
		emit(&o, CERTV_GOOD);
	} else {
		unsigned long n = (unsigned long)ti->nreasons;
		if (name && ti->verify_skipped)
			dtext_nprintf(&o.d, "certificate NOT verified for %s: %zu reason (--insecure: going on anyway)",
				      "certificate NOT verified for %s: %zu reasons (--insecure: going on anyway)", n,
				      name, ti->nreasons);
		else if (name)
			dtext_nprintf(&o.d, "certificate NOT verified for %s: %zu reason",
				      "certificate NOT verified for %s: %zu reasons", n, name, ti->nreasons);
		else if (ti->verify_skipped)
			dtext_nprintf(&o.d,
				      "certificate NOT verified (no name checked): %zu reason (--insecure: going on "
				      "anyway)",
				      "certificate NOT verified (no name checked): %zu reasons (--insecure: going on "
				      "anyway)",
				      n, ti->nreasons);
		else
			dtext_nprintf(&o.d, "certificate NOT verified (no name checked): %zu reason",
				      "certificate NOT verified (no name checked): %zu reasons", n, ti->nreasons);
		emit(&o, CERTV_BAD);
	}
	free(name);
	dtext_puts(&o.d, N_("trust store: "));
	/* core/tls.c names the system store in English; a CA file is a path. */
	if (ti->trust_store && strcmp(ti->trust_store, "system trust store") == 0)
		dtext_puts(&o.d, N_("system trust store"));
	else
		esc_or(&o, ti->trust_store, N_("(none)"));
	emit(&o, CERTV_TEXT);
	dtext_printf(&o.d, "GnuTLS status bits: 0x%x", ti->status);
	emit(&o, CERTV_DIM);
	for (size_t i = 0; i < ti->nreasons; i++) {
		const struct verify_reason *r = &ti->reasons[i];
		rawf(&o, "  - [%s] ", r->id ? r->id : "?");
		if (r->text)
			esc2(&o, r->text, verify_reason_text(r));
		/* A self-signed certificate and a name checked with nothing to check are notes, not errors. */
		emit(&o, ti->verified ? CERTV_WARN : CERTV_BAD);
		if (r->hint) {
			dtext_raw(&o.d, "      ");
			dtext_puts(&o.d, N_("cause and fix: "));
			esc2(&o, r->hint, verify_reason_hint(r));
			emit(&o, CERTV_HINT);
		}
		if (r->id && strcmp(r->id, "signer-not-found") == 0 && ti->nchain > 0) {
			const struct cert_info *top = &ti->chain[ti->nchain - 1];
			dtext_raw(&o.d, "      ");
			dtext_puts(&o.d, N_("issuer the client could not find: "));
			esc_or(&o, top->self_signed ? top->subject : top->issuer, N_("(none)"));
			emit(&o, CERTV_HINT);
			if (ti->trust_store && strcmp(ti->trust_store, "system trust store") == 0) {
				dtext_raw(&o.d, "      ");
				dtext_puts(&o.d, N_("if this server verified before, an unexpected issuer can also "
						    "mean a middlebox "
						    "(antivirus, corporate proxy) replaced its certificate"));
				emit(&o, CERTV_HINT);
			}
		}
	}
	if (ti->chain_out_of_order) {
		dtext_puts(&o.d,
			   N_("chain OUT OF ORDER: some certificate is not followed by its issuer (TLS 1.3 tolerates "
			      "it, older clients fail): send the leaf, then each issuer in turn"));
		emit(&o, CERTV_WARN);
	}
	if (certv_chain_incomplete(ti)) {
		dtext_puts(&o.d,
			   N_("chain INCOMPLETE for this trust store: the last certificate sent is not self-signed and "
			      "its issuer is in neither the chain nor the trust store; missing: "));
		esc_or(&o, ti->chain[ti->nchain - 1].issuer, N_("(none)"));
		emit(&o, CERTV_BAD);
		dtext_raw(&o.d, "      ");
		dtext_puts(&o.d, N_("cause and fix: "));
		dtext_puts(&o.d,
			   N_("an intermediate the server should send after its own certificate (in its certificate "
			      "file) is missing, or the missing issuer is a private CA: pass it with --tls-ca-path"));
		emit(&o, CERTV_HINT);
	}
	if (ti->nchain == 0) {
		dtext_puts(&o.d, N_("the server sent no certificate"));
		emit(&o, CERTV_BAD);
	}
	if (ti->ocsp_stapled) {
		/* The status and its check: core/tls-ocsp.c's words, in both languages. */
		dtext_puts(&o.d, N_("OCSP stapling: a response was stapled: "));
		ti->ocsp_status ? esc2(&o, ti->ocsp_status, ti->ocsp_status_loc) : dtext_puts(&o.d, N_("(unreadable)"));
		emit(&o, ti->ocsp_status && strncmp(ti->ocsp_status, "good", 4) == 0 ? CERTV_TEXT : CERTV_WARN);
		if (ti->ocsp_verify) {
			dtext_raw(&o.d, "  ");
			dtext_puts(&o.d, N_("the response: "));
			esc2(&o, ti->ocsp_verify, ti->ocsp_verify_loc);
			emit(&o, ti->ocsp_verified ? CERTV_TEXT : CERTV_WARN);
		}
	} else {
		bool urls = false;
		for (size_t i = 0; i < ti->nchain; i++)
			urls |= ti->chain[i].nocsp_urls > 0;
		dtext_puts(&o.d,
			   urls ? N_("OCSP stapling: no response stapled (a client would have to ask the responder "
				     "itself)")
				: N_("OCSP stapling: no response stapled"));
		emit(&o, CERTV_DIM);
	}
	out_free(&o);
}

/* ---- the chain and each certificate ---- */

void certv_chain_list(const struct tls_info *ti, int64_t now, certv_fn fn, void *ctx)
{
	struct out o;
	out_init(&o, fn, ctx);
	if (ti == NULL) {
		out_free(&o);
		return;
	}
	dtext_nprintf(&o.d, "chain as sent: %zu certificate", "chain as sent: %zu certificates",
		      (unsigned long)ti->nchain, ti->nchain);
	emit(&o, CERTV_TITLE);
	for (size_t i = 0; i < ti->nchain; i++) {
		const struct cert_info *c = &ti->chain[i];
		rawf(&o, "  [%zu] ", i);
		esc_or(&o, c->subject, N_("(unparseable certificate)"));
		dtext_raw(&o.d, "  (");
		dtext_puts(&o.d, role_of(ti, i));
		/* TRANSLATORS: joins a certificate's role and its validity in /cert's chain list: "(intermediate CA;
		 * valid, 40 days left)". Keep the spaces your typography puts around ';' (French: " ; "). */
		dtext_puts(&o.d, N_("; "));
		certv_days(c->not_before, c->not_after, now, &o.d);
		dtext_raw(&o.d, ")");
		bool bad = now > c->not_after || now < c->not_before;
		emit(&o, bad ? CERTV_BAD : CERTV_TEXT);
	}
	out_free(&o);
}

enum {
	C_SUBJECT,
	C_ISSUER,
	C_SANS,
	C_NOT_BEFORE,
	C_NOT_AFTER,
	C_VALIDITY,
	C_SERIAL,
	C_PUBKEY,
	C_SIG,
	C_KU,
	C_EKU,
	C_CA,
	C_SHA256,
	C_SPKI,
	C_OCSP,
	C_CRL,
	C_NLABELS
};
/* TRANSLATORS: the labels of a certificate's fields in the certificate inspector (F5, /cert), each followed by
 * its value; the widest sets the column where every value starts (measured, any length fits). */
static const struct label cert_labels[C_NLABELS] = {
	[C_SUBJECT] = {N_("subject:"), 0},
	[C_ISSUER] = {N_("issuer:"), 0},
	[C_SANS] = {N_("names (SAN):"), 0},
	[C_NOT_BEFORE] = {N_("not before:"), 0},
	[C_NOT_AFTER] = {N_("not after:"), 0},
	[C_VALIDITY] = {N_("validity:"), 0},
	[C_SERIAL] = {N_("serial:"), 0},
	[C_PUBKEY] = {N_("public key:"), 0},
	[C_SIG] = {N_("signature:"), 0},
	[C_KU] = {N_("key usage:"), 0},
	[C_EKU] = {N_("ext. usage:"), 0},
	[C_CA] = {"CA:", 0},
	[C_SHA256] = {"SHA-256:", 0},
	[C_SPKI] = {N_("SPKI pin:"), 0},
	[C_OCSP] = {"OCSP:", 0},
	[C_CRL] = {"CRL:", 0},
};
#define CERT_LEAD 4u

/* A list of URLs under one label, "(none)" when empty, "... and N more" past the limit. */
static void list(struct out *o, const struct label *l, struct column c, char *const *v, size_t n)
{
	if (n == 0) {
		label(o, CERT_LEAD, l, c);
		dtext_puts(&o->d, N_("(none)"));
		emit(o, CERTV_DIM);
		return;
	}
	for (size_t k = 0; k < n && k < CERTV_MAX_NAMES; k++) {
		label(o, CERT_LEAD, l, c);
		esc(o, v[k]);
		emit(o, CERTV_DIM);
	}
	if (n > CERTV_MAX_NAMES) {
		label(o, CERT_LEAD, l, c);
		dtext_printf(&o->d, "... and %zu more", n - CERTV_MAX_NAMES);
		emit(o, CERTV_DIM);
	}
}

/* A date as the certificate holds it, in UTC: ISO 8601 on the English side (JSON Lines, the same in every
 * language), the language's own convention on the translated side ("30/11/2026 00:53:20 UTC"). */
static void date_utc(struct out *o, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[48], loc[64];
	if (t < 0 || (int64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
		dtext_puts(&o->d, N_("(unknown)"));
		return;
	}
	dtext_en_printf(&o->d, "%s", s);
	if (i18n_translating())
		buf_append_str(&o->d.loc, i18n_datetime(loc, sizeof loc, tt) ? loc : s);
}

void certv_cert(const struct tls_info *ti, size_t i, int64_t now, certv_fn fn, void *ctx)
{
	if (ti == NULL || i >= ti->nchain)
		return;
	const struct cert_info *c = &ti->chain[i];
	const struct label *L = cert_labels;
	struct out o;
	out_init(&o, fn, ctx);
	dtext_en_printf(&o.d, "[%zu] certificate %zu of %zu: %s", i, i + 1, ti->nchain, role_of(ti, i));
	dtext_loc_printf(&o.d, N_("[%zu] certificate %zu of %zu: %s"), i, i + 1, ti->nchain, _(role_of(ti, i)));
	emit(&o, CERTV_TITLE);
	if (c->subject == NULL) {
		dtext_raw(&o.d, "    ");
		dtext_printf(&o.d,
			     "GnuTLS cannot parse this certificate (%zu bytes of DER); /cert text %zu or /cert save "
			     "FILE to look at it with other tools",
			     c->der_len, i);
		emit(&o, CERTV_BAD);
		out_free(&o);
		return;
	}
	struct column col = column_of(cert_labels, C_NLABELS, CERT_LEAD, 2);
	label(&o, CERT_LEAD, &L[C_SUBJECT], col);
	esc(&o, c->subject);
	emit(&o, CERTV_TEXT);
	label(&o, CERT_LEAD, &L[C_ISSUER], col);
	esc_or(&o, c->issuer, N_("(none)"));
	emit(&o, CERTV_TEXT);
	under(&o, col);
	if (c->self_signed) {
		dtext_puts(&o.d, N_("(self-signed: issuer and subject are the same)"));
		emit(&o, CERTV_TEXT);
	} else if (i + 1 < ti->nchain && str_eq(ti->chain[i + 1].subject, c->issuer)) {
		dtext_printf(&o.d, "(issued by [%zu], the next certificate sent)", i + 1);
		emit(&o, CERTV_DIM);
	} else if (i + 1 < ti->nchain) {
		dtext_printf(&o.d, "(NOT issued by [%zu], the next certificate sent: out of order)", i + 1);
		emit(&o, CERTV_WARN);
	} else {
		dtext_puts(&o.d, N_("(its issuer was not sent: it must be in the trust store)"));
		emit(&o, CERTV_DIM);
	}
	if (c->nsans == 0) {
		label(&o, CERT_LEAD, &L[C_SANS], col);
		dtext_puts(&o.d,
			   i == 0 ? N_("(none: only the subject CN, which modern clients ignore)") : N_("(none)"));
		emit(&o, CERTV_TEXT);
	}
	for (size_t k = 0; k < c->nsans && k < CERTV_MAX_NAMES; k++) {
		if (k)
			under(&o, col);
		else
			label(&o, CERT_LEAD, &L[C_SANS], col);
		esc(&o, c->sans[k]);
		emit(&o, CERTV_TEXT);
	}
	if (c->nsans > CERTV_MAX_NAMES) {
		under(&o, col);
		dtext_printf(&o.d, "... and %zu more", c->nsans - CERTV_MAX_NAMES);
		emit(&o, CERTV_TEXT);
	}
	label(&o, CERT_LEAD, &L[C_NOT_BEFORE], col);
	date_utc(&o, c->not_before);
	emit(&o, CERTV_TEXT);
	label(&o, CERT_LEAD, &L[C_NOT_AFTER], col);
	date_utc(&o, c->not_after);
	emit(&o, CERTV_TEXT);
	bool bad = c->not_after < 0 || now > c->not_after || now < c->not_before;
	label(&o, CERT_LEAD, &L[C_VALIDITY], col);
	certv_days(c->not_before, c->not_after, now, &o.d);
	emit(&o, bad ? CERTV_BAD : CERTV_GOOD);
	label(&o, CERT_LEAD, &L[C_SERIAL], col);
	esc_or(&o, c->serial, N_("(none)"));
	emit(&o, CERTV_TEXT);
	label(&o, CERT_LEAD, &L[C_PUBKEY], col);
	esc(&o, c->pk_algo ? c->pk_algo : "?");
	if (c->pk_bits)
		dtext_printf(&o.d, ", %u bits", c->pk_bits);
	emit(&o, CERTV_TEXT);
	label(&o, CERT_LEAD, &L[C_SIG], col);
	esc_or(&o, c->sig_algo, N_("(none)"));
	emit(&o, CERTV_TEXT);
	label(&o, CERT_LEAD, &L[C_KU], col);
	esc_or(&o, c->key_usage, N_("(not restricted)"));
	emit(&o, CERTV_TEXT);
	label(&o, CERT_LEAD, &L[C_EKU], col);
	esc_or(&o, c->ext_key_usage, N_("(not restricted)"));
	emit(&o, CERTV_TEXT);
	label(&o, CERT_LEAD, &L[C_CA], col);
	if (c->is_ca < 0)
		dtext_puts(&o.d, N_("(no basicConstraints)"));
	else if (c->is_ca == 0)
		dtext_puts(&o.d, N_("no"));
	else if (c->path_len >= 0)
		dtext_printf(&o.d, "yes, path length %d", c->path_len);
	else
		dtext_puts(&o.d, N_("yes, path length unlimited"));
	emit(&o, CERTV_TEXT);
	label(&o, CERT_LEAD, &L[C_SHA256], col);
	esc_or(&o, c->sha256, N_("(none)"));
	emit(&o, CERTV_DIM);
	label(&o, CERT_LEAD, &L[C_SPKI], col);
	esc_or(&o, c->spki_sha256, N_("(key type unknown to GnuTLS)"));
	emit(&o, CERTV_DIM);
	if (*c->spki_sha256) {
		under(&o, col);
		dtext_puts(&o.d, N_("(base64 SHA-256 of the public key; pin-sha256=\"...\" style)"));
		emit(&o, CERTV_DIM);
	}
	list(&o, &L[C_OCSP], col, c->ocsp_urls, c->nocsp_urls);
	list(&o, &L[C_CRL], col, c->crl_urls, c->ncrl_urls);
	out_free(&o);
}

void certv_dump(const struct cert_info *ci, certv_fn fn, void *ctx)
{
	struct out o;
	out_init(&o, fn, ctx);
	char *dump = ci && ci->der ? cert_text_dump(ci->der, ci->der_len) : NULL;
	if (dump == NULL) {
		dtext_puts(&o.d, N_("GnuTLS cannot describe this certificate"));
		emit(&o, CERTV_BAD);
		out_free(&o);
		return;
	}
	/* GnuTLS's own words (English): the same on both sides. */
	size_t nlines = 0;
	struct buf line;
	buf_init(&line, CERTV_MAX_LINE);
	for (char *p = dump; *p && nlines < CERTV_MAX_DUMP_LINES; nlines++) {
		size_t len = strcspn(p, "\n");
		buf_reset(&line);
		/* GnuTLS indents with tabs: expand them so every view aligns the same way. */
		for (size_t k = 0; k < len; k++) {
			if (p[k] == '\t')
				buf_append_str(&line, "    ");
			else
				escape_bytes(&line, (const uint8_t *)p + k, 1, ESCAPE_DEFAULT);
		}
		dtext_raw(&o.d, buf_cstr(&line));
		emit(&o, CERTV_TEXT);
		p += len;
		if (*p == '\n')
			p++;
	}
	buf_free(&line);
	free(dump);
	out_free(&o);
}

/* A certv_fn for the text views (see cmd-cert.h). */
void certv_to_dtext(void *ctx, enum certv_role role, const struct dtext *line)
{
	(void)role;
	struct dtext *d = ctx;
	if (d->en.len)
		dtext_raw(d, "\n");
	dtext_cat(d, line);
}
