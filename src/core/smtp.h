/* smtp: where an SMTP conversation stands, as the client sees it. The console never refuses to send what the user
 * typed; this state only lets views say where the session is and what usually comes next. Transitions are a
 * table (smtp.c), one row per (verb, reply class). */
#ifndef SMTPCON_SMTP_H
#define SMTPCON_SMTP_H

enum smtp_state {
	SMTP_DISCONNECTED,
	SMTP_CONNECTING,   /* resolving, TCP connect */
	SMTP_HANDSHAKE,    /* TLS handshake (implicit or after STARTTLS) */
	SMTP_GREETING,     /* connected, waiting for the 220 banner */
	SMTP_GREETED,      /* banner received (or TLS just started): EHLO is next */
	SMTP_READY,        /* EHLO/HELO accepted: MAIL, AUTH, STARTTLS... */
	SMTP_AUTH,         /* inside an AUTH exchange (334 challenges) */
	SMTP_MAIL,         /* MAIL FROM accepted: RCPT TO next */
	SMTP_RCPT,         /* at least one RCPT accepted: more RCPT or DATA/BDAT */
	SMTP_DATA,         /* 354 received: sending the message body */
	SMTP_DATA_DONE,    /* final dot sent: waiting for the verdict */
	SMTP_QUIT,         /* QUIT sent */
	SMTP_CLOSED,       /* the connection is gone */
	SMTP_NSTATES
};

/* Stable lower-case name: "ready", "mail", "data" ... */
const char *smtp_state_name(int state);
/* The state for a person, in the user's language (the status bar): smtp_state_name stays the id. */
const char *smtp_state_label(int state);
/* What usually comes next, for a person: "send EHLO <your name>". English msgid: show _(it). */
const char *smtp_state_next_step(int state);

/*
 * The state after a reply with code `code` to the command whose verb is `verb` (upper-case, e.g. "MAIL", "EHLO",
 * "" for the greeting, "." for the end of DATA). Unknown combinations keep the current state.
 */
enum smtp_state smtp_after_reply(enum smtp_state cur, const char *verb, int code);

/* The upper-cased first word of an SMTP command line into verb (size >= 16): "mail from:<a>" -> "MAIL". */
void smtp_verb(const char *line, char verb[16]);

#endif
