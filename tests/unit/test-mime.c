/* test-mime: the test message GMime builds (cmd/mime.h) and the options that feed it (cmd/cli.h). A --header
 * replaces the generated header of its name (one Subject, not two: a server or a filter may take either); non-ASCII
 * headers are RFC 2047 words unless SMTPUTF8 was accepted; attachments make a multipart/mixed with an RFC 2231 file
 * name; --data excludes the options that build a message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check.h"
#include "cmd/cli.h"
#include "cmd/mime.h"
#include "lib/dtext.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* The header block (up to the blank line), for checks that must not look into the body. */
static char *head_of(const char *m)
{
	const char *end = strstr(m, "\r\n\r\n");
	return end ? strndup(m, (size_t)(end - m + 2)) : strdup(m);
}

static void test_header_replacement(void)
{
	char err[200];
	size_t len;
	char *hdrs[] = {"Subject: chosen", "X-Campaign: a", "from: Alice <alice@lab.test>", "X-Campaign: b"};
	struct mime_spec s = {.from = "me@lab.test", .to = "you@lab.test", .headers = hdrs, .nheaders = 4};
	char *m = mime_build(&s, &len, err, sizeof err);
	CHECK(m != NULL);
	char *h = head_of(m);
	CHECK(strstr(h, "Subject: chosen\r\n") != NULL);
	CHECK(count(h, "Subject:") == 1);
	CHECK(count(h, "X-Campaign:") == 1 && strstr(h, "X-Campaign: b\r\n") != NULL); /* the last one wins */
	CHECK(strcasestr(h, "From: Alice <alice@lab.test>\r\n") != NULL);
	CHECK(count(h, "me@lab.test") == 0);
	CHECK(strstr(h, "To: you@lab.test\r\n") != NULL);
	CHECK(strstr(h, "Date: ") != NULL && strcasestr(h, "Message-Id: <") != NULL);
	CHECK(strstr(h, "MIME-Version: 1.0\r\n") != NULL);
	CHECK(strlen(m) == len);
	free(h);
	free(m);

	char *bad[] = {"no colon here"};
	struct mime_spec b = {.headers = bad, .nheaders = 1};
	CHECK(mime_build(&b, &len, err, sizeof err) == NULL && strstr(err, "Name: value") != NULL);
	CHECK(mime_header_check("X-A: b\r\nBcc: x", err, sizeof err) < 0);
	CHECK(mime_header_check(": b", err, sizeof err) < 0);
	CHECK(mime_header_check("X-Empty:", err, sizeof err) == 0);
}

static void test_non_ascii_headers(void)
{
	char err[200];
	size_t len;
	char *hdrs[] = {"Subject: Grüße aus Köln"};
	struct mime_spec s = {.headers = hdrs, .nheaders = 1};
	char *m = mime_build(&s, &len, err, sizeof err);
	char *h = head_of(m);
	CHECK(strcasestr(h, "Subject: =?utf-8?") != NULL); /* RFC 2047 encoded word */
	for (const char *p = h; *p; p++)
		CHECK((unsigned char)*p < 0x80);
	free(h);
	free(m);
	s.utf8_headers = true; /* SMTPUTF8 accepted: raw (RFC 6532) */
	m = mime_build(&s, &len, err, sizeof err);
	CHECK(strstr(m, "Subject: Grüße aus Köln\r\n") != NULL);
	free(m);
}

static void test_attachments(void)
{
	char dir[] = "/tmp/test-mime-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char png[300], txt[300];
	snprintf(png, sizeof png, "%s/pixel.png", dir);
	snprintf(txt, sizeof txt, "%s/notes", dir);
	FILE *f = fopen(png, "wb");
	fwrite("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 1, 16, f);
	fclose(f);
	f = fopen(txt, "wb");
	fputs("plain text\n", f);
	fclose(f);

	struct mime_attachments l = {0};
	char err[300];
	CHECK(mime_attachments_add(&l, png, NULL, NULL, err, sizeof err) == 0);
	CHECK(mime_attachments_add(&l, txt, "text/plain", "Grüße.txt", err, sizeof err) == 0);
	CHECK(mime_attachments_add(&l, "/nonexistent/x", NULL, NULL, err, sizeof err) < 0);
	CHECK(mime_attachments_add(&l, dir, NULL, NULL, err, sizeof err) < 0); /* a directory */
	CHECK(mime_attachments_add(&l, txt, "nonsense", NULL, err, sizeof err) < 0);
	CHECK(l.n == 2);

	struct dtext d;
	dtext_init(&d, 0);
	mime_attachments_describe(l.v, l.n, &d);
	CHECK_STR(dtext_en(&d), "pixel.png (image/png, 16 B), Grüße.txt (text/plain, 11 B)");
	dtext_free(&d);

	size_t len;
	struct mime_spec s = {.body = "hello\n", .body_len = 6, .attach = l.v, .nattach = l.n};
	char *m = mime_build(&s, &len, err, sizeof err);
	CHECK(m != NULL);
	CHECK(strstr(m, "Content-Type: multipart/mixed; boundary=") != NULL);
	CHECK(strstr(m, "Content-Type: image/png") != NULL);
	CHECK(strstr(m, "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAAANSUhEUg==\r\n") != NULL);
	CHECK(strstr(m, "filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt") != NULL); /* RFC 2231 */
	CHECK(strstr(m, "filename=pixel.png") != NULL);
	CHECK(strstr(m, "\r\n\r\nhello\r\n") != NULL);
	free(m);

	/* The editor's typed text with the same files: the typed body first, the headers kept. */
	const char *typed = "From: me@lab.test\nSubject: typed\n\nwritten by hand\n";
	m = mime_attach_to_text(typed, strlen(typed), l.v, l.n, false, &len, err, sizeof err);
	CHECK(m != NULL && strstr(m, "Subject: typed\r\n") != NULL);
	CHECK(m != NULL && strstr(m, "multipart/mixed") != NULL && strstr(m, "written by hand\r\n") != NULL);
	free(m);
	/* The editor's text says 8bit; with attachments the typed UTF-8 body goes out 7-bit clean. */
	typed = "Subject: t\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nKöln\n";
	m = mime_attach_to_text(typed, strlen(typed), l.v, l.n, false, &len, err, sizeof err);
	CHECK(m != NULL && strstr(m, "8bit") == NULL && strstr(m, "Köln") == NULL);
	free(m);
	/* No attachments, 8-bit Subject, no SMTPUTF8: only the header changes. */
	typed = "Subject: Köln\n\nbody\n";
	m = mime_attach_to_text(typed, strlen(typed), NULL, 0, false, &len, err, sizeof err);
	CHECK(m != NULL && strcasestr(m, "Subject: =?utf-8?") != NULL && strstr(m, "multipart") == NULL);
	free(m);

	/* A file gone between /attach and DATA is an error, not a message without it. */
	unlink(png);
	CHECK(mime_build(&s, &len, err, sizeof err) == NULL && strstr(err, "pixel.png") != NULL);
	unlink(txt);
	rmdir(dir);
	mime_attachments_clear(&l);
	CHECK(l.n == 0 && l.v == NULL);
}

static void test_types(void)
{
	CHECK_STR(mime_type_for("a/b/photo.PNG"), "image/png");
	CHECK_STR(mime_type_for("report.pdf"), "application/pdf");
	CHECK_STR(mime_type_for("noext"), "application/octet-stream");
	CHECK_STR(mime_type_for(".png"), "application/octet-stream"); /* a dot file, not an extension */
	CHECK_STR(mime_type_for("dir.png/file"), "application/octet-stream");
	for (size_t i = 1; i < mime_types_count(); i++)
		CHECK(strcasecmp(mime_types_ext(i - 1), mime_types_ext(i)) < 0); /* sorted and unique: bsearch */
}

static int parse(const char *const *args, size_t n, struct config *cfg, char *err, size_t errsz)
{
	char *argv[32];
	argv[0] = "smtpcon";
	for (size_t i = 0; i < n; i++)
		argv[i + 1] = (char *)args[i];
	FILE *e = fmemopen(err, errsz, "w");
	int r = cli_parse((int)n + 1, argv, cfg, e);
	fclose(e);
	return r;
}

static void test_options(void)
{
	struct config cfg;
	char err[400] = "";
	char file[] = "/tmp/test-mime-opt-XXXXXX";
	int fd = mkstemp(file);
	CHECK(fd >= 0 && write(fd, "x\n", 2) == 2);
	close(fd);
	char at_file[64];
	snprintf(at_file, sizeof at_file, "@%s", file);
	const char *ok[] = {"--header", "Subject: x", "--attach-type", "text/plain", "--attach-name", "one.txt",
			    "--attach", file,         "--attach",      at_file,      "--body",        at_file,
			    "h"};
	CHECK(parse(ok, sizeof ok / sizeof ok[0], &cfg, err, sizeof err) == 0);
	CHECK(cfg.nheaders == 1 && cfg.attach.n == 2);
	CHECK_STR(cfg.attach.v[0].name, "one.txt");
	CHECK(cfg.attach.v[1].name == NULL);           /* the name is for the next --attach only */
	CHECK_STR(cfg.attach.v[1].type, "text/plain"); /* the type for every one that follows */
	CHECK_STR(cfg.attach.v[1].path, file);         /* swaks' "@FILE" */
	CHECK_STR(cfg.body, at_file);
	cli_free(&cfg);
	unlink(file);

	const char *data[] = {"--data", "msg.eml", "h"};
	CHECK(parse(data, 3, &cfg, err, sizeof err) == 0);
	CHECK_STR(cfg.data_file, "msg.eml");
	cli_free(&cfg);

	const char *both[] = {"--data", "msg.eml", "--header", "X-A: b", "h"};
	CHECK(parse(both, 5, &cfg, err, sizeof err) < 0 && strstr(err, "--data") != NULL);
	cli_free(&cfg);
	const char *dangling[] = {"--attach-name", "x", "h"};
	CHECK(parse(dangling, 3, &cfg, err, sizeof err) < 0 && strstr(err, "--attach-name") != NULL);
	cli_free(&cfg);
	const char *two_stdin[] = {"--body", "-", "--script", "-", "h"};
	CHECK(parse(two_stdin, 5, &cfg, err, sizeof err) < 0 && strstr(err, "standard input") != NULL);
	cli_free(&cfg);
	const char *badhdr[] = {"--header", "nocolon", "h"};
	CHECK(parse(badhdr, 3, &cfg, err, sizeof err) < 0 && strstr(err, "--header") != NULL);
	cli_free(&cfg);
	const char *missing[] = {"--attach", "/nonexistent/file", "h"};
	CHECK(parse(missing, 3, &cfg, err, sizeof err) < 0 && strstr(err, "/nonexistent/file") != NULL);
	cli_free(&cfg);
}

static void test_body_load(void)
{
	struct buf b;
	buf_init(&b, 0);
	char err[200];
	CHECK(mime_body_load("just text", &b, err, sizeof err) == 0);
	CHECK_STR(buf_cstr(&b), "just text");
	CHECK(mime_body_load("@/nonexistent/body", &b, err, sizeof err) < 0 && strstr(err, "/nonexistent/body"));
	buf_free(&b);
}

int main(void)
{
	test_header_replacement();
	test_non_ascii_headers();
	test_attachments();
	test_types();
	test_options();
	test_body_load();
	return check_report();
}
