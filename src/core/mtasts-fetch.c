/* mtasts-fetch: MTA-STS discovery off the loop. The DNS half runs in a worker thread (mtasts-dns.c) and comes
 * back through a pipe; the HTTPS half is a libcurl multi handle driven by the loop: curl tells us which sockets
 * to watch (CURLMOPT_SOCKETFUNCTION) and when to wake it (CURLMOPT_TIMERFUNCTION), we tell it what happened
 * (curl_multi_socket_action). Nothing blocks the console. */
#include "core/mtasts-fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/resolve.h"
#include "lib/buf.h"
#include "lib/dtext-split.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

struct mtasts_fetch {
	struct loop *loop;
	mtasts_fn fn;
	void *arg;
	struct mtasts_result *r;
	/* the worker */
	pthread_t th;
	int rfd, wfd;
	pthread_mutex_t mu;
	bool done, cancelled, thread_live;
	char *addrs[MTASTS_MAX_ADDRS];
	size_t naddrs;
	/* the HTTPS fetch */
	CURLM *multi;
	CURL *easy;
	struct curl_slist *resolve;
	uint64_t timer;
	struct buf body;
	bool too_big;
	bool closing; /* fetch_free runs: curl's callbacks must not arm anything */
	char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Letters, digits, '-', '.', '_': the name goes into a URL and a curl option. */
static bool plain_name(const char *s)
{
	if (!*s || strlen(s) > MTASTS_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '.' || *s == '_'))
			return false;
	return true;
}

static void fetch_free(struct mtasts_fetch *f)
{
	f->closing = true;
	if (f->easy) {
		curl_multi_remove_handle(f->multi, f->easy);
		curl_easy_cleanup(f->easy);
	}
	if (f->multi)
		curl_multi_cleanup(f->multi);
	curl_slist_free_all(f->resolve);
	if (f->timer)
		loop_timer_cancel(f->loop, f->timer);
	buf_free(&f->body);
	for (size_t i = 0; i < f->naddrs; i++)
		free(f->addrs[i]);
	close(f->rfd);
	close(f->wfd);
	pthread_mutex_destroy(&f->mu);
	mtasts_result_free(f->r);
	free(f);
}

/* Hand the result to the caller and forget the fetch. */
static void finish(struct mtasts_fetch *f)
{
	struct mtasts_result *r = f->r;
	mtasts_fn fn = f->fn;
	void *arg = f->arg;
	f->r = NULL;
	fetch_free(f);
	fn(arg, r);
}

/* ---- the HTTPS half ---- */

static void on_socket_ready(int fd, short revents, void *arg);

static int sock_cb(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct mtasts_fetch *f = userp;
	(void)e;
	(void)socketp;
	if (what == CURL_POLL_REMOVE) {
		loop_unwatch(f->loop, s);
		return 0;
	}
	short ev = (short)((what & CURL_POLL_IN ? POLLIN : 0) | (what & CURL_POLL_OUT ? POLLOUT : 0));
	loop_watch(f->loop, s, ev, on_socket_ready, f);
	return 0;
}

static void on_timer(void *arg);

static int timer_cb(CURLM *m, long timeout_ms, void *userp)
{
	struct mtasts_fetch *f = userp;
	(void)m;
	if (f->timer)
		loop_timer_cancel(f->loop, f->timer);
	f->timer = 0;
	if (f->closing)
		return 0;
	f->timer = timeout_ms < 0 ? 0 : loop_timer_add(f->loop, (uint64_t)timeout_ms, on_timer, f);
	return 0;
}

static size_t write_cb(char *p, size_t size, size_t n, void *userp)
{
	struct mtasts_fetch *f = userp;
	size_t len = size * n;
	if (f->body.len + len > MTASTS_POLICY_MAX) {
		f->too_big = true;
		return 0; /* curl stops with CURLE_WRITE_ERROR */
	}
	buf_append(&f->body, p, len);
	return len;
}

/* The transfer ended: judge it as RFC 8461 §3.3 asks, then parse. Every failure says what senders then do: one
 * whole sentence per case, so that a translation words each. */
static void transfer_done(struct mtasts_fetch *f, CURLcode rc)
{
	struct mtasts_result *r = f->r;
	char *ctype = NULL;
	struct dtext why;

	dtext_init(&why, 4096);
	curl_easy_getinfo(f->easy, CURLINFO_RESPONSE_CODE, &r->http_status);
	curl_easy_getinfo(f->easy, CURLINFO_CONTENT_TYPE, &ctype);
	if (f->too_big) {
		r->status = MTASTS_ST_FETCH_FAILED;
		dtext_printf(
			&why,
			"the policy is over %u bytes: refused; senders without a cached policy deliver as if there "
			"were none (RFC 8461 §5)",
			MTASTS_POLICY_MAX);
	} else if (rc != CURLE_OK) {
		r->status = MTASTS_ST_FETCH_FAILED;
		/* curl's words (English), as they are. */
		dtext_printf(
			&why,
			"fetching %s failed: %s (%s); senders without a cached policy deliver as if there were none "
			"(RFC 8461 §5)",
			r->url, f->errbuf[0] ? f->errbuf : "", curl_easy_strerror(rc));
	} else if (r->http_status >= 300 && r->http_status < 400) {
		char *loc = NULL;
		curl_easy_getinfo(f->easy, CURLINFO_REDIRECT_URL, &loc);
		char *where = loc ? escape_dup((const uint8_t *)loc, strnlen(loc, 200), 0) : NULL;
		r->status = MTASTS_ST_FETCH_FAILED;
		if (where)
			dtext_printf(&why,
				     "%s answered HTTP %ld, a redirect (to %s): RFC 8461 §3.3 forbids following it; "
				     "senders without a cached policy deliver as if there were none (RFC 8461 §5)",
				     r->url, r->http_status, where);
		else
			dtext_printf(&why,
				     "%s answered HTTP %ld, a redirect: RFC 8461 §3.3 forbids following it; senders "
				     "without a cached policy deliver as if there were none (RFC 8461 §5)",
				     r->url, r->http_status);
		free(where);
	} else if (r->http_status != 200) {
		r->status = MTASTS_ST_FETCH_FAILED;
		dtext_printf(&why,
			     "%s answered HTTP %ld, not 200; senders without a cached policy deliver as if there were "
			     "none (RFC 8461 §5)",
			     r->url, r->http_status);
	} else {
		r->body_len = f->body.len;
		r->body = xmemdup0(f->body.data ? (const char *)f->body.data : "", f->body.len);
		bool plain = ctype && strncasecmp(ctype, "text/plain", 10) == 0 &&
			     (ctype[10] == '\0' || ctype[10] == ';' || ctype[10] == ' ');
		struct dtext err;
		dtext_init(&err, 2048);
		if (!plain) {
			r->status = MTASTS_ST_POLICY_INVALID;
			if (ctype)
				dtext_printf(&why,
					     "the policy was served as another Content-Type, not text/plain (RFC 8461 "
					     "§3.3); senders ignore it");
			else
				dtext_printf(
					&why,
					"the policy was served without a Content-Type, not as text/plain (RFC 8461 "
					"§3.3); senders ignore it");
		} else if (!(r->policy = mtasts_policy_parse_d(r->body, r->body_len, &err))) {
			r->status = MTASTS_ST_POLICY_INVALID;
			dtext_en_printf(&why, "the policy is malformed (%s): senders ignore it", dtext_en(&err));
			dtext_loc_printf(&why, N_("the policy is malformed (%s): senders ignore it"), dtext_loc(&err));
		}
		dtext_free(&err);
	}
	if (dtext_en(&why)[0])
		mtasts_take_text(&why, &r->reason, &r->reason_loc);
	else
		dtext_free(&why);
	finish(f);
}

/* Let curl run, then see whether the transfer finished. f may be freed on return. */
static void drive(struct mtasts_fetch *f, curl_socket_t s, int mask)
{
	int running = 0;
	curl_multi_socket_action(f->multi, s, mask, &running);
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(f->multi, &left)))
		if (m->msg == CURLMSG_DONE && m->easy_handle == f->easy) {
			transfer_done(f, m->data.result);
			return;
		}
}

static void on_socket_ready(int fd, short revents, void *arg)
{
	int mask = (revents & POLLIN ? CURL_CSELECT_IN : 0) | (revents & POLLOUT ? CURL_CSELECT_OUT : 0) |
		   (revents & (POLLERR | POLLHUP) ? CURL_CSELECT_ERR : 0);
	drive(arg, fd, mask);
}

static void on_timer(void *arg)
{
	struct mtasts_fetch *f = arg;
	f->timer = 0;
	drive(f, CURL_SOCKET_TIMEOUT, 0);
}

static void start_https(struct mtasts_fetch *f)
{
	struct mtasts_result *r = f->r;
	char host[300];
	struct buf pin;

	snprintf(host, sizeof host, "mta-sts.%s", r->domain);
	r->url = xasprintf("https://%s/.well-known/mta-sts.txt", host);
	buf_init(&pin, 1024);
	buf_printf(&pin, "%s:443:", host);
	for (size_t i = 0; i < f->naddrs; i++)
		buf_printf(&pin, strchr(f->addrs[i], ':') ? "%s[%s]" : "%s%s", i ? "," : "", f->addrs[i]);
	f->resolve = curl_slist_append(NULL, buf_cstr(&pin));
	buf_free(&pin);

	pthread_once(&curl_once, curl_init);
	f->multi = curl_multi_init();
	f->easy = curl_easy_init();
	if (!f->multi || !f->easy || !f->resolve) {
		r->status = MTASTS_ST_FETCH_FAILED;
		struct dtext d;
		dtext_init(&d, 256);
		dtext_printf(&d, "libcurl could not be initialised");
		mtasts_take_text(&d, &r->reason, &r->reason_loc);
		finish(f);
		return;
	}
	CURL *e = f->easy;
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_RESOLVE, f->resolve);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L); /* §3.3: HTTP 3xx redirects MUST NOT be followed */
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	const char *ca = getenv(MTASTS_ENV_WEB_CA);
	if (ca && *ca)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca); /* test hook; the system directory stays in CAPATH */
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, MTASTS_FETCH_TIMEOUT_MS);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, MTASTS_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE, (long)MTASTS_POLICY_MAX);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "smtpcon (MTA-STS)");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, f->errbuf);
	curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	curl_easy_setopt(e, CURLOPT_PROXY, ""); /* no proxy from the environment: the pinned address is the point */
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
	curl_multi_add_handle(f->multi, e); /* sets the timer: the transfer starts from on_timer */
}

/* ---- the DNS half ---- */

static void *worker(void *arg)
{
	struct mtasts_fetch *f = arg;
	mtasts_dns_sync(f->r, f->addrs, &f->naddrs);
	pthread_mutex_lock(&f->mu);
	f->done = true;
	bool cancelled = f->cancelled;
	if (!cancelled) {
		ssize_t w;
		do
			w = write(f->wfd, "x", 1);
		while (w < 0 && errno == EINTR);
	}
	pthread_mutex_unlock(&f->mu);
	if (cancelled)
		fetch_free(f); /* detached by the canceller: nobody else holds f */
	return NULL;
}

static void on_dns_done(int fd, short revents, void *arg)
{
	struct mtasts_fetch *f = arg;
	char c;
	(void)revents;
	if (read(fd, &c, 1) < 0 && errno == EAGAIN)
		return;
	loop_unwatch(f->loop, f->rfd);
	pthread_join(f->th, NULL);
	f->thread_live = false;
	if (f->r->status == MTASTS_ST_POLICY)
		start_https(f);
	else
		finish(f);
}

static void early_result(void *arg)
{
	struct mtasts_fetch *f = arg;
	f->timer = 0;
	finish(f);
}

struct mtasts_fetch *mtasts_fetch_start(struct loop *loop, const char *domain, mtasts_fn fn, void *arg)
{
	struct mtasts_fetch *f = xcalloc(1, sizeof *f);
	int p[2];
	const char *why = NULL;

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(f);
		return NULL;
	}
	f->loop = loop;
	f->fn = fn;
	f->arg = arg;
	f->rfd = p[0];
	f->wfd = p[1];
	pthread_mutex_init(&f->mu, NULL);
	buf_init(&f->body, MTASTS_POLICY_MAX);
	char *alabel = resolve_to_alabel(domain, &why);
	size_t n = alabel ? strlen(alabel) : 0;
	if (alabel && n > 1 && alabel[n - 1] == '.')
		alabel[n - 1] = '\0';
	f->r = mtasts_result_new(alabel ? alabel : "");
	if (!alabel || !plain_name(alabel)) {
		f->r->status = MTASTS_ST_DNS_FAIL;
		struct dtext d;
		dtext_init(&d, 1024);
		if (why) /* libidn2's words (English) */
			dtext_printf(&d, "not a valid domain name (%s)", why);
		else
			dtext_printf(&d, "not a valid domain name (letters, digits, '-' and '.')");
		mtasts_take_text(&d, &f->r->reason, &f->r->reason_loc);
		free(alabel);
		f->timer = loop_timer_add(loop, 0, early_result, f);
		return f;
	}
	free(alabel);
	if (pthread_create(&f->th, NULL, worker, f) != 0) {
		fetch_free(f);
		return NULL;
	}
	f->thread_live = true;
	loop_watch(loop, f->rfd, POLLIN, on_dns_done, f);
	return f;
}

void mtasts_fetch_cancel(struct mtasts_fetch *f)
{
	if (!f)
		return;
	if (!f->thread_live) {
		loop_unwatch(f->loop, f->rfd);
		fetch_free(f); /* the HTTPS half, or the early result: all on this thread */
		return;
	}
	loop_unwatch(f->loop, f->rfd);
	pthread_t th = f->th;
	pthread_mutex_lock(&f->mu);
	if (f->done) {
		pthread_mutex_unlock(&f->mu);
		pthread_join(th, NULL);
		fetch_free(f);
		return;
	}
	f->cancelled = true;
	pthread_mutex_unlock(&f->mu);
	pthread_detach(th);
}
