/* cmd-save: the transcript recorder behind /save. The console attaches it when it is created, so /save can write
 * everything from the start of the session. The text format is the front end's (batch's out-text, the same as
 * --log): the cmd layer does not link batch, so the front end registers its writer with save_set_writer before
 * it creates the console. Without a writer, /save says it is unavailable. */
#ifndef SMTPCON_CMD_SAVE_H
#define SMTPCON_CMD_SAVE_H
#include <stdio.h>

#include "core/event.h"

struct console;

/* A transcript writer: open on a stream, one call per event (returning the bytes it wrote), close (flushing). */
struct save_writer {
	void *(*open)(FILE *f);
	size_t (*event)(void *w, const struct event *ev);
	void (*close)(void *w);
};
/* Register the writer (copied). Call before console_new. */
void save_set_writer(const struct save_writer *w);

/* Start recording this console's session (console_new calls it). */
void save_attach(struct console *c);
/* Stop and free the recording (console_free calls it). */
void save_detach(struct console *c);

#endif
