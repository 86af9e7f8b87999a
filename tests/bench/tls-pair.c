/* tls-pair: the anchor for the DATA throughput benchmark. A bare GnuTLS server and client on 127.0.0.1, in two
 * processes like smtpcon and its lab, stream N MiB through one TLS session with nothing else to do: no SMTP, no
 * dot-stuffing, no transcript. What it prints is "what GnuTLS itself manages on loopback" on this machine, which
 * the smtpcon figure is compared with.
 *
 *   smtpcon-tls-pair CERT KEY MiB [PRIORITY]
 *
 * Prints one line: "<MiB> MiB in <seconds> s = <MiB/s> MiB/s, <protocol> <cipher>". Blocking sockets on purpose:
 * this is the simplest fast program, the floor a poll()-driven console is measured against. */
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024) /* what smtpcon hands GnuTLS at a time, and what the lab reads */

static void die(const char *what, int rc)
{
	fprintf(stderr, "tls-pair: %s: %s\n", what, rc ? gnutls_strerror(rc) : "failed");
	exit(1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A session on fd, handshake done: the same set-up on both sides, only the role and the credentials differ. */
static gnutls_session_t start_tls(int fd, unsigned role, const char *prio, gnutls_certificate_credentials_t cred)
{
	gnutls_session_t s;
	int rc;
	gnutls_init(&s, role);
	gnutls_priority_set_direct(s, prio, NULL);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_transport_set_int(s, fd);
	do
		rc = gnutls_handshake(s);
	while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0)
		die(role == GNUTLS_SERVER ? "server handshake" : "client handshake", rc);
	return s;
}

static void serve(int lfd, const char *cert, const char *key, const char *prio, unsigned long long total)
{
	gnutls_certificate_credentials_t cred;
	int rc, fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		die("accept", 0);
	gnutls_certificate_allocate_credentials(&cred);
	if ((rc = gnutls_certificate_set_x509_key_file(cred, cert, key, GNUTLS_X509_FMT_PEM)) < 0)
		die("server certificate", rc);
	gnutls_session_t s = start_tls(fd, GNUTLS_SERVER, prio, cred);
	static char buf[CHUNK];
	unsigned long long got = 0;
	while (got < total) {
		ssize_t n = gnutls_record_recv(s, buf, sizeof buf);
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
			continue;
		if (n <= 0)
			die("server receive", n < 0 ? (int)n : 0);
		got += (unsigned long long)n;
	}
	char ack = 'k';
	gnutls_record_send(s, &ack, 1); /* the client stops its clock on this, as smtpcon does on the 250 */
	gnutls_bye(s, GNUTLS_SHUT_WR);
	close(fd);
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(cred);
}

static void send_all(const char *prio, int port, unsigned long long total)
{
	gnutls_certificate_credentials_t cred;
	int rc, one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die("connect", 0);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	gnutls_certificate_allocate_credentials(&cred);
	gnutls_session_t s = start_tls(fd, GNUTLS_CLIENT, prio, cred);
	static char buf[CHUNK];
	memset(buf, 'x', sizeof buf);
	double t0 = now();
	unsigned long long sent = 0;
	while (sent < total) {
		size_t want = total - sent < sizeof buf ? (size_t)(total - sent) : sizeof buf;
		ssize_t n = gnutls_record_send(s, buf, want);
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
			continue;
		if (n < 0)
			die("client send", (int)n);
		sent += (unsigned long long)n;
	}
	char ack;
	while ((rc = (int)gnutls_record_recv(s, &ack, 1)) == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
		;
	double secs = now() - t0;
	char *desc = gnutls_session_get_desc(s);
	double mib = (double)total / 1048576.0;
	printf("%.0f MiB in %.3f s = %.1f MiB/s, %s\n", mib, secs, mib / secs, desc ? desc : "?");
	gnutls_free(desc);
	close(fd);
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(cred);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s CERT KEY MiB [PRIORITY]\n", argv[0]);
		return 2;
	}
	const char *prio = argc > 4 ? argv[4] : "NORMAL";
	unsigned long long total = strtoull(argv[3], NULL, 10) << 20;
	gnutls_global_init();
	signal(SIGPIPE, SIG_IGN);
	int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof sa;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(lfd, 1) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &len) < 0)
		die("listen on 127.0.0.1", 0);
	pid_t pid = fork();
	if (pid < 0)
		die("fork", 0);
	if (pid == 0) {
		serve(lfd, argv[1], argv[2], prio, total);
		_exit(0);
	}
	close(lfd);
	send_all(prio, ntohs(sa.sin_port), total);
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
