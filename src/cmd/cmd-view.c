/* cmd-view: commands that show what the session knows: /caps /diff /help (/tls and /cert: cmd-tls.c, cmd-cert.c).
 * The TUI shows them as overlays (console_view); batch mode gets the text printed here. Server text is escaped by
 * the sinks that print it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd/console-int.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

static void print_caps(struct console *c, const struct caps *caps, int phase)
{
	struct dtext d;
	dtext_init(&d, 1u << 20);
	/* TRANSLATORS: the heading of /caps: the phase (plain, tls, auth) and the name the server gave in its EHLO
	   reply. */
	dtext_printf(&d, "capabilities (%s): %s", caps_phase_name(phase), caps->domain ? caps->domain : "");
	for (size_t i = 0; i < caps->n; i++) {
		dtext_raw(&d, "\n  ");
		dtext_raw(&d, caps->v[i].name);
		dtext_raw(&d, caps->v[i].params[0] ? " " : "");
		dtext_raw(&d, caps->v[i].params);
	}
	console_printd(c, &d);
	dtext_free(&d);
}

static enum cmd_result exec_caps(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (console_view(c, "caps", NULL))
		return CMD_DONE;
	bool any = false;
	for (int ph = 0; ph < CAPS_NPHASES; ph++) {
		const struct caps *caps = session_caps(c->s, ph);
		if (caps == NULL)
			continue;
		print_caps(c, caps, ph);
		any = true;
	}
	if (!any)
		console_print(c, "no capabilities yet: send EHLO");
	return CMD_DONE;
}

const struct cmd_entry cmd_caps_entry = {
	"caps", NULL, "", N_("the capabilities of each EHLO (plaintext, after TLS, after AUTH)"), 0, 0, exec_caps,
};

static int phase_from_name(const char *s)
{
	for (int ph = 0; ph < CAPS_NPHASES; ph++)
		if (strcasecmp(s, caps_phase_name(ph)) == 0)
			return ph;
	return -1;
}

static enum cmd_result exec_diff(struct console *c, int argc, char **argv)
{
	if (console_view(c, "diff", argc > 1 ? argv[1] : NULL))
		return CMD_DONE;
	int from = CAPS_PLAIN, to = CAPS_TLS;
	if (argc == 3) {
		from = phase_from_name(argv[1]);
		to = phase_from_name(argv[2]);
		if (from < 0 || to < 0) {
			console_error(c, "/diff [plain|tls|auth plain|tls|auth]");
			return CMD_FAIL;
		}
	} else if (session_caps(c->s, CAPS_AUTH) && !session_caps(c->s, CAPS_TLS)) {
		to = CAPS_AUTH;
	}
	const struct caps *a = session_caps(c->s, from), *b = session_caps(c->s, to);
	if (a == NULL || b == NULL) {
		console_print(c, "nothing to compare yet: need an EHLO %s and %s (use /starttls)", caps_phase_name(from),
		              caps_phase_name(to));
		return CMD_DONE;
	}
	struct caps_diff *d = caps_diff(a, b);
	struct dtext out;
	dtext_init(&out, 1u << 20);
	dtext_printf(&out, "capabilities %s -> %s:", caps_phase_name(from), caps_phase_name(to));
	struct buf line; /* the capability lines: names and parameters, the same in every language */
	buf_init(&line, 0);
	for (size_t i = 0; i < d->nadded; i++)
		buf_printf(&line, "\n  + %s %s", d->added[i].name, d->added[i].params);
	for (size_t i = 0; i < d->nremoved; i++)
		buf_printf(&line, "\n  - %s %s", d->removed[i].name, d->removed[i].params);
	for (size_t i = 0; i < d->nchanged; i++)
		buf_printf(&line, "\n  ~ %s %s -> %s", d->changed[i].name, d->changed[i].from, d->changed[i].to);
	dtext_raw(&out, buf_cstr(&line));
	buf_free(&line);
	if (d->nadded + d->nremoved + d->nchanged == 0) {
		dtext_raw(&out, "\n  ");
		dtext_printf(&out, "(no difference)");
	}
	console_printd(c, &out);
	dtext_free(&out);
	caps_diff_free(d);
	return CMD_DONE;
}

const struct cmd_entry cmd_diff_entry = {
	"diff", NULL, "[FROM TO]", N_("how the capabilities changed (default: before and after TLS)"), 0, 2, exec_diff,
};

static enum cmd_result exec_help(struct console *c, int argc, char **argv)
{
	if (console_view(c, "help", argc > 1 ? argv[1] : NULL))
		return CMD_DONE;
	struct dtext b;
	dtext_init(&b, 1u << 20);
	dtext_printf(&b, "A line without '/' is sent to the server as one SMTP command (CRLF appended).\n"
			 "Console commands:");
	for (size_t i = 0; cmd_table[i].entry; i++) {
		const struct cmd_entry *e = cmd_table[i].entry;
		if (e->help == NULL)
			continue; /* internal steps */
		if (argc > 1 && strcasecmp(argv[1], e->name) != 0)
			continue;
		dtext_raw(&b, "\n  /");
		dtext_raw(&b, e->name);
		dtext_raw(&b, " ");
		dtext_raw(&b, e->args);
		dtext_raw(&b, "\n      ");
		dtext_puts(&b, e->help);
	}
	console_printd(c, &b);
	dtext_free(&b);
	return CMD_DONE;
}

const struct cmd_entry cmd_help_entry = {
	"help", "?", "[COMMAND]", N_("this list"), 0, 1, exec_help,
};
