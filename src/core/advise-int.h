/* advise-int: what the advisor's files share and nobody else needs: the reply-rule record and its matcher
 * (advise-rules.c), used by the event diagnoses in advise.c. */
#ifndef SMTPCON_ADVISE_INT_H
#define SMTPCON_ADVISE_INT_H

#include "core/advise.h"

enum { RULE_ADD_SIZE = 1u << 0 }; /* append the SIZE the server advertised to the message */

struct reply_rule {
	const char *code;     /* pattern, or NULL: any */
	const char *enhanced; /* pattern, or NULL: any */
	const char *text;     /* '|'-separated substrings, or NULL: any */
	const char *verb;     /* the command answered ("" = greeting), or NULL: any */
	unsigned conds;       /* enum advise_cond bits that must all hold */
	unsigned flags;
	const char *id;
	enum severity sev;
	const char *message;
	const char *hint;
};

/* The first rule of the table that matches reply r answering a command with verb (upper case; "" for the
 * greeting) under conds (enum advise_cond bits); NULL when none does. Points into a static table. */
const struct reply_rule *advise_rule_find(const struct reply *r, const char *verb, unsigned conds);

#endif
