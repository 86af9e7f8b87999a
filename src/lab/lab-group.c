/* lab-group: which command lines a client sent together. A pipelining client (RFC 2920) writes several commands
 * at once; the views show the lines one read carried as one group, so a watcher sees what the client pipelined
 * and what it sent one by one. Only the lines a read completes are counted, and only where they are commands:
 * the count stops after a command that turns what follows into something else (DATA and BDAT: message octets;
 * STARTTLS: a handshake, and plain text after it is an injection; QUIT: the end). */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "lab/lab-smtp.h"

/* Verbs after which the bytes that follow are not commands. */
static const char *const group_ends[] = {"DATA", "BDAT", "STARTTLS", "QUIT"};

static bool ends_group(const uint8_t *line, size_t n)
{
	size_t vl = 0;
	while (vl < n && line[vl] != ' ' && line[vl] != '\r' && line[vl] != '\n')
		vl++;
	for (size_t i = 0; i < sizeof group_ends / sizeof group_ends[0]; i++)
		if (strlen(group_ends[i]) == vl && strncasecmp(group_ends[i], (const char *)line, vl) == 0)
			return true;
	return false;
}

unsigned lab_group_count(const struct lab_smtp *s, const uint8_t *in, size_t len, size_t old_len)
{
	bool lines = s->state == LS_CMD || s->state == LS_AUTH_PLAIN || s->state == LS_AUTH_USER ||
		     s->state == LS_AUTH_PASS;
	if (!lines || old_len > len || memchr(in, '\n', old_len) != NULL)
		return 0; /* message data, a handshake, or lines of an earlier read still waiting: not one read's */
	unsigned n = 0;
	size_t start = 0;
	while (start < len) {
		const uint8_t *lf = memchr(in + start, '\n', len - start);
		if (lf == NULL)
			break;
		size_t end = (size_t)(lf - in) + 1;
		n++;
		if (ends_group(in + start, end - start))
			break;
		start = end;
	}
	return n;
}
