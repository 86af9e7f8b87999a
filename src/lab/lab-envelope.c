/* lab-envelope: MAIL FROM and RCPT TO for the practice lab: path syntax, parameters (SIZE, BODY, SMTPUTF8),
 * address checks (no control characters, UTF-8 only with SMTPUTF8) and the relay rule of each scenario. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lab/lab-smtp.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* Parse "FROM:<path> params" (keyword "FROM" or "TO"): returns the path (allocated) and points *params at what
 * follows, or NULL with a reply already sent. Accepts a space after the colon as Postfix and Exim do. */
static char *parse_path(struct lab_smtp *s, const char *args, const char *kw, const char **params)
{
	size_t kl = strlen(kw);
	const char *usage = kl == 4 ? "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]"
				    : "501 5.5.4 Syntax: RCPT TO:<address> [parameters]";
	if (strncasecmp(args, kw, kl) != 0 || args[kl] != ':') {
		lab_smtp_reply(s, "%s", usage);
		return NULL;
	}
	const char *p = args + kl + 1;
	while (*p == ' ')
		p++;
	if (*p != '<') {
		lab_smtp_reply(s, "%s (the address goes in angle brackets)", usage);
		return NULL;
	}
	const char *end = strchr(p, '>');
	if (end == NULL) {
		lab_smtp_reply(s, "%s (no closing '>')", usage);
		return NULL;
	}
	size_t n = (size_t)(end - p - 1);
	if (n > LAB_PATH_MAX) {
		lab_smtp_reply(s, "501 5.1.%d Address too long (RFC 5321 allows 256 octets)", kl == 4 ? 7 : 3);
		return NULL;
	}
	*params = end + 1;
	while (**params == ' ')
		(*params)++;
	return xstrndup(p + 1, n);
}

static bool is_ascii(const char *p)
{
	for (; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return false;
	return true;
}

/* Well-formed UTF-8 (no overlongs, no surrogates), so a SMTPUTF8 address never smuggles garbage into a file. */
static bool is_utf8(const unsigned char *p)
{
	while (*p) {
		unsigned c = *p, n = c < 0x80             ? 0
				     : (c & 0xe0) == 0xc0 ? 1
				     : (c & 0xf0) == 0xe0 ? 2
				     : (c & 0xf8) == 0xf0 ? 3
							  : 9;
		if (n == 9 || c == 0xc0 || c == 0xc1 || c > 0xf4)
			return false;
		for (unsigned i = 1; i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0) || (c == 0xf0 && p[1] < 0x90) ||
		    (c == 0xf4 && p[1] >= 0x90))
			return false;
		p += n + 1;
	}
	return true;
}

/* Address checks shared by MAIL and RCPT; false with a reply sent. */
static bool check_address(struct lab_smtp *s, const char *a, bool sender, bool utf8)
{
	int sub = sender ? 7 : 3; /* X.1.7 bad sender syntax, X.1.3 bad destination syntax */
	for (const char *p = a; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '<' || *p == '>') {
			lab_smtp_reply(s, "553 5.1.%d Control characters or brackets inside the address", sub);
			return false;
		}
	if (!is_ascii(a)) {
		if (!utf8) {
			lab_smtp_reply(s, "553 5.6.7 Non-ASCII address without SMTPUTF8: add SMTPUTF8 to MAIL FROM "
					  "(RFC 6531)");
			return false;
		}
		if (!is_utf8((const unsigned char *)a)) {
			lab_smtp_reply(s, "553 5.6.7 The address is not valid UTF-8");
			return false;
		}
	}
	if (*a && strcasecmp(a, "postmaster") != 0) {
		const char *at = strrchr(a, '@');
		if (at == NULL || at == a || at[1] == '\0') {
			lab_smtp_reply(s, "553 5.1.%d Address must be local-part@domain", sub);
			return false;
		}
	}
	return true;
}

/* MAIL parameters: SIZE, BODY, SMTPUTF8, AUTH; false with a reply sent. */
static bool mail_params(struct lab_smtp *s, const char *params)
{
	char tmp[LAB_LINE_MAX];
	snprintf(tmp, sizeof tmp, "%s", params);
	for (char *save = NULL, *p = strtok_r(tmp, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		if (!s->esmtp) {
			lab_smtp_reply(s, "555 5.5.4 Parameters need EHLO, not HELO");
			return false;
		}
		if (strncasecmp(p, "SIZE=", 5) == 0) {
			char *end;
			unsigned long long v = strtoull(p + 5, &end, 10);
			if (*end || end == p + 5) {
				lab_smtp_reply(s, "501 5.5.4 Bad SIZE value");
				return false;
			}
			if (v > LAB_MAX_MESSAGE) {
				lab_smtp_reply(s, "552 5.3.4 Message size exceeds fixed limit (SIZE %u)",
					       LAB_MAX_MESSAGE);
				return false;
			}
		} else if (strcasecmp(p, "BODY=7BIT") == 0 || strcasecmp(p, "BODY=8BITMIME") == 0) {
		} else if (strcasecmp(p, "SMTPUTF8") == 0) {
			s->smtputf8 = true;
		} else if (strncasecmp(p, "AUTH=", 5) == 0) {
		} else {
			char e[64];
			lab_smtp_printable(e, sizeof e, p);
			lab_smtp_reply(s, "555 5.5.4 Unsupported parameter %s (not advertised in EHLO)", e);
			return false;
		}
	}
	return true;
}

void lab_smtp_cmd_mail(struct lab_smtp *s, const char *args)
{
	const char *params;
	if (!s->helo_done) {
		lab_smtp_reply(s, "503 5.5.1 Send EHLO or HELO first");
		return;
	}
	if (s->has_mail) {
		lab_smtp_reply(s, "503 5.5.1 Nested MAIL command (RSET to start over)");
		return;
	}
	if (lab_smtp_has(s, LAB_F_MAIL_NEEDS_AUTH) && !s->authed) {
		/* curl --user without --ssl-reqd: AUTH is not offered in plain text, so it skips the login and tries
		 * to send; the 530 alone would not say that TLS is the missing step. */
		if (!s->tls && lab_smtp_has(s, LAB_F_STARTTLS) && lab_smtp_has(s, LAB_F_AUTH_NEEDS_TLS) &&
		    !lab_who_diag(
			    s, "no-starttls-for-auth", LAB_WHO_STARTTLS, NULL,
			    N_("the client tried to send without logging in (530): this server offers AUTH only "
			       "inside TLS and the client never ran STARTTLS, so it could not log in. Enable "
			       "STARTTLS in %s: %s; then it can log in with the user name and password set in it"),
			    NULL, NULL))
			lab_client_diag(
				s->c, "no-starttls-for-auth",
				N_("the client tried to send without logging in (530): this server offers AUTH only "
				   "inside TLS and the client never ran STARTTLS, so it could not log in. Enable "
				   "STARTTLS (port 587) or implicit TLS (port 465) in the client; then it can log in "
				   "with the user name and password set in it"));
		lab_smtp_reply(s, "530 5.7.0 Authentication required: this is a submission service, log in with AUTH "
				  "first");
		return;
	}
	char *from = parse_path(s, args, "FROM", &params);
	if (from == NULL)
		return;
	s->smtputf8 = false;
	if (!mail_params(s, params) || !check_address(s, from, true, s->smtputf8)) {
		free(from);
		s->smtputf8 = false;
		return;
	}
	s->from = from;
	s->has_mail = true;
	lab_smtp_reply(s, "250 2.1.0 Sender ok");
}

void lab_smtp_cmd_rcpt(struct lab_smtp *s, const char *args)
{
	const char *params;
	if (!s->has_mail) {
		lab_smtp_reply(s, "503 5.5.1 Need MAIL before RCPT");
		return;
	}
	char *to = parse_path(s, args, "TO", &params);
	if (to == NULL)
		return;
	if (*params) {
		lab_smtp_reply(s, "555 5.5.4 RCPT parameters are not supported here (no DSN)");
	} else if (*to == '\0') {
		lab_smtp_reply(s, "501 5.1.3 An empty recipient <> is only valid as a sender");
	} else if (!check_address(s, to, false, s->smtputf8)) {
	} else if (s->nrcpts >= LAB_MAX_RCPTS) {
		lab_smtp_reply(s, "452 4.5.3 Too many recipients (send the rest in another transaction)");
	} else if (!lab_is_local(to) && lab_smtp_has(s, LAB_F_RELAY_NEEDS_AUTH) && !s->authed) {
		const char *dom = strchr(to, '@') ? strchr(to, '@') + 1 : to;
		if (lab_smtp_has(s, LAB_F_AUTH))
			lab_client_diag(
				s->c, "relay-denied",
				N_("the client asked to relay to another domain (%.64s) without logging in: this "
				   "server takes mail only for %s from strangers. Set the client to log in (AUTH, "
				   "with STARTTLS) before it sends"),
				dom, LAB_DOMAIN);
		else
			lab_client_diag(
				s->c, "relay-denied",
				N_("the client asked to relay to another domain (%.64s) without logging in: this "
				   "server takes mail only for %s from strangers. Send through a submission server "
				   "where it can log in (port 587)"),
				dom, LAB_DOMAIN);
		lab_smtp_reply(s, "550 5.7.1 Relaying denied: this server only accepts mail for %s%s", LAB_DOMAIN,
			       lab_smtp_has(s, LAB_F_AUTH) ? " unless you authenticate" : "");
	} else {
		int wait = lab_smtp_has(s, LAB_F_GREYLIST) ? lab_greylist_check(s, to) : 0;
		if (wait > 0) {
			lab_smtp_reply(s,
				       "451 4.7.1 Greylisted: this sender and recipient are new here, please "
				       "try again in %d seconds",
				       wait);
		} else {
			s->rcpts[s->nrcpts++] = to;
			lab_smtp_reply(s, "250 2.1.5 Recipient ok%s",
				       lab_is_local(to) ? "" : " (relayed mail stays in the lab's Maildir)");
			return;
		}
	}
	free(to);
}
