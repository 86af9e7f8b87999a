/* message: generate a test message with the headers RFC 5322 requires. */
#include "cmd/message.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "lib/xmalloc.h"

char *message_generate(const char *from, const char *to, const char *subject, const char *ehlo_name)
{
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S %z", &tm);
	const char *domain = ehlo_name && ehlo_name[0] && ehlo_name[0] != '[' ? ehlo_name : "smtpcon.invalid";
	char subj[128];
	if (subject == NULL) {
		snprintf(subj, sizeof subj, "smtpcon test %s", date);
		subject = subj;
	}
	return xasprintf("From: <%s>\r\n"
	                 "To: <%s>\r\n"
	                 "Subject: %s\r\n"
	                 "Date: %s\r\n"
	                 "Message-ID: <%lld.%d.smtpcon@%s>\r\n"
	                 "MIME-Version: 1.0\r\n"
	                 "Content-Type: text/plain; charset=utf-8\r\n"
	                 "\r\n"
	                 "This is a test message sent by smtpcon.\r\n",
	                 from ? from : "smtpcon@smtpcon.invalid", to ? to : "postmaster", subject, date,
	                 (long long)now, (int)getpid(), domain);
}
