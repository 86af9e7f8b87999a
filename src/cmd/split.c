/* split: console lines into words, with "double" quotes (escapes kept for the command) and 'single' quotes. */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

int cmd_split(const char *line, char ***argv_out, const char **err)
{
	char **argv = NULL;
	int argc = 0;
	const char *p = line;
	if (*p == '/')
		p++;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		struct buf w;
		buf_init(&w, 0);
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '"' || *p == '\'') {
				char q = *p++;
				while (*p && *p != q) {
					/* Inside double quotes a backslash protects the next character (kept for the
					 * command's own unescaping: /raw decodes \r\n, \x16 ...). */
					if (q == '"' && *p == '\\' && p[1]) {
						buf_append(&w, p, 2);
						p += 2;
						continue;
					}
					buf_append(&w, p, 1);
					p++;
				}
				if (*p != q) {
					buf_free(&w);
					cmd_free_argv(argc, argv);
					*err = N_("unterminated quote");
					return -1;
				}
				p++;
				continue;
			}
			buf_append(&w, p, 1);
			p++;
		}
		argv = xreallocarray(argv, (size_t)argc + 2, sizeof *argv);
		argv[argc++] = buf_detach(&w, NULL);
		argv[argc] = NULL;
	}
	if (argc == 0) {
		argv = xcalloc(1, sizeof *argv);
	}
	*argv_out = argv;
	return argc;
}

void cmd_free_argv(int argc, char **argv)
{
	if (argv == NULL)
		return;
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}
