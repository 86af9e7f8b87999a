/* test-lab-stress: many concurrent clients against one lab (meant to run under ASan/UBSan too): each pipelines
 * several messages, some over TLS, some in discard mode, some hang up mid-message or send garbage. The lab must
 * deliver every complete message, free every client, and keep serving. */
#include "check.h"
#include "test-lab-client.h"

#define CLIENTS 40
#define MESSAGES 5

static int port;
static const char *ca;
static atomic_int delivered, failures;

struct job {
	int n;
};

static void *client(void *arg)
{
	struct job *j = arg;
	struct tc t;
	bool ok = tc_connect(&t, port) && tc_reply(&t) == 220 && tc_cmd(&t, "EHLO stress") == 250;
	if (ok && j->n % 3 == 0) /* a third of them over TLS */
		ok = tc_cmd(&t, "STARTTLS") == 220 && tc_tls(&t, ca, LAB_HOSTNAME, NULL) && tc_cmd(&t, "EHLO s") == 250;
	if (ok && j->n % 7 == 1) { /* some send garbage and a binary line */
		tc_write(&t, "\x01\x02\x00\xff junk\r\n", 11);
		ok = tc_reply(&t) == 500;
	}
	for (int m = 0; ok && m < MESSAGES; m++) {
		char b[512];
		snprintf(b, sizeof b,
		         "MAIL FROM:<c%d@example.org>\r\nRCPT TO:<student@lab.test>\r\nDATA\r\n", j->n);
		ok = tc_send(&t, b) && tc_reply(&t) == 250 && tc_reply(&t) == 250 && tc_reply(&t) == 354;
		if (ok && j->n % 11 == 5 && m == 2) { /* hang up mid-message */
			tc_send(&t, "Subject: cut\r\n\r\npart");
			tc_close(&t);
			return NULL;
		}
		snprintf(b, sizeof b, "Subject: %d/%d\r\n\r\n.dot\r\n%.*s\r\n.\r\n", j->n, m, 300,
		         "................................................................................"
		         "................................................................................"
		         "................................................................................"
		         "............................................................");
		ok = ok && tc_send(&t, b) && tc_reply(&t) == 250;
		if (ok)
			atomic_fetch_add(&delivered, 1);
	}
	if (!ok || tc_cmd(&t, "QUIT") != 221)
		atomic_fetch_add(&failures, 1);
	tc_close(&t);
	return NULL;
}

/* A hostile client: random bytes rich in CR, LF, dots and NUL, in and out of DATA. Only survival is checked. */
static void *garbage(void *arg)
{
	unsigned seed = (unsigned)*(const uintptr_t *)arg;
	static const char alphabet[] = "\r\n.\0 :<>@AaZz\x16\x03\xff\x80MAIL FROM:RCPT TO:DATA\r\nBDAT 5 LAST\r\nAUTH PLAIN";
	for (int round = 0; round < 4; round++) {
		struct tc t;
		if (!tc_connect(&t, port) || tc_reply(&t) != 220) {
			atomic_fetch_add(&failures, 1);
			tc_close(&t);
			return NULL;
		}
		if (round & 1)
			tc_send(&t, "EHLO g\r\nMAIL FROM:<g@example.org>\r\nRCPT TO:<student@lab.test>\r\nDATA\r\n");
		char b[4096];
		for (int k = 0; k < 8; k++) {
			size_t n = (size_t)rand_r(&seed) % sizeof b;
			for (size_t i = 0; i < n; i++)
				b[i] = alphabet[(size_t)rand_r(&seed) % (sizeof alphabet - 1)];
			if (!tc_write(&t, b, n))
				break;
		}
		tc_close(&t);
	}
	return NULL;
}

/* A message over the SIZE limit is read to its end and refused with 552 5.3.4; the session goes on. */
static void *big(void *arg)
{
	(void)arg;
	struct tc t;
	bool ok = tc_connect(&t, port) && tc_reply(&t) == 220 && tc_cmd(&t, "EHLO big") == 250 &&
	          tc_cmd(&t, "MAIL FROM:<big@example.org>") == 250 && tc_cmd(&t, "RCPT TO:<student@lab.test>") == 250 &&
	          tc_cmd(&t, "DATA") == 354;
	static char line[1 << 16];
	memset(line, 'b', sizeof line - 2);
	line[sizeof line - 2] = '\r';
	line[sizeof line - 1] = '\n';
	for (size_t sent = 0; ok && sent <= LAB_MAX_MESSAGE; sent += sizeof line)
		ok = tc_write(&t, line, sizeof line);
	ok = ok && tc_cmd(&t, ".") == 552 && strstr(t.reply, "5.3.4") && tc_cmd(&t, "NOOP") == 250;
	if (!ok)
		atomic_fetch_add(&failures, 1);
	tc_close(&t);
	return NULL;
}

static int expected(void)
{
	int n = 0;
	for (int i = 0; i < CLIENTS; i++)
		n += i % 11 == 5 ? 2 : MESSAGES;
	return n;
}

static void round_trip(struct loop *loop, bool discard)
{
	char *err = NULL;
	struct lab_params p = {.scenario = "delivery", .discard = discard};
	struct lab *lab = lab_new(loop, &p, &err);
	CHECK(lab != NULL);
	if (lab == NULL) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	port = lab_port(lab);
	ca = lab_ca_file(lab);
	atomic_store(&delivered, 0);
	atomic_store(&failures, 0);
	struct job jobs[CLIENTS];
	for (int i = 0; i < CLIENTS; i++)
		jobs[i].n = i;
	CHECK(tc_run(loop, CLIENTS, client, jobs, sizeof jobs[0], 60000));
	CHECK_INT(atomic_load(&failures), 0);
	CHECK_INT(atomic_load(&delivered), expected());
	struct lab_stats st;
	lab_get_stats(lab, &st);
	CHECK_INT(st.active, 0);
	CHECK_INT(st.connections, CLIENTS);
	CHECK_INT(st.messages, expected());
	struct buf b;
	buf_init(&b, 4 << 20);
	CHECK_INT(lab_mailbox_list(lab, &b), discard ? 0 : expected());
	buf_free(&b);
	lab_free(lab);
}

static void hostile(struct loop *loop)
{
	char *err = NULL;
	struct lab_params p = {.scenario = "delivery"};
	struct lab *lab = lab_new(loop, &p, &err);
	CHECK(lab != NULL);
	if (lab == NULL)
		exit(1);
	port = lab_port(lab);
	atomic_store(&failures, 0);
	uintptr_t seeds[8];
	for (int i = 0; i < 8; i++)
		seeds[i] = (uintptr_t)i * 7919u + 1;
	CHECK(tc_run(loop, 8, garbage, seeds, sizeof seeds[0], 60000));
	CHECK(tc_run(loop, 1, big, NULL, 0, 60000));
	CHECK_INT(atomic_load(&failures), 0);
	for (int i = 0; i < 50; i++)
		loop_run_once(loop, 10);
	struct lab_stats st;
	lab_get_stats(lab, &st);
	CHECK_INT(st.active, 0);
	CHECK_INT(st.messages, 0);
	lab_free(lab);
}

int main(void)
{
	struct loop *loop = loop_new();
	hostile(loop);
	round_trip(loop, false);
	round_trip(loop, true);
	loop_free(loop);
	return check_report();
}
