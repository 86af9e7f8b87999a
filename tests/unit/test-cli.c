/* test-cli: the command line people type: swaks spellings, host:port forms, IPv6 literals, refusals. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "cmd/cli.h"

static int parse(struct config *cfg, int argc, const char **argv)
{
	FILE *err = fopen("/dev/null", "w");
	int r = cli_parse(argc, (char **)argv, cfg, err);
	fclose(err);
	return r;
}

int main(void)
{
	struct config cfg;

	const char *a1[] = {"smtpcon", "--batch", "mail.example.org:587", NULL};
	CHECK_INT(parse(&cfg, 3, a1), 0);
	CHECK_STR(cfg.host, "mail.example.org");
	CHECK_INT(cfg.port, 587);
	CHECK(cfg.batch);
	CHECK(cfg.tls_verify); /* verification is on by default, unlike swaks */
	CHECK_INT(cfg.timeout_s, 30);
	cli_free(&cfg);

	const char *a2[] = {"smtpcon", "-s", "[::1]:2525", "--tls", "--insecure", NULL};
	CHECK_INT(parse(&cfg, 5, a2), 0);
	CHECK_STR(cfg.host, "::1");
	CHECK_INT(cfg.port, 2525);
	CHECK(cfg.tls_required);
	CHECK(!cfg.tls_verify);
	cli_free(&cfg);

	const char *a3[] = {"smtpcon", "::1", NULL};
	CHECK_INT(parse(&cfg, 2, a3), 0);
	CHECK_STR(cfg.host, "::1");
	CHECK_INT(cfg.port, 0);
	cli_free(&cfg);

	const char *a4[] = {"smtpcon", "--tls-on-connect", "-p", "465", "bücher.example", NULL};
	CHECK_INT(parse(&cfg, 5, a4), 0);
	CHECK(cfg.tls_on_connect);
	CHECK_INT(cfg.port, 465);
	CHECK_STR(cfg.host, "bücher.example");
	cli_free(&cfg);

	/* Refusals: exit status 2 with a message. */
	const char *bad1[] = {"smtpcon", "-p", "70000", "h", NULL};
	CHECK_INT(parse(&cfg, 4, bad1), -1);
	cli_free(&cfg);
	const char *bad2[] = {"smtpcon", "--tls-on-connect", "--tls", "h", NULL};
	CHECK_INT(parse(&cfg, 4, bad2), -1);
	cli_free(&cfg);
	const char *bad3[] = {"smtpcon", "--no-such-option", NULL};
	CHECK_INT(parse(&cfg, 2, bad3), -1);
	cli_free(&cfg);
	const char *bad4[] = {"smtpcon", "h:abc", NULL};
	CHECK_INT(parse(&cfg, 2, bad4), -1);
	cli_free(&cfg);
	const char *bad5[] = {"smtpcon", "--timeout", NULL};
	CHECK_INT(parse(&cfg, 2, bad5), -1);
	cli_free(&cfg);
	const char *bad6[] = {"smtpcon", "--tls-cert", "c.pem", "h", NULL};
	CHECK_INT(parse(&cfg, 4, bad6), -1);
	cli_free(&cfg);

	/* --repeat: batch only, 1-100000 runs. */
	const char *rep1[] = {"smtpcon", "--batch", "--repeat", "20", "h", NULL};
	CHECK_INT(parse(&cfg, 5, rep1), 0);
	CHECK_INT(cfg.repeat, 20);
	cli_free(&cfg);
	const char *rep2[] = {"smtpcon", "--repeat", "20", "h", NULL};
	CHECK_INT(parse(&cfg, 4, rep2), -1); /* the TUI has no runs to repeat */
	cli_free(&cfg);
	const char *rep3[] = {"smtpcon", "--batch", "--repeat", "100001", "h", NULL};
	CHECK_INT(parse(&cfg, 5, rep3), -1);
	cli_free(&cfg);
	const char *rep4[] = {"smtpcon", "--batch", "--repeat", "2", "--listen", "127.0.0.1:2525", NULL};
	CHECK_INT(parse(&cfg, 6, rep4), -1);
	cli_free(&cfg);
	const char *rep5[] = {"smtpcon", "--batch", "--repeat", "9", "--until-failure", "h", NULL};
	CHECK_INT(parse(&cfg, 6, rep5), 0);
	CHECK(cfg.until_failure);
	cli_free(&cfg);
	/* --auth-force and --no-quit: off unless given (AUTH only when advertised; QUIT after a failure). */
	const char *safe[] = {"smtpcon", "--batch", "h", NULL};
	CHECK_INT(parse(&cfg, 3, safe), 0);
	CHECK(!cfg.auth_force);
	CHECK(!cfg.no_quit);
	cli_free(&cfg);
	const char *unsafe[] = {"smtpcon", "--batch", "--auth-force", "--no-quit", "h", NULL};
	CHECK_INT(parse(&cfg, 5, unsafe), 0);
	CHECK(cfg.auth_force);
	CHECK(cfg.no_quit);
	cli_free(&cfg);
	const char *rep6[] = {"smtpcon", "--batch", "--until-failure", "h", NULL};
	CHECK_INT(parse(&cfg, 4, rep6), -1); /* nothing to stop */
	cli_free(&cfg);

	/* A password in argv is refused, even through getopt's prefix matching. */
	const char *bad7[] = {"smtpcon", "--auth-password", "secret", "h", NULL};
	CHECK_INT(parse(&cfg, 4, bad7), -1);
	cli_free(&cfg);

	const char *a5[] = {"smtpcon", "--explain", "5.7.1", NULL};
	CHECK_INT(parse(&cfg, 3, a5), 0);
	CHECK_INT(cfg.action, CLI_EXPLAIN);
	CHECK_STR(cfg.explain, "5.7.1");
	cli_free(&cfg);

	const char *a6[] = {"smtpcon", "--lab=greylist", "--batch", NULL};
	CHECK_INT(parse(&cfg, 3, a6), 0);
	CHECK(cfg.lab);
	CHECK_STR(cfg.lab_scenario, "greylist");
	cli_free(&cfg);

	char *h = NULL;
	int port = -1;
	CHECK_INT(cli_split_host_port("[2001:db8::1]:25", &h, &port), 0);
	CHECK_STR(h, "2001:db8::1");
	CHECK_INT(port, 25);
	free(h);
	CHECK_INT(cli_split_host_port("[::1", &h, &port), -1);
	CHECK_INT(cli_split_host_port("host:0", &h, &port), -1);
	return check_report();
}
