/* wire-gutter: the wire pane's gutter, the columns left of a row's text: time, (listen mode) the client's number
 * in its colour, direction, lock, segment mark. */
#include <stdio.h>
#include <string.h>

#include "ui/clients.h"
#include "ui/wire-int.h"

static const char *glyph(const struct wire *w, const char *utf8, const char *ascii)
{
	return w->ui->utf8 ? utf8 : ascii;
}

int wire_gutter(const struct wire *w)
{
	return GUTTER + (w->ui->cfg && w->ui->cfg->listen ? 5 : 0);
}

/* The segment and continuation marks: in listen mode a client's row has them in its colour, so a glance down the
 * gutter follows one client's conversation; otherwise (and our own notes) the segment role. */
static attr_t mark_attr(const struct wire *w, const struct wl_line *l)
{
	struct ui *ui = w->ui;
	if (ui->cfg && ui->cfg->listen && l->client)
		return clients_attr(ui, l->client) & ~(attr_t)A_BOLD;
	return ui_attr(ui, ROLE_WIRE_SEGMENT);
}

/* The gutter: time, direction, lock, segment mark. A wrapped line's continuation rows (cont) leave the time and
 * direction blank and carry the continuation mark, so no one mistakes them for a new line. */
void wire_draw_gutter(struct wire *w, WINDOW *win, const struct wl_line *l, bool show_time, bool cont)
{
	struct ui *ui = w->ui;
	char tb[16] = "        ";
	if (show_time && !cont)
		snprintf(tb, sizeof tb, "%8.3f", l->t_ms / 1000.0);
	draw_str(win, ui_attr(ui, ROLE_WIRE_TIME), tb, strlen(tb), 8);
	draw_str(win, ui_attr(ui, ROLE_DEFAULT), " ", 1, 1);
	if (ui->cfg && ui->cfg->listen) {
		/* Listen mode: the remote client every row belongs to ("#2"; blank for the console's own notes). */
		char cb[16] = "";
		if (l->client >= 1000) /* the last three digits; the client's notes say its whole number */
			snprintf(cb, sizeof cb, "%s%03u", glyph(w, "\xe2\x80\xa6", "~"), l->client % 1000);
		else if (l->client)
			snprintf(cb, sizeof cb, "#%u", l->client);
		int n = draw_str(win, clients_attr(ui, l->client), cb, strlen(cb), 4);
		draw_str(win, ui_attr(ui, ROLE_DEFAULT), "     ", (size_t)(5 - n), 5 - n);
	}
	if (cont) {
		const char *mark = glyph(w, "\xe2\x86\xaa", "+");
		draw_str(win, ui_attr(ui, ROLE_DEFAULT), "   ", 3, 3);
		draw_str(win, mark_attr(w, l), mark, strlen(mark), 1);
		draw_str(win, ui_attr(ui, ROLE_DEFAULT), " ", 1, 1);
		return;
	}
	if (l->kind != WL_DATA && l->kind != WL_RECORD) {
		draw_str(win, ui_attr(ui, ROLE_DEFAULT), "     ", 5, 5);
		return;
	}
	bool c = l->dir == DIR_CLIENT;
	draw_str(win, ui_attr(ui, c ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER) | A_BOLD, c ? "C" : "S", 1, 1);
	if (l->kind == WL_DATA && (l->flags & WL_TLS)) {
		const char *lock = glyph(w, "\xf0\x9f\x94\x92", "T ");
		draw_str(win, ui_attr(ui, ROLE_WIRE_TLS), lock, strlen(lock), 2);
	} else {
		draw_str(win, ui_attr(ui, ROLE_DEFAULT), "  ", 2, 2);
	}
	/* A pipelined group's commands: a bracket, bold, joining them to the note above that counts them. */
	bool grp = l->dir == DIR_CLIENT && (l->flags & WL_GROUP);
	const char *seg = grp                         ? glyph(w, "\xe2\x94\x83", "[")
			  : (l->flags & WL_SEG_START) ? glyph(w, "\xe2\x96\xb8", ">")
						      : glyph(w, "\xe2\x94\x82", "|");
	draw_str(win, mark_attr(w, l) | (grp ? A_BOLD : 0), seg, strlen(seg), 1);
	draw_str(win, ui_attr(ui, ROLE_DEFAULT), " ", 1, 1);
}
