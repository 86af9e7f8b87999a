/* test-replycodes: every table of the reply-code knowledge base is sorted, has unique keys and complete fields;
 * every registered enhanced code (in every class) and every basic code explains; malformed input is refused. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/replycodes.h"

static int filled(const char *s)
{
	return s && *s;
}

static void test_basic_table(void)
{
	size_t n = replycodes_basic_count();

	CHECK(n >= 30);
	for (size_t i = 0; i < n; i++) {
		const struct replycode_info *b = replycodes_basic_at(i);
		CHECK(b != NULL);
		if (!b)
			continue;
		CHECK(b->code >= 200 && b->code <= 599);
		if (i > 0)
			CHECK(replycodes_basic_at(i - 1)->code < b->code); /* sorted, hence unique */
		CHECK(filled(b->name) && filled(b->explain) && filled(b->causes) && filled(b->todo) &&
		      filled(b->ref));
		CHECK(strstr(b->ref, "RFC ") != NULL);
		CHECK(replycodes_basic(b->code) == b); /* findable */
	}
	CHECK(replycodes_basic_at(n) == NULL);
	CHECK(replycodes_basic(299) == NULL);
	CHECK(replycodes_basic(-1) == NULL);
}

/* The whole IANA registry (as of its 2024 revision): every subject and its highest registered detail. */
static const struct {
	int subject, max_detail;
} registry[] = {
	{0, 0}, {1, 10}, {2, 4}, {3, 6}, {4, 7}, {5, 6}, {6, 10}, {7, 30},
};

static void test_enhanced_table(void)
{
	size_t n = replycodes_enhanced_count(), want = 0;

	for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
		want += (size_t)registry[i].max_detail + 1;
	CHECK_INT(n, want);
	for (size_t i = 0; i < n; i++) {
		const struct enhanced_info *e = replycodes_enhanced_at(i);
		CHECK(e != NULL);
		if (!e)
			continue;
		if (i > 0) {
			const struct enhanced_info *p = replycodes_enhanced_at(i - 1);
			CHECK(p->subject < e->subject || (p->subject == e->subject && p->detail < e->detail));
		}
		CHECK(filled(e->name) && filled(e->explain) && filled(e->causes) && filled(e->todo) &&
		      filled(e->ref));
		CHECK(replycodes_enhanced_detail(e->subject, e->detail) == e);
		CHECK(replycodes_subject(e->subject) != NULL);
	}
	/* No hole: every detail from 0 to the highest of each subject is there. */
	for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
		for (int d = 0; d <= registry[i].max_detail; d++) {
			const struct enhanced_info *e = replycodes_enhanced_detail(registry[i].subject, d);
			if (!e)
				fprintf(stderr, "missing X.%d.%d\n", registry[i].subject, d);
			CHECK(e != NULL);
		}
	CHECK(replycodes_enhanced_detail(7, 31) == NULL);
	CHECK(replycodes_enhanced_detail(8, 0) == NULL);
	CHECK(replycodes_enhanced_at(n) == NULL);
}

static void test_digit_tables(void)
{
	const struct {
		const struct digit_info *t;
		size_t n;
	} tables[] = {
		{replycodes_class_table, replycodes_class_table_len},
		{replycodes_subject_table, replycodes_subject_table_len},
		{replycodes_first_table, replycodes_first_table_len},
		{replycodes_second_table, replycodes_second_table_len},
	};
	for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++)
		for (size_t i = 0; i < tables[k].n; i++) {
			const struct digit_info *d = &tables[k].t[i];
			if (i > 0)
				CHECK(tables[k].t[i - 1].value < d->value);
			CHECK(filled(d->name) && filled(d->explain) && filled(d->ref));
		}
	CHECK_INT(replycodes_class_table_len, 3);
	CHECK_INT(replycodes_subject_table_len, 8);
	CHECK_INT(replycodes_second_table_len, 6);
	CHECK(replycodes_class(3) == NULL);
	CHECK(replycodes_class(5) != NULL);
	CHECK(replycodes_subject(8) == NULL);
	CHECK(replycodes_second_digit(6) == NULL);
}

/* explain returns want, and (when contains is not NULL) its text holds contains. */
static void explain_is(const char *code, int want, const char *contains)
{
	struct buf b;

	buf_init(&b, 64 * 1024);
	int r = replycodes_explain(code, &b);
	if (r != want)
		fprintf(stderr, "explain(\"%s\") = %d, want %d: %s", code, r, want, buf_cstr(&b));
	CHECK_INT(r, want);
	CHECK(b.len > 0);
	if (contains && !strstr(buf_cstr(&b), contains)) {
		fprintf(stderr, "explain(\"%s\") lacks \"%s\":\n%s", code, contains, buf_cstr(&b));
		CHECK(0);
	}
	buf_free(&b);
}

static void test_explain_every_code(void)
{
	char code[32];

	for (size_t i = 0; i < replycodes_basic_count(); i++) {
		const struct replycode_info *b = replycodes_basic_at(i);
		snprintf(code, sizeof code, "%d", b->code);
		explain_is(code, 0, b->name);
	}
	for (size_t i = 0; i < replycodes_enhanced_count(); i++) {
		const struct enhanced_info *e = replycodes_enhanced_at(i);
		static const int classes[] = {2, 4, 5};
		for (size_t c = 0; c < 3; c++) {
			snprintf(code, sizeof code, "%d.%d.%d", classes[c], e->subject, e->detail);
			explain_is(code, 0, e->name);
			CHECK(replycodes_enhanced(code) == e);
		}
		snprintf(code, sizeof code, "X.%d.%d", e->subject, e->detail);
		explain_is(code, 0, e->name);
	}
}

/* The text's lower-cased copy holds needle. */
static int says(const char *text, const char *needle)
{
	char low[16384];
	size_t i;

	for (i = 0; text[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)text[i]);
	low[i] = '\0';
	return strstr(low, needle) != NULL;
}

/* Words that give a verdict: a transient text must say none of the first, a permanent one none of the second. */
static const char *const not_transient[] = {"permanent", "do not retry", "for good", "give up", "gives up"};
static const char *const not_permanent[] = {"retry later", "try again later", "try later", "temporar", "transient"};

static void check_words(const char *code, const char *text, const char *const *bad, size_t nbad)
{
	for (size_t k = 0; k < nbad; k++)
		if (says(text, bad[k])) {
			fprintf(stderr, "%s says \"%s\":\n%s", code, bad[k], text);
			CHECK(0);
		}
}

/* For every registered enhanced code: the 4.s.d explanation reads transient and the 5.s.d one permanent, and the
 * class-neutral texts of the table say neither (the class supplies the verdict). */
static void test_class_verdicts(void)
{
	char code[32];
	struct buf b;

	buf_init(&b, 64 * 1024);
	for (size_t i = 0; i < replycodes_enhanced_count(); i++) {
		const struct enhanced_info *e = replycodes_enhanced_at(i);
		const char *neutral[] = {e->name, e->explain, e->causes, e->todo};
		for (size_t k = 0; k < 4; k++) {
			check_words(e->name, neutral[k], not_transient, sizeof not_transient / sizeof *not_transient);
			check_words(e->name, neutral[k], not_permanent, sizeof not_permanent / sizeof *not_permanent);
		}
		if (e->transient) {
			CHECK(strncmp(e->transient, "Transient: ", 11) == 0);
			check_words(e->name, e->transient, not_transient, sizeof not_transient / sizeof *not_transient);
		}
		if (e->permanent) {
			CHECK(strncmp(e->permanent, "Permanent: ", 11) == 0);
			check_words(e->name, e->permanent, not_permanent, sizeof not_permanent / sizeof *not_permanent);
		}

		snprintf(code, sizeof code, "4.%d.%d", e->subject, e->detail);
		buf_reset(&b);
		CHECK_INT(replycodes_explain(code, &b), 0);
		CHECK(says(buf_cstr(&b), "transient"));
		check_words(code, buf_cstr(&b), not_transient, sizeof not_transient / sizeof *not_transient);

		snprintf(code, sizeof code, "5.%d.%d", e->subject, e->detail);
		buf_reset(&b);
		CHECK_INT(replycodes_explain(code, &b), 0);
		CHECK(says(buf_cstr(&b), "permanent"));
		check_words(code, buf_cstr(&b), not_permanent, sizeof not_permanent / sizeof *not_permanent);

		snprintf(code, sizeof code, "2.%d.%d", e->subject, e->detail);
		buf_reset(&b);
		CHECK_INT(replycodes_explain(code, &b), 0);
		CHECK(says(buf_cstr(&b), "success"));
		check_words(code, buf_cstr(&b), not_transient, sizeof not_transient / sizeof *not_transient);
		check_words(code, buf_cstr(&b), not_permanent, sizeof not_permanent / sizeof *not_permanent);
	}
	/* The basic codes, by their first digit. */
	for (size_t i = 0; i < replycodes_basic_count(); i++) {
		const struct replycode_info *r = replycodes_basic_at(i);
		snprintf(code, sizeof code, "%d", r->code);
		buf_reset(&b);
		CHECK_INT(replycodes_explain(code, &b), 0);
		if (r->code / 100 == 4)
			check_words(code, buf_cstr(&b), not_transient, sizeof not_transient / sizeof *not_transient);
		if (r->code / 100 == 5)
			check_words(code, buf_cstr(&b), not_permanent, sizeof not_permanent / sizeof *not_permanent);
	}
	/* The two the issue quoted. */
	buf_reset(&b);
	replycodes_explain("4.1.1", &b);
	CHECK(!says(buf_cstr(&b), "what to try: permanent"));
	buf_reset(&b);
	replycodes_explain("451 4.7.1", &b);
	CHECK(says(buf_cstr(&b), "greylisting"));
	buf_free(&b);
}

static void test_explain_forms(void)
{
	explain_is("550", 0, "mailbox unavailable");
	explain_is("5.7.1", 0, "Relaying denied");
	explain_is("4.7.0", 0, "Class 4");
	explain_is("5xx", 0, "Permanent negative");
	explain_is("4", 0, "Transient");
	explain_is("55x", 0, "556");
	explain_is("x5x", 0, "Mail system");
	explain_is("5yz", 0, "Permanent");
	explain_is("5.x.x", 0, "Permanent failure");
	explain_is("x.7.x", 0, "X.7.30");
	explain_is("5.7", 0, "REQUIRETLS");
	explain_is("  550   5.7.1 Relaying denied", 0, "5.7.1  Delivery not authorized");
	explain_is("X.7.1", 0, "As 4.7.1: Transient");
	explain_is("550-5.1.1 no such user", 0, "Bad destination mailbox address");
	explain_is("5.7.99", 0, "not registered");
	explain_is("259", 0, "not a code defined");
	explain_is("299", -1, NULL);
	explain_is("5.7.1\n", 0, NULL);

	explain_is("", -1, NULL);
	explain_is("   ", -1, NULL);
	explain_is("abc", -1, NULL);
	explain_is("9.1.1", -1, NULL);
	explain_is("3.1.1", -1, NULL);
	explain_is("5.8.1", -1, NULL);
	explain_is("650", -1, NULL);
	explain_is("560", -1, NULL);
	explain_is("xxx", -1, NULL);
	explain_is("x.x.x", -1, NULL);
	explain_is("5.7.1x", -1, NULL);
	explain_is("5.7.1000", -1, NULL);
	explain_is("5..1", -1, NULL);
	explain_is("5.", -1, NULL);
	explain_is("55", -1, NULL);
	explain_is("5500", -1, NULL);
	explain_is("550 9.9.9", -1, NULL);
	struct buf b;
	buf_init(&b, 1024);
	CHECK_INT(replycodes_explain(NULL, &b), -1);
	buf_free(&b);
}

static void test_oneline(void)
{
	char b[160];

	CHECK_STR(replycodes_oneline(550, "5.1.1", b, sizeof b), "Bad destination mailbox address (permanent failure)");
	CHECK_STR(replycodes_oneline(250, "2.0.0", b, sizeof b), "Requested mail action okay, completed");
	CHECK_STR(replycodes_oneline(250, "2.1.5", b, sizeof b), "Destination address valid");
	CHECK_STR(replycodes_oneline(250, NULL, b, sizeof b), "Requested mail action okay, completed");
	CHECK_STR(replycodes_oneline(599, "", b, sizeof b), "Permanent negative completion reply");
	CHECK_STR(replycodes_oneline(-1, NULL, b, sizeof b), "unrecognised reply code");
	CHECK_STR(replycodes_oneline(999, "garbage", b, sizeof b), "unrecognised reply code");
	/* The greylisting lesson's reply: transient, not "message refused". */
	CHECK_STR(replycodes_oneline(451, "4.7.1", b, sizeof b), "Delivery not authorized (temporary failure)");
	CHECK_STR(replycodes_oneline(550, "5.7.1", b, sizeof b), "Delivery not authorized (permanent failure)");
	CHECK_STR(replycodes_oneline(451, "4.7.1", b, 10), "Delivery ");
	CHECK(strstr(replycodes_action(451), "retry later") != NULL);
	CHECK(strstr(replycodes_action(550), "do not retry") != NULL);
}

int main(void)
{
	test_basic_table();
	test_enhanced_table();
	test_digit_tables();
	test_explain_every_code();
	test_explain_forms();
	test_oneline();
	test_class_verdicts();
	return check_report();
}
