/* console-out: what the console says. Output and errors reach every view through session events: built once in
 * English (JSON Lines) and in the user's language (screens), see lib/dtext.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/console-int.h"
#include "lib/dtext.h"

void console_print(struct console *c, const char *fmt, ...)
{
	/* Console output reaches JSON (English) and screens (translated): fmt is an English msgid. Output can be
	 * long (/help, /explain, /cert), so the bound is generous. */
	struct dtext text;
	dtext_init(&text, 1u << 20);
	va_list ap;
	va_start(ap, fmt);
	dtext_vprintf(&text, fmt, ap);
	va_end(ap);
	session_emit_textd(c->s, EV_OUTPUT, NULL, &text, NULL);
	dtext_free(&text);
}

void console_printd(struct console *c, const struct dtext *text)
{
	session_emit_textd(c->s, EV_OUTPUT, NULL, text, NULL);
}

static void emit_raw(struct console *c, enum event_type type, const char *id, const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		return;
	struct dtext d;
	dtext_init(&d, 1u << 20);
	dtext_raw(&d, s);
	free(s);
	session_emit_textd(c->s, type, id, &d, NULL);
	dtext_free(&d);
}

void console_print_raw(struct console *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit_raw(c, EV_OUTPUT, NULL, fmt, ap);
	va_end(ap);
}

void console_error_raw(struct console *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit_raw(c, EV_ERROR, "console", fmt, ap);
	va_end(ap);
}

void console_printn(struct console *c, const char *one, const char *many, unsigned long n, ...)
{
	struct dtext d;
	dtext_init(&d, 1u << 20);
	char *s = NULL;
	va_list ap;
	va_start(ap, n);
	if (vasprintf(&s, n == 1 ? one : many, ap) >= 0)
		buf_append_str(&d.en, s);
	va_end(ap);
	free(s);
	if (i18n_translating()) {
		s = NULL;
		va_start(ap, n);
		/* the catalog keeps the msgid's conversions in each form (msgfmt --check) */
		if (vasprintf(&s, P_(one, many, n), ap) >= 0)
			buf_append_str(&d.loc, s);
		va_end(ap);
		free(s);
	}
	session_emit_textd(c->s, EV_OUTPUT, NULL, &d, NULL);
	dtext_free(&d);
}

void console_errord(struct console *c, const struct dtext *msg)
{
	session_emit_textd(c->s, EV_ERROR, "console", msg, NULL);
}

void console_error(struct console *c, const char *fmt, ...)
{
	struct dtext msg;
	dtext_init(&msg, 4096);
	va_list ap;
	va_start(ap, fmt);
	dtext_vprintf(&msg, fmt, ap);
	va_end(ap);
	session_emit_textd(c->s, EV_ERROR, "console", &msg, NULL);
	dtext_free(&msg);
}
