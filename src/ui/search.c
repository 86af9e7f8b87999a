/* search: find text in the wire log without freezing the keyboard. A search walks a slice of lines per loop pass
 * (through a zero-delay timer), so even a walk over millions of lines leaves typing and redraws responsive. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "ui/clients.h"
#include "ui/pane.h"
#include "ui/wirelog.h"

/* Lines looked at per loop pass. */
#define SEARCH_SLICE 50000

/* Offset of the first match of pat in l, or SIZE_MAX. */
static size_t line_match(const struct wl_line *l, const char *pat, size_t pn)
{
	if (pn == 0 || l->len < pn)
		return SIZE_MAX;
	for (size_t i = 0; i + pn <= l->len; i++) {
		size_t k = 0;
		while (k < pn && tolower(l->text[i + k]) == tolower((unsigned char)pat[k]))
			k++;
		if (k == pn)
			return i;
	}
	return SIZE_MAX;
}

static void step(void *arg)
{
	struct ui *ui = arg;
	struct ui_search *s = &ui->search;
	s->timer = 0;
	if (!s->running)
		return;
	struct wirelog *log = wire_log(ui->wire);
	size_t first = wirelog_first(log), end = wirelog_end(log);
	size_t pn = strlen(s->pattern);
	for (int i = 0; i < SEARCH_SLICE; i++) {
		if (s->cursor < first || s->cursor >= end) {
			s->running = false;
			snprintf(s->message, sizeof s->message, "%s", s->dir < 0 ? _("no older match") : _("no newer match"));
			ui_mark(ui, DIRTY_PROMPT);
			return;
		}
		struct wl_line l;
		/* Raw TLS records are ciphertext for the hex view: nothing a person searches for. */
		size_t off = SIZE_MAX;
		/* With /client N, the rows shown are those searched (the others take no row to show a match on). */
		if (wirelog_get(log, s->cursor, &l) && l.kind != WL_RECORD && clients_visible(ui, l.client) &&
		    (off = line_match(&l, s->pattern, pn)) != SIZE_MAX) {
			s->running = false;
			s->has_match = true;
			s->match = s->cursor;
			snprintf(s->message, sizeof s->message, _("match at line %zu"), s->cursor - first + 1);
			wire_show_match(ui->wire, s->cursor, off, pn);
			ui_mark(ui, DIRTY_PROMPT);
			return;
		}
		if (s->dir < 0 && s->cursor == 0) {
			s->cursor = SIZE_MAX;
			continue;
		}
		s->cursor += s->dir < 0 ? (size_t)-1 : 1;
	}
	s->timer = loop_timer_add(ui->loop, 0, step, ui);
	ui_mark(ui, DIRTY_PROMPT);
}

static void run(struct ui *ui, size_t from, int dir)
{
	struct ui_search *s = &ui->search;
	s->dir = dir;
	s->cursor = from;
	s->running = true;
	s->active = true;
	s->message[0] = '\0';
	if (s->timer == 0)
		s->timer = loop_timer_add(ui->loop, 0, step, ui);
	ui_mark(ui, DIRTY_PROMPT);
}

void search_start(struct ui *ui, const char *pattern)
{
	struct ui_search *s = &ui->search;
	snprintf(s->pattern, sizeof s->pattern, "%s", pattern);
	s->has_match = false;
	size_t end = wirelog_end(wire_log(ui->wire));
	run(ui, end ? end - 1 : SIZE_MAX, -1);
}

void search_next(struct ui *ui, int dir)
{
	struct ui_search *s = &ui->search;
	if (s->pattern[0] == '\0') {
		ui_flash(ui, "%s", _("no search yet: Ctrl-F to search"));
		return;
	}
	size_t end = wirelog_end(wire_log(ui->wire));
	size_t from;
	if (s->has_match)
		from = dir < 0 ? (s->match ? s->match - 1 : SIZE_MAX) : s->match + 1;
	else
		from = dir < 0 ? (end ? end - 1 : SIZE_MAX) : wirelog_first(wire_log(ui->wire));
	run(ui, from, dir);
}

void search_stop(struct ui *ui)
{
	struct ui_search *s = &ui->search;
	if (s->timer)
		loop_timer_cancel(ui->loop, s->timer);
	s->timer = 0;
	s->running = false;
	s->active = false;
	wire_unmatch(ui->wire);
	ui_mark(ui, DIRTY_PROMPT);
}
