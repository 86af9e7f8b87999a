/*
 * smtpcon-peer: a scripted TCP peer for tests. It plays the server that real servers won't be: malformed
 * replies, bare LF, talking before the greeting, closing mid-reply, resetting, stalling, and what a
 * TLS-speaking hostile server does (alerts, records cut in half, garbage where a record belongs).
 *
 *   smtpcon-peer [-6] [-p PORT] [-P PORTFILE] [-l LOGFILE] [-t SECONDS] [-n CN] [-d DNS]... [-K DIR] SCRIPT|-
 *
 * It listens on 127.0.0.1 (::1 with -6), port PORT or, by default, one the kernel picks; the port number is
 * written to PORTFILE (atomically, so a reader never sees half of it) or else to stdout. Then it runs SCRIPT,
 * one command per line ('#' comments and blank lines skipped). STRING arguments take C escapes
 * (\r \n \t \0 \e \\ \" \xHH \NNN) and may be written in double quotes to keep leading or trailing blanks.
 *
 *   accept             close the current connection (if any) and accept the next; I/O commands accept the
 *                      first connection by themselves
 *   send STRING        write the bytes
 *   line STRING        write the bytes and CRLF
 *   sendn N STRING     write STRING N times (an overlong line: sendn 100000 "A")
 *   trickle MS STRING  write STRING one byte at a time, MS milliseconds apart (one TLS record per byte under TLS)
 *   expect PREFIX      read one line from the client; it must begin with PREFIX (case-insensitive)
 *   read               read one line, whatever it is
 *   expect-close       read until the client closes the connection (what it sends is logged)
 *   drain MS           read whatever arrives for MS milliseconds
 *   sleep MS           wait
 *   shutdown           half-close: no more bytes from us, keep reading
 *   close              close the connection
 *   reset              close with a TCP RST (SO_LINGER 0)
 *   starttls           server TLS handshake on the current connection (send the 220 first, with `line`)
 *   tls-accept         accept the next connection and handshake at once (implicit TLS, port 465 style)
 *   alert N [warning]  send the TLS alert N (fatal unless "warning") on the TLS connection
 *   cut STRING         encrypt STRING as one record, write only the first half of the record, then close: a peer
 *                      that dies half-way through a TLS record
 *   raw STRING         write bytes on the socket, bypassing TLS (garbage where a record belongs)
 *
 * Under TLS, send/line/sendn/trickle/expect/read/drain go through the TLS session. The certificate has the
 * subject CN of -n (default "hostile.lab.test") and a dNSName for every -d; both take the STRING escapes, so
 * certificate fields can carry escape sequences and C1 controls. The key and certificate go to DIR of -K
 * (peer-cert.pem, peer-key.pem), else to a temporary directory removed at exit. They are made at start-up when
 * -n, -d or -K is given, else when a script first turns TLS on (a plaintext script never pays for a key).
 *
 * Everything sent and received is logged, escaped, to LOGFILE (default stderr) as "S: ..." / "C: ...", under
 * TLS as "S~ ..." / "C~ ...", raw bytes as "S! ...".
 * Exit status: 0 the script ran and every expectation held; 1 an expectation failed (wrong line, or the client
 * closed while a line was expected); 2 usage, script or system error; 3 the -t deadline (default 30 s) passed.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/cert.h"
#include "core/tls.h"

enum {
	LINE_MAX_BYTES = 1 << 20,
	ARG_MAX_BYTES = 1 << 16,
	MAX_DNS = 8
};

static FILE *logfp;
static int listen_fd = -1;
static int conn_fd = -1;
static int failed;
static int conn_eof;             /* the client closed the current connection */
static char step[256] = "start"; /* the command running, for the timeout message */

static struct tls *tls; /* the TLS session on conn_fd, or NULL for plaintext */
static bool cut_mode;   /* the next push writes only half of its bytes, then closes */
static char cert_file[4096], key_file[4096], tmpdir[4096]; /* cert_file "": not made yet */
/* What the certificate holds, from -n and -d (escapes not yet decoded). */
static const char *cert_cn = "hostile.lab.test";
static char *cert_dns[MAX_DNS];
static size_t cert_ndns;

/* Buffered input from the client: bytes read but not yet consumed as a line. */
static unsigned char inbuf[LINE_MAX_BYTES];
static size_t inlen;

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("peer: ", logfp);
	vfprintf(logfp, fmt, ap);
	fputc('\n', logfp);
	va_end(ap);
	fflush(logfp);
}

/* Log bytes with a direction tag, escaped so that the log is readable and terminal-safe. */
static void logbytes(const char *tag, const unsigned char *p, size_t n)
{
	size_t i;

	fputs(tag, logfp);
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c == '\r')
			fputs("\\r", logfp);
		else if (c == '\n')
			fputs("\\n", logfp);
		else if (c == '\\')
			fputs("\\\\", logfp);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(logfp, "\\x%02x", c);
		else
			fputc(c, logfp);
		if (i > 4096 && n - i > 64) {
			fprintf(logfp, "...(%zu bytes more)", n - i - 1);
			break;
		}
	}
	fputc('\n', logfp);
	fflush(logfp);
}

static void on_alarm(int sig)
{
	static const char msg[] = "peer: deadline passed during: ";

	(void)sig;
	/* Only async-signal-safe calls here. */
	if (write(fileno(logfp), msg, sizeof msg - 1) < 0 ||
	    write(fileno(logfp), step, strnlen(step, sizeof step)) < 0 || write(fileno(logfp), "\n", 1) < 0)
		_exit(3);
	_exit(3);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Decode a STRING argument into out (at most cap bytes); returns the length or -1 on a syntax error.
 * A leading '"' means a quoted string that ends at the matching unescaped '"'.
 */
static long unescape(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;
	int quoted = 0;

	if (*s == '"') {
		quoted = 1;
		s++;
	}
	while (*s) {
		int c = (unsigned char)*s++;

		if (quoted && c == '"') {
			while (*s == ' ' || *s == '\t')
				s++;
			if (*s)
				return -1;
			quoted = 0;
			break;
		}
		if (c == '\\') {
			int v, d;

			c = (unsigned char)*s++;
			switch (c) {
			case 'r': c = '\r'; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'a': c = '\a'; break;
			case 'b': c = '\b'; break;
			case 'e': c = 0x1b; break;
			case 'f': c = '\f'; break;
			case 'v': c = '\v'; break;
			case '\\':
			case '"':
			case '\'': break;
			case 'x':
				if ((v = hexval((unsigned char)*s)) < 0)
					return -1;
				s++;
				if ((d = hexval((unsigned char)*s)) >= 0) {
					v = v * 16 + d;
					s++;
				}
				c = v;
				break;
			default:
				if (c < '0' || c > '7')
					return -1;
				v = c - '0';
				for (d = 0; d < 2 && *s >= '0' && *s <= '7'; d++)
					v = v * 8 + (*s++ - '0');
				if (v > 255)
					return -1;
				c = v;
				break;
			}
		}
		if (n >= cap)
			return -1;
		out[n++] = (unsigned char)c;
	}
	if (quoted)
		return -1;
	return (long)n;
}

static void drop_conn(void)
{
	if (tls) {
		tls_free(tls);
		tls = NULL;
	}
	if (conn_fd >= 0)
		close(conn_fd);
	conn_fd = -1;
	conn_eof = 0;
	inlen = 0;
	cut_mode = false;
}

static int ensure_conn(void)
{
	if (conn_fd >= 0)
		return 0;
	conn_fd = accept(listen_fd, NULL, NULL);
	if (conn_fd < 0) {
		logmsg("accept: %s", strerror(errno));
		return -1;
	}
	logmsg("connection accepted");
	return 0;
}

static int write_fd(const unsigned char *p, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(conn_fd, p + off, n - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			/* The client may legitimately have gone: report, don't die. */
			logmsg("write: %s", strerror(errno));
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

/* GnuTLS's records go straight to the socket (blocking); in cut mode only half of one record, then the end. */
static ssize_t tls_push(void *io, const void *data, size_t n)
{
	(void)io;
	if (conn_fd < 0) {
		errno = EPIPE;
		return -1;
	}
	if (cut_mode) {
		size_t half = n / 2;

		logmsg("writing %zu of the %zu bytes of a TLS record, then closing", half, n);
		write_fd(data, half);
		close(conn_fd);
		conn_fd = -1;
		return (ssize_t)n; /* GnuTLS believes it all went out */
	}
	if (write_fd(data, n) < 0) {
		errno = EPIPE;
		return -1;
	}
	return (ssize_t)n;
}

static ssize_t tls_pull(void *io, void *data, size_t n)
{
	(void)io;
	for (;;) {
		ssize_t r = read(conn_fd, data, n);

		if (r < 0 && errno == EINTR)
			continue;
		return r;
	}
}

static int send_all(const unsigned char *p, size_t n)
{
	logbytes(tls ? "S~ " : "S: ", p, n);
	if (tls) {
		if (tls_write(tls, p, n) < 0) {
			logmsg("TLS write: %s", tls_error(tls) ? tls_error(tls) : "?");
			return -1;
		}
		return 0;
	}
	return write_fd(p, n);
}

/* Read more bytes into inbuf, waiting at most ms (-1: forever). Bytes read, 0 on EOF, -1 timeout/error. */
static ssize_t fill(int ms)
{
	struct pollfd pfd = {.fd = conn_fd, .events = POLLIN};
	ssize_t r;

	if (inlen == sizeof inbuf)
		return -1;
	if (!(tls && tls_pending(tls)) && poll(&pfd, 1, ms) <= 0)
		return -1;
	if (tls) {
		r = tls_read(tls, inbuf + inlen, sizeof inbuf - inlen);
		if (r < 0 && errno == EAGAIN)
			return -1;
		if (r < 0)
			logmsg("TLS read: %s", tls_error(tls) ? tls_error(tls) : "?");
	} else {
		r = read(conn_fd, inbuf + inlen, sizeof inbuf - inlen);
		if (r < 0)
			logmsg("read: %s", strerror(errno));
	}
	if (r <= 0) {
		conn_eof = 1;
		return 0;
	}
	inlen += (size_t)r;
	return r;
}

/* Take one line (up to and including LF) from the client into line; -1 when the client closed first. */
static long get_line(unsigned char *line, size_t cap)
{
	for (;;) {
		unsigned char *lf = memchr(inbuf, '\n', inlen);
		size_t n;

		if (lf || inlen == sizeof inbuf || (conn_eof && inlen > 0)) {
			n = lf ? (size_t)(lf - inbuf) + 1 : inlen;
			if (n > cap)
				n = cap;
			memcpy(line, inbuf, n);
			memmove(inbuf, inbuf + n, inlen - n);
			inlen -= n;
			logbytes(tls ? "C~ " : "C: ", line, n);
			return (long)n;
		}
		if (conn_eof)
			return -1;
		if (fill(-1) < 0 && !conn_eof)
			return -1;
	}
}

static void drain(int ms, int until_eof)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int left = -1;

		if (inlen) {
			logbytes(tls ? "C~ " : "C: ", inbuf, inlen);
			inlen = 0;
		}
		if (conn_eof)
			return;
		if (!until_eof) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left = ms - (int)((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000);
			if (left <= 0)
				return;
		}
		if (fill(left) < 0 && !conn_eof && !until_eof)
			return;
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Make the certificate of -n/-d (escapes in its names decoded) in dir. */
static int make_cert(const char *dir, const char *cn_arg, char *const *dns_args, size_t ndns)
{
	static char names[MAX_DNS + 1][1024];
	const char *dns[MAX_DNS];
	struct cert_gen g = {0};
	char *err = NULL;
	long n;

	if ((n = unescape(cn_arg, (unsigned char *)names[0], sizeof names[0] - 1)) < 0)
		return -1;
	names[0][n] = '\0';
	for (size_t i = 0; i < ndns; i++) {
		if ((n = unescape(dns_args[i], (unsigned char *)names[i + 1], sizeof names[i + 1] - 1)) < 0)
			return -1;
		names[i + 1][n] = '\0';
		dns[i] = names[i + 1];
	}
	g.cn = names[0];
	g.dns_names = dns;
	g.ndns = ndns;
	if (strlen(dir) > sizeof cert_file - 32)
		return -1;
	snprintf(cert_file, sizeof cert_file, "%.4000s/peer-cert.pem", dir);
	snprintf(key_file, sizeof key_file, "%.4000s/peer-key.pem", dir);
	if (cert_generate(&g, cert_file, key_file, &err) < 0) {
		logmsg("%s", err ? err : "certificate generation failed");
		free(err);
		return -1;
	}
	return 0;
}

static void remove_tmpdir(void)
{
	if (!tmpdir[0])
		return;
	unlink(cert_file);
	unlink(key_file);
	rmdir(tmpdir);
}

/* The key and certificate in keydir (NULL: a temporary directory removed at exit), made once. */
static int ensure_cert(const char *keydir)
{
	if (cert_file[0])
		return 0;
	if (!keydir) {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/smtpcon-peer-XXXXXX");
		if (!mkdtemp(tmpdir)) {
			logmsg("mkdtemp: %s", strerror(errno));
			tmpdir[0] = '\0';
			return -1;
		}
		keydir = tmpdir;
		atexit(remove_tmpdir);
	}
	if (make_cert(keydir, cert_cn, cert_dns, cert_ndns) < 0) {
		cert_file[0] = '\0';
		logmsg("cannot make the certificate");
		return -1;
	}
	return 0;
}

static int start_tls(void)
{
	char *err = NULL;
	enum tls_step st;

	if (tls) {
		logmsg("TLS is already on");
		return -1;
	}
	if (ensure_cert(NULL) < 0)
		return -1;
	if (inlen) {
		logbytes("C: (before the handshake) ", inbuf, inlen);
		inlen = 0;
	}
	tls = tls_server_new(cert_file, key_file, NULL, tls_push, tls_pull, NULL, &err);
	if (tls == NULL) {
		logmsg("TLS set-up: %s", err ? err : "?");
		free(err);
		return -1;
	}
	while ((st = tls_handshake(tls)) == TLS_AGAIN)
		;
	if (st == TLS_FAILED) {
		/* The client gave up (maybe on purpose): not a script error, the rest of the script decides. */
		logmsg("TLS handshake failed: %s", tls_error(tls) ? tls_error(tls) : "?");
		conn_eof = 1;
		return 0;
	}
	logmsg("TLS handshake done");
	return 0;
}

/* Run one script line. Returns 0, or -1 on a script error (which stops the script). */
static int run_line(char *cmd, unsigned lineno)
{
	static unsigned char arg[ARG_MAX_BYTES];
	static unsigned char line[LINE_MAX_BYTES];
	char *rest = cmd;
	long n;

	while (*rest && !isspace((unsigned char)*rest))
		rest++;
	if (*rest)
		*rest++ = '\0';
	while (isspace((unsigned char)*rest))
		rest++;
	snprintf(step, sizeof step, "line %u: %s %s", lineno, cmd, rest);

	if (!strcmp(cmd, "accept")) {
		drop_conn();
		return ensure_conn();
	}
	if (!strcmp(cmd, "tls-accept")) {
		drop_conn();
		if (ensure_conn() < 0)
			return -1;
		return start_tls();
	}
	if (!strcmp(cmd, "sleep")) {
		sleep_ms(strtol(rest, NULL, 10));
		return 0;
	}
	if (ensure_conn() < 0)
		return -1;
	if (!strcmp(cmd, "send") || !strcmp(cmd, "line") || !strcmp(cmd, "raw")) {
		if ((n = unescape(rest, arg, sizeof arg - 2)) < 0)
			goto syntax;
		if (!strcmp(cmd, "line")) {
			arg[n++] = '\r';
			arg[n++] = '\n';
		}
		if (!strcmp(cmd, "raw")) {
			logbytes("S! ", arg, (size_t)n);
			write_fd(arg, (size_t)n);
		} else {
			send_all(arg, (size_t)n);
		}
		return 0;
	}
	if (!strcmp(cmd, "sendn")) {
		char *end;
		long count = strtol(rest, &end, 10);
		unsigned char *big;
		size_t len, i;

		if (count < 0 || count > 64L * 1024 * 1024 || end == rest)
			goto syntax;
		while (isspace((unsigned char)*end))
			end++;
		if ((n = unescape(end, arg, sizeof arg)) < 0 || (n && (size_t)count > (64UL << 20) / (size_t)n))
			goto syntax;
		len = (size_t)count * (size_t)n;
		if (!(big = malloc(len ? len : 1))) {
			logmsg("out of memory");
			return -1;
		}
		for (i = 0; i < (size_t)count; i++)
			memcpy(big + i * (size_t)n, arg, (size_t)n);
		send_all(big, len);
		free(big);
		return 0;
	}
	if (!strcmp(cmd, "trickle")) {
		char *end;
		long ms = strtol(rest, &end, 10);

		if (ms < 0 || end == rest)
			goto syntax;
		while (isspace((unsigned char)*end))
			end++;
		if ((n = unescape(end, arg, sizeof arg)) < 0)
			goto syntax;
		for (long i = 0; i < n; i++) {
			if (i)
				sleep_ms(ms);
			if (send_all(arg + i, 1) < 0)
				break;
		}
		return 0;
	}
	if (!strcmp(cmd, "starttls"))
		return start_tls();
	if (!strcmp(cmd, "alert")) {
		char *end;
		long a = strtol(rest, &end, 10);

		if (!tls || a < 0 || a > 255 || end == rest)
			goto syntax;
		while (isspace((unsigned char)*end))
			end++;
		logmsg("sending %s alert %ld", strcmp(end, "warning") ? "fatal" : "warning", a);
		tls_send_alert(tls, strcmp(end, "warning") != 0, (int)a);
		return 0;
	}
	if (!strcmp(cmd, "cut")) {
		if (!tls || (n = unescape(rest, arg, sizeof arg)) < 0)
			goto syntax;
		logbytes("S~ (cut) ", arg, (size_t)n);
		cut_mode = true;
		tls_write(tls, arg, (size_t)n);
		cut_mode = false;
		drop_conn();
		return 0;
	}
	if (!strcmp(cmd, "expect") || !strcmp(cmd, "read")) {
		long want = 0;

		if (!strcmp(cmd, "expect") && (want = unescape(rest, arg, sizeof arg)) < 0)
			goto syntax;
		if ((n = get_line(line, sizeof line)) < 0) {
			logmsg("line %u: the client closed the connection while a line was expected", lineno);
			failed = 1;
			return 0;
		}
		if (want > n || strncasecmp((const char *)line, (const char *)arg, (size_t)want) != 0) {
			logmsg("line %u: expected a line beginning with \"%s\"", lineno, rest);
			failed = 1;
		}
		return 0;
	}
	if (!strcmp(cmd, "expect-close")) {
		drain(0, 1);
		logmsg("the client closed the connection");
		return 0;
	}
	if (!strcmp(cmd, "drain")) {
		drain((int)strtol(rest, NULL, 10), 0);
		return 0;
	}
	if (!strcmp(cmd, "shutdown")) {
		shutdown(conn_fd, SHUT_WR);
		logmsg("shut down our side");
		return 0;
	}
	if (!strcmp(cmd, "close")) {
		logmsg("closing");
		drop_conn();
		return 0;
	}
	if (!strcmp(cmd, "reset")) {
		struct linger lg = {.l_onoff = 1, .l_linger = 0};

		setsockopt(conn_fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		logmsg("resetting");
		drop_conn();
		return 0;
	}
syntax:
	logmsg("script line %u: cannot understand \"%s %s\"", lineno, cmd, rest);
	return -1;
}

static int listen_on(int v6, int port)
{
	int one = 1, fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
	struct sockaddr_storage ss;
	socklen_t len;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&ss, 0, sizeof ss);
	if (v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		s6->sin6_addr = in6addr_loopback;
		len = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *s4;
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 8) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static int write_portfile(const char *path, int port)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp || !(f = fopen(tmp, "w")))
		return -1;
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0 || rename(tmp, path) < 0)
		return -1;
	return 0;
}

static void usage(void)
{
	fputs("usage: smtpcon-peer [-6] [-p PORT] [-P PORTFILE] [-l LOGFILE] [-t SECONDS] [-n CN] [-d DNS]... [-K DIR] "
	      "SCRIPT|-\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *portfile = NULL, *logfile = NULL, *keydir = NULL;
	bool cert_now = false;
	int v6 = 0, port = 0, deadline = 30, opt, rc = 0;
	unsigned lineno = 0;
	char *buf = NULL;
	size_t cap = 0;
	FILE *script;

	while ((opt = getopt(argc, argv, "6p:P:l:t:n:d:K:")) != -1) {
		switch (opt) {
		case '6': v6 = 1; break;
		case 'p': port = atoi(optarg); break;
		case 'P': portfile = optarg; break;
		case 'l': logfile = optarg; break;
		case 't': deadline = atoi(optarg); break;
		case 'n':
			cert_cn = optarg;
			cert_now = true;
			break;
		case 'd':
			if (cert_ndns == MAX_DNS)
				usage();
			cert_dns[cert_ndns++] = optarg;
			cert_now = true;
			break;
		case 'K':
			keydir = optarg;
			cert_now = true;
			break;
		default: usage();
		}
	}
	if (optind != argc - 1 || port < 0 || port > 65535 || deadline < 0)
		usage();
	logfp = stderr;
	if (logfile && !(logfp = fopen(logfile, "a"))) {
		perror(logfile);
		return 2;
	}
	if (!strcmp(argv[optind], "-"))
		script = stdin;
	else if (!(script = fopen(argv[optind], "r"))) {
		logmsg("%s: %s", argv[optind], strerror(errno));
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	alarm((unsigned)deadline);

	/* Asked for a certificate: make it now, so that a bad name fails at once and the files exist for the test. */
	if (cert_now && ensure_cert(keydir) < 0)
		return 2;

	if ((listen_fd = listen_on(v6, port)) < 0) {
		logmsg("cannot listen on %s port %d: %s", v6 ? "::1" : "127.0.0.1", port, strerror(errno));
		return 2;
	}
	port = bound_port(listen_fd);
	logmsg("listening on %s port %d", v6 ? "[::1]" : "127.0.0.1", port);
	if (portfile) {
		if (write_portfile(portfile, port) < 0) {
			logmsg("cannot write %s: %s", portfile, strerror(errno));
			return 2;
		}
	} else {
		printf("%d\n", port);
		fflush(stdout);
	}

	while (getline(&buf, &cap, script) > 0) {
		char *p = buf, *end;

		lineno++;
		while (isspace((unsigned char)*p))
			p++;
		end = p + strlen(p);
		while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
			*--end = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		if (run_line(p, lineno) < 0) {
			rc = 2;
			break;
		}
	}
	free(buf);
	drop_conn();
	close(listen_fd);
	if (rc == 0 && failed)
		rc = 1;
	logmsg("done, exit status %d", rc);
	return rc;
}
