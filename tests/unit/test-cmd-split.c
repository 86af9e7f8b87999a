/* test-cmd-split: the console line splitter: quotes, escapes kept for /raw, errors. */
#include <string.h>

#include "check.h"
#include "cmd/cmd.h"

int main(void)
{
	char **argv;
	const char *err = NULL;
	int argc = cmd_split("/raw \"EHLO x\\r\\n\" tail", &argv, &err);
	CHECK_INT(argc, 3);
	CHECK_STR(argv[0], "raw");
	CHECK_STR(argv[1], "EHLO x\\r\\n"); /* escapes are the command's to decode */
	CHECK_STR(argv[2], "tail");
	cmd_free_argv(argc, argv);

	argc = cmd_split("/connect  'a b'   c", &argv, &err);
	CHECK_INT(argc, 3);
	CHECK_STR(argv[1], "a b");
	cmd_free_argv(argc, argv);

	argc = cmd_split("/raw \"say \\\"hi\\\"\"", &argv, &err);
	CHECK_INT(argc, 2);
	CHECK_STR(argv[1], "say \\\"hi\\\"");
	cmd_free_argv(argc, argv);

	CHECK_INT(cmd_split("/raw \"unterminated", &argv, &err), -1);
	CHECK(err != NULL);

	argc = cmd_split("/", &argv, &err);
	CHECK_INT(argc, 0);
	cmd_free_argv(argc, argv);

	CHECK(cmd_find("starttls") != NULL);
	CHECK(cmd_find("EXIT") == cmd_find("quit"));
	CHECK(cmd_find("nosuch") == NULL);
	/* Every command has a unique name and usage text. */
	for (size_t i = 0; cmd_table[i]; i++) {
		CHECK(cmd_table[i]->args != NULL);
		for (size_t k = 0; k < i; k++)
			CHECK(strcmp(cmd_table[i]->name, cmd_table[k]->name) != 0);
	}
	return check_report();
}
