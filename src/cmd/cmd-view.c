/* cmd-view: commands that show what the session knows: /caps /diff /tls /help. The TUI shows them as overlays
 * (console_view); batch mode gets the text printed here. Server text is escaped by the sinks that print it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd/console-int.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

static void print_caps(struct console *c, const struct caps *caps, const char *title)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "%s: %s", title, caps->domain ? caps->domain : "");
	for (size_t i = 0; i < caps->n; i++)
		buf_printf(&b, "\n  %s%s%s", caps->v[i].name, caps->v[i].params[0] ? " " : "", caps->v[i].params);
	console_print(c, "%s", buf_cstr(&b));
	buf_free(&b);
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
		char title[64];
		snprintf(title, sizeof title, "capabilities (%s)", caps_phase_name(ph));
		print_caps(c, caps, title);
		any = true;
	}
	if (!any)
		console_print(c, "no capabilities yet: send EHLO");
	return CMD_DONE;
}

const struct cmd_entry cmd_caps_entry = {
	"caps", NULL, "", "the capabilities of each EHLO (plaintext, after TLS, after AUTH)", 0, 0, exec_caps,
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
	struct buf out;
	buf_init(&out, 0);
	buf_printf(&out, "capabilities %s -> %s:", caps_phase_name(from), caps_phase_name(to));
	for (size_t i = 0; i < d->nadded; i++)
		buf_printf(&out, "\n  + %s %s", d->added[i].name, d->added[i].params);
	for (size_t i = 0; i < d->nremoved; i++)
		buf_printf(&out, "\n  - %s %s", d->removed[i].name, d->removed[i].params);
	for (size_t i = 0; i < d->nchanged; i++)
		buf_printf(&out, "\n  ~ %s %s -> %s", d->changed[i].name, d->changed[i].from, d->changed[i].to);
	if (d->nadded + d->nremoved + d->nchanged == 0)
		buf_printf(&out, "\n  (no difference)");
	console_print(c, "%s", buf_cstr(&out));
	buf_free(&out);
	caps_diff_free(d);
	return CMD_DONE;
}

const struct cmd_entry cmd_diff_entry = {
	"diff", NULL, "[FROM TO]", "how the capabilities changed (default: before and after TLS)", 0, 2, exec_diff,
};

static void fmt_time(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static enum cmd_result exec_tls(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	const struct tls_info *ti = session_tls_info(c->s);
	if (ti == NULL) {
		console_print(c, "no TLS on this connection (yet): /starttls, or /connect HOST:465 tls");
		return CMD_DONE;
	}
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "TLS: %s, %s, group %s, signature %s%s", ti->version ? ti->version : "?",
	           ti->suite ? ti->suite : (ti->cipher ? ti->cipher : "?"), ti->kx_group ? ti->kx_group : "?",
	           ti->sig_scheme ? ti->sig_scheme : "?", ti->resumed ? ", resumed" : "");
	buf_printf(&b, "\ncertificate: %s (checked name: %s; trust: %s)",
	           ti->verified ? "verified" : "NOT verified", ti->checked_name ? ti->checked_name : "(none)",
	           ti->trust_store ? ti->trust_store : "?");
	for (size_t i = 0; i < ti->nreasons; i++)
		buf_printf(&b, "\n  - %s%s%s", ti->reasons[i].text ? ti->reasons[i].text : ti->reasons[i].id,
		           ti->reasons[i].hint ? "\n    " : "", ti->reasons[i].hint ? ti->reasons[i].hint : "");
	for (size_t i = 0; i < ti->nchain; i++) {
		const struct cert_info *ci = &ti->chain[i];
		char nb[40], na[40];
		fmt_time(ci->not_before, nb, sizeof nb);
		fmt_time(ci->not_after, na, sizeof na);
		buf_printf(&b, "\n[%zu] subject: %s\n    issuer:  %s\n    valid:   %s .. %s", i, ci->subject ? ci->subject : "",
		           ci->issuer ? ci->issuer : "", nb, na);
		for (size_t k = 0; k < ci->nsans; k++)
			buf_printf(&b, "%s%s", k ? ", " : "\n    names:   ", ci->sans[k]);
	}
	console_print(c, "%s", buf_cstr(&b));
	buf_free(&b);
	return CMD_DONE;
}

const struct cmd_entry cmd_tls_entry = {
	"tls", NULL, "", "TLS version, cipher, group, and the certificate verdict with its reasons", 0, 0, exec_tls,
};

static enum cmd_result exec_help(struct console *c, int argc, char **argv)
{
	if (console_view(c, "help", argc > 1 ? argv[1] : NULL))
		return CMD_DONE;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "A line without '/' is sent to the server as one SMTP command (CRLF appended).\n"
	               "Console commands:");
	for (size_t i = 0; cmd_table[i]; i++) {
		const struct cmd_entry *e = cmd_table[i];
		if (e->help == NULL)
			continue; /* internal steps */
		if (argc > 1 && strcasecmp(argv[1], e->name) != 0)
			continue;
		buf_printf(&b, "\n  /%s %s\n      %s", e->name, e->args, e->help);
	}
	console_print(c, "%s", buf_cstr(&b));
	buf_free(&b);
	return CMD_DONE;
}

const struct cmd_entry cmd_help_entry = {
	"help", "?", "[COMMAND]", "this list", 0, 1, exec_help,
};
