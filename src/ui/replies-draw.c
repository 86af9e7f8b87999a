/* replies-draw: how one entry of the decoded pane looks: its summary (time, client, code, meaning, first line of
 * text), wrapped under its code, and the details shown below the list when it is selected. pane-replies.c keeps the
 * entries, lays out the list and handles selection; this file only draws what it is given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "core/reply.h"
#include "core/replycodes.h"
#include "core/session.h"
#include "ui/clients.h"
#include "ui/pane.h"
#include "ui/replies-int.h"
#include "ui/wrap.h"

static enum ui_role kind_role(enum rkind k)
{
	return k == RK_ERROR ? ROLE_ERROR : k == RK_WARNING ? ROLE_WARNING : ROLE_DIAGNOSIS;
}

const char *replies_kind_label(enum rkind k)
{
	return k == RK_ERROR ? _("error") : k == RK_WARNING ? _("warning") : _("note");
}

/* Length of the first line of e's text. */
static size_t first_line(const struct rentry *e)
{
	const char *nl = memchr(e->text, '\n', e->textlen);
	return nl ? (size_t)(nl - e->text) : e->textlen;
}

/* An entry's one-line summary as safe text with attribute spans, so it can wrap like any text. */
#define SUMMARY_SPANS 10
#define SUMMARY_INDENT 8 /* rows after the first start under the code, past the time */
struct summary {
	struct buf b;
	size_t end[SUMMARY_SPANS];
	attr_t attr[SUMMARY_SPANS];
	int n;
};

static void sum_add(struct summary *s, attr_t a, const char *text, size_t n, bool untrusted)
{
	if (untrusted)
		escape_bytes(&s->b, (const uint8_t *)text, n, 0);
	else
		buf_append(&s->b, text, n);
	if (s->n > 0 && s->attr[s->n - 1] == a) {
		s->end[s->n - 1] = s->b.len;
	} else if (s->n < SUMMARY_SPANS) {
		s->end[s->n] = s->b.len;
		s->attr[s->n++] = a;
	} else {
		s->end[s->n - 1] = s->b.len;
	}
}

static void summary_build(struct ui *ui, const struct rentry *e, bool selected, struct summary *s)
{
	attr_t sel = selected ? ui_attr(ui, ROLE_REPLY_SELECTED) : 0;
	buf_init(&s->b, ENTRY_TEXT_MAX * 10 + 256);
	s->n = 0;
	char buf[64];
	snprintf(buf, sizeof buf, "%7.3f ", e->t_ms / 1000.0);
	sum_add(s, sel ? sel : ui_attr(ui, ROLE_WIRE_TIME), buf, strlen(buf), false);
	if (e->client) { /* listen mode: which client it is about, as in the wire pane */
		snprintf(buf, sizeof buf, "#%lu ", e->client);
		sum_add(s, sel ? sel : clients_attr(ui, e->client), buf, strlen(buf), false);
	}
	if (e->kind == RK_REPLY) {
		if (e->code >= 0)
			snprintf(buf, sizeof buf, "%03d", e->code);
		else
			snprintf(buf, sizeof buf, "???");
		sum_add(s, ui_attr(ui, theme_reply_role(e->code)) | (selected ? A_REVERSE : 0), buf, strlen(buf),
			false);
		if (e->enhanced[0]) {
			snprintf(buf, sizeof buf, " %s", e->enhanced);
			sum_add(s, sel ? sel : ui_attr(ui, theme_reply_role(e->code)), buf, strlen(buf), false);
		}
		attr_t a = sel ? sel : ui_attr(ui, ROLE_DEFAULT);
		char mbuf[160];
		const char *m = replies_meaning(e->code, e->enhanced, mbuf, sizeof mbuf);
		sum_add(s, a, " ", 1, false);
		sum_add(s, a, m, strlen(m), false);
		if (e->flags)
			sum_add(s, ui_attr(ui, ROLE_WIRE_ANOMALY), " !", 2, false);
		sum_add(s, sel ? sel : ui_attr(ui, ROLE_HINT), ui->utf8 ? " \xc2\xb7 " : " - ", ui->utf8 ? 4 : 3,
			false);
		/* The text after the enhanced code (already shown in its column). */
		size_t skip = 0, fl = first_line(e);
		if (e->enhanced[0] && fl > strlen(e->enhanced) &&
		    strncmp(e->text, e->enhanced, strlen(e->enhanced)) == 0)
			skip = strlen(e->enhanced) + 1;
		sum_add(s, sel ? sel : ui_attr(ui, ROLE_HINT), e->text + skip, fl - skip, true);
	} else {
		attr_t a = sel ? sel : ui_attr(ui, kind_role(e->kind));
		/* TRANSLATORS: a diagnosis in the decoded pane: its kind ("warning", "note") and the colon before its
		 * text (French puts a space before the colon). */
		snprintf(buf, sizeof buf, _("%s: "), replies_kind_label(e->kind));
		sum_add(s, a | A_BOLD, buf, strlen(buf), false);
		sum_add(s, a, e->text, first_line(e), true);
	}
}

/* Where row k of a summary wrapped to width starts and ends; false past the last row. */
static bool summary_row(const struct summary *s, int width, int k, size_t *rs, size_t *re)
{
	size_t i = 0;
	for (int row = 0;; row++) {
		int w = row == 0 ? width : width - SUMMARY_INDENT;
		if (w < 8)
			w = 8;
		size_t next, len = wrap_row((const char *)s->b.data + i, s->b.len - i, w, &next);
		if (row == k) {
			*rs = i;
			*re = i + len;
			return true;
		}
		i += next;
		if (i >= s->b.len)
			return false;
	}
}

static int summary_rows(const struct summary *s, int width)
{
	int n = 0;
	size_t a, b;
	while (summary_row(s, width, n, &a, &b))
		n++;
	return n;
}

static void summary_draw_row(WINDOW *w, const struct summary *s, size_t rs, size_t re, int width)
{
	size_t start = 0;
	int cols = 0;
	for (int k = 0; k < s->n && start < re; k++) {
		size_t a = start > rs ? start : rs, b = s->end[k] < re ? s->end[k] : re;
		if (b > a)
			cols += draw_str(w, s->attr[k], (const char *)s->b.data + a, b - a, width - cols);
		start = s->end[k];
	}
}

int replies_entry_rows(struct ui *ui, const struct rentry *e, int width)
{
	if (!clients_visible(ui, e->client))
		return 0; /* listen mode: another client than the one shown alone (/client N) */
	struct summary s;
	summary_build(ui, e, false, &s);
	int n = summary_rows(&s, width);
	buf_free(&s.b);
	return n;
}

int replies_draw_entry(struct ui *ui, WINDOW *w, const struct rentry *e, bool selected, int y, int maxrows, int width)
{
	if (!clients_visible(ui, e->client))
		return 0;
	struct summary s;
	summary_build(ui, e, selected, &s);
	int k = 0;
	size_t rs, re;
	while (k < maxrows && summary_row(&s, width, k, &rs, &re)) {
		wmove(w, y + k, 0);
		if (selected)
			draw_fill(w, ui_attr(ui, ROLE_REPLY_SELECTED));
		int x = k ? SUMMARY_INDENT : 0;
		wmove(w, y + k, x);
		summary_draw_row(w, &s, rs, re, width - x);
		k++;
	}
	if (k == maxrows && summary_row(&s, width, k, &rs, &re) && width > 1) {
		const char *more = ui->utf8 ? "\xe2\x80\xa6" : ">";
		wmove(w, y + k - 1, width - 1);
		draw_str(w, ui_attr(ui, ROLE_HINT) | (selected ? A_REVERSE : 0), more, strlen(more), 1);
	}
	buf_free(&s.b);
	return k;
}

/* Draw text wrapped at word boundaries over rows [*row, maxrow), rows after the first under the text (past the
 * lead); untrusted text goes through the escape gate. Sets *overflow when it did not all fit. */
static void draw_wrapped(bool *overflow, WINDOW *w, attr_t a, const char *lead, const char *s, size_t n, int *row,
			 int maxrow, int width)
{
	struct buf b;
	buf_init(&b, n * 10 + 16);
	escape_bytes(&b, (const uint8_t *)s, n, 0);
	const char *t = buf_cstr(&b);
	size_t len = b.len, i = 0;
	int leadw = text_width(lead, strlen(lead));
	if (leadw > width / 2)
		leadw = 0; /* a narrow pane: the lead takes its own columns on the first row only */
	bool firstrow = true;
	while (i < len || firstrow) {
		if (*row >= maxrow) {
			*overflow = true;
			break;
		}
		int x = 0;
		wmove(w, *row, 0);
		if (firstrow)
			x = draw_str(w, a, lead, strlen(lead), width);
		else
			x = leadw;
		wmove(w, *row, x);
		size_t next, rl = wrap_row(t + i, len - i, width - x > 1 ? width - x : 1, &next);
		draw_str(w, a, t + i, rl, width - x);
		i += next;
		(*row)++;
		firstrow = false;
	}
	buf_free(&b);
}

void replies_draw_details(struct ui *ui, WINDOW *w, const struct rentry *e, int row, int h, int width)
{
	attr_t a = ui_attr(ui, ROLE_REPLY_DETAIL);
	wmove(w, row, 0);
	const char *hr = ui->utf8 ? "\xe2\x94\x80" : "-";
	for (int x = 0; x < width; x++)
		draw_str(w, ui_attr(ui, ROLE_BORDER), hr, strlen(hr), 1);
	row++;
	bool overflow = false; /* a detail did not all fit */
	char buf[256];
	if (e->kind == RK_REPLY) {
		char mbuf[160];
		/* TRANSLATORS: the selected reply's first row: "530 5.7.0: Authentication required"; keep the three
		 * conversions in this order (French puts a space before the colon). */
		snprintf(buf, sizeof buf, _("%03d%s%s: %s"), e->code, e->enhanced[0] ? " " : "", e->enhanced,
			 replies_meaning(e->code, e->enhanced, mbuf, sizeof mbuf));
		draw_wrapped(&overflow, w, ui_attr(ui, theme_reply_role(e->code)) | A_BOLD, "", buf, strlen(buf), &row,
			     h, width);
		const char *conn = _("(the connection: a greeting or an unsolicited reply)");
		if (e->command) {
			const char *said = session_command_shown(e->command); /* "(anything)" in the user's words */
			draw_wrapped(&overflow, w, a, _("answers: "), said, strlen(said), &row, h, width);
		} else
			draw_wrapped(&overflow, w, a, _("answers: "), conn, strlen(conn), &row, h, width);
		snprintf(buf, sizeof buf,
			 e->tls ? P_("%zu line, inside TLS", "%zu lines, inside TLS", e->nlines)
				: P_("%zu line", "%zu lines", e->nlines),
			 e->nlines);
		draw_wrapped(&overflow, w, a, "", buf, strlen(buf), &row, h, width);
		if (e->flags) {
			char fl[256];
			reply_flags_describe(e->flags, fl, sizeof fl);
			draw_wrapped(&overflow, w, ui_attr(ui, ROLE_WARNING), _("anomalies: "), fl, strlen(fl), &row, h,
				     width);
		}
		/* The reply's own text, line by line (escaped), wrapped. */
		const char *s = e->text;
		size_t left = e->textlen;
		size_t shown = 0;
		while (left && row < h) {
			if (shown++ == 5) {
				overflow = true; /* the rest is in the reader */
				break;
			}
			const char *nl = memchr(s, '\n', left);
			size_t len = nl ? (size_t)(nl - s) : left;
			draw_wrapped(&overflow, w, ui_attr(ui, ROLE_WIRE_SERVER), "  | ", s, len, &row, h, width);
			s += len + (nl ? 1 : 0);
			left -= len + (nl ? 1 : 0);
		}
		if (left)
			overflow = true;
		/* The tables hold English msgids: translated here, where a person reads them. */
		const char *act = _(replycodes_action(e->code));
		draw_wrapped(&overflow, w, a, "", act, strlen(act), &row, h, width);
		const struct replycode_info *bi = e->code >= 0 ? replycodes_basic(e->code) : NULL;
		const struct enhanced_info *ei = e->enhanced[0] ? replycodes_enhanced(e->enhanced) : NULL;
		const char *bx = bi && bi->explain ? _(bi->explain) : NULL;
		const char *ex = ei && ei->explain ? _(ei->explain) : NULL;
		if (bx)
			draw_wrapped(&overflow, w, a, "", bx, strlen(bx), &row, h, width);
		if (ex)
			draw_wrapped(&overflow, w, a, "", ex, strlen(ex), &row, h, width);
		/* The code's own words for its class (greylisting for 4.7.1); the class's general verdict is the
		 * action line above already. */
		const char *verdict = ei ? replycodes_enhanced_verdict(ei, e->enhanced[0] - '0') : NULL;
		if (verdict && (verdict == ei->transient || verdict == ei->permanent)) {
			verdict = _(verdict);
			draw_wrapped(&overflow, w, a, "", verdict, strlen(verdict), &row, h, width);
		}
		if (e->code >= 400 && bi && bi->causes) {
			const char *causes = _(bi->causes);
			draw_wrapped(&overflow, w, a, _("causes: "), causes, strlen(causes), &row, h, width);
		}
		const char *todo = ei && ei->todo ? ei->todo : bi ? bi->todo : NULL;
		if (todo)
			todo = _(todo);
		if (todo)
			draw_wrapped(&overflow, w, ui_attr(ui, ROLE_HINT), _("try: "), todo, strlen(todo), &row, h,
				     width);
	} else {
		snprintf(buf, sizeof buf, "%s%s%s", replies_kind_label(e->kind), e->id ? " " : "", e->id ? e->id : "");
		draw_wrapped(&overflow, w, ui_attr(ui, kind_role(e->kind)) | A_BOLD, "", buf, strlen(buf), &row, h,
			     width);
		draw_wrapped(&overflow, w, a, "", e->text, e->textlen, &row, h, width);
		if (e->hint)
			draw_wrapped(&overflow, w, ui_attr(ui, ROLE_HINT), _("try: "), e->hint, strlen(e->hint), &row,
				     h, width);
	}
	if (overflow && h > 0) {
		/* Never cut without a sign: the last row says there is more, and where it is. */
		char more[160];
		snprintf(more, sizeof more, "%s %s", ui->utf8 ? "\xe2\x80\xa6" : "...", _("more: Enter reads it all"));
		wmove(w, h - 1, 0);
		wclrtoeol(w);
		draw_str(w, ui_attr(ui, ROLE_HINT) | A_BOLD, more, strlen(more), width);
	}
}
