/* replycodes: what SMTP reply codes mean, for a person learning SMTP. The knowledge is data: one table of basic
 * reply codes (RFC 5321 §4.2, plus 521/556 of RFC 7504 and the AUTH/STARTTLS codes of RFC 4954 and RFC 3207),
 * one of the meanings of each digit position, and one of every enhanced status code in IANA's "SMTP Enhanced
 * Status Codes" registry (RFC 3463 and the RFCs that added to it). The texts are ours, short and plain, each
 * citing where the code is defined.
 *
 * Tables are sorted by key and searched by bisection; tests/unit/test-replycodes.c checks that every key is
 * unique, every table sorted, and every field filled. All returned pointers are to static data.
 */
#ifndef SMTPCON_REPLYCODES_H
#define SMTPCON_REPLYCODES_H
#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"

/* One basic (three-digit) reply code. */
struct replycode_info {
	int code;             /* 250 */
	const char *name;     /* one line: "Requested mail action okay, completed" */
	const char *explain;  /* a fuller explanation for a learner */
	const char *causes;   /* the usual causes (for failures), or when it is seen */
	const char *todo;     /* what to do or try next */
	const char *ref;      /* "RFC 5321 §4.2.2" */
};

/* One enhanced status code detail, registered as X.subject.detail for any class. The same subject.detail is sent
 * as 4.s.d (try later) and as 5.s.d (failed for good), so the texts hold only the meaning of subject.detail and
 * never a verdict; the class supplies the verdict (replycodes_enhanced_verdict), with the row's own words for a
 * class when it has something to add. tests/unit/test-replycodes.c checks that no class-neutral text says
 * "permanent" or "retry later". */
struct enhanced_info {
	int subject;          /* 7 in X.7.1 */
	int detail;           /* 1 in X.7.1 */
	const char *name;     /* one line, no verdict: "Delivery not authorized" */
	const char *explain;
	const char *causes;
	const char *todo;     /* what to check or change, never whether to retry: the class says that */
	const char *ref;      /* "RFC 3463 §3.8" */
	const char *transient; /* optional: what 4.s.d means beyond the class's verdict, "Transient: ..." */
	const char *permanent; /* optional: what 5.s.d means, "Permanent: ..." */
};

/* The meaning of one digit value in one position (a class, a subject, a first or second basic digit). */
struct digit_info {
	int value;
	const char *name;     /* "Permanent failure" */
	const char *explain;  /* what it means, and for a class what a client should do */
	const char *ref;
};

/* Basic code lookup: NULL when the code is not one we know. */
const struct replycode_info *replycodes_basic(int code);
/* Enhanced code lookup by its parts: NULL when subject.detail is not registered. */
const struct enhanced_info *replycodes_enhanced_detail(int subject, int detail);
/* Enhanced code lookup from text "5.7.1" (an "X" class, "X.7.1", is accepted too); NULL when malformed or not
 * registered. Use the class and subject lookups below to fall back to what the code's parts mean. */
const struct enhanced_info *replycodes_enhanced(const char *code);
/* Meaning of an enhanced code class (2, 4, 5) and subject (0..7); NULL outside those. */
const struct digit_info *replycodes_class(int cls);
const struct digit_info *replycodes_subject(int subject);
/* Meaning of the first (1..5) and second (0..5) digit of a basic code; NULL outside those. */
const struct digit_info *replycodes_first_digit(int d);
const struct digit_info *replycodes_second_digit(int d);

/*
 * The /explain text for code into out (appended, several lines, each ending in "\n"). Accepted forms:
 *   "550", "5.7.1", "X.7.1", "550 5.7.1" (both), "5xx" / "5" (a first digit), "55x" / "x5x" (first and/or second
 *   digit), "5.x.x" (a class), "x.7.x" / "5.7" / "5.7.x" (class and/or subject).
 * Returns 0 when it said something useful, -1 when code is malformed or means nothing (e.g. "9.1.1", "abc"),
 * in which case out holds a one-line reason. A code that is well formed but not registered ("5.7.99", "259") is
 * explained from its parts and returns 0.
 */
int replycodes_explain(const char *code, struct buf *out);
/* The same text as a dtext: English (for JSON and tests) and translated (for screens) side by side. Every view
 * that shows /explain text to a person uses this one. */
struct dtext;
int replycodes_explaind(const char *code, struct dtext *out);

/* A short one-line meaning for the decoded pane, translated (_()) for people: never for JSON: the enhanced detail's name when enhanced (may be NULL or "") is
 * registered, followed by the verdict of its class ("Delivery not authorized (temporary failure)"), else the basic
 * code's name, else the meaning of its digits. Returns buf (filled, NUL-terminated, truncated to size) or static
 * text; never NULL. */
const char *replycodes_oneline(int code, const char *enhanced, char *buf, size_t size);

/* What a reply with enhanced code e in class cls (2, 4 or 5) tells a client to do: e's own words for that class
 * when the table has them, else the class's general verdict. NULL for any other class. Static text. */
const char *replycodes_enhanced_verdict(const struct enhanced_info *e, int cls);

/* What a client should do with a reply of this first digit (2..5): "permanent: do not retry unchanged". An English
 * msgid: the view translates it with _(). The tables' texts are msgids too (marked N_()): show them with _(). */
const char *replycodes_action(int code);

/* For tests and listings: the tables in order. */
size_t replycodes_basic_count(void);
const struct replycode_info *replycodes_basic_at(size_t i);
size_t replycodes_enhanced_count(void);
const struct enhanced_info *replycodes_enhanced_at(size_t i);

/* ---- the data (replycodes-data.c, enhanced-data*.c); use the functions above instead ---- */
extern const struct replycode_info replycodes_basic_table[];
extern const size_t replycodes_basic_table_len;
extern const struct enhanced_info enhanced_table_a[];     /* X.0 .. X.4 */
extern const size_t enhanced_table_a_len;
extern const struct enhanced_info enhanced_table_b[];     /* X.5 .. X.7 */
extern const size_t enhanced_table_b_len;
extern const struct digit_info replycodes_class_table[];
extern const size_t replycodes_class_table_len;
extern const struct digit_info replycodes_subject_table[];
extern const size_t replycodes_subject_table_len;
extern const struct digit_info replycodes_first_table[];
extern const size_t replycodes_first_table_len;
extern const struct digit_info replycodes_second_table[];
extern const size_t replycodes_second_table_len;

#endif
