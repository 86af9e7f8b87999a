/* console: the console command language shared by the TUI prompt and batch scripts, and the runner that feeds
 * commands to the session one at a time, each when the previous one is done (its reply arrived or timed out).
 *
 * A line that does not start with '/' is one SMTP command sent with CRLF, whatever its first letter. Lines
 * starting with '/' are console commands (cmd-table: one record per command, from which /help and completion
 * are built). The console is a sink of the session (it learns when the session is idle) and queues work; it
 * never blocks.
 */
#ifndef SMTPCON_CONSOLE_H
#define SMTPCON_CONSOLE_H
#include <stdbool.h>
#include <stdio.h>

#include "cmd/cli.h"
#include "core/session.h"

struct console;

/* Called with the secret typed by the user (or NULL when cancelled); the console copies and wipes it. */
typedef void (*console_secret_fn)(struct console *c, const char *secret, void *arg);

/* What the front end (TUI or batch) provides. Any hook may be NULL. */
struct console_hooks {
	/* Ask the user for a secret without echo; call done(c, secret, arg) later (never from inside the hook is
	 * fine too). NULL: secrets must come from --auth-password-file or SMTPCON_PASSWORD. */
	void (*ask_secret)(void *ctx, const char *prompt, console_secret_fn done, void *arg);
	/* A view command the front end handles ("cert", "caps", "help", "hex", "mailbox", "lesson", "clear"), with
	 * the rest of the line as arg. Returns true if handled; false lets the console print a text version. */
	bool (*view)(void *ctx, const char *what, const char *arg);
	/* The console has finished (/quit done, or the end of a script): the front end should leave. */
	void (*finished)(void *ctx);
	void *ctx;
};

struct console *console_new(struct loop *loop, struct session *s, const struct config *cfg,
                            const struct console_hooks *hooks);
void console_free(struct console *c);

/* Queue one line typed by the user (or a script line). It runs now if the session is idle, else when it is. */
void console_submit(struct console *c, const char *line);
/* Queue every line of a script (comments and blank lines skipped). finished() is called after the last. */
int console_load_script(struct console *c, FILE *f, const char *name);
/* Queue the opening steps from the command line (cmd/preamble.c): /connect to cfg->host, or /mx cfg->mx (with
 * --tls or --tls-optional, /connect then runs /ehlo and /starttls first). Returns how many lines were queued. */
int console_queue_preamble(struct console *c, const struct config *cfg);
/* Everything is queued (a generated script): run as a script (failures stop it) and finish when done. */
void console_end_of_input(struct console *c);
/* True when nothing is queued and nothing runs. */
bool console_idle(const struct console *c);
/* Drop everything queued (Ctrl-C) and cancel the session's pending wait. */
void console_cancel(struct console *c);
/* Ctrl-C's first step while typed lines wait to be sent: drop them, saying which, and keep waiting. Returns how
 * many were dropped (0: nothing was queued; then console_cancel stops the wait). */
size_t console_drop_typed(struct console *c);
/* Begin the script again from nothing (batch --repeat): drops what is queued, forgets the status, the finish
 * and the session's failures; load the script again after it. The session must be closed. */
void console_restart(struct console *c);
/* Exit status so far: 0 ok, 1 an /expect failed, 3 a network or TLS failure. */
int console_exit_status(const struct console *c);
/* The sender of generated messages and the editor: /set from when set, else --from (NULL: none). */
const char *console_sender(const struct console *c);
/* The name of the console command running now ("explain": what its output belongs to), or NULL when output
 * arrives later, from a command that finished (a /tls scan's result). */
const char *console_current_command(const struct console *c);
/* The session this console drives. */
struct session *console_session(const struct console *c);

/* ---- the test message (cmd-attach.c; built by GMime, cmd/mime.h) ---- */
struct buf;
/* The message /data sends without a file: From:/To: from the accepted envelope, the command line's --header,
 * --body and --attach, the /attach files (then forgotten: they were for this message), raw UTF-8 headers when the
 * server accepted SMTPUTF8 for the transaction. editable: for the TUI's editor (LF line ends, the body as text,
 * no attachments yet; nothing forgotten). Allocated, length in *len; NULL with a message in err. */
char *console_message(struct console *c, bool editable, size_t *len, char *err, size_t errsz);
/* The editor's text as it must go out: multipart/mixed with the --attach and /attach files, and 8-bit headers as
 * RFC 2047 words without SMTPUTF8. NULL with err "" when the text goes out as typed; NULL with a message in err on
 * failure (a file gone since /attach). */
char *console_message_from_text(struct console *c, const char *text, size_t len, size_t *outlen, char *err,
				size_t errsz);
/* "a.png (image/png, 3.1 KiB), ..." for every file the next message carries, in both languages (dtext); nothing
 * when none. */
void console_attachments_describe(const struct console *c, struct dtext *out);
/* True when the server accepted MAIL FROM ... SMTPUTF8 for the open transaction. */
bool console_envelope_smtputf8(const struct console *c);

/*
 * A filter that sees every line before the console runs it, for modes where typed lines mean something else
 * (listen mode answers a client by hand). It returns true when it took the line. One per process; NULL removes.
 */
typedef bool (*console_line_filter_fn)(void *ctx, struct console *c, const char *line);
void console_register_line_filter(console_line_filter_fn fn, void *ctx);

/* ---- for help and completion ---- */
struct console_cmd_info {
	const char *name;    /* "starttls" (without '/') */
	const char *args;    /* "plain|login [USER]" */
	const char *help;    /* one line */
};
/* The command table, NULL-name terminated. */
const struct console_cmd_info *console_commands(void);
/* An argument hint for what is typed so far ("MAIL FROM:<address> [SIZE=n] [BODY=8BITMIME]"), or NULL. */
const char *console_hint(const struct console *c, const char *typed);
/* The same in the user's language, for the screen (console_hint stays English). */
const char *console_hint_loc(const struct console *c, const char *typed);
/* True when a line must not be kept in history (AUTH payloads, /auth with a password ...). */
bool console_line_is_secret(const char *line);
/* True when a line submitted now would go out as an answer inside an AUTH exchange (one is under way, or an AUTH
 * line waits in the queue): a secret, never kept in history. */
bool console_next_line_is_answer(const struct console *c);

#endif
