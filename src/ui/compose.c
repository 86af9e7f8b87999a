/* compose: the text the message editor starts with after a 354: headers built from what the session knows
 * (the accepted MAIL FROM and RCPT TO addresses, the EHLO name), so a test message is one keystroke away and
 * still a well-formed RFC 5322 message (Date and Message-ID included). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/session.h"
#include "lib/xmalloc.h"
#include "ui/ui-internal.h"

/* Longest list of recipients remembered for the To: header. */
#define RCPT_MAX 1000

/* The address between '<' and '>' after the verb's colon, or NULL. */
static char *address_of(const char *cmd)
{
	const char *lt = strchr(cmd, '<');
	const char *gt = lt ? strchr(lt, '>') : NULL;
	if (lt == NULL || gt == NULL || gt - lt > 300)
		return NULL;
	return xstrndup(lt + 1, (size_t)(gt - lt - 1));
}

void compose_track(struct ui *ui, const char *command, int code)
{
	if (command == NULL || code < 200 || code > 299)
		return;
	if (strncasecmp(command, "MAIL FROM:", 10) == 0) {
		free(ui->mail_from);
		ui->mail_from = address_of(command);
		free(ui->rcpt_to);
		ui->rcpt_to = NULL;
	} else if (strncasecmp(command, "RCPT TO:", 8) == 0) {
		char *a = address_of(command);
		if (a == NULL)
			return;
		size_t have = ui->rcpt_to ? strlen(ui->rcpt_to) : 0;
		if (have + strlen(a) + 2 < RCPT_MAX) {
			char *n = ui->rcpt_to ? xasprintf("%s, %s", ui->rcpt_to, a) : xstrdup(a);
			free(ui->rcpt_to);
			ui->rcpt_to = n;
		}
		free(a);
	} else if (strncasecmp(command, "RSET", 4) == 0 || strncasecmp(command, "EHLO", 4) == 0 ||
	           strncasecmp(command, "HELO", 4) == 0) {
		free(ui->rcpt_to);
		ui->rcpt_to = NULL;
	}
}

char *editor_prefill(struct ui *ui)
{
	const char *sender = ui->con ? console_sender(ui->con) : ui->cfg ? ui->cfg->from : NULL;
	const char *from = ui->mail_from && ui->mail_from[0] ? ui->mail_from : sender ? sender : "";
	const char *to = ui->rcpt_to ? ui->rcpt_to : ui->cfg && ui->cfg->to ? ui->cfg->to : "";
	const char *dom = ui->s ? session_ehlo_name(ui->s) : NULL;
	if (dom == NULL || dom[0] == '\0' || dom[0] == '[')
		dom = "smtpcon.invalid";
	time_t now = time(NULL);
	struct tm tm;
	char date[64] = "";
	/* LC_TIME stays "C" (only LC_CTYPE follows the environment), so day and month names are English as
	 * RFC 5322 requires. */
	if (localtime_r(&now, &tm))
		strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S %z", &tm);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return xasprintf("From: %s\nTo: %s\nSubject: smtpcon test %lld.%06ld\nDate: %s\n"
	                 "Message-ID: <%lld.%ld.%d@%s>\n\n",
	                 from, to, (long long)ts.tv_sec, ts.tv_nsec / 1000, date, (long long)ts.tv_sec,
	                 ts.tv_nsec, (int)getpid(), dom);
}
