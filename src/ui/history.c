/* history: persistent prompt history (see history.h). The file holds one line per entry; it is private (0600) in
 * a 0700 directory, because commands can name addresses and hosts. */
#include "ui/history.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/console.h"
#include "lib/xmalloc.h"

struct history {
	char **v;
	size_t n;
	char *path; /* NULL: memory only */
};

static void mkdirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			break;
		*s = '/';
	}
	free(p);
}

static char *default_path(void)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/smtpcon/history", xdg);
	const char *home = getenv("HOME");
	if (home && home[0])
		return xasprintf("%s/.local/state/smtpcon/history", home);
	return NULL;
}

static void push(struct history *h, const char *line)
{
	if (h->n == HISTORY_MAX) {
		free(h->v[0]);
		memmove(h->v, h->v + 1, (h->n - 1) * sizeof *h->v);
		h->n--;
	}
	h->v[h->n++] = xstrdup(line);
}

static void rewrite(struct history *h)
{
	char *tmp = xasprintf("%s.tmp", h->path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0) {
		FILE *f = fdopen(fd, "w");
		if (f) {
			for (size_t i = 0; i < h->n; i++)
				fprintf(f, "%s\n", h->v[i]);
			if (fclose(f) == 0)
				rename(tmp, h->path);
		} else {
			close(fd);
		}
	}
	free(tmp);
}

struct history *history_new(const char *path)
{
	struct history *h = xcalloc(1, sizeof *h);
	h->v = xcalloc(HISTORY_MAX, sizeof *h->v);
	if (path && path[0] == '\0')
		return h;
	h->path = path ? xstrdup(path) : default_path();
	if (h->path == NULL)
		return h;
	FILE *f = fopen(h->path, "r");
	if (f == NULL)
		return h;
	char line[4096];
	size_t read_lines = 0;
	while (fgets(line, sizeof line, f)) {
		size_t n = strlen(line);
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		read_lines++;
		/* A line secret by today's rules may have come from an older version: drop it on load too. */
		if (n && !history_never_stored(line))
			push(h, line);
	}
	fclose(f);
	if (read_lines > 2 * HISTORY_MAX)
		rewrite(h);
	return h;
}

/* The word at line (after spaces) is word, case-insensitive, followed by a space or the end. */
static bool starts_word(const char *line, const char *word)
{
	size_t n = strlen(word);
	while (*line == ' ')
		line++;
	return strncasecmp(line, word, n) == 0 && (line[n] == ' ' || line[n] == '\0');
}

bool history_never_stored(const char *line)
{
	/* Every AUTH line and every /auth command, not only those that carry a secret: the help promises "AUTH
	 * lines are never stored", and a user name or a mechanism choice in the history file is already more than
	 * someone reading it should learn. Answers to a 334 are kept out by the prompt (it knows the state). */
	return console_line_is_secret(line) || starts_word(line, "AUTH") || starts_word(line, "/auth") ||
	       starts_word(line, "/answer");
}

void history_free(struct history *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->n; i++)
		free(h->v[i]);
	free(h->v);
	free(h->path);
	free(h);
}

void history_add(struct history *h, const char *line)
{
	if (line[0] == '\0' || history_never_stored(line) || strchr(line, '\n'))
		return;
	if (h->n && strcmp(h->v[h->n - 1], line) == 0)
		return;
	push(h, line);
	if (h->path == NULL)
		return;
	mkdirs(h->path);
	int fd = open(h->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	size_t n = strlen(line);
	char *rec = xmalloc(n + 1);
	memcpy(rec, line, n);
	rec[n] = '\n';
	(void)!write(fd, rec, n + 1);
	free(rec);
	close(fd);
}

size_t history_count(const struct history *h)
{
	return h->n;
}

const char *history_at(const struct history *h, size_t i)
{
	return i < h->n ? h->v[i] : NULL;
}
