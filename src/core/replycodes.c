/* replycodes: lookups in the reply-code knowledge base (the tables live in replycodes-data.c and
 * enhanced-data*.c) and the /explain text built from them. Everything here is pure: no state, no I/O. */
#include "core/replycodes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dtext.h"
#include "lib/i18n.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- lookups ---- */

const struct replycode_info *replycodes_basic(int code)
{
	size_t lo = 0, hi = replycodes_basic_table_len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = replycodes_basic_table[mid].code;
		if (k == code)
			return &replycodes_basic_table[mid];
		if (k < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int enh_key(int subject, int detail)
{
	return subject * 1000 + detail;
}

static const struct enhanced_info *enh_search(const struct enhanced_info *t, size_t n, int key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = enh_key(t[mid].subject, t[mid].detail);
		if (k == key)
			return &t[mid];
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct enhanced_info *replycodes_enhanced_detail(int subject, int detail)
{
	if (subject < 0 || subject > 999 || detail < 0 || detail > 999)
		return NULL;
	/* The registry is split in two tables only to keep files short: X.0-X.4 and X.5-X.7. */
	if (subject < 5)
		return enh_search(enhanced_table_a, enhanced_table_a_len, enh_key(subject, detail));
	return enh_search(enhanced_table_b, enhanced_table_b_len, enh_key(subject, detail));
}

static const struct digit_info *digit_search(const struct digit_info *t, size_t n, int value)
{
	for (size_t i = 0; i < n; i++) /* at most 8 rows: a scan is clearest */
		if (t[i].value == value)
			return &t[i];
	return NULL;
}

const struct digit_info *replycodes_class(int cls)
{
	return digit_search(replycodes_class_table, replycodes_class_table_len, cls);
}

const struct digit_info *replycodes_subject(int subject)
{
	return digit_search(replycodes_subject_table, replycodes_subject_table_len, subject);
}

const struct digit_info *replycodes_first_digit(int d)
{
	return digit_search(replycodes_first_table, replycodes_first_table_len, d);
}

const struct digit_info *replycodes_second_digit(int d)
{
	return digit_search(replycodes_second_table, replycodes_second_table_len, d);
}

size_t replycodes_basic_count(void)
{
	return replycodes_basic_table_len;
}

const struct replycode_info *replycodes_basic_at(size_t i)
{
	return i < replycodes_basic_table_len ? &replycodes_basic_table[i] : NULL;
}

size_t replycodes_enhanced_count(void)
{
	return enhanced_table_a_len + enhanced_table_b_len;
}

const struct enhanced_info *replycodes_enhanced_at(size_t i)
{
	if (i < enhanced_table_a_len)
		return &enhanced_table_a[i];
	i -= enhanced_table_a_len;
	return i < enhanced_table_b_len ? &enhanced_table_b[i] : NULL;
}

/* ---- parsing the forms /explain accepts ---- */

#define ANY (-1) /* an "x" in a pattern */

/* One number of 1..3 digits, or "x"/"X" (ANY). Returns characters used, 0 when neither. */
static size_t parse_part(const char *s, size_t n, int *out)
{
	if (n >= 1 && (s[0] == 'x' || s[0] == 'X')) {
		*out = ANY;
		return 1;
	}
	size_t i = 0;
	int v = 0;
	while (i < n && i < 3 && isdigit((unsigned char)s[i]))
		v = v * 10 + (s[i++] - '0');
	if (i == 0 || (i < n && isdigit((unsigned char)s[i])))
		return 0; /* no digit, or a fourth digit */
	*out = v;
	return i;
}

/* "5.7.1", "X.7.1", "5.7", "5.7.x", "5.x.x": the whole token. detail is ANY when absent. */
static bool parse_enhanced(const char *s, size_t n, int *cls, int *subject, int *detail)
{
	size_t i, k;

	if (n < 3)
		return false;
	if (s[0] == 'x' || s[0] == 'X')
		*cls = ANY;
	else if (isdigit((unsigned char)s[0]))
		*cls = s[0] - '0';
	else
		return false;
	if (s[1] != '.')
		return false;
	i = 2;
	if ((k = parse_part(s + i, n - i, subject)) == 0)
		return false;
	i += k;
	*detail = ANY;
	if (i == n)
		return true;
	if (s[i] != '.')
		return false;
	i++;
	if ((k = parse_part(s + i, n - i, detail)) == 0)
		return false;
	return i + k == n;
}

/* "550", "5xx", "55x", "x5x", "5": digits or x, one or three characters. Digit values, ANY for x. */
static bool parse_basic(const char *s, size_t n, int d[3])
{
	if (n == 1 && isdigit((unsigned char)s[0])) {
		d[0] = s[0] - '0';
		d[1] = d[2] = ANY;
		return true;
	}
	if (n != 3)
		return false;
	for (size_t i = 0; i < 3; i++) {
		if (isdigit((unsigned char)s[i]))
			d[i] = s[i] - '0';
		else if (s[i] == 'x' || s[i] == 'X' || s[i] == 'y' || s[i] == 'z') /* RFC 5321 writes 5yz */
			d[i] = ANY;
		else
			return false;
	}
	return true;
}

const struct enhanced_info *replycodes_enhanced(const char *code)
{
	int cls, subject, detail;

	if (!code || !parse_enhanced(code, strlen(code), &cls, &subject, &detail))
		return NULL;
	if ((cls != ANY && !replycodes_class(cls)) || subject == ANY || detail == ANY)
		return NULL;
	return replycodes_enhanced_detail(subject, detail);
}

/* ---- the texts ----
 * Every text here is an English msgid: the tables' fields are marked N_() in the data files, and the /explain text
 * is built as a struct dtext (English for JSON, translated for screens). A field line is a label and a table text
 * side by side ("  What it means: ..."), so each is translated whole; sentences are whole format strings. */

const char *replycodes_action(int code)
{
	switch (code / 100) {
	case 2: return N_("success: go on with the next command");
	case 3: return N_("intermediate: the server waits for more (the message body, or the next AUTH step)");
	case 4: return N_("transient: retry later; a client keeps the message queued and tries again");
	case 5: return N_("permanent: do not retry unchanged; a client gives up and reports the failure to the sender");
	default: return N_("not a valid SMTP reply code: the reply cannot be interpreted");
	}
}

const char *replycodes_enhanced_verdict(const struct enhanced_info *e, int cls)
{
	switch (cls) {
	case 2: return N_("Success: the server did what was asked; nothing to repeat.");
	case 4:
		if (e && e->transient)
			return e->transient;
		return N_("Transient: the same message may be accepted later; a client keeps it queued and retries.");
	case 5:
		if (e && e->permanent)
			return e->permanent;
		return N_(
			"Permanent: sending it again unchanged fails the same way; change what the text points at, or "
			"a client gives up and tells the sender.");
	default: return NULL;
	}
}

const char *replycodes_oneline(int code, const char *enhanced, char *buf, size_t size)
{
	const struct replycode_info *b = code >= 0 ? replycodes_basic(code) : NULL;
	const struct enhanced_info *e = enhanced && *enhanced ? replycodes_enhanced(enhanced) : NULL;
	const struct digit_info *d;

	/* X.n.0 only repeats the subject: the basic code's name says more then. The enhanced names hold no verdict
	 * (the same detail is sent as 4.s.d and 5.s.d), so the class adds it. */
	if (e && (e->detail != 0 || !b)) {
		/* TRANSLATORS: %s is the name of an enhanced status code detail, e.g. "Delivery not authorized". */
		const char *fmt = enhanced[0] == '4'   ? N_("%s (temporary failure)")
				  : enhanced[0] == '5' ? N_("%s (permanent failure)")
						       : NULL;
		if (!fmt || !buf || size == 0)
			return _(e->name);
		snprintf(buf, size, _(fmt), _(e->name));
		return buf;
	}
	if (b)
		return _(b->name);
	if (code >= 100 && code <= 999 && (d = replycodes_first_digit(code / 100)) != NULL)
		return _(d->name);
	return _("unrecognised reply code");
}

/* "  label text\n": label is a msgid ending in ":" (translated whole, so French can write " :"). */
static void put_field(struct dtext *out, const char *label, const char *text)
{
	if (!text || !*text)
		return;
	dtext_raw(out, "  ");
	dtext_puts(out, label);
	dtext_raw(out, " ");
	dtext_puts(out, text);
	dtext_raw(out, "\n");
}

/* "  <heading with n>, <name>: <explanation>\n" for one digit value, from one format (a whole line for the
 * translator, who places the colon as the language wants); the digit's name and explanation are table msgids. */
static void put_digit1(struct dtext *out, const char *fmt, int n, const struct digit_info *i)
{
	dtext_raw(out, "  ");
	buf_printf(&out->en, fmt, n, i->name, i->explain);
	if (i18n_translating())
		buf_printf(&out->loc, _(fmt), n, _(i->name), _(i->explain));
	dtext_raw(out, "\n");
}

/* The same with the digit twice in the heading ("First digit 5 (5yz)"). */
static void put_digit2(struct dtext *out, const char *fmt, int n, const struct digit_info *i)
{
	dtext_raw(out, "  ");
	buf_printf(&out->en, fmt, n, n, i->name, i->explain);
	if (i18n_translating())
		buf_printf(&out->loc, _(fmt), n, n, _(i->name), _(i->explain));
	dtext_raw(out, "\n");
}

/* "  fmt\n" with one %s, ref: a row's ref is mostly an RFC number (its own translation), sometimes words marked
 * N_() in the table, so the translated side gets both the format and the ref translated. */
static void put_ref(struct dtext *out, const char *fmt, const char *ref)
{
	dtext_raw(out, "  ");
	buf_printf(&out->en, fmt, ref);
	if (i18n_translating())
		buf_printf(&out->loc, _(fmt), _(ref));
	dtext_raw(out, "\n");
}

static void explain_basic_digits(struct dtext *out, const int d[3])
{
	const struct digit_info *f = d[0] != ANY ? replycodes_first_digit(d[0]) : NULL;
	const struct digit_info *s = d[1] != ANY ? replycodes_second_digit(d[1]) : NULL;

	if (f)
		/* TRANSLATORS: the digit, the digit again ("5yz"), its name, its meaning. */
		put_digit2(out, N_("First digit %d (%dyz), %s: %s"), d[0], f);
	if (s)
		/* TRANSLATORS: the digit, the digit again ("x5z"), its name, its meaning. */
		put_digit2(out, N_("Second digit %d (x%dz), %s: %s"), d[1], s);
	if (d[2] != ANY) {
		dtext_raw(out, "  ");
		dtext_printf(out, "Third digit %d: a finer grade within the second digit's category.", d[2]);
		dtext_raw(out, "\n");
	}
}

static int explain_basic(const int d[3], struct dtext *out)
{
	char num[16];

	if (d[0] != ANY && !replycodes_first_digit(d[0])) {
		dtext_printf(out, "%d..: no SMTP reply starts with %d (the first digit is 2, 3, 4 or 5).", d[0], d[0]);
		dtext_raw(out, "\n");
		return -1;
	}
	if (d[1] != ANY && !replycodes_second_digit(d[1])) {
		dtext_printf(out, "the second digit %d means nothing in SMTP (it is 0 to 5, RFC 5321 §4.2.1).", d[1]);
		dtext_raw(out, "\n");
		return -1;
	}
	if (d[0] == ANY && d[1] == ANY) {
		dtext_puts(out, N_("give at least a first or second digit (5xx, x5x)."));
		dtext_raw(out, "\n");
		return -1;
	}
	if (d[0] != ANY && d[1] != ANY && d[2] != ANY) {
		int code = d[0] * 100 + d[1] * 10 + d[2];
		const struct replycode_info *b = replycodes_basic(code);
		snprintf(num, sizeof num, "%d  ", code);
		if (b) {
			/* The code line: the code as is, then its name. */
			dtext_raw(out, num);
			dtext_puts(out, b->name);
			dtext_raw(out, "\n");
			put_field(out, N_("Kind:"), replycodes_action(code));
			put_field(out, N_("What it means:"), b->explain);
			put_field(out, N_("Usual causes:"), b->causes);
			put_field(out, N_("What to try:"), b->todo);
			explain_basic_digits(out, d);
			put_field(out, N_("Defined in:"), b->ref);
			return 0;
		}
		dtext_raw(out, num);
		dtext_puts(out, N_("not a code defined by the SMTP standards; read it by its digits:"));
		dtext_raw(out, "\n");
		if (d[0] >= 2 && d[0] <= 5)
			put_field(out, N_("Kind:"), replycodes_action(code));
		explain_basic_digits(out, d);
		put_field(out, N_("Defined in:"), N_("RFC 5321 §4.2.1 (theory of reply codes)"));
		return 0;
	}
	snprintf(num, sizeof num, "%c%c%c  ", d[0] == ANY ? 'x' : '0' + d[0], d[1] == ANY ? 'x' : '0' + d[1],
		 d[2] == ANY ? 'x' : '0' + d[2]);
	dtext_raw(out, num);
	dtext_puts(out, N_("reply codes matching this pattern:"));
	dtext_raw(out, "\n");
	explain_basic_digits(out, d);
	/* List the codes we know that match, so "55x" teaches 550..556 at a glance. */
	for (size_t i = 0; i < replycodes_basic_table_len; i++) {
		const struct replycode_info *b = &replycodes_basic_table[i];
		if ((d[0] == ANY || b->code / 100 == d[0]) && (d[1] == ANY || b->code / 10 % 10 == d[1]) &&
		    (d[2] == ANY || b->code % 10 == d[2])) {
			snprintf(num, sizeof num, "    %d  ", b->code);
			dtext_raw(out, num);
			dtext_puts(out, b->name);
			dtext_raw(out, "\n");
		}
	}
	put_field(out, N_("Defined in:"), "RFC 5321 §4.2.1");
	return 0;
}

static int explain_enhanced(int cls, int subject, int detail, struct dtext *out)
{
	const struct digit_info *c = cls != ANY ? replycodes_class(cls) : NULL;
	const struct digit_info *s = subject != ANY ? replycodes_subject(subject) : NULL;
	const struct enhanced_info *e = NULL;
	char cbuf[8], sbuf[8], dbuf[8], line[48];

	if (cls != ANY && !c) {
		dtext_printf(out, "enhanced status codes have class 2, 4 or 5, not %d (RFC 3463 §2).", cls);
		dtext_raw(out, "\n");
		return -1;
	}
	if (subject != ANY && !s) {
		dtext_printf(out, "subject %d is not defined: subjects are 0 to 7 (RFC 3463 §2).", subject);
		dtext_raw(out, "\n");
		return -1;
	}
	if (cls == ANY && subject == ANY) {
		dtext_puts(out, N_("give at least a class or a subject (5.x.x, x.7.x)."));
		dtext_raw(out, "\n");
		return -1;
	}
	if (cls == ANY)
		snprintf(cbuf, sizeof cbuf, "X");
	else
		snprintf(cbuf, sizeof cbuf, "%d", cls);
	if (subject == ANY)
		snprintf(sbuf, sizeof sbuf, "x");
	else
		snprintf(sbuf, sizeof sbuf, "%d", subject);
	if (detail == ANY)
		snprintf(dbuf, sizeof dbuf, "x");
	else
		snprintf(dbuf, sizeof dbuf, "%d", detail);

	if (subject != ANY && detail != ANY)
		e = replycodes_enhanced_detail(subject, detail);
	/* The code line: the code as given (it never changes with the language), then its name or what follows. */
	snprintf(line, sizeof line, "%s.%s.%s  ", cbuf, sbuf, dbuf);
	dtext_raw(out, line);
	if (e)
		dtext_puts(out, e->name);
	else if (subject != ANY && detail != ANY)
		dtext_printf(out, "detail %d is not registered for subject %d; by its parts:", detail, subject);
	else
		dtext_puts(out, N_("enhanced status codes matching this pattern:"));
	dtext_raw(out, "\n");
	if (c)
		/* TRANSLATORS: the class (2, 4, 5), its name, its meaning. */
		put_digit1(out, N_("Class %d, %s: %s"), cls, c);
	if (e) {
		put_field(out, N_("What it means:"), e->explain);
		if (c) {
			put_field(out, N_("Verdict:"), replycodes_enhanced_verdict(e, cls));
		} else {
			/* "X.7.1": the reader has not said which class, so both verdicts. */
			dtext_raw(out, "  ");
			/* TRANSLATORS: a label followed by the verdict for that class, e.g. "As 4.7.1: Transient: ...". */
			dtext_printf(out, "As 4.%d.%d:", subject, detail);
			dtext_raw(out, " ");
			dtext_puts(out, replycodes_enhanced_verdict(e, 4));
			dtext_raw(out, "\n  ");
			/* TRANSLATORS: a label followed by the verdict for that class, e.g. "As 5.7.1: Permanent: ...". */
			dtext_printf(out, "As 5.%d.%d:", subject, detail);
			dtext_raw(out, " ");
			dtext_puts(out, replycodes_enhanced_verdict(e, 5));
			dtext_raw(out, "\n");
		}
		put_field(out, N_("Usual causes:"), e->causes);
		put_field(out, N_("What to try:"), e->todo);
	}
	if (s)
		/* TRANSLATORS: the subject (0 to 7), its name, its meaning. */
		put_digit1(out, N_("Subject %d, %s: %s"), subject, s);
	if (!e && subject != ANY && detail == ANY) {
		/* "5.7" or "x.7.x": list the registered details of that subject. */
		for (size_t i = 0; i < replycodes_enhanced_count(); i++) {
			const struct enhanced_info *r = replycodes_enhanced_at(i);
			if (r->subject == subject) {
				snprintf(line, sizeof line, "    %s.%d.%d  ", cbuf, r->subject, r->detail);
				dtext_raw(out, line);
				dtext_puts(out, r->name);
				dtext_raw(out, "\n");
			}
		}
	}
	if (e)
		/* TRANSLATORS: %s is the document that registered the code, e.g. "RFC 3463 §3.8". */
		put_ref(out, N_("Defined in: %s (IANA \"SMTP Enhanced Status Codes\" registry)"), e->ref);
	else
		put_field(out, N_("Defined in:"), s ? s->ref : "RFC 3463 §2");
	return 0;
}

/* The length of the token at *p (up to whitespace); *p is advanced past leading whitespace first. */
static size_t next_token(const char **p)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	*p = s;
	while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\r' && s[n] != '\n')
		n++;
	return n;
}

int replycodes_explaind(const char *code, struct dtext *out)
{
	const char *p = code;
	size_t n;
	int d[3], cls, subject, detail;

	if (!code) {
		dtext_puts(out, N_("no code given"));
		dtext_raw(out, "\n");
		return -1;
	}
	n = next_token(&p);
	if (n == 0) {
		dtext_puts(out, N_("no code given: try 550, 5.7.1, 4xx or x.7.x"));
		dtext_raw(out, "\n");
		return -1;
	}
	/* A pasted first line of a multi-line reply, "550-5.7.1 ...": explain both codes. */
	if (n >= 4 && p[3] == '-' && parse_basic(p, 3, d) && d[2] != ANY) {
		int r = explain_basic(d, out);
		const char *q = p + 4;
		size_t m = next_token(&q);
		if (r == 0 && m && parse_enhanced(q, m, &cls, &subject, &detail)) {
			dtext_raw(out, "\n");
			if (explain_enhanced(cls, subject, detail, out) != 0)
				return -1;
		}
		return r;
	}
	if (parse_basic(p, n, d)) {
		int r = explain_basic(d, out);
		const char *q = p + n;
		size_t m = next_token(&q);
		if (r == 0 && m && parse_enhanced(q, m, &cls, &subject, &detail)) {
			dtext_raw(out, "\n");
			if (explain_enhanced(cls, subject, detail, out) != 0)
				return -1;
		}
		return r;
	}
	if (parse_enhanced(p, n, &cls, &subject, &detail))
		return explain_enhanced(cls, subject, detail, out);
	dtext_puts(out, N_("not a reply code: try a basic code (550, 5xx, x5x) or an enhanced one (5.7.1, 4.x.x, "
			   "x.7.x)"));
	dtext_raw(out, "\n");
	return -1;
}

int replycodes_explain(const char *code, struct buf *out)
{
	struct dtext d;

	dtext_init(&d, out->max);
	int r = replycodes_explaind(code, &d);
	buf_append_str(out, dtext_en(&d));
	dtext_free(&d);
	return r;
}
