/* advise: the teaching layer's hook into the session: it watches every event (as the session's advisor) and
 * emits diagnoses of classic mistakes, and it checks a command before it is sent (out of sequence, extension not
 * offered, credentials about to travel in the clear). It warns; it never stops the user. */
#ifndef SMTPCON_ADVISE_H
#define SMTPCON_ADVISE_H
#include <stddef.h>

#include "core/event.h"
#include "core/session.h"
#include "lib/loop.h"

struct advisor;

struct advisor *advisor_new(void);
void advisor_free(struct advisor *a);
/* The session_advisor_fn: pass advisor_on_event with the advisor as ctx to session_set_advisor. */
void advisor_on_event(void *ctx, struct session *s, const struct event *ev);

struct advice {
	const char *id;    /* "mail-before-ehlo", "auth-not-offered", "auth-plaintext", ... (static) */
	char text[256];    /* English (JSON) */
	char hint[256];
	char text_loc[512]; /* the same in the user's language, "" when no translation is active */
	char hint_loc[512];
};
/* Warnings for sending line now (before it is sent). Returns how many were written to out (at most max). */
size_t advisor_check_command(const struct session *s, const char *line, struct advice *out, size_t max);

/* Emit one advice as a warning event: English text for JSON, the translation for screens. */
void advisor_emit_advice(struct session *s, const struct advice *ad);

/* Warnings for sending nlines command lines in one write (pipelining, RFC 2920): PIPELINING not offered, or
 * not known yet. Returns how many were written to out (at most max). */
size_t advisor_check_pipeline(const struct session *s, size_t nlines, struct advice *out, size_t max);

/* The usual next step and the commands valid now, for views ("EHLO <your name>"). Static text. */
const char *advisor_next_step(const struct session *s);
/* The commands that make sense in the current SMTP state, as a short list ("RCPT, DATA, RSET, NOOP, QUIT").
 * Static English text, an msgid: a view shows _(it). */
const char *advisor_valid_commands(const struct session *s);

/* Optional: give the advisor the loop so it can say "no greeting after a few seconds: is this an implicit-TLS
 * port?" before the full timeout runs out (ADVISE_GREETING_HINT_MS). Without it that diagnosis comes with the
 * greeting timeout. */
void advisor_set_loop(struct advisor *a, struct loop *loop);
#define ADVISE_GREETING_HINT_MS 4000

/* ---- the reply rules, exposed for tests ---- */
enum advise_cond {
	ADVISE_PLAINTEXT = 1u << 0,       /* the connection is not TLS */
	ADVISE_TLS = 1u << 1,             /* the connection is TLS */
	ADVISE_NOT_AUTHED = 1u << 2,      /* no successful AUTH on this connection */
	ADVISE_PORT_25 = 1u << 3,
	ADVISE_PORT_587 = 1u << 4,
	ADVISE_AUTH_UNOFFERED = 1u << 5,  /* the current EHLO reply has no AUTH */
};
/* The diagnosis id the reply-rule table gives for reply r answering a command with verb (upper case; "" for the
 * greeting) when the conditions conds (enum advise_cond bits) hold; NULL when no rule matches. */
const char *advise_match_reply(const struct reply *r, const char *verb, unsigned conds);

#endif
