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
	for (size_t i = 0; cmd_table[i].entry; i++) {
		CHECK(cmd_table[i].entry->args != NULL);
		for (size_t k = 0; k < i; k++)
			CHECK(strcmp(cmd_table[i].entry->name, cmd_table[k].entry->name) != 0);
	}
	/* Commands that talk on the open connection are refused before they start when there is none; those that
	 * open their own (/connect, /probe) or only look are not. */
	CHECK(cmd_find_row("ehlo")->flags & CMD_F_CONNECTED);
	CHECK(cmd_find_row("auth")->flags & CMD_F_CONNECTED);
	CHECK(cmd_find_row("raw")->flags & CMD_F_CONNECTED);
	CHECK(!(cmd_find_row("connect")->flags & CMD_F_CONNECTED));
	CHECK(!(cmd_find_row("probe")->flags & CMD_F_CONNECTED));
	CHECK(!(cmd_find_row("help")->flags & CMD_F_CONNECTED));
	CHECK(!(cmd_find_row("cert")->flags & CMD_F_CONNECTED));
	return check_report();
}
