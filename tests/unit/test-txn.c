/* test-txn: every transition of the mail-transaction reducer, and the queue ids of the servers we know. One
 * outcome per transaction (LMTP: per recipient), and "lost" whenever the connection ends before the verdict. */
#include <string.h>

#include "check.h"
#include "core/txn.h"

static struct txn_result r;

/* Feed one reply; returns whether it ended something. */
static bool feed(struct txn *t, const char *verb, const char *line, int code, const char *text)
{
	memset(&r, 0, sizeof r);
	return txn_on_reply(t, verb, line, code, NULL, text, &r);
}

static void open_with(struct txn *t, int nrcpt)
{
	CHECK(!feed(t, "MAIL", "MAIL FROM:<a@x>", 250, "ok"));
	CHECK_INT(t->stage, TXN_MAIL);
	for (int i = 0; i < nrcpt; i++) {
		char line[64];
		snprintf(line, sizeof line, "RCPT TO:<r%d@lab.test> NOTIFY=NEVER", i);
		CHECK(!feed(t, "RCPT", line, 250, "ok"));
	}
}

int main(void)
{
	struct txn t;
	txn_init(&t, false);
	/* none -> mail -> rcpt -> data -> verdict -> accepted, with Postfix's queue id */
	CHECK_INT(t.stage, TXN_NONE);
	CHECK(!feed(&t, "EHLO", "EHLO me", 250, "hi")); /* no transaction: nothing ends */
	open_with(&t, 1);
	CHECK_INT(t.stage, TXN_RCPT);
	CHECK_STR(t.rcpt[0], "r0@lab.test");
	CHECK(!feed(&t, "DATA", "DATA", 354, "go"));
	CHECK_INT(t.stage, TXN_DATA);
	txn_on_message_sent(&t);
	CHECK_INT(t.stage, TXN_VERDICT);
	CHECK(feed(&t, ".", "(end of message)", 250, "2.0.0 Ok: queued as 4Xy2Lk1zTz"));
	CHECK_INT(r.outcome, TXN_ACCEPTED);
	CHECK_INT(r.at, TXN_AT_MESSAGE);
	CHECK_STR(r.queue_id, "4Xy2Lk1zTz");
	CHECK_INT(r.recipients, 1);
	CHECK_INT(t.stage, TXN_NONE);

	/* final 5xx -> rejected, 4xx -> deferred */
	open_with(&t, 1);
	feed(&t, "DATA", "DATA", 354, "go");
	CHECK(feed(&t, ".", NULL, 554, "5.7.1 spam"));
	CHECK_INT(r.outcome, TXN_REJECTED);
	CHECK_INT(r.code, 554);
	open_with(&t, 1);
	feed(&t, "DATA", "DATA", 354, "go");
	CHECK(feed(&t, ".", NULL, 452, "4.3.1 full"));
	CHECK_INT(r.outcome, TXN_DEFERRED);

	/* all recipients refused: the refusal decides, even when DATA then gets a 554 */
	open_with(&t, 0);
	CHECK(!feed(&t, "RCPT", "RCPT TO:<b@x>", 451, "4.7.1 greylisted"));
	CHECK(feed(&t, "DATA", "DATA", 554, "5.5.1 no valid recipients"));
	CHECK_INT(r.outcome, TXN_DEFERRED);
	CHECK_INT(r.code, 451);
	CHECK_INT(r.at, TXN_AT_RCPT);
	open_with(&t, 0);
	CHECK(!feed(&t, "RCPT", "RCPT TO:<b@x>", 550, "5.7.1 relaying denied"));
	CHECK(feed(&t, "QUIT", "QUIT", 221, "bye"));
	CHECK_INT(r.outcome, TXN_REJECTED);
	CHECK_INT(r.code, 550);

	/* DATA refused with recipients accepted: DATA's class */
	open_with(&t, 1);
	CHECK(feed(&t, "DATA", "DATA", 451, "later"));
	CHECK_INT(r.outcome, TXN_DEFERRED);
	CHECK_INT(r.at, TXN_AT_DATA);

	/* RSET, QUIT, EHLO end an open transaction with nothing refused: abandoned */
	open_with(&t, 1);
	CHECK(feed(&t, "RSET", "RSET", 250, "ok"));
	CHECK_INT(r.outcome, TXN_ABANDONED);
	open_with(&t, 0);
	CHECK(feed(&t, "EHLO", "EHLO x", 250, "hi"));
	CHECK_INT(r.outcome, TXN_ABANDONED);

	/* MAIL refused at the door: one outcome, no transaction left open; a nested MAIL refusal changes nothing */
	CHECK(feed(&t, "MAIL", "MAIL FROM:<a@x>", 530, "5.7.0 auth first"));
	CHECK_INT(r.outcome, TXN_REJECTED);
	CHECK_INT(r.at, TXN_AT_MAIL);
	{
		char d[300];
		CHECK(strstr(txn_describe(&r, d, sizeof d), "rejected at MAIL FROM (530") != NULL);
	}
	CHECK_INT(t.stage, TXN_NONE);
	open_with(&t, 1);
	CHECK(!feed(&t, "MAIL", "MAIL FROM:<a@x>", 503, "nested"));
	CHECK_INT(t.stage, TXN_RCPT);

	/* 421 anywhere in a transaction: deferred */
	CHECK(feed(&t, "RCPT", "RCPT TO:<c@x>", 421, "closing"));
	CHECK_INT(r.outcome, TXN_DEFERRED);

	/* the connection ends: lost (in DATA and while waiting for the verdict); with a refusal and no recipient the
	 * refusal stands */
	open_with(&t, 1);
	feed(&t, "DATA", "DATA", 354, "go");
	CHECK(txn_on_end(&t, "gone", &r));
	CHECK_INT(r.outcome, TXN_LOST);
	CHECK_STR(r.reason, "gone");
	CHECK(!txn_on_end(&t, "gone", &r)); /* once */
	open_with(&t, 1);
	txn_on_message_sent(&t);
	CHECK(txn_on_end(&t, "timeout", &r));
	CHECK_INT(r.outcome, TXN_LOST);
	open_with(&t, 0);
	feed(&t, "RCPT", "RCPT TO:<b@x>", 451, "later");
	CHECK(txn_on_end(&t, "gone", &r));
	CHECK_INT(r.outcome, TXN_DEFERRED);
	CHECK(!txn_on_end(&t, "gone", &r)); /* nothing open */

	/* BDAT: chunks keep it in data; LAST decides; a pipelined chunk's 250 after LAST was sent changes nothing */
	open_with(&t, 1);
	CHECK(!feed(&t, "BDAT", "BDAT 10", 250, "ok"));
	CHECK_INT(t.stage, TXN_DATA);
	txn_on_message_sent(&t);
	CHECK(!feed(&t, "BDAT", "BDAT 10", 250, "ok"));
	CHECK_INT(t.stage, TXN_VERDICT);
	CHECK(feed(&t, "BDAT", "BDAT 5 LAST", 250, "OK id=1rABcD-000123-4E"));
	CHECK_INT(r.outcome, TXN_ACCEPTED);
	CHECK_STR(r.queue_id, "1rABcD-000123-4E");
	txn_free(&t);

	/* LMTP: one outcome per accepted recipient, naming it; the transaction ends after the last */
	txn_init(&t, true);
	open_with(&t, 3);
	feed(&t, "RCPT", "RCPT TO:<refused@x>", 550, "no");
	feed(&t, "DATA", "DATA", 354, "go");
	txn_on_message_sent(&t);
	CHECK(feed(&t, ".", NULL, 250, "2.0.0 <r0@lab.test> delivered"));
	CHECK_INT(r.outcome, TXN_ACCEPTED);
	CHECK_STR(r.recipient, "r0@lab.test");
	CHECK_INT(t.stage, TXN_VERDICT);
	CHECK(feed(&t, ".", NULL, 452, "4.2.2 full"));
	CHECK_INT(r.outcome, TXN_DEFERRED);
	CHECK_STR(r.recipient, "r1@lab.test");
	/* the connection ends before the third recipient's reply: that one is lost */
	CHECK(txn_on_end(&t, "gone", &r));
	CHECK_INT(r.outcome, TXN_LOST);
	CHECK_STR(r.recipient, "r2@lab.test");
	CHECK(!txn_on_end(&t, "gone", &r));
	open_with(&t, 2);
	feed(&t, "DATA", "DATA", 354, "go");
	CHECK(txn_on_end(&t, "gone", &r));
	CHECK_STR(r.recipient, "r0@lab.test");
	CHECK(txn_on_end(&t, "gone", &r));
	CHECK_STR(r.recipient, "r1@lab.test");
	CHECK(!txn_on_end(&t, "gone", &r));
	txn_free(&t);

	/* queue ids */
	char id[TXN_QUEUE_ID_MAX];
	CHECK(txn_queue_id("2.0.0 Ok: queued as ABC123", id, sizeof id));
	CHECK_STR(id, "ABC123");
	CHECK(txn_queue_id("OK id=1abc-000001-AB", id, sizeof id));
	CHECK_STR(id, "1abc-000001-AB");
	CHECK(txn_queue_id("2.6.0 <x@y> [InternalId=4711, Hostname=EX1] Queued mail for delivery", id, sizeof id));
	CHECK_STR(id, "4711");
	CHECK(!txn_queue_id("2.0.0 Ok", id, sizeof id));
	CHECK(!txn_queue_id("2.0.0 ENVID=abc ok", id, sizeof id)); /* not an id= word */

	/* the words */
	char d[400];
	struct txn_result x = {.outcome = TXN_DEFERRED, .code = 451, .enhanced = "4.7.1"};
	CHECK(strstr(txn_describe(&x, d, sizeof d), "temporary") != NULL);
	CHECK(strstr(d, "permanent") == NULL);
	x.outcome = TXN_REJECTED;
	x.code = 550;
	CHECK(strstr(txn_describe(&x, d, sizeof d), "permanent") != NULL);
	x = (struct txn_result){.outcome = TXN_LOST, .reason = "the connection closed"};
	CHECK(strstr(txn_describe(&x, d, sizeof d), "unknown") != NULL);
	/* a verdict that came after the timeout had counted it lost says so first, then why */
	x = (struct txn_result){.outcome = TXN_ACCEPTED, .code = 250, .queue_id = "Q1", .recipients = 1, .late = true};
	CHECK(strncmp(txn_describe(&x, d, sizeof d), "accepted late (250, queued as Q1, 1 recipient): ", 48) == 0);
	CHECK(strstr(d, "not lost after all") != NULL);
	char small[12];
	CHECK_STR(txn_describe(&x, small, sizeof small), "accepted la");
	for (int o = 0; o < TXN_NOUTCOMES; o++)
		CHECK(strcmp(txn_outcome_name((enum txn_outcome)o), "?") != 0);
	return check_report();
}
