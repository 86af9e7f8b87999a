/* test-cli-options: the option table the shell completion is generated from (cli_option_info): every option the
 * parser takes is there once, with the value it takes, and the value kinds completion relies on are right. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd/cli.h"
#include "core/tls.h"

static int find(const char *name, struct cli_option_info *out)
{
	struct cli_option_info in;
	int found = 0;
	for (size_t i = 0; cli_option_info(i, &in); i++) {
		if (strcmp(in.name, name) == 0) {
			*out = in;
			found++;
		}
	}
	return found;
}

/* Does the parser know --name (with a value where it takes one)? Cross-option refusals (--manual without
 * --listen) still mean the name was known: only "unknown option" and "needs a value" count. */
static int parses(const struct cli_option_info *in)
{
	char opt[64], buf[512] = "";
	const char *value = in->value == CLI_VALUE_CHOICE ? "smtp" : "1";
	if (in->optional)
		snprintf(opt, sizeof opt, "--%s=%s", in->name, value);
	else
		snprintf(opt, sizeof opt, "--%s", in->name);
	const char *argv[] = {"smtpcon", opt, value, NULL};
	int argc = in->value == CLI_VALUE_NONE || in->optional ? 2 : 3;
	struct config cfg;
	FILE *mem = fmemopen(buf, sizeof buf, "w");
	cli_parse(argc, (char **)argv, &cfg, mem);
	fclose(mem);
	cli_free(&cfg);
	return strstr(buf, "unknown option") == NULL && strstr(buf, "needs a value") == NULL;
}

int main(void)
{
	struct cli_option_info in;
	size_t n = 0;
	for (; cli_option_info(n, &in); n++) {
		struct cli_option_info again;
		CHECK_INT(find(in.name, &again), 1); /* unique names */
		CHECK(parses(&in));
		if (in.value == CLI_VALUE_CHOICE)
			CHECK(in.choices && in.choices[0]);
		else
			CHECK(in.choices == NULL);
		CHECK(!in.optional || in.value != CLI_VALUE_NONE);
	}
	CHECK(n > 40);

	/* What the completion offers where. */
	CHECK_INT(find("script", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_FILE);
	CHECK_INT(find("tls-ca-path", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_FILE);
	CHECK_INT(find("log", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_FILE);
	CHECK_INT(find("lab", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_SCENARIO);
	CHECK(in.optional);
	CHECK_INT(find("serve-lab", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_SCENARIO);
	CHECK_INT(find("theme", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_THEME);
	CHECK_INT(find("tls-protocol", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_TLS_PROTOCOL);
	CHECK_INT(find("server", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_HOST);
	CHECK_INT(in.short_name, 's');
	CHECK_INT(find("tls", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_NONE);
	CHECK_INT(find("protocol", &in), 1);
	CHECK_INT(in.value, CLI_VALUE_CHOICE);
	CHECK_STR(in.choices, "smtp lmtp");

	/* The TLS protocol names offered are the ones GnuTLS can use, and each parses (also as no_NAME). */
	size_t np = 0;
	for (const char *p; (p = tls_protocol_name(np)) != NULL; np++) {
		char *err = NULL, neg[32];
		char *prio = tls_priority_from_options(p, NULL, &err);
		CHECK(prio != NULL);
		free(prio);
		free(err);
		snprintf(neg, sizeof neg, "no_%s", p);
		err = NULL;
		prio = tls_priority_from_options(neg, NULL, &err);
		CHECK(prio != NULL);
		free(prio);
		free(err);
	}
	CHECK_INT(np, 4);
	CHECK_STR(tls_protocol_name(0), "tlsv1");
	CHECK_STR(tls_protocol_name(3), "tlsv1_3");
	return check_report();
}
