/* resolve: asynchronous getaddrinfo through a worker thread and a pipe, plus IDNA conversion. */
#include "core/resolve.h"

#include <fcntl.h>
#include <idn2.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xmalloc.h"

/* Shared by the loop side and the worker; freed by whichever lets go last. */
struct resolve_req {
	pthread_mutex_t lock;
	int refs;
	int pipe[2];
	char *host;
	char port[8];
	struct addrinfo *res;
	int err;
	bool cancelled;
	struct loop *loop;
	resolve_fn fn;
	void *arg;
};

static void req_unref_locked(struct resolve_req *r)
{
	if (--r->refs > 0) {
		pthread_mutex_unlock(&r->lock);
		return;
	}
	pthread_mutex_unlock(&r->lock);
	pthread_mutex_destroy(&r->lock);
	close(r->pipe[0]);
	close(r->pipe[1]);
	if (r->res)
		freeaddrinfo(r->res);
	free(r->host);
	free(r);
}

static void *worker(void *p)
{
	struct resolve_req *r = p;
	struct addrinfo hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	struct addrinfo *res = NULL;
	int err = getaddrinfo(r->host, r->port, &hints, &res);
	if (err == EAI_NONAME || err == EAI_ADDRFAMILY) {
		/* AI_ADDRCONFIG hides ::1 on hosts without a global IPv6 address: try once without it. */
		hints.ai_flags = 0;
		err = getaddrinfo(r->host, r->port, &hints, &res);
	}
	pthread_mutex_lock(&r->lock);
	r->res = res;
	r->err = err;
	if (!r->cancelled)
		(void)!write(r->pipe[1], "x", 1);
	req_unref_locked(r);
	return NULL;
}

static void on_ready(int fd, short revents, void *arg)
{
	(void)revents;
	struct resolve_req *r = arg;
	char c;
	(void)!read(fd, &c, 1);
	loop_unwatch(r->loop, fd);
	pthread_mutex_lock(&r->lock);
	struct addrinfo *res = r->res;
	int err = r->err;
	r->res = NULL;
	resolve_fn fn = r->fn;
	void *fnarg = r->arg;
	req_unref_locked(r);
	fn(fnarg, res, err);
}

struct resolve_req *resolve_start(struct loop *loop, const char *host, int port, resolve_fn fn, void *arg)
{
	struct resolve_req *r = xcalloc(1, sizeof *r);
	pthread_mutex_init(&r->lock, NULL);
	r->refs = 2; /* the loop side and the worker */
	if (pipe2(r->pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		abort();
	r->host = xstrdup(host);
	snprintf(r->port, sizeof r->port, "%d", port);
	r->loop = loop;
	r->fn = fn;
	r->arg = arg;
	loop_watch(loop, r->pipe[0], POLLIN, on_ready, r);
	/* A numeric address needs no lookup: no thread, no netlink query for AI_ADDRCONFIG. It is answered at once,
	 * still through the pipe, so the caller gets the same callback from the loop as for a name. */
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV};
	if (getaddrinfo(host, r->port, &hints, &r->res) == 0) {
		r->refs = 1; /* the loop side only */
		(void)!write(r->pipe[1], "x", 1);
		return r;
	}
	r->res = NULL;
	pthread_t th;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&th, &attr, worker, r) != 0)
		abort();
	pthread_attr_destroy(&attr);
	return r;
}

void resolve_cancel(struct resolve_req *r)
{
	if (r == NULL)
		return;
	loop_unwatch(r->loop, r->pipe[0]);
	pthread_mutex_lock(&r->lock);
	r->cancelled = true;
	req_unref_locked(r);
}

char *resolve_to_alabel(const char *host, const char **err)
{
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)host; *p; p++)
		if (*p >= 0x80)
			ascii = false;
	if (ascii)
		return xstrdup(host);
	char *out = NULL;
	int rc = idn2_to_ascii_8z(host, &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
	if (rc != IDN2_OK) {
		*err = idn2_strerror(rc);
		return NULL;
	}
	char *copy = xstrdup(out);
	idn2_free(out);
	return copy;
}
