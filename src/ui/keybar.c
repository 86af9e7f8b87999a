/* keybar: the one-row key bar of the stacked layout (htop's and mc's "F1 Help  F4 Caps ..."), so a learner on a
 * small terminal finds the F-keys. Built from the live bindings (keys.c defaults and the user's /bind lines), so
 * it never names a key that does something else; an item that does not fit whole is left out, never cut. In
 * listen mode, once a second client has connected, the key that shows one client alone (M-c) joins the F-keys. */
#include <stdio.h>
#include <string.h>

#include "cmd/options.h"
#include "lib/i18n.h"
#include "ui/clients.h"
#include "ui/ui-internal.h"

/* When the items do not all fit, the one of the highest rank is left out first (the rightmost of equals): the
 * way to help and out stay longest, the view toggles go first. */
enum {
	RANK_VITAL,  /* help, quit */
	RANK_CLIENT, /* listen mode's M-c: without it the clients' rows stay interleaved */
	RANK_MOVE,   /* moving around: focus, search, pages */
	RANK_OTHER,  /* the rest, and console lines bound to a key */
	RANK_VIEW,   /* view toggles: hex, wrap */
};

/* Short labels for the UI actions a key on the bar may be bound to; a console line shows its command word. Marked
 * here, translated when drawn. */
static const struct {
	const char *action, *label;
	int rank;
} labels[] = {
	/* TRANSLATORS: key bar labels ("F1 Help  F2 Pane ..."): at most 8 columns each. The eight default ones
	 * (Help Pane Next Caps Cert Hex Wrap Quit), with their key names and two blanks between items, must fit
	 * in 79 columns (an 80-column screen less its last cell): English takes 70, so 9 columns more in all at
	 * most, or F10 Quit falls off the bar. Abbreviate ("Suiv.") rather than run long. */
	{"help", N_("Help"), RANK_VITAL},
	{"focus", N_("Pane"), RANK_MOVE},
	{"search-next", N_("Next"), RANK_MOVE},
	{"search-prev", N_("Prev"), RANK_MOVE},
	{"search", N_("Find"), RANK_MOVE},
	{"caps", N_("Caps"), RANK_OTHER},
	{"cert", N_("Cert"), RANK_OTHER},
	{"hex", N_("Hex"), RANK_VIEW},
	{"wrap", N_("Wrap"), RANK_VIEW},
	{"quit", N_("Quit"), RANK_VITAL},
	{"cancel", N_("Cancel"), RANK_OTHER},
	{"redraw", N_("Redraw"), RANK_OTHER},
	{"page-up", N_("PgUp"), RANK_MOVE},
	{"page-down", N_("PgDn"), RANK_MOVE},
	{"top", N_("Top"), RANK_MOVE},
	{"bottom", N_("End"), RANK_MOVE},
	{"select-prev", N_("Prev"), RANK_MOVE},
	{"select-next", N_("Next"), RANK_MOVE},
	{"split-wire-narrower", N_("Split<"), RANK_VIEW},
	{"split-wire-wider", N_("Split>"), RANK_VIEW},
	/* TRANSLATORS: key bar label of M-c in listen mode, once two clients have connected: it shows one client
	 * alone, then the next. At most 8 columns; with the eight default F-keys it must fit an 80-column bar (the
	 * bar leaves out Hex and Wrap first to make room, never Help or Quit). */
	{"client-next", N_("Client"), RANK_CLIENT},
};

/* An item of the bar: "F1 Help". */
struct item {
	char key[16], label[32];
	int width; /* display columns of "KEY LABEL" */
	int rank;
	bool shown;
};

/* The most items the bar can hold: F1 to F12 and M-c. */
#define KEYBAR_ITEMS 13

/* The label of a bound command: "Caps" for the action caps, "explain" for "/explain 550"; returns its rank. */
static int label_of(const char *command, char *out, size_t n)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		if (strcmp(command, labels[i].action) == 0) {
			snprintf(out, n, "%s", _(labels[i].label));
			return labels[i].rank;
		}
	}
	const char *s = command[0] == '/' ? command + 1 : command;
	size_t len = strcspn(s, " ");
	if (len > 8)
		len = 8;
	snprintf(out, n, "%.*s", (int)len, s);
	return RANK_OTHER;
}

static void item_add(struct item *items, int *n, const char *key, const char *command)
{
	if (*n >= KEYBAR_ITEMS)
		return;
	struct item *it = &items[(*n)++];
	snprintf(it->key, sizeof it->key, "%s", key);
	it->rank = label_of(command, it->label, sizeof it->label);
	/* Measured in display columns: translated labels carry accents (two bytes, one column). */
	it->width = text_width(it->key, strlen(it->key)) + 1 + text_width(it->label, strlen(it->label));
	it->shown = true;
}

/* Columns the shown items take, two blanks apart. */
static int items_width(const struct item *items, int n)
{
	int cols = 0, shown = 0;
	for (int i = 0; i < n; i++) {
		if (items[i].shown) {
			cols += items[i].width + (shown ? 2 : 0);
			shown++;
		}
	}
	return cols;
}

void keybar_draw(struct ui *ui, WINDOW *w)
{
	int width = getmaxx(w);
	werase(w);
	wmove(w, 0, 0);
	attr_t key = ui_attr(ui, ROLE_DEFAULT) | A_BOLD, lab = ui_attr(ui, ROLE_STATUS);
	struct item items[KEYBAR_ITEMS];
	int n = 0;
	for (int f = 1; f <= 12; f++) {
		char name[8];
		snprintf(name, sizeof name, "F%d", f);
		const char *cmd = bindings_lookup(name);
		if (cmd != NULL && cmd[0] != '\0')
			item_add(items, &n, name, cmd);
	}
	const char *ck = clients_key(ui);
	if (ck)
		item_add(items, &n, ck, "client-next");
	/* The bar is the screen's last row: its last cell cannot be drawn on every terminal (writing it would scroll
	 * the screen), so the items must end before it. Leave out the highest rank until they fit. */
	while (items_width(items, n) > width - 1) {
		int drop = -1;
		for (int i = 0; i < n; i++)
			if (items[i].shown && (drop < 0 || items[i].rank >= items[drop].rank))
				drop = i;
		if (drop < 0)
			break;
		items[drop].shown = false;
	}
	int cols = 0;
	for (int i = 0; i < n; i++) {
		if (!items[i].shown)
			continue;
		/* "F1 Help", two blanks apart: an item is drawn whole or not at all. */
		if (cols)
			cols += draw_str(w, lab, "  ", 2, width - cols);
		cols += draw_str(w, key, items[i].key, strlen(items[i].key), width - cols);
		cols += draw_str(w, lab, " ", 1, width - cols);
		cols += draw_str(w, lab, items[i].label, strlen(items[i].label), width - cols);
	}
	/* The rest of the row in the bar's colour, as htop and mc do. */
	draw_fill(w, lab);
}
