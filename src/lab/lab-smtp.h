/* lab-smtp: one client's SMTP dialogue inside the practice lab, shared by the command handlers (lab-smtp.c) and the
 * message side (lab-deliver.c: DATA and BDAT bodies, greylisting, the Received header, delivery). */
#ifndef SMTPCON_LAB_SMTP_H
#define SMTPCON_LAB_SMTP_H
#include <stdbool.h>
#include <stddef.h>

#include "lab/lab-int.h"

#define LAB_LINE_MAX 2048   /* a command line (Postfix's line_length_limit); RFC 5321 asks for at least 512 */
#define LAB_PATH_MAX 256    /* RFC 5321 4.5.3.1.3 */
#define LAB_MAX_ERRORS 10   /* bad commands before the lab hangs up, as real servers do */
#define LAB_MAX_AUTH_FAILS 3

enum lab_smtp_state {
	LS_NEW,        /* not started (implicit TLS handshake still running) */
	LS_GREETING,   /* greeting queued, maybe held back */
	LS_CMD,        /* waiting for a command line */
	LS_AUTH_PLAIN, /* 334 sent, waiting for the PLAIN response */
	LS_AUTH_USER,  /* AUTH LOGIN: waiting for the user name */
	LS_AUTH_PASS,  /* AUTH LOGIN: waiting for the password */
	LS_DATA,       /* 354 sent: message lines until <CRLF>.<CRLF> */
	LS_BDAT,       /* reading a BDAT chunk's octets */
	LS_TLS,        /* 220 to STARTTLS sent, handshake running */
	LS_CLOSED,     /* QUIT, a fatal error or a hang-up: nothing more is read */
};

/* Which mail program the client is (lab-who.c), and the settings of its own that hints name. */
enum lab_who_id {
	LAB_WHO_UNKNOWN,
	LAB_WHO_CURL,
	LAB_WHO_MSMTP,
	LAB_WHO_SWAKS,
	LAB_WHO_PYTHON,
	LAB_WHO_SNAIL,
	LAB_WHO_OPENSSL,
	LAB_WHO_THUNDERBIRD,
	LAB_WHO_OUTLOOK,
};
enum lab_who_setting {
	LAB_WHO_STARTTLS,
	LAB_WHO_TRUST,
	LAB_WHO_LOGIN,
	LAB_WHO_NSETTINGS
};

/* The DATA decoder's position within a line (for dot-unstuffing and CRLF checks). */
enum lab_data_pos { LD_BOL, LD_DOT, LD_DOTCR, LD_MID, LD_CR };

struct lab_smtp {
	struct lab_client *c;
	struct lab_ctx *x;
	enum lab_smtp_state state;
	bool esmtp, helo_done, tls, authed;
	bool starttls_done;    /* TLS came by STARTTLS (not implicit) */
	char helo[128];        /* the client's EHLO/HELO argument, printable ASCII only */
	char *login_user;      /* AUTH LOGIN between its two steps */
	int auth_failures, errors;
	unsigned cmds_in_tls;  /* commands the client sent inside TLS (0 after a handshake: it left at once) */
	bool mail_tried;       /* it sent MAIL at least once (a client that gives up after EHLO never does) */
	enum lab_who_id who;   /* the program it was recognised as (lab-who.c) */
	char last
		[64]; /* the command being answered, printable, no credentials ("": the greeting; ".": the end of a message) */
	bool last_answered; /* a reply to it went out: a later one (an idle 421) answers nothing the client sent */
	bool who_sure;         /* from a mark only that program leaves, not from a common default */

	/* the mail transaction */
	bool has_mail, smtputf8;
	char *from;
	char *rcpts[LAB_MAX_RCPTS];
	size_t nrcpts;
	struct buf msg;        /* the message as received (unstuffed), bounded by LAB_MAX_MESSAGE */
	size_t msg_bytes;      /* every byte of the message, also those past the limit (discard mode counts here) */
	bool too_big;
	enum lab_data_pos dpos;
	bool flaky_drop;       /* this DATA is one the flaky scenario loses */
	bool bdat_used, bdat_last, bdat_bad;
	size_t bdat_left;
	bool skip_line;        /* an overlong line is being skipped up to its LF */
};

/* The only way to change state; logs old -> new for the curious. */
void lab_smtp_set_state(struct lab_smtp *s, enum lab_smtp_state st);
/* The reply going out now answers this, said once (listen mode pairs each reply with its command, as client mode
 * does): "" the greeting, "." the end of a message; NULL when that command already had its reply (an idle 421, a
 * 521 in the middle of a message answer nothing the client asked). */
const char *lab_smtp_answering(struct lab_smtp *s);
/* The next reply answers this line (printable, AUTH's credentials left out; label: a line no command names). */
void lab_smtp_answers(struct lab_smtp *s, const char *line);
/* Send one reply line (CRLF added), held back as the scenario says. */
void lab_smtp_reply(struct lab_smtp *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Send a closing reply (421, 221, 554) and hang up once it is out. */
void lab_smtp_reply_close(struct lab_smtp *s, const char *text);
/* The scenario has flag (enum lab_flag). */
bool lab_smtp_has(const struct lab_smtp *s, unsigned flag);
/* Copy the printable ASCII of p into out, '?' for the rest (what is echoed back or written into Received). */
void lab_smtp_printable(char *out, size_t outsz, const char *p);
/* MAIL and RCPT (lab-envelope.c). */
void lab_smtp_cmd_mail(struct lab_smtp *s, const char *args);
void lab_smtp_cmd_rcpt(struct lab_smtp *s, const char *args);
/* AUTH (lab-auth.c): the command, and a line while an exchange waits for the client. */
void lab_smtp_cmd_auth(struct lab_smtp *s, const char *args);
void lab_smtp_auth_response(struct lab_smtp *s, const char *line);

/* Forget the mail transaction (RSET, after delivery, after STARTTLS). */
void lab_smtp_reset_tx(struct lab_smtp *s);

/* Consume DATA bytes from the input; true if any were consumed. */
bool lab_data_feed(struct lab_smtp *s);
/* Consume BDAT chunk octets; true if any were consumed. */
bool lab_bdat_feed(struct lab_smtp *s);
/* The flaky scenario's decision for a new DATA or BDAT transfer. */
void lab_data_begin(struct lab_smtp *s);
/* Greylisting for one recipient: 0 to accept, else the seconds still to wait (the reply is the caller's). */
int lab_greylist_check(struct lab_smtp *s, const char *rcpt);
/* Recognition (lab-who.c): from a command line (verb_len: the verb's length), from a message's header. */
void lab_who_command(struct lab_smtp *s, const char *line, size_t verb_len);
void lab_who_message(struct lab_smtp *s, const uint8_t *msg, size_t len);
/* Append the recognised program's own words for a setting (arg: the CA file for LAB_WHO_TRUST) to both languages
 * of out; false (nothing appended) when the program is unknown or has no such setting. */
struct dtext;
bool lab_who_setting(const struct lab_smtp *s, enum lab_who_setting what, const char *arg, struct dtext *out);
/* Diagnose with advice in the recognised program's own words: fmt (an English msgid, all conversions %s) takes
 * lead1 and lead2 (each NULL when fmt has no such conversion), then the program's name, then its setting for
 * what (arg as for lab_who_setting). False, and nothing said, when the program is unknown: the caller then says
 * its generic advice. */
bool lab_who_diag(struct lab_smtp *s, const char *id, enum lab_who_setting what, const char *arg, const char *fmt,
		  const char *lead1, const char *lead2);
/* The same, with the second leading argument said otherwise on the translated side (lead2_loc: its
 * translation, e.g. our words for an alert GnuTLS does not name). */
bool lab_who_diag_loc(struct lab_smtp *s, const char *id, enum lab_who_setting what, const char *arg, const char *fmt,
		      const char *lead1, const char *lead2, const char *lead2_loc);
/* The recognised program's name ("msmtp"), or NULL. */
const char *lab_who_name(const struct lab_smtp *s);
/* Its stable id, for JSON ("python-smtplib", "openssl-s_client"), or NULL. */
const char *lab_who_id(const struct lab_smtp *s);
/* lab-group.c: how many command lines a client sent together in the read that just arrived: the complete lines
 * in in[0, len) when the bytes before old_len (the earlier reads) hold no complete line and the dialogue expects
 * command lines; counting stops after DATA, BDAT, STARTTLS or QUIT. 0 when the read is not a run of commands. */
unsigned lab_group_count(const struct lab_smtp *s, const uint8_t *in, size_t len, size_t old_len);
/* The domain part of an address is one the lab delivers for. */
bool lab_is_local(const char *addr);

#endif
