/* replay: read the client side of a saved SMTP transcript and turn it into a console script that sends the same
 * client bytes to another server, so a bug seen in the field can be replayed against a test server.
 *
 * Two transcript formats are read (the format is detected):
 *   smtpcon's own text transcript (--log FILE, /save FILE, batch stdout): "  0.013 C: EHLO x", "C:~" inside TLS,
 *     "C+" continuing a line cut by another event; CRLF implied at the end of a line unless it ends with the
 *     escape \n (a bare LF) or the next client line is a "C+" continuation; \r \t \0 \xNN \u{...} escapes decoded
 *     (a literal backslash is printed as is in these transcripts, so "\r" typed as text is read as a CR).
 *   swaks transcripts: " -> line" (plaintext) and " ~> line" (TLS), CRLF implied.
 * Everything else (server lines, milestones, warnings) is ignored.
 *
 * The script sends each command line as a plain console line when that is byte-exact, else as /raw "..."; BDAT
 * chunks become /bdat "..." --exact so that their bytes are never taken as commands. Secrets masked in the
 * transcript (lines of '*', "AUTH PLAIN ****") cannot be recovered: they are replayed as the stars, with a
 * comment saying so.
 */
#ifndef SMTPCON_REPLAY_H
#define SMTPCON_REPLAY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPLAY_MAX_INPUT (64u * 1024u * 1024u) /* transcript bytes read */
#define REPLAY_MAX_LINES 90000u                /* script lines made (the console queues at most 100000) */
/* How a saved transcript (/save) begins its note on a message body it did not keep whole; the reader counts them. */
#define REPLAY_BODY_CUT_NOTE "message body: the transcript keeps its first "

enum replay_format {
	REPLAY_FORMAT_SMTPCON,
	REPLAY_FORMAT_SWAKS
};

struct replay;

/* Read a transcript from memory (at most REPLAY_MAX_INPUT bytes are looked at). Returns NULL and sets *err
 * (static text) when it holds no client line. */
struct replay *replay_parse(const uint8_t *text, size_t len, const char **err);
void replay_free(struct replay *r);

enum replay_format replay_format(const struct replay *r);
/* The client bytes, in order, as the transcript shows them (line endings included). */
const uint8_t *replay_bytes(const struct replay *r, size_t *len);
/* True when the first client bytes were already inside TLS with no STARTTLS before: implicit TLS. */
bool replay_implicit_tls(const struct replay *r);
/* Client lines that hold a masked secret (replayed as the mask). */
size_t replay_masked(const struct replay *r);
/* Message bodies the transcript says it cut (REPLAY_BODY_CUT_NOTE): each is replayed as the part kept. */
size_t replay_bodies_cut(const struct replay *r);

/* The console script (NUL-terminated, allocated; lines end with '\n'). Comments start with '#'. Never more than
 * REPLAY_MAX_LINES lines: a longer transcript is cut, with a comment saying so. *nlines gets the command lines. */
char *replay_script(const struct replay *r, size_t *nlines);

#endif
