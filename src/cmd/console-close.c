/* console-close: how a console session ends when it cannot go on: politely (QUIT, then its 221 within the timeout,
 * then the close, as swaks does) after a failure that ends a script, and the stop that --tls makes when TLS did not
 * happen. run_queue (console.c) waits while QUIT is out and calls console_polite_close_done when the session is
 * idle again. */
#include <stdlib.h>

#include "cmd/console-int.h"
#include "lib/xmalloc.h"

/*
 * A polite close, as swaks does after a failure: QUIT, its reply (221) awaited within the timeout, then the close,
 * so the server logs a clean end rather than "lost connection after RCPT". Not with --no-quit (the abrupt close
 * is wanted), not after a timeout (the server is not answering; a QUIT would only collect the late reply), and
 * not inside DATA or an AUTH exchange (a QUIT there would be message text, or an answer to the challenge).
 * Returns true while QUIT is out: run_queue finishes the close when the session is idle again; false: nothing
 * was sent, the caller closes (or not) as before.
 */
static bool can_quit(const struct console *c)
{
	enum smtp_state st = session_smtp_state(c->s);
	enum session_phase ph = session_phase(c->s);
	/* (during a certificate hold too: QUIT is the one line that may go out then, see session_send_quit) */
	return (ph == PHASE_CONNECTED || ph == PHASE_TLS_HOLD) && !c->cfg->no_quit && !c->timed_out &&
	       session_idle(c->s) && st != SMTP_DATA && st != SMTP_AUTH && st != SMTP_QUIT && st != SMTP_CLOSED;
}

bool console_polite_close(struct console *c)
{
	if (c->quitting)
		return true;
	if (!can_quit(c) || session_send_quit(c->s) < 0)
		return false;
	c->quitting = c->quit_sent = true;
	return true;
}

/* The QUIT of a polite close was answered (or timed out): close, then end the script or tell the user. */
void console_polite_close_done(struct console *c)
{
	c->quitting = false;
	if (session_phase(c->s) != PHASE_IDLE)
		session_close(c->s);
	if (c->stopped_note) {
		c->stopped_note = false;
		struct dtext d;
		dtext_init(&d, 1024);
		if (c->quit_sent)
			dtext_printf(&d, "The session stopped here: nothing more was sent but QUIT.");
		else
			dtext_printf(&d, "The session stopped here: nothing more was sent.");
		if (!c->script_mode) {
			dtext_raw(&d, " ");
			dtext_printf(&d, "/connect HOST[:PORT] opens a new connection.");
		}
		console_printd(c, &d);
		dtext_free(&d);
	}
	c->quit_sent = false;
	if (c->finish_after_quit) {
		c->finish_after_quit = false;
		console_finish(c);
	}
}

void console_stop_session(struct console *c, const struct dtext *message, const char *hint)
{
	/* The error says what follows too, so its entry in the decoded pane tells the whole story. */
	struct dtext full;
	dtext_init(&full, 2048);
	if (hint) {
		dtext_puts(&full, hint);
		dtext_raw(&full, ". ");
	}
	if (can_quit(c))
		dtext_printf(&full, "The session stops: nothing more is sent but QUIT.");
	else
		dtext_printf(&full, "The session stops: nothing more is sent.");
	session_emit_textd(c->s, EV_ERROR, "tls", message, &full);
	dtext_free(&full);
	console_set_status(c, 3);
	console_clear_queue(c);
	c->collecting = false;
	c->stopped_note = true;
	if (!console_polite_close(c))
		console_polite_close_done(c);
}

/*
 * A script ran out of lines with the session still open: a polite client ends with QUIT (RFC 5321 4.1.1.10), and
 * the server then logs a clean end, not "lost connection" or "SMTP protocol synchronization error". Inside an AUTH
 * exchange (a 334 awaits an answer) QUIT would be taken as the answer: the exchange is cancelled first with "*"
 * (RFC 4954 4: the server answers 501), and the queue comes back here once that reply is in. --no-quit keeps the
 * old end: the connection is just closed.
 */
void console_script_done(struct console *c)
{
	bool open = session_phase(c->s) == PHASE_CONNECTED && !c->cfg->no_quit && !c->cfg->listen && !c->timed_out;
	if (open && session_smtp_state(c->s) == SMTP_AUTH && !c->auth_cancelled) {
		c->auth_cancelled = true;
		if (session_send_line(c->s, "*", 0, 0) == 0) {
			c->running = true; /* until the 501 (EV_IDLE) */
			return;
		}
	}
	c->finish_after_quit = true;
	if (!open || !console_polite_close(c))
		console_polite_close_done(c);
}

/* A script ends after a failure: politely when connected, then finished. */
void console_end_script(struct console *c)
{
	console_clear_queue(c);
	c->finish_after_quit = true;
	if (!console_polite_close(c))
		console_polite_close_done(c);
}
