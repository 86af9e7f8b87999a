/* lab: the practice server as a whole: start (directory, certificates, TLS credentials, listening socket), the
 * listener that hands connections to lab-client.c, the description --serve-lab prints, and the accessors. */
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
#include "lib/i18n.h"
#include "lib/xmalloc.h"

void lab_logf(struct lab_ctx *x, const char *fmt, ...)
{
	if (x->log == NULL)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, _(fmt), ap); /* a log for people (stderr): fmt is an English msgid */
	va_end(ap);
	x->log(x->log_arg, line);
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
		lab_client_accept(lab, fd, &ss);
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
		*err = xasprintf(_("lab: cannot listen on \"%s\": %s (give a numeric address)"), addr,
				 gai_strerror(rc));
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 128) < 0) {
		*err = xasprintf(_("lab: cannot listen on %s port %d: %s"), addr, port, strerror(errno));
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

/* A whole number of seconds from the environment, 1 to a day; 0 when unset or not such a number. The greylist
 * delay comes from here when the caller gave none: a teacher (or a test) shortens the scenario's 30 s without a
 * command-line option for every timing. */
static int env_seconds(const char *name)
{
	const char *v = getenv(name);
	if (v == NULL || *v < '0' || *v > '9')
		return 0;
	char *end;
	long n = strtol(v, &end, 10);
	return *end == '\0' && n >= 1 && n <= 86400 ? (int)n : 0;
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
		*err = xasprintf(_("lab: cannot create a directory under %s: %s"), base, strerror(errno));
		free(t);
		return NULL;
	}
	return t;
}

/* The banner, in English (tr returns its msgid: for JSON) or translated (tr is i18n_tr: for people). Each line is
 * one msgid so a translator can line the labels up again; the values in parentheses are short phrases. */
static char *describe(const struct lab *lab, const char *(*tr)(const char *))
{
	const struct lab_scenario *sc = lab->x.sc;
	const char *host = strchr(lab->addr, ':') ? "[%s]:%d" : "%s:%d";
	char where[INET6_ADDRSTRLEN + 16], reach[INET6_ADDRSTRLEN + 64];
	snprintf(where, sizeof where, host, lab->addr, lab->port);
	/* Bound to every address (a classroom): students need this machine's address, not the wildcard. */
	if (strcmp(lab->addr, "0.0.0.0") == 0 || strcmp(lab->addr, "::") == 0)
		/* TRANSLATORS: a placeholder the teacher replaces with the machine's address; keep it one word. */
		snprintf(reach, sizeof reach, "%s:%d", tr(N_("THIS-MACHINE'S-ADDRESS")), lab->port);
	else
		snprintf(reach, sizeof reach, "%s", where);
	bool implicit = sc->flags & LAB_F_IMPLICIT;
	const char *mode = implicit                       ? N_("TLS from the first byte")
			   : (sc->flags & LAB_F_STARTTLS) ? N_("plain SMTP, STARTTLS offered")
							  : N_("plain SMTP, no STARTTLS");
	const char *auth = !(sc->flags & LAB_F_AUTH)            ? N_("AUTH not offered in this scenario")
			   : (sc->flags & LAB_F_AUTH_NEEDS_TLS) ? N_("AUTH inside TLS only")
								: N_("AUTH offered without TLS!");
	const char *others = (sc->flags & LAB_F_MAIL_NEEDS_AUTH) ? N_("after AUTH")
			     : (sc->flags & LAB_F_AUTH)          ? N_("relaying denied unless authenticated")
								 : N_("relaying denied");
	struct buf b;
	buf_init(&b, 0);
	/* TRANSLATORS: the first line of the practice lab's banner: scenario name, then its one-line summary. */
	buf_printf(&b, tr(N_("smtpcon practice lab, scenario %s: %s\n")), sc->name, tr(sc->summary));
	/* TRANSLATORS: banner lines: keep the labels (listening, login, ...) padded to one column. */
	buf_printf(&b, tr(N_("  listening   %s (%s, like port %s)\n")), where, tr(mode), sc->port_hint);
	buf_printf(&b, tr(N_("  login       %s / %s (%s)\n")), LAB_USER, LAB_PASSWORD, tr(auth));
	buf_printf(&b, tr(N_("  mailboxes   anything@%s (other domains: %s)\n")), LAB_DOMAIN, tr(others));
	if (sc->flags & LAB_F_BAD_CERT)
		buf_printf(&b, tr(N_("  certificate expired, for the wrong name, SHA-256 %s\n")),
			   lab->certs.fingerprint);
	else
		buf_printf(&b, tr(N_("  certificate %s, SHA-256 %s\n")), LAB_HOSTNAME, lab->certs.fingerprint);
	buf_printf(&b, tr(N_("  trust it    --tls-ca-path %s\n")), lab->certs.ca_file);
	if (lab->x.discard)
		buf_printf(&b, tr(N_("  maildir     %s (discard mode: nothing is stored)\n")), lab->x.maildir);
	else
		buf_printf(&b, tr(N_("  maildir     %s\n")), lab->x.maildir);
	buf_printf(&b, tr(N_("  try         smtpcon %s%s\n")), implicit ? "--tls-on-connect " : "", reach);
	return buf_detach(&b, NULL);
}

static const char *english(const char *msgid)
{
	return msgid;
}

static void build_describe(struct lab *lab)
{
	lab->describe = describe(lab, english);
	lab->describe_loc = i18n_translating() ? describe(lab, i18n_tr) : NULL;
}

struct lab *lab_new(struct loop *loop, const struct lab_params *p, char **err)
{
	const char *name = p->scenario ? p->scenario : LAB_DEFAULT_SCENARIO;
	const struct lab_scenario *sc = lab_scenario_find(name);
	if (sc == NULL) {
		*err = xasprintf(_("lab: no scenario \"%s\" (try delivery, submission, implicit, no-starttls, "
				   "bad-cert, old-tls, greylist, strict-sync, tarpit or flaky)"),
				 name);
		return NULL;
	}
	struct lab *lab = xcalloc(1, sizeof *lab);
	lab->lfd = -1;
	lab->x.loop = loop;
	lab->x.sc = sc;
	lab->x.discard = p->discard;
	lab->x.greylist_seconds = p->greylist_seconds > 0 ? p->greylist_seconds : env_seconds(LAB_GREYLIST_ENV);
	if (lab->x.greylist_seconds <= 0)
		lab->x.greylist_seconds = sc->greylist_seconds;
	lab->x.reply_delay_ms = p->reply_delay_ms > 0 ? p->reply_delay_ms : sc->reply_delay_ms;
	lab->x.greet_delay_ms = p->greet_delay_ms > 0 ? p->greet_delay_ms : sc->greet_delay_ms;
	lab->x.log = p->log;
	lab->x.log_arg = p->log_arg;
	lab->x.on_event = p->on_event;
	lab->x.event_arg = p->event_arg;
	lab->max_clients = p->max_clients > 0 ? p->max_clients : LAB_MAX_CLIENTS;
	lab->manual = p->manual;
	lab->addr = xstrdup(p->listen_addr ? p->listen_addr : "127.0.0.1");
	lab->keep_dir = p->keep_dir;
	if (p->dir) {
		lab->dir = xstrdup(p->dir);
		if (mkdir(lab->dir, 0700) < 0 && errno != EEXIST) {
			*err = xasprintf(_("lab: cannot create %s: %s"), lab->dir, strerror(errno));
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
	lab_logf(&lab->x, N_("lab listening on %s port %d, scenario %s"), lab->addr, lab->port, sc->name);
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
		lab_client_destroy(lab->clients);
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
	free(lab->describe_loc);
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
const char *lab_describe_loc(const struct lab *lab)
{
	return lab->describe_loc ? lab->describe_loc : lab->describe;
}

void lab_get_stats(const struct lab *lab, struct lab_stats *out)
{
	*out = lab->x.stats;
}
