/* tls-priority: the swaks-style --tls-protocol and --tls-cipher spellings turned into a GnuTLS priority string
 * (the options that restrict what we offer, to reproduce a version or cipher mismatch on purpose). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>

#include "core/tls.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* swaks --tls-protocol names; NULL: not supported by GnuTLS at all (asking for it is an error). */
static const struct proto_name {
	const char *name;
	const char *vers;
	bool old; /* needs %COMPAT for the old servers that still speak it */
} proto_names[] = {
	{"sslv2", NULL, true},
	{"sslv3", NULL, true},
	{"tlsv1", "VERS-TLS1.0", true},
	{"tlsv1_1", "VERS-TLS1.1", true},
	{"tlsv1_2", "VERS-TLS1.2", false},
	{"tlsv1_3", "VERS-TLS1.3", false},
};

const char *tls_protocol_name(size_t i)
{
	for (size_t k = 0; k < sizeof proto_names / sizeof proto_names[0]; k++)
		if (proto_names[k].vers && i-- == 0)
			return proto_names[k].name;
	return NULL;
}

/* Cipher spellings (OpenSSL, IANA or GnuTLS, with '-', '_' and case ignored) by the first pattern they contain.
 * Order matters: the more specific pattern first (CCM8 before CCM, GCM before plain CBC). */
static const struct cipher_pattern {
	const char *pattern;
	const char *gnutls;
} cipher_patterns[] = {
	{"CHACHA20", "CHACHA20-POLY1305"},
	{"AES128GCM", "AES-128-GCM"},
	{"AES256GCM", "AES-256-GCM"},
	{"AES128CCM8", "AES-128-CCM-8"},
	{"AES256CCM8", "AES-256-CCM-8"},
	{"AES128CCM", "AES-128-CCM"},
	{"AES256CCM", "AES-256-CCM"},
	{"AES128", "AES-128-CBC"},
	{"AES256", "AES-256-CBC"},
	{"CAMELLIA128GCM", "CAMELLIA-128-GCM"},
	{"CAMELLIA256GCM", "CAMELLIA-256-GCM"},
	{"CAMELLIA128", "CAMELLIA-128-CBC"},
	{"CAMELLIA256", "CAMELLIA-256-CBC"},
	{"DESCBC3", "3DES-CBC"},
	{"3DES", "3DES-CBC"},
	{"RC4", "ARCFOUR-128"},
};

const char *tls_cipher_from_name(const char *name)
{
	char norm[128];
	size_t n = 0;
	gnutls_cipher_algorithm_t id = gnutls_cipher_get_id(name);
	if (id != GNUTLS_CIPHER_UNKNOWN)
		return gnutls_cipher_get_name(id);
	for (const char *p = name; *p && n + 1 < sizeof norm; p++)
		if (*p != '-' && *p != '_')
			norm[n++] = (char)toupper((unsigned char)*p);
	norm[n] = '\0';
	for (size_t i = 0; i < sizeof cipher_patterns / sizeof cipher_patterns[0]; i++)
		if (strstr(norm, cipher_patterns[i].pattern))
			return cipher_patterns[i].gnutls;
	return NULL;
}

char *tls_priority_from_options(const char *protocols, const char *cipher, char **err)
{
	char *on = xstrdup(""), *off = xstrdup("");
	bool any_on = false, old = false;
	char *list = xstrdup(protocols ? protocols : ""), *save = NULL;

	/* *err goes to stderr only (main.c, before the session starts): in the user's language. */
	*err = NULL;
	for (char *tok = strtok_r(list, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		bool neg = strncasecmp(tok, "no_", 3) == 0 || strncasecmp(tok, "no-", 3) == 0;
		char *name = tok + (neg ? 3 : 0);
		for (char *p = name; *p; p++)
			*p = *p == '.' || *p == '-' ? '_' : (char)tolower((unsigned char)*p);
		const struct proto_name *pn = NULL;
		for (size_t i = 0; i < sizeof proto_names / sizeof proto_names[0]; i++)
			if (strcmp(name, proto_names[i].name) == 0)
				pn = &proto_names[i];
		if (pn == NULL) {
			*err = xasprintf(
				_("unknown TLS protocol \"%s\" (known: sslv2 sslv3 tlsv1 tlsv1_1 tlsv1_2 tlsv1_3, "
				  "each also as no_...)"),
				tok);
			goto fail;
		}
		if (pn->vers == NULL) {
			if (neg)
				continue; /* never offered anyway */
			*err = xasprintf(_("%s is not supported by GnuTLS"), pn->name);
			goto fail;
		}
		char **dst = neg ? &off : &on;
		char *s = xasprintf("%s:%c%s", *dst, neg ? '-' : '+', pn->vers);
		free(*dst);
		*dst = s;
		any_on |= !neg;
		old |= !neg && pn->old;
	}
	const char *cname = NULL;
	if (cipher && *cipher && (cname = tls_cipher_from_name(cipher)) == NULL) {
		*err = xasprintf(_("unknown cipher \"%s\" (use a GnuTLS name such as AES-128-GCM, or an OpenSSL/IANA "
				   "suite name)"),
				 cipher);
		goto fail;
	}
	char *prio = xasprintf("NORMAL%s%s%s%s%s%s", any_on ? ":-VERS-ALL" : "", on, off, cname ? ":-CIPHER-ALL:+" : "",
	                       cname ? cname : "", old ? ":%COMPAT" : "");
	free(on), free(off), free(list);
	return prio;
fail:
	free(on), free(off), free(list);
	return NULL;
}
