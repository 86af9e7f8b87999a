/* lab-who: which mail program is on the other end, read from what it does: the case of its verbs, its EHLO name,
 * the parameters it puts on MAIL, the header its mailer writes. Listen mode's hints then name the setting in that
 * program's own words (msmtp's tls_starttls, curl's --ssl-reqd) instead of a generic "enable STARTTLS". Only
 * marks that real clients were seen to leave are used (tests/integration/test-listen-clients-who); a guess from a
 * common default (msmtp's EHLO localhost) is said to be one. Knowledge as tables: one row per program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lab/lab-smtp.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

struct who {
	const char *id;   /* stable, for JSON ("msmtp") */
	const char *name; /* as people write it */
	/* Its own words for each setting (English msgids; TRUST takes the CA file's path once). */
	const char *setting[LAB_WHO_NSETTINGS];
};

static const struct who programs[] = {
	[LAB_WHO_CURL] = {"curl",
			  "curl",
			  {[LAB_WHO_STARTTLS] = N_("--ssl-reqd (with an smtp:// URL)"),
			   [LAB_WHO_TRUST] = "--cacert %s",
			   [LAB_WHO_LOGIN] = N_("--user NAME:PASSWORD")}},
	[LAB_WHO_MSMTP] = {"msmtp",
			   "msmtp",
			   {[LAB_WHO_STARTTLS] = N_("tls on and tls_starttls on (--tls=on --tls-starttls=on)"),
			    [LAB_WHO_TRUST] = "tls_trust_file %s (--tls-trust-file)",
			    [LAB_WHO_LOGIN] = N_("user and password or passwordeval (--user, --passwordeval)")}},
	[LAB_WHO_SWAKS] = {"swaks",
			   "swaks",
			   {[LAB_WHO_STARTTLS] = "--tls",
			    [LAB_WHO_TRUST] = "--tls-ca-path %s",
			    [LAB_WHO_LOGIN] = N_("--auth-user and --auth-password")}},
	[LAB_WHO_PYTHON] = {"python-smtplib",
			    "Python smtplib",
			    {[LAB_WHO_STARTTLS] = N_("call starttls() before login()"),
			     [LAB_WHO_TRUST] = "starttls(context=ssl.create_default_context(cafile=\"%s\"))",
			     [LAB_WHO_LOGIN] = N_("the user name and password given to login()")}},
	[LAB_WHO_SNAIL] = {"s-nail",
			   "s-nail",
			   {[LAB_WHO_STARTTLS] = "-S smtp-use-starttls",
			    [LAB_WHO_TRUST] = "-S tls-ca-file=%s",
			    [LAB_WHO_LOGIN] = N_("the user and password in the mta URL (smtp://USER:PASSWORD@HOST)")}},
	[LAB_WHO_OPENSSL] = {"openssl-s_client",
			     "openssl s_client",
			     {[LAB_WHO_STARTTLS] = "-starttls smtp",
			      [LAB_WHO_TRUST] = "-CAfile %s",
			      [LAB_WHO_LOGIN] = N_(
				      "the base64 you typed after AUTH PLAIN (NUL, user name, NUL, password)")}},
	/* Known only from the header their mailer writes, after DATA: named, with no setting of theirs. */
	[LAB_WHO_THUNDERBIRD] = {"thunderbird", "Thunderbird", {NULL}},
	[LAB_WHO_OUTLOOK] = {"outlook", "Microsoft Outlook", {NULL}},
};

/* Recognised: say so once, with the evidence, so the person watching can tell a wrong guess. */
static void recognised(struct lab_smtp *s, enum lab_who_id who, bool sure, const char *why)
{
	if (s->who == who || (s->who != LAB_WHO_UNKNOWN && s->who_sure && !sure))
		return;
	s->who = who;
	s->who_sure = sure;
	struct dtext d;
	dtext_init(&d, 256);
	const char *fmt = sure ? N_("this client is %s: %s") : N_("this client is probably %s: %s");
	buf_printf(&d.en, fmt, programs[who].name, why);
	if (i18n_translating())
		buf_printf(&d.loc, _(fmt), programs[who].name, _(why));
	lab_client_note(s->c, "client-program", &d);
	dtext_free(&d);
}

/* swaks and s-nail leave no mark before DATA (looked for with swaks 20201014.0 and s-nail 14.9.24 on Debian 12):
 * both send EHLO with the machine's host name (s-nail HELO when it needs no extension), both write their verbs in
 * upper case, and MAIL FROM:<...> with no parameter, as msmtp does too. Their X-Mailer and User-Agent
 * (header_marks below) are the first reliable sign. */
void lab_who_command(struct lab_smtp *s, const char *line, size_t verb_len)
{
	bool hello = verb_len == 4 && (strncasecmp(line, "EHLO", 4) == 0 || strncasecmp(line, "HELO", 4) == 0);
	if (hello && (strncmp(line, "ehlo", 4) == 0 || strncmp(line, "helo", 4) == 0)) {
		/* smtplib writes its verbs as it names its methods: "ehlo", "mail FROM:", "rcpt TO:", "data" */
		recognised(s, LAB_WHO_PYTHON, true, N_("it sends its commands in lower case (ehlo, mail, rcpt)"));
		return;
	}
	const char *arg = line + verb_len + (line[verb_len] == ' ');
	if (hello && (strcmp(arg, "mail.example.com") == 0 || strcmp(arg, "openssl.client.net") == 0))
		recognised(s, LAB_WHO_OPENSSL, true,
			   N_("its EHLO name is the one s_client -starttls smtp uses unless told (mail.example.com; "
			      "openssl.client.net in older versions)"));
	else if (hello && strcmp(line, "EHLO localhost") == 0)
		recognised(s, LAB_WHO_MSMTP, false, N_("EHLO localhost is msmtp's default (its domain setting)"));
	else if (verb_len == 4 && strncmp(line, "MAIL", 4) == 0 && strstr(arg, " SIZE=") && !strstr(arg, " BODY="))
		/* curl states the upload's size, and only that; Thunderbird adds BODY=8BITMIME */
		recognised(s, LAB_WHO_CURL, false, N_("MAIL FROM with SIZE= and nothing else is what curl sends"));
}

/* The header's name, then the words in its value that give the program away. */
static const struct {
	const char *header;
	const char *needle;
	enum lab_who_id who;
} header_marks[] = {
	{"X-Mailer:", "swaks", LAB_WHO_SWAKS},
	{"User-Agent:", "s-nail", LAB_WHO_SNAIL},
	{"User-Agent:", "Thunderbird", LAB_WHO_THUNDERBIRD},
	{"X-Mailer:", "Microsoft Outlook", LAB_WHO_OUTLOOK},
};

static void header_line(struct lab_smtp *s, const char *line, size_t len)
{
	for (size_t i = 0; i < sizeof header_marks / sizeof header_marks[0]; i++) {
		size_t hl = strlen(header_marks[i].header);
		if (len <= hl || strncasecmp(line, header_marks[i].header, hl) != 0)
			continue;
		char value[256];
		snprintf(value, sizeof value, "%.*s", (int)(len - hl < 255 ? len - hl : 255), line + hl);
		if (strstr(value, header_marks[i].needle))
			recognised(s, header_marks[i].who, true,
				   header_marks[i].header[0] == 'X' ? N_("its message names it in X-Mailer")
								    : N_("its message names it in User-Agent"));
	}
}

void lab_who_message(struct lab_smtp *s, const uint8_t *msg, size_t len)
{
	/* The header ends at the first empty line; only its first 64 KiB are looked at. */
	const char *p = (const char *)msg, *end = p + (len < 65536 ? len : 65536);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0)
			return;
		header_line(s, p, n);
		if (eol == NULL)
			return;
		p = eol + 1;
	}
}

bool lab_who_setting(const struct lab_smtp *s, enum lab_who_setting what, const char *arg, struct dtext *out)
{
	if (s->who == LAB_WHO_UNKNOWN || programs[s->who].setting[what] == NULL)
		return false;
	const char *fmt = programs[s->who].setting[what];
	/* Each setting is a whole format of its own (a path at most), so both languages are built the same way. */
	if (strstr(fmt, "%s")) {
		buf_printf(&out->en, fmt, arg);
		if (i18n_translating())
			buf_printf(&out->loc, _(fmt), arg);
	} else {
		buf_append_str(&out->en, fmt);
		if (i18n_translating())
			buf_append_str(&out->loc, _(fmt));
	}
	return true;
}

static void print_strings(struct buf *b, const char *fmt, const char *const *v, int n)
{
	switch (n) {
	case 2: buf_printf(b, fmt, v[0], v[1]); break;
	case 3: buf_printf(b, fmt, v[0], v[1], v[2]); break;
	default: buf_printf(b, fmt, v[0], v[1], v[2], v[3]); break;
	}
}

bool lab_who_diag(struct lab_smtp *s, const char *id, enum lab_who_setting what, const char *arg, const char *fmt,
		  const char *lead1, const char *lead2)
{
	return lab_who_diag_loc(s, id, what, arg, fmt, lead1, lead2, lead2);
}

bool lab_who_diag_loc(struct lab_smtp *s, const char *id, enum lab_who_setting what, const char *arg, const char *fmt,
		      const char *lead1, const char *lead2, const char *lead2_loc)
{
	struct dtext set;
	dtext_init(&set, 1024);
	if (!lab_who_setting(s, what, arg, &set)) {
		dtext_free(&set);
		return false;
	}
	const char *en[4], *loc[4];
	int n = 0;
	for (const char *const *l = (const char *const[]){lead1, lead2}; n < 2 && l[n]; n++)
		en[n] = loc[n] = l[n];
	if (n == 2 && lead2_loc)
		loc[1] = lead2_loc;
	en[n] = loc[n] = programs[s->who].name;
	en[n + 1] = dtext_en(&set);
	loc[n + 1] = dtext_loc(&set);
	struct dtext d;
	dtext_init(&d, 2048);
	print_strings(&d.en, fmt, en, n + 2);
	if (i18n_translating())
		print_strings(&d.loc, _(fmt), loc, n + 2);
	lab_client_diagd(s->c, id, &d);
	dtext_free(&d);
	dtext_free(&set);
	return true;
}

const char *lab_who_name(const struct lab_smtp *s)
{
	return s->who == LAB_WHO_UNKNOWN ? NULL : programs[s->who].name;
}

const char *lab_who_id(const struct lab_smtp *s)
{
	return s->who == LAB_WHO_UNKNOWN ? NULL : programs[s->who].id;
}
