/* lab-auth: SMTP AUTH (RFC 4954) for the practice lab: PLAIN and LOGIN against the demo credentials, with the
 * scenario's rules (not offered on port 25, only inside TLS on submission). Decoded secrets are wiped after use. */
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lab/lab-smtp.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

static bool check_credentials(struct lab_smtp *s, const char *authzid, const char *user, const char *pass)
{
	bool ok = (authzid == NULL || *authzid == '\0' || strcmp(authzid, user) == 0) && strcmp(user, LAB_USER) == 0 &&
	          strcmp(pass, LAB_PASSWORD) == 0;
	char *euser = escape_dup((const uint8_t *)user, strnlen(user, 64), ESCAPE_DEFAULT);
	lab_smtp_set_state(s, LS_CMD);
	if (ok) {
		s->authed = true;
		if (!s->tls)
			lab_client_diag(s->c, "auth-in-cleartext",
					N_("the password crossed the network in plain text (base64 "
					   "is an encoding, not encryption): require TLS first"));
		lab_logf(s->x, N_("%s: authenticated as %s"), lab_client_name(s->c), euser);
		lab_smtp_reply(s, "235 2.7.0 Authentication successful");
	} else {
		lab_logf(s->x, N_("%s: authentication failed for \"%s\""), lab_client_name(s->c), euser);
		if (s->tls && !lab_who_diag(s, "auth-failed", LAB_WHO_LOGIN, NULL,
					    N_("the server refused the user name or password (535): TLS worked, the "
					       "credentials are what is wrong. Check them in %s: %s"),
					    NULL, NULL))
			lab_client_diag(s->c, "auth-failed",
					N_("the server refused the user name or password (535): TLS worked, the "
					   "credentials are what is wrong. Check the user name and password set in the "
					   "client"));
		if (!s->tls)
			lab_client_diag(
				s->c, "auth-failed-in-cleartext",
				N_("the login failed, and its password crossed the network in plain text all the same "
				   "(base64 is an encoding, not encryption): it is exposed even though it was wrong. "
				   "Require TLS in the client before it logs in"));
		if (++s->auth_failures >= LAB_MAX_AUTH_FAILS)
			lab_smtp_reply_close(s, "421 4.7.0 " LAB_HOSTNAME " Too many failed authentications, closing connection");
		else
			lab_smtp_reply(s, "535 5.7.8 Authentication credentials invalid (the lab's demo login is "
			                  LAB_USER " / " LAB_PASSWORD ")");
	}
	free(euser);
	return ok;
}

/* Base64 decode into a new NUL-terminated allocation; NULL when malformed. */
static char *b64_decode(const char *text, size_t *len)
{
	gnutls_datum_t in = {(unsigned char *)text, (unsigned)strlen(text)}, out = {NULL, 0};
	if (*text == '\0' || strcmp(text, "=") == 0) { /* RFC 4954: "=" is an empty initial response */
		*len = 0;
		return xstrdup("");
	}
	if (gnutls_base64_decode2(&in, &out) < 0)
		return NULL;
	char *s = xmemdup0(out.data, out.size);
	*len = out.size;
	gnutls_memset(out.data, 0, out.size);
	gnutls_free(out.data);
	return s;
}

static void wipe_free(char *p, size_t n)
{
	if (p) {
		explicit_bzero(p, n);
		free(p);
	}
}

static void auth_plain(struct lab_smtp *s, const char *resp)
{
	size_t n;
	char *d = b64_decode(resp, &n);
	if (d == NULL) {
		lab_smtp_set_state(s, LS_CMD);
		lab_smtp_reply(s, "501 5.5.2 Cannot decode the response (base64 of authzid NUL user NUL password)");
		return;
	}
	/* authzid \0 authcid \0 passwd: exactly two NULs. */
	char *nul1 = memchr(d, '\0', n);
	char *nul2 = nul1 ? memchr(nul1 + 1, '\0', n - (size_t)(nul1 + 1 - d)) : NULL;
	if (nul1 == NULL || nul2 == NULL || memchr(nul2 + 1, '\0', n - (size_t)(nul2 + 1 - d)) != NULL) {
		lab_smtp_set_state(s, LS_CMD);
		lab_smtp_reply(s, "501 5.5.2 Malformed PLAIN response: it must be authzid NUL user NUL password");
	} else {
		check_credentials(s, d, nul1 + 1, nul2 + 1);
	}
	wipe_free(d, n);
}

void lab_smtp_cmd_auth(struct lab_smtp *s, const char *args)
{
	if (!lab_smtp_has(s, LAB_F_AUTH)) {
		lab_smtp_reply(s, "503 5.5.1 AUTH is not offered here: port 25 takes mail for its own domains without a "
		                  "login; authenticate on a submission port (scenario submission)");
		return;
	}
	if (lab_smtp_has(s, LAB_F_AUTH_NEEDS_TLS) && !s->tls) {
		if (!lab_who_diag(s, "auth-before-starttls", LAB_WHO_STARTTLS, NULL,
				  N_("AUTH before STARTTLS: the server offers AUTH only inside TLS, so the client "
				     "must run STARTTLS (and EHLO again) first. In %s: %s"),
				  NULL, NULL))
			lab_client_diag(s->c, "auth-before-starttls",
					N_("AUTH before STARTTLS: the server offers AUTH only inside "
					   "TLS, so the client must run STARTTLS (and EHLO again) first"));
		lab_smtp_reply(s, "530 5.7.0 Must issue a STARTTLS command first (a password must never cross the "
		                  "network in plain text)");
		return;
	}
	if (!s->helo_done) {
		lab_smtp_reply(s, "503 5.5.1 Send EHLO first");
		return;
	}
	if (s->authed) {
		lab_smtp_reply(s, "503 5.5.1 Already authenticated");
		return;
	}
	if (s->has_mail) {
		lab_smtp_reply(s, "503 5.5.1 AUTH is not allowed during a mail transaction (RSET first)");
		return;
	}
	char mech[32];
	const char *sp = strchr(args, ' ');
	size_t ml = sp ? (size_t)(sp - args) : strlen(args);
	snprintf(mech, sizeof mech, "%.*s", (int)(ml < sizeof mech ? ml : sizeof mech - 1), args);
	const char *ir = sp ? sp + 1 : NULL;
	if (strcasecmp(mech, "PLAIN") == 0) {
		if (ir) {
			auth_plain(s, ir);
		} else {
			lab_smtp_set_state(s, LS_AUTH_PLAIN);
			lab_smtp_reply(s, "334 ");
		}
	} else if (strcasecmp(mech, "LOGIN") == 0) {
		if (ir) {
			size_t n;
			s->login_user = b64_decode(ir, &n);
			if (s->login_user == NULL) {
				lab_smtp_reply(s, "501 5.5.2 Cannot decode the initial response (base64)");
				return;
			}
			lab_smtp_set_state(s, LS_AUTH_PASS);
			lab_smtp_reply(s, "334 UGFzc3dvcmQ6"); /* "Password:" */
		} else {
			lab_smtp_set_state(s, LS_AUTH_USER);
			lab_smtp_reply(s, "334 VXNlcm5hbWU6"); /* "Username:" */
		}
	} else {
		lab_smtp_reply(s, "504 5.5.4 Unrecognized authentication type (this server offers PLAIN and LOGIN)");
	}
}

/* A line while an AUTH exchange is waiting for the client. */
void lab_smtp_auth_response(struct lab_smtp *s, const char *line)
{
	if (strcmp(line, "*") == 0) {
		free(s->login_user);
		s->login_user = NULL;
		lab_smtp_set_state(s, LS_CMD);
		lab_smtp_reply(s, "501 5.0.0 Authentication cancelled");
		return;
	}
	if (s->state == LS_AUTH_PLAIN) {
		auth_plain(s, line);
	} else if (s->state == LS_AUTH_USER) {
		size_t n;
		s->login_user = b64_decode(line, &n);
		if (s->login_user == NULL) {
			lab_smtp_set_state(s, LS_CMD);
			lab_smtp_reply(s, "501 5.5.2 Cannot decode the user name (base64)");
			return;
		}
		lab_smtp_set_state(s, LS_AUTH_PASS);
		lab_smtp_reply(s, "334 UGFzc3dvcmQ6");
	} else {
		size_t n;
		char *pass = b64_decode(line, &n);
		if (pass == NULL) {
			lab_smtp_set_state(s, LS_CMD);
			lab_smtp_reply(s, "501 5.5.2 Cannot decode the password (base64)");
		} else {
			check_credentials(s, NULL, s->login_user, pass);
			wipe_free(pass, n);
		}
		free(s->login_user);
		s->login_user = NULL;
	}
}
