/* loop: the one poll() event loop: file descriptor watches, monotonic timers, signals through a self-pipe, and a
 * before-poll hook (where a screen is redrawn once per pass).
 *
 * Call order: loop_new; add watches/timers/signals from anywhere (also from inside callbacks); loop_run until a
 * callback calls loop_stop; loop_free. Callbacks may add or remove any watch or timer, including their own.
 * Timer ids are never reused within one loop, so cancelling a timer that already fired is harmless.
 */
#ifndef SMTPCON_LOOP_H
#define SMTPCON_LOOP_H
#include <stdbool.h>
#include <stdint.h>

struct loop;

typedef void (*loop_fd_fn)(int fd, short revents, void *arg);
typedef void (*loop_timer_fn)(void *arg);
typedef void (*loop_signal_fn)(int sig, void *arg);
typedef void (*loop_hook_fn)(void *arg);

/* Milliseconds on the monotonic clock (arbitrary origin). */
uint64_t loop_now_ms(void);
/* Nanoseconds on the monotonic clock, for event time stamps. */
uint64_t loop_now_ns(void);

struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Watch fd for POLLIN/POLLOUT (events). Watching an fd already watched replaces its callback and events. */
void loop_watch(struct loop *l, int fd, short events, loop_fd_fn fn, void *arg);
/* Change only the events of an fd already watched (no-op if it is not). */
void loop_set_events(struct loop *l, int fd, short events);
void loop_unwatch(struct loop *l, int fd);

/* Call fn once after ms milliseconds; returns an id (never 0) for loop_timer_cancel. */
uint64_t loop_timer_add(struct loop *l, uint64_t ms, loop_timer_fn fn, void *arg);
/* Cancel a pending timer; unknown or fired ids are ignored. */
void loop_timer_cancel(struct loop *l, uint64_t id);
/* Milliseconds until timer id fires, or -1 if it is not pending (for visible count-downs). */
int64_t loop_timer_remaining(struct loop *l, uint64_t id);

/* Deliver signal sig through the loop (self-pipe), never inside the signal handler. */
void loop_on_signal(struct loop *l, int sig, loop_signal_fn fn, void *arg);
/* Catch sig from now on, before its callback exists: one that comes meanwhile waits in the self-pipe and goes to
 * the callbacks loop_on_signal adds before the loop runs. For a process that is reachable before its views are set
 * up (a listening socket): a SIGINT or SIGTERM then is neither lost nor fatal half-way. Whatever disposition was
 * inherited is replaced, SIG_IGN too (a non-interactive shell starts background jobs with SIGINT ignored). Only
 * for a signal some callback will be added for: one that finds none is dropped. */
void loop_catch_signal(struct loop *l, int sig);

/* Called before every poll(): the place to redraw. */
void loop_set_before_poll(struct loop *l, loop_hook_fn fn, void *arg);

/* Run until loop_stop. Returns 0, or -1 if poll() itself failed. */
int loop_run(struct loop *l);
/* Run one pass, waiting at most max_wait_ms (-1: until something happens). */
int loop_run_once(struct loop *l, int max_wait_ms);
void loop_stop(struct loop *l);
bool loop_stopped(const struct loop *l);
/* Forget a loop_stop(), so that loop_run() runs again (batch --repeat starts its next run). */
void loop_resume(struct loop *l);

#endif
