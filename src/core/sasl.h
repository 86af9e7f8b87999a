/* sasl: the client side of SASL (RFC 4422) for the /auth helper, through GNU SASL (libgsasl): PLAIN, LOGIN,
 * CRAM-MD5, DIGEST-MD5, SCRAM-SHA-1, SCRAM-SHA-256 and their -PLUS variants (channel binding from the TLS
 * session). XOAUTH2 and OAUTHBEARER are not in libgsasl 2.2 (Debian 12): their one message is a fixed format
 * (RFC 7628 for OAUTHBEARER), built here. Pure: no I/O; the session sends what a step returns.
 *
 * Call order: sasl_client_new -> sasl_client_step (with NULL first when sasl_mech_client_first, then with
 * each decoded 334 challenge) until it says SASL_DONE or SASL_FAILED -> sasl_client_free (wipes what it held).
 * Every output of a step is a secret-bearing buffer: free it with sasl_wipe.
 */
#ifndef SMTPCON_SASL_H
#define SMTPCON_SASL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/dtext.h"

/* One mechanism the helper speaks, in the order of preference of sasl_pick (strongest first). */
struct sasl_mech {
	const char *name;  /* as in the EHLO AUTH list */
	bool client_first; /* sends an initial response with AUTH (RFC 4954 §4) */
	bool needs_cb;     /* -PLUS: needs channel-binding data from TLS */
	bool token;        /* the "password" is an OAuth 2.0 access token; never picked by sasl_pick */
	bool gsasl;        /* through libgsasl (false: the fixed-format OAuth mechanisms built here) */
	const char *what;  /* a few words for help and errors (an English msgid: show _(what)) */
};

/* The table, NULL-name terminated, strongest first. */
const struct sasl_mech *sasl_mechs(void);
/* The row for a name (any case), or NULL when the helper does not speak it. */
const struct sasl_mech *sasl_mech_find(const char *name);
/* The names the helper speaks, space-separated, lower case (static storage), for usage texts. */
const char *sasl_mech_names(void);

/* The strongest mechanism the helper speaks among offered (the EHLO AUTH parameters, space-separated): -PLUS
 * only with have_cb (TLS is up and the session gives binding data); token mechanisms never. NULL: none. */
const struct sasl_mech *sasl_pick(const char *offered, bool have_cb);

/* Channel binding data for -PLUS (RFC 5929 tls-unique for TLS 1.2 and older, RFC 9266 tls-exporter for TLS
 * 1.3), as the TLS layer gives it. */
struct sasl_cb {
	const char *type; /* "tls-unique" or "tls-exporter"; NULL: none */
	const uint8_t *data;
	size_t len;
};

struct sasl_client;

enum sasl_status {
	SASL_MORE,
	SASL_DONE,
	SASL_FAILED
};

/* A client for mech (a row of the table) as user with password (or token). cb may be NULL (a -PLUS mechanism
 * then fails here). service ("smtp") and host (the server's name) are for DIGEST-MD5's digest-uri. NULL with
 * *err (allocated) when the library refuses. */
struct sasl_client *sasl_client_new(const struct sasl_mech *mech, const char *user, const char *password,
				    const struct sasl_cb *cb, const char *service, const char *host, char **err);
/* One step: in/inlen the decoded challenge (NULL, 0 for the initial response). On SASL_MORE and SASL_DONE,
 * *out and *outlen are what to send (decoded; may be empty; never NULL; free with sasl_wipe). SASL_DONE: the
 * mechanism is satisfied (SCRAM and DIGEST-MD5: the server proved it knows the password too). SASL_FAILED:
 * *out is NULL and *err (allocated) says why (e.g. the server's signature does not verify). */
enum sasl_status sasl_client_step(struct sasl_client *c, const uint8_t *in, size_t inlen, uint8_t **out, size_t *outlen,
				  char **err);
/* An *err of sasl_client_new or sasl_client_step reads (and frees) as one English string, for JSON; this is the
 * same in the user's language, for people (held after the English's terminator; the English when not
 * translating). NULL for NULL. */
const char *sasl_error_loc(const char *err);
/* Whether the mechanism has finished on its side (SASL_DONE was returned). */
bool sasl_client_done(const struct sasl_client *c);
/* Its mechanism. */
const struct sasl_mech *sasl_client_mech(const struct sasl_client *c);
/* How many steps have run (0 before the first). */
int sasl_client_steps(const struct sasl_client *c);
void sasl_client_free(struct sasl_client *c);
/* Overwrite n bytes of p and free it. */
void sasl_wipe(void *p, size_t n);

/* What one decoded message says, for display: fields named and explained (SCRAM's nonces, salt and iteration
 * count in words), secrets (password, proof, digest, token) replaced by "********" unless show_secrets. Every
 * byte is escaped for the terminal. from_server tells the direction; step counts the messages in that direction
 * from 0 (LOGIN's first answer is the user, the second the password). Returns an allocated string; *secret (may
 * be NULL) is set when the message held a secret (masked, or shown because show_secrets). Appended to out in
 * both languages (whole sentences from the catalog, one a field, joined with "; "). */
void sasl_describe_d(struct dtext *out, const char *mech, bool from_server, int step, const uint8_t *p, size_t n,
		     bool show_secrets, bool *secret);
/* The same, English only (what JSON Lines says). */
char *sasl_describe(const char *mech, bool from_server, int step, const uint8_t *p, size_t n, bool show_secrets,
		    bool *secret);
/* Overwrite both sides of a dtext that may hold a shown secret, and free it. */
void sasl_describe_wipe(struct dtext *d);

#endif
