/* cmd-save: /save FILE writes the session's transcript so far, in the same text format as --log, which /replay
 * and --replay read back. The recorder is the front end's transcript writer (save_set_writer) into an anonymous
 * temporary file (unlinked at once, so memory stays flat however long the session), bounded: past
 * SAVE_MAX_BYTES it stops and the saved file says it was cut.
 *
 * Recording is speculative (most sessions never /save), so it must not slow the session down: a message body
 * is kept up to SAVE_MAX_BODY, the rest of it only counted, and the transcript goes on after it (the server's
 * verdict on the message is what a bug report needs most). /replay reads no more lines than fit in that much
 * body either (REPLAY_MAX_LINES), so nothing a replay could use is lost. */
#include "cmd/cmd-save.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/console-int.h"
#include "core/bodywatch.h"
#include "core/replay.h"
#include "lib/xmalloc.h"

#define SAVE_MAX_BYTES (256u * 1024u * 1024u)
#define SAVE_MAX_BODY (4u * 1024u * 1024u) /* per message body: about 54,000 lines of mail, which a replay can send */
#define SAVE_MAX_CONSOLES 64u /* consoles per process that can record (tests make several) */

struct recorder {
	struct console *c;
	FILE *mem;   /* the temporary file */
	size_t size; /* bytes recorded */
	void *text;
	bool full;
	struct body_watch body;
	uint64_t body_cut;  /* bytes of the current body not recorded */
	bool body_open_lf;  /* the recorded part of the body ends with LF */
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

static void record(struct recorder *r, const struct event *ev)
{
	r->size += writer.event(r->text, ev); /* buffered: exec_save flushes before it reads */
	if (r->size > SAVE_MAX_BYTES)
		r->full = true;
}

/* Record the body bytes that still fit under SAVE_MAX_BODY; count the others. */
static void record_body(struct recorder *r, const struct event *ev, size_t body)
{
	uint64_t kept = r->body.bytes - body; /* bytes of this body recorded before this event */
	size_t room = kept < SAVE_MAX_BODY ? (size_t)(SAVE_MAX_BODY - kept) : 0;
	size_t keep = body < room ? body : room;
	if (keep > 0) {
		struct event part = *ev;
		part.len = keep;
		record(r, &part);
		r->body_open_lf = ev->data[keep - 1] == '\n';
	}
	r->body_cut += body - keep;
}

/* The body ended (with its dot when `dot`): say what was left out, and end it the way it ended. */
static void close_body(struct recorder *r, const struct event *ev, bool dot)
{
	if (r->body_cut == 0) {
		if (dot) {
			struct event end = *ev;
			end.data += ev->len - 3;
			end.len = 3;
			record(r, &end);
		}
		return;
	}
	/* A replay of this transcript must still see the dot at the start of a line. */
	struct event crlf = {.type = EV_SENT, .t_ns = ev->t_ns, .dir = DIR_CLIENT, .tls = ev->tls,
	                     .data = (const uint8_t *)"\r\n.\r\n", .len = 2};
	if (dot && !r->body_open_lf)
		record(r, &crlf);
	char note[200];
	snprintf(note, sizeof note,
	         REPLAY_BODY_CUT_NOTE "%u MiB; %" PRIu64 " more bytes were sent here, not recorded (a replay sends "
	         "the part kept)",
	         SAVE_MAX_BODY >> 20, r->body_cut);
	struct event info = {.type = EV_INFO, .t_ns = ev->t_ns, .text = note};
	record(r, &info);
	if (dot) {
		crlf.data += 2;
		crlf.len = 3;
		record(r, &crlf);
	}
	r->body_cut = 0;
}

static void on_event(void *ctx, const struct event *ev)
{
	struct recorder *r = ctx;
	if (r->full || r->text == NULL)
		return;
	size_t body;
	switch (body_watch_event(&r->body, ev, &body)) {
	case BODY_OUTSIDE:
		break;
	case BODY_PART:
		record_body(r, ev, body);
		return;
	case BODY_LAST:
		record_body(r, ev, body);
		close_body(r, ev, true);
		return;
	case BODY_BROKEN:
		close_body(r, ev, false);
		break;
	}
	record(r, ev);
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
		/* The writer does not flush per event (exec_save does before copying): 64 KiB per write(2), not
		 * BUFSIZ. */
		setvbuf(r->mem, NULL, _IOFBF, 64 * 1024);
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
		console_error_raw(c, "/save: %s: %s", argv[1], strerror(errno));
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
	if (session_params(console_session(c))->show_secrets)
		console_print(c,
			      "transcript saved to %s (%zu bytes, WITH secrets: keep it private; /replay or --replay "
			      "reads it back)",
			      argv[1], n);
	else
		console_print(c,
			      "transcript saved to %s (%zu bytes, secrets masked; /replay or --replay reads it back)",
			      argv[1], n);
	return CMD_DONE;
}

const struct cmd_entry cmd_save_entry = {
	"save",
	NULL,
	"FILE",
	N_("write the transcript so far to FILE (the --log format, each message body cut at 4 MiB; /replay reads it "
	   "back)"),
	1,
	1,
	exec_save,
};
