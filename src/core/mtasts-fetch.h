/* mtasts-fetch: find a domain's MTA-STS policy and TLS-RPT record as a sending MTA does (RFC 8461 §3, RFC 8460
 * §3), without blocking the loop.
 *
 * Steps: in a worker thread, through the validating resolver (core/dnssec.h), the TXT records of _mta-sts.DOMAIN
 * and _smtp._tls.DOMAIN, and the addresses of mta-sts.DOMAIN; then, back on the loop, the policy from
 * https://mta-sts.DOMAIN/.well-known/mta-sts.txt with libcurl's multi socket interface, whose sockets and timer
 * are watched by the program's one poll() loop. The HTTPS connection goes to the addresses our resolver found
 * (pinned with CURLOPT_RESOLVE, so the test DNS hook applies), verifies the certificate for mta-sts.DOMAIN under
 * web PKI, refuses redirects (§3.3), takes only status 200 with Content-Type text/plain, at most
 * MTASTS_POLICY_MAX bytes, within MTASTS_FETCH_TIMEOUT_MS.
 *
 * Test hook (environment; for the test suite, never for real use):
 *   SMTPCON_WEB_CA=FILE   also trust the CA certificates in FILE (PEM) for these HTTPS fetches, e.g. the private
 *                         CA of a test's HTTPS server.
 * With SMTPCON_DNS_SERVER (core/dnssec.h) every name, mta-sts.DOMAIN included, comes from the test DNS server.
 */
#ifndef SMTPCON_MTASTS_FETCH_H
#define SMTPCON_MTASTS_FETCH_H
#include "core/mtasts.h"
#include "lib/loop.h"

#define MTASTS_ENV_WEB_CA "SMTPCON_WEB_CA"
#define MTASTS_FETCH_TIMEOUT_MS 15000L  /* the whole HTTPS fetch (§3.3: senders SHOULD bound it) */
#define MTASTS_CONNECT_TIMEOUT_MS 5000L /* the TCP and TLS connection */
#define MTASTS_MAX_ADDRS 8u             /* addresses of mta-sts.DOMAIN pinned for curl */

struct mtasts_fetch;
/* Called from the loop with the result, which the callee owns (mtasts_result_free). Never NULL. */
typedef void (*mtasts_fn)(void *arg, struct mtasts_result *r);

/* Start looking domain up (a domain name, IDN allowed). fn runs later from the loop, never inside this call.
 * NULL only when no thread or pipe could be made. */
struct mtasts_fetch *mtasts_fetch_start(struct loop *loop, const char *domain, mtasts_fn fn, void *arg);
/* Forget a fetch: fn will not run. Not from inside fn. */
void mtasts_fetch_cancel(struct mtasts_fetch *f);

/* The DNS half, blocking (the worker's job; also for tests): fills r's TXT and TLS-RPT fields and status
 * (MTASTS_ST_POLICY here means "TXT fine, fetch next"), and the addresses of mta-sts.DOMAIN (allocated strings,
 * at most MTASTS_MAX_ADDRS) in addrs/naddrs. */
void mtasts_dns_sync(struct mtasts_result *r, char **addrs, size_t *naddrs);

#endif
