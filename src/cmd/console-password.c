/* console-password: where a password for /auth comes from, in order: --auth-password-file, SMTPCON_PASSWORD,
 * asking the user (the front end's ask_secret hook). Never from the command line, where ps and history would keep
 * it. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd/console-int.h"
#include "core/auth.h"
#include "lib/xmalloc.h"

static char *read_password_file(struct console *c, const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		console_error(c, "cannot read the password file %s", path);
		return NULL;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);
	fclose(f);
	if (n < 0) {
		free(line);
		return xstrdup("");
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

void console_get_password(struct console *c, const char *prompt, console_secret_fn done, void *arg)
{
	char *pw = NULL;
	if (c->cfg->auth_password_file)
		pw = read_password_file(c, c->cfg->auth_password_file);
	else if (getenv("SMTPCON_PASSWORD"))
		pw = xstrdup(getenv("SMTPCON_PASSWORD"));
	if (pw || c->cfg->auth_password_file) {
		done(c, pw, arg);
		auth_wipe(pw);
		return;
	}
	if (c->hooks.ask_secret) {
		c->hooks.ask_secret(c->hooks.ctx, prompt, done, arg);
		return;
	}
	console_error(c, "no password: give --auth-password-file FILE or set SMTPCON_PASSWORD");
	done(c, NULL, arg);
}
