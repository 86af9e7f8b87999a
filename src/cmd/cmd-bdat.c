/* cmd-bdat: /bdat sends a message with BDAT (RFC 3030 CHUNKING) instead of DATA: "BDAT <n>[ LAST]" followed by
 * exactly n bytes, no dot-stuffing, no final dot. Chunks go one per reply, or all in one write with --pipeline.
 * The byte count is always the exact number of bytes that follow: to reproduce a lying client, use /raw. */
#include "cmd/cmd-bdat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/console-int.h"
#include "cmd/message.h"
#include "cmd/mime.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"

#define BDAT_MAX_MESSAGE (64u * 1024u * 1024u) /* /bdat holds the message in memory */
#define BDAT_MAX_CHUNK (64u * 1024u * 1024u)

size_t bdat_canonical_crlf(const uint8_t *in, size_t n, struct buf *out)
{
	size_t fixed = 0;
	for (size_t i = 0; i < n; i++) {
		if (in[i] == '\r') {
			buf_append(out, "\r\n", 2);
			if (i + 1 < n && in[i + 1] == '\n')
				i++;
			else
				fixed++;
		} else if (in[i] == '\n') {
			buf_append(out, "\r\n", 2);
			fixed++;
		} else {
			buf_append_byte(out, in[i]);
		}
	}
	return fixed;
}

size_t bdat_count_chunks(size_t len, size_t chunk)
{
	if (len == 0 || chunk == 0)
		return 1;
	return (len + chunk - 1) / chunk;
}

/* One /bdat at a time: the message and how far it has gone. */
static struct {
	uint8_t *data;
	size_t len, off, chunk;
	bool no_last;
	bool active;
} job;

static void job_free(void)
{
	free(job.data);
	memset(&job, 0, sizeof job);
}

/* Send the next chunk; the last one carries LAST unless --no-last. */
static int send_next(struct console *c)
{
	size_t left = job.len - job.off;
	size_t n = job.chunk && left > job.chunk ? job.chunk : left;
	bool last = job.off + n == job.len && !job.no_last;
	int r = session_send_bdat(c->s, job.data + job.off, n, last);
	job.off += n;
	return r;
}

static int read_file(struct console *c, const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		console_error(c, "/bdat: cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	int r = buf_append_file(out, f, BDAT_MAX_MESSAGE);
	fclose(f);
	if (r == -2)
		console_error(c, "/bdat: %s is larger than %u MiB (use /data for big messages)", path,
			      BDAT_MAX_MESSAGE >> 20);
	else if (r < 0)
		console_error(c, "/bdat: reading %s failed", path);
	return r < 0 ? -1 : 0;
}

/* The message: a file when one exists at that path, else (or with --text) the text with C escapes
 * ("Subject: x\r\n\r\nhi\r\n"); with no argument, a generated test message. */
static int load_message(struct console *c, const char *arg, bool text, struct buf *raw)
{
	if (arg == NULL) {
		if (c->cfg->data_file)
			return read_file(c, c->cfg->data_file, raw);
		char err[300];
		size_t len = 0;
		char *m = console_message(c, false, &len, err, sizeof err);
		if (m == NULL) {
			struct dtext d;
			dtext_init(&d, 512);
			dtext_raw(&d, "/bdat: ");
			mime_error_dtext(&d, err);
			console_errord(c, &d);
			dtext_free(&d);
			return -1;
		}
		buf_append(raw, m, len);
		free(m);
		return 0;
	}
	FILE *probe = text || strchr(arg, '\\') ? NULL : fopen(arg, "rb");
	if (probe) {
		fclose(probe);
		return read_file(c, arg, raw);
	}
	uint8_t *bytes = xmalloc(strlen(arg) + 1);
	const char *err = NULL;
	long len = unescape_c(arg, bytes, &err);
	if (len < 0) {
		struct dtext d; /* the escape error (lib/escape.c, an msgid) in the language on screen */
		dtext_init(&d, 0);
		dtext_raw(&d, "/bdat: ");
		dtext_puts(&d, err ? err : N_("bad escape"));
		console_errord(c, &d);
		dtext_free(&d);
		free(bytes);
		return -1;
	}
	buf_append(raw, bytes, (size_t)len);
	free(bytes);
	return 0;
}

/* Send the next chunk; the one after it goes out only once this one is accepted (/bdat-next). */
static enum cmd_result send_chunk_then_wait(struct console *c)
{
	if (send_next(c) < 0) {
		job_free();
		return CMD_FAIL;
	}
	if (job.off < job.len) {
		static const char *const next[] = {"/bdat-next"};
		console_push_front(c, next, 1);
	} else {
		job_free();
	}
	return CMD_WAIT;
}

static enum cmd_result exec_bdat(struct console *c, int argc, char **argv)
{
	const char *source = NULL;
	size_t chunk = 0;
	bool exact = false, pipeline = false, no_last = false, text = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--chunk") == 0 && i + 1 < argc) {
			char *end;
			unsigned long v = strtoul(argv[++i], &end, 10);
			if (*end || v == 0 || v > BDAT_MAX_CHUNK) {
				console_error(c, "/bdat --chunk takes a size from 1 to %u bytes", BDAT_MAX_CHUNK);
				return CMD_FAIL;
			}
			chunk = v;
		} else if (strcmp(argv[i], "--exact") == 0 || strcmp(argv[i], "--binary") == 0) {
			exact = true;
		} else if (strcmp(argv[i], "--pipeline") == 0) {
			pipeline = true;
		} else if (strcmp(argv[i], "--no-last") == 0) {
			no_last = true;
		} else if (strcmp(argv[i], "--text") == 0 && i + 1 < argc && source == NULL) {
			source = argv[++i];
			text = true;
		} else if (source == NULL && strncmp(argv[i], "--", 2) != 0) {
			source = argv[i];
		} else {
			console_error(c,
				      "usage: /bdat [FILE|\"TEXT\"|--text \"TEXT\"] [--chunk N] [--exact] [--pipeline] "
				      "[--no-last]");
			return CMD_FAIL;
		}
	}
	struct buf raw;
	buf_init(&raw, 0);
	if (load_message(c, source, text, &raw) < 0) {
		buf_free(&raw);
		return CMD_FAIL;
	}
	job_free();
	if (exact) {
		job.data = (uint8_t *)buf_detach(&raw, &job.len);
	} else {
		struct buf canon;
		buf_init(&canon, 0);
		size_t fixed = bdat_canonical_crlf(raw.data, raw.len, &canon);
		buf_free(&raw);
		if (fixed)
			console_printn(c, "/bdat: %zu line ending made CRLF (--exact sends the bytes as they are)",
				       "/bdat: %zu line endings made CRLF (--exact sends the bytes as they are)", fixed,
				       fixed);
		job.data = (uint8_t *)buf_detach(&canon, &job.len);
	}
	job.chunk = chunk;
	job.no_last = no_last;
	job.active = true;

	const struct caps *caps = session_current_caps(c->s);
	if (caps && !caps_find(caps, "CHUNKING"))
		session_emit_text(c->s, EV_WARNING, "chunking-not-offered",
				  N_("the server did not advertise CHUNKING (RFC 3030): it will probably refuse BDAT"),
				  NULL);
	size_t nchunks = bdat_count_chunks(job.len, chunk);
	if (nchunks > 1 && pipeline && caps && !caps_find(caps, "PIPELINING"))
		session_emit_text(c->s, EV_WARNING, "pipelining-not-offered",
				  N_("BDAT chunks pipelined, but the server did not advertise PIPELINING (RFC 2920)"),
				  NULL);
	if (pipeline && nchunks > 1)
		console_printn(c, "/bdat: %zu bytes in %zu chunk, pipelined",
			       "/bdat: %zu bytes in %zu chunks, pipelined", nchunks, job.len, nchunks);
	else
		console_printn(c, "/bdat: %zu bytes in %zu chunk", "/bdat: %zu bytes in %zu chunks", nchunks, job.len,
			       nchunks);
	if (pipeline) {
		do {
			if (send_next(c) < 0) {
				job_free();
				return CMD_FAIL;
			}
		} while (job.off < job.len);
		job_free();
		return CMD_WAIT;
	}
	return send_chunk_then_wait(c);
}

const struct cmd_entry cmd_bdat_entry = {
	"bdat",
	NULL,
	"[FILE|\"TEXT\"|--text \"TEXT\"] [--chunk N] [--exact] [--pipeline] [--no-last]",
	N_("send a message with BDAT (RFC 3030): exact byte counts, no dot-stuffing; --exact keeps bare LF "
	   "(BINARYMIME)"),
	0,
	9,
	exec_bdat,
};

/* The next chunk, once the previous one was accepted. */
static enum cmd_result exec_bdat_next(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!job.active)
		return CMD_DONE;
	const struct reply *r = session_last_reply(c->s);
	if (r == NULL || r->code / 100 != 2) {
		console_error(c, "/bdat: chunk refused (%d): the remaining %zu bytes were not sent", r ? r->code : 0,
			      job.len - job.off);
		job_free();
		return CMD_FAIL;
	}
	return send_chunk_then_wait(c);
}

const struct cmd_entry cmd_bdat_next_entry = {
	"bdat-next", NULL, "", NULL, 0, 0, exec_bdat_next,
};
