/* ehlo: EHLO capabilities (RFC 5321 §4.1.1.1): a parsed list per phase of the session, and the difference
 * between two lists (what appeared, what vanished, what changed its parameters) — the heart of showing why a
 * client must EHLO again after STARTTLS (RFC 3207 §4.2). */
#ifndef SMTPCON_EHLO_H
#define SMTPCON_EHLO_H
#include <stdbool.h>
#include <stddef.h>

#include "core/reply.h"

/* When a capability list was learned. */
enum caps_phase {
	CAPS_PLAIN,     /* EHLO on the plaintext connection */
	CAPS_TLS,       /* EHLO after STARTTLS or on an implicit-TLS connection */
	CAPS_AUTH,      /* EHLO after a successful AUTH */
	CAPS_NPHASES
};
/* "plain", "tls", "auth". */
const char *caps_phase_name(enum caps_phase ph);

struct cap {
	char *name;    /* keyword, upper-cased (keywords are case-insensitive) */
	char *params;  /* parameters as sent, single-space separated; "" when none */
};

struct caps {
	char *domain;  /* first line of the reply: the server's name and greeting text */
	struct cap *v;
	size_t n;
};

/* Capabilities from a 250 reply to EHLO (lines after the first). NULL if r is not a 2xx reply. Display text is
 * not escaped here: callers escape on output. Invalid keywords (not [A-Za-z0-9][A-Za-z0-9-]*) are kept, so the
 * user sees them, with their name as sent. So the old "AUTH=PLAIN LOGIN" form is its own keyword "AUTH=PLAIN"
 * (params "LOGIN"), never merged into AUTH. Params are split on spaces and tabs and re-joined by one space.
 * Blank lines are skipped; a NUL byte ends a line's text (the reply already carries REPLY_NUL). A keyword sent
 * twice is kept twice, in order. */
struct caps *caps_from_reply(const struct reply *r);
void caps_free(struct caps *c);
struct caps *caps_dup(const struct caps *c);
/* Find a keyword (case-insensitive); NULL if absent. */
const struct cap *caps_find(const struct caps *c, const char *name);
/* True when keyword name is present and, if param is not NULL, one of its space-separated params equals param
 * (case-insensitive): caps_has(c, "AUTH", "PLAIN"). */
bool caps_has(const struct caps *c, const char *name, const char *param);

struct cap_change {
	char *name;
	char *from;  /* params before */
	char *to;    /* params after */
};

struct caps_diff {
	struct cap *added;          /* in b only */
	size_t nadded;
	struct cap *removed;        /* in a only */
	size_t nremoved;
	struct cap_change *changed; /* in both with different params */
	size_t nchanged;
	size_t nsame;
};

/* Difference from a to b (either may be NULL: treated as empty). Entries keep b's order (a's for removed).
 * Keywords match case-insensitively (the k-th occurrence in a with the k-th in b); params compare exactly, so
 * "AUTH PLAIN" -> "AUTH PLAIN LOGIN" is a change. The result owns copies of every string. */
struct caps_diff *caps_diff(const struct caps *a, const struct caps *b);
void caps_diff_free(struct caps_diff *d);

#endif
