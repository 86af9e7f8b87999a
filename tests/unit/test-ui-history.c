/* test-ui-history: the help promises that AUTH lines are never stored. No AUTH line (bare or with credentials),
 * no /auth command and no /answer reaches the history, in memory or in its file; a file written by an older
 * version that holds them loses them on load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ui/history.h"

static const char *const never[] = {
	"AUTH PLAIN",
	"AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U=",
	"auth login",
	"  AUTH CRAM-MD5",
	"/auth plain student",
	"/auth login student",
	"/auth",
	"/answer c2VjcmV0",
};

static void test_never_stored(void)
{
	char dir[] = "/tmp/smtpcon-history-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256];
	snprintf(path, sizeof path, "%s/history", dir);

	struct history *h = history_new(path);
	history_add(h, "EHLO client.lab.test");
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
		CHECK(history_never_stored(never[i]));
		history_add(h, never[i]);
	}
	history_add(h, "AUTHORS"); /* a word that only starts like AUTH is kept */
	history_add(h, "MAIL FROM:<me@lab.test>");
	CHECK_INT(history_count(h), 3);
	CHECK_STR(history_at(h, 0), "EHLO client.lab.test");
	CHECK_STR(history_at(h, 2), "MAIL FROM:<me@lab.test>");
	history_free(h);

	/* The file holds the same three lines, and nothing of the AUTH exchange. */
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	char line[256];
	int n = 0;
	while (f && fgets(line, sizeof line, f)) {
		n++;
		CHECK(strstr(line, "AUTH ") == NULL && strstr(line, "/auth") == NULL &&
		      strstr(line, "/answer") == NULL);
	}
	if (f)
		fclose(f);
	CHECK_INT(n, 3);

	/* An older file with AUTH lines: dropped on load. */
	f = fopen(path, "a");
	fputs("AUTH PLAIN\n/auth plain student\nNOOP\n", f);
	fclose(f);
	h = history_new(path);
	CHECK_INT(history_count(h), 4);
	CHECK_STR(history_at(h, 3), "NOOP");
	history_free(h);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_never_stored();
	return check_report();
}
