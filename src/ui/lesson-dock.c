/* lesson-dock: the docked lesson, drawn from console_lesson() (see lesson-dock.h). A title row, the steps (a tick
 * before each done one, an arrow before the one to do now), what to look at on the wire (under every step when
 * the rows allow, else under the current one only), and a last row that says how to hide it or which lesson comes
 * next. When the steps do not fit, the view keeps the current step in sight. */
#include "ui/lesson-dock.h"

#include <stdio.h>
#include <string.h>

#include "cmd/cmd-lab.h"
#include "cmd/options.h"
#include "core/lesson.h"
#include "lib/i18n.h"
#include "ui/ui-internal.h"
#include "ui/wrap.h"

#define MAX_ITEMS 40

struct item {
	char prefix[48]; /* " ✓ 1. " before a step's first row; blanks of its width before a wire line */
	char body[1400];
	int indent; /* columns of prefix: the rows after the first hang there */
	size_t step;
	bool wire; /* a wire line, not the step itself */
};

/* The key bound to the "lesson" action (M-l by default), or NULL when the user unbound it. */
static const char *lesson_key(void)
{
	for (size_t i = 0; i < bindings_count(); i++) {
		const struct binding *b = bindings_at(i);
		if (strcmp(b->command, "lesson") == 0)
			return b->key;
	}
	return NULL;
}

static int build(const struct lesson_run *r, bool utf8, bool all_wire, struct item *it, int max)
{
	size_t n = lesson_run_steps(r), cur = lesson_run_current(r);
	int k = 0;
	char wire[1200];
	for (size_t i = 0; i < n && k + 2 <= max; i++) {
		const char *mark = lesson_run_done(r, i) ? (utf8 ? "\xe2\x9c\x93" : "x")
				   : i == cur            ? (utf8 ? "\xe2\x96\xb8" : ">")
							 : " ";
		struct item *s = &it[k++];
		snprintf(s->prefix, sizeof s->prefix, " %s %zu. ", mark, i + 1);
		s->indent = text_width(s->prefix, strlen(s->prefix));
		lesson_step_do(r, i, true, s->body, sizeof s->body);
		s->step = i;
		s->wire = false;
		if (!all_wire && i != cur)
			continue;
		struct item *w = &it[k++];
		snprintf(w->prefix, sizeof w->prefix, "%*s", s->indent, "");
		w->indent = s->indent;
		lesson_step_wire(r, i, true, wire, sizeof wire);
		/* TRANSLATORS: in the docked lesson, under a step: what to look at on the wire. */
		snprintf(w->body, sizeof w->body, _("on the wire: %s"), wire);
		w->step = i;
		w->wire = true;
	}
	return k;
}

static int rows_of(const struct item *it, int width)
{
	int room = width - it->indent;
	return room > 0 ? (int)wrap_count(it->body, strlen(it->body), room) : 1;
}

static int total_rows(const struct item *it, int n, int width)
{
	int rows = 0;
	for (int i = 0; i < n; i++)
		rows += rows_of(&it[i], width);
	return rows;
}

int lesson_dock_rows(int width)
{
	const struct lesson_run *r = console_lesson();
	if (r == NULL || !console_lesson_docked())
		return 0;
	static struct item it[MAX_ITEMS];
	int n = build(r, true, true, it, MAX_ITEMS);
	return 2 + total_rows(it, n, width); /* the title, the steps, the last row */
}

static void draw_title(struct ui *ui, WINDOW *w, const struct lesson_run *r, int width)
{
	attr_t ta = ui_attr(ui, ROLE_TITLE);
	char title[200];
	/* TRANSLATORS: the docked lesson's title: the lesson's name, then steps done of all ("2/7"). */
	snprintf(title, sizeof title, _(" lesson %s  %zu/%zu done"), lesson_run_name(r), lesson_run_ticked(r),
		 lesson_run_steps(r));
	wmove(w, 0, 0);
	draw_str(w, ta, title, strlen(title), width);
	draw_fill(w, ta);
}

/* The last row: how to hide the dock while steps remain; the next lesson once all are done. */
static void draw_footer(struct ui *ui, WINDOW *w, const struct lesson_run *r, int y, int width)
{
	char text[300];
	if (lesson_run_ticked(r) == lesson_run_steps(r)) {
		const char *const *names = lesson_names();
		const char *next = NULL;
		for (size_t i = 0; names[i]; i++)
			if (strcmp(names[i], lesson_run_name(r)) == 0)
				next = names[i + 1];
		if (next)
			snprintf(text, sizeof text, _("All steps done. Next lesson: smtpcon --lab=%s"), next);
		else
			snprintf(text, sizeof text, "%s", _("All steps done: that was the last lesson."));
	} else if (lesson_key()) {
		snprintf(text, sizeof text, _("%s or /lesson off hides this; /lesson text: the whole lesson"),
			 lesson_key());
	} else {
		snprintf(text, sizeof text, "%s", _("/lesson off hides this; /lesson text: the whole lesson"));
	}
	wmove(w, y, 0);
	size_t next, n = strlen(text);
	size_t len = wrap_row(text, n, width - 1, &next); /* one row: whole words, and "…" when some are left out */
	if (len < n)
		len = wrap_row(text, n, width - 2, &next);
	draw_str(w, ui_attr(ui, ROLE_HINT), " ", 1, width);
	draw_str(w, ui_attr(ui, ROLE_HINT), text, len, width - 1);
	if (len < n)
		draw_str(w, ui_attr(ui, ROLE_HINT), ui->utf8 ? "\xe2\x80\xa6" : ">", ui->utf8 ? 3 : 1, 1);
}

/* The reader's signs that rows are hidden above or below, at the right end of the first or last body row. */
static void draw_more(struct ui *ui, WINDOW *w, int y, int width, bool down)
{
	const char *mark = ui->utf8 ? (down ? "\xe2\x86\x93" : "\xe2\x86\x91") : (down ? "v" : "^");
	wmove(w, y, width - 1);
	draw_str(w, ui_attr(ui, ROLE_HINT) | A_BOLD, mark, strlen(mark), 1);
}

void lesson_dock_draw(struct ui *ui, WINDOW *w)
{
	const struct lesson_run *r = console_lesson();
	werase(w);
	int H = getmaxy(w), W = getmaxx(w);
	if (r == NULL || H < 1 || W < 12)
		return;
	draw_title(ui, w, r, W);
	int body = H - 2; /* rows between the title and the last row */
	if (body < 1)
		return;
	static struct item it[MAX_ITEMS];
	int n = build(r, ui->utf8, true, it, MAX_ITEMS);
	if (total_rows(it, n, W) > body)
		n = build(r, ui->utf8, false, it, MAX_ITEMS); /* the wire line of the current step only */
	/* Still too long: the text leaves the last two columns to the "more above / below" marks. */
	int full = W;
	bool scrolls = total_rows(it, n, W) > body;
	if (scrolls)
		W = full - 2;
	/* Keep the current step in sight, with the step before it when there is room. */
	size_t cur = lesson_run_current(r);
	int at = 0, cur_at = 0, cur_rows = 0, prev_at = 0;
	for (int i = 0; i < n; i++) {
		if (!it[i].wire && it[i].step + 1 == cur)
			prev_at = at;
		if (it[i].step == cur) {
			if (!it[i].wire)
				cur_at = at;
			cur_rows += rows_of(&it[i], W);
		}
		at += rows_of(&it[i], W);
	}
	int start = 0;
	if (cur_at + cur_rows > body)
		start = cur_at + cur_rows - body;
	if (cur > 0 && prev_at < start && cur_at - prev_at + cur_rows <= body)
		start = prev_at;
	if (start > at - body)
		start = at - body > 0 ? at - body : 0;

	int row = 0;
	for (int i = 0; i < n; i++) {
		const struct item *t = &it[i];
		bool done = lesson_run_done(r, t->step);
		attr_t a = t->wire          ? ui_attr(ui, ROLE_HINT)
			   : done           ? ui_attr(ui, ROLE_REPLY_2XX)
			   : t->step == cur ? ui_attr(ui, ROLE_DEFAULT) | A_BOLD
					    : ui_attr(ui, ROLE_DEFAULT);
		int room = W - t->indent;
		const char *p = t->body;
		size_t left = strlen(p);
		bool first = true;
		do {
			size_t next;
			size_t len = wrap_row(p, left, room > 0 ? room : 1, &next);
			if (row >= start && row - start < body) {
				wmove(w, 1 + row - start, 0);
				if (first)
					draw_str(w, a, t->prefix, strlen(t->prefix), W);
				else
					wmove(w, 1 + row - start, t->indent);
				draw_str(w, a, p, len, room);
			}
			row++;
			first = false;
			p += next;
			left -= next;
		} while (left > 0);
	}
	if (scrolls && start > 0)
		draw_more(ui, w, 1, full, false);
	if (scrolls && row - start > body)
		draw_more(ui, w, body, full, true);
	draw_footer(ui, w, r, H - 1, full);
}
