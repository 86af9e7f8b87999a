/* session-floor: the servers' own floor for the whole-session benchmark. The simplest fast SMTP client there is,
 * in C with GnuTLS like smtpcon, runs the same session RUNS times in one process and prints the median: no process
 * start-up, no event loop, no transcript, blocking sockets. What is left is the server's work, the loopback and the
 * TLS handshake's cryptography on both sides, which no client can avoid; smtpcon's figure is compared with it.
 *
 *   smtpcon-session-floor PORT CA-FILE full|handshake RUNS [MESSAGE-FILE]
 *
 * RUNS 0 runs the session once, with no warm-up, and prints nothing: timed from outside (smtpcon-run-median), that
 * is the fastest possible command-line client, the floor plus the start-up and exit of a process linked with
 * GnuTLS, which every client run as a command pays.
 *
 * full      = connect, EHLO, STARTTLS, handshake (chain and name verified against CA-FILE), EHLO, MAIL, RCPT,
 *             DATA of MESSAGE-FILE, QUIT; handshake = up to and including the second EHLO, then QUIT.
 * Prints one line: the median wall time of one session in ms, 3 decimals. A failed session ends the program
 * with a message: a fast failure is no floor.
 *
 * Like smtpcon, it sets TCP_NODELAY and acknowledges every read at once (TCP_QUICKACK): without that a TLS 1.3
 * session stalls ~40 ms on the first reply after the handshake (docs/performance.md), and the floor would be no
 * floor. The message is sent as it is: the bench's own message has no line that starts with a dot. */
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SERVER_NAME "mail.lab.test" /* what the test servers' certificates say */
#define MAX_RUNS 10000

struct conn {
	int fd;
	gnutls_session_t tls; /* NULL before STARTTLS */
	char in[16384];
	size_t have;
};

static void die(const char *what, const char *why)
{
	fprintf(stderr, "session-floor: %s: %s\n", what, why);
	exit(1);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void quickack(int fd)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
}

/* GnuTLS reads through here so that every read is acknowledged at once, the tickets the server sends after the
 * handshake included: they arrive while gnutls_record_recv() waits for the reply to EHLO. */
static ssize_t pull_and_ack(gnutls_transport_ptr_t ptr, void *buf, size_t len)
{
	int fd = (int)(intptr_t)ptr;
	ssize_t n = recv(fd, buf, len, 0);
	quickack(fd);
	return n;
}

static void put(struct conn *c, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = c->tls ? gnutls_record_send(c->tls, data, len) : send(c->fd, data, len, MSG_NOSIGNAL);
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
			continue;
		if (n <= 0)
			die("send", c->tls && n < 0 ? gnutls_strerror((int)n) : "connection lost");
		data += n;
		len -= (size_t)n;
	}
}

static void command(struct conn *c, const char *line)
{
	put(c, line, strlen(line));
}

/* Reads one whole reply (up to the line "ddd text") and checks its first digit. */
static void reply(struct conn *c, char want, const char *after)
{
	for (;;) {
		char *eol;
		while ((eol = memchr(c->in, '\n', c->have)) != NULL) {
			size_t len = (size_t)(eol - c->in) + 1;
			bool last = len >= 4 && c->in[3] != '-';
			char first = c->in[0];
			memmove(c->in, c->in + len, c->have - len);
			c->have -= len;
			if (last) {
				if (first != want)
					die(after, "unexpected reply");
				return;
			}
		}
		if (c->have == sizeof c->in)
			die(after, "reply line too long");
		ssize_t n = c->tls ? gnutls_record_recv(c->tls, c->in + c->have, sizeof c->in - c->have)
				   : recv(c->fd, c->in + c->have, sizeof c->in - c->have, 0);
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
			continue;
		if (n <= 0)
			die(after, c->tls && n < 0 ? gnutls_strerror((int)n) : "connection closed");
		quickack(c->fd);
		c->have += (size_t)n;
	}
}

static void start_tls(struct conn *c, gnutls_certificate_credentials_t cred)
{
	int rc;
	gnutls_init(&c->tls, GNUTLS_CLIENT);
	gnutls_set_default_priority(c->tls);
	gnutls_credentials_set(c->tls, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_server_name_set(c->tls, GNUTLS_NAME_DNS, SERVER_NAME, strlen(SERVER_NAME));
	gnutls_session_set_verify_cert(c->tls, SERVER_NAME, 0);
	gnutls_transport_set_int(c->tls, c->fd);
	gnutls_transport_set_pull_function(c->tls, pull_and_ack);
	do
		rc = gnutls_handshake(c->tls);
	while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0)
		die("handshake", gnutls_strerror(rc));
}

static void session(int port, gnutls_certificate_credentials_t cred, bool full, const char *msg, size_t msg_len)
{
	struct conn c = {.fd = socket(AF_INET, SOCK_STREAM, 0)};
	int one = 1;
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c.fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die("connect", "refused");
	reply(&c, '2', "greeting");
	command(&c, "EHLO bench.lab.test\r\n");
	reply(&c, '2', "EHLO");
	command(&c, "STARTTLS\r\n");
	reply(&c, '2', "STARTTLS");
	start_tls(&c, cred);
	command(&c, "EHLO bench.lab.test\r\n");
	reply(&c, '2', "EHLO after TLS");
	if (full) {
		command(&c, "MAIL FROM:<bench@lab.test>\r\n");
		reply(&c, '2', "MAIL");
		command(&c, "RCPT TO:<bench@lab.test>\r\n");
		reply(&c, '2', "RCPT");
		command(&c, "DATA\r\n");
		reply(&c, '3', "DATA");
		put(&c, msg, msg_len);
		command(&c, ".\r\n");
		reply(&c, '2', "end of data");
	}
	command(&c, "QUIT\r\n");
	reply(&c, '2', "QUIT");
	gnutls_bye(c.tls, GNUTLS_SHUT_WR);
	close(c.fd);
	gnutls_deinit(c.tls);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die(path, "cannot open");
	static char data[1 << 20];
	*len = fread(data, 1, sizeof data, f);
	fclose(f);
	return data;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: %s PORT CA-FILE full|handshake RUNS [MESSAGE-FILE]\n", argv[0]);
		return 2;
	}
	int port = atoi(argv[1]), runs = atoi(argv[4]);
	bool full = strcmp(argv[3], "full") == 0;
	if (runs < 0 || runs > MAX_RUNS || (full && argc < 6))
		die("arguments", "RUNS must be 0-10000, and full needs a MESSAGE-FILE");
	size_t msg_len = 0;
	const char *msg = full ? slurp(argv[5], &msg_len) : "";
	gnutls_certificate_credentials_t cred;
	gnutls_certificate_allocate_credentials(&cred);
	if (gnutls_certificate_set_x509_trust_file(cred, argv[2], GNUTLS_X509_FMT_PEM) <= 0)
		die(argv[2], "no CA certificate in it");
	static double ms[MAX_RUNS];
	session(port, cred, full, msg, msg_len); /* the one-shot session, or the warm-up as for every other figure */
	if (runs == 0)
		return 0;
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();
		session(port, cred, full, msg, msg_len);
		ms[i] = now_ms() - t0;
	}
	qsort(ms, (size_t)runs, sizeof ms[0], by_value);
	printf("%.3f\n", ms[(runs - 1) / 2]);
	gnutls_certificate_free_credentials(cred);
	return 0;
}
