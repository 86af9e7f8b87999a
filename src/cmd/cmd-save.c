/* cmd-save: /save FILE writes the session's transcript so far, in the same text format as --log, which /replay
 * and --replay read back. The recorder is the front end's transcript writer (save_set_writer) into an anonymous
 * temporary file (unlinked at once, so memory stays flat however long the session), bounded: past
 * SAVE_MAX_BYTES it stops and the saved file says it was cut. */
#include "cmd/cmd-save.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/console-int.h"
#include "lib/xmalloc.h"

#define SAVE_MAX_BYTES (256u * 1024u * 1024u)
#define SAVE_MAX_CONSOLES 64u /* consoles per process that can record (tests make several) */

struct recorder {
	struct console *c;
	FILE *mem;   /* the temporary file */
	size_t size; /* bytes recorded */
	void *text;
	bool full;
};

static struct save_writer writer;

void save_set_writer(const struct save_writer *w)
{
	writer = *w;
}

/* One recorder per console (tests may run several consoles in one process). */
static struct recorder *recorders[SAVE_MAX_CONSOLES];

static struct recorder *find(const struct console *c)
{
	for (size_t i = 0; i < SAVE_MAX_CONSOLES; i++)
		if (recorders[i] && recorders[i]->c == c)
			return recorders[i];
	return NULL;
}

static void on_event(void *ctx, const struct event *ev)
{
	struct recorder *r = ctx;
	if (r->full || r->text == NULL)
		return;
	writer.event(r->text, ev); /* the writer flushes per record */
	long end = ftell(r->mem);
	r->size = end > 0 ? (size_t)end : r->size;
	if (r->size > SAVE_MAX_BYTES)
		r->full = true;
}

void save_attach(struct console *c)
{
	if (writer.open == NULL)
		return;
	for (size_t i = 0; i < SAVE_MAX_CONSOLES; i++) {
		if (recorders[i])
			continue;
		struct recorder *r = xcalloc(1, sizeof *r);
		r->c = c;
		r->mem = tmpfile();
		if (r->mem == NULL) {
			free(r);
			return;
		}
		r->text = writer.open(r->mem);
		recorders[i] = r;
		session_add_sink(console_session(c), on_event, r);
		return;
	}
}

void save_detach(struct console *c)
{
	struct recorder *r = find(c);
	if (r == NULL)
		return;
	writer.close(r->text);
	fclose(r->mem);
	/* The session may outlive the console and its sink keeps pointing here: the shell stays, idle, in its slot
	 * (never reused, so it can never record another session's events). */
	r->text = NULL;
	r->mem = NULL;
	r->c = NULL;
	r->full = true;
}

static enum cmd_result exec_save(struct console *c, int argc, char **argv)
{
	(void)argc;
	struct recorder *r = find(c);
	if (r == NULL || r->mem == NULL) {
		console_error(c, "/save: no transcript was recorded (this front end has no transcript writer)");
		return CMD_FAIL;
	}
	fflush(r->mem);
	/* 0600: with --show-secrets the transcript holds passwords. */
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		console_error(c, "/save: cannot create %s: %s", argv[1], strerror(errno));
		return CMD_FAIL;
	}
	FILE *f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		console_error(c, "/save: %s: %s", argv[1], strerror(errno));
		return CMD_FAIL;
	}
	size_t n = 0;
	bool ok = fseek(r->mem, 0, SEEK_SET) == 0;
	char chunk[64 * 1024];
	size_t got;
	while (ok && (got = fread(chunk, 1, sizeof chunk, r->mem)) > 0) {
		ok = fwrite(chunk, 1, got, f) == got;
		n += got;
	}
	ok = ok && !ferror(r->mem) && fseek(r->mem, 0, SEEK_END) == 0; /* recording goes on at the end */
	if (r->full)
		ok = ok && fprintf(f, "# transcript cut at %u MiB\n", SAVE_MAX_BYTES >> 20) > 0;
	ok = fclose(f) == 0 && ok;
	if (!ok) {
		console_error(c, "/save: writing %s failed", argv[1]);
		return CMD_FAIL;
	}
	console_print(c, "transcript saved to %s (%zu bytes%s; /replay or --replay reads it back)", argv[1], n,
		      session_params(console_session(c))->show_secrets ? ", WITH secrets: keep it private"
								       : ", secrets masked");
	return CMD_DONE;
}

const struct cmd_entry cmd_save_entry = {
	"save", NULL, "FILE",    "write the transcript so far to FILE (the --log format; /replay reads it back)",
	1,      1,    exec_save,
};
