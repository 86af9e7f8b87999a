/* cmd-lab: what the console needs from the built-in practice server for /mailbox and /lesson, as function
 * pointers that main.c fills in, so the console does not link the lab. */
#ifndef SMTPCON_CMD_LAB_H
#define SMTPCON_CMD_LAB_H
#include "lib/buf.h"

struct console_lab {
	void *lab;
	int (*mailbox_list)(const void *lab, struct buf *out);
	int (*mailbox_show)(const void *lab, int index, struct buf *out);
	const char *(*lesson)(const char *name);
	const char *const *(*scenarios)(void);
	const char *(*scenario)(const void *lab); /* the running scenario's name */
};

/* Make the practice server known to every console (NULL: none running). The struct is copied. */
void console_register_lab(const struct console_lab *l);

#endif
