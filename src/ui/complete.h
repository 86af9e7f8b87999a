/* complete: Tab completion for the prompt: SMTP verbs, console commands, the server's advertised keywords and
 * the parameters they allow (AUTH mechanisms, MAIL/RCPT parameters). Pure text in, candidates out. */
#ifndef SMTPCON_UI_COMPLETE_H
#define SMTPCON_UI_COMPLETE_H
#include <stddef.h>

#include "core/ehlo.h"

#define COMPLETE_MAX 64
#define COMPLETE_LEN 64

struct completion {
	size_t start;                        /* byte offset where the completed word begins */
	size_t n;                            /* candidates */
	char cand[COMPLETE_MAX][COMPLETE_LEN];
	char common[COMPLETE_LEN];           /* their longest common prefix (case-insensitive match) */
};

/* Candidates for the word before cur in line, given the server's current capabilities (may be NULL). */
void complete_line(const char *line, size_t cur, const struct caps *caps, struct completion *out);
/* Listen mode: clients 1..n have been seen, so /client completes their numbers too (0: none). */
void complete_set_clients(unsigned long n);

#endif
