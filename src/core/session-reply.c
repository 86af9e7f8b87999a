/* session-reply: what the session does with the server's bytes: parse replies, match each to the command it
 * answers, follow the SMTP state, learn capabilities, continue AUTH exchanges, stop at the STARTTLS boundary, and
 * notice the end of the connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/session-int.h"
#include "lib/xmalloc.h"

static void store_caps(struct session *s, const struct reply *r)
{
	struct caps *c = caps_from_reply(r);
	if (c == NULL)
		return;
	enum caps_phase ph = s->cur_phase;
	caps_free(s->caps[ph]);
	s->caps[ph] = c;
	session_caps_changed(s);
	struct event ev = {.type = EV_CAPS, .caps = c, .phase = ph, .tls = s->tls_active};
	session_emit(s, &ev);
	enum caps_phase from = ph;
	if (ph == CAPS_TLS && s->caps[CAPS_PLAIN])
		from = CAPS_PLAIN;
	else if (ph == CAPS_AUTH)
		from = s->caps[CAPS_TLS] ? CAPS_TLS : CAPS_PLAIN;
	if (from != ph && s->caps[from]) {
		struct caps_diff *d = caps_diff(s->caps[from], c);
		struct event dv = {.type = EV_CAPS_DIFF, .diff = d, .phase_from = from, .phase = ph};
		session_emit(s, &dv);
		caps_diff_free(d);
	}
}

/* A reply to a command nobody waited for any more (Ctrl-C, or the timeout fired): it is still that command's, and
 * applied; say so, so that the learner knows why the state moved after "no reply within". */
static void say_late(struct session *s, const char *verb, int code, bool timed_out)
{
	/* Each case one whole sentence, so that a translation can word it freely. */
	struct dtext msg;
	dtext_init(&msg, 256);
	if (verb[0] == '?' && timed_out)
		dtext_printf(&msg,
			     "late reply: %d to the raw bytes came after the wait timed out; applied to the session "
			     "as that command's reply",
			     code);
	else if (verb[0] == '?')
		dtext_printf(&msg,
			     "late reply: %d to the raw bytes came after you stopped waiting; applied to the session "
			     "as that command's reply",
			     code);
	else if (strcmp(verb, ".") == 0 && timed_out)
		dtext_printf(&msg,
			     "late reply: %d to the end of the message came after the wait timed out; applied to the "
			     "session as that command's reply",
			     code);
	else if (strcmp(verb, ".") == 0)
		dtext_printf(&msg,
			     "late reply: %d to the end of the message came after you stopped waiting; applied to "
			     "the session as that command's reply",
			     code);
	else if (strcmp(verb, "*AUTH") == 0 && timed_out)
		dtext_printf(&msg,
			     "late reply: %d to the AUTH answer came after the wait timed out; applied to the "
			     "session as that command's reply",
			     code);
	else if (strcmp(verb, "*AUTH") == 0)
		dtext_printf(&msg,
			     "late reply: %d to the AUTH answer came after you stopped waiting; applied to the "
			     "session as that command's reply",
			     code);
	else if (!verb[0] && timed_out)
		dtext_printf(&msg,
			     "late reply: %d to the greeting came after the wait timed out; applied to the session "
			     "as that command's reply",
			     code);
	else if (!verb[0])
		dtext_printf(&msg,
			     "late reply: %d to the greeting came after you stopped waiting; applied to the session "
			     "as that command's reply",
			     code);
	else if (timed_out)
		/* TRANSLATORS: %d is a reply code, %s an SMTP command (EHLO, RCPT). */
		dtext_printf(&msg,
			     "late reply: %d to %s came after the wait timed out; applied to the session as that "
			     "command's reply",
			     code, verb);
	else
		dtext_printf(&msg,
			     "late reply: %d to %s came after you stopped waiting; applied to the session as that "
			     "command's reply",
			     code, verb);
	session_emit_textd(s, EV_INFO, "late-reply", &msg, NULL);
	dtext_free(&msg);
}

/* The final reply to a message came after the wait timed out, when the transaction had been counted lost: the
 * server did decide after all. A second transaction event, marked late, says how (it corrects the "lost"). */
static void correct_lost(struct session *s, const char *line, const struct reply *r)
{
	if (line && strncasecmp(line, "BDAT", 4) == 0 && strstr(line, "LAST") == NULL)
		return; /* a BDAT chunk that is not the last: not a verdict */
	struct txn_result tr = s->last_txn;
	int cls = r->code / 100;
	if (cls != 2 && cls != 4 && cls != 5)
		return;
	tr.outcome = cls == 2 ? TXN_ACCEPTED : cls == 4 ? TXN_DEFERRED : TXN_REJECTED;
	tr.at = TXN_AT_MESSAGE;
	tr.code = r->code;
	snprintf(tr.enhanced, sizeof tr.enhanced, "%s", r->enhanced);
	tr.queue_id[0] = '\0';
	if (cls == 2 && r->nlines)
		txn_queue_id(r->lines[0].text, tr.queue_id, sizeof tr.queue_id);
	tr.reason = NULL;
	tr.late = true;
	session_emit_txn(s, &tr);
}

static void on_reply(void *arg, const struct reply *r)
{
	struct session *s = arg;
	char verb[16] = "?";
	char *line = NULL;
	bool was_greeting_slot = false;
	bool late = false, late_timeout = false;
	if (s->npending) {
		struct pending *pd = session_pending_at(s, 0);
		late = pd->abandoned;
		late_timeout = pd->timed_out;
		snprintf(verb, sizeof verb, "%s", pd->verb);
		line = pd->line;
		was_greeting_slot = pd->line == NULL;
		pd->line = NULL;
		s->pending_head = (s->pending_head + 1) % SESSION_MAX_PENDING;
		s->npending--;
	} else if (s->state == SMTP_GREETING) {
		verb[0] = '\0';
	}
	(void)was_greeting_slot;
	reply_free(s->last_reply);
	s->last_reply = reply_dup(r);
	snprintf(s->last_reply_verb, sizeof s->last_reply_verb, "%s", verb);
	/* LMTP: each reply after the message is one accepted recipient's, in the order they were accepted. */
	const char *rcpt = NULL;
	if (s->params.lmtp && (strcmp(verb, ".") == 0 || strcmp(verb, "BDAT") == 0) &&
	    (s->txn.stage == TXN_DATA || s->txn.stage == TXN_VERDICT) && s->txn.verdicts < s->txn.nrcpt)
		rcpt = s->txn.rcpt[s->txn.verdicts];
	struct event ev = {.type = EV_REPLY,
			   .reply = r,
			   .command = line,
			   .recipient = rcpt,
			   .tls = s->tls_active,
			   .dir = DIR_SERVER};
	session_emit(s, &ev);

	int code = r->code;
	/* A reply cut off by the end of the connection is shown, but nothing is learned from it. */
	bool complete = !(r->flags & REPLY_INCOMPLETE);
	enum smtp_state next = complete ? smtp_after_reply(s->state, verb, code) : s->state;
	if ((strcmp(verb, "EHLO") == 0 || strcmp(verb, "LHLO") == 0) && code / 100 == 2 && complete)
		store_caps(s, r);
	if (strcmp(verb, "MAIL") == 0 && code / 100 == 2)
		s->rcpts = 0;
	if (strcmp(verb, "RCPT") == 0 && code / 100 == 2)
		s->rcpts++;
	if ((strcmp(verb, "AUTH") == 0 || strcmp(verb, "*AUTH") == 0) && code == 235) {
		s->authenticated = true;
		s->cur_phase = CAPS_AUTH;
	}
	if (strcmp(verb, ".") == 0)
		s->rcpts = 0;
	if (strcmp(verb, "STARTTLS") == 0 && code / 100 == 2 && complete) {
		/* Whatever follows the 220 in this read is not parsed: it must never pass for TLS-era data. */
		s->starttls_boundary = true;
		reply_parser_pause(s->parser);
	}
	if (strcmp(verb, "STARTTLS") == 0 && code / 100 != 2 && complete)
		session_mta_tls_lost(s, true); /* a connection /mx made: what a sender does without TLS */
	if (strcmp(verb, "BDAT") == 0 && code / 100 == 2 && line && strstr(line, "LAST"))
		next = SMTP_READY;
	if (strcmp(verb, "?") == 0 && s->state == SMTP_DATA_DONE)
		next = SMTP_READY;
	session_set_state(s, next);
	if (late)
		say_late(s, verb, code, late_timeout);
	struct txn_result tr;
	bool verdict = strcmp(verb, ".") == 0 || strcmp(verb, "BDAT") == 0;
	if (complete && verdict && late_timeout && s->txn_lost_waiting)
		correct_lost(s, line, r);
	else if (complete &&
		 txn_on_reply(&s->txn, verb, line, code, r->enhanced, r->nlines ? r->lines[0].text : NULL, &tr))
		session_emit_txn(s, &tr);
	if (verdict)
		s->txn_lost_waiting = false;
	if (s->auth_step)
		session_auth_on_reply(s, r);
	else if (strcmp(verb, "AUTH") == 0 || strcmp(verb, "*AUTH") == 0)
		session_auth_hand_reply(s, r);
	free(line);
	if (session_blocking_pending(s) == 0) {
		session_disarm_wait(s);
	} else {
		size_t first = 0; /* the first reply still awaited (not one the user stopped waiting for) */
		while (first + 1 < s->npending && session_pending_at(s, first)->abandoned)
			first++;
		const char *v = session_pending_at(s, first)->verb;
		/* Both languages at once: the English for EV_WAITING's JSON, the translation for the footer. */
		struct dtext what;
		dtext_init(&what, 96);
		if (v[0] == '?')
			dtext_puts(&what, N_("reply to the raw bytes"));
		else
			/* TRANSLATORS: what the console waits for; %s: a command verb (EHLO, MAIL, RCPT, DATA) */
			dtext_printf(&what, "reply to %s", v);
		session_arm_waitd(s, &what);
		dtext_free(&what);
	}
}

void session_on_bytes(struct session *s, const uint8_t *p, size_t n)
{
	struct event ev = {.type = EV_RECEIVED, .dir = DIR_SERVER, .tls = s->tls_active, .data = p, .len = n};
	session_emit(s, &ev);
	reply_parser_feed(s->parser, p, n, on_reply, s);
	if (s->starttls_boundary) {
		s->starttls_boundary = false;
		size_t extra = n - reply_parser_consumed(s->parser);
		reply_parser_reset(s->parser);
		if (extra) {
			struct dtext msg, hint;
			dtext_init(&msg, 256);
			dtext_init(&hint, 256);
			/* The English keeps "they were dropped" for one byte too (JSON never changes). */
			dtext_nprintf(&msg,
				      "the server sent %zu more byte after its 220 reply to STARTTLS, before the TLS "
				      "handshake; they were dropped, not treated as TLS-era data",
				      "the server sent %zu more bytes after its 220 reply to STARTTLS, before the TLS "
				      "handshake; they were dropped, not treated as TLS-era data",
				      extra, extra);
			dtext_puts(&hint,
				   N_("a server (or something in the middle) that answers pipelined commands across "
				      "the TLS boundary is vulnerable to STARTTLS command injection (CVE-2011-0411 "
				      "class)"));
			session_emit_diagnosisd(s, "starttls-injection", SEV_WARNING, &msg, &hint);
			dtext_free(&msg);
			dtext_free(&hint);
		}
		session_clear_pending(s); /* anything pipelined after STARTTLS was answered in plaintext, or will never be */
		/* The server now expects a ClientHello: without TLS there is no way on but to hang up. */
		if (io_begin_tls(s) < 0)
			session_on_eof(s, "client", N_("TLS could not be set up"));
		return;
	}
	session_check_idle(s);
}

void session_on_eof(struct session *s, const char *by, const char *why_in)
{
	/* why may point into the TLS state that io_close frees below: keep our own copy. */
	char why_buf[256];
	const char *why = NULL;
	if (why_in) {
		snprintf(why_buf, sizeof why_buf, "%s", why_in);
		why = why_buf;
	}
	reply_parser_flush(s->parser, on_reply, s);
	bool expected = s->state == SMTP_QUIT;
	/* After raw bytes (/hello-tls, /hex) a close is one of the answers being reproduced, not a failure. */
	bool only_raw = s->npending > 0;
	for (size_t i = 0; i < s->npending; i++)
		if (session_pending_at(s, i)->line && session_pending_at(s, i)->verb[0] != '?')
			only_raw = false;
	if (!expected && only_raw && session_blocking_pending(s) && strcmp(by, "server") == 0) {
		session_emit_text(s, EV_INFO, "closed-after-raw",
				  N_("the server closed the connection after the raw bytes"), NULL);
	} else if (!expected && session_blocking_pending(s) && s->phase != PHASE_HANDSHAKE && strcmp(by, "server") == 0) {
		/* why: a TLS layer msgid (the close_notify note) or the system's words; _() leaves the latter as is. */
		const char *what = s->waiting_for[0] ? s->waiting_for : "reply";
		const char *what_loc = s->waiting_for[0] ? s->waiting_for_loc : _("reply");
		struct dtext msg;
		dtext_init(&msg, 512);
		if (why) {
			/* TRANSLATORS: the first %s is what was awaited ("reply to EHLO"), the second why it closed. */
			dtext_en_printf(&msg, "the server closed the connection while we waited for the %s: %s", what,
					why);
			dtext_loc_printf(&msg, N_("the server closed the connection while we waited for the %s: %s"),
					 what_loc, _(why));
		} else {
			dtext_en_printf(&msg, "the server closed the connection while we waited for the %s", what);
			dtext_loc_printf(&msg, N_("the server closed the connection while we waited for the %s"),
					 what_loc);
		}
		session_faild(s, "read", &msg);
		dtext_free(&msg);
	}
	/* The reason: English for JSON ("reason"), in the user's language for the transcript and the wire pane. why
	 * is a msgid of ours (marked N_() where it is given) or the system's words, which _() leaves as they are. */
	const char *reason = why ? why : expected ? N_("after QUIT") : "closed";
	/* TRANSLATORS: why a connection closed when the server hung up on its own (the English says "closed") */
	const char *reason_loc = why || expected ? _(reason) : _("closed without QUIT");
	struct event ev = {
		.type = EV_CLOSED, .text = by, .id = reason, .text_loc = i18n_translating() ? reason_loc : NULL};
	session_disarm_wait(s);
	io_close(s);
	session_clear_pending(s);
	session_auth_forget(s);
	s->phase = PHASE_IDLE;
	s->authenticated = false; /* the login belonged to the connection */
	session_emit(s, &ev);
	session_set_state(s, SMTP_CLOSED);
	/* (txn_describe translates the reason for people; JSON keeps the English) */
	session_txn_end(s, strcmp(by, "client") == 0 ? N_("the console ended the connection before the final reply")
						     : N_("the connection closed before the final reply"));
	session_check_idle(s);
}
