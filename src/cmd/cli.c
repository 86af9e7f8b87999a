/* cli: getopt_long parsing of the command line into struct config. Pure: no I/O but the error stream. */
#include "cmd/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/sasl.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

enum {
	OPT_TLS_ON_CONNECT = 256,
	OPT_TLS,
	OPT_TLS_OPTIONAL,
	OPT_TLS_SNI,
	OPT_TLS_CA_PATH,
	OPT_TLS_VERIFY,
	OPT_INSECURE,
	OPT_TLS_PRIORITY,
	OPT_TLS_PROTOCOL,
	OPT_TLS_CIPHER,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_EHLO,
	OPT_FROM,
	OPT_TO,
	OPT_AUTH_USER,
	OPT_AUTH_PASSWORD_FILE,
	OPT_AUTH_FORCE,
	OPT_AUTH_MECH,
	OPT_NO_QUIT,
	OPT_TIMEOUT,
	OPT_SHOW_SECRETS,
	OPT_BATCH,
	OPT_SCRIPT,
	OPT_JSON,
	OPT_LOG,
	OPT_THEME,
	OPT_EXPLAIN,
	OPT_LAB,
	OPT_SERVE_LAB,
	OPT_NO_WAIT,
	OPT_MX,
	OPT_DANE,
	OPT_MTA_STS,
	OPT_LISTEN,
	OPT_PROTOCOL,
	OPT_SOCKET,
	OPT_REPLAY,
	OPT_SOCKS5,
	OPT_MANUAL,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_LANG,
	OPT_REPEAT,
	OPT_UNTIL_FAILURE,
	OPT_HEADER,
	OPT_BODY,
	OPT_ATTACH,
	OPT_ATTACH_TYPE,
	OPT_ATTACH_NAME,
	OPT_DATA,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option long_options[] = {
	{"server", required_argument, NULL, 's'},
	{"port", required_argument, NULL, 'p'},
	{"tls-on-connect", no_argument, NULL, OPT_TLS_ON_CONNECT},
	{"tlsc", no_argument, NULL, OPT_TLS_ON_CONNECT},
	{"tls", no_argument, NULL, OPT_TLS},
	{"tls-optional", no_argument, NULL, OPT_TLS_OPTIONAL},
	{"tls-sni", required_argument, NULL, OPT_TLS_SNI},
	{"tls-ca-path", required_argument, NULL, OPT_TLS_CA_PATH},
	{"tls-verify", no_argument, NULL, OPT_TLS_VERIFY},
	{"insecure", no_argument, NULL, OPT_INSECURE},
	{"tls-priority", required_argument, NULL, OPT_TLS_PRIORITY},
	{"tls-protocol", required_argument, NULL, OPT_TLS_PROTOCOL},
	{"tls-cipher", required_argument, NULL, OPT_TLS_CIPHER},
	{"tls-cert", required_argument, NULL, OPT_TLS_CERT},
	{"tls-key", required_argument, NULL, OPT_TLS_KEY},
	{"ehlo", required_argument, NULL, OPT_EHLO},
	{"helo", required_argument, NULL, OPT_EHLO},
	{"from", required_argument, NULL, OPT_FROM},
	{"to", required_argument, NULL, OPT_TO},
	{"header", required_argument, NULL, OPT_HEADER},
	{"body", required_argument, NULL, OPT_BODY},
	{"attach", required_argument, NULL, OPT_ATTACH},
	{"attach-type", required_argument, NULL, OPT_ATTACH_TYPE},
	{"attach-name", required_argument, NULL, OPT_ATTACH_NAME},
	{"data", required_argument, NULL, OPT_DATA},
	{"auth-user", required_argument, NULL, OPT_AUTH_USER},
	{"auth-password-file", required_argument, NULL, OPT_AUTH_PASSWORD_FILE},
	{"auth-force", no_argument, NULL, OPT_AUTH_FORCE},
	{"auth-mech", required_argument, NULL, OPT_AUTH_MECH},
	{"no-quit", no_argument, NULL, OPT_NO_QUIT},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"show-secrets", no_argument, NULL, OPT_SHOW_SECRETS},
	{"batch", no_argument, NULL, OPT_BATCH},
	{"script", required_argument, NULL, OPT_SCRIPT},
	{"json", no_argument, NULL, OPT_JSON},
	{"log", required_argument, NULL, OPT_LOG},
	{"theme", required_argument, NULL, OPT_THEME},
	{"explain", required_argument, NULL, OPT_EXPLAIN},
	{"lab", optional_argument, NULL, OPT_LAB},
	{"serve-lab", optional_argument, NULL, OPT_SERVE_LAB},
	{"no-wait", no_argument, NULL, OPT_NO_WAIT},
	{"mx", required_argument, NULL, OPT_MX},
	{"dane", required_argument, NULL, OPT_DANE},
	{"mta-sts", no_argument, NULL, OPT_MTA_STS},
	{"listen", required_argument, NULL, OPT_LISTEN},
	{"protocol", required_argument, NULL, OPT_PROTOCOL},
	{"socket", required_argument, NULL, OPT_SOCKET},
	{"replay", required_argument, NULL, OPT_REPLAY},
	{"socks5", required_argument, NULL, OPT_SOCKS5},
	{"manual", no_argument, NULL, OPT_MANUAL},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"no-config", no_argument, NULL, OPT_NO_CONFIG},
	{"lang", required_argument, NULL, OPT_LANG},
	{"repeat", required_argument, NULL, OPT_REPEAT},
	{"until-failure", no_argument, NULL, OPT_UNTIL_FAILURE},
	{"suppress-data", no_argument, NULL, 'n'},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

/* The value of each option that takes one, when it is more than a word: what the generated shell completion
 * offers there. Every name is a row of long_options taking a value (tests/unit/test-cli-options.c checks). */
static const struct {
	const char *name;
	enum cli_value value;
	const char *choices;
} option_values[] = {
	{"server", CLI_VALUE_HOST, NULL},
	{"tls-ca-path", CLI_VALUE_FILE, NULL},
	{"tls-protocol", CLI_VALUE_TLS_PROTOCOL, NULL},
	{"tls-cert", CLI_VALUE_FILE, NULL},
	{"tls-key", CLI_VALUE_FILE, NULL},
	{"auth-password-file", CLI_VALUE_FILE, NULL},
	{"auth-mech", CLI_VALUE_CHOICE, NULL}, /* choices: the SASL table (cli_option_info) */
	{"script", CLI_VALUE_FILE, NULL},
	{"log", CLI_VALUE_FILE, NULL},
	{"theme", CLI_VALUE_THEME, NULL},
	{"lab", CLI_VALUE_SCENARIO, NULL},
	{"serve-lab", CLI_VALUE_SCENARIO, NULL},
	{"protocol", CLI_VALUE_CHOICE, "smtp lmtp"},
	{"socket", CLI_VALUE_FILE, NULL},
	{"replay", CLI_VALUE_FILE, NULL},
	{"socks5", CLI_VALUE_HOST, NULL},
	{"config", CLI_VALUE_FILE, NULL},
	{"lang", CLI_VALUE_CHOICE, I18N_LANGUAGES},
	{"body", CLI_VALUE_BODY, NULL},
	{"attach", CLI_VALUE_FILE, NULL},
	{"data", CLI_VALUE_FILE, NULL},
};

bool cli_option_info(size_t i, struct cli_option_info *info)
{
	if (i >= sizeof long_options / sizeof long_options[0] - 1)
		return false;
	const struct option *o = &long_options[i];
	memset(info, 0, sizeof *info);
	info->name = o->name;
	info->short_name = o->val > 0 && o->val < 128 ? (char)o->val : 0;
	info->optional = o->has_arg == optional_argument;
	info->value = o->has_arg == no_argument ? CLI_VALUE_NONE : CLI_VALUE_WORD;
	for (size_t k = 0; info->value != CLI_VALUE_NONE && k < sizeof option_values / sizeof option_values[0]; k++) {
		if (strcmp(option_values[k].name, o->name) == 0) {
			info->value = option_values[k].value;
			info->choices = option_values[k].choices;
		}
	}
	if (strcmp(o->name, "auth-mech") == 0) {
		static char mech_words[320];
		if (mech_words[0] == '\0')
			snprintf(mech_words, sizeof mech_words, "auto %s", sasl_mech_names());
		info->choices = mech_words;
	}
	return true;
}

/* --help as data: the option column (names and value words, never translated) and what the option does (one
 * msgid; a "\n" in it starts a continuation line, indented under the description, so translators never count
 * columns). A NULL option is a section heading. */
static const struct {
	const char *opts;
	const char *help;
} help_rows[] = {
	{NULL, N_("Connection:")},
	{"-s, --server HOST[:PORT]", N_("server to open ([::1]:2525 for IPv6; IDN names allowed)")},
	{"-p, --port N", N_("port (default 25; 465 with --tls-on-connect)")},
	/* TRANSLATORS: a description of an option in --help. Each "\n" starts a new line under the description
	   column (about 70 columns wide): put them where your lines need them. Keep option names and value words
	   (DOMAIN, FILE, HOST:PORT) as they are. */
	{"    --mx DOMAIN", N_("look up DOMAIN's MX records and connect to the best one, judged as a\nsending MTA "
			       "judges it (DANE; opportunistic TLS without it)")},
	{"    --dane DOMAIN", N_("--mx DOMAIN, then EHLO, STARTTLS and the DANE and delivery verdicts")},
	{"    --mta-sts", N_("with --mx or --dane: first DOMAIN's MTA-STS policy and TLS-RPT\nrecord, each MX matched "
			     "against it; after STARTTLS, its verdict")},
	{"    --timeout SECONDS", N_("limit of every wait (default 30)")},
	{"    --no-quit",
	 N_("after a failure or at a script's end, close without QUIT\n(default: QUIT, then its 221)")},
	{"    --no-wait", N_("do not wait for the greeting before sending (reproduce early talkers)")},
	{"    --socket PATH", N_("connect to a Unix-domain socket instead of HOST:PORT")},
	{"    --protocol smtp|lmtp", N_("LMTP (RFC 2033): LHLO, one reply per recipient after the message")},
	{"    --socks5 HOST:PORT", N_("connect through a SOCKS5 proxy (no authentication; it resolves the name)")},
	{NULL, "TLS:"}, /* (protocol words: not translated) */
	{"    --tls-on-connect", N_("implicit TLS (port 465 style)")},
	{"    --tls", N_("STARTTLS after EHLO on every connection; when it is not offered or\nrefused, stop the "
			 "session (nothing more is sent but QUIT; exit 3)")},
	{"    --tls-optional", N_("STARTTLS after EHLO on every connection when offered; when it is not\noffered or "
				  "refused (454), say so and go on in plaintext (not a failure)")},
	{"    --tls-sni NAME", N_("name sent as SNI and checked in the certificate")},
	{"    --tls-ca-path FILE", N_("trust these CA certificates instead of the system store")},
	{"    --tls-verify", N_("verify the certificate (the default)")},
	{"    --insecure", N_("go on when verification fails (the failure is still shown)")},
	{"    --tls-priority STRING", N_("GnuTLS priority string")},
	{"    --tls-protocol LIST", N_("e.g. tlsv1_2, no_tlsv1_3 (swaks spelling)")},
	{"    --tls-cipher NAME", N_("restrict the cipher")},
	{"    --tls-cert FILE, --tls-key FILE", N_("client certificate")},
	{NULL, "SMTP:"}, /* (protocol words: not translated) */
	{"    --ehlo NAME", N_("EHLO name (default: this host's FQDN or an address literal)")},
	{"    --from ADDR, --to ADDR", N_("envelope for the session helpers")},
	{"    --auth-user USER", N_("AUTH user; the password comes from --auth-password-file FILE or\nthe "
				    "SMTPCON_PASSWORD environment variable, never from argv")},
	{"    --auth-mech LIST", N_("AUTH mechanism(s), comma-separated: the first the server offers\n(as in swaks); "
				    "default auto: the strongest offered")},
	{"    --auth-force", N_("send AUTH even when the server did not advertise it or the mechanism\n(to reproduce a "
				"client bug; refused by default, like swaks)")},
	{"    --show-secrets", N_("show AUTH secrets in views and transcripts (masked by default)")},
	{NULL, N_("Message (built with GMime; /data without a file and the TUI's editor start from it):")},
	{"    --header LINE", N_("\"Name: value\": add a header, or replace the generated one of that name")},
	{"    --body TEXT|@FILE|-", N_("the body text, a file's content, or standard input")},
	{"    --attach FILE", N_("attach a file (repeatable): multipart/mixed, base64 or quoted-printable")},
	{"    --attach-type TYPE", N_("media type of the --attach options that follow (default: from the name)")},
	{"    --attach-name NAME", N_("file name the next --attach gets in the message")},
	{"    --data FILE", N_("send FILE as the whole message, as is (no other message option)")},
	{NULL, N_("Modes:")},
	{"    --batch", N_("no curses: run commands and print a transcript")},
	{"    --script FILE|-", N_("console commands to run")},
	{"    --json", N_("JSON Lines events on stdout (batch)")},
	{"    --log FILE", N_("write a transcript to FILE as it happens")},
	{"    --replay FILE", N_("send the client side of a saved transcript (--log, /save or swaks)")},
	{"    --repeat N", N_("batch: run the whole session N times, each on a new connection, then\nsum up (runs "
			      "failed, time per run); finds the failure that comes 1 in 20")},
	{"    --until-failure", N_("with --repeat: stop after the first run that fails")},
	{"    --lab[=SCENARIO]", N_("start the built-in practice server and open the console on it")},
	{"    --serve-lab[=SCENARIO]", N_("run only the practice server (HOST[:PORT] to listen on)")},
	{"    --listen ADDR:PORT", N_("the console on the server side: watch what a real client sends\n(answers come "
				      "from the --lab scenario, or from you with --manual)")},
	{"    --theme NAME", N_("colour theme (default, light, high-contrast, mono)")},
	{"    --config FILE", N_("read settings from FILE (default ~/.config/smtpcon/config)")},
	{"    --no-config", N_("read no config file")},
	{"    --lang LANG", N_("language: pt_BR, pt, fr, en (default: the lang setting, else the\nenvironment: "
			       "LANGUAGE, LC_ALL, LC_MESSAGES, LANG); JSON stays English")},
	{"    --explain CODE", N_("explain a reply code (550, 5.7.1) and exit")},
	{"-n, --suppress-data", N_("summarise message bodies in the transcript (as swaks -n)")},
	{"-v, --verbose", N_("more detail in transcripts")},
	{"-h, --help", N_("this text")},
	{"-V, --version", N_("version")},
	{"    --tlsc, --helo NAME", N_("swaks' spellings of --tls-on-connect and --ehlo")},
};

#define HELP_COLUMN 29 /* where descriptions start (the completion generator reads --help the same way) */

void cli_usage(FILE *out)
{
	/* TRANSLATORS: keep "smtpcon" and the words in brackets as they are (or translate OPTIONS only). */
	fputs(_("Usage: smtpcon [OPTIONS] [HOST[:PORT]]\n"), out);
	fputs(_("An interactive SMTP session console: see every byte, understand every reply.\n"), out);
	for (size_t i = 0; i < sizeof help_rows / sizeof help_rows[0]; i++) {
		const char *opts = help_rows[i].opts;
		if (opts == NULL) {
			/* the first heading follows a blank line; the others follow the last option of their section */
			fprintf(out, "%s%s\n", i == 0 ? "\n" : "", _(help_rows[i].help));
			continue;
		}
		int pad = (int)strlen(opts) < HELP_COLUMN - 2 ? HELP_COLUMN - 2 - (int)strlen(opts) : 3;
		fprintf(out, "  %s%*s", opts, pad, "");
		for (const char *d = _(help_rows[i].help); *d; d++) {
			fputc(*d, out);
			if (*d == '\n' && d[1])
				fprintf(out, "%*s", HELP_COLUMN, "");
		}
		fputc('\n', out);
	}
	fputc('\n', out);
	fputs(_("Exit status: 0 all went as asked; 1 an /expect failed or a command was refused; 2 usage error;\n"
		"3 network or TLS failure.\n"),
	      out);
}

int cli_split_host_port(const char *s, char **host, int *port)
{
	*port = 0;
	const char *colon = NULL;
	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (end == NULL)
			return -1;
		*host = xstrndup(s + 1, (size_t)(end - s - 1));
		if (end[1] == ':')
			colon = end + 1;
		else if (end[1] != '\0')
			return -1;
	} else {
		const char *first = strchr(s, ':');
		/* More than one colon without brackets: a bare IPv6 literal, no port. */
		if (first && strchr(first + 1, ':') == NULL) {
			colon = first;
			*host = xstrndup(s, (size_t)(first - s));
		} else {
			*host = xstrdup(s);
		}
	}
	if (colon) {
		char *end;
		long p = strtol(colon + 1, &end, 10);
		if (*end != '\0' || p < 1 || p > 65535 || colon[1] == '\0') {
			free(*host);
			*host = NULL;
			return -1;
		}
		*port = (int)p;
	}
	return 0;
}

/* A usage error on the error stream: "smtpcon: " and the (already translated) message. */
static void usage_error(FILE *err, const char *msg, ...)
{
	va_list ap;
	va_start(ap, msg);
	fputs("smtpcon: ", err);
	vfprintf(err, msg, ap);
	fputc('\n', err);
	va_end(ap);
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

static int parse(int argc, char **argv, struct config *cfg, FILE *err, char **attach_type, char **attach_name)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->tls_verify = true;
	cfg->timeout_s = 30;
	const char *server = NULL;
	long port = 0;
	/* getopt_long accepts any unambiguous prefix, so "--auth-password SECRET" would quietly read a file named
	 * SECRET. Passwords never come from argv: say so instead. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], "--auth-pass", 11) == 0 && strncmp(argv[i], "--auth-password-file", 20) != 0) {
			usage_error(err,
				    _("passwords are never taken from the command line (other users can read it): use "
				      "--auth-password-file FILE or the SMTPCON_PASSWORD environment variable"));
			return -1;
		}
	}
	/* 0, not 1: glibc then forgets everything of an earlier parse, including a pointer into the middle of an
	 * old argument ("-vn" half read), which would otherwise outlive that argv (the fuzzer parses many). */
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":s:p:nvhV", long_options, NULL)) != -1) {
		char *end;
		switch (c) {
		case 's': server = optarg; break;
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*end || port < 1 || port > 65535) {
				usage_error(err, _("bad port '%s' (1-65535)"), optarg);
				return -1;
			}
			break;
		case OPT_TLS_ON_CONNECT: cfg->tls_on_connect = true; break;
		case OPT_TLS: cfg->tls_required = true; break;
		case OPT_TLS_OPTIONAL: cfg->tls_optional = true; break;
		case OPT_TLS_SNI: set_str(&cfg->tls_sni, optarg); break;
		case OPT_TLS_CA_PATH: set_str(&cfg->tls_ca_path, optarg); break;
		case OPT_TLS_VERIFY:
			cfg->tls_verify = true;
			cfg->given |= CLI_GIVEN_TLS_VERIFY;
			break;
		case OPT_INSECURE:
			cfg->tls_verify = false;
			cfg->given |= CLI_GIVEN_TLS_VERIFY;
			break;
		case OPT_TLS_PRIORITY: set_str(&cfg->tls_priority, optarg); break;
		case OPT_TLS_PROTOCOL: set_str(&cfg->tls_protocol, optarg); break;
		case OPT_TLS_CIPHER: set_str(&cfg->tls_cipher, optarg); break;
		case OPT_TLS_CERT: set_str(&cfg->tls_cert, optarg); break;
		case OPT_TLS_KEY: set_str(&cfg->tls_key, optarg); break;
		case OPT_EHLO: set_str(&cfg->ehlo, optarg); break;
		case OPT_FROM: set_str(&cfg->from, optarg); break;
		case OPT_TO: set_str(&cfg->to, optarg); break;
		case OPT_AUTH_USER: set_str(&cfg->auth_user, optarg); break;
		case OPT_AUTH_PASSWORD_FILE: set_str(&cfg->auth_password_file, optarg); break;
		case OPT_AUTH_FORCE: cfg->auth_force = true; break;
		case OPT_AUTH_MECH: set_str(&cfg->auth_mech, optarg); break;
		case OPT_NO_QUIT: cfg->no_quit = true; break;
		case OPT_TIMEOUT: {
			long t = strtol(optarg, &end, 10);
			if (*end || t < 1 || t > 86400) {
				usage_error(err, _("bad timeout '%s' (1-86400 seconds)"), optarg);
				return -1;
			}
			cfg->timeout_s = (unsigned)t;
			cfg->given |= CLI_GIVEN_TIMEOUT;
			break;
		}
		case OPT_SHOW_SECRETS: cfg->show_secrets = true; break;
		case OPT_BATCH: cfg->batch = true; break;
		case OPT_SCRIPT: set_str(&cfg->script, optarg); break;
		case OPT_JSON: cfg->json = true; break;
		case OPT_LOG: set_str(&cfg->log, optarg); break;
		case OPT_THEME: set_str(&cfg->theme, optarg); break;
		case OPT_EXPLAIN:
			set_str(&cfg->explain, optarg);
			cfg->action = CLI_EXPLAIN;
			break;
		case OPT_LAB:
			cfg->lab = true;
			set_str(&cfg->lab_scenario, optarg);
			break;
		case OPT_SERVE_LAB:
			cfg->action = CLI_SERVE_LAB;
			set_str(&cfg->lab_scenario, optarg);
			break;
		case OPT_NO_WAIT: cfg->no_wait = true; break;
		case OPT_MX: set_str(&cfg->mx, optarg); break;
		case OPT_DANE:
			set_str(&cfg->mx, optarg);
			cfg->dane = true;
			break;
		case OPT_MTA_STS: cfg->mta_sts = true; break;
		case OPT_LISTEN: set_str(&cfg->listen, optarg); break;
		case OPT_PROTOCOL:
			if (strcasecmp(optarg, "lmtp") == 0) {
				cfg->lmtp = true;
			} else if (strcasecmp(optarg, "smtp") == 0 || strcasecmp(optarg, "esmtp") == 0) {
				cfg->lmtp = false;
			} else {
				usage_error(err, _("--protocol is smtp or lmtp"));
				return -1;
			}
			break;
		case OPT_SOCKET: set_str(&cfg->socket, optarg); break;
		case OPT_REPLAY: set_str(&cfg->replay, optarg); break;
		case OPT_SOCKS5: set_str(&cfg->socks5, optarg); break;
		case OPT_MANUAL: cfg->manual = true; break;
		case OPT_CONFIG: set_str(&cfg->config_file, optarg); break;
		case OPT_NO_CONFIG: cfg->no_config = true; break;
		case OPT_LANG:
			if (!i18n_lang_known(optarg)) {
				fprintf(err, _("smtpcon: unknown language '%s' for --lang (choose one of: %s)\n"),
					optarg, I18N_LANGUAGES);
				return -1;
			}
			set_str(&cfg->lang, optarg);
			break;
		case OPT_REPEAT: {
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > CLI_MAX_REPEAT) {
				usage_error(err, _("bad --repeat '%s' (1-%d runs)"), optarg, CLI_MAX_REPEAT);
				return -1;
			}
			cfg->repeat = (unsigned)n;
			break;
		}
		case OPT_UNTIL_FAILURE: cfg->until_failure = true; break;
		case OPT_HEADER: {
			char why[200];
			if (mime_header_check(optarg, why, sizeof why) < 0) {
				usage_error(err, "--header: %s", mime_error_loc(why));
				return -1;
			}
			cfg->headers = xreallocarray(cfg->headers, cfg->nheaders + 1, sizeof *cfg->headers);
			cfg->headers[cfg->nheaders++] = xstrdup(optarg);
			break;
		}
		case OPT_BODY: set_str(&cfg->body, optarg); break;
		case OPT_ATTACH_TYPE: set_str(attach_type, optarg); break;
		case OPT_ATTACH_NAME: set_str(attach_name, optarg); break;
		case OPT_ATTACH: {
			/* swaks also spells a file "@FILE" */
			const char *path = optarg[0] == '@' && optarg[1] ? optarg + 1 : optarg;
			char why[300];
			int r = mime_attachments_add(&cfg->attach, path, *attach_type, *attach_name, why, sizeof why);
			set_str(attach_name, NULL); /* the name is for one file, the type for all that follow */
			if (r < 0) {
				usage_error(err, "--attach: %s", mime_error_loc(why));
				return -1;
			}
			break;
		}
		case OPT_DATA: set_str(&cfg->data_file, optarg); break;
		case 'n': cfg->suppress_data = true; break;
		case 'v': cfg->verbose = true; break;
		case 'h': cfg->action = CLI_HELP; return 0;
		case 'V': cfg->action = CLI_VERSION; return 0;
		case ':': usage_error(err, _("option '%s' needs a value (see --help)"), argv[optind - 1]); return -1;
		default: usage_error(err, _("unknown option '%s' (see --help)"), argv[optind - 1]); return -1;
		}
	}
	if (optind < argc) {
		if (server || optind + 1 < argc) {
			usage_error(err, _("one server only (got '%s')"), argv[optind + (server ? 0 : 1)]);
			return -1;
		}
		server = argv[optind];
	}
	if (cfg->action == CLI_SERVE_LAB) {
		if (server)
			set_str(&cfg->serve_lab_addr, server);
		return 0;
	}
	if (server) {
		int p = 0;
		if (cli_split_host_port(server, &cfg->host, &p) < 0 || cfg->host[0] == '\0') {
			usage_error(err, _("bad server '%s' (HOST[:PORT], [IPv6]:PORT)"), server);
			return -1;
		}
		if (p)
			cfg->port = p;
	}
	if (port)
		cfg->port = (int)port;
	if (*attach_name) {
		usage_error(err, _("--attach-name names the --attach that follows it; none did"));
		return -1;
	}
	if (cfg->data_file && (cfg->nheaders || cfg->body || cfg->attach.n)) {
		usage_error(
			err,
			_("--data sends FILE as the whole message, as is: no --header, --body or --attach with it"));
		return -1;
	}
	if (cfg->body && strcmp(cfg->body, "-") == 0 && cfg->script && strcmp(cfg->script, "-") == 0) {
		usage_error(err, _("--body - and --script - both want standard input: put one in a file"));
		return -1;
	}
	if (cfg->tls_on_connect && (cfg->tls_required || cfg->tls_optional)) {
		usage_error(err, _("--tls-on-connect and --tls/--tls-optional exclude each other"));
		return -1;
	}
	if ((cfg->tls_cert == NULL) != (cfg->tls_key == NULL)) {
		usage_error(err, _("--tls-cert and --tls-key go together"));
		return -1;
	}
	if (cfg->json && !cfg->batch) {
		usage_error(err, _("--json needs --batch"));
		return -1;
	}
	if (cfg->until_failure && cfg->repeat < 2) {
		usage_error(err, _("--until-failure goes with --repeat N (N > 1)"));
		return -1;
	}
	if (cfg->repeat > 1 && (!cfg->batch || cfg->listen)) {
		usage_error(err, _("--repeat needs --batch, and a server to connect to (not --listen)"));
		return -1;
	}
	if (cfg->mta_sts && !cfg->mx) {
		usage_error(err, _("--mta-sts checks the domain of --mx: give --mx DOMAIN (or use /mta-sts)"));
		return -1;
	}
	if (cfg->listen && (cfg->host || cfg->mx)) {
		usage_error(err, _("--listen waits for clients; give no server to connect to"));
		return -1;
	}
	if (cfg->socket && (cfg->host || cfg->mx || cfg->listen || cfg->lab)) {
		usage_error(err, _("--socket is where to connect: give no HOST, --mx, --listen or --lab with it"));
		return -1;
	}
	if (cfg->socket && cfg->socket[0] != '/') {
		usage_error(err, _("--socket wants an absolute path"));
		return -1;
	}
	if (cfg->replay && cfg->script) {
		usage_error(err, _("--replay and --script exclude each other"));
		return -1;
	}
	if (cfg->manual && !cfg->listen) {
		usage_error(err, _("--manual goes with --listen"));
		return -1;
	}
	if (cfg->host && cfg->lab) {
		usage_error(err, _("--lab opens the built-in server; give no HOST with it"));
		return -1;
	}
	/* With --listen, --lab=SCENARIO only names the rules the listener plays by: listen mode is a server and only a
	 * server, so no second practice lab is started for the console to connect to. */
	if (cfg->listen)
		cfg->lab = false;
	return 0;
}

int cli_parse(int argc, char **argv, struct config *cfg, FILE *err)
{
	char *attach_type = NULL, *attach_name = NULL;
	int r = parse(argc, argv, cfg, err, &attach_type, &attach_name);
	free(attach_type);
	free(attach_name);
	return r;
}

void cli_peek_early(int argc, char **argv, struct cli_early *early)
{
	memset(early, 0, sizeof *early);
	optind = 0; /* as in parse: forget any earlier parse */
	opterr = 0;
	int c;
	/* The same tables as cli_parse, so "--lan fr", "--lang=fr" and an option's value that happens to read
	 * "--lang" are understood alike; getopt_long goes on after an unknown option, and so does this. */
	while ((c = getopt_long(argc, argv, ":s:p:nvhV", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_LANG: early->lang = optarg; break;
		case OPT_CONFIG: early->config_file = optarg; break;
		case OPT_NO_CONFIG: early->no_config = true; break;
		default: break;
		}
	}
	optind = 0;
}

void cli_free(struct config *cfg)
{
	for (size_t i = 0; i < cfg->nheaders; i++)
		free(cfg->headers[i]);
	free(cfg->headers);
	cfg->headers = NULL;
	cfg->nheaders = 0;
	mime_attachments_clear(&cfg->attach);
	char **strs[] = {&cfg->host,
			 &cfg->tls_sni,
			 &cfg->tls_ca_path,
			 &cfg->tls_priority,
			 &cfg->tls_protocol,
			 &cfg->tls_cipher,
			 &cfg->tls_cert,
			 &cfg->tls_key,
			 &cfg->ehlo,
			 &cfg->from,
			 &cfg->to,
			 &cfg->auth_user,
			 &cfg->auth_password_file,
			 &cfg->auth_mech,
			 &cfg->script,
			 &cfg->log,
			 &cfg->theme,
			 &cfg->explain,
			 &cfg->lab_scenario,
			 &cfg->serve_lab_addr,
			 &cfg->mx,
			 &cfg->listen,
			 &cfg->socket,
			 &cfg->replay,
			 &cfg->config_file,
			 &cfg->socks5,
			 &cfg->body,
			 &cfg->data_file,
			 &cfg->lang};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
}

void cli_session_params(const struct config *cfg, struct session_params *p)
{
	memset(p, 0, sizeof *p);
	p->ehlo_name = cfg->ehlo;
	p->tls_sni = cfg->tls_sni;
	p->tls_ca_path = cfg->tls_ca_path;
	p->tls_priority = cfg->tls_priority;
	p->tls_cert = cfg->tls_cert;
	p->tls_key = cfg->tls_key;
	p->tls_verify = cfg->tls_verify;
	p->show_secrets = cfg->show_secrets;
	p->timeout_ms = cfg->timeout_s * 1000u;
	p->lmtp = cfg->lmtp;
	p->socks5 = cfg->socks5;
	p->unattended = cfg->batch;
}
