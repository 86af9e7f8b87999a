/* lab: the practice server's listener and per-client I/O on the shared poll loop. Each client owns a bounded input
 * buffer (what arrived and the SMTP code has not consumed), a bounded output buffer (what the socket has not yet
 * taken; TLS records included, since GnuTLS pushes into it) and a held-back reply for the tarpit. A client is
 * only ever freed at the end of one of its own loop callbacks, never in the middle of SMTP code. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/lab-int.h"
#include "lab/lab-smtp.h"
#include "lib/xmalloc.h"

#define IN_MAX (64 * 1024)        /* unconsumed input; reading stops when it is full */
#define OUT_MAX (1024 * 1024)     /* unsent output; a client that never reads is dropped */
#define OUT_HIGH (64 * 1024)      /* stop answering while this much is unsent (a pipelining client that never reads) */
#define HELD_MAX (64 * 1024)
#define IDLE_MS (5 * 60 * 1000)   /* RFC 5321 4.5.3.2.7: five minutes for a command */
#define READS_PER_PASS 16

struct lab_client {
	struct lab *lab;
	struct lab_client *prev, *next;
	int fd;
	char ip[INET6_ADDRSTRLEN];
	char name[INET6_ADDRSTRLEN + 10];
	struct buf in, out, held;
	uint64_t held_timer, idle_timer, resume_timer;
	struct lab_tls *tls;
	bool want_tls, handshaking, tls_up, implicit;
	bool eof, eof_told, closing, bye_sent, dead;
	struct lab_smtp *smtp;
};

struct lab {
	struct lab_ctx x;
	int lfd;
	char *addr;
	int port;
	char *dir;
	bool fresh_dir, keep_dir;
	struct lab_certs certs;
	struct lab_tls_creds *creds;
	char *describe;
	struct lab_client *clients;
	int max_clients;
};

void lab_logf(struct lab_ctx *x, const char *fmt, ...)
{
	if (x->log == NULL)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	x->log(x->log_arg, line);
}

/* ---- the client side of the internal interface ---- */

struct buf *lab_client_input(struct lab_client *c) { return &c->in; }
bool lab_client_waiting(const struct lab_client *c) { return c->held_timer != 0; }
const char *lab_client_ip(const struct lab_client *c) { return c->ip; }
const char *lab_client_name(const struct lab_client *c) { return c->name; }
struct lab_ctx *lab_client_ctx(struct lab_client *c) { return &c->lab->x; }
struct lab_smtp *lab_client_smtp(struct lab_client *c) { return c->smtp; }

const char *lab_client_tls(struct lab_client *c)
{
	return c->tls_up ? lab_tls_describe(c->tls) : NULL;
}

static void wire(struct lab_client *c, const void *p, size_t n)
{
	if (c->dead || n == 0)
		return;
	bool ok = c->tls_up ? lab_tls_write(c->tls, p, n) >= 0 : buf_append(&c->out, p, n);
	if (!ok) {
		lab_logf(&c->lab->x, "%s: not reading its replies: dropped", c->name);
		c->dead = true;
	}
}

static void on_held(void *arg);

void lab_client_send(struct lab_client *c, const char *text, size_t n, int delay_ms)
{
	if (c->closing || c->dead)
		return;
	if (delay_ms <= 0 && c->held_timer == 0) {
		wire(c, text, n);
		return;
	}
	if (!buf_append(&c->held, text, n)) {
		c->dead = true;
		return;
	}
	if (c->held_timer == 0)
		c->held_timer = loop_timer_add(c->lab->x.loop, (uint64_t)(delay_ms > 0 ? delay_ms : 0), on_held, c);
}

void lab_client_discard_held(struct lab_client *c)
{
	loop_timer_cancel(c->lab->x.loop, c->held_timer);
	c->held_timer = 0;
	buf_reset(&c->held);
}

void lab_client_start_tls(struct lab_client *c)
{
	c->want_tls = true;
}

void lab_client_close(struct lab_client *c)
{
	/* A held-back goodbye still goes out on time (a tarpit is slow to the end); pump sends close_notify and
	 * hangs up once it has. */
	c->closing = true;
}

void lab_client_abort(struct lab_client *c)
{
	c->dead = true;
}

/* ---- I/O ---- */

static ssize_t tls_push(void *io, const void *data, size_t n)
{
	struct lab_client *c = io;
	if (!buf_append(&c->out, data, n)) {
		errno = ENOBUFS;
		return -1;
	}
	return (ssize_t)n;
}

static ssize_t tls_pull(void *io, void *data, size_t n)
{
	struct lab_client *c = io;
	ssize_t r;
	do
		r = recv(c->fd, data, n, 0);
	while (r < 0 && errno == EINTR);
	return r;
}

static void flush(struct lab_client *c)
{
	while (c->out.len > 0 && !c->dead) {
		ssize_t w = send(c->fd, c->out.data, c->out.len, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (w <= 0) {
			c->dead = true;
			return;
		}
		buf_consume(&c->out, (size_t)w);
	}
}

/* Read what the socket has (through TLS when it is up) into c->in; true if anything arrived. */
static bool read_input(struct lab_client *c)
{
	uint8_t tmp[16384];
	bool got = false;
	for (int i = 0; i < READS_PER_PASS && !c->eof && !c->dead && c->in.len < IN_MAX; i++) {
		size_t room = IN_MAX - c->in.len < sizeof tmp ? IN_MAX - c->in.len : sizeof tmp;
		ssize_t r = c->tls_up ? lab_tls_read(c->tls, tmp, room) : tls_pull(c, tmp, room);
		if (r > 0) {
			buf_append(&c->in, tmp, (size_t)r);
			got = true;
			continue;
		}
		if (r == 0) {
			c->eof = true;
		} else if (errno != EAGAIN && errno != EWOULDBLOCK) {
			if (c->tls_up)
				lab_logf(&c->lab->x, "%s: TLS error: %s", c->name, lab_tls_error(c->tls));
			c->dead = true;
		}
		break;
	}
	if (got) {
		loop_timer_cancel(c->lab->x.loop, c->idle_timer);
		c->idle_timer = 0;
	}
	return got;
}

static void begin_tls(struct lab_client *c)
{
	char *err = NULL;
	c->want_tls = false;
	if (c->in.len > 0) {
		/* Bytes that followed STARTTLS in plain text would otherwise be taken as sent inside TLS
		 * (CVE-2011-0411, the STARTTLS command injection). */
		lab_logf(&c->lab->x, "%s: discarded %zu bytes sent after STARTTLS before the handshake", c->name,
		         c->in.len);
		buf_reset(&c->in);
	}
	c->tls = lab_tls_new(c->lab->creds, tls_push, tls_pull, c, &err);
	if (c->tls == NULL) {
		lab_logf(&c->lab->x, "%s: %s", c->name, err);
		free(err);
		c->dead = true;
		return;
	}
	c->handshaking = true;
}

static void handshake(struct lab_client *c)
{
	switch (lab_tls_handshake(c->tls)) {
	case LAB_TLS_AGAIN:
		return;
	case LAB_TLS_FAILED:
		lab_logf(&c->lab->x, "%s: TLS handshake failed: %s", c->name, lab_tls_error(c->tls));
		c->handshaking = false;
		c->closing = true; /* send the alert GnuTLS queued, then hang up */
		lab_smtp_set_state(c->smtp, LS_CLOSED);
		return;
	case LAB_TLS_DONE:
		c->handshaking = false;
		c->tls_up = true;
		c->lab->x.stats.tls++;
		lab_logf(&c->lab->x, "%s: TLS up: %s", c->name, lab_tls_describe(c->tls));
		lab_smtp_tls_done(c->smtp);
		return;
	}
}

static void on_client(int fd, short revents, void *arg);
static void on_idle(void *arg);
static void on_resume(void *arg);

static void destroy(struct lab_client *c)
{
	struct lab *lab = c->lab;
	loop_unwatch(lab->x.loop, c->fd);
	close(c->fd);
	loop_timer_cancel(lab->x.loop, c->held_timer);
	loop_timer_cancel(lab->x.loop, c->idle_timer);
	loop_timer_cancel(lab->x.loop, c->resume_timer);
	if (c->prev)
		c->prev->next = c->next;
	else
		lab->clients = c->next;
	if (c->next)
		c->next->prev = c->prev;
	lab->x.stats.active--;
	lab_smtp_free(c->smtp);
	lab_tls_free(c->tls);
	buf_free(&c->in);
	buf_free(&c->out);
	buf_free(&c->held);
	free(c);
}

/* Do everything that can be done now, then decide what to wait for. Called at the end of every callback. */
static void pump(struct lab_client *c)
{
	struct loop *loop = c->lab->x.loop;
	for (int guard = 0; guard < 1000 && !c->dead && !c->closing; guard++) {
		bool progress = false;
		if (!c->handshaking && !c->want_tls && c->out.len < OUT_HIGH)
			progress = read_input(c);
		if (c->dead)
			break;
		if (c->held_timer) {
			if (c->in.len)
				lab_smtp_early_input(c->smtp);
			if (progress)
				continue;
			break;
		}
		if (c->want_tls)
			begin_tls(c);
		if (c->handshaking) {
			handshake(c);
			if (c->handshaking || c->closing || c->dead)
				break;
			continue;
		}
		if (c->out.len >= OUT_HIGH)
			break;
		if (lab_smtp_input(c->smtp))
			progress = true;
		if (!progress) {
			if (c->eof && !c->eof_told) {
				c->eof_told = true;
				lab_smtp_eof(c->smtp);
			}
			break;
		}
	}
	if (c->closing && !c->held_timer && !c->bye_sent && !c->dead) {
		c->bye_sent = true;
		if (c->tls_up)
			lab_tls_bye(c->tls);
	}
	flush(c);
	if (c->dead || (c->bye_sent && c->out.len == 0)) {
		destroy(c);
		return;
	}
	/* Decrypted data GnuTLS holds does not wake poll(): come back for it. */
	if (c->tls_up && !c->closing && c->in.len < IN_MAX && lab_tls_pending(c->tls) && !c->resume_timer)
		c->resume_timer = loop_timer_add(loop, 0, on_resume, c);
	short ev = 0;
	if (c->handshaking || (!c->closing && !c->eof && c->in.len < IN_MAX && c->out.len < OUT_HIGH))
		ev |= POLLIN;
	if (c->out.len > 0)
		ev |= POLLOUT;
	loop_set_events(loop, c->fd, ev);
	if (c->idle_timer == 0)
		c->idle_timer = loop_timer_add(loop, IDLE_MS, on_idle, c);
}

static void on_client(int fd, short revents, void *arg)
{
	(void)fd;
	struct lab_client *c = arg;
	if (revents & (POLLERR | POLLNVAL))
		c->dead = true;
	if (revents & POLLOUT)
		flush(c);
	pump(c);
}

static void on_held(void *arg)
{
	struct lab_client *c = arg;
	c->held_timer = 0;
	if (c->in.len) /* arrived while the greeting was held back: strict-sync may forfeit it */
		lab_smtp_early_input(c->smtp);
	wire(c, c->held.data, c->held.len);
	buf_reset(&c->held);
	pump(c);
}

static void on_idle(void *arg)
{
	struct lab_client *c = arg;
	c->idle_timer = 0;
	lab_logf(&c->lab->x, "%s: idle for too long", c->name);
	/* A client that neither talks nor reads what is queued for it (so it never gets the 421) is dropped. */
	if (c->handshaking || c->want_tls || c->closing || c->out.len > 0)
		c->dead = true;
	else
		lab_smtp_timeout(c->smtp);
	pump(c);
}

static void on_resume(void *arg)
{
	struct lab_client *c = arg;
	c->resume_timer = 0;
	pump(c);
}

/* ---- the listener ---- */

static void accept_one(struct lab *lab, int fd, const struct sockaddr_storage *ss)
{
	struct lab_client *c = xcalloc(1, sizeof *c);
	c->lab = lab;
	c->fd = fd;
	char port[16] = "";
	getnameinfo((const struct sockaddr *)ss, sizeof *ss, c->ip, sizeof c->ip, port, sizeof port,
	            NI_NUMERICHOST | NI_NUMERICSERV);
	snprintf(c->name, sizeof c->name, ss->ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", c->ip, port);
	buf_init(&c->in, IN_MAX);
	buf_init(&c->out, OUT_MAX);
	buf_init(&c->held, HELD_MAX);
	c->smtp = lab_smtp_new(c);
	c->next = lab->clients;
	if (lab->clients)
		lab->clients->prev = c;
	lab->clients = c;
	lab->x.stats.connections++;
	lab->x.stats.active++;
	lab_logf(&lab->x, "%s: connected", c->name);
	loop_watch(lab->x.loop, fd, POLLIN, on_client, c);
	if (lab->x.sc->flags & LAB_F_IMPLICIT)
		c->want_tls = true; /* the greeting comes after the handshake */
	else
		lab_smtp_start(c->smtp);
	pump(c);
}

static void on_listen(int lfd, short revents, void *arg)
{
	struct lab *lab = arg;
	(void)revents;
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		int fd = accept4(lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return; /* EAGAIN, or a transient error such as EMFILE: poll() will tell us again */
		if (lab->x.stats.active >= (unsigned long)lab->max_clients) {
			static const char busy[] = "421 4.7.0 " LAB_HOSTNAME " Too many connections, try again later\r\n";
			(void)!send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
			close(fd);
			continue;
		}
		accept_one(lab, fd, &ss);
	}
}

static int listen_on(struct lab *lab, const char *addr, int port, char **err)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE};
	struct addrinfo *ai = NULL;
	char ps[16];
	snprintf(ps, sizeof ps, "%d", port);
	int rc = getaddrinfo(addr, ps, &hints, &ai);
	if (rc != 0) {
		*err = xasprintf("lab: cannot listen on \"%s\": %s (give a numeric address)", addr, gai_strerror(rc));
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 128) < 0) {
		*err = xasprintf("lab: cannot listen on %s port %d: %s", addr, port, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	lab->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
	                                           : ((struct sockaddr_in *)&ss)->sin_port);
	lab->lfd = fd;
	return 0;
}

/* A fresh private directory for a lab that was given none. */
static char *fresh_dir(char **err)
{
	const char *base = getenv("XDG_RUNTIME_DIR");
	struct stat st;
	if (base == NULL || *base == '\0' || stat(base, &st) < 0 || !S_ISDIR(st.st_mode) || access(base, W_OK) < 0)
		base = "/tmp";
	char *t = xasprintf("%s/smtpcon-lab-XXXXXX", base);
	if (mkdtemp(t) == NULL) {
		*err = xasprintf("lab: cannot create a directory under %s: %s", base, strerror(errno));
		free(t);
		return NULL;
	}
	return t;
}

static void build_describe(struct lab *lab)
{
	const struct lab_scenario *sc = lab->x.sc;
	const char *host = strchr(lab->addr, ':') ? "[%s]:%d" : "%s:%d";
	char where[INET6_ADDRSTRLEN + 16], reach[INET6_ADDRSTRLEN + 32];
	snprintf(where, sizeof where, host, lab->addr, lab->port);
	/* Bound to every address (a classroom): students need this machine's address, not the wildcard. */
	if (strcmp(lab->addr, "0.0.0.0") == 0 || strcmp(lab->addr, "::") == 0)
		snprintf(reach, sizeof reach, "THIS-MACHINE'S-ADDRESS:%d", lab->port);
	else
		snprintf(reach, sizeof reach, "%s", where);
	bool implicit = sc->flags & LAB_F_IMPLICIT;
	lab->describe = xasprintf(
		"smtpcon practice lab, scenario %s: %s\n"
		"  listening   %s (%s, like port %s)\n"
		"  login       %s / %s%s\n"
		"  mailboxes   anything@%s (other domains: %s)\n"
		"  certificate %s, SHA-256 %s\n"
		"  trust it    --tls-ca-path %s\n"
		"  maildir     %s%s\n"
		"  try         smtpcon %s%s\n",
		sc->name, sc->summary, where,
		implicit ? "TLS from the first byte" : (sc->flags & LAB_F_STARTTLS) ? "plain SMTP, STARTTLS offered"
		                                                                     : "plain SMTP, no STARTTLS",
		sc->port_hint, LAB_USER, LAB_PASSWORD,
		!(sc->flags & LAB_F_AUTH) ? " (AUTH not offered in this scenario)"
		: (sc->flags & LAB_F_AUTH_NEEDS_TLS) ? " (AUTH inside TLS only)" : " (AUTH offered without TLS!)",
		LAB_DOMAIN,
		(sc->flags & LAB_F_MAIL_NEEDS_AUTH) ? "after AUTH"
		: (sc->flags & LAB_F_AUTH)          ? "relaying denied unless authenticated"
		                                    : "relaying denied",
		(sc->flags & LAB_F_BAD_CERT) ? "expired, for the wrong name" : LAB_HOSTNAME, lab->certs.fingerprint,
		lab->certs.ca_file, lab->x.maildir, lab->x.discard ? " (discard mode: nothing is stored)" : "",
		implicit ? "--tls-on-connect " : "", reach);
}

struct lab *lab_new(struct loop *loop, const struct lab_params *p, char **err)
{
	const char *name = p->scenario ? p->scenario : LAB_DEFAULT_SCENARIO;
	const struct lab_scenario *sc = lab_scenario_find(name);
	if (sc == NULL) {
		*err = xasprintf("lab: no scenario \"%s\" (try delivery, submission, implicit, no-starttls, bad-cert, "
		                 "old-tls, greylist, strict-sync, tarpit or flaky)", name);
		return NULL;
	}
	struct lab *lab = xcalloc(1, sizeof *lab);
	lab->lfd = -1;
	lab->x.loop = loop;
	lab->x.sc = sc;
	lab->x.discard = p->discard;
	lab->x.greylist_seconds = p->greylist_seconds > 0 ? p->greylist_seconds : sc->greylist_seconds;
	lab->x.reply_delay_ms = p->reply_delay_ms > 0 ? p->reply_delay_ms : sc->reply_delay_ms;
	lab->x.greet_delay_ms = p->greet_delay_ms > 0 ? p->greet_delay_ms : sc->greet_delay_ms;
	lab->x.log = p->log;
	lab->x.log_arg = p->log_arg;
	lab->max_clients = p->max_clients > 0 ? p->max_clients : LAB_MAX_CLIENTS;
	lab->addr = xstrdup(p->listen_addr ? p->listen_addr : "127.0.0.1");
	lab->keep_dir = p->keep_dir;
	if (p->dir) {
		lab->dir = xstrdup(p->dir);
		if (mkdir(lab->dir, 0700) < 0 && errno != EEXIST) {
			*err = xasprintf("lab: cannot create %s: %s", lab->dir, strerror(errno));
			goto fail;
		}
	} else {
		if ((lab->dir = fresh_dir(err)) == NULL)
			goto fail;
		lab->fresh_dir = true;
	}
	lab->x.maildir = xasprintf("%s/Maildir", lab->dir);
	if (lab_maildir_init(lab->x.maildir, err) < 0 ||
	    lab_certs_make(&lab->certs, lab->dir, sc->flags & LAB_F_BAD_CERT, err) < 0)
		goto fail;
	if ((lab->creds = lab_tls_creds_new(lab->certs.cert_pem, lab->certs.key_pem, sc->priority, err)) == NULL)
		goto fail;
	if (listen_on(lab, lab->addr, p->port, err) < 0)
		goto fail;
	loop_watch(loop, lab->lfd, POLLIN, on_listen, lab);
	build_describe(lab);
	lab_logf(&lab->x, "lab listening on %s port %d, scenario %s", lab->addr, lab->port, sc->name);
	return lab;
fail:
	lab_free(lab);
	return NULL;
}

void lab_free(struct lab *lab)
{
	if (lab == NULL)
		return;
	while (lab->clients)
		destroy(lab->clients);
	if (lab->lfd >= 0) {
		loop_unwatch(lab->x.loop, lab->lfd);
		close(lab->lfd);
	}
	lab_tls_creds_free(lab->creds);
	lab_certs_free(&lab->certs);
	lab_greylist_free(lab->x.grey);
	if (lab->fresh_dir && !lab->keep_dir)
		lab_rmtree(lab->dir);
	free(lab->x.maildir);
	free(lab->dir);
	free(lab->addr);
	free(lab->describe);
	free(lab);
}

int lab_port(const struct lab *lab) { return lab->port; }
const char *lab_address(const struct lab *lab) { return lab->addr; }
const char *lab_scenario(const struct lab *lab) { return lab->x.sc->name; }
bool lab_implicit_tls(const struct lab *lab) { return (lab->x.sc->flags & LAB_F_IMPLICIT) != 0; }
bool lab_offers_starttls(const struct lab *lab) { return (lab->x.sc->flags & LAB_F_STARTTLS) != 0; }
const char *lab_dir(const struct lab *lab) { return lab->dir; }
const char *lab_maildir(const struct lab *lab) { return lab->x.maildir; }
const char *lab_ca_file(const struct lab *lab) { return lab->certs.ca_file; }
const char *lab_cert_file(const struct lab *lab) { return lab->certs.cert_file; }
const char *lab_fingerprint(const struct lab *lab) { return lab->certs.fingerprint; }
const char *lab_describe(const struct lab *lab) { return lab->describe; }

void lab_get_stats(const struct lab *lab, struct lab_stats *out)
{
	*out = lab->x.stats;
}
