/* cli: the command line (getopt_long), parsed into a plain config that main.c, the console and the views read.
 * Option spellings follow swaks where swaks has the same thing, so habits carry over. */
#ifndef SMTPCON_CLI_H
#define SMTPCON_CLI_H
#include <stdbool.h>
#include <stdio.h>

#include "cmd/mime.h"
#include "core/session.h"

enum cli_action {
	CLI_RUN,      /* open the console (TUI or batch) */
	CLI_HELP,     /* print usage, exit 0 */
	CLI_VERSION,  /* print version, exit 0 */
	CLI_EXPLAIN,  /* --explain CODE, exit 0 */
	CLI_SERVE_LAB /* --serve-lab: run the practice server alone */
};

struct config {
	enum cli_action action;
	char *host;              /* as typed (may be UTF-8), NULL: none */
	int port;                /* 0: default for the mode */
	bool tls_on_connect;
	bool tls_required;       /* --tls */
	bool tls_optional;       /* --tls-optional */
	char *tls_sni;
	char *tls_ca_path;
	bool tls_verify;
	char *tls_priority;
	char *tls_protocol;
	char *tls_cipher;
	char *tls_cert;
	char *tls_key;
	char *ehlo;
	char *from;
	char *to;
	char *auth_user;
	char *auth_password_file;
	char *auth_mech; /* --auth-mech MECH[,MECH...]: the default session's /auth (NULL: auto, the strongest) */
	bool auth_force; /* --auth-force: AUTH even when not advertised (reproducing a client bug) */
	bool no_quit;    /* --no-quit: a failed run drops the connection without QUIT */
	unsigned timeout_s;
	bool show_secrets;
	bool batch;
	char *script;            /* path or "-" */
	bool json;
	char *log;
	char *theme;
	char *explain;
	bool lab;                /* --lab[=SCENARIO]: start a lab and connect to it (never with --listen) */
	char *lab_scenario;
	char *serve_lab_addr;    /* --serve-lab [ADDR:PORT] */
	bool no_wait;
	bool verbose;
	bool suppress_data;      /* -n/--suppress-data: summarise message bodies in the transcript (swaks' -n) */
	char *mx;                /* --mx DOMAIN */
	bool dane;               /* --dane DOMAIN: --mx DOMAIN by /dane (EHLO, STARTTLS, the verdicts) */
	bool mta_sts;            /* --mta-sts: /mta-sts DOMAIN before /mx DOMAIN */
	char *listen;            /* --listen ADDR:PORT: the console on the server side */
	bool lmtp;               /* --protocol lmtp: LHLO, one reply per recipient after the message */
	char *socket;            /* --socket PATH: a Unix-domain socket instead of HOST:PORT */
	char *replay;            /* --replay FILE: run the client side of a saved transcript */
	char *socks5;            /* --socks5 HOST:PORT: connect through a SOCKS5 proxy */
	bool manual;             /* --manual: in listen mode, answer each command by hand */
	char *config_file;       /* --config FILE (NULL: the default path, cmd/config.h) */
	bool no_config;          /* --no-config: read no config file */
	char *lang;              /* --lang pt_BR|pt|fr|en (checked; NULL: the config's lang, else the environment) */
	unsigned repeat;         /* --repeat N: batch runs the whole session N times (0 or 1: once) */
	bool until_failure;      /* --until-failure: --repeat stops after the first run that fails */
	unsigned given;          /* CLI_GIVEN_*: options given whose default cannot be told from a value */
	/* The test message, as swaks builds it (cmd/mime.h): --header lines, --body, --attach files (each with the
	 * --attach-type and --attach-name given before it), or --data FILE sent as is. */
	char **headers;
	size_t nheaders;
	char *body;              /* --body TEXT|@FILE|- (mime_body_load) */
	struct mime_attachments attach;
	char *data_file;         /* --data FILE */
};

#define CLI_MAX_REPEAT 100000 /* --repeat: a bound like every other */

/* The command line wins over the config file: these say it spoke where a field's default is a real value. */
enum cli_given {
	CLI_GIVEN_TIMEOUT = 1u << 0,    /* --timeout */
	CLI_GIVEN_TLS_VERIFY = 1u << 1, /* --tls-verify or --insecure */
};

/* Parse argv into cfg (defaults first). Returns 0, or -1 after writing a message to err (exit status 2). */
int cli_parse(int argc, char **argv, struct config *cfg, FILE *err);
void cli_free(struct config *cfg);

/* What must be known before anything is printed (the language, and the config file that may name it), read from
 * argv by the same rules as cli_parse but ignoring every error (cli_parse reports them afterwards, in the language
 * chosen). Pointers into argv. */
struct cli_early {
	const char *lang;        /* --lang's value as given (unchecked), or NULL */
	const char *config_file; /* --config FILE, or NULL */
	bool no_config;          /* --no-config */
};
void cli_peek_early(int argc, char **argv, struct cli_early *early);
void cli_usage(FILE *out);

/* Split "HOST[:PORT]", "[v6]:PORT", "v6" into host (allocated) and port (0 if absent). -1 on a bad port. */
int cli_split_host_port(const char *s, char **host, int *port);

/* Fill session parameters from the config (pointers into cfg; cfg must outlive them). */
void cli_session_params(const struct config *cfg, struct session_params *p);

/* What an option's value is, for the shell completion generated at build time (src/completion): the parser
 * checks values itself and never looks at this. */
enum cli_value {
	CLI_VALUE_NONE,         /* takes no value */
	CLI_VALUE_WORD,         /* free text: a number, a name, an address; nothing to offer */
	CLI_VALUE_FILE,         /* a file name */
	CLI_VALUE_HOST,         /* HOST[:PORT] */
	CLI_VALUE_SCENARIO,     /* a practice-lab scenario (lab_scenarios()) */
	CLI_VALUE_THEME,        /* a theme name (themes/ *.theme, the user's theme directory) or a file */
	CLI_VALUE_TLS_PROTOCOL, /* a comma-separated list of tls_protocol_name() words, each also as no_WORD */
	CLI_VALUE_CHOICE,       /* one of the words in cli_option_info.choices */
	CLI_VALUE_BODY,         /* free text, "-", or "@FILE": a file name after '@' (swaks' --body) */
};

struct cli_option_info {
	const char *name;     /* the long name without its dashes ("tls-protocol") */
	char short_name;      /* 's' for -s; 0: none */
	enum cli_value value; /* CLI_VALUE_NONE for a flag */
	bool optional;        /* the value is optional and then only as --name=VALUE (--lab[=SCENARIO]) */
	const char *choices;  /* CLI_VALUE_CHOICE: the words, space-separated; else NULL */
};

/* The i-th option the parser knows, in its table's order (aliases such as --helo included). Returns false past
 * the end. The strings are static. */
bool cli_option_info(size_t i, struct cli_option_info *info);

#endif
