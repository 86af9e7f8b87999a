/* console-int: the console's private state, shared by console.c (the runner) and the cmd-*.c commands. */
#ifndef SMTPCON_CONSOLE_INT_H
#define SMTPCON_CONSOLE_INT_H
#include <stdbool.h>
#include <stddef.h>

#include "cmd/cmd.h"
#include "cmd/message.h"
#include "cmd/mime.h"
#include "core/advise.h"

#define CONSOLE_MAX_QUEUE 100000u   /* script lines waiting */
#define CONSOLE_MAX_PIPELINE 1000u  /* lines inside /pipeline ... /end */

struct console {
	struct loop *loop;
	struct session *s;
	const struct config *cfg;
	struct console_hooks hooks;
	struct advisor *advisor;

	char **queue;        /* ring of lines to run */
	size_t qhead, qlen, qcap;
	size_t typed;            /* the last `typed` lines of the queue were typed by the user while something else ran:
	                      * each was announced as queued, and the session model shows them */
	const char *drop_reason; /* set when the console gave up a wait or the connection closed: server-bound lines
	                          * still queued are dropped (and said so) before anything else runs */

	bool running;        /* a command started session work: wait for EV_IDLE */
	bool sleeping;
	bool waiting_secret;
	uint64_t sleep_timer;
	uint64_t defer_timer;
	bool script_mode;    /* batch: a failure stops the run */
	bool script_loaded;
	bool finished;
	int status;

	char **pipeline;     /* lines collected between /pipeline and /end */
	size_t npipeline;
	bool collecting;

	const char *current; /* the name of the command whose exec runs now (its output's title), or NULL */

	char *pending_mech;  /* /auth waiting for its secret */
	char *pending_user;

	bool quitting;          /* a polite close: QUIT sent, its reply (221) awaited before the connection is closed */
	bool quit_sent;         /* ...and QUIT did go out (for what the console says afterwards) */
	bool finish_after_quit; /* ...then the script ends */
	bool stopped_note;      /* ...then say the session was stopped and how to go on (console_stop_session) */
	bool timed_out;         /* the last wait timed out: the server is not answering, so no QUIT is tried */
	bool auth_cancelled;    /* a script ended inside AUTH: "*" was sent to cancel it (then QUIT) */
	bool plain_next;        /* the next /connect skips --tls / --tls-optional's STARTTLS: a sending MTA's retry
	                         * in plaintext after its STARTTLS handshake failed (exec_ehlo) */
	struct envelope env;    /* the accepted MAIL FROM and RCPT TO: the generated message's From: and To: */
	struct mime_attachments attach; /* /attach: files for the next message only (cmd-attach.c) */
};

/* Send one SMTP line typed by the user (with warnings from the advisor and secret masking). */
enum cmd_result console_send_smtp(struct console *c, const char *line);

/* When the session has no connection (never connected, or closed): say that line (NULL: "the command") was not
 * sent and what to do next, as an error event that the console does not count as a network failure (a script
 * does: exit 3); return true. False when connected (or connecting), saying nothing. */
bool console_refuse_unconnected(struct console *c, const char *line);
/* True when argv is the step /starttls queued (/ehlo after-tls...) and the connection it was for is gone because
 * its STARTTLS handshake failed where a sending MTA retries in plaintext: the step runs anyway, and does the
 * retry (cmd-session.c). */
bool console_plaintext_retry_due(const struct console *c, int argc, char **argv);

/* Stop the session because it cannot go on safely (--tls, and TLS did not happen): the error (stage "tls") with
 * message and hint (NULL: none) is emitted, everything queued is dropped, the exit status becomes 3, and nothing
 * more is sent but QUIT (whose 221 is awaited before the close, unless --no-quit); then the console says so, and
 * that the user may /connect again. */
/* message: built in both languages; hint: an English msgid (marked N_ by the caller) or NULL. */
void console_stop_session(struct console *c, const struct dtext *message, const char *hint);

/* Drop every queued line. */
void console_clear_queue(struct console *c);
/* The run is over (a script's end, /quit): tell the front end, once. */
void console_finish(struct console *c);
/* (console-close.c) Send QUIT for a polite close when the session can take it (connected, idle, not in DATA nor
 * an AUTH exchange, no timeout just now, no --no-quit): true while QUIT is out. */
bool console_polite_close(struct console *c);
/* (console-close.c) After the polite QUIT's reply, its timeout, or at once when none was sent: close, say so if
 * the session was stopped, and finish when a script ends. */
void console_polite_close_done(struct console *c);
/* (console-close.c) A script ends after a failure: the queue is dropped, QUIT when possible, then finished. */
void console_end_script(struct console *c);
/* (console-close.c) A script ran to its end: with the session still open, end it as a polite client does ("*"
 * first inside an AUTH exchange, then QUIT and its 221; not with --no-quit), then finish. */
void console_script_done(struct console *c);

/* Run the queue again soon (from a timer, never inside an event). */
void console_kick(struct console *c);

/* (console-run.c) Run queued lines while the session is idle; called from the console's deferral timer only. */
void console_run_queue(struct console *c);
/* (console-run.c) What kind of line this is: blank or a '#' comment; a command that may run while a certificate
 * awaits the trust decision (the decision, or a look); a command that needs no working connection (it still runs
 * after a script's failure). */
bool console_line_is_blank(const char *line);
bool console_line_is_hold(const char *line);
bool console_line_is_local(const char *line);

/* (console-queue.c) A queued line as views may show it, into out (n bytes): a secret is masked. */
void console_shown_line(const char *line, char *out, size_t n);
/* (console-queue.c) Drop the queued lines that would reach the server, saying each and why (an English msgid,
 * marked N_); local commands stay. Returns how many were dropped. */
size_t console_drop_server_lines(struct console *c, const char *why);
/* (console-queue.c) After a failure in a script: drop queued lines up to the next local command. */
void console_drop_until_local(struct console *c);
/* (console-queue.c) While a certificate awaits a decision: take (the caller frees) the first queued line that
 * decides or only looks; NULL when none waits. */
char *console_take_hold_command(struct console *c);
/* (console-queue.c) Take (the caller frees) the first queued line; the queue must not be empty. */
char *console_pop_line(struct console *c);

#endif
