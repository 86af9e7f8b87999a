/* lab-maildir: where the lab puts what it accepts, and how /mailbox reads it back. A standard Maildir (tmp/, new/,
 * cur/; write in tmp, rename into new) so that any mail reader (mutt -f DIR) can open it too. Listing reads the
 * directory each time rather than keeping a list: the files are the truth, even after a restart. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "lab/lab-int.h"
#include "lib/dtext-split.h"
#include "lib/dtext.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

#define LIST_MAX 10000           /* messages listed at most */
#define HEADER_SCAN (64 * 1024)  /* bytes read to find Return-Path, To, Subject */

static int mkdir_p1(const char *path, char **err)
{
	if (mkdir(path, 0700) < 0 && errno != EEXIST) {
		*err = xasprintf("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int lab_maildir_init(const char *maildir, char **err)
{
	static const char *const subs[] = {"tmp", "new", "cur"};
	if (mkdir_p1(maildir, err) < 0)
		return -1;
	for (size_t i = 0; i < 3; i++) {
		char *p = xasprintf("%s/%s", maildir, subs[i]);
		int rc = mkdir_p1(p, err);
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Header and body in one writev(2) (a short write goes on from where it stopped): one system call per message
 * file in a classroom of 50 clients, not two. */
static int write_both(int fd, const void *hdr, size_t hlen, const void *body, size_t blen)
{
	struct iovec iov[2] = {{(void *)hdr, hlen}, {(void *)body, blen}};
	struct iovec *v = iov;
	int n = 2;
	for (;;) {
		while (n > 0 && v->iov_len == 0) {
			v++;
			n--;
		}
		if (n == 0)
			return 0;
		ssize_t w = writev(fd, v, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		for (size_t done = (size_t)w; done > 0;) {
			size_t k = done < v->iov_len ? done : v->iov_len;
			v->iov_base = (char *)v->iov_base + k;
			v->iov_len -= k;
			done -= k;
			if (v->iov_len == 0) {
				v++;
				n--;
			}
		}
	}
}

int lab_maildir_store(const char *maildir, const char *id, const void *hdr, size_t hlen, const void *body,
                      size_t blen, char **err)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* Maildir names: time first (so a name sort is arrival order), then what makes them unique. */
	static pid_t pid; /* the lab never forks: asked once, not once per message */
	if (pid == 0)
		pid = getpid();
	char *base = xasprintf("%lld.M%06ldP%ldQ%s.%s", (long long)ts.tv_sec, ts.tv_nsec / 1000, (long)pid, id,
			       LAB_HOSTNAME);
	char *tmp = xasprintf("%s/tmp/%s", maildir, base);
	char *dst = xasprintf("%s/new/%s", maildir, base);
	int ret = -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		*err = xasprintf("cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	/* No fsync(2): the lab is a practice server, not an MTA that promises durability; a 250 from it means
	 * "stored as a file you can open", which is true once the rename is done (docs/performance.md). */
	if (write_both(fd, hdr, hlen, body, blen) < 0) {
		*err = xasprintf("cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, dst) < 0) {
		*err = xasprintf("cannot move %s into new/: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	free(base);
	free(tmp);
	free(dst);
	return ret;
}

void lab_rmtree(const char *path)
{
	DIR *d = opendir(path);
	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", path, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				lab_rmtree(p);
			else if (S_ISREG(st.st_mode))
				unlink(p);
		}
		free(p);
	}
	closedir(d);
	rmdir(path);
}

/* ---- /mailbox ---- */

struct entry {
	char *path;
	char *name;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Every message in new/ and cur/, oldest first. */
static struct entry *scan(const char *maildir, size_t *n, int *error)
{
	static const char *const subs[] = {"new", "cur"};
	struct entry *v = NULL;
	size_t cap = 0;
	*n = 0;
	*error = 0;
	for (size_t i = 0; i < 2; i++) {
		char *dir = xasprintf("%s/%s", maildir, subs[i]);
		DIR *d = opendir(dir);
		if (d == NULL) {
			*error = errno;
			free(dir);
			continue;
		}
		struct dirent *e;
		while ((e = readdir(d)) != NULL && *n < LIST_MAX) {
			if (e->d_name[0] == '.')
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 16;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[*n].path = xasprintf("%s/%s", dir, e->d_name);
			v[*n].name = xstrdup(e->d_name);
			(*n)++;
		}
		closedir(d);
		free(dir);
	}
	if (*n)
		qsort(v, *n, sizeof *v, cmp_entry);
	return v;
}

static void free_entries(struct entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].name);
	}
	free(v);
}

/* The value of header name in the first bytes of a message (unfolded only as far as the first line). */
static void header_value(const char *msg, size_t len, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);
	out[0] = '\0';
	const char *p = msg, *end = msg + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if (eol == p || (eol == p + 1 && *p == '\r'))
			return; /* the blank line: end of the header */
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = eol;
			if (ve > v && ve[-1] == '\r')
				ve--;
			size_t n = (size_t)(ve - v) < outsz - 1 ? (size_t)(ve - v) : outsz - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return;
		}
		p = eol + 1;
	}
}

static char *read_head(const char *path, size_t max, size_t *len, off_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	*size = st.st_size;
	if ((uintmax_t)st.st_size < (uintmax_t)max)
		max = (size_t)st.st_size;
	char *b = xmalloc(max + 1);
	size_t got = 0;
	while (got < max) {
		ssize_t r = read(fd, b + got, max - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	b[got] = '\0';
	*len = got;
	return b;
}

static void append_escaped(struct buf *out, const char *s, size_t max)
{
	size_t n = strlen(s);
	escape_bytes(out, (const uint8_t *)s, n < max ? n : max, ESCAPE_DEFAULT);
}

/* Both sides of out get the same line: envelope, subject, dates and names are not words of ours. */
static void raw(struct dtext *out, const struct buf *b)
{
	buf_append(&out->en, b->data, b->len);
	if (i18n_translating())
		buf_append(&out->loc, b->data, b->len);
}

int lab_mailbox_listd(const struct lab *lab, struct dtext *out)
{
	size_t n;
	int error;
	const char *md = lab_maildir(lab);
	struct entry *v = scan(md, &n, &error);
	if (n == 0) {
		free(v);
		if (error) {
			dtext_printf(out, "cannot read the Maildir %s: %s\n", md, strerror(error));
			return -1;
		}
		dtext_printf(out, "no messages yet in %s\n", md);
		return 0;
	}
	struct buf line;
	buf_init(&line, 0);
	for (size_t i = 0; i < n; i++) {
		size_t len = 0;
		off_t size = 0;
		char *head = read_head(v[i].path, HEADER_SCAN, &len, &size);
		if (head == NULL) {
			dtext_printf(out, "%3zu  (unreadable: %s)\n", i + 1, v[i].name);
			continue;
		}
		char from[300], to[300], subject[200], decoded[200];
		header_value(head, len, "Return-Path", from, sizeof from);
		header_value(head, len, "Envelope-to", to, sizeof to);
		header_value(head, len, "Subject", subject, sizeof subject);
		/* The MIME structure and the Subject as a reader sees it (RFC 2047 decoded), parsed by GMime. */
		struct dtext parts;
		dtext_init(&parts, 64 * 1024);
		if (lab_mime_structure(v[i].path, "       ", &parts, decoded, sizeof decoded) == 0 && decoded[0])
			snprintf(subject, sizeof subject, "%s", decoded);
		time_t when = (time_t)strtoll(v[i].name, NULL, 10);
		struct tm tm;
		char date[32] = "?";
		if (localtime_r(&when, &tm))
			strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
		buf_reset(&line);
		buf_printf(&line, "%3zu  %s  ", i + 1, date);
		append_escaped(&line, from[0] ? from : "<>", 120);
		buf_append_str(&line, " -> ");
		append_escaped(&line, to[0] ? to : "?", 120);
		buf_append_str(&line, "  \"");
		append_escaped(&line, subject, 80);
		buf_append_str(&line, "\"  ");
		raw(out, &line);
		buf_printf(&out->en, "(%lld bytes)\n", (long long)size);
		if (i18n_translating())
			buf_printf(&out->loc, P_("(%lld byte)\n", "(%lld bytes)\n", (unsigned long)size),
				   (long long)size);
		buf_append(&out->en, parts.en.data, parts.en.len);
		if (i18n_translating())
			buf_append(&out->loc, parts.loc.data, parts.loc.len);
		dtext_free(&parts);
		free(head);
	}
	buf_free(&line);
	free_entries(v, n);
	return (int)n;
}

int lab_mailbox_list(const struct lab *lab, struct buf *out)
{
	struct dtext d;
	dtext_init(&d, out->max);
	int r = lab_mailbox_listd(lab, &d);
	buf_append(out, d.en.data, d.en.len);
	dtext_free(&d);
	return r;
}

int lab_mailbox_showd(const struct lab *lab, int index, struct dtext *out)
{
	size_t n;
	int error;
	struct entry *v = scan(lab_maildir(lab), &n, &error);
	int ret = -1;
	if (index < 1 || (size_t)index > n) {
		dtext_en_printf(out,
				n == 1 ? "no message %d (there is %zu; /mailbox lists them)\n"
				       : "no message %d (there are %zu; /mailbox lists them)\n",
				index, n);
		if (i18n_translating())
			buf_printf(&out->loc,
				   P_("no message %d (there is %zu; /mailbox lists them)\n",
				      "no message %d (there are %zu; /mailbox lists them)\n", n),
				   index, n);
		goto out;
	}
	size_t room = out->en.max ? (out->en.max > out->en.len ? out->en.max - out->en.len - 1 : 0)
				  : LAB_MAX_MESSAGE + 65536;
	size_t len = 0;
	off_t size = 0;
	char *msg = read_head(v[index - 1].path, room, &len, &size);
	if (msg == NULL) {
		dtext_printf(out, "cannot read message %d\n", index);
		goto out;
	}
	/* The message itself, English side only: it is the client's bytes, in no language of ours. */
	buf_append(&out->en, msg, len);
	free(msg);
	ret = 0;
out:
	free_entries(v, n);
	return ret;
}

int lab_mailbox_show(const struct lab *lab, int index, struct buf *out)
{
	struct dtext d;
	dtext_init(&d, out->max > out->len ? out->max - out->len : 1);
	int r = lab_mailbox_showd(lab, index, &d);
	buf_append(out, d.en.data, d.en.len);
	dtext_free(&d);
	return r;
}
