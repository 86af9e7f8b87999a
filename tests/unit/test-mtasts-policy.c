/* test-mtasts-policy: the MTA-STS policy parser, the _mta-sts and TLS-RPT TXT parsers and the MX pattern matcher
 * (RFC 8461 §3.1, §3.2, §4.1; RFC 8460 §3), as a domain's owner relies on them: what senders accept is accepted,
 * what they reject is refused with a reason naming the line. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/mtasts-policy.h"

static struct mtasts_policy *parse(const char *s, char **err)
{
	return mtasts_policy_parse(s, strlen(s), err);
}

/* The policy is refused and the reason contains want. */
static void refused(const char *body, size_t len, const char *want)
{
	char *err = NULL;
	struct mtasts_policy *p = mtasts_policy_parse(body, len, &err);
	CHECK(p == NULL);
	CHECK(err != NULL && strstr(err, want) != NULL);
	if (err && !strstr(err, want))
		fprintf(stderr, "  reason: %s (wanted %s)\n", err, want);
	mtasts_policy_free(p);
	free(err);
}
#define REFUSED(s, want) refused(s, strlen(s), want)

static void test_policy_ok(void)
{
	char *err = NULL;
	struct mtasts_policy *p = parse(
		"version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
		"mx: backupmx.example.com\r\nmax_age: 604800\r\n",
		&err);
	CHECK(p != NULL && err == NULL);
	if (!p)
		return;
	CHECK_INT(p->mode, MTASTS_MODE_ENFORCE);
	CHECK_INT(p->max_age, 604800);
	CHECK_INT(p->nmx, 3);
	CHECK_STR(p->mx[1], "*.example.net");
	CHECK(p->warning == NULL);
	mtasts_policy_free(p);

	/* LF only, no final terminator, tabs after the colon, an extension, upper-case MX lowered. */
	p = parse("version:\tSTSv1\nmode: testing\nmax_age: 86400\nmx: MX1.Example.ORG\nx-note: hello world", &err);
	CHECK(p != NULL);
	if (p) {
		CHECK_INT(p->mode, MTASTS_MODE_TESTING);
		CHECK_STR(p->mx[0], "mx1.example.org");
		mtasts_policy_free(p);
	}
	/* mode none needs no mx. */
	p = parse("version: STSv1\nmode: none\nmax_age: 86400\n", &err);
	CHECK(p != NULL && p->mode == MTASTS_MODE_NONE && p->nmx == 0);
	mtasts_policy_free(p);
	/* A short max_age is legal but said. */
	p = parse("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 300\n", &err);
	CHECK(p != NULL && p->warning && strstr(p->warning, "under a day"));
	mtasts_policy_free(p);
	/* Trailing blank lines: accepted, noted. */
	p = parse("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800\n\n\r\n", &err);
	CHECK(p != NULL && p->warning && strstr(p->warning, "blank lines"));
	mtasts_policy_free(p);
	/* The maximum max_age is accepted. */
	p = parse("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557600\n", &err);
	CHECK(p != NULL && p->max_age == 31557600);
	mtasts_policy_free(p);
}

static void test_policy_refused(void)
{
	REFUSED("", "no version");
	REFUSED("version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1\n", "line 1: version 'STSv2'");
	REFUSED("version: stsv1\nmode: enforce\nmx: a.example\nmax_age: 1\n", "is not STSv1");
	REFUSED("version: STSv1\nmode: Enforce\nmx: a.example\nmax_age: 1\n", "line 2: mode 'Enforce'");
	REFUSED("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557601\n", "over 31557600");
	REFUSED("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -1\n", "not 1 to 10 digits");
	REFUSED("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 12345678901\n", "not 1 to 10 digits");
	REFUSED("version: STSv1\nmode: enforce\nmx: a.example\nmax_age:\n", "not 1 to 10 digits");
	REFUSED("version: STSv1\nmode: enforce\nmax_age: 86400\n", "no mx line");
	REFUSED("version: STSv1\nmx: a.example\nmax_age: 86400\n", "no mode");
	REFUSED("version: STSv1\nmode: enforce\nmx: a.example\n", "no max_age");
	REFUSED("mode: enforce\nmx: a.example\nmax_age: 1\n", "no version");
	REFUSED("version: STSv1\nmode: enforce\nmode: testing\nmx: a.example\nmax_age: 1\n",
		"line 3: mode appears twice");
	/* The wildcard is a whole leftmost label, nothing else. */
	REFUSED("version: STSv1\nmode: enforce\nmx: mx*.example\nmax_age: 1\n", "line 3: mx 'mx*.example'");
	REFUSED("version: STSv1\nmode: enforce\nmx: *.*.example\nmax_age: 1\n", "is not a host name");
	REFUSED("version: STSv1\nmode: enforce\nmx: a.*.example\nmax_age: 1\n", "is not a host name");
	REFUSED("version: STSv1\nmode: enforce\nmx: *\nmax_age: 1\n", "is not a host name");
	REFUSED("version: STSv1\nmode: enforce\nmx: *.com\nmax_age: 1\n", "is not a host name");
	REFUSED("version: STSv1\nmode: enforce\nmx: -a.example\nmax_age: 1\n", "is not a host name");
	REFUSED("version: STSv1\nmode: enforce\nmx: a..example\nmax_age: 1\n", "is not a host name");
	REFUSED("version: STSv1\nmode: enforce\nmx: a.example:25\nmax_age: 1\n", "is not a host name");
	/* Lines: a blank line between fields, a bare CR, no colon, a space before the colon, NUL. */
	REFUSED("version: STSv1\n\nmode: enforce\nmx: a.example\nmax_age: 1\n", "line 2: an empty line");
	REFUSED("version: STSv1\rmode: enforce\nmx: a.example\nmax_age: 1\n", "line 1: a carriage return");
	REFUSED("version: STSv1\nmode enforce\nmx: a.example\nmax_age: 1\n", "line 2: 'mode enforce' is not");
	REFUSED("version: STSv1\nmode : enforce\nmx: a.example\nmax_age: 1\n", "is not a field name");
	static const char nul[] = "version: STSv1\nmode: enforce\nmx: a\0.example\nmax_age: 1\n";
	refused(nul, sizeof nul - 1, "NUL");
	/* An HTML error page served with 200 is what a misconfigured web server gives. */
	REFUSED("<html><body>Not here</body></html>\n", "line 1: '<html><body>Not here</body></html>' is not");
	/* A control character in the reason is escaped, never passed to the terminal. */
	char *err = NULL;
	struct mtasts_policy *p = parse("version: STSv1\nmode: \x1b[2Jx\nmx: a.example\nmax_age: 1\n", &err);
	CHECK(p == NULL && err && !strchr(err, 0x1b));
	free(err);
	/* The size bound. */
	size_t big = MTASTS_POLICY_MAX + 1;
	char *b = malloc(big);
	memset(b, 'a', big);
	refused(b, big, "over the 65536 accepted");
	free(b);
}

static void test_match(void)
{
	/* RFC 8461 §4.1's own examples. */
	CHECK(mtasts_pattern_match("*.example.com", "mail.example.com"));
	CHECK(!mtasts_pattern_match("*.example.com", "example.com"));
	CHECK(!mtasts_pattern_match("*.example.com", "foo.bar.example.com"));
	CHECK(mtasts_pattern_match("mail.example.com", "MAIL.Example.COM."));
	CHECK(mtasts_pattern_match("*.example.com", "Mx1.EXAMPLE.com."));
	CHECK(!mtasts_pattern_match("mail.example.com", "mail.example.com.evil"));
	CHECK(!mtasts_pattern_match("mail.example.com", "xmail.example.com"));
	CHECK(!mtasts_pattern_match("*.example.com", "mailexample.com"));
	CHECK(!mtasts_pattern_match("*.example.com", ".example.com"));

	char *err = NULL;
	struct mtasts_policy *p = parse("version: STSv1\nmode: enforce\nmx: mx1.lab.test\nmx: *.backup.test\n"
					"max_age: 86400\n",
					&err);
	CHECK(p != NULL);
	CHECK_STR(mtasts_policy_match(p, "mx1.lab.test"), "mx1.lab.test");
	CHECK_STR(mtasts_policy_match(p, "b1.backup.test"), "*.backup.test");
	CHECK(mtasts_policy_match(p, "mx2.lab.test") == NULL);
	CHECK(mtasts_policy_match(NULL, "mx2.lab.test") == NULL);
	mtasts_policy_free(p);
}

static void test_txt(void)
{
	char id[MTASTS_ID_MAX + 1];
	char *err = NULL;

	CHECK(mtasts_txt_parse("v=STSv1; id=20160831085700Z;", id, sizeof id, &err));
	CHECK_STR(id, "20160831085700Z");
	CHECK(mtasts_txt_parse("v=STSv1;id=abc", id, sizeof id, &err));
	CHECK_STR(id, "abc");
	CHECK(mtasts_txt_parse("v=STSv1 ;  id=abc ; ext=val", id, sizeof id, &err));
	CHECK(!mtasts_txt_parse("v=STSv1;", id, sizeof id, &err) && strstr(err, "nothing after"));
	free(err);
	CHECK(!mtasts_txt_parse("v=STSv1; ext=1", id, sizeof id, &err) && strstr(err, "no id="));
	free(err);
	CHECK(!mtasts_txt_parse("v=STSv1; id=has-dash", id, sizeof id, &err) && strstr(err, "letters and digits"));
	free(err);
	CHECK(!mtasts_txt_parse("v=STSv1; id=123456789012345678901234567890123", id, sizeof id, &err));
	free(err);
	CHECK(!mtasts_txt_parse("v=STSv1; id=a; id=b", id, sizeof id, &err) && strstr(err, "twice"));
	free(err);
	CHECK(!mtasts_txt_parse("v=STSv1 id=a", id, sizeof id, &err) && strstr(err, "expected ';'"));
	free(err);
	CHECK(!mtasts_txt_parse("v=STSv10; id=a", id, sizeof id, &err));
	free(err);
	CHECK(mtasts_txt_is_sts("v=STSv1; id=1"));
	CHECK(!mtasts_txt_is_sts("v=spf1 -all"));
	CHECK(!mtasts_txt_is_sts("v=STSv10"));

	/* TXT rdata: character-strings joined without a separator. */
	const unsigned char rd[] = {8, 'v', '=', 'S', 'T', 'S', 'v', '1', ';', 5, ' ', 'i', 'd', '=', '7'};
	char *t = mtasts_txt_join(rd, sizeof rd);
	CHECK_STR(t, "v=STSv1; id=7");
	free(t);
	const unsigned char bad[] = {9, 'v', '='};
	CHECK(mtasts_txt_join(bad, sizeof bad) == NULL);
	const unsigned char nul[] = {2, 'v', 0};
	CHECK(mtasts_txt_join(nul, sizeof nul) == NULL);
}

static void test_tlsrpt(void)
{
	struct tlsrpt_record r;
	char *err = NULL;

	CHECK(tlsrpt_parse("v=TLSRPTv1; rua=mailto:reports@example.com", &r, &err));
	CHECK_INT(r.nrua, 1);
	CHECK_STR(r.rua[0], "mailto:reports@example.com");
	tlsrpt_record_clear(&r);
	CHECK(tlsrpt_parse("v=TLSRPTv1;rua=mailto:a@example.com, https://reports.example.com/v1", &r, &err));
	CHECK_INT(r.nrua, 2);
	CHECK_STR(r.rua[1], "https://reports.example.com/v1");
	tlsrpt_record_clear(&r);
	CHECK(!tlsrpt_parse("v=TLSRPTv1; rua=ftp://x", &r, &err) && strstr(err, "not a mailto: or https:"));
	free(err);
	CHECK(!tlsrpt_parse("v=TLSRPTv1; x=1", &r, &err) && strstr(err, "no rua="));
	free(err);
	CHECK(!tlsrpt_parse("v=TLSRPTv2; rua=mailto:a@b", &r, &err));
	free(err);
	CHECK(tlsrpt_txt_is_tlsrpt("v=TLSRPTv1;rua=mailto:a@b"));
	CHECK(!tlsrpt_txt_is_tlsrpt("v=STSv1; id=1"));
}

int main(void)
{
	test_policy_ok();
	test_policy_refused();
	test_match();
	test_txt();
	test_tlsrpt();
	CHECK_STR(mtasts_mode_name(MTASTS_MODE_ENFORCE), "enforce");
	CHECK_STR(mtasts_mode_name(MTASTS_MODE_TESTING), "testing");
	CHECK_STR(mtasts_mode_name(MTASTS_MODE_NONE), "none");
	return check_report();
}
