/* lab-mime: the MIME structure of a stored message, parsed with GMime 3 (the library that builds smtpcon's own
 * test messages), for /mailbox: each part's number (as IMAP numbers them: 1, 2, 2.1), media type, charset, file
 * name (RFC 2231 and RFC 2047 decoded), decoded size, transfer encoding and disposition; and the Subject decoded
 * from RFC 2047 words. Every string that comes from the message is escaped before it is appended. */
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>

#include "lab/lab-int.h"
#include "lib/dtext.h"
#include "lib/escape.h"
#include "lib/i18n.h"

/* Parts shown per message, and nesting followed: a message built to be hostile stays a few lines. */
#define LAB_MIME_MAX_PARTS 64
#define LAB_MIME_MAX_DEPTH 8

static void gmime_ready(void)
{
	static bool done;
	if (!done) {
		g_mime_init(); /* process-wide, never undone */
		done = true;
	}
}

static void put(struct buf *out, const char *s, size_t max)
{
	size_t n = strlen(s);
	escape_bytes(out, (const uint8_t *)s, n < max ? n : max, ESCAPE_DEFAULT);
}

/* Bytes of a leaf part once its transfer encoding is undone. */
static long long decoded_size(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (w == NULL)
		return 0;
	GMimeStream *null = g_mime_stream_null_new();
	g_mime_data_wrapper_write_to_stream(w, null);
	long long n = (long long)GMIME_STREAM_NULL(null)->written;
	g_object_unref(null);
	return n;
}

struct walk {
	struct buf *out;
	const char *indent;
	int shown;
	bool loc; /* the translated side of the dtext: sizes and notes in the user's language */
};

static void walk_object(struct walk *w, GMimeObject *obj, const char *number, int depth);

static void line_for(struct walk *w, GMimeObject *obj, const char *number, int depth)
{
	if (number[0])
		buf_printf(w->out, "%s%*s%-4s ", w->indent, depth * 2, "", number);
	else
		buf_append_str(w->out, w->indent);
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	put(w->out, type ? type : "text/plain", 80);
	g_free(type);
	const char *charset = ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
	if (charset) {
		buf_append_str(w->out, " (");
		put(w->out, charset, 40);
		buf_append_byte(w->out, ')');
	}
	if (GMIME_IS_PART(obj)) {
		GMimePart *part = GMIME_PART(obj);
		const char *name = g_mime_part_get_filename(part); /* RFC 2231 / RFC 2047 decoded by GMime */
		if (name) {
			buf_append_str(w->out, "  \"");
			put(w->out, name, 80);
			buf_append_byte(w->out, '"');
		}
		long long size = decoded_size(part);
		if (w->loc)
			buf_printf(w->out, P_("  %lld byte", "  %lld bytes", (unsigned long)size), size);
		else
			buf_printf(w->out, "  %lld byte%s", size, size == 1 ? "" : "s");
		GMimeContentEncoding enc = g_mime_part_get_content_encoding(part);
		if (enc != GMIME_CONTENT_ENCODING_DEFAULT)
			buf_printf(w->out, ", %s", g_mime_content_encoding_to_string(enc));
		const char *disp = g_mime_object_get_disposition(obj);
		if (disp) {
			buf_append_str(w->out, ", ");
			put(w->out, disp, 20);
		}
	}
	buf_append_byte(w->out, '\n');
}

static void walk_object(struct walk *w, GMimeObject *obj, const char *number, int depth)
{
	if (obj == NULL || w->shown >= LAB_MIME_MAX_PARTS)
		return;
	w->shown++;
	line_for(w, obj, number, depth);
	if (depth >= LAB_MIME_MAX_DEPTH)
		return;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++) {
			char sub[64];
			snprintf(sub, sizeof sub, "%s%s%d", number, number[0] ? "." : "", i + 1);
			walk_object(w, g_mime_multipart_get_part(mp, i), sub, depth + 1);
		}
		if (w->shown >= LAB_MIME_MAX_PARTS)
			buf_printf(w->out, "%s%*s%s\n", w->indent, depth * 2 + 2, "",
				   w->loc ? _("(more parts not shown)") : "(more parts not shown)");
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (inner)
			walk_object(w, g_mime_message_get_mime_part(inner), number, depth + 1);
	}
}

int lab_mime_structure(const char *path, const char *indent, struct dtext *out, char *subject, size_t subjectsz)
{
	gmime_ready();
	if (subjectsz)
		subject[0] = '\0';
	GError *error = NULL;
	GMimeStream *stream = g_mime_stream_fs_open(path, O_RDONLY, 0, &error);
	if (stream == NULL) {
		g_clear_error(&error);
		return -1;
	}
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (msg == NULL)
		return -1;
	const char *s = g_mime_message_get_subject(msg); /* RFC 2047 words decoded */
	if (s && subjectsz)
		snprintf(subject, subjectsz, "%s", s);
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	if (body && (GMIME_IS_MULTIPART(body) || GMIME_IS_MESSAGE_PART(body) ||
		     !g_mime_content_type_is_type(g_mime_object_get_content_type(body), "text", "plain") ||
		     g_mime_object_get_header(GMIME_OBJECT(msg), "MIME-Version"))) {
		/* Once per language: the parsed tree is walked again for the translated side. */
		struct walk w = {&out->en, indent, 0, false};
		walk_object(&w, body, "", 0);
		if (i18n_translating()) {
			w = (struct walk){&out->loc, indent, 0, true};
			walk_object(&w, body, "", 0);
		}
	}
	g_object_unref(msg);
	return 0;
}
