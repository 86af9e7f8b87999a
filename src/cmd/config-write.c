/* config-write: remembering a setting the user made in the TUI without typing /set (the position of the divider
 * between the panes) in the config file, as the `/set NAME VALUE` line they could have written themselves. The
 * file's other lines, comments and order are kept: an existing `/set NAME ...` line is replaced in place, else
 * the line is appended. The new file is written beside the old one and renamed over it, so a crash never leaves
 * half a config. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/config.h"
#include "cmd/options.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* True when line (not NUL-terminated, len bytes) is `/set NAME ...` for this name (leading blanks allowed). */
static bool sets(const char *line, size_t len, const char *name)
{
	size_t i = 0, nl = strlen(name);
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (len - i < 5 + nl || strncmp(line + i, "/set", 4) != 0 || (line[i + 4] != ' ' && line[i + 4] != '\t'))
		return false;
	i += 4;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (len - i < nl || strncasecmp(line + i, name, nl) != 0)
		return false;
	i += nl;
	return i == len || line[i] == ' ' || line[i] == '\t' || line[i] == '\r';
}

/* mkdir -p for the directory part of path (the default ~/.config/smtpcon may not exist yet). */
static void make_parent(const char *path)
{
	char *d = xstrdup(path);
	for (char *p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(d, 0700);
		*p = '/';
	}
	free(d);
}

int config_remember(const struct config *cfg, const char *name, char *err, size_t errsz)
{
	const char *value = options_get(name);
	if (value == NULL) {
		snprintf(err, errsz, _("no option '%.40s'"), name);
		return -1;
	}
	if (cfg && cfg->no_config) {
		snprintf(err, errsz, "%s", _("not written to a config file (--no-config)"));
		return -1;
	}
	char *path = cfg && cfg->config_file ? xstrdup(cfg->config_file) : config_default_path();
	if (path == NULL) {
		snprintf(err, errsz, "%s", _("no config file (neither XDG_CONFIG_HOME nor HOME is set)"));
		return -1;
	}
	/* Write through a symlink to the file it names, so a dotfiles checkout keeps its link. */
	char real[PATH_MAX];
	if (realpath(path, real)) {
		free(path);
		path = xstrdup(real);
	}
	struct buf out;
	buf_init(&out, CONFIG_MAX_BYTES + 4096);
	char want[OPTIONS_MAX_VALUE + 64];
	snprintf(want, sizeof want, "/set %s %s", name, value);
	bool replaced = false;
	FILE *f = fopen(path, "r");
	if (f) {
		char *old = xmalloc(CONFIG_MAX_BYTES + 1);
		size_t n = fread(old, 1, CONFIG_MAX_BYTES + 1, f);
		fclose(f);
		if (n > CONFIG_MAX_BYTES) {
			free(old);
			buf_free(&out);
			/* TRANSLATORS: %s: the config file's path. */
			snprintf(err, errsz, _("%.200s: larger than 1 MiB, left alone"), path);
			free(path);
			return -1;
		}
		for (size_t i = 0; i < n;) {
			const char *nl = memchr(old + i, '\n', n - i);
			size_t len = nl ? (size_t)(nl - (old + i)) : n - i;
			if (sets(old + i, len, name)) {
				if (!replaced)
					buf_printf(&out, "%s\n", want);
				replaced = true; /* a second line for the same name would win over ours: drop it */
			} else {
				buf_append(&out, old + i, len);
				buf_append_byte(&out, '\n');
			}
			i += len + (nl ? 1 : 0);
		}
		free(old);
	} else if (errno != ENOENT) {
		snprintf(err, errsz, "%.200s: %s", path, strerror(errno));
		buf_free(&out);
		free(path);
		return -1;
	} else {
		make_parent(path);
	}
	if (!replaced)
		buf_printf(&out, "%s\n", want);
	char *tmp = xasprintf("%s.new-%ld", path, (long)getpid());
	int rc = -1;
	FILE *w = fopen(tmp, "w");
	if (w == NULL) {
		snprintf(err, errsz, "%.200s: %s", tmp, strerror(errno));
	} else {
		bool ok = fwrite(out.data ? out.data : (uint8_t *)"", 1, out.len, w) == out.len;
		ok = (fclose(w) == 0) && ok;
		if (ok && rename(tmp, path) == 0)
			rc = 0;
		else {
			snprintf(err, errsz, "%.200s: %s", path, strerror(errno));
			unlink(tmp);
		}
	}
	free(tmp);
	free(path);
	buf_free(&out);
	return rc;
}
