/* message: a small, valid test message built from the session (From, To, Subject, Date, Message-ID), used by
 * /data without a file in batch mode and to pre-fill the TUI's message editor; and the envelope (the accepted
 * MAIL FROM and RCPT TO addresses) that both take their From: and To: from, so the two agree. */
#ifndef SMTPCON_MESSAGE_H
#define SMTPCON_MESSAGE_H
#include <stddef.h>

/* The envelope of the open (or last) transaction, as the server accepted it. Zero-initialise; envelope_clear
 * frees. */
struct envelope {
	char *from; /* the accepted MAIL FROM address (without <>), or NULL */
	char *to;   /* the accepted RCPT TO addresses, ", "-separated, or NULL */
};

/* Follow one reply: command is the line it answers (may be NULL), code its code. A 2xx to MAIL FROM starts a new
 * envelope, a 2xx to RCPT TO adds a recipient, RSET/EHLO/HELO clear it. */
void envelope_track(struct envelope *e, const char *command, int code);
void envelope_clear(struct envelope *e);

/* A message with CRLF line endings (allocated). Any argument may be NULL: sensible defaults are used. from and
 * to are written as given (to may be a list "a@b, c@d"). */
char *message_generate(const char *from, const char *to, const char *subject, const char *ehlo_name);

/* "<SEC.NSEC.PID@domain>" into out (size bytes): the nanoseconds with all nine digits, so no two times read
 * alike. domain NULL, empty or an address literal gives "smtpcon.invalid". */
void message_id_format(char *out, size_t size, long long sec, long nsec, int pid, const char *domain);

#endif
