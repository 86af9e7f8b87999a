/* mime: build test messages with GMime 3 (see mime.h). GMime does the MIME: boundaries, transfer encodings,
 * RFC 2047 words, RFC 2231 parameters, folding. This file only decides what goes in. */
#include "cmd/mime.h"

#include <errno.h>
#include <stdarg.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/message.h"
#include "lib/dtext-split.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* Media types by file extension: what a mail client would pick (IANA registry names). Sorted by extension
 * (tests/unit/test-mime.c checks), searched with bsearch. */
struct type_row {
	const char *ext;
	const char *type;
};
static const struct type_row types[] = {
	{"asc", "application/pgp-signature"},
	{"bz2", "application/x-bzip2"},
	{"c", "text/plain"},
	{"cer", "application/pkix-cert"},
	{"crt", "application/x-x509-ca-cert"},
	{"css", "text/css"},
	{"csv", "text/csv"},
	{"doc", "application/msword"},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{"eml", "message/rfc822"},
	{"gif", "image/gif"},
	{"gz", "application/gzip"},
	{"htm", "text/html"},
	{"html", "text/html"},
	{"ics", "text/calendar"},
	{"jpeg", "image/jpeg"},
	{"jpg", "image/jpeg"},
	{"js", "text/javascript"},
	{"json", "application/json"},
	{"log", "text/plain"},
	{"md", "text/markdown"},
	{"mp3", "audio/mpeg"},
	{"mp4", "video/mp4"},
	{"odt", "application/vnd.oasis.opendocument.text"},
	{"p7s", "application/pkcs7-signature"},
	{"pdf", "application/pdf"},
	{"pem", "application/x-pem-file"},
	{"png", "image/png"},
	{"svg", "image/svg+xml"},
	{"tar", "application/x-tar"},
	{"txt", "text/plain"},
	{"vcf", "text/vcard"},
	{"wav", "audio/wav"},
	{"webp", "image/webp"},
	{"xls", "application/vnd.ms-excel"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"xml", "application/xml"},
	{"xz", "application/x-xz"},
	{"zip", "application/zip"},
};

static int type_cmp(const void *key, const void *elem)
{
	const struct type_row *row = elem;
	return strcasecmp(key, row->ext);
}

const char *mime_type_for(const char *filename)
{
	const char *slash = strrchr(filename, '/');
	const char *base = slash ? slash + 1 : filename;
	const char *dot = strrchr(base, '.');
	if (dot && dot != base && dot[1]) {
		const struct type_row *hit = bsearch(dot + 1, types, sizeof types / sizeof types[0], sizeof types[0],
						     type_cmp);
		if (hit)
			return hit->type;
	}
	return "application/octet-stream";
}

size_t mime_types_count(void)
{
	return sizeof types / sizeof types[0];
}
const char *mime_types_ext(size_t i)
{
	return types[i].ext;
}

static void gmime_ready(void)
{
	static bool done;
	if (!done) {
		g_mime_init(); /* process-wide, never undone: the tables it loads are needed until exit */
		done = true;
	}
}

/* The last error in both languages. Errors leave this module as English text in the caller's err (JSON Lines,
 * logs and the callers that only pass them on keep it so); the translation is kept here, errno-style, for the
 * callers that show people the error (mime_error_loc). */
static char last_en[512], last_loc[512];

/* Write the English message into err and keep its translation. fmt is an English msgid (marked N_() at the call
 * site); the catalog keeps its conversions (msgfmt -c). */
static void fail(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	snprintf(last_en, sizeof last_en, "%s", err);
	last_loc[0] = '\0';
	if (i18n_translating()) {
		va_start(ap, fmt);
		vsnprintf(last_loc, sizeof last_loc, _(fmt), ap);
		va_end(ap);
	}
}

const char *mime_error_loc(const char *err)
{
	return i18n_translating() && last_loc[0] && strcmp(err, last_en) == 0 ? last_loc : err;
}

void mime_error_dtext(struct dtext *d, const char *err)
{
	buf_append_str(&d->en, err);
	if (i18n_translating())
		buf_append_str(&d->loc, mime_error_loc(err));
}

int mime_header_check(const char *line, char *err, size_t errsz)
{
	size_t i = 0;
	while (line[i] > ' ' && line[i] < 0x7f && line[i] != ':')
		i++;
	if (i == 0 || line[i] != ':') {
		fail(err, errsz, N_("header '%.60s' is not \"Name: value\""), line);
		return -1;
	}
	if (strpbrk(line, "\r\n")) {
		fail(err, errsz, N_("header '%.*s' holds a line break (one header per --header)"), (int)i, line);
		return -1;
	}
	if (strlen(line) > MIME_MAX_HEADER) {
		fail(err, errsz, N_("header '%.*s' is longer than %u bytes"), (int)i, line, MIME_MAX_HEADER);
		return -1;
	}
	return 0;
}

/* Read a whole file, at most max bytes. Returns 0, or -1 with a message in err. */
static int read_bounded(const char *path, size_t max, struct buf *out, char *err, size_t errsz)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL) {
		fail(err, errsz, N_("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		fail(err, errsz, N_("%s is a directory"), path);
		return -1;
	}
	int r = buf_append_file(out, f, max);
	if (f != stdin)
		fclose(f);
	if (r == -2)
		fail(err, errsz, N_("%s is larger than %zu MiB"), path, max >> 20);
	else if (r < 0)
		fail(err, errsz, N_("reading %s failed"), path);
	return r < 0 ? -1 : 0;
}

int mime_body_load(const char *spec, struct buf *out, char *err, size_t errsz)
{
	static struct buf from_stdin;
	static bool have_stdin;
	if (spec[0] == '@')
		return read_bounded(spec + 1, MIME_MAX_BODY, out, err, errsz);
	if (strcmp(spec, "-") == 0) {
		/* Standard input is read once: a --repeat run or a second /data sends the same body. */
		if (!have_stdin) {
			buf_init(&from_stdin, 0);
			if (read_bounded("-", MIME_MAX_BODY, &from_stdin, err, errsz) < 0)
				return -1;
			have_stdin = true;
		}
		buf_append(out, from_stdin.data, from_stdin.len);
		return 0;
	}
	buf_append_str(out, spec);
	return 0;
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* A part whose content is these bytes (copied). */
static void part_set_bytes(GMimePart *part, const void *data, size_t len)
{
	GByteArray *arr = g_byte_array_sized_new((guint)len);
	g_byte_array_append(arr, data, (guint)len);
	GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(arr); /* owns arr */
	GMimeDataWrapper *wrapper = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, wrapper);
	g_object_unref(wrapper);
	g_object_unref(stream);
}

/* One attachment as a part: type from --attach-type or the name, disposition attachment with an RFC 2231 file
 * name, base64 unless it is text that quoted-printable (or 7bit) carries more readably. */
static GMimeObject *attachment_part(const struct mime_attachment *a, char *err, size_t errsz)
{
	struct buf data;
	buf_init(&data, 0);
	if (read_bounded(a->path, MIME_MAX_FILE, &data, err, errsz) < 0) {
		buf_free(&data);
		return NULL;
	}
	const char *slash = strrchr(a->path, '/');
	const char *name = a->name && a->name[0] ? a->name : slash ? slash + 1 : a->path;
	GMimeContentType *ct = g_mime_content_type_parse(NULL, a->type && a->type[0] ? a->type : mime_type_for(name));
	if (ct == NULL || !g_mime_content_type_get_media_subtype(ct)) {
		fail(err, errsz, N_("attachment type '%.60s' is not TYPE/SUBTYPE"), a->type ? a->type : "");
		if (ct)
			g_object_unref(ct);
		buf_free(&data);
		return NULL;
	}
	GMimePart *part = g_mime_part_new_with_type(g_mime_content_type_get_media_type(ct),
						    g_mime_content_type_get_media_subtype(ct));
	g_object_unref(ct);
	part_set_bytes(part, data.data, data.len);
	g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
	g_mime_part_set_filename(part, name);
	/* GMime picks the smallest charset that holds the name (ISO-8859-1 for "Grüße"); UTF-8 is what RFC 2231
	 * names are written in nowadays, and what a reader least often gets wrong. */
	GMimeParamList *params[] = {
		g_mime_content_disposition_get_parameters(g_mime_object_get_content_disposition(GMIME_OBJECT(part))),
		g_mime_content_type_get_parameters(g_mime_object_get_content_type(GMIME_OBJECT(part))),
	};
	const char *param_names[] = {"filename", "name"};
	for (size_t i = 0; i < 2; i++) {
		GMimeParam *p = params[i] ? g_mime_param_list_get_parameter(params[i], param_names[i]) : NULL;
		if (p && !is_ascii(name))
			g_mime_param_set_charset(p, "UTF-8");
	}
	bool text = g_mime_content_type_is_type(g_mime_object_get_content_type(GMIME_OBJECT(part)), "text", "*");
	g_mime_part_set_content_encoding(
		part, text ? g_mime_part_get_best_content_encoding(part, GMIME_ENCODING_CONSTRAINT_7BIT)
			   : GMIME_CONTENT_ENCODING_BASE64);
	buf_free(&data);
	return GMIME_OBJECT(part);
}

/* Non-ASCII values of the message's own headers: raw UTF-8 under SMTPUTF8 (RFC 6532), else RFC 2047 words (what
 * GMime's formatter writes when a value is set with a charset). */
static void headers_for_transport(GMimeObject *obj, bool utf8)
{
	GMimeHeaderList *list = g_mime_object_get_header_list(obj);
	for (int i = 0; i < g_mime_header_list_get_count(list); i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
		const char *value = g_mime_header_get_value(h);
		const char *raw = g_mime_header_get_raw_value(h);
		if (value == NULL || is_ascii(value)) {
			if (raw == NULL || is_ascii(raw))
				continue;
		}
		if (utf8) {
			char *v = g_strdup_printf(" %s\n", value ? value : "");
			g_mime_header_set_raw_value(h, v);
			g_free(v);
		} else {
			char *v = g_strdup(value ? value : "");
			g_mime_header_set_value(h, NULL, v, "utf-8");
			g_free(v);
		}
	}
}

/* The object as bytes (allocated; NUL-terminated for convenience, but the length is what counts). */
static char *serialise(GMimeObject *obj, bool dos, size_t *len)
{
	GMimeFormatOptions *fo = g_mime_format_options_clone(NULL);
	g_mime_format_options_set_newline_format(fo, dos ? GMIME_NEWLINE_FORMAT_DOS : GMIME_NEWLINE_FORMAT_UNIX);
	g_mime_format_options_set_param_encoding_method(fo, GMIME_PARAM_ENCODING_METHOD_RFC2231);
	GByteArray *arr = g_byte_array_new();
	GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(arr);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
	g_mime_object_write_to_stream(obj, fo, stream);
	g_mime_stream_flush(stream);
	g_object_unref(stream);
	g_mime_format_options_free(fo);
	char *out = xmemdup0(arr->data, arr->len);
	*len = arr->len;
	g_byte_array_free(arr, TRUE);
	return out;
}

/* Make msg multipart/mixed: its body first, then each attachment. Returns 0, or -1 with err. */
static int add_attachments(GMimeMessage *msg, const struct mime_attachment *a, size_t n, char *err, size_t errsz)
{
	if (n == 0)
		return 0;
	if (n > MIME_MAX_ATTACHMENTS) {
		fail(err, errsz, N_("more than %d attachments"), MIME_MAX_ATTACHMENTS);
		return -1;
	}
	GMimeMultipart *mp = g_mime_multipart_new_with_subtype("mixed");
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	if (body)
		g_mime_multipart_add(mp, body);
	for (size_t i = 0; i < n; i++) {
		GMimeObject *part = attachment_part(&a[i], err, errsz);
		if (part == NULL) {
			g_object_unref(mp);
			return -1;
		}
		g_mime_multipart_add(mp, part);
		g_object_unref(part);
	}
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(mp));
	g_object_unref(mp);
	return 0;
}

/* Apply one "Name: value": Content-* headers belong to the body part, the rest to the message. */
static void apply_header(GMimeMessage *msg, const char *line)
{
	const char *colon = strchr(line, ':');
	char *name = xstrndup(line, (size_t)(colon - line));
	const char *value = colon + 1;
	while (*value == ' ' || *value == '\t')
		value++;
	GMimeObject *target = GMIME_OBJECT(msg);
	if (strncasecmp(name, "Content-", 8) == 0 && g_mime_message_get_mime_part(msg))
		target = g_mime_message_get_mime_part(msg);
	g_mime_object_set_header(target, name, value, "utf-8");
	free(name);
}

char *mime_build(const struct mime_spec *spec, size_t *len, char *err, size_t errsz)
{
	for (size_t i = 0; i < spec->nheaders; i++)
		if (mime_header_check(spec->headers[i], err, errsz) < 0)
			return NULL;
	gmime_ready();
	/* Our own order and spellings (RFC 5322's "Message-ID"), not GMime's pretty defaults: the message reads like
	 * the one the editor shows and earlier versions sent. A --header later replaces a value in place. */
	GMimeMessage *msg = g_mime_message_new(FALSE);
	GMimeObject *obj = GMIME_OBJECT(msg);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char *subject = xasprintf("smtpcon test %lld.%06ld", (long long)ts.tv_sec, ts.tv_nsec / 1000);
	GDateTime *now = g_date_time_new_now_local();
	char *date = g_mime_utils_header_format_date(now); /* English names whatever the locale (RFC 5322) */
	g_date_time_unref(now);
	char id[320];
	message_id_format(id, sizeof id, (long long)ts.tv_sec, ts.tv_nsec, (int)getpid(), spec->ehlo_name);
	const char *const generated[][2] = {
		{"From", spec->from && spec->from[0] ? spec->from : "smtpcon@smtpcon.invalid"},
		{"To", spec->to && spec->to[0] ? spec->to : "postmaster"},
		{"Subject", subject},
		{"Date", date},
		{"Message-ID", id},
		{"MIME-Version", "1.0"},
	};
	for (size_t i = 0; i < sizeof generated / sizeof generated[0]; i++)
		g_mime_object_append_header(obj, generated[i][0], generated[i][1], "utf-8");
	free(subject);
	g_free(date);

	GMimePart *body = GMIME_PART(g_mime_text_part_new_with_subtype("plain"));
	/* The editor starts with an empty body for the user to write. */
	const char *text = spec->body ? spec->body : spec->editable ? "" : "This is a test message sent by smtpcon.\n";
	size_t text_len = spec->body ? spec->body_len : strlen(text);
	part_set_bytes(body, text, text_len);
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(body), "charset", "utf-8");
	/* In the editor the body is text the user types, maybe not ASCII: 8bit says so (and is right for ASCII too);
	 * when it is sent with attachments GMime picks quoted-printable or base64 after all. */
	if (spec->editable)
		g_mime_part_set_content_encoding(body, GMIME_CONTENT_ENCODING_8BIT);
	else
		g_mime_part_set_content_encoding(
			body, g_mime_part_get_best_content_encoding(body, GMIME_ENCODING_CONSTRAINT_7BIT));
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(body));
	g_object_unref(body);

	for (size_t i = 0; i < spec->nheaders; i++)
		apply_header(msg, spec->headers[i]);
	char *out = NULL;
	if (spec->editable || add_attachments(msg, spec->attach, spec->nattach, err, errsz) == 0) {
		headers_for_transport(obj, spec->utf8_headers || spec->editable);
		out = serialise(obj, !spec->editable, len);
	}
	g_object_unref(msg);
	return out;
}

char *mime_attach_to_text(const char *text, size_t text_len, const struct mime_attachment *a, size_t n,
			  bool utf8_headers, size_t *len, char *err, size_t errsz)
{
	gmime_ready();
	GByteArray *arr = g_byte_array_sized_new((guint)text_len);
	g_byte_array_append(arr, (const guint8 *)text, (guint)text_len);
	GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(arr);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (msg == NULL) {
		fail(err, errsz, N_("the text is not a message (headers, a blank line, the body)"));
		return NULL;
	}
	char *out = NULL;
	if (add_attachments(msg, a, n, err, errsz) == 0) {
		/* The typed body may be 8-bit: quoted-printable or base64 now, like every part. */
		g_mime_object_encode(GMIME_OBJECT(msg), GMIME_ENCODING_CONSTRAINT_7BIT);
		headers_for_transport(GMIME_OBJECT(msg), utf8_headers);
		out = serialise(GMIME_OBJECT(msg), true, len);
	}
	g_object_unref(msg);
	return out;
}

int mime_attachments_add(struct mime_attachments *l, const char *path, const char *type, const char *name, char *err,
			 size_t errsz)
{
	if (l->n >= MIME_MAX_ATTACHMENTS) {
		fail(err, errsz, N_("%d attachments already: that is the limit"), MIME_MAX_ATTACHMENTS);
		return -1;
	}
	struct stat st;
	if (stat(path, &st) < 0 || access(path, R_OK) < 0) {
		fail(err, errsz, N_("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(err, errsz, N_("%s is not a regular file"), path);
		return -1;
	}
	if ((unsigned long long)st.st_size > MIME_MAX_FILE) {
		fail(err, errsz, N_("%s is larger than %u MiB"), path, MIME_MAX_FILE >> 20);
		return -1;
	}
	if (type && type[0]) {
		gmime_ready();
		GMimeContentType *ct = g_mime_content_type_parse(NULL, type);
		bool ok = ct && strchr(type, '/') && g_mime_content_type_get_media_subtype(ct);
		if (ct)
			g_object_unref(ct);
		if (!ok) {
			fail(err, errsz, N_("attachment type '%.60s' is not TYPE/SUBTYPE"), type);
			return -1;
		}
	}
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n].path = xstrdup(path);
	l->v[l->n].type = type && type[0] ? xstrdup(type) : NULL;
	l->v[l->n].name = name && name[0] ? xstrdup(name) : NULL;
	l->n++;
	return 0;
}

void mime_attachments_clear(struct mime_attachments *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].type);
		free(l->v[i].name);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* One attachment's size: English with a '.' (JSON Lines), the user's language with its own decimal point and
 * units on the other side. */
static void describe_one(struct dtext *out, const char *sep, const char *name, const char *type, long long size)
{
	char num[32];
	double kib = (double)size / 1024, mib = (double)size / (1024 * 1024);
	if (size < 0) {
		/* TRANSLATORS: an attachment of /attach: its file name, its MIME type; the file cannot be read now. */
		dtext_printf(out, "%s%s (%s, unreadable)", sep, name, type);
	} else if (size < 1024) {
		/* TRANSLATORS: an attachment of /attach: its file name, its MIME type, its size in bytes (B). */
		dtext_printf(out, "%s%s (%s, %lld B)", sep, name, type, size);
	} else if (size < 1024 * 1024) {
		dtext_en_printf(out, "%s%s (%s, %.1f KiB)", sep, name, type, kib);
		/* TRANSLATORS: an attachment of /attach: its file name, its MIME type, its size in KiB (already
		 * written with the language's decimal point: 1,5). */
		dtext_loc_printf(out, N_("%s%s (%s, %s KiB)"), sep, name, type, i18n_number(num, sizeof num, kib, 1));
	} else {
		dtext_en_printf(out, "%s%s (%s, %.1f MiB)", sep, name, type, mib);
		/* TRANSLATORS: the same in MiB. */
		dtext_loc_printf(out, N_("%s%s (%s, %s MiB)"), sep, name, type, i18n_number(num, sizeof num, mib, 1));
	}
}

void mime_attachments_describe(const struct mime_attachment *a, size_t n, struct dtext *out)
{
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(a[i].path, '/');
		const char *name = a[i].name ? a[i].name : slash ? slash + 1 : a[i].path;
		struct stat st;
		long long size = stat(a[i].path, &st) == 0 ? (long long)st.st_size : -1;
		describe_one(out, i ? ", " : "", name, a[i].type ? a[i].type : mime_type_for(name), size);
	}
}
