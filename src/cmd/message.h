/* message: the envelope (the accepted MAIL FROM and RCPT TO addresses, and whether SMTPUTF8 was accepted) that
 * the generated test message (cmd/mime.h, console_message) and the TUI's editor take their From: and To: from, so
 * the two agree; and the Message-ID's form. */
#ifndef SMTPCON_MESSAGE_H
#define SMTPCON_MESSAGE_H
#include <stdbool.h>
#include <stddef.h>

/* The envelope of the open (or last) transaction, as the server accepted it. Zero-initialise; envelope_clear
 * frees. */
struct envelope {
	char *from; /* the accepted MAIL FROM address (without <>), or NULL */
	char *to;   /* the accepted RCPT TO addresses, ", "-separated, or NULL */
	bool smtputf8; /* the accepted MAIL FROM carried SMTPUTF8 (RFC 6531): headers may be raw UTF-8 */
};

/* Follow one reply: command is the line it answers (may be NULL), code its code. A 2xx to MAIL FROM starts a new
 * envelope, a 2xx to RCPT TO adds a recipient, RSET/EHLO/HELO clear it. */
void envelope_track(struct envelope *e, const char *command, int code);
void envelope_clear(struct envelope *e);

/* "<SEC.NSEC.PID@domain>" into out (size bytes): the nanoseconds with all nine digits, so no two times read
 * alike. domain NULL, empty or an address literal gives "smtpcon.invalid". */
void message_id_format(char *out, size_t size, long long sec, long nsec, int pid, const char *domain);

#endif
