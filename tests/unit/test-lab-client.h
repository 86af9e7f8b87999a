/* test-lab-client.h: a tiny blocking SMTP client for the lab's tests. The lab runs on the main thread's poll loop;
 * each client runs in its own thread with blocking sockets (receive timeout 10 s) and a blocking GnuTLS session,
 * so a test reads like the session it checks. Only 127.0.0.1 is ever contacted. */
#ifndef TEST_LAB_CLIENT_H
#define TEST_LAB_CLIENT_H
#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "lab/lab.h"
#include "lib/loop.h"

struct tc {
	int fd;
	gnutls_session_t tls;
	gnutls_certificate_credentials_t cred;
	char in[65536];
	size_t len;
	char reply[8192]; /* the last full reply, lines joined with \n */
	unsigned verify_status;
	int tls_rc;
};

static inline bool tc_connect(struct tc *t, int port)
{
	memset(t, 0, sizeof *t);
	t->fd = socket(AF_INET, SOCK_STREAM, 0);
	struct timeval tv = {10, 0};
	setsockopt(t->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return connect(t->fd, (struct sockaddr *)&sa, sizeof sa) == 0;
}

static inline void tc_close(struct tc *t)
{
	if (t->tls)
		gnutls_deinit(t->tls);
	if (t->cred)
		gnutls_certificate_free_credentials(t->cred);
	if (t->fd >= 0)
		close(t->fd);
	t->tls = NULL;
	t->cred = NULL;
	t->fd = -1;
}

static inline bool tc_write(struct tc *t, const void *p, size_t n)
{
	if (t->tls)
		return gnutls_record_send(t->tls, p, n) == (ssize_t)n;
	return send(t->fd, p, n, MSG_NOSIGNAL) == (ssize_t)n;
}

static inline bool tc_send(struct tc *t, const char *s)
{
	return tc_write(t, s, strlen(s));
}

/* Read more bytes; false on EOF, error or timeout. */
static inline bool tc_fill(struct tc *t)
{
	if (t->len >= sizeof t->in - 1)
		return false;
	ssize_t r = t->tls ? gnutls_record_recv(t->tls, t->in + t->len, sizeof t->in - 1 - t->len)
	                   : recv(t->fd, t->in + t->len, sizeof t->in - 1 - t->len, 0);
	if (r <= 0)
		return false;
	t->len += (size_t)r;
	return true;
}

/* Read one full reply; returns its code, or -1 on EOF/timeout (reply holds what there was). */
static inline int tc_reply(struct tc *t)
{
	size_t rl = 0;
	t->reply[0] = '\0';
	for (;;) {
		char *nl = memchr(t->in, '\n', t->len);
		if (nl == NULL) {
			if (!tc_fill(t))
				return -1;
			continue;
		}
		size_t n = (size_t)(nl - t->in) + 1;
		size_t ll = n >= 2 && nl[-1] == '\r' ? n - 2 : n - 1;
		if (rl + ll + 2 < sizeof t->reply) {
			memcpy(t->reply + rl, t->in, ll);
			rl += ll;
			t->reply[rl++] = '\n';
			t->reply[rl] = '\0';
		}
		bool last = ll < 4 || t->in[3] != '-';
		int code = ll >= 3 ? atoi(t->in) : -1;
		memmove(t->in, t->in + n, t->len - n);
		t->len -= n;
		if (last)
			return code;
	}
}

/* Send a command line (CRLF added) and return the reply code. */
static inline int tc_cmd(struct tc *t, const char *line)
{
	char b[4096];
	snprintf(b, sizeof b, "%s\r\n", line);
	if (!tc_send(t, b))
		return -1;
	return tc_reply(t);
}

/* True when the peer closes (EOF) within the timeout. */
static inline bool tc_eof(struct tc *t)
{
	char c;
	ssize_t r = t->tls ? gnutls_record_recv(t->tls, &c, 1) : recv(t->fd, &c, 1, 0);
	return r == 0 || (r < 0 && !t->tls && errno == ECONNRESET) || (r < 0 && t->tls && r != GNUTLS_E_AGAIN);
}

/* TLS handshake as a client (after STARTTLS or at once for implicit TLS), verifying against ca for name.
 * priority NULL: "NORMAL". Returns true when the handshake completed; verify_status holds the verdict. */
static inline bool tc_tls(struct tc *t, const char *ca, const char *name, const char *priority)
{
	gnutls_certificate_allocate_credentials(&t->cred);
	if (ca)
		gnutls_certificate_set_x509_trust_file(t->cred, ca, GNUTLS_X509_FMT_PEM);
	gnutls_init(&t->tls, GNUTLS_CLIENT);
	gnutls_priority_set_direct(t->tls, priority ? priority : "NORMAL", NULL);
	gnutls_credentials_set(t->tls, GNUTLS_CRD_CERTIFICATE, t->cred);
	gnutls_server_name_set(t->tls, GNUTLS_NAME_DNS, name, strlen(name));
	gnutls_transport_set_int(t->tls, t->fd);
	int rc;
	do
		rc = gnutls_handshake(t->tls);
	while (rc < 0 && !gnutls_error_is_fatal(rc));
	t->tls_rc = rc;
	if (rc < 0)
		return false;
	gnutls_certificate_verify_peers3(t->tls, name, &t->verify_status);
	return true;
}

/* ---- running client threads against a lab on this thread's loop ---- */

struct tc_run {
	void *(*fn)(void *);
	void *arg;
	atomic_int *left;
};

static void *tc_thread(void *p)
{
	struct tc_run *r = p;
	r->fn(r->arg);
	atomic_fetch_sub(r->left, 1);
	return NULL;
}

/* Run fn(arg[i]) in n threads (arg stride: argsz bytes) while the loop serves them; at most max_ms. */
static inline bool tc_run(struct loop *loop, int n, void *(*fn)(void *), void *args, size_t argsz, int max_ms)
{
	atomic_int left = n;
	pthread_t *th = calloc((size_t)n, sizeof *th);
	struct tc_run *runs = calloc((size_t)n, sizeof *runs);
	for (int i = 0; i < n; i++) {
		runs[i] = (struct tc_run){fn, (char *)args + (size_t)i * argsz, &left};
		pthread_create(&th[i], NULL, tc_thread, &runs[i]);
	}
	uint64_t end = loop_now_ms() + (uint64_t)max_ms;
	while (atomic_load(&left) > 0 && loop_now_ms() < end)
		loop_run_once(loop, 20);
	bool ok = atomic_load(&left) == 0;
	if (!ok) { /* threads still use runs[]: nothing sane to return to */
		fprintf(stderr, "client threads did not finish within %d ms\n", max_ms);
		exit(1);
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	/* A few more passes so the lab notices the last hang-ups and frees those clients. */
	for (int i = 0; i < 10; i++)
		loop_run_once(loop, 5);
	free(th);
	free(runs);
	return ok;
}

#endif
