/* config: the user's config file, lines in the console command language (`/set theme light`, `/bind F7 /caps`,
 * '#' comments), read at start by the TUI and batch mode alike; and the same parser for the TUI's built-in default
 * key bindings (ui/keys.c), so defaults are written in the user's language (tmux's key-bindings.c).
 *
 * Where: --config FILE, else $XDG_CONFIG_HOME/smtpcon/config, else ~/.config/smtpcon/config; --no-config reads
 * none. Precedence: the command line, then the file, then the defaults of options.h. A bad line is reported as
 * "FILE:LINE: message" and the rest of the file still counts: a typo never stops start-up.
 */
#ifndef SMTPCON_CONFIG_H
#define SMTPCON_CONFIG_H
#include <stdbool.h>
#include <stdio.h>

#include "cmd/cli.h"
#include "lib/buf.h"

#define CONFIG_MAX_BYTES (1024u * 1024u) /* a config file larger than this is refused */
#define CONFIG_MAX_LINE 4096u            /* longest line */
#define CONFIG_MAX_ERRORS 20u            /* errors reported per file (then "and N more") */

/* Lines from the user are user settings; the built-in defaults never override them (options.h). */
enum config_source { CONFIG_USER, CONFIG_DEFAULTS };

/*
 * Run one split command (argv[0] "set" or "bind", without '/') on the options and bindings store.
 *   set                 list every option (into out)
 *   set NAME            show NAME (a flag: toggle it)
 *   set NAME VALUE...   set it (the words are joined by one space)
 *   bind                list the bindings
 *   bind [-N NOTE] KEY COMMAND...   bind KEY (words joined by one space; quote a command that needs quotes)
 *   bind -u KEY         unbind KEY
 * out (may be NULL) receives what a person should see. Returns 0, or -1 with a message in err.
 * *changed is set to the option name or the canonical key name that changed (a static buffer), or NULL.
 */
int config_exec(int argc, char **argv, enum config_source src, struct buf *out, const char **changed, char *err,
                size_t errsz);
/* The same with out and err in two languages (lib/dtext.h): /set and /bind at the console print both, English for
 * JSON Lines and the user's language for screens; config_exec keeps the English. */
struct dtext;
int config_execd(int argc, char **argv, enum config_source src, struct dtext *out, const char **changed,
                 struct dtext *err);

/*
 * Parse config text (lines; '#' comments and blank lines skipped) named name for messages. Only /set and /bind
 * may appear. Errors are appended to errs as "NAME:LINE: message\n" (at most CONFIG_MAX_ERRORS, then a count).
 * Returns the number of errors.
 */
int config_parse_text(const char *text, size_t len, const char *name, enum config_source src, struct buf *errs);

/* The default config file path (allocated), or NULL when neither XDG_CONFIG_HOME nor HOME is set. */
char *config_default_path(void);

/*
 * At start-up (main.c, before the session is made): read cfg->config_file or the default file (none with
 * cfg->no_config) and merge what it set into cfg wherever the command line did not give a value (theme, timeout,
 * ehlo, from, tls-verify, tls-ca-path, show-secrets, verbose). A missing default file is no error; a missing
 * --config FILE is one. Errors go to err when it is not NULL (batch), and are kept for the TUI in any case
 * (config_startup_report). Returns the number of errors; start-up goes on whatever it is.
 */
int config_startup(struct config *cfg, FILE *err);
/*
 * Remember option name's current value in the config file cfg names (--config FILE, else the default path; none
 * with --no-config): an existing `/set NAME ...` line is replaced, else `/set NAME VALUE` is appended; the other
 * lines stay as they were. The directory is made when missing; the file is replaced atomically. Returns 0, or -1
 * with a message in err.
 */
int config_remember(const struct config *cfg, const char *name, char *err, size_t errsz);

/*
 * The value of the last `/set NAME VALUE` line of the config file path (allocated; "" for `/set NAME` alone), or
 * NULL when there is none or the file cannot be read. Nothing is set and nothing reported: main.c reads `lang`
 * this way before anything is printed (config_startup reports the file's errors later, in that language).
 */
char *config_peek(const char *path, const char *name);

/* What config_startup found wrong ("" when nothing), and the file it read (NULL when none). */
const char *config_startup_report(void);
const char *config_startup_file(void);

#endif
