/* test-ehlo: EHLO capability lists from real Exim 4.96 and Postfix 3.7 replies before and after STARTTLS, odd
 * and hostile lists, and the diff between phases. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/ehlo.h"
#include "core/reply.h"

static void keep(void *arg, const struct reply *r)
{
	struct reply **out = arg;

	if (*out == NULL)
		*out = reply_dup(r);
}

/* The first reply in s, parsed by the real parser. */
static struct reply *reply_of(const char *s)
{
	struct reply_parser *p = reply_parser_new(512, 1000);
	struct reply *r = NULL;

	reply_parser_feed(p, (const uint8_t *)s, strlen(s), keep, &r);
	reply_parser_flush(p, keep, &r);
	reply_parser_free(p);
	return r;
}

static struct caps *caps_of(const char *s)
{
	struct reply *r = reply_of(s);
	struct caps *c = caps_from_reply(r);

	reply_free(r);
	return c;
}

static const char exim_plain[] = "250-mail.lab.test Hello client.lab.test [127.0.0.1]\r\n"
                                 "250-SIZE 52428800\r\n"
                                 "250-8BITMIME\r\n"
                                 "250-PIPELINING\r\n"
                                 "250-CHUNKING\r\n"
                                 "250-STARTTLS\r\n"
                                 "250-PRDR\r\n"
                                 "250 HELP\r\n";
static const char exim_tls[] = "250-mail.lab.test Hello client.lab.test [127.0.0.1]\r\n"
                               "250-SIZE 52428800\r\n"
                               "250-8BITMIME\r\n"
                               "250-PIPELINING\r\n"
                               "250-AUTH PLAIN LOGIN\r\n"
                               "250-CHUNKING\r\n"
                               "250-PRDR\r\n"
                               "250 HELP\r\n";
static const char postfix_plain[] = "250-mail.lab.test\r\n"
                                    "250-PIPELINING\r\n"
                                    "250-SIZE 10240000\r\n"
                                    "250-VRFY\r\n"
                                    "250-ETRN\r\n"
                                    "250-STARTTLS\r\n"
                                    "250-ENHANCEDSTATUSCODES\r\n"
                                    "250-8BITMIME\r\n"
                                    "250-DSN\r\n"
                                    "250-SMTPUTF8\r\n"
                                    "250 CHUNKING\r\n";
static const char postfix_tls[] = "250-mail.lab.test\r\n"
                                  "250-PIPELINING\r\n"
                                  "250-SIZE 10240000\r\n"
                                  "250-VRFY\r\n"
                                  "250-ETRN\r\n"
                                  "250-AUTH PLAIN LOGIN\r\n"
                                  "250-AUTH=PLAIN LOGIN\r\n"
                                  "250-ENHANCEDSTATUSCODES\r\n"
                                  "250-8BITMIME\r\n"
                                  "250-DSN\r\n"
                                  "250-SMTPUTF8\r\n"
                                  "250 CHUNKING\r\n";

static void test_phase_names(void)
{
	const char *seen[CAPS_NPHASES];

	for (int i = 0; i < CAPS_NPHASES; i++) {
		seen[i] = caps_phase_name((enum caps_phase)i);
		CHECK(strcmp(seen[i], "unknown") != 0);
		for (int j = 0; j < i; j++)
			CHECK(strcmp(seen[i], seen[j]) != 0);
	}
	CHECK_STR(caps_phase_name(CAPS_PLAIN), "plain");
	CHECK_STR(caps_phase_name(CAPS_TLS), "tls");
	CHECK_STR(caps_phase_name(CAPS_AUTH), "auth");
	CHECK_STR(caps_phase_name(CAPS_NPHASES), "unknown");
	CHECK_STR(caps_phase_name((enum caps_phase)-1), "unknown");
}

static void test_exim(void)
{
	struct caps *a = caps_of(exim_plain), *b = caps_of(exim_tls);
	struct caps_diff *d;

	CHECK(a != NULL && b != NULL);
	CHECK_STR(a->domain, "mail.lab.test Hello client.lab.test [127.0.0.1]");
	CHECK_INT(a->n, 7);
	CHECK_STR(a->v[0].name, "SIZE");
	CHECK_STR(a->v[0].params, "52428800");
	CHECK_STR(a->v[1].name, "8BITMIME");
	CHECK_STR(a->v[1].params, "");
	CHECK(caps_has(a, "STARTTLS", NULL));
	CHECK(caps_has(a, "starttls", NULL));
	CHECK(!caps_has(a, "AUTH", NULL));
	CHECK(caps_has(b, "AUTH", "PLAIN"));
	CHECK(caps_has(b, "auth", "login"));
	CHECK(!caps_has(b, "AUTH", "CRAM-MD5"));
	CHECK(!caps_has(b, "AUTH", "PLAI"));
	CHECK(!caps_has(b, "STARTTLS", NULL));
	CHECK(caps_find(a, "size") == &a->v[0]);
	CHECK(caps_find(a, "SMTPUTF8") == NULL);

	d = caps_diff(a, b);
	CHECK_INT(d->nadded, 1);
	CHECK_STR(d->added[0].name, "AUTH");
	CHECK_STR(d->added[0].params, "PLAIN LOGIN");
	CHECK_INT(d->nremoved, 1);
	CHECK_STR(d->removed[0].name, "STARTTLS");
	CHECK_INT(d->nchanged, 0);
	CHECK_INT(d->nsame, 6);
	caps_diff_free(d);
	caps_free(a);
	caps_free(b);
}

static void test_postfix(void)
{
	struct caps *a = caps_of(postfix_plain), *b = caps_of(postfix_tls);
	struct caps_diff *d;

	CHECK_STR(a->domain, "mail.lab.test");
	CHECK_INT(a->n, 10);
	CHECK_INT(b->n, 11);
	/* The old AUTH= form is its own keyword, as sent, never merged into AUTH. */
	CHECK(caps_find(b, "AUTH=PLAIN") != NULL);
	CHECK_STR(caps_find(b, "AUTH=PLAIN")->params, "LOGIN");
	CHECK_STR(caps_find(b, "AUTH")->params, "PLAIN LOGIN");
	CHECK(caps_has(b, "ENHANCEDSTATUSCODES", NULL));

	d = caps_diff(a, b);
	CHECK_INT(d->nadded, 2);
	CHECK_STR(d->added[0].name, "AUTH");
	CHECK_STR(d->added[1].name, "AUTH=PLAIN");
	CHECK_INT(d->nremoved, 1);
	CHECK_STR(d->removed[0].name, "STARTTLS");
	CHECK_INT(d->nchanged, 0);
	CHECK_INT(d->nsame, 9);
	caps_diff_free(d);

	/* Reverse direction: what was added is now removed. */
	d = caps_diff(b, a);
	CHECK_INT(d->nadded, 1);
	CHECK_INT(d->nremoved, 2);
	CHECK_STR(d->removed[0].name, "AUTH");
	CHECK_STR(d->removed[1].name, "AUTH=PLAIN");
	caps_diff_free(d);
	caps_free(a);
	caps_free(b);
}

static void test_changed(void)
{
	struct caps *a = caps_of("250-x\r\n250-SIZE 10485760\r\n250-AUTH PLAIN\r\n250 DSN\r\n");
	struct caps *b = caps_of("250-y\r\n250-AUTH PLAIN LOGIN\r\n250-DSN\r\n250 SIZE 52428800\r\n");
	struct caps_diff *d = caps_diff(a, b);

	CHECK_INT(d->nadded, 0);
	CHECK_INT(d->nremoved, 0);
	CHECK_INT(d->nsame, 1);
	CHECK_INT(d->nchanged, 2);
	/* In b's order. */
	CHECK_STR(d->changed[0].name, "AUTH");
	CHECK_STR(d->changed[0].from, "PLAIN");
	CHECK_STR(d->changed[0].to, "PLAIN LOGIN");
	CHECK_STR(d->changed[1].name, "SIZE");
	CHECK_STR(d->changed[1].from, "10485760");
	CHECK_STR(d->changed[1].to, "52428800");
	caps_diff_free(d);

	/* NULL is an empty list. */
	d = caps_diff(NULL, b);
	CHECK_INT(d->nadded, 3);
	CHECK_STR(d->added[2].name, "SIZE");
	caps_diff_free(d);
	d = caps_diff(a, NULL);
	CHECK_INT(d->nremoved, 3);
	CHECK_STR(d->removed[0].name, "SIZE");
	caps_diff_free(d);
	d = caps_diff(NULL, NULL);
	CHECK_INT(d->nadded + d->nremoved + d->nchanged + d->nsame, 0);
	caps_diff_free(d);
	caps_free(a);
	caps_free(b);
}

static void test_normalise(void)
{
	struct caps *c = caps_of("250-mail\r\n"
	                         "250-size\t  1000 \r\n"
	                         "250-  auth   plain\t\tlogin  \r\n"
	                         "250-auth=login\r\n"
	                         "250-\r\n"
	                         "250-   \r\n"
	                         "250-X_BAD keyword\r\n"
	                         "250-x-experimental\r\n"
	                         "250 AUTH CRAM-MD5\r\n");

	CHECK_INT(c->n, 6);
	CHECK_STR(c->v[0].name, "SIZE");
	CHECK_STR(c->v[0].params, "1000");
	CHECK_STR(c->v[1].name, "AUTH");
	CHECK_STR(c->v[1].params, "plain login");
	CHECK_STR(c->v[2].name, "auth=login");  /* invalid keyword: as sent */
	CHECK_STR(c->v[3].name, "X_BAD");
	CHECK_STR(c->v[3].params, "keyword");
	CHECK_STR(c->v[4].name, "X-EXPERIMENTAL");
	CHECK_STR(c->v[5].name, "AUTH");
	/* AUTH over two lines: caps_has sees both, caps_find the first. */
	CHECK(caps_has(c, "AUTH", "CRAM-MD5"));
	CHECK(caps_has(c, "AUTH", "PLAIN"));
	CHECK_STR(caps_find(c, "AUTH")->params, "plain login");
	CHECK(caps_find(c, "AUTH=LOGIN") != NULL);
	caps_free(c);

	/* Duplicates pair in order: the second AUTH changed, the third is new. */
	{
		struct caps *a = caps_of("250-m\r\n250-AUTH PLAIN\r\n250 AUTH LOGIN\r\n");
		struct caps *b = caps_of("250-m\r\n250-AUTH PLAIN\r\n250-AUTH XOAUTH2\r\n250 AUTH LOGIN\r\n");
		struct caps_diff *d = caps_diff(a, b);

		CHECK_INT(d->nsame, 1);
		CHECK_INT(d->nchanged, 1);
		CHECK_STR(d->changed[0].from, "LOGIN");
		CHECK_STR(d->changed[0].to, "XOAUTH2");
		CHECK_INT(d->nadded, 1);
		CHECK_STR(d->added[0].params, "LOGIN");
		caps_diff_free(d);
		caps_free(a);
		caps_free(b);
	}
}

static void test_edge_replies(void)
{
	struct reply *r;
	struct caps *c, *d;

	/* Not 2xx: no capabilities. */
	r = reply_of("550 5.7.1 go away\r\n");
	CHECK(caps_from_reply(r) == NULL);
	reply_free(r);
	r = reply_of("garbage\r\n");
	CHECK(caps_from_reply(r) == NULL);
	reply_free(r);
	CHECK(caps_from_reply(NULL) == NULL);

	/* One line, no capabilities (RFC 5321 allows it). */
	c = caps_of("250 mail.lab.test\r\n");
	CHECK(c != NULL);
	CHECK_STR(c->domain, "mail.lab.test");
	CHECK_INT(c->n, 0);
	CHECK(caps_find(c, "SIZE") == NULL);
	caps_free(c);

	/* A NUL ends a line's text; a malformed line in the reply becomes a keyword the user can see. */
	{
		static const char in[] = "250-m\r\n250-SIZE 1\0hidden\r\nbroken line\r\n250 DSN\r\n";
		struct reply_parser *p = reply_parser_new(512, 100);

		r = NULL;
		reply_parser_feed(p, (const uint8_t *)in, sizeof(in) - 1, keep, &r);
		reply_parser_free(p);
		CHECK(r != NULL && (r->flags & REPLY_NUL) && (r->flags & REPLY_MALFORMED));
		c = caps_from_reply(r);
		CHECK_INT(c->n, 3);
		CHECK_STR(c->v[0].params, "1");
		CHECK_STR(c->v[1].name, "BROKEN");
		CHECK_STR(c->v[1].params, "line");
		reply_free(r);
	}

	/* Dup is deep and equal. */
	d = caps_dup(c);
	CHECK_STR(d->domain, c->domain);
	CHECK_INT(d->n, c->n);
	CHECK(d->v[0].name != c->v[0].name);
	CHECK_STR(d->v[2].name, "DSN");
	caps_free(c);
	{
		struct caps_diff *df = caps_diff(d, d);

		CHECK_INT(df->nsame, 3);
		CHECK_INT(df->nadded + df->nremoved + df->nchanged, 0);
		caps_diff_free(df);
	}
	caps_free(d);
	caps_free(NULL);
	caps_diff_free(NULL);
	CHECK(caps_dup(NULL) == NULL);
	CHECK(caps_find(NULL, "X") == NULL);
	CHECK(!caps_has(NULL, "X", NULL));
}

int main(void)
{
	test_phase_names();
	test_exim();
	test_postfix();
	test_changed();
	test_normalise();
	test_edge_replies();
	return check_report();
}
