/* main: read the command line, choose the TUI or batch mode (or the practice server alone), create the session,
 * run the loop, and map the outcome to the documented exit status (0 ok, 1 /expect failed, 2 usage, 3 network
 * or TLS failure). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/batch.h"
#include "batch/out-text.h"
#include "cmd/cli.h"
#include "cmd/cmd-lab.h"
#include "cmd/config.h"
#include "core/replycodes.h"
#include "core/session.h"
#include "core/tls.h"
#include "lib/buf.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/loop.h"
#include "lib/xmalloc.h"
#ifdef SMTPCON_HAVE_UI
#include "ui/ui.h"
#endif
#ifdef SMTPCON_HAVE_LAB
#include "lab/lab.h"
#include "listen.h"
#endif

static int explain(const char *code)
{
	struct dtext d;
	dtext_init(&d, 0);
	int r = replycodes_explaind(code, &d);
	if (r < 0) {
		fprintf(stderr, _("smtpcon: '%s' is not a reply code I know (try 550, 5xx, 5.7.1)\n"), code);
		dtext_free(&d);
		return 2;
	}
	/* For a person: in the user's language (the code line itself never changes). */
	const char *text = dtext_loc(&d);
	size_t len = strlen(text);
	fputs(text, stdout);
	if (len && text[len - 1] != '\n')
		fputc('\n', stdout);
	dtext_free(&d);
	return 0;
}

#ifdef SMTPCON_HAVE_LAB
/* Adapters: the console sees the lab only through these pointers. */
static int mailbox_list(const void *lab, struct dtext *out)
{
	return lab_mailbox_listd(lab, out);
}

static int mailbox_show(const void *lab, int index, struct dtext *out)
{
	return lab_mailbox_showd(lab, index, out);
}

static const char *running_scenario(const void *lab)
{
	return lab_scenario(lab);
}

/* Where the lab listens, as a learner types it after /connect ([::1]:PORT for IPv6). */
static const char *lab_place(const void *lab)
{
	static char addr[300];
	const char *host = lab_address(lab);
	bool v6 = strchr(host, ':') != NULL;
	snprintf(addr, sizeof addr, "%s%s%s:%d", v6 ? "[" : "", host, v6 ? "]" : "", lab_port(lab));
	return addr;
}

static const char *lab_ca(const void *lab)
{
	return lab_ca_file(lab);
}

static void lab_log_stderr(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "lab: %s\n", line);
}

/* --serve-lab's log: stderr is unbuffered, and a line per connection and per message was a write(2) each (50
 * clients sending at once: a fifth of the lab's system calls). The lines of one pass of the loop are gathered
 * here and written together before it waits again, which a person watching cannot tell apart. */
static char lab_log_pending[16 * 1024];
static size_t lab_log_len;

static void lab_log_flush(void *arg)
{
	(void)arg;
	size_t off = 0;
	while (off < lab_log_len) {
		ssize_t w = write(STDERR_FILENO, lab_log_pending + off, lab_log_len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* stderr is gone: nothing to tell anyone */
		off += (size_t)w;
	}
	lab_log_len = 0;
}

static void lab_log_gather(void *arg, const char *line)
{
	size_t n = strlen(line) + 6; /* "lab: " and the newline */
	if (lab_log_len + n > sizeof lab_log_pending)
		lab_log_flush(arg);
	if (n > sizeof lab_log_pending) {
		lab_log_stderr(arg, line);
		return;
	}
	memcpy(lab_log_pending + lab_log_len, "lab: ", 5);
	memcpy(lab_log_pending + lab_log_len + 5, line, n - 6);
	lab_log_pending[lab_log_len + n - 1] = '\n';
	lab_log_len += n;
}

static void on_stop_signal(int sig, void *arg)
{
	(void)sig;
	loop_stop(arg);
}

static int serve_lab(const struct config *cfg)
{
	struct loop *loop = loop_new();
	struct lab_params lp = {.scenario = cfg->lab_scenario, .log = lab_log_gather};
	char *host = NULL;
	int port = 2525;
	if (cfg->serve_lab_addr) {
		if (cli_split_host_port(cfg->serve_lab_addr, &host, &port) < 0) {
			fprintf(stderr, _("smtpcon: bad address '%s' (ADDR:PORT)\n"), cfg->serve_lab_addr);
			loop_free(loop);
			return 2;
		}
		if (port == 0)
			port = 2525;
	}
	lp.listen_addr = host;
	lp.port = port;
	/* Before the port opens: a client (or a test) may reach it at once, and a SIGINT that follows must stop the
	 * server, not be ignored (a background job's inherited SIG_IGN) nor kill it half set up. */
	loop_on_signal(loop, SIGINT, on_stop_signal, loop);
	loop_on_signal(loop, SIGTERM, on_stop_signal, loop);
	char *err = NULL;
	struct lab *lab = lab_new(loop, &lp, &err);
	free(host);
	lab_log_flush(NULL);
	if (lab == NULL) {
		fprintf(stderr, _("smtpcon: cannot start the practice server: %s\n"), err ? err : "?");
		free(err);
		loop_free(loop);
		return 3;
	}
	printf("%s\n", lab_describe_loc(lab));
	fflush(stdout);
	loop_set_before_poll(loop, lab_log_flush, NULL);
	loop_run(loop);
	lab_free(lab);
	lab_log_flush(NULL);
	loop_free(loop);
	return 0;
}
#endif

/* --tls-protocol / --tls-cipher become a GnuTLS priority string unless one was given outright. */
static int build_priority(struct config *cfg)
{
	if (cfg->tls_priority || (!cfg->tls_protocol && !cfg->tls_cipher))
		return 0;
	char *err = NULL;
	char *prio = tls_priority_from_options(cfg->tls_protocol, cfg->tls_cipher, &err);
	if (prio == NULL) {
		fprintf(stderr, "smtpcon: %s\n", err ? err : _("bad --tls-protocol/--tls-cipher"));
		free(err);
		return -1;
	}
	cfg->tls_priority = prio;
	return 0;
}

/* The practice scenarios in --help, one line each, so a learner finds them without guessing a name. */
static void usage_scenarios(FILE *out)
{
#ifdef SMTPCON_HAVE_LAB
	fputs(_("\nPractice scenarios (--lab=NAME; /lesson NAME shows the steps):\n"), out);
	for (const char *const *s = lab_scenarios(); *s; s++)
		fprintf(out, "  %-14s %s\n", *s, lab_scenario_summary(*s) ? _(lab_scenario_summary(*s)) : "");
#else
	(void)out;
#endif
}

/* The language, before anything is printed (usage errors and --help are in it): --lang, else the config file's
 * `lang`, else the environment. A bad --lang is left to cli_parse, which reports it (in the config's or the
 * environment's language); a bad `lang` line to config_startup. */
static void choose_language(int argc, char **argv)
{
	struct cli_early early;
	cli_peek_early(argc, argv, &early);
	const char *lang = early.lang && i18n_lang_known(early.lang) ? early.lang : NULL;
	char *from_config = NULL;
	if (lang == NULL && !early.no_config) {
		char *path = early.config_file ? xstrdup(early.config_file) : config_default_path();
		from_config = config_peek(path, "lang");
		free(path);
		if (from_config && i18n_lang_known(from_config))
			lang = from_config;
	}
	i18n_init(lang);
	free(from_config);
}

int main(int argc, char **argv)
{
	struct config cfg;
	choose_language(argc, argv);
	if (cli_parse(argc, argv, &cfg, stderr) < 0) {
		cli_free(&cfg);
		return 2;
	}
	int status = 0;
	switch (cfg.action) {
	case CLI_HELP:
		cli_usage(stdout);
		usage_scenarios(stdout);
		cli_free(&cfg);
		return 0;
	case CLI_VERSION:
		printf("smtpcon %s\n", SMTPCON_VERSION);
		cli_free(&cfg);
		return 0;
	case CLI_EXPLAIN:
		status = explain(cfg.explain);
		cli_free(&cfg);
		return status;
	case CLI_SERVE_LAB:
#ifdef SMTPCON_HAVE_LAB
		status = serve_lab(&cfg);
#else
		fputs(_("smtpcon: built without the practice server\n"), stderr);
		status = 2;
#endif
		cli_free(&cfg);
		return status;
	case CLI_RUN:
		break;
	}
	if (build_priority(&cfg) < 0) {
		cli_free(&cfg);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN); /* a reset peer is an event, not a reason to die */

	struct loop *loop = loop_new();
	if (cfg.lab || cfg.listen) {
		/* A port opens below, before the views (TUI or batch) add their SIGINT and SIGTERM callbacks: a signal
		 * that comes in between is held until they do, whatever disposition was inherited (a non-interactive
		 * shell starts a background job with SIGINT ignored, and the first SIGINT after the port opened was
		 * lost). Overriding SIG_IGN is what servers do: interrupting is how --listen is meant to end. */
		loop_catch_signal(loop, SIGINT);
		loop_catch_signal(loop, SIGTERM);
	}
#ifdef SMTPCON_HAVE_LAB
	struct lab *lab = NULL;
	if (cfg.lab) {
		struct lab_params lp = {.scenario = cfg.lab_scenario, .log = cfg.verbose && cfg.batch ? lab_log_stderr : NULL};
		char *err = NULL;
		lab = lab_new(loop, &lp, &err);
		if (lab == NULL) {
			fprintf(stderr, _("smtpcon: cannot start the practice server: %s\n"), err ? err : "?");
			free(err);
			loop_free(loop);
			cli_free(&cfg);
			return 3;
		}
		struct console_lab cl = {.lab = lab,
					 .mailbox_list = mailbox_list,
					 .mailbox_show = mailbox_show,
					 .lesson = lab_lesson,
					 .scenarios = lab_scenarios,
					 .scenario = running_scenario,
					 .address = lab_place,
					 .ca_file = lab_ca};
		console_register_lab(&cl);
		cfg.host = xstrdup(lab_address(lab));
		cfg.port = lab_port(lab);
		cfg.tls_on_connect = lab_implicit_tls(lab);
		if (!cfg.tls_ca_path)
			cfg.tls_ca_path = xstrdup(lab_ca_file(lab));
		if (!cfg.tls_sni)
			cfg.tls_sni = xstrdup(LAB_HOSTNAME);
	}
#else
	if (cfg.lab) {
		fputs(_("smtpcon: built without the practice server\n"), stderr);
		loop_free(loop);
		cli_free(&cfg);
		return 2;
	}
#endif
	/* The config file fills in what the command line left unsaid (after --lab chose its own CA and address). */
	config_startup(&cfg, cfg.batch || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) ? stderr : NULL);
	out_text_register_save(); /* /save writes what --log writes, in the TUI and in batch mode */
	/* Default trust (no CA file, no client certificate): index the system store from now on, in its worker
	 * thread (core/tls-trust.c), so that it is ready when the first handshake ends however early that is;
	 * session_connect would start it anyway, this is only earlier. A listener never verifies a server. */
	if (!cfg.listen && cfg.tls_ca_path == NULL && cfg.tls_cert == NULL)
		tls_preload_system_trust();
	struct session_params sp;
	cli_session_params(&cfg, &sp);
	sp.unattended = cfg.batch || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO); /* batch_run below */
	struct session *s = session_new(loop, &sp);
	FILE *log = NULL;
	struct out_text *log_sink = NULL;
#ifdef SMTPCON_HAVE_LAB
	if (lab)
		console_lesson_follow(s); /* the scenario's lesson ticks from the start, shown or not */
	struct listen *listener = NULL;
	if (cfg.listen) {
		char *err = NULL;
		listener = listen_start(loop, s, &cfg, &err);
		if (listener == NULL) {
			fprintf(stderr, _("smtpcon: cannot listen: %s\n"), err ? err : "?");
			free(err);
			status = 3;
			goto out;
		}
		struct console_lab cl = {.lab = listen_lab(listener), .mailbox_list = mailbox_list,
		                         .mailbox_show = mailbox_show, .lesson = lab_lesson, .scenarios = lab_scenarios,
		                         .scenario = running_scenario};
		console_register_lab(&cl);
	}
#else
	if (cfg.listen) {
		fputs(_("smtpcon: built without the practice server (needed by --listen)\n"), stderr);
		status = 2;
		goto out;
	}
#endif

	if (cfg.log) {
		log = fopen(cfg.log, "a");
		if (log == NULL) {
			fprintf(stderr, _("smtpcon: cannot write the log %s: %s\n"), cfg.log, strerror(errno));
			status = 2;
			goto out;
		}
		log_sink = out_text_new(log, cfg.verbose ? OUT_TEXT_VERBOSE : 0);
		session_add_sink(s, out_text_event, log_sink);
	}

	if (cfg.batch || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		if (!cfg.batch && cfg.script == NULL && !cfg.listen) {
			fputs(_("smtpcon: not a terminal: use --batch (and --script) for scripted runs\n"), stderr);
			status = 2;
			goto out;
		}
		status = batch_run(loop, s, &cfg);
	} else {
#ifdef SMTPCON_HAVE_UI
		status = ui_run(loop, s, &cfg);
#else
		fputs(_("smtpcon: built without the TUI: use --batch\n"), stderr);
		status = 2;
#endif
	}
out:
	session_free(s);
	console_lesson_free();
#ifdef SMTPCON_HAVE_UI
	ui_release(); /* after the session: it held the UI's sink until now */
#endif
	out_text_free(log_sink);
	if (log)
		fclose(log);
#ifdef SMTPCON_HAVE_LAB
	listen_free(listener);
	lab_free(lab);
#endif
	loop_free(loop);
	cli_free(&cfg);
	return status;
}
