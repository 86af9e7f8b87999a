/* test-lab-data: the lab's DATA decoder against a reference, however the client's bytes are split across reads.
 * The decoder delivers runs of clean lines in bulk and walks everything else byte by byte, so the seams between
 * the two are what can break: a line, a CRLF, a dot or the end marker split across two reads, a dot line right
 * after a bulk run. Every message is sent in chunks that the lab reads one at a time (each chunk is waited for
 * before the next goes out), at every split point and at random ones, and what lands in the Maildir must be the
 * reference unstuffing byte for byte. Bare LF and bare CR must be refused with 521 and a hang-up wherever they
 * fall; the size limit must hold to the byte. The lab runs on this thread's loop: no threads, no timing guesses. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "lab/lab.h"
#include "lib/buf.h"
#include "lib/loop.h"
#include "lib/xmalloc.h"

static struct loop *loop;
static struct lab *lab;
static size_t recv_total; /* bytes the lab reported as received (LAB_EV_RECV), all clients */
static char diags[512];   /* " id id " of the current connection */
static unsigned long delivered;

static int fd = -1;
static gnutls_session_t tls; /* after STARTTLS (non-blocking, driven by the loop like everything else) */
static gnutls_certificate_credentials_t cred;
static char in[65536];
static size_t inlen;
static char reply_text[8192];
static char last_id[64];

static void on_event(void *arg, const struct lab_event *ev)
{
	(void)arg;
	if (ev->kind == LAB_EV_RECV)
		recv_total += ev->len;
	else if (ev->kind == LAB_EV_DIAG && strlen(diags) + strlen(ev->id) + 2 < sizeof diags)
		strcat(strcat(diags, ev->id), " ");
	else if (ev->kind == LAB_EV_DELIVERED)
		delivered++;
}

static bool has_diag(const char *id)
{
	char k[64];
	snprintf(k, sizeof k, " %s ", id);
	return strstr(diags, k) != NULL;
}

/* Run the lab until it has reported target bytes received (false after 5 s). */
static bool wait_recv(size_t target)
{
	uint64_t end = loop_now_ms() + 5000;
	while (recv_total < target && loop_now_ms() < end)
		loop_run_once(loop, 5);
	return recv_total >= target;
}

/* One send or receive, through TLS once it is up; -1 with errno EAGAIN when it would block, 0 at EOF. */
static ssize_t io_send(const void *p, size_t n)
{
	if (tls == NULL)
		return send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
	ssize_t w = gnutls_record_send(tls, p, n);
	if (w == GNUTLS_E_AGAIN || w == GNUTLS_E_INTERRUPTED)
		errno = EAGAIN;
	else if (w < 0)
		errno = EIO;
	return w < 0 ? -1 : w;
}

static ssize_t io_recv(void *p, size_t n)
{
	if (tls == NULL)
		return recv(fd, p, n, MSG_DONTWAIT);
	ssize_t r = gnutls_record_recv(tls, p, n);
	if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
		errno = EAGAIN;
	else if (r == GNUTLS_E_PREMATURE_TERMINATION)
		r = 0;
	else if (r < 0)
		errno = EIO;
	return r < 0 ? -1 : r;
}

/* Send everything, running the lab while the socket is full. */
static bool send_all(const void *p, size_t n)
{
	const char *c = p;
	uint64_t end = loop_now_ms() + 20000;
	while (n > 0 && loop_now_ms() < end) {
		ssize_t w = io_send(c, n);
		if (w > 0) {
			c += w;
			n -= (size_t)w;
		} else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
			loop_run_once(loop, 5);
		} else {
			return false;
		}
	}
	return n == 0;
}

/* Send one chunk and wait until the lab has read all of it, so that it is one read of its own. */
static bool send_chunk(const void *p, size_t n)
{
	size_t target = recv_total + n;
	return send_all(p, n) && wait_recv(target);
}

/* One full reply: its code, or -1 on EOF or after 10 s. The text goes into reply_text. */
static int reply(void)
{
	uint64_t end = loop_now_ms() + 10000;
	size_t rl = 0;
	reply_text[0] = '\0';
	while (loop_now_ms() < end) {
		char *nl = memchr(in, '\n', inlen);
		if (nl == NULL) {
			ssize_t r = io_recv(in + inlen, sizeof in - 1 - inlen);
			if (r > 0)
				inlen += (size_t)r;
			else if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
				return -1;
			else
				loop_run_once(loop, 5);
			continue;
		}
		size_t n = (size_t)(nl - in) + 1;
		if (rl + n + 1 < sizeof reply_text) {
			memcpy(reply_text + rl, in, n);
			rl += n;
			reply_text[rl] = '\0';
		}
		bool last = n < 5 || in[3] != '-';
		int code = atoi(in);
		memmove(in, in + n, inlen - n);
		inlen -= n;
		if (last)
			return code;
	}
	return -1;
}

static int cmd(const char *line)
{
	char b[512];
	int n = snprintf(b, sizeof b, "%s\r\n", line);
	return send_all(b, (size_t)n) ? reply() : -1;
}

/* True when the lab hangs up within 5 s (after what it still had to say). */
static bool hung_up(void)
{
	uint64_t end = loop_now_ms() + 5000;
	while (loop_now_ms() < end) {
		char c[256];
		ssize_t r = io_recv(c, sizeof c);
		if (r == 0 || (r < 0 && errno == ECONNRESET))
			return true;
		if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return false;
		loop_run_once(loop, 5);
	}
	return false;
}

static void hang_up(void)
{
	if (tls)
		gnutls_deinit(tls);
	tls = NULL;
	if (fd >= 0)
		close(fd);
	fd = -1;
	/* Let the lab see the hang-up and free the client. */
	for (int i = 0; i < 5; i++)
		loop_run_once(loop, 2);
}

static bool open_session(void)
{
	hang_up();
	inlen = 0;
	diags[0] = ' ';
	diags[1] = '\0';
	fd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1; /* small chunks back to back: Nagle would hold each for the previous one's delayed ACK */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)lab_port(lab))};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		return false;
	return reply() == 220 && cmd("EHLO data.example") == 250;
}

/* STARTTLS and the handshake (the certificate is not checked: the lab's TLS is not what is tested here). */
static bool start_tls(void)
{
	if (cmd("STARTTLS") != 220)
		return false;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	gnutls_init(&tls, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
	gnutls_priority_set_direct(tls, "NORMAL", NULL);
	gnutls_credentials_set(tls, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_server_name_set(tls, GNUTLS_NAME_DNS, LAB_HOSTNAME, strlen(LAB_HOSTNAME));
	gnutls_transport_set_int(tls, fd);
	uint64_t end = loop_now_ms() + 10000;
	int rc;
	while ((rc = gnutls_handshake(tls)) < 0 && !gnutls_error_is_fatal(rc) && loop_now_ms() < end)
		loop_run_once(loop, 5);
	return rc == 0 && cmd("EHLO data.example") == 250;
}

static bool start_data(void)
{
	return cmd("MAIL FROM:<sender@example.org>") == 250 && cmd("RCPT TO:<student@lab.test>") == 250 &&
	       cmd("DATA") == 354;
}

/* The stored message with queue id `id`, without the lab's trace header (the body starts at "X-Case:"). */
static bool stored_body(const char *id, struct buf *out)
{
	char *dir = xasprintf("%s/new", lab_maildir(lab));
	char *key = xasprintf("Q%s.", id);
	DIR *d = opendir(dir);
	bool ok = false;
	struct dirent *e;
	while (d && !ok && (e = readdir(d)) != NULL) {
		if (strstr(e->d_name, key) == NULL)
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		struct buf all;
		buf_init(&all, 0);
		if (f && buf_append_file(&all, f, LAB_MAX_MESSAGE + 65536) == 0) {
			const char *b = strstr(buf_cstr(&all), "\r\nX-Case:");
			if (b) {
				buf_append(out, b + 2, all.len - (size_t)(b + 2 - (const char *)all.data));
				ok = true;
			}
		}
		if (f)
			fclose(f);
		buf_free(&all);
		free(path);
	}
	if (d)
		closedir(d);
	free(key);
	free(dir);
	return ok;
}

/* The reference: RFC 5321 4.5.2 applied line by line. wire must be CRLF lines ending with ".\r\n". */
static void unstuff(const uint8_t *w, size_t n, struct buf *out)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j + 1 < n && !(w[j] == '\r' && w[j + 1] == '\n'))
			j++;
		if (j - i == 1 && w[i] == '.')
			return;
		size_t skip = w[i] == '.' ? 1 : 0;
		buf_append(out, w + i + skip, j + 2 - i - skip);
		i = j + 2;
	}
}

/* Send wire (a whole DATA body with its end marker) cut at the given points, and check the delivery. */
static bool deliver_split(const uint8_t *wire, size_t n, const size_t *cuts, size_t ncuts)
{
	if (!start_data())
		return false;
	size_t at = 0;
	for (size_t i = 0; i <= ncuts; i++) {
		size_t to = i < ncuts && cuts[i] < n ? cuts[i] : n;
		if (to > at && !send_chunk(wire + at, to - at))
			return false;
		at = to;
	}
	if (reply() != 250)
		return false;
	const char *q = strstr(reply_text, "queued as ");
	if (q == NULL)
		return false;
	snprintf(last_id, sizeof last_id, "%.*s", (int)strcspn(q + 10, "\r\n"), q + 10);
	struct buf want, got;
	buf_init(&want, 0);
	buf_init(&got, 0);
	unstuff(wire, n, &want);
	bool ok = stored_body(last_id, &got) && got.len == want.len && memcmp(got.data, want.data, got.len) == 0;
	if (!ok) {
		fprintf(stderr, "message %s differs (cuts:", last_id);
		for (size_t i = 0; i < ncuts; i++)
			fprintf(stderr, " %zu", cuts[i]);
		fprintf(stderr, "): got %zu bytes, want %zu\n", got.len, want.len);
	}
	buf_free(&want);
	buf_free(&got);
	return ok;
}

/* Every single split point, every byte on its own, and random three-way splits. */
static void all_splits(const uint8_t *wire, size_t n, unsigned *seed)
{
	int bad = 0;
	for (size_t s = 1; s < n && bad < 5; s++)
		if (!deliver_split(wire, n, &s, 1))
			bad++;
	size_t *each = xmalloc(n * sizeof *each);
	for (size_t i = 0; i + 1 < n; i++)
		each[i] = i + 1;
	if (!deliver_split(wire, n, each, n - 1))
		bad++;
	free(each);
	for (int r = 0; r < 30 && bad < 5; r++) {
		size_t cuts[3];
		for (int k = 0; k < 3; k++)
			cuts[k] = (size_t)rand_r(seed) % n;
		/* sorted, as cut points must be */
		for (int a = 0; a < 3; a++)
			for (int b = a + 1; b < 3; b++)
				if (cuts[b] < cuts[a]) {
					size_t t = cuts[a];
					cuts[a] = cuts[b];
					cuts[b] = t;
				}
		if (!deliver_split(wire, n, cuts, 3))
			bad++;
	}
	CHECK_INT(bad, 0);
}

/* A random message: lines of random pieces (dots, long runs, 8-bit bytes, NUL, empty lines), stuffed so that no
 * line is a lone dot before the end. */
static size_t random_message(uint8_t *w, size_t cap, unsigned *seed)
{
	static const struct {
		const char *p;
		size_t n;
	} pieces[] = {
		{"a", 1},
		{"bc", 2},
		{".", 1},
		{"..", 2},
		{"\x00\xff\x80", 3},
		{" ", 1},
		{"0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 82},
		{"The quick brown fox jumps over the lazy dog.", 44},
	};
	size_t n = (size_t)snprintf((char *)w, cap, "X-Case: random\r\n\r\n");
	int lines = 1 + rand_r(seed) % 12;
	for (int l = 0; l < lines; l++) {
		size_t start = n;
		int np = rand_r(seed) % 5;
		for (int k = 0; k < np && n + 100 < cap; k++) {
			size_t i = (size_t)rand_r(seed) % (sizeof pieces / sizeof pieces[0]);
			memcpy(w + n, pieces[i].p, pieces[i].n);
			n += pieces[i].n;
		}
		if (n - start == 1 && w[start] == '.')
			w[n++] = '.';
		memcpy(w + n, "\r\n", 2);
		n += 2;
	}
	memcpy(w + n, ".\r\n", 3);
	return n + 3;
}

static void random_messages(int count, unsigned *seed)
{
	int bad = 0;
	for (int m = 0; m < count && bad < 5; m++) {
		uint8_t w[4096];
		size_t n = random_message(w, sizeof w, seed);
		size_t cuts[4];
		size_t nc = (size_t)rand_r(seed) % 5;
		for (size_t k = 0; k < nc; k++)
			cuts[k] = (k ? cuts[k - 1] : 0) + (size_t)rand_r(seed) % (n / 4 + 1);
		if (!deliver_split(w, n, cuts, nc))
			bad++;
	}
	CHECK_INT(bad, 0);
}

/* A bare LF or CR (at offset bad in wire; decided at offset decide) must get 521 and a hang-up at every split. */
static void bare_case(const char *wire, size_t bad, size_t decide, const char *what, bool use_tls)
{
	size_t n = strlen(wire);
	int fails = 0;
	for (size_t s = 1; s < n && fails < 3; s++) {
		unsigned long before = delivered;
		bool ok = open_session() && (!use_tls || start_tls()) && start_data();
		size_t base = recv_total;
		ok = ok && send_chunk(wire, s);
		if (ok && decide >= s) /* the first read cannot tell yet: the lab waits for more */
			ok = send_chunk(wire + s, n - s);
		ok = ok && reply() == 521 && strstr(reply_text, what) != NULL && hung_up();
		/* every byte of the read that held the mistake was reported, and nothing was delivered */
		ok = ok && recv_total == base + (decide >= s ? n : s) && delivered == before;
		ok = ok && has_diag(wire[bad] == '\n' ? "bare-lf-data" : "bare-cr-data");
		if (!ok) {
			fprintf(stderr, "bare %s at %zu, split at %zu: not refused as expected\n", what, bad, s);
			fails++;
		}
	}
	CHECK_INT(fails, 0);
	hang_up();
}

/* The size limit holds to the byte whatever the runs look like: LAB_MAX_MESSAGE is stored, one line more is not. */
static void size_limit(void)
{
	const size_t line = 1000, lines = LAB_MAX_MESSAGE / line; /* 1000-byte lines, CRLF included */
	uint8_t *w = xmalloc(LAB_MAX_MESSAGE + 4096);
	size_t n = 0;
	for (size_t i = 0; i < lines; i++) {
		memset(w + n, 'x', line - 2);
		if (i % 7 == 0) /* a stuffed dot: two on the wire, one stored */
			w[n] = w[n + 1] = '.';
		memcpy(w + n + line - 2, "\r\n", 2);
		n += line;
	}
	/* Top up to exactly LAB_MAX_MESSAGE unstuffed bytes: the dots removed count against nothing. */
	size_t stuffed = (lines + 6) / 7, stored = n - stuffed;
	size_t fill = LAB_MAX_MESSAGE - stored;
	CHECK(fill >= 2);
	memset(w + n, 'y', fill - 2);
	memcpy(w + n + fill - 2, "\r\n", 2);
	n += fill;
	memcpy(w + n, ".\r\n", 3);

	CHECK(open_session() && start_data());
	CHECK(send_all(w, n + 3));
	CHECK_INT(reply(), 250);
	/* One byte more (a longer last line) is refused whole. */
	CHECK(start_data());
	memmove(w + n - 1, w + n - 2, 5);
	w[n - 2] = 'z';
	CHECK(send_all(w, n + 4));
	CHECK_INT(reply(), 552);
	CHECK_INT(cmd("NOOP"), 250); /* and the session goes on */
	free(w);
	hang_up();
}

int main(void)
{
	loop = loop_new();
	char *err = NULL;
	struct lab_params p = {.scenario = "delivery", .on_event = on_event};
	lab = lab_new(loop, &p, &err);
	CHECK(lab != NULL);
	if (lab == NULL) {
		fprintf(stderr, "lab_new: %s\n", err);
		return 1;
	}
	unsigned seed = 20250611;
	gnutls_certificate_allocate_credentials(&cred);

	/* Dot lines of every kind next to clean runs, an empty line, a long line, 8-bit and NUL bytes. */
	static const char fixed[] = "X-Case: fixed\r\n\r\nclean one\r\n..stuffed\r\nclean two\r\n...\r\n..\r\n\r\n"
				    "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n"
				    "8-bit \xc3\xa9\xff and \x00 NUL\r\n. \r\n.\r\n";
	CHECK(open_session());
	all_splits((const uint8_t *)fixed, sizeof fixed - 1, &seed);
	CHECK(has_diag("dot-stuffing")); /* ". " is a line whose dot the client failed to double */
	hang_up();

	/* A properly stuffed message raises no dot-stuffing diagnosis, however it is split. */
	static const char stuffed[] = "X-Case: stuffed\r\n\r\n..a\r\nb\r\n..\r\n.\r\n";
	CHECK(open_session());
	all_splits((const uint8_t *)stuffed, sizeof stuffed - 1, &seed);
	CHECK(!has_diag("dot-stuffing"));
	hang_up();

	/* Random messages, random splits; in plain text, then inside TLS (a chunk is a record there, and the lab
	 * reads ciphertext ahead of GnuTLS: nothing may be left waiting in between). */
	CHECK(open_session());
	random_messages(150, &seed);
	hang_up();
	CHECK(open_session() && start_tls());
	random_messages(150, &seed);
	hang_up();

	/* Bare LF and bare CR: in a clean run, at a line start, after a dot, as the end marker's line end. The lab
	 * decides at the LF itself, or at the byte after a CR. */
	bare_case("X-Case: b\r\n\r\nok\r\nbad\nMAIL FROM:<x@example.org>\r\n.\r\n", 20, 20, "bare <LF>", false);
	bare_case("X-Case: b\r\n\r\nok\r\n\nok\r\n.\r\n", 17, 17, "bare <LF>", false);
	bare_case("X-Case: b\r\n\r\nok\r\n.\n.\r\n", 18, 18, "bare <LF>", false);
	bare_case("X-Case: b\r\n\r\nok\r\nbad\rrest\r\n.\r\n", 20, 21, "bare <CR>", false);
	bare_case("X-Case: b\r\n\r\nok\r\nbad\r\r\n.\r\n", 20, 21, "bare <CR>", false);
	bare_case("X-Case: b\r\n\r\nok\r\n.\rx\r\n.\r\n", 18, 19, "bare <CR>", false);
	bare_case("X-Case: b\r\n\r\nok\r\n\rx\r\n.\r\n", 17, 18, "bare <CR>", false);

	size_limit();
	/* The same inside TLS, and a bare LF there too. */
	CHECK(open_session() && start_tls());
	all_splits((const uint8_t *)fixed, sizeof fixed - 1, &seed);
	hang_up();
	bare_case("X-Case: b\r\n\r\nok\r\nbad\rrest\r\n.\r\n", 20, 21, "bare <CR>", true);

	gnutls_certificate_free_credentials(cred);
	lab_free(lab);
	loop_free(loop);
	free(err);
	return check_report();
}
