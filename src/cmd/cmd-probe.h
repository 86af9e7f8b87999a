/* cmd-probe: shared parts of the /probe commands (cmd-probe.c runs them, cmd-probe-*.c hold each probe's steps).
 * A probe is a small state machine: each step does one thing on the session and queues the next step, so the
 * console's usual waiting (replies, timeouts) drives it. A sink records what the server does between marks. */
#ifndef SMTPCON_CMD_PROBE_H
#define SMTPCON_CMD_PROBE_H
#include <stdbool.h>
#include <stddef.h>

#include "cmd/cmd.h"
#include "lib/dtext-split.h"
#include "lib/i18n.h"

#define PROBE_MAX_REPLIES 64u

/* What the server did since the last probe_mark. */
struct probe_obs {
	int codes[PROBE_MAX_REPLIES];
	bool matched[PROBE_MAX_REPLIES]; /* the reply answered a command the session was waiting for */
	bool tls[PROBE_MAX_REPLIES];
	char first_line[PROBE_MAX_REPLIES][96];
	size_t n;
	bool closed_by_server;
	bool tls_up;
	bool injection_seen; /* the session flagged bytes after the 220 to STARTTLS */
};

/* The host being probed, fixed when the probe starts: always the one the console is connected to. */
struct probe_target {
	char *host;
	int port;
	bool implicit_tls;
	char *rcpt; /* a recipient the server accepts (smuggling, pipelining) */
	char *from;
};

struct probe_def {
	const char *name;
	const char *what; /* one line for the announcement: an English msgid, marked N_() */
	enum cmd_result (*step)(struct console *c, int k);
};

extern struct probe_obs probe_obs;
extern struct probe_target probe_target;

/* Forget what was observed: the next observations start now. */
void probe_mark(void);
/* Queue step k of the running probe, after waiting ms milliseconds (0: at once). */
void probe_next(struct console *c, int k, unsigned ms);
/* Open a fresh connection to the target (no_wait: do not wait for the greeting). */
enum cmd_result probe_connect(struct console *c, bool no_wait);
/* Send exact bytes (C escapes already decoded) and wait for n replies of any kind; a close is an answer. */
enum cmd_result probe_send(struct console *c, const char *bytes, size_t len, int n);
/* Report the verdict: keyword ("vulnerable", "not-vulnerable", "enforced", ...), severity, explanation. The keyword
 * is the verdict's id, the same in every language (scripts match "[not-vulnerable]"); the explanation is English in
 * JSON Lines and the user's language on screen. */
void probe_verdict(struct console *c, const char *keyword, bool bad, const struct dtext *text);
/* The same for an explanation that is one sentence: fmt is an English msgid (mark it N_() at the call site),
 * formatted in both languages with the same arguments. */
void probe_verdictf(struct console *c, const char *keyword, bool bad, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Append the sentence fmt (a literal English msgid with one %s, marked N_() at the call site) to the dtext d, its %s
 * being the dtext arg: arg's English on the English side, its translation on the other (a list of results put into
 * a sentence). A macro so that the compiler still checks the literal against its argument. */
#define PROBE_WITH(d, fmt, arg)                                                                                        \
	(dtext_en_printf((d), fmt, dtext_en(arg)), dtext_loc_printf((d), N_(fmt), dtext_loc(arg)))
/* Longest verdict or list, per language (six smuggling variants and a paragraph fit many times). */
#define PROBE_TEXT_MAX 4096u

extern const struct probe_def probe_starttls_injection, probe_starttls_enforced, probe_smuggling, probe_pipelining;

#endif
