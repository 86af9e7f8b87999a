/* cmd-lab: what the console needs from the built-in practice server for /mailbox and /lesson, as function
 * pointers that main.c fills in, so the console does not link the lab. */
#ifndef SMTPCON_CMD_LAB_H
#define SMTPCON_CMD_LAB_H
#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"
#include "lib/dtext.h"

struct console_lab {
	void *lab;
	/* Both in two languages (lib/dtext.h): English for JSON, translated for screens. */
	int (*mailbox_list)(const void *lab, struct dtext *out);
	int (*mailbox_show)(const void *lab, int index, struct dtext *out);
	const char *(*lesson)(const char *name);
	const char *const *(*scenarios)(void);
	const char *(*scenario)(const void *lab); /* the running scenario's name */
	/* Where it listens, "HOST:PORT" (IPv6 in brackets), and its CA file: what the lesson steps show. */
	const char *(*address)(const void *lab);
	const char *(*ca_file)(const void *lab);
};

/* Make the practice server known to every console (NULL: none running). The struct is copied. */
void console_register_lab(const struct console_lab *l);
/* The lessons' names (NULL-terminated), for completion; NULL when no practice server runs. */
const char *const *console_lesson_names(void);
/* The registered practice server, or NULL. */
const struct console_lab *console_lab(void);

/* ---- the lesson that walks with the learner (cmd-lesson.c, core/lesson.h) ---- */
struct session;
struct lesson_run;
/* Follow the running scenario's lesson on session s from now on: each event of s ticks the steps done (from the
 * session model). main.c calls it once the session exists and a practice server runs. */
void console_lesson_follow(struct session *s);
/* The lesson followed, its ticks brought up to date with the model; NULL when none. For views: they draw it. */
const struct lesson_run *console_lesson(void);
/* Whether the TUI shows it docked beside the session (/lesson opens it, /lesson off or a key closes it). */
bool console_lesson_docked(void);
void console_lesson_set_docked(bool docked);
/* Forget the lesson (at exit). */
void console_lesson_free(void);

/* Listen mode: who can describe the listener for the status bar (address, scenario, clients, messages). fn writes
 * one line of plain text into out, its parts separated by tabs; compact asks for the short words a narrow
 * terminal (80 columns) has room for. One per process; NULL removes. */
typedef void (*console_listen_status_fn)(void *ctx, bool compact, char *out, size_t n);
void console_register_listen_status(console_listen_status_fn fn, void *ctx);
/* The listener's status line into out; false (out untouched) when nothing listens. */
bool console_listen_status(bool compact, char *out, size_t n);

#endif
