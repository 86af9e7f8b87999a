/* message: generate a test message with the headers RFC 5322 requires, from the envelope the server accepted. */
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

void envelope_clear(struct envelope *e)
{
	free(e->from);
	free(e->to);
	e->from = e->to = NULL;
}

void envelope_track(struct envelope *e, const char *command, int code)
{
	if (command == NULL || code < 200 || code > 299)
		return;
	if (strncasecmp(command, "MAIL FROM:", 10) == 0) {
		envelope_clear(e);
		e->from = address_of(command);
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

char *message_generate(const char *from, const char *to, const char *subject, const char *ehlo_name)
{
	char date[64], id[320];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	time_t now = ts.tv_sec;
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S %z", &tm);
	message_id_format(id, sizeof id, (long long)ts.tv_sec, ts.tv_nsec, (int)getpid(), ehlo_name);
	char subj[128];
	if (subject == NULL) {
		snprintf(subj, sizeof subj, "smtpcon test %s", date);
		subject = subj;
	}
	return xasprintf("From: %s\r\n"
			 "To: %s\r\n"
			 "Subject: %s\r\n"
			 "Date: %s\r\n"
			 "Message-ID: %s\r\n"
			 "MIME-Version: 1.0\r\n"
			 "Content-Type: text/plain; charset=utf-8\r\n"
			 "\r\n"
			 "This is a test message sent by smtpcon.\r\n",
			 from && from[0] ? from : "smtpcon@smtpcon.invalid", to && to[0] ? to : "postmaster", subject,
			 date, id);
}
