/* batch: the console without curses. The same console runner as the TUI, fed from a script; the output sinks
 * are the text transcript or JSON Lines on stdout. With --repeat the whole session runs again on a new connection,
 * as many times as asked, and a summary says how many runs failed and how long they took. */
#include "batch/batch.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/out-json.h"
#include "batch/out-text.h"
#include "cmd/cmd-save.h"
#include "cmd/console.h"
#include "lib/buf.h"
#include "lib/dtext-split.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* Without --script: what swaks does by default, one step at a time. */
static void queue_default_session(struct console *c, const struct config *cfg)
{
	if (!cfg->tls_required && !cfg->tls_optional)
		console_submit(c, "/ehlo");
	if (cfg->auth_user) {
		char *l = xasprintf("/auth %s %s", cfg->auth_mech ? cfg->auth_mech : "auto", cfg->auth_user);
		console_submit(c, l);
		free(l);
		console_submit(c, "/expect 235");
	}
	if (cfg->to) {
		char *l = xasprintf("MAIL FROM:<%s>", cfg->from ? cfg->from : "");
		console_submit(c, l);
		free(l);
		console_submit(c, "/expect 2xx");
		l = xasprintf("RCPT TO:<%s>", cfg->to);
		console_submit(c, l);
		free(l);
		console_submit(c, "/expect 2xx");
		console_submit(c, "/data");
		console_submit(c, "/expect 2xx");
	}
	console_submit(c, "/quit");
}

struct batch {
	struct loop *loop;
	bool done;
};

static void on_finished(void *ctx)
{
	struct batch *b = ctx;
	b->done = true;
	loop_stop(b->loop);
}

static void on_signal(int sig, void *arg)
{
	(void)sig;
	struct batch *b = arg;
	loop_stop(b->loop);
}

/* What one run queues: the opening steps, then the script (from memory, so stdin can be repeated too), the
 * replay, or swaks' default session. */
static void queue_run(struct console *c, const struct config *cfg, const struct buf *script)
{
	console_queue_preamble(c, cfg);
	if (cfg->script) {
		static char empty[1];
		FILE *f = fmemopen(script->len ? (void *)script->data : empty, script->len, "r");
		if (f == NULL) {
			console_end_of_input(c);
			return;
		}
		console_load_script(c, f, cfg->script);
		fclose(f);
	} else if (cfg->replay) {
		char *line = xasprintf("/replay '%s'", cfg->replay);
		console_submit(c, line);
		free(line);
		console_end_of_input(c);
	} else if (!cfg->listen) {
		queue_default_session(c, cfg);
		console_end_of_input(c);
	}
	/* Listen mode without a script: show what clients do until interrupted. */
}

/* A script is read whole before the first run: every run, stdin included, gets the same lines. */
#define BATCH_MAX_SCRIPT (64u << 20)

static int read_script(const char *path, struct buf *out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, _("smtpcon: cannot open script %s\n"), path);
		return -1;
	}
	int rc = buf_append_file(out, f, BATCH_MAX_SCRIPT);
	if (f != stdin)
		fclose(f);
	if (rc == -2)
		fprintf(stderr, _("smtpcon: script %s is larger than %u MiB\n"), path, BATCH_MAX_SCRIPT >> 20);
	else if (rc < 0)
		fprintf(stderr, _("smtpcon: cannot read script %s\n"), path);
	return rc;
}

/* --repeat: one record per run, for the summary. */
struct run_record {
	uint64_t ns;
	int status;
};

static int by_time(const void *a, const void *b)
{
	uint64_t x = ((const struct run_record *)a)->ns, y = ((const struct run_record *)b)->ns;
	return (x > y) - (x < y);
}

/* "20 runs: 18 passed, 2 failed (run 7: exit 3, run 15: exit 3); time per run: min 4.10 ms, median 4.52 ms,
 * max 9.81 ms" (docs/events.md promises this form), then "; stopped at the first failure (N planned)" when
 * --until-failure cut the series short. The list of failed runs stops at ten: the transcript above has every one. */
static void summarise(struct session *s, struct run_record *runs, unsigned n, unsigned planned)
{
	/* English for JSON (the form above), the user's language (and decimal separator) for the transcript. */
	struct dtext d;
	dtext_init(&d, 2048);
	unsigned failed = 0, listed = 0;
	for (unsigned i = 0; i < n; i++)
		failed += runs[i].status != 0;
	dtext_nprintf(&d, "%u run: %u passed, %u failed", "%u runs: %u passed, %u failed", n, n, n - failed, failed);
	for (unsigned i = 0; i < n && failed; i++) {
		if (runs[i].status == 0)
			continue;
		if (listed == 10) {
			dtext_raw(&d, ", ...");
			break;
		}
		if (listed)
			dtext_printf(&d, ", run %u: exit %d", i + 1, runs[i].status);
		else
			dtext_printf(&d, " (run %u: exit %d", i + 1, runs[i].status);
		listed++;
	}
	if (failed)
		dtext_raw(&d, ")");
	qsort(runs, n, sizeof runs[0], by_time);
	const struct run_record *median = &runs[(n - 1) / 2];
	double min = (double)runs[0].ns / 1e6, med = (double)median->ns / 1e6, max = (double)runs[n - 1].ns / 1e6;
	dtext_en_printf(&d, "; time per run: min %.2f ms, median %.2f ms, max %.2f ms", min, med, max);
	char a[32], b[32], c[32];
	dtext_loc_printf(&d, N_("; time per run: min %s ms, median %s ms, max %s ms"), i18n_number(a, sizeof a, min, 2),
			 i18n_number(b, sizeof b, med, 2), i18n_number(c, sizeof c, max, 2));
	if (n < planned && failed)
		dtext_printf(&d, "; stopped at the first failure (%u planned)", planned);
	session_emit_textd(s, EV_INFO, "repeat-summary", &d, NULL);
	dtext_free(&d);
}

static void flush_stdout(void *arg)
{
	(void)arg;
	fflush(stdout);
}

int batch_run(struct loop *loop, struct session *s, const struct config *cfg)
{
	if (!cfg->script && !cfg->replay && !cfg->listen && cfg->host == NULL && cfg->mx == NULL &&
	    cfg->socket == NULL) {
		fputs(_("smtpcon: --batch needs a server or a --script (see --help)\n"), stderr);
		return 2;
	}
	struct buf script;
	buf_init(&script, 0);
	if (cfg->script && read_script(cfg->script, &script) < 0) {
		buf_free(&script);
		return 2;
	}
	struct out_text *text = NULL;
	struct out_json *json = NULL;
	if (cfg->json) {
		json = out_json_new(stdout, cfg->listen ? OUT_JSON_CALLER_FLUSHES : 0);
		if (cfg->listen) /* a busy listener: one write per pass of the loop, not per event */
			loop_set_before_poll(loop, flush_stdout, NULL);
		session_add_sink(s, out_json_event, json);
	} else {
		text = out_text_new(stdout, (cfg->verbose ? OUT_TEXT_VERBOSE : 0) |
						    (cfg->suppress_data ? OUT_TEXT_SUPPRESS_DATA : 0) |
						    (cfg->listen ? OUT_TEXT_CALLER_FLUSHES : 0));
		if (cfg->listen) /* as for JSON: one write per pass of the loop */
			loop_set_before_poll(loop, flush_stdout, NULL);
		session_add_sink(s, out_text_event, text);
	}
	struct batch b = {.loop = loop};
	struct console_hooks hooks = {.finished = on_finished, .ctx = &b};
	struct console *c = console_new(loop, s, cfg, &hooks);
	loop_on_signal(loop, SIGINT, on_signal, &b);
	loop_on_signal(loop, SIGTERM, on_signal, &b);

	unsigned nruns = cfg->repeat > 1 ? cfg->repeat : 1, done = 0;
	struct run_record *runs = xcalloc(nruns, sizeof *runs);
	int status = 0;
	for (unsigned i = 0; i < nruns; i++) {
		if (i > 0)
			console_restart(c);
		if (nruns > 1) {
			struct dtext what;
			dtext_init(&what, 256);
			/* TRANSLATORS: --repeat: the transcript's line before each run ("run 2 of 5"). */
			dtext_printf(&what, "run %u of %u", i + 1, nruns);
			session_emit_textd(s, EV_INFO, "repeat-run", &what, NULL);
			dtext_free(&what);
		}
		b.done = false;
		loop_resume(loop);
		uint64_t t0 = loop_now_ns();
		queue_run(c, cfg, &script);
		loop_run(loop);
		runs[i].ns = loop_now_ns() - t0;
		runs[i].status = console_exit_status(c);
		/* The worst run decides: a network failure (3) outranks a failed expectation (1). */
		if (runs[i].status > status)
			status = runs[i].status;
		if (session_phase(s) != PHASE_IDLE)
			session_close(s);
		if (!b.done) {
			if (status == 0 && !cfg->listen)
				status = 3; /* interrupted */
			break;              /* and no more runs */
		}
		done++;
		if (cfg->until_failure && runs[i].status != 0)
			break;
	}
	if (nruns > 1 && done > 0)
		summarise(s, runs, done, nruns);
	free(runs);
	console_free(c);
	if (cfg->listen)
		loop_set_before_poll(loop, NULL, NULL);
	out_text_free(text);
	out_json_free(json);
	buf_free(&script);
	return status;
}
