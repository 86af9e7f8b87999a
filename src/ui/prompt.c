/* prompt: line editing, history, completion, hints, the password prompt, the search prompt and the message
 * editor (see prompt.h). Everything typed is shown through draw_untrusted, so a pasted escape sequence is shown,
 * never obeyed. */
#include "ui/prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/mime.h"
#include "core/model.h"
#include "core/session.h"
#include "core/smtp.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"
#include "ui/clients.h"
#include "ui/complete.h"
#include "ui/history.h"
#include "ui/lineedit.h"

/* Lines the message editor holds, and rows it takes on screen at most. */
#define EDITOR_MAX_LINES 5000
#define EDITOR_ROWS 12

struct prompt {
	struct ui *ui;
	enum prompt_mode mode;
	struct lineedit cmd;
	struct lineedit alt;          /* the secret or the search text */
	char label[160];
	console_secret_fn secret_done;
	void *secret_arg;
	struct history *hist;
	long hpos;                    /* history entry shown, or -1 */
	struct lineedit saved;        /* what was typed before walking the history */
	struct completion comp;
	bool comp_shown;
	/* Message editor. */
	struct lineedit **ed;
	size_t ed_n, ed_row;
	int ed_top;
	int cur_y, cur_x;
	/* The message being streamed: session_send_message reads it as the socket drains, so it must outlive the
	 * call; it goes when the next message is sent or the prompt is freed. */
	uint8_t *inflight;
};

struct prompt *prompt_new(struct ui *ui, const char *history_path)
{
	struct prompt *p = xcalloc(1, sizeof *p);
	p->ui = ui;
	p->hist = history_new(history_path);
	p->hpos = -1;
	return p;
}

static void editor_close(struct prompt *p)
{
	for (size_t i = 0; i < p->ed_n; i++)
		free(p->ed[i]);
	free(p->ed);
	p->ed = NULL;
	p->ed_n = p->ed_row = 0;
	p->ed_top = 0;
	if (p->mode == PM_EDITOR)
		p->mode = PM_COMMAND;
	ui_mark(p->ui, DIRTY_LAYOUT | DIRTY_ALL);
}

void prompt_free(struct prompt *p)
{
	if (p == NULL)
		return;
	le_wipe(&p->alt);
	editor_close(p);
	free(p->inflight);
	history_free(p->hist);
	free(p);
}

enum prompt_mode prompt_mode(const struct prompt *p)
{
	return p->mode;
}

bool prompt_empty(const struct prompt *p)
{
	return p->mode == PM_COMMAND && p->cmd.len == 0;
}

bool prompt_editor_open(const struct prompt *p)
{
	return p->ed != NULL;
}

int prompt_rows(const struct prompt *p)
{
	if (p->ed == NULL || p->mode != PM_EDITOR)
		return 1;
	int n = (int)p->ed_n;
	return n < EDITOR_ROWS ? (n < 3 ? 3 : n) : EDITOR_ROWS;
}

void prompt_ask_secret(struct prompt *p, const char *label, console_secret_fn done, void *arg)
{
	if (p->mode == PM_SECRET && p->secret_done)
		p->secret_done(p->ui->con, NULL, p->secret_arg); /* one question at a time: the older one is off */
	p->mode = PM_SECRET;
	snprintf(p->label, sizeof p->label, "%s", label ? label : _("Password: "));
	le_wipe(&p->alt);
	p->secret_done = done;
	p->secret_arg = arg;
	ui_mark(p->ui, DIRTY_PROMPT);
}

void prompt_search(struct prompt *p)
{
	if (p->mode == PM_SECRET)
		return;
	p->mode = PM_SEARCH;
	le_clear(&p->alt);
	ui_mark(p->ui, DIRTY_PROMPT);
}

bool prompt_cancel(struct prompt *p)
{
	switch (p->mode) {
	case PM_SECRET: {
		console_secret_fn done = p->secret_done;
		p->secret_done = NULL;
		le_wipe(&p->alt);
		p->mode = p->ed ? PM_EDITOR : PM_COMMAND;
		if (done)
			done(p->ui->con, NULL, p->secret_arg);
		break;
	}
	case PM_SEARCH:
		p->mode = p->ed ? PM_EDITOR : PM_COMMAND;
		break;
	case PM_EDITOR:
		editor_close(p);
		ui_flash(p->ui, "%s",
			 _("message editor closed: the server still waits for the body; type lines, end with \".\""));
		break;
	default:
		return false;
	}
	ui_mark(p->ui, DIRTY_PROMPT);
	return true;
}

/* ---- the message editor ---- */

static struct lineedit *ed_line(const char *s, size_t n)
{
	struct lineedit *l = xcalloc(1, sizeof *l);
	char tmp[LINEEDIT_MAX + 1];
	if (n > LINEEDIT_MAX)
		n = LINEEDIT_MAX;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	le_set(l, tmp);
	return l;
}

static void ed_insert_line(struct prompt *p, size_t at, struct lineedit *l)
{
	p->ed = xreallocarray(p->ed, p->ed_n + 1, sizeof *p->ed);
	memmove(p->ed + at + 1, p->ed + at, (p->ed_n - at) * sizeof *p->ed);
	p->ed[at] = l;
	p->ed_n++;
}

void prompt_open_editor(struct prompt *p, const char *text)
{
	if (p->ed)
		editor_close(p);
	p->ed = NULL;
	p->ed_n = 0;
	const char *s = text;
	while (*s && p->ed_n < EDITOR_MAX_LINES) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		ed_insert_line(p, p->ed_n, ed_line(s, n));
		s += n + (nl ? 1 : 0);
	}
	if (p->ed_n == 0)
		ed_insert_line(p, 0, ed_line("", 0));
	p->ed_row = p->ed_n - 1;
	le_end(p->ed[p->ed_row]);
	if (p->mode != PM_SECRET)
		p->mode = PM_EDITOR;
	ui_mark(p->ui, DIRTY_LAYOUT | DIRTY_ALL);
}

/* "Name: value" (a header field, RFC 5322 §2.2: printable ASCII but ':' before the colon) or a folded
 * continuation (starts with a space or a tab). */
static bool header_like(const struct lineedit *l, bool first)
{
	if (!first && l->len > 0 && (l->buf[0] == ' ' || l->buf[0] == '\t'))
		return true;
	size_t i = 0;
	while (i < l->len && l->buf[i] > ' ' && l->buf[i] < 0x7f && l->buf[i] != ':')
		i++;
	return i > 0 && i < l->len && l->buf[i] == ':';
}

static void editor_send(struct prompt *p, size_t nlines)
{
	struct buf b;
	buf_init(&b, 0);
	/* The blank line between the headers and the body is what tells them apart (RFC 5322 §2.1): without it a
	 * body line is read as a broken header, or swallowed. When the learner typed over it, put it back. */
	size_t body = 0;
	while (body < nlines && header_like(p->ed[body], body == 0))
		body++;
	bool restore = body > 0 && body < nlines && p->ed[body]->len > 0;
	for (size_t i = 0; i < nlines; i++) {
		if (restore && i == body)
			buf_append_byte(&b, '\n');
		buf_append(&b, p->ed[i]->buf, p->ed[i]->len);
		buf_append_byte(&b, '\n');
	}
	/* The session normalises line endings, dot-stuffs and sends the final "." itself. */
	size_t len = 0;
	char *text = buf_detach(&b, &len);
	/* Attachments (--attach, /attach) make it multipart/mixed, and 8-bit headers without SMTPUTF8 become
	 * RFC 2047 words: GMime rewrites the text then (cmd/mime.h); else it goes out as typed. */
	char err[300] = "";
	size_t mlen = 0;
	char *mime = p->ui->con ? console_message_from_text(p->ui->con, text ? text : "", len, &mlen, err, sizeof err)
	                        : NULL;
	if (mime == NULL && err[0]) {
		free(text);
		ui_flash(p->ui, _("not sent: %s (fix it, /attach --clear, or Esc)"), mime_error_loc(err));
		return;
	}
	bool as_mime = false;
	if (mime) {
		free(text);
		text = mime;
		len = mlen;
		as_mime = true;
	}
	if (session_send_message(p->ui->s, NULL, text ? text : "", len) == 0) {
		free(p->inflight);
		p->inflight = (uint8_t *)text;
	} else {
		free(text);
	}
	editor_close(p);
	if (restore)
		ui_flash(p->ui,
			 P_("message written (%zu line): the blank line after the headers was missing and was put "
			    "back (it separates headers from body)",
			    "message written (%zu lines): the blank line after the headers was missing and was put "
			    "back (it separates headers from body)",
			    nlines),
			 nlines);
	else if (as_mime)
		ui_flash(p->ui,
			 P_("message written (%zu line) as MIME (attachments, encoded headers): waiting for the "
			    "server's verdict (dot-stuffing: wire pane)",
			    "message written (%zu lines) as MIME (attachments, encoded headers): waiting for the "
			    "server's verdict (dot-stuffing: wire pane)",
			    nlines),
			 nlines);
	else
		ui_flash(p->ui,
			 P_("message written (%zu line): waiting for the server's verdict (dot-stuffing: wire pane)",
			    "message written (%zu lines): waiting for the server's verdict (dot-stuffing: wire pane)",
			    nlines),
			 nlines);
}

/* A line "/attach ..." in the editor is a command, not message text: the console runs it (it adds the file to the
 * next message, which is this one) and the line goes. True when the line was one. */
static bool editor_command(struct prompt *p, struct lineedit *l)
{
	if (strncmp(l->buf, "/attach", 7) != 0 || (l->buf[7] != ' ' && l->buf[7] != '\0') || p->ui->con == NULL)
		return false;
	char line[LINEEDIT_MAX + 1];
	memcpy(line, l->buf, l->len + 1);
	le_clear(l);
	history_add(p->hist, line);
	console_submit(p->ui->con, line);
	ui_mark(p->ui, DIRTY_ALL);
	return true;
}

static bool editor_key(struct prompt *p, int key, bool is_key, bool alt)
{
	struct lineedit *l = p->ed[p->ed_row];
	if (!is_key && !alt && key == 4) { /* C-d */
		editor_send(p, p->ed_n);
		return true;
	}
	if ((!is_key && (key == '\r' || key == '\n')) || (is_key && key == KEY_ENTER)) {
		if (strcmp(l->buf, ".") == 0) {
			editor_send(p, p->ed_row); /* the lone dot ends the message: it is not part of it */
			return true;
		}
		if (editor_command(p, l))
			return true;
		if (p->ed_n >= EDITOR_MAX_LINES)
			return true;
		struct lineedit *n = ed_line(l->buf + l->cur, l->len - l->cur);
		le_home(n);
		l->buf[l->cur] = '\0';
		l->len = l->cur;
		ed_insert_line(p, p->ed_row + 1, n);
		p->ed_row++;
		ui_mark(p->ui, DIRTY_LAYOUT | DIRTY_ALL);
		return true;
	}
	if (is_key && (key == KEY_UP || key == KEY_DOWN)) {
		size_t col = l->cur;
		if (key == KEY_UP && p->ed_row > 0)
			p->ed_row--;
		else if (key == KEY_DOWN && p->ed_row + 1 < p->ed_n)
			p->ed_row++;
		struct lineedit *m = p->ed[p->ed_row];
		m->cur = col < m->len ? col : m->len;
		while (m->cur > 0 && (m->buf[m->cur] & 0xc0) == 0x80)
			m->cur--;
		return true;
	}
	bool bs = (is_key && key == KEY_BACKSPACE) || (!is_key && !alt && (key == 127 || key == 8));
	if (bs && l->cur == 0 && p->ed_row > 0) {
		struct lineedit *prev = p->ed[p->ed_row - 1];
		size_t at = prev->len;
		le_end(prev);
		le_insert(prev, l->buf, l->len);
		prev->cur = at;
		free(l);
		memmove(p->ed + p->ed_row, p->ed + p->ed_row + 1, (p->ed_n - p->ed_row - 1) * sizeof *p->ed);
		p->ed_n--;
		p->ed_row--;
		ui_mark(p->ui, DIRTY_LAYOUT | DIRTY_ALL);
		return true;
	}
	if (is_key && key == KEY_DC && l->cur == l->len && p->ed_row + 1 < p->ed_n) {
		struct lineedit *next = p->ed[p->ed_row + 1];
		size_t at = l->cur;
		le_insert(l, next->buf, next->len);
		l->cur = at;
		free(next);
		memmove(p->ed + p->ed_row + 1, p->ed + p->ed_row + 2, (p->ed_n - p->ed_row - 2) * sizeof *p->ed);
		p->ed_n--;
		ui_mark(p->ui, DIRTY_LAYOUT | DIRTY_ALL);
		return true;
	}
	if (!is_key && key == '\t')
		return le_insert(l, "\t", 1), true;
	return le_key(l, key, is_key, alt);
}

/* ---- the command line ---- */

static void history_move(struct prompt *p, int dir)
{
	size_t n = history_count(p->hist);
	if (n == 0)
		return;
	if (p->hpos < 0) {
		if (dir > 0)
			return;
		p->saved = p->cmd;
		p->hpos = (long)n;
	}
	long np = p->hpos + dir;
	if (np < 0)
		return;
	if (np >= (long)n) {
		p->hpos = -1;
		p->cmd = p->saved;
		return;
	}
	p->hpos = np;
	le_set(&p->cmd, history_at(p->hist, (size_t)np));
}

static void complete(struct prompt *p)
{
	const struct caps *caps = p->ui->s ? session_current_caps(p->ui->s) : NULL;
	complete_line(p->cmd.buf, p->cmd.cur, caps, &p->comp);
	size_t typed = p->cmd.cur - p->comp.start;
	if (p->comp.n == 0) {
		p->comp_shown = false;
		ui_flash(p->ui, "%s", _("no completion"));
		return;
	}
	/* Replace the word with the candidate (or the common prefix), keeping what follows the cursor. */
	const char *with = p->comp.n == 1 ? p->comp.cand[0] : p->comp.common;
	size_t wl = strlen(with);
	if (wl >= typed) {
		p->cmd.cur = p->comp.start;
		memmove(p->cmd.buf + p->cmd.cur, p->cmd.buf + p->cmd.cur + typed, p->cmd.len - p->cmd.cur - typed + 1);
		p->cmd.len -= typed;
		le_insert(&p->cmd, with, wl);
		if (p->comp.n == 1 && with[wl - 1] != ' ' && with[wl - 1] != '<' && with[wl - 1] != '=' &&
		    with[wl - 1] != ':' && p->cmd.cur == p->cmd.len && with[0] == '/')
			le_insert(&p->cmd, " ", 1);
	}
	p->comp_shown = p->comp.n > 1;
}

static void submit(struct prompt *p)
{
	char line[LINEEDIT_MAX + 1];
	memcpy(line, p->cmd.buf, p->cmd.len + 1);
	le_clear(&p->cmd);
	p->hpos = -1;
	if (line[0] == '\0')
		return;
	/* An answer to a 334 challenge may be a password (AUTH LOGIN typed by hand): never kept, also when it is typed
	 * (or pasted) before the 334 came. */
	if (session_smtp_state(p->ui->s) != SMTP_AUTH && !(p->ui->con && console_next_line_is_answer(p->ui->con)))
		history_add(p->hist, line);
	if (strncasecmp(line, "/data", 5) == 0 && (line[5] == ' ' || line[5] == '\0')) {
		const char *arg = line + 5;
		while (*arg == ' ')
			arg++;
		p->ui->data_from_file = true;
		size_t n = strnlen(arg, sizeof p->ui->data_path - 1);
		memcpy(p->ui->data_path, arg, n);
		p->ui->data_path[n] = '\0';
		while (n && p->ui->data_path[n - 1] == ' ')
			p->ui->data_path[--n] = '\0';
	} else if (line[0] != '/') {
		p->ui->data_from_file = false;
	}
	if (p->ui->con)
		console_submit(p->ui->con, line);
	explicit_bzero(line, sizeof line);
}

bool prompt_key(struct prompt *p, int key, bool is_key, bool alt)
{
	bool enter = (!is_key && !alt && (key == '\r' || key == '\n')) || (is_key && key == KEY_ENTER);
	bool esc = !is_key && !alt && key == 27;
	ui_mark(p->ui, DIRTY_PROMPT);
	if (!(is_key && key == KEY_RESIZE))
		p->comp_shown = p->comp_shown && !is_key && key == '\t';
	switch (p->mode) {
	case PM_SECRET:
		if (enter) {
			console_secret_fn done = p->secret_done;
			p->secret_done = NULL;
			p->mode = p->ed ? PM_EDITOR : PM_COMMAND;
			if (done)
				done(p->ui->con, p->alt.buf, p->secret_arg);
			le_wipe(&p->alt);
			return true;
		}
		if (esc)
			return prompt_cancel(p);
		/* No history and no completion here: nothing typed may leave this buffer except through done(). */
		return le_key(&p->alt, key, is_key, alt);
	case PM_SEARCH:
		if (enter) {
			p->mode = p->ed ? PM_EDITOR : PM_COMMAND;
			if (p->alt.len)
				search_start(p->ui, p->alt.buf);
			return true;
		}
		if (esc)
			return prompt_cancel(p);
		return le_key(&p->alt, key, is_key, alt);
	case PM_EDITOR:
		if (esc)
			return prompt_cancel(p);
		return editor_key(p, key, is_key, alt);
	case PM_COMMAND:
		break;
	}
	if (enter) {
		submit(p);
		return true;
	}
	if (is_key && key == KEY_UP) {
		history_move(p, -1);
		return true;
	}
	if (is_key && key == KEY_DOWN) {
		history_move(p, +1);
		return true;
	}
	if (!is_key && !alt && key == '\t') {
		complete(p);
		return true;
	}
	if (esc) {
		if (p->cmd.len == 0)
			return false;
		le_clear(&p->cmd);
		return true;
	}
	return le_key(&p->cmd, key, is_key, alt);
}

/* Draw label then l, scrolled sideways so that the cursor shows; hide: draw nothing of the text. */
static void draw_line(struct prompt *p, WINDOW *w, int row, attr_t la, const char *label, const struct lineedit *l,
                      bool hide, bool cursor_here)
{
	struct ui *ui = p->ui;
	int width = getmaxx(w);
	wmove(w, row, 0);
	int lw = draw_untrusted(w, la, (const uint8_t *)label, strlen(label), width / 2);
	int avail = width - lw - 1;
	if (hide) {
		if (cursor_here) {
			p->cur_y = row;
			p->cur_x = lw;
		}
		return;
	}
	/* Walk back from the cursor until avail columns are used: that is where drawing starts. */
	size_t from = l->cur;
	int cols = 0;
	while (from > 0) {
		size_t k = from - 1;
		while (k > 0 && (l->buf[k] & 0xc0) == 0x80)
			k--;
		int cw = text_width(l->buf + k, from - k);
		if ((unsigned char)l->buf[k] < 0x20)
			cw = 4; /* drawn escaped: \xNN */
		if (cols + cw > avail - 1)
			break;
		cols += cw;
		from = k;
	}
	wmove(w, row, lw);
	int before = draw_untrusted(w, ui_attr(ui, ROLE_PROMPT), (const uint8_t *)l->buf + from, l->cur - from, avail);
	draw_untrusted(w, ui_attr(ui, ROLE_PROMPT), (const uint8_t *)l->buf + l->cur, l->len - l->cur, avail - before);
	if (cursor_here) {
		p->cur_y = row;
		p->cur_x = lw + before;
	}
}

void prompt_draw(struct prompt *p, WINDOW *w)
{
	struct ui *ui = p->ui;
	werase(w);
	attr_t mark = ui_attr(ui, ROLE_PROMPT_MARK);
	switch (p->mode) {
	case PM_SECRET:
		draw_line(p, w, 0, mark, p->label, &p->alt, true, true);
		return;
	case PM_SEARCH:
		draw_line(p, w, 0, mark, _("search: "), &p->alt, false, true);
		return;
	case PM_EDITOR: {
		int h = getmaxy(w);
		if ((int)p->ed_row < p->ed_top)
			p->ed_top = (int)p->ed_row;
		if ((int)p->ed_row >= p->ed_top + h)
			p->ed_top = (int)p->ed_row - h + 1;
		for (int r = 0; r < h && p->ed_top + r < (int)p->ed_n; r++) {
			size_t i = (size_t)(p->ed_top + r);
			char gut[16];
			snprintf(gut, sizeof gut, "%4zu%s ", i + 1, ui->utf8 ? "\xe2\x94\x82" : "|");
			draw_line(p, w, r, ui_attr(ui, ROLE_HINT), gut, p->ed[i], false, i == p->ed_row);
		}
		return;
	}
	case PM_COMMAND:
		draw_line(p, w, 0, mark, "smtp> ", &p->cmd, false, true);
		return;
	}
}

void prompt_cursor(const struct prompt *p, int *y, int *x)
{
	*y = p->cur_y;
	*x = p->cur_x;
}

/* The footer when nothing is typed, from the session model only: what was typed and waits to be sent, else how
 * the last message ended (until the next one starts) and the next step. */
static const char *footer_text(const struct session *s, char *buf, size_t n)
{
	struct session_model m;
	session_get_model(s, &m);
	if (m.queued) {
		char why[128];
		snprintf(buf, n,
			 m.queued > 1 ? _("queued, not sent yet: %s and more (waits for %s; Ctrl-C drops it)")
				      : _("queued, not sent yet: %s (waits for %s; Ctrl-C drops it)"),
			 m.queued_first, model_queue_waits_for_loc(&m, why, sizeof why));
		return buf;
	}
	char next[256], last[128];
	model_next_step_loc(&m, next, sizeof next);
	if (m.txn == TXN_NONE && model_last_outcome_loc(&m, last, sizeof last))
		/* TRANSLATORS: keep the three blanks before "(": a narrow hint line drops what follows them. */
		snprintf(buf, n, _("last message %s | next: %s   (Tab completes, F1 help, F10 quit)"), last, next);
	else
		/* TRANSLATORS: keep the three blanks before "(": a narrow hint line drops what follows them. */
		snprintf(buf, n, _("next: %s   (Tab completes, F1 help, F10 quit)"), next);
	return buf;
}

/* The hint line is one row: a hint that does not fit first loses its "   (...)" tail of general keys (F1 help
 * lists them), and what still does not fit ends with a sign that it was cut, never silently. */
static void draw_hint_fit(WINDOW *w, attr_t a, const char *text, int width)
{
	char *e = escape_dup((const uint8_t *)text, strlen(text), 0);
	size_t n = strlen(e);
	if (text_width(e, n) > width) {
		char *tail = strstr(e, "   (");
		if (tail)
			n = (size_t)(tail - e);
	}
	draw_fit(w, a, e, n, width);
	free(e);
}

void prompt_draw_hint(struct prompt *p, WINDOW *w)
{
	struct ui *ui = p->ui;
	int width = getmaxx(w);
	werase(w);
	wmove(w, 0, 0);
	attr_t a = ui_attr(ui, ROLE_HINT);
	char buf[512];
	const char *text = NULL;
	if (progress_draw(ui, w))
		return;
	if (ui->flash[0]) {
		draw_fit(w, ui_attr(ui, ROLE_WARNING), ui->flash, strlen(ui->flash), width);
		return;
	}
	if (ui->search.active || ui->search.running) {
		snprintf(buf, sizeof buf, _("search \"%s\": %s  (n older, N newer, Esc ends)"), ui->search.pattern,
			 ui->search.running ? _("searching...") : ui->search.message);
		draw_hint_fit(w, a, buf, width); /* the pattern is escaped there */
		return;
	}
	switch (p->mode) {
	case PM_SECRET:
		text = _("typing is hidden; Enter sends, Esc cancels");
		break;
	case PM_SEARCH:
		text = _("search the wire log: Enter searches older lines, then n/N; Esc cancels");
		break;
	case PM_EDITOR: {
		struct dtext att;
		dtext_init(&att, 0);
		if (ui->con)
			console_attachments_describe(ui->con, &att);
		if (att.en.len)
			snprintf(
				buf, sizeof buf,
				_("message: line %zu of %zu, attached: %s; Ctrl-D or a lone \".\" sends; Esc abandons"),
				p->ed_row + 1, p->ed_n, dtext_loc(&att));
		else
			snprintf(buf, sizeof buf,
				 _("message: line %zu of %zu; Ctrl-D or a lone \".\" line sends; Esc abandons; /attach FILE "
				   "adds a file; the blank line ends the headers"),
				 p->ed_row + 1, p->ed_n);
		dtext_free(&att);
		/* File names are the user's, but escaped all the same. */
		draw_hint_fit(w, a, buf, width);
		return;
	}
	case PM_COMMAND:
		if (p->comp_shown && p->comp.n > 1) {
			size_t o = (size_t)snprintf(buf, sizeof buf, P_("%zu candidate:", "%zu candidates:", p->comp.n), p->comp.n);
			for (size_t i = 0; i < p->comp.n && o < sizeof buf - 2; i++)
				o += (size_t)snprintf(buf + o, sizeof buf - o, " %s", p->comp.cand[i]);
			text = buf;
		} else if (p->cmd.len) {
			text = ui->con ? console_hint_loc(ui->con, p->cmd.buf) : NULL;
		} else if (ui->cfg && ui->cfg->listen && ui->s && session_phase(ui->s) == PHASE_IDLE) {
			text = clients_idle_hint(ui);
		} else if (ui->s) {
			text = footer_text(ui->s, buf, sizeof buf);
		}
		break;
	}
	if (text)
		draw_hint_fit(w, a, text, width);
}
