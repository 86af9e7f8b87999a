/* cmd: one record per console command (tmux's cmd_entry idea). Help, completion and usage errors are built from
 * these records; cmd-table.c lists them. A command's exec runs when the session is idle and says whether it
 * finished or started something the runner must wait for. Commands live in cmd-*.c files, one job each. */
#ifndef SMTPCON_CMD_H
#define SMTPCON_CMD_H
#include <stdbool.h>

#include "cmd/cli.h"
#include "cmd/console.h"
#include "core/session.h"
#include "lib/dtext.h"
#include "lib/i18n.h"

enum cmd_result {
	CMD_DONE,   /* finished: run the next queued line now */
	CMD_WAIT,   /* started session work: run the next line when the session is idle again */
	CMD_FAIL,   /* failed (an error event was emitted): a script stops here */
	CMD_STOP,   /* stop the script/console normally (after /quit) */
};

/* What the console must know about a command before it runs it (struct cmd_row, in cmd-table.c). */
enum cmd_flag {
	/* It talks on the open connection: refused, with the way on, before it starts when there is none. Commands that
	 * open a connection of their own (/connect, /probe) or only look do not have it. */
	CMD_F_CONNECTED = 1u << 0,
};

struct cmd_entry {
	const char *name;   /* without '/' */
	const char *alias;  /* or NULL */
	const char *args;   /* usage of the arguments, "" when none */
	const char *help;   /* one line */
	int min_args;
	int max_args;       /* -1: any */
	enum cmd_result (*exec)(struct console *c, int argc, char **argv);
};

/* The table (cmd-table.c): each command with its flags, ending with a NULL entry; and lookup by name or alias
 * (NULL if none). */
struct cmd_row {
	const struct cmd_entry *entry; /* NULL ends the table */
	unsigned flags;                /* enum cmd_flag bits */
};
extern const struct cmd_row cmd_table[];
const struct cmd_entry *cmd_find(const char *name);
const struct cmd_row *cmd_find_row(const char *name);

/*
 * Split a console line into words: whitespace separates; "double quotes" group and keep C escapes for the
 * command to decode (/raw "EHLO x\r\n"); 'single quotes' group literally. Returns argc (argv[0] is the name without
 * '/'), or -1 with *err on an unterminated quote. argv and its strings are allocated; free with cmd_free_argv.
 */
int cmd_split(const char *line, char ***argv, const char **err);
void cmd_free_argv(int argc, char **argv);

/* ---- services the console gives commands (console.c) ---- */
const struct config *console_config(const struct console *c);
/* Print our own text to every view (EV_OUTPUT). */
void console_print(struct console *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Output built in two languages (lib/dtext.h), for text assembled from pieces (tables, lists). */
struct dtext;
void console_printd(struct console *c, const struct dtext *text);
/* Print or report text that has no words of ours to translate (names, paths, text already translated where it
 * was made, server text already escaped): the same bytes reach JSON and screens. fmt is not a msgid. */
void console_print_raw(struct console *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void console_error_raw(struct console *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print a sentence with a count: one and many are the English msgids (ngettext), n chooses the form in each
 * language; the arguments follow (n again, usually). An extraction keyword (po/update: console_printn:2,3). */
void console_printn(struct console *c, const char *one, const char *many, unsigned long n, ...)
	__attribute__((format(printf, 3, 5)));
/* An error built in two languages (lib/dtext.h). */
void console_errord(struct console *c, const struct dtext *msg);
/* Report a console error (EV_ERROR, stage "console"). */
void console_error(struct console *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Run these lines next, before anything already queued (macro commands such as /starttls). */
void console_push_front(struct console *c, const char *const *lines, size_t n);
/* Ask the front end for a secret (or read SMTPCON_PASSWORD / --auth-password-file); then call done. */
void console_get_password(struct console *c, const char *prompt, console_secret_fn done, void *arg);
/* Let the front end show a view; false when it has none (batch): then the command prints text itself. */
bool console_view(struct console *c, const char *what, const char *arg);
/* Mark the whole run as failed with exit status 1 (/expect) or 3 (network/TLS). */
void console_set_status(struct console *c, int status);

#endif
