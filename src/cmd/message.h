/* message: a small, valid test message built from the session (From, To, Subject, Date, Message-ID), used by
 * /data without a file in batch mode and to pre-fill the TUI's message editor. */
#ifndef SMTPCON_MESSAGE_H
#define SMTPCON_MESSAGE_H

/* A message with CRLF line endings (allocated). Any argument may be NULL: sensible defaults are used. */
char *message_generate(const char *from, const char *to, const char *subject, const char *ehlo_name);

#endif
