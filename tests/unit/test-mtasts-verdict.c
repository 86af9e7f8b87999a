/* test-mtasts-verdict: what an MTA-STS policy makes of each MX host (RFC 8461 §4, §5): listed or not, the
 * certificate checked against the MX name or not, and whether a sender would defer, per mode. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/mtasts.h"
#include "lib/xmalloc.h"

static struct mtasts_result *with_policy(const char *body)
{
	struct mtasts_result *r = mtasts_result_new("lab.test");
	char *err = NULL;
	r->policy = mtasts_policy_parse(body, strlen(body), &err);
	CHECK(r->policy != NULL);
	free(err);
	r->status = MTASTS_ST_POLICY;
	return r;
}

int main(void)
{
	struct mtasts_host_view v;
	struct tls_info ok = {.verified = true, .checked_name = "mx1.lab.test", .trust_store = "lab CA"};
	struct verify_reason why = {.id = "signer-not-found"};
	struct tls_info bad = {.verified = false, .checked_name = "mx1.lab.test", .reasons = &why, .nreasons = 1};
	struct tls_info byaddr = {.verified = true, .checked_name = "127.0.0.1"};

	struct mtasts_result *r = with_policy("version: STSv1\nmode: enforce\nmx: mx1.lab.test\nmax_age: 86400\n");
	CHECK_INT(mtasts_effective_mode(r), MTASTS_MODE_ENFORCE);
	mtasts_host_check(r, "MX1.lab.test.", &ok, false, &v);
	CHECK_STR(mtasts_verdict_name(v.verdict), "ok");
	CHECK(v.mx_match && !v.would_defer);
	CHECK_STR(v.pattern, "mx1.lab.test");
	mtasts_host_check(r, "mx1.lab.test", &bad, false, &v);
	CHECK_STR(mtasts_verdict_name(v.verdict), "certificate-invalid");
	CHECK(v.would_defer && strstr(v.reason, "signer-not-found"));
	mtasts_host_check(r, "mx2.lab.test", &ok, false, &v);
	CHECK_STR(mtasts_verdict_name(v.verdict), "mx-unlisted");
	CHECK(!v.mx_match && v.would_defer);
	mtasts_host_check(r, "mx1.lab.test", NULL, true, &v);
	CHECK_STR(mtasts_verdict_name(v.verdict), "no-tls");
	CHECK(v.would_defer);
	mtasts_host_check(r, "mx1.lab.test", NULL, false, &v);
	CHECK_STR(mtasts_verdict_name(v.verdict), "unchecked");
	CHECK(!v.would_defer);
	/* Verified against the address: not the check MTA-STS asks for. */
	mtasts_host_check(r, "mx1.lab.test", &byaddr, false, &v);
	CHECK_STR(mtasts_verdict_name(v.verdict), "unchecked");
	mtasts_result_free(r);

	/* Testing: the same failures, no deferral. */
	r = with_policy("version: STSv1\nmode: testing\nmx: *.lab.test\nmax_age: 86400\n");
	mtasts_host_check(r, "other.example", &ok, false, &v);
	CHECK_STR(mtasts_verdict_name(v.verdict), "mx-unlisted");
	CHECK(!v.would_defer && strstr(v.reason, "testing mode"));
	mtasts_host_check(r, "mx1.lab.test", &bad, false, &v);
	CHECK(v.verdict == MTASTS_V_CERT_INVALID && !v.would_defer);
	mtasts_result_free(r);

	/* Mode none, and no policy at all: nothing to enforce. */
	r = with_policy("version: STSv1\nmode: none\nmax_age: 86400\n");
	mtasts_host_check(r, "mx1.lab.test", &bad, false, &v);
	CHECK(v.verdict == MTASTS_V_NO_POLICY && !v.would_defer);
	mtasts_result_free(r);
	r = mtasts_result_new("lab.test");
	r->status = MTASTS_ST_FETCH_FAILED;
	CHECK_INT(mtasts_effective_mode(r), MTASTS_MODE_NONE);
	mtasts_host_check(r, "mx1.lab.test", NULL, false, &v);
	CHECK(v.verdict == MTASTS_V_NO_POLICY && !v.would_defer && strstr(v.reason, "fetch-failed"));
	mtasts_result_free(r);

	/* The name tables are complete. */
	for (int s = MTASTS_ST_NO_RECORD; s <= MTASTS_ST_POLICY; s++)
		CHECK(strcmp(mtasts_status_name((enum mtasts_status)s), "unknown") != 0);
	for (int k = MTASTS_V_NO_POLICY; k <= MTASTS_V_NO_TLS; k++)
		CHECK(strcmp(mtasts_verdict_name((enum mtasts_verdict)k), "unknown") != 0);
	return check_report();
}
