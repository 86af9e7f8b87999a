/* test-config: the options table (unique names, every default parses, ranges), values and their checks, key
 * names, the bindings store (the user's bindings outlive the defaults), the config parser (comments, quotes,
 * FILE:LINE errors, bounds) and start-up precedence (command line, then file, then defaults). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cmd/cli.h"
#include "cmd/config.h"
#include "cmd/options.h"

static void test_table(void)
{
	size_t n = 0;
	for (const struct option_entry *e = options_table; e->name; e++, n++) {
		for (const struct option_entry *f = e + 1; f->name; f++)
			CHECK(strcmp(e->name, f->name) != 0);
		CHECK(e->help && e->help[0]);
		CHECK(e->def != NULL);
		char canon[OPTIONS_MAX_VALUE], err[200] = "";
		int r = options_check(e, e->def, canon, sizeof canon, err, sizeof err);
		if (r != 0)
			fprintf(stderr, "default of %s does not parse: %s\n", e->name, err);
		CHECK_INT(r, 0);
		CHECK_STR(canon, e->def); /* defaults are written canonically */
		if (e->type == OPTION_NUMBER)
			CHECK(e->min <= e->max);
		CHECK(options_find(e->name) == e);
	}
	CHECK(n >= 8);
	CHECK(options_find("THEME") == options_find("theme"));
	CHECK(options_find("nope") == NULL);
}

static void test_values(void)
{
	char err[200];
	options_reset();
	CHECK_STR(options_get("timeout"), "30");
	CHECK(!options_is_set("timeout"));
	CHECK_INT(options_set("timeout", "20", err, sizeof err), 0);
	CHECK_INT(options_number("timeout"), 20);
	CHECK(options_is_set("timeout"));
	CHECK_INT(options_set("timeout", "0", err, sizeof err), -1);
	CHECK(strstr(err, "from 1 to 86400") != NULL);
	CHECK_INT(options_set("timeout", "12x", err, sizeof err), -1);
	CHECK_INT(options_set("timeout", "99999999999999999999", err, sizeof err), -1);
	CHECK_INT(options_number("timeout"), 20); /* a refused value changes nothing */
	CHECK_INT(options_set("hex", "YES", err, sizeof err), 0);
	CHECK_STR(options_get("hex"), "on");
	CHECK(options_flag("hex"));
	CHECK_INT(options_set("hex", "maybe", err, sizeof err), -1);
	CHECK_INT(options_set("nope", "1", err, sizeof err), -1);
	CHECK(strstr(err, "no option 'nope'") != NULL);
	CHECK_INT(options_set("ehlo", "a\x1b]0;x\x07", err, sizeof err), -1); /* no control bytes */
	char big[OPTIONS_MAX_VALUE + 10];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK_INT(options_set("ehlo", big, err, sizeof err), -1);
	options_reset();
	CHECK_STR(options_get("hex"), "off");
	CHECK(options_get("nope") == NULL);
}

static void test_key_names(void)
{
	static const char *const good[][2] = {
		{"F7", "F7"},         {"f12", "F12"},     {"S-F3", "S-F3"},     {"C-t", "C-t"},
		{"C-T", "C-t"},       {"^T", "C-t"},      {"M-x", "M-x"},       {"PageUp", "PgUp"},
		{"pgdn", "PgDn"},    {"Home", "Home"},   {"C-Home", "C-Home"}, {"m-up", "M-Up"},
		{"S-Down", "S-Down"}, {"Insert", "IC"},   {"BTab", "BTab"},     {"C-\\", "C-\\"},
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char canon[BINDINGS_MAX_KEY] = "", err[300] = "";
		int r = bindings_key_name(good[i][0], canon, err, sizeof err);
		if (r != 0)
			fprintf(stderr, "%s: %s\n", good[i][0], err);
		CHECK_INT(r, 0);
		CHECK_STR(canon, good[i][1]);
	}
	static const char *const bad[] = {"", "x", "F0", "F64", "C-m", "C-i", "C-h", "C-[", "S-F13", "C-BTab",
	                                  "Enter", "M-", "Q-x", "C-é", "F7x", "averyveryverylongkeynamethatgoeson"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char canon[BINDINGS_MAX_KEY], err[300] = "";
		CHECK_INT(bindings_key_name(bad[i], canon, err, sizeof err), -1);
		CHECK(err[0] != '\0');
	}
	char canon[BINDINGS_MAX_KEY], err[300];
	bindings_key_name("C-m", canon, err, sizeof err);
	CHECK(strstr(err, "Enter") != NULL);
}

static void test_bindings(void)
{
	char err[300];
	options_reset();
	unsigned g = bindings_generation();
	CHECK_INT(bindings_set("F7", "/caps", "caps", true, err, sizeof err), 0);
	CHECK(bindings_generation() != g);
	/* A default read afterwards does not replace the user's binding... */
	CHECK_INT(bindings_set("f7", "help", NULL, false, err, sizeof err), 0);
	CHECK_STR(bindings_lookup("F7"), "/caps");
	/* ... nor revive a key the user unbound. */
	CHECK_INT(bindings_set("F6", "", NULL, true, err, sizeof err), 0);
	CHECK_INT(bindings_set("F6", "hex", NULL, false, err, sizeof err), 0);
	CHECK(bindings_lookup("F6") == NULL);
	/* Defaults replace defaults; the user replaces anything. */
	CHECK_INT(bindings_set("F5", "cert", NULL, false, err, sizeof err), 0);
	CHECK_INT(bindings_set("F5", "/tls", NULL, true, err, sizeof err), 0);
	CHECK_STR(bindings_lookup("F5"), "/tls");
	CHECK_INT(bindings_count(), 3);
	CHECK_STR(bindings_at(0)->key, "F7");
	CHECK(bindings_at(3) == NULL);
	char cmd[BINDINGS_MAX_COMMAND + 10];
	memset(cmd, 'x', sizeof cmd - 1);
	cmd[0] = '/';
	cmd[sizeof cmd - 1] = '\0';
	CHECK_INT(bindings_set("F8", cmd, NULL, true, err, sizeof err), -1);
	/* Bounded: the store refuses the binding past BINDINGS_MAX. */
	options_reset();
	int fails = 0;
	for (int i = 0; i < BINDINGS_MAX + 5; i++) {
		char key[16];
		snprintf(key, sizeof key, "%s%c", i < 26 ? "C-" : "M-", i < 26 ? 'a' + i : 0x21 + (i - 26) % 94);
		if (i >= 26 + 94)
			snprintf(key, sizeof key, "F%d", 1 + (i - 120) % 63);
		if (bindings_set(key, "help", NULL, true, err, sizeof err) < 0)
			fails++;
	}
	CHECK(bindings_count() <= BINDINGS_MAX);
	options_reset();
	(void)fails;
}

static int parse(const char *text, struct buf *errs)
{
	buf_reset(errs);
	return config_parse_text(text, strlen(text), "cfg", CONFIG_USER, errs);
}

static void test_parser(void)
{
	struct buf errs;
	buf_init(&errs, 0);
	options_reset();
	const char *text = "# a comment\n"
	                   "\n"
	                   "   /set theme light   # trailing comment\r\n"
	                   "/set ehlo 'client #1.example'\n"
	                   "/bind -N 'show the capabilities' F7 /caps\n"
	                   "/bind C-t /ehlo \"x.example\"\n"
	                   "/set timeout 20\n"
	                   "/set nosuch 1\n"
	                   "EHLO x\n"
	                   "/connect example.org\n"
	                   "/bind F9 /nosuchcommand\n"
	                   "/bind F9 no-such-action\n"
	                   "/set ehlo \"unterminated\n"
	                   "/bind C-m /caps\n"
	                   "/set hex\n"
	                   "/bind F8 /raw \"NOOP\\r\\n\" 'a b'\n";
	int n = parse(text, &errs);
	CHECK_INT(n, 7);
	const char *e = buf_cstr(&errs);
	CHECK(strstr(e, "cfg:8: no option 'nosuch'") != NULL);
	CHECK(strstr(e, "cfg:9: a config line is a /command") != NULL);
	CHECK(strstr(e, "cfg:10: only /set and /bind") != NULL);
	CHECK(strstr(e, "cfg:11: unknown command /nosuchcommand") != NULL);
	CHECK(strstr(e, "cfg:12: 'no-such-action' is neither") != NULL);
	CHECK(strstr(e, "cfg:13:") != NULL);
	CHECK(strstr(e, "cfg:14: C-m is Enter") != NULL);
	CHECK_STR(options_get("theme"), "light");
	CHECK_STR(options_get("ehlo"), "client #1.example"); /* '#' inside quotes is not a comment */
	CHECK_INT(options_number("timeout"), 20);
	CHECK(options_flag("hex"));                            /* /set FLAG alone toggles */
	CHECK_STR(bindings_lookup("F7"), "/caps");
	CHECK_STR(bindings_at(0)->note, "show the capabilities");
	CHECK_STR(bindings_lookup("C-t"), "/ehlo x.example");
	CHECK_STR(bindings_lookup("F8"), "/raw 'NOOP\\r\\n' 'a b'");

	/* At most CONFIG_MAX_ERRORS are written out, then a count. */
	struct buf many;
	buf_init(&many, 0);
	for (int i = 0; i < 30; i++)
		buf_append_str(&many, "/set nosuch 1\n");
	CHECK_INT(parse(buf_cstr(&many), &errs), 30);
	CHECK(strstr(buf_cstr(&errs), "cfg:20:") != NULL);
	CHECK(strstr(buf_cstr(&errs), "cfg:21:") == NULL);
	CHECK(strstr(buf_cstr(&errs), "and 10 more errors") != NULL);
	buf_free(&many);

	/* A NUL byte or an overlong line is one error, and the next line still counts. */
	static const char withnul[] = "/set theme a\0b\n/set timeout 21\n";
	buf_reset(&errs);
	CHECK_INT(config_parse_text(withnul, sizeof withnul - 1, "cfg", CONFIG_USER, &errs), 1);
	CHECK_INT(options_number("timeout"), 21);
	char *longline = malloc(CONFIG_MAX_LINE + 100);
	memset(longline, 'a', CONFIG_MAX_LINE + 98);
	memcpy(longline, "/set ehlo ", 10);
	longline[CONFIG_MAX_LINE + 98] = '\n';
	longline[CONFIG_MAX_LINE + 99] = '\0';
	CHECK_INT(parse(longline, &errs), 1);
	CHECK(strstr(buf_cstr(&errs), "line too long") != NULL);
	free(longline);
	/* No final newline. */
	CHECK_INT(parse("/set timeout 22", &errs), 0);
	CHECK_INT(options_number("timeout"), 22);
	buf_free(&errs);
	options_reset();
}

static void test_exec_listing(void)
{
	struct buf out;
	buf_init(&out, 0);
	char err[200];
	const char *changed;
	char *set[] = {"set"};
	options_reset();
	CHECK_INT(config_exec(1, set, CONFIG_USER, &out, &changed, err, sizeof err), 0);
	CHECK(changed == NULL);
	for (const struct option_entry *e = options_table; e->name; e++)
		CHECK(strstr(buf_cstr(&out), e->name) != NULL);
	buf_reset(&out);
	char *set2[] = {"set", "ehlo", "mail", "example"};
	CHECK_INT(config_exec(4, set2, CONFIG_USER, &out, &changed, err, sizeof err), 0);
	CHECK_STR(changed, "ehlo");
	CHECK_STR(options_get("ehlo"), "mail example");
	CHECK_STR(buf_cstr(&out), "ehlo = mail example");
	char *bind[] = {"bind", "F7", "/caps"};
	buf_reset(&out);
	CHECK_INT(config_exec(3, bind, CONFIG_USER, &out, &changed, err, sizeof err), 0);
	CHECK_STR(changed, "F7");
	char *unbind[] = {"bind", "-u", "f7"};
	CHECK_INT(config_exec(3, unbind, CONFIG_USER, &out, &changed, err, sizeof err), 0);
	CHECK(bindings_lookup("F7") == NULL);
	char *bad[] = {"bind", "F7"};
	CHECK_INT(config_exec(2, bad, CONFIG_USER, &out, &changed, err, sizeof err), -1);
	CHECK(strstr(err, "usage") != NULL);
	buf_free(&out);
	options_reset();
}

static int parse_cli(struct config *cfg, const char *const *args, int n)
{
	char *argv[16];
	argv[0] = "smtpcon";
	for (int i = 0; i < n; i++)
		argv[i + 1] = (char *)args[i];
	return cli_parse(n + 1, argv, cfg, stderr);
}

static void test_startup(void)
{
	char dir[] = "/tmp/smtpcon-test-config-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256], sub[256];
	snprintf(sub, sizeof sub, "%s/smtpcon", dir);
	mkdir(sub, 0700);
	snprintf(path, sizeof path, "%s/smtpcon/config", dir);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	fputs("/set timeout 20\n/set ehlo file.example\n/set theme light\n/set tls-verify off\n/set bogus 1\n", f);
	fclose(f);
	setenv("XDG_CONFIG_HOME", dir, 1);
	char *def = config_default_path();
	CHECK_STR(def, path);
	free(def);

	/* The file fills in what the command line did not say. */
	struct config cfg;
	options_reset();
	const char *a1[] = {"--batch"};
	CHECK_INT(parse_cli(&cfg, a1, 1), 0);
	CHECK_INT(config_startup(&cfg, NULL), 1);
	CHECK(strstr(config_startup_report(), ":5: no option 'bogus'") != NULL);
	CHECK_STR(config_startup_file(), path);
	CHECK_INT(cfg.timeout_s, 20);
	CHECK_STR(cfg.ehlo, "file.example");
	CHECK_STR(cfg.theme, "light");
	CHECK(!cfg.tls_verify);
	cli_free(&cfg);

	/* The command line wins, even when it says the default value. */
	options_reset();
	const char *a2[] = {"--timeout", "30", "--ehlo", "cli.example", "--theme", "mono", "--tls-verify"};
	CHECK_INT(parse_cli(&cfg, a2, 7), 0);
	config_startup(&cfg, NULL);
	CHECK_INT(cfg.timeout_s, 30);
	CHECK_STR(cfg.ehlo, "cli.example");
	CHECK_STR(cfg.theme, "mono");
	CHECK(cfg.tls_verify);
	CHECK_STR(options_get("ehlo"), "cli.example"); /* /set shows what is in force */
	cli_free(&cfg);

	/* --no-config reads nothing; --config FILE reads FILE, and a missing one is an error, not a stop. */
	options_reset();
	const char *a3[] = {"--no-config"};
	CHECK_INT(parse_cli(&cfg, a3, 1), 0);
	CHECK_INT(config_startup(&cfg, NULL), 0);
	CHECK_INT(cfg.timeout_s, 30);
	CHECK(cfg.ehlo == NULL);
	CHECK(config_startup_file() == NULL);
	cli_free(&cfg);
	options_reset();
	const char *a4[] = {"--config", "/nonexistent/smtpcon.conf"};
	CHECK_INT(parse_cli(&cfg, a4, 2), 0);
	CHECK_INT(config_startup(&cfg, NULL), 1);
	CHECK(strstr(config_startup_report(), "/nonexistent/smtpcon.conf: cannot read") != NULL);
	cli_free(&cfg);

	/* No file at the default place: silence. */
	options_reset();
	unlink(path);
	CHECK_INT(parse_cli(&cfg, a1, 1), 0);
	CHECK_INT(config_startup(&cfg, NULL), 0);
	CHECK_STR(config_startup_report(), "");
	cli_free(&cfg);
	rmdir(sub);
	rmdir(dir);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/someone", 1);
	def = config_default_path();
	CHECK_STR(def, "/home/someone/.config/smtpcon/config");
	free(def);
	options_reset();
}

int main(void)
{
	test_table();
	test_values();
	test_key_names();
	test_bindings();
	test_parser();
	test_exec_listing();
	test_startup();
	return check_report();
}
