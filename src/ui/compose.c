/* compose: the text the message editor starts with after a 354: headers built from what the session knows
 * (the accepted MAIL FROM and RCPT TO addresses, the EHLO name), so a test message is one keystroke away and
 * still a well-formed RFC 5322 message (Date and Message-ID included). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cmd/message.h"
#include "core/session.h"
#include "lib/xmalloc.h"
#include "ui/ui-internal.h"

void compose_track(struct ui *ui, const char *command, int code)
{
	envelope_track(&ui->env, command, code);
}

char *editor_prefill(struct ui *ui)
{
	const char *sender = ui->con ? console_sender(ui->con) : ui->cfg ? ui->cfg->from : NULL;
	const char *from = ui->env.from && ui->env.from[0] ? ui->env.from : sender ? sender : "";
	const char *to = ui->env.to ? ui->env.to : ui->cfg && ui->cfg->to ? ui->cfg->to : "";
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
	char id[320];
	clock_gettime(CLOCK_REALTIME, &ts);
	message_id_format(id, sizeof id, (long long)ts.tv_sec, ts.tv_nsec, (int)getpid(), dom);
	/* Headers, the blank line that ends them, and an empty first body line where the cursor starts: typing on
	 * the blank line itself would make the body part of the headers (RFC 5322 §2.1). */
	return xasprintf("From: %s\nTo: %s\nSubject: smtpcon test %lld.%06ld\nDate: %s\nMessage-ID: %s\n\n\n", from, to,
			 (long long)ts.tv_sec, ts.tv_nsec / 1000, date, id);
}
