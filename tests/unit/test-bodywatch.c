/* test-bodywatch: where a DATA body starts and ends in the event stream, however the client's writes cut it:
 * --suppress-data and /save's body limit both rely on it. */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "core/bodywatch.h"
#include "core/reply.h"

static struct reply r354 = {.code = 354}, r250 = {.code = 250};

static enum body_step reply(struct body_watch *w, struct reply *r)
{
	struct event ev = {.type = EV_REPLY, .reply = r};
	size_t n;
	return body_watch_event(w, &ev, &n);
}

static enum body_step sent(struct body_watch *w, const char *s, size_t *body)
{
	struct event ev = {.type = EV_SENT, .data = (const unsigned char *)s, .len = strlen(s)};
	return body_watch_event(w, &ev, body);
}

/* Send text cut into pieces of `step` bytes; return the step of the last piece and the body bytes counted. */
static enum body_step sent_in_pieces(const char *text, size_t step, size_t *total)
{
	struct body_watch w = {0};
	CHECK_INT(reply(&w, &r354), BODY_OUTSIDE);
	size_t n = strlen(text), body;
	enum body_step last = BODY_OUTSIDE;
	*total = 0;
	char piece[64];
	for (size_t i = 0; i < n; i += step) {
		size_t len = n - i < step ? n - i : step;
		memcpy(piece, text + i, len);
		piece[len] = '\0';
		last = sent(&w, piece, &body);
		*total += body;
		if (i + len < n)
			CHECK_INT(last, BODY_PART);
	}
	return last;
}

int main(void)
{
	struct body_watch w = {0};
	size_t body;

	/* Nothing before a 354 is body. */
	CHECK_INT(sent(&w, "MAIL FROM:<a@b>\r\n", &body), BODY_OUTSIDE);
	CHECK_INT(reply(&w, &r250), BODY_OUTSIDE);

	/* The end in one write with the body, and the counts. */
	CHECK_INT(reply(&w, &r354), BODY_OUTSIDE);
	CHECK_INT(sent(&w, "Subject: x\r\n\r\nhello\r\n.\r\n", &body), BODY_LAST);
	CHECK_INT(body, 21);
	CHECK_INT(w.bytes, 21);
	CHECK_INT(sent(&w, "QUIT\r\n", &body), BODY_OUTSIDE);

	/* An empty body: the dot right after the 354. */
	CHECK_INT(reply(&w, &r354), BODY_OUTSIDE);
	CHECK_INT(sent(&w, ".\r\n", &body), BODY_LAST);
	CHECK_INT(body, 0);

	/* Every way of cutting the same body finds the same end and counts the same bytes, as long as the final
	 * ".\r\n" goes in one write (the console always writes it so; a /chunk test that splits it is seen
	 * ending when the server replies). */
	const char *msg = "Subject: cut\r\n\r\nline one\r\n..stuffed\r\nx.\r\n.\r\n";
	size_t n = strlen(msg);
	for (size_t step = 1; step <= n; step++) {
		size_t total, last = n % step ? n % step : step;
		enum body_step got = sent_in_pieces(msg, step, &total);
		CHECK_INT(got, last >= 3 ? BODY_LAST : BODY_PART);
		CHECK_INT(total, last >= 3 ? n - 3 : n);
	}

	/* A dot after a bare LF, or in the middle of a line, does not end the body. */
	CHECK_INT(sent_in_pieces("a\n.\r\n", 1, &body), BODY_PART);
	CHECK_INT(sent_in_pieces("a\n.\r\n", 5, &body), BODY_PART);
	CHECK_INT(sent_in_pieces("ab.\r\n", 2, &body), BODY_PART);
	CHECK_INT(sent_in_pieces("x.\r\n", 4, &body), BODY_PART);

	/* The server speaking, or the connection closing, ends the body without its dot. */
	CHECK_INT(reply(&w, &r354), BODY_OUTSIDE);
	CHECK_INT(sent(&w, "partial line", &body), BODY_PART);
	CHECK_INT(reply(&w, &r250), BODY_BROKEN);
	CHECK_INT(sent(&w, "RSET\r\n", &body), BODY_OUTSIDE);
	CHECK_INT(reply(&w, &r354), BODY_OUTSIDE);
	struct event closed = {.type = EV_CLOSED};
	CHECK_INT(body_watch_event(&w, &closed, &body), BODY_BROKEN);
	CHECK_INT(body_watch_event(&w, &closed, &body), BODY_OUTSIDE);

	return check_report();
}
