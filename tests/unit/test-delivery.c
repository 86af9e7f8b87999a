/* test-delivery: the verdict a sending MTA reaches (core/delivery.h), from the DNS state of an MX host, its TLS
 * session and the domain's MTA-STS policy: DANE first where TLSA records exist (RFC 8461 §2), bogus DNS and a
 * DANE mismatch defer, without DANE a web-PKI failure still delivers (opportunistic), MTA-STS enforce delivers
 * only to a listed MX with a valid certificate, no TLS is plaintext only. TLS sessions are plain structs. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/delivery.h"
#include "lib/xmalloc.h"

static struct mta_target *target(enum dane_verdict dns)
{
	struct mta_target *t = xcalloc(1, sizeof *t);
	t->domain = xstrdup("lab.test");
	t->host = xstrdup("mx1.lab.test");
	t->port = 25;
	t->dns = dns;
	t->dns_why = xstrdup("the DNS reason");
	return t;
}

/* A TLS session whose certificate verified (or not) against name; no certificates (DANE is not asked here). */
static struct tls_info tls(bool verified, const char *name)
{
	static struct verify_reason r = {.id = "signer-not-found", .text = "not issued by a trusted authority"};
	struct tls_info ti = {.verified = verified, .checked_name = (char *)name};
	if (!verified) {
		ti.reasons = &r;
		ti.nreasons = 1;
	}
	return ti;
}

static struct mtasts_result *sts(const char *policy)
{
	struct mtasts_result *r = mtasts_result_new("lab.test");
	char *err = NULL;
	r->policy = mtasts_policy_parse(policy, strlen(policy), &err);
	CHECK(r->policy != NULL);
	free(err);
	r->status = MTASTS_ST_POLICY;
	return r;
}

static enum delivery_kind judge_no_tls(const struct mta_target *t, const struct tls_info *ti, enum delivery_no_tls why,
				       struct delivery_view *v)
{
	struct dane_report rep;
	delivery_judge(t, ti, why, 0, &rep, v);
	dane_report_clear(&rep);
	return v->kind;
}

static enum delivery_kind judge(const struct mta_target *t, const struct tls_info *ti, struct delivery_view *v)
{
	return judge_no_tls(t, ti, DELIVERY_TLS_UNTRIED, v);
}

int main(void)
{
	struct delivery_view v;
	struct tls_info bad = tls(false, "mx1.lab.test"), good = tls(true, "mx1.lab.test");

	/* No DANE, no MTA-STS: opportunistic whatever the certificate, and the web-PKI failure is said. */
	struct mta_target *t = target(DANE_INSECURE);
	CHECK_INT(judge(t, &bad, &v), DELIVERY_OPPORTUNISTIC);
	CHECK(v.delivers && !v.pkix_verified && strstr(v.reason, "still deliver") != NULL);
	CHECK(strstr(v.reason, "not issued by a trusted authority") != NULL);
	CHECK_INT(judge(t, &good, &v), DELIVERY_OPPORTUNISTIC);
	CHECK(v.pkix_verified);
	CHECK(v.mta_sts == NULL);
	/* No TLS: plaintext only, delivered. */
	CHECK_INT(judge(t, NULL, &v), DELIVERY_PLAINTEXT);
	CHECK(v.delivers);
	/* A refused STARTTLS or a failed handshake: still plaintext, and the reason says which. */
	CHECK_INT(judge_no_tls(t, NULL, DELIVERY_TLS_REFUSED, &v), DELIVERY_PLAINTEXT);
	CHECK(v.delivers && strstr(v.reason, "refused STARTTLS") != NULL);
	CHECK_INT(judge_no_tls(t, NULL, DELIVERY_TLS_FAILED, &v), DELIVERY_PLAINTEXT);
	CHECK(v.delivers && strstr(v.reason, "handshake failed") != NULL);
	CHECK_INT(judge_no_tls(t, NULL, DELIVERY_TLS_NOT_OFFERED, &v), DELIVERY_PLAINTEXT);
	CHECK(strstr(v.reason, "offers no STARTTLS") != NULL);
	/* A failed handshake where TLS starts on connect: no plaintext to fall back to, so a sender defers. */
	CHECK_INT(judge_no_tls(t, NULL, DELIVERY_TLS_NO_FALLBACK, &v), DELIVERY_DEFER);
	CHECK(!v.delivers && strstr(v.reason, "no plaintext session to fall back to") != NULL);
	mta_target_free(t);

	/* Bogus DNS: would defer. */
	t = target(DANE_BOGUS);
	CHECK_INT(judge(t, &good, &v), DELIVERY_DEFER);
	CHECK(!v.delivers && strstr(v.reason, "the DNS reason") != NULL);
	mta_target_free(t);

	/* TLSA records and no TLS: a DANE sender requires TLS. Records none of which is usable: TLS required, any
	 * certificate. */
	t = target(DANE_MISMATCH);
	t->records = xcalloc(1, sizeof *t->records);
	t->records[0] = (struct dane_tlsa){.usage = 3, .selector = 1, .mtype = 1, .len = 32};
	t->nrecords = 1;
	CHECK_INT(judge(t, NULL, &v), DELIVERY_DEFER);
	CHECK_INT(judge_no_tls(t, NULL, DELIVERY_TLS_FAILED, &v), DELIVERY_DEFER);
	CHECK(strstr(v.reason, "DANE") != NULL);
	CHECK_INT(judge(t, &good, &v), DELIVERY_DEFER); /* no certificate in this session: no match */
	t->records[0].usage = 1;
	CHECK_INT(judge(t, &bad, &v), DELIVERY_OPPORTUNISTIC);
	CHECK_STR(v.dane, "unusable");
	CHECK_INT(judge(t, NULL, &v), DELIVERY_DEFER);
	/* DANE takes precedence: an MTA-STS policy does not change a DANE verdict. */
	mta_target_set_mtasts(t, sts("version: STSv1\nmode: enforce\nmx: other.lab.test\nmax_age: 86400\n"));
	CHECK_INT(judge(t, &bad, &v), DELIVERY_OPPORTUNISTIC);
	CHECK(v.mta_sts == NULL);
	mta_target_free(t);

	/* MTA-STS enforce, listed MX: a valid certificate delivers (MTA-STS-enforced), an invalid one defers. */
	t = target(DANE_NO_RECORDS);
	mta_target_set_mtasts(t, sts("version: STSv1\nmode: enforce\nmx: *.lab.test\nmax_age: 86400\n"));
	CHECK_INT(judge(t, &good, &v), DELIVERY_MTA_STS);
	CHECK_STR(v.mta_sts, "enforce");
	CHECK_INT(judge(t, &bad, &v), DELIVERY_DEFER);
	CHECK(strstr(v.reason, "MTA-STS") != NULL);
	/* Enforce, listed, and STARTTLS refused or not offered: TLS did not happen, a sender defers. */
	CHECK_INT(judge_no_tls(t, NULL, DELIVERY_TLS_REFUSED, &v), DELIVERY_DEFER);
	CHECK(strstr(v.reason, "MTA-STS (mode enforce)") != NULL && strstr(v.reason, "TLS did not happen") != NULL);
	CHECK_INT(judge_no_tls(t, NULL, DELIVERY_TLS_NOT_OFFERED, &v), DELIVERY_DEFER);
	/* ...and a failed STARTTLS handshake: no plaintext fallback under enforce. */
	CHECK_INT(judge_no_tls(t, NULL, DELIVERY_TLS_FAILED, &v), DELIVERY_DEFER);
	CHECK(!v.delivers && strstr(v.reason, "MTA-STS (mode enforce)") != NULL);
	/* The reason names the failed handshake, never a certificate at fault (none was seen), nor a missing STARTTLS. */
	CHECK(strstr(v.reason, "the TLS handshake failed") != NULL &&
	      strstr(v.reason, "no certificate could be checked") != NULL);
	CHECK(strstr(v.reason, "TLS did not happen") == NULL && strstr(v.reason, "does not verify") == NULL);
	/* Enforce with an unlisted MX: defer even with a valid certificate. */
	mta_target_set_mtasts(t, sts("version: STSv1\nmode: enforce\nmx: other.example\nmax_age: 86400\n"));
	CHECK_INT(judge(t, &good, &v), DELIVERY_DEFER);
	/* Testing: reported, delivered. */
	mta_target_set_mtasts(t, sts("version: STSv1\nmode: testing\nmx: other.example\nmax_age: 86400\n"));
	CHECK_INT(judge(t, &bad, &v), DELIVERY_OPPORTUNISTIC);
	CHECK(v.delivers && strstr(v.reason, "MTA-STS (mode testing)") != NULL);
	CHECK_STR(v.mta_sts, "testing");
	/* Testing and a failed handshake: the sender falls back to plaintext and delivers. */
	CHECK_INT(judge_no_tls(t, NULL, DELIVERY_TLS_FAILED, &v), DELIVERY_PLAINTEXT);
	CHECK(v.delivers && strstr(v.reason, "handshake failed") != NULL);
	mta_target_free(t);

	/* The names tables: complete and distinct. */
	for (int i = 0; i < DELIVERY_NKINDS; i++) {
		CHECK(strcmp(delivery_kind_name((enum delivery_kind)i), "?") != 0);
		for (int k = 0; k < i; k++)
			CHECK(strcmp(delivery_kind_name((enum delivery_kind)i),
				     delivery_kind_name((enum delivery_kind)k)));
	}
	CHECK_STR(delivery_kind_text(DELIVERY_DEFER), "would defer");
	return check_report();
}
