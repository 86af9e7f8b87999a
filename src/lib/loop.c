/* loop: poll() event loop with timers and self-pipe signals. Sizes are small (a handful of fds and timers), so
 * plain arrays with linear scans are the simplest correct structure. */
#include "lib/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/xmalloc.h"

struct watch {
	int fd;
	short events;
	loop_fd_fn fn;
	void *arg;
	bool dead;
};

struct timer {
	uint64_t id;
	uint64_t due_ms;
	loop_timer_fn fn;
	void *arg;
};

#define LOOP_MAX_SIGNALS 8

struct sigwatch {
	int sig;
	loop_signal_fn fn;
	void *arg;
};

struct loop {
	struct watch *watches;
	size_t nwatches, capwatches;
	struct timer *timers;
	size_t ntimers, captimers;
	uint64_t next_timer_id;
	struct sigwatch sigs[LOOP_MAX_SIGNALS];
	size_t nsigs;
	loop_hook_fn before_poll;
	void *before_poll_arg;
	bool stop;
};

/* The self-pipe is process-wide because signal handlers cannot find a loop. */
static int sig_pipe[2] = {-1, -1};

static void sig_handler(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	if (sig_pipe[1] >= 0)
		(void)!write(sig_pipe[1], &c, 1);
	errno = saved;
}

uint64_t loop_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t loop_now_ms(void)
{
	return loop_now_ns() / 1000000u;
}

struct loop *loop_new(void)
{
	struct loop *l = xcalloc(1, sizeof *l);
	l->next_timer_id = 1;
	return l;
}

void loop_free(struct loop *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nsigs; i++)
		signal(l->sigs[i].sig, SIG_DFL);
	if (l->nsigs && sig_pipe[0] >= 0) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
		sig_pipe[0] = sig_pipe[1] = -1;
	}
	free(l->watches);
	free(l->timers);
	free(l);
}

static struct watch *find_watch(struct loop *l, int fd)
{
	for (size_t i = 0; i < l->nwatches; i++)
		if (l->watches[i].fd == fd && !l->watches[i].dead)
			return &l->watches[i];
	return NULL;
}

void loop_watch(struct loop *l, int fd, short events, loop_fd_fn fn, void *arg)
{
	struct watch *w = find_watch(l, fd);
	if (w == NULL) {
		if (l->nwatches == l->capwatches) {
			l->capwatches = l->capwatches ? l->capwatches * 2 : 8;
			l->watches = xreallocarray(l->watches, l->capwatches, sizeof *l->watches);
		}
		w = &l->watches[l->nwatches++];
	}
	*w = (struct watch){.fd = fd, .events = events, .fn = fn, .arg = arg};
}

void loop_set_events(struct loop *l, int fd, short events)
{
	struct watch *w = find_watch(l, fd);
	if (w)
		w->events = events;
}

void loop_unwatch(struct loop *l, int fd)
{
	struct watch *w = find_watch(l, fd);
	if (w)
		w->dead = true; /* compacted after dispatch, so a running scan stays valid */
}

uint64_t loop_timer_add(struct loop *l, uint64_t ms, loop_timer_fn fn, void *arg)
{
	if (l->ntimers == l->captimers) {
		l->captimers = l->captimers ? l->captimers * 2 : 8;
		l->timers = xreallocarray(l->timers, l->captimers, sizeof *l->timers);
	}
	uint64_t id = l->next_timer_id++;
	l->timers[l->ntimers++] = (struct timer){.id = id, .due_ms = loop_now_ms() + ms, .fn = fn, .arg = arg};
	return id;
}

void loop_timer_cancel(struct loop *l, uint64_t id)
{
	for (size_t i = 0; i < l->ntimers; i++) {
		if (l->timers[i].id == id) {
			l->timers[i] = l->timers[--l->ntimers];
			return;
		}
	}
}

int64_t loop_timer_remaining(struct loop *l, uint64_t id)
{
	uint64_t now = loop_now_ms();
	for (size_t i = 0; i < l->ntimers; i++)
		if (l->timers[i].id == id)
			return l->timers[i].due_ms > now ? (int64_t)(l->timers[i].due_ms - now) : 0;
	return -1;
}

void loop_on_signal(struct loop *l, int sig, loop_signal_fn fn, void *arg)
{
	if (l->nsigs == LOOP_MAX_SIGNALS)
		abort(); /* programmer error: a fixed handful of signals is all we use */
	if (sig_pipe[0] < 0) {
		if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
			abort();
	}
	l->sigs[l->nsigs++] = (struct sigwatch){.sig = sig, .fn = fn, .arg = arg};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sig_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

void loop_catch_signal(struct loop *l, int sig)
{
	loop_on_signal(l, sig, NULL, NULL);
}

void loop_set_before_poll(struct loop *l, loop_hook_fn fn, void *arg)
{
	l->before_poll = fn;
	l->before_poll_arg = arg;
}

void loop_stop(struct loop *l)
{
	l->stop = true;
}

bool loop_stopped(const struct loop *l)
{
	return l->stop;
}

void loop_resume(struct loop *l)
{
	l->stop = false;
}

static void run_due_timers(struct loop *l)
{
	uint64_t now = loop_now_ms();
	/* Only timers due now; a timer added by a callback waits for the next pass. */
	for (;;) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < l->ntimers; i++)
			if (l->timers[i].due_ms <= now && (best == SIZE_MAX || l->timers[i].id < l->timers[best].id))
				best = i;
		if (best == SIZE_MAX)
			return;
		struct timer t = l->timers[best];
		l->timers[best] = l->timers[--l->ntimers];
		t.fn(t.arg);
		if (l->stop)
			return;
	}
}

static void drain_signals(struct loop *l)
{
	unsigned char c[64];
	ssize_t n;
	while ((n = read(sig_pipe[0], c, sizeof c)) > 0)
		for (ssize_t i = 0; i < n; i++)
			for (size_t k = 0; k < l->nsigs; k++)
				if (l->sigs[k].sig == c[i] && l->sigs[k].fn)
					l->sigs[k].fn(c[i], l->sigs[k].arg);
}

static void compact_watches(struct loop *l)
{
	size_t j = 0;
	for (size_t i = 0; i < l->nwatches; i++)
		if (!l->watches[i].dead)
			l->watches[j++] = l->watches[i];
	l->nwatches = j;
}

int loop_run_once(struct loop *l, int max_wait_ms)
{
	if (l->before_poll)
		l->before_poll(l->before_poll_arg);
	if (l->stop)
		return 0;

	int timeout = max_wait_ms;
	uint64_t now = loop_now_ms();
	for (size_t i = 0; i < l->ntimers; i++) {
		int64_t d = l->timers[i].due_ms > now ? (int64_t)(l->timers[i].due_ms - now) : 0;
		if (timeout < 0 || d < timeout)
			timeout = (int)(d > 1000000 ? 1000000 : d);
	}

	size_t n = l->nwatches;
	struct pollfd *pfd = xcalloc(n + 1, sizeof *pfd);
	for (size_t i = 0; i < n; i++) {
		pfd[i].fd = l->watches[i].dead ? -1 : l->watches[i].fd;
		pfd[i].events = l->watches[i].events;
	}
	size_t npfd = n;
	if (l->nsigs) {
		pfd[npfd].fd = sig_pipe[0];
		pfd[npfd].events = POLLIN;
		npfd++;
	}
	int r = poll(pfd, npfd, timeout);
	if (r < 0 && errno != EINTR) {
		free(pfd);
		return -1;
	}
	if (r > 0) {
		if (l->nsigs && pfd[n].revents)
			drain_signals(l);
		for (size_t i = 0; i < n && !l->stop; i++) {
			if (pfd[i].revents == 0 || pfd[i].fd < 0)
				continue;
			/* Look the watch up again: an earlier callback may have removed or replaced it. */
			struct watch *w = find_watch(l, pfd[i].fd);
			if (w)
				w->fn(w->fd, pfd[i].revents, w->arg);
		}
	}
	free(pfd);
	compact_watches(l);
	if (!l->stop)
		run_due_timers(l);
	return 0;
}

int loop_run(struct loop *l)
{
	while (!l->stop)
		if (loop_run_once(l, -1) < 0)
			return -1;
	return 0;
}
