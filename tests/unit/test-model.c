/* test-model: the next step and the footer words, computed from the session model only, for each place a session
 * can be. Each case is one transition a learner goes through; the hint must be true there. */
#include <string.h>

#include "check.h"
#include "core/model.h"

static char buf[512];

static const char *next(const struct session_model *m)
{
	return model_next_step(m, buf, sizeof buf);
}

#define HAS(m, s) CHECK(strstr(next(m), (s)) != NULL)
#define HASNT(m, s) CHECK(strstr(next(m), (s)) == NULL)

int main(void)
{
	struct session_model m = {0};
	HAS(&m, "/connect HOST[:PORT]"); /* never connected */

	m.host = "127.0.0.1";
	m.port = 2525;
	m.conn = MC_CONNECTING;
	HAS(&m, "wait for the connection");
	m.conn = MC_GREETING;
	m.smtp = SMTP_GREETING;
	HAS(&m, "220 greeting");
	m.greeting_refused = true;
	HAS(&m, "refused");
	m.greeting_refused = false;
	m.greeting_given_up = true; /* the wait timed out: nothing to wait for any more */
	HAS(&m, "no longer waits");
	HASNT(&m, "wait for the");
	m.greeting_given_up = false;
	m.no_wait = true; /* talking first on purpose */
	HAS(&m, "goes out now");
	m.no_wait = false;

	/* greeted -> EHLO; ready with STARTTLS on offer -> STARTTLS first */
	m.conn = MC_READY;
	m.smtp = SMTP_GREETED;
	HAS(&m, "EHLO");
	m.smtp = SMTP_READY;
	m.auth = MA_NOT_OFFERED;
	m.starttls_offered = true;
	HAS(&m, "STARTTLS");

	/* the plaintext retry a sending MTA makes after this server's STARTTLS handshake failed (--mx): STARTTLS is
	 * still on offer, but would fail the same way; the session goes on in plaintext, and says so */
	m.starttls_failed = true;
	HAS(&m, "MAIL FROM:<address> in plaintext");
	HAS(&m, "TLS handshake failed");
	HASNT(&m, "/starttls");
	HASNT(&m, "encrypt");
	m.smtp = SMTP_GREETED;
	HAS(&m, "EHLO <your name> in plaintext");
	HASNT(&m, "/starttls");
	m.smtp = SMTP_READY;
	m.starttls_failed = false;
	HAS(&m, "STARTTLS (/starttls)");

	/* STARTTLS: the handshake, then EHLO again */
	m.conn = MC_TLS_HANDSHAKE;
	m.smtp = SMTP_HANDSHAKE;
	HAS(&m, "TLS handshake");
	/* a certificate that did not verify: the decision, not EHLO */
	m.conn = MC_READY;
	m.smtp = SMTP_GREETED;
	m.tls = MT_STARTTLS;
	m.cert = MCERT_HOLD;
	HAS(&m, "/trust");
	HASNT(&m, "EHLO");
	m.cert = MCERT_VERIFIED;
	HAS(&m, "EHLO <your name> again");

	/* inside TLS, AUTH offered -> AUTH; after 235 -> MAIL FROM, never AUTH again */
	m.smtp = SMTP_READY;
	m.starttls_offered = false;
	m.auth = MA_OFFERED;
	HAS(&m, "AUTH");
	/* the same server reached as an MX (--mx, /mx, /dane): a sending server delivers without logging in */
	m.mta = true;
	HAS(&m, "MAIL FROM:<address> as a sending server would");
	HASNT(&m, "/auth");
	m.mta = false;
	m.auth = MA_DONE;
	HAS(&m, "MAIL FROM");
	HASNT(&m, "AUTH");
	HASNT(&m, "STARTTLS");

	/* implicit TLS, AUTH done -> MAIL FROM */
	m.tls = MT_IMPLICIT;
	HAS(&m, "MAIL FROM");
	HASNT(&m, "STARTTLS");

	/* a server with no AUTH and no STARTTLS never hears of AUTH */
	m.tls = MT_NONE;
	m.cert = MCERT_NONE;
	m.auth = MA_NOT_OFFERED;
	HAS(&m, "MAIL FROM");
	HASNT(&m, "AUTH");

	/* the transaction */
	m.smtp = SMTP_MAIL;
	m.txn = TXN_MAIL;
	HAS(&m, "RCPT TO");
	m.smtp = SMTP_RCPT;
	m.txn = TXN_RCPT;
	m.rcpts = 2;
	HAS(&m, "2 recipients accepted");
	m.smtp = SMTP_DATA;
	HAS(&m, "lone \".\"");
	m.smtp = SMTP_DATA_DONE;
	m.txn = TXN_VERDICT;
	HAS(&m, "verdict");

	/* how it ended, for the footer */
	char last[128];
	CHECK(model_last_outcome(&m, last, sizeof last) == NULL);
	struct txn_result r = {.outcome = TXN_REJECTED, .at = TXN_AT_MAIL, .code = 530};
	m.last = &r; /* no message was sent: the footer does not call it one */
	CHECK(model_last_outcome(&m, last, sizeof last) == NULL);
	r = (struct txn_result){.outcome = TXN_ACCEPTED, .at = TXN_AT_MESSAGE, .code = 250, .queue_id = "ABC123"};
	m.last = &r;
	CHECK_STR(model_last_outcome(&m, last, sizeof last), "accepted, queued as ABC123");
	r.outcome = TXN_LOST;
	CHECK_STR(model_last_outcome(&m, last, sizeof last), "lost");
	r.outcome = TXN_DEFERRED;
	r.code = 451;
	CHECK_STR(model_last_outcome(&m, last, sizeof last), "deferred 451");

	/* QUIT sent, then closed: how to start again, with the address */
	m.conn = MC_CLOSING;
	m.smtp = SMTP_QUIT;
	HAS(&m, "221");
	m.conn = MC_CLOSED;
	m.smtp = SMTP_CLOSED;
	m.auth = MA_UNKNOWN;
	HAS(&m, "/connect 127.0.0.1:2525 to start again");
	m.host = "::1";
	HAS(&m, "/connect [::1]:2525");

	/* what a typed line waits for */
	struct session_model q = {.conn = MC_GREETING, .waiting_for = "greeting"};
	char w[128];
	CHECK_STR(model_queue_waits_for(&q, w, sizeof w), "the greeting");
	q.cert = MCERT_HOLD;
	CHECK_STR(model_queue_waits_for(&q, w, sizeof w), "your decision about the certificate");

	/* the names are tables with no hole */
	for (int i = 0; i < MC_N; i++)
		CHECK(strcmp(model_conn_name((enum model_conn)i), "?") != 0);
	for (int i = 0; i < MT_N; i++)
		CHECK(strcmp(model_tls_name((enum model_tls)i), "?") != 0);
	for (int i = 0; i < MCERT_N; i++)
		CHECK(strcmp(model_cert_name((enum model_cert)i), "?") != 0);
	for (int i = 0; i < MA_N; i++)
		CHECK(strcmp(model_auth_name((enum model_auth)i), "?") != 0);
	for (int i = 0; i < MAA_N; i++)
		CHECK(model_auth_ask_name((enum model_auth_ask)i) != NULL &&
		      strcmp(model_auth_ask_name((enum model_auth_ask)i), "?") != 0);

	/* AUTH typed by hand: the next step is what the last 334 asked for, and always says how to cancel. */
	struct session_model a = {.conn = MC_READY, .smtp = SMTP_AUTH, .auth_mech = "LOGIN"};
	a.auth_ask = MAA_USER;
	HAS(&a, "the user name in base64");
	a.auth_ask = MAA_PASSWORD;
	HAS(&a, "the password in base64");
	a.auth_ask = MAA_PLAIN;
	HAS(&a, "\\0user\\0password");
	a.auth_ask = MAA_CRAM;
	HAS(&a, "HMAC-MD5");
	for (int i = 0; i < MAA_N; i++) {
		a.auth_ask = (enum model_auth_ask)i;
		HAS(&a, "* to cancel");
	}
	return check_report();
}
