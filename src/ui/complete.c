/* complete: Tab completion candidates (see complete.h). Verbs come from a table here; console commands from the
 * console's own command table; keywords from the last EHLO, so completion offers what this server supports. */
#include "ui/complete.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd-lab.h"
#include "cmd/console.h"
#include "cmd/options.h"
#include "core/sasl.h"

static const char *const verbs[] = {
	"AUTH ", "BDAT ", "DATA", "EHLO ", "ETRN ", "EXPN ", "HELO ", "HELP", "MAIL FROM:<", "NOOP", "QUIT",
	"RCPT TO:<", "RSET", "STARTTLS", "VRFY ",
};

/* Listen mode: the highest client number seen (complete_set_clients). */
static unsigned long complete_clients;

void complete_set_clients(unsigned long n)
{
	complete_clients = n;
}

static void add(struct completion *c, const char *prefix, size_t plen, const char *cand, bool lower)
{
	if (c->n >= COMPLETE_MAX || strlen(cand) >= COMPLETE_LEN || strncasecmp(cand, prefix, plen) != 0)
		return;
	char tmp[COMPLETE_LEN];
	snprintf(tmp, sizeof tmp, "%s", cand);
	if (lower)
		for (char *p = tmp; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->cand[i], tmp) == 0)
			return;
	snprintf(c->cand[c->n++], COMPLETE_LEN, "%s", tmp);
}

/* Parameters of MAIL FROM / RCPT TO this server allows (RFC 1870, 6152, 6531, 3461, 3030, 8689): only those of
 * extensions it advertised, so none before its EHLO reply. */
static void add_params(struct completion *c, const char *verb, const char *pre, size_t plen, const struct caps *caps,
                       bool lower)
{
	bool mail = strcasecmp(verb, "MAIL") == 0;
	if (mail) {
		if (caps && caps_find(caps, "SIZE"))
			add(c, pre, plen, "SIZE=", lower);
		if (caps && caps_find(caps, "8BITMIME"))
			add(c, pre, plen, "BODY=8BITMIME", lower);
		if (caps && caps_find(caps, "BINARYMIME"))
			add(c, pre, plen, "BODY=BINARYMIME", lower);
		if (caps && caps_find(caps, "SMTPUTF8"))
			add(c, pre, plen, "SMTPUTF8", lower);
		if (caps && caps_find(caps, "DSN")) {
			add(c, pre, plen, "RET=FULL", lower);
			add(c, pre, plen, "RET=HDRS", lower);
			add(c, pre, plen, "ENVID=", lower);
		}
		if (caps && caps_find(caps, "REQUIRETLS"))
			add(c, pre, plen, "REQUIRETLS", lower);
	} else if (caps && caps_find(caps, "DSN")) {
		add(c, pre, plen, "NOTIFY=SUCCESS,FAILURE,DELAY", lower);
		add(c, pre, plen, "NOTIFY=NEVER", lower);
		add(c, pre, plen, "ORCPT=rfc822;", lower);
	}
}

static void common_prefix(struct completion *c)
{
	c->common[0] = '\0';
	if (c->n == 0)
		return;
	size_t k = strlen(c->cand[0]);
	for (size_t i = 1; i < c->n; i++) {
		size_t j = 0;
		while (j < k && c->cand[i][j] && tolower((unsigned char)c->cand[i][j]) == tolower((unsigned char)c->cand[0][j]))
			j++;
		k = j;
	}
	memcpy(c->common, c->cand[0], k);
	c->common[k] = '\0';
}

void complete_line(const char *line, size_t cur, const struct caps *caps, struct completion *out)
{
	memset(out, 0, sizeof *out);
	size_t start = cur;
	while (start > 0 && line[start - 1] != ' ')
		start--;
	out->start = start;
	const char *pre = line + start;
	size_t plen = cur - start;
	bool lower = plen > 0;
	for (size_t i = 0; i < plen; i++)
		if (isupper((unsigned char)pre[i]) || pre[i] == '/')
			lower = false;
	if (plen > 0 && pre[0] == '/')
		lower = false;

	/* The first word of the line. */
	size_t fw = 0;
	while (line[fw] == ' ')
		fw++;
	bool first_word = start <= fw;
	char verb[32] = "";
	size_t vl = 0;
	while (!first_word && line[fw + vl] && line[fw + vl] != ' ' && vl < sizeof verb - 1) {
		verb[vl] = line[fw + vl];
		vl++;
	}
	verb[vl] = '\0';

	if (first_word) {
		if (plen > 0 && pre[0] == '/') {
			for (const struct console_cmd_info *ci = console_commands(); ci && ci->name; ci++) {
				char name[COMPLETE_LEN];
				snprintf(name, sizeof name, "/%s", ci->name);
				add(out, pre, plen, name, false);
			}
		} else {
			for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
				add(out, pre, plen, verbs[i], lower);
			/* Verbs the server advertises as keywords of its own (ATRN, XCLIENT, ...). */
			for (size_t i = 0; caps && i < caps->n; i++)
				if (caps->v[i].name[0] == 'X' || strcmp(caps->v[i].name, "ATRN") == 0)
					add(out, pre, plen, caps->v[i].name, lower);
		}
	} else if (strcasecmp(verb, "AUTH") == 0) {
		const struct cap *a = caps ? caps_find(caps, "AUTH") : NULL;
		if (a) {
			char params[512];
			snprintf(params, sizeof params, "%s", a->params);
			char *save = NULL;
			for (char *w = strtok_r(params, " ", &save); w; w = strtok_r(NULL, " ", &save))
				add(out, pre, plen, w, lower);
		} else {
			add(out, pre, plen, "PLAIN", lower);
			add(out, pre, plen, "LOGIN", lower);
		}
	} else if (strcasecmp(verb, "/set") == 0) {
		/* The option's name, then (for a flag or the theme) its values. */
		size_t words = 0;
		for (size_t i = fw; i < start; i++)
			if (line[i] == ' ' && line[i + 1] != ' ')
				words++;
		if (words == 1) {
			for (const struct option_entry *e = options_table; e->name; e++)
				add(out, pre, plen, e->name, false);
		} else if (words == 2) {
			char name[32];
			size_t at = fw + vl;
			while (line[at] == ' ')
				at++;
			size_t nl = 0;
			while (line[at + nl] && line[at + nl] != ' ' && nl < sizeof name - 1) {
				name[nl] = line[at + nl];
				nl++;
			}
			name[nl] = '\0';
			const struct option_entry *e = options_find(name);
			static const char *const themes[] = {"default", "light", "high-contrast", "mono"};
			if (e && e->type == OPTION_FLAG) {
				add(out, pre, plen, "on", false);
				add(out, pre, plen, "off", false);
			} else if (e && strcmp(e->name, "theme") == 0) {
				for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++)
					add(out, pre, plen, themes[i], false);
			}
		}
	} else if (strcasecmp(verb, "/lesson") == 0) {
		size_t words = 0;
		for (size_t i = fw; i < start; i++)
			if (line[i] == ' ' && line[i + 1] != ' ')
				words++;
		const char *const *names = console_lesson_names();
		for (size_t i = 0; words == 1 && names && names[i]; i++)
			add(out, pre, plen, names[i], false);
	} else if (strcasecmp(verb, "/client") == 0) {
		/* listen mode: every client, the next, or the number of one seen so far (the newest first) */
		size_t words = 0;
		for (size_t i = fw; i < start; i++)
			if (line[i] == ' ' && line[i + 1] != ' ')
				words++;
		if (words == 1) {
			add(out, pre, plen, "all", false);
			add(out, pre, plen, "next", false);
			for (unsigned long n = complete_clients; n >= 1; n--) {
				char num[24];
				snprintf(num, sizeof num, "%lu", n);
				add(out, pre, plen, num, false);
			}
		}
	} else if (strcasecmp(verb, "/auth") == 0) {
		/* The mechanism (after /auth or /auth --force): the helper's mechanisms the server lists (all of
		 * them before it listed any: /auth then says why it will not send), then the other forms. */
		size_t words = 0;
		for (size_t i = fw; i < start; i++)
			if (line[i] == ' ' && line[i + 1] != ' ')
				words++;
		bool after_force = start >= 8 && strncmp(line + start - 8, "--force ", 8) == 0;
		const struct cap *a = caps ? caps_find(caps, "AUTH") : NULL;
		for (const struct sasl_mech *m = sasl_mechs(); (words == 1 || after_force) && m->name; m++)
			if (a == NULL || caps_has(caps, "AUTH", m->name))
				add(out, pre, plen, m->name, true);
		if (words == 1 || after_force) {
			add(out, pre, plen, "auto", false);
			add(out, pre, plen, "raw", false);
		}
		if (words == 1)
			add(out, pre, plen, "--force", false);
	} else if (strcasecmp(verb, "MAIL") == 0 || strcasecmp(verb, "RCPT") == 0) {
		size_t words = 0;
		for (size_t i = fw; i < start; i++)
			if (line[i] == ' ' && line[i + 1] != ' ')
				words++;
		if (words == 1 && strncasecmp(pre, "FROM:", plen < 5 ? plen : 5) == 0 && strcasecmp(verb, "MAIL") == 0)
			add(out, pre, plen, "FROM:<", lower);
		else if (words == 1 && strcasecmp(verb, "RCPT") == 0)
			add(out, pre, plen, "TO:<", lower);
		else
			add_params(out, verb, pre, plen, caps, lower);
	} else if (verb[0] != '/') {
		for (size_t i = 0; caps && i < caps->n; i++)
			add(out, pre, plen, caps->v[i].name, lower);
	}
	common_prefix(out);
}
