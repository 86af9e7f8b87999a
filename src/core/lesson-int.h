/* lesson-int: the shape of a lesson table (lesson-data.c), shared only with the code that walks it (lesson.c). */
#ifndef SMTPCON_LESSON_INT_H
#define SMTPCON_LESSON_INT_H
#include <stdbool.h>
#include <stddef.h>

/* A condition field that names an enum value holds LESSON_IS(value); 0 means "any". (0 cannot mean a value:
 * tables leave out what they do not test, and designated initializers make those fields 0.) */
#define LESSON_IS(v) ((unsigned char)((v) + 1))

/* What must hold in the session model (core/model.h) for a step to tick; every field set must hold. */
struct lesson_when {
	unsigned char conn, tls, cert, auth; /* LESSON_IS(enum model_conn / model_tls / model_cert / model_auth) */
	unsigned char starttls;              /* LESSON_IS(false / true): STARTTLS in the current capabilities */
	unsigned char outcome;               /* LESSON_IS(enum txn_outcome): how the last transaction ended */
	bool caps;                           /* this connection's EHLO capabilities are known (EHLO answered) */
	bool refused;                        /* the greeting was a 5xx (the server will not talk) */
	unsigned char min_rcpts;             /* recipients accepted in the open transaction, at least */
	short code;                          /* the last reply's code */
	const char *verb;                    /* ...and the command it answered ("RCPT", "." for the message) */
	const char *error;                   /* the stage of the last failure ("tls", "timeout") */
	bool after;                          /* only once the step before it ticked (a retry, a second try) */
};

struct lesson_step {
	const char *todo; /* what to type or do (an msgid) */
	const char *wire; /* what to look at on the wire (an msgid) */
	struct lesson_when when;
};

struct lesson {
	const char *name; /* the lab scenario's name */
	const struct lesson_step *steps;
	size_t n;
};

/* lesson-data.c */
const struct lesson *lesson_table(size_t *n);

#endif
