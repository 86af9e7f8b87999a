/* mime: test messages built with GMime 3, never by hand: the generated message (From, To, Subject, Date,
 * Message-ID) with the user's headers (swaks' --header: it replaces a generated header of the same name), a body
 * and attachments (multipart/mixed); and a typed message (the TUI's editor) with attachments added. Non-ASCII header
 * values become RFC 2047 encoded words, or stay raw UTF-8 (RFC 6532) when the server accepted SMTPUTF8 for the
 * transaction; file names are RFC 2231 parameters; each part gets base64 or quoted-printable as its content needs.
 *
 * Every function is pure apart from reading the files it is given (and stdin for a "-" body, once); none keeps a
 * pointer to its arguments. Errors are runtime failures (a missing file, a bad header line) with a message in err.
 */
#ifndef SMTPCON_MIME_H
#define SMTPCON_MIME_H
#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"

#define MIME_MAX_ATTACHMENTS 64             /* attachments in one message */
#define MIME_MAX_FILE (25u * 1024u * 1024u) /* bytes of one attached file (the usual SIZE limits are near this) */
#define MIME_MAX_BODY (10u * 1024u * 1024u) /* bytes of a --body */
#define MIME_MAX_HEADER 998u                /* a header line (RFC 5322 §2.1.1), name included */

struct mime_attachment {
	char *path; /* the file read */
	char *type; /* "image/png"; NULL: from the file name (mime_type_for) */
	char *name; /* the file name written into the message; NULL: the path's last component */
};

struct mime_spec {
	const char *from;      /* From: (NULL or "": smtpcon@smtpcon.invalid) */
	const char *to;        /* To: ("a@b, c@d"; NULL or "": postmaster) */
	const char *ehlo_name; /* the Message-ID's domain (message_id_format) */
	char *const *headers;  /* "Name: value" lines, in order; a later one replaces an earlier one of that name */
	size_t nheaders;
	const char *body; /* the body text (NULL: one line saying smtpcon sent it) */
	size_t body_len;
	const struct mime_attachment *attach;
	size_t nattach;
	bool utf8_headers; /* SMTPUTF8 accepted: non-ASCII header values raw instead of RFC 2047 words */
	bool editable;     /* for the TUI's editor: LF line ends, the body as 8-bit text, never multipart
				   (attachments are added when the edited text is sent: mime_attach_to_text) */
};

/* The message (allocated, CRLF line ends unless editable), its length in *len. NULL with a message in err when an
 * attachment cannot be read or a header line is not "Name: value". */
char *mime_build(const struct mime_spec *spec, size_t *len, char *err, size_t errsz);

/* A typed message (headers, blank line, body; LF or CRLF) made multipart/mixed with the n attachments after its
 * body, non-ASCII headers encoded as in mime_build. NULL with a message in err as above. */
char *mime_attach_to_text(const char *text, size_t text_len, const struct mime_attachment *a, size_t n,
			  bool utf8_headers, size_t *len, char *err, size_t errsz);

/* The media type for a file name, from its extension ("x.PNG" -> "image/png"); application/octet-stream when the
 * extension is unknown. Static string. */
const char *mime_type_for(const char *filename);
/* That table's size and i-th extension (its test checks it is sorted and unique). */
size_t mime_types_count(void);
const char *mime_types_ext(size_t i);

/* 0 when line is a header swaks' --header would take ("Name: value": a field name of printable ASCII without
 * ':', a colon, a value without CR or LF, at most MIME_MAX_HEADER bytes); else -1 with the reason in err. */
int mime_header_check(const char *line, char *err, size_t errsz);

/* The errors above are English in err. mime_error_loc(err): the same error in the user's language when err holds
 * the last message this module wrote (else err itself), for views that show people the error; mime_error_dtext
 * appends err to d in both languages (console output: English for JSON Lines, translated for screens). */
const char *mime_error_loc(const char *err);
struct dtext;
void mime_error_dtext(struct dtext *d, const char *err);

/* A --body value: "@FILE" is the file's content, "-" is standard input (read once, then remembered), anything
 * else the text itself. Appends to out. Returns 0, or -1 with a message in err. */
int mime_body_load(const char *spec, struct buf *out, char *err, size_t errsz);

/* Attachments: a bounded list of files the next message carries (/attach; the command line's --attach). */
struct mime_attachments {
	struct mime_attachment *v;
	size_t n;
};
/* Add a copy of path/type/name (type and name may be NULL). Returns 0, or -1 with a message in err when the
 * list is full or the file cannot be read (it is checked now, so a typo shows at once, not at DATA). */
int mime_attachments_add(struct mime_attachments *l, const char *path, const char *type, const char *name, char *err,
			 size_t errsz);
void mime_attachments_clear(struct mime_attachments *l);
/* "a.png (image/png, 3.1 KiB), notes.txt (text/plain, 120 B)" appended to out (English and the user's language):
 * what a person checks before sending. */
void mime_attachments_describe(const struct mime_attachment *a, size_t n, struct dtext *out);

#endif
