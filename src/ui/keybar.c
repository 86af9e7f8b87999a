/* keybar: the one-row key bar of the stacked layout (htop's and mc's "F1 Help  F4 Caps ..."), so a learner on a
 * small terminal finds the F-keys. Built from the live bindings (keys.c defaults and the user's /bind lines), so
 * it never names a key that does something else; an item that does not fit whole is left out, never cut. */
#include <stdio.h>
#include <string.h>

#include "cmd/options.h"
#include "lib/i18n.h"
#include "ui/ui-internal.h"

/* Short labels for the UI actions an F-key may be bound to; a console line shows its command word. Marked here,
 * translated when drawn. */
static const struct {
	const char *action, *label;
} labels[] = {
	/* TRANSLATORS: key bar labels ("F1 Help  F2 Pane ..."): at most 8 columns each. The eight default ones
	 * (Help Pane Next Caps Cert Hex Wrap Quit), with their key names and two blanks between items, must fit
	 * in 79 columns (an 80-column screen less its last cell): English takes 70, so 9 columns more in all at
	 * most, or F10 Quit falls off the bar. Abbreviate ("Suiv.") rather than run long. */
	{"help", N_("Help")},
	{"focus", N_("Pane")},
	{"search-next", N_("Next")},
	{"search-prev", N_("Prev")},
	{"search", N_("Find")},
	{"caps", N_("Caps")},
	{"cert", N_("Cert")},
	{"hex", N_("Hex")},
	{"wrap", N_("Wrap")},
	{"quit", N_("Quit")},
	{"cancel", N_("Cancel")},
	{"redraw", N_("Redraw")},
	{"page-up", N_("PgUp")},
	{"page-down", N_("PgDn")},
	{"top", N_("Top")},
	{"bottom", N_("End")},
	{"select-prev", N_("Prev")},
	{"select-next", N_("Next")},
	{"split-wire-narrower", N_("Split<")},
	{"split-wire-wider", N_("Split>")},
};

/* The label of a bound command: "Caps" for the action caps, "explain" for "/explain 550". */
static void label_of(const char *command, char *out, size_t n)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		if (strcmp(command, labels[i].action) == 0) {
			snprintf(out, n, "%s", _(labels[i].label));
			return;
		}
	}
	const char *s = command[0] == '/' ? command + 1 : command;
	size_t len = strcspn(s, " ");
	if (len > 8)
		len = 8;
	snprintf(out, n, "%.*s", (int)len, s);
}

void keybar_draw(struct ui *ui, WINDOW *w)
{
	int width = getmaxx(w);
	werase(w);
	wmove(w, 0, 0);
	attr_t key = ui_attr(ui, ROLE_DEFAULT) | A_BOLD, lab = ui_attr(ui, ROLE_STATUS);
	int cols = 0;
	for (int f = 1; f <= 12; f++) {
		char name[8], label[32];
		snprintf(name, sizeof name, "F%d", f);
		const char *cmd = bindings_lookup(name);
		if (cmd == NULL || cmd[0] == '\0')
			continue;
		label_of(cmd, label, sizeof label);
		/* "F1 Help", two blanks apart: an item is drawn whole or not at all. Measured in display columns:
		 * translated labels carry accents (two bytes, one column). */
		int need = text_width(name, strlen(name)) + 1 + text_width(label, strlen(label)) + (cols ? 2 : 0);
		/* The bar is the screen's last row: its last cell cannot be drawn on every terminal (writing it would
		 * scroll the screen), so an item must end before it. */
		if (cols + need > width - 1)
			break;
		if (cols)
			cols += draw_str(w, lab, "  ", 2, width - cols);
		cols += draw_str(w, key, name, strlen(name), width - cols);
		cols += draw_str(w, lab, " ", 1, width - cols);
		cols += draw_str(w, lab, label, strlen(label), width - cols);
	}
	/* The rest of the row in the bar's colour, as htop and mc do. */
	draw_fill(w, lab);
}
