/* message: the envelope the server accepted, which the generated test message and the editor write as From:/To:. */
#include "cmd/message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lib/xmalloc.h"

/* Longest list of recipients remembered for the To: header. */
#define ENVELOPE_TO_MAX 1000

/* The address between '<' and '>' after the verb's colon, or NULL. */
static char *address_of(const char *cmd)
{
	const char *lt = strchr(cmd, '<');
	const char *gt = lt ? strchr(lt, '>') : NULL;
	if (lt == NULL || gt == NULL || gt - lt > 300)
		return NULL;
	return xstrndup(lt + 1, (size_t)(gt - lt - 1));
}

/* True when the MAIL FROM line carries the ESMTP parameter name (alone, or NAME=VALUE) after the address. */
static bool has_param(const char *cmd, const char *name)
{
	const char *gt = strchr(cmd, '>');
	size_t n = strlen(name);
	for (const char *p = gt ? gt + 1 : cmd; (p = strchr(p, ' ')) != NULL;) {
		p++;
		if (strncasecmp(p, name, n) == 0 && (p[n] == '\0' || p[n] == ' ' || p[n] == '='))
			return true;
	}
	return false;
}

void envelope_clear(struct envelope *e)
{
	free(e->from);
	free(e->to);
	e->from = e->to = NULL;
	e->smtputf8 = false;
}

void envelope_track(struct envelope *e, const char *command, int code)
{
	if (command == NULL || code < 200 || code > 299)
		return;
	if (strncasecmp(command, "MAIL FROM:", 10) == 0) {
		envelope_clear(e);
		e->from = address_of(command);
		e->smtputf8 = has_param(command, "SMTPUTF8");
	} else if (strncasecmp(command, "RCPT TO:", 8) == 0) {
		char *a = address_of(command);
		if (a == NULL || a[0] == '\0') {
			free(a);
			return;
		}
		size_t have = e->to ? strlen(e->to) : 0;
		if (have + strlen(a) + 2 < ENVELOPE_TO_MAX) {
			char *n = e->to ? xasprintf("%s, %s", e->to, a) : xstrdup(a);
			free(e->to);
			e->to = n;
		}
		free(a);
	} else if (strncasecmp(command, "RSET", 4) == 0 || strncasecmp(command, "EHLO", 4) == 0 ||
		   strncasecmp(command, "HELO", 4) == 0) {
		envelope_clear(e);
	}
}

void message_id_format(char *out, size_t size, long long sec, long nsec, int pid, const char *domain)
{
	if (domain == NULL || domain[0] == '\0' || domain[0] == '[')
		domain = "smtpcon.invalid";
	snprintf(out, size, "<%lld.%09ld.%d@%s>", sec, nsec, pid, domain);
}
