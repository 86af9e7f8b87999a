/* ui-theme: the theme (theme.c's roles and colours) turned into curses attributes, and loading a theme by name
 * (--theme, /set theme, NO_COLOR). */
#include <stdlib.h>

#include "lib/i18n.h"
#include "ui/ui-internal.h"

/* When no theme file can be found: attributes only, so the screen still has structure. */
static const char fallback_theme[] =
	"title reverse\ntitle.focus reverse bold\nstatus reverse\nstatus.plain reverse\nstatus.tls reverse bold\n"
	"status.bad reverse bold\nstatus.wait reverse bold\nwire.eol dim\nwire.anomaly reverse bold\n"
	"wire.escape underline\nwire.rule bold\nwire.mark reverse\nwire.match standout\nreply.selected reverse\n"
	"overlay.title reverse bold\nerror bold\nnotice reverse bold\nwire.time dim\nhint dim\n";

/* ---- theme -> curses ---- */

/* The theme's attribute bits and the curses attribute each one means. */
static const struct {
	unsigned ta;
	attr_t curses;
} attr_map[] = {
	{TA_BOLD, A_BOLD},     {TA_DIM, A_DIM},           {TA_UNDERLINE, A_UNDERLINE}, {TA_REVERSE, A_REVERSE},
	{TA_ITALIC, A_ITALIC}, {TA_STANDOUT, A_STANDOUT}, {TA_BLINK, A_BLINK},
};

static attr_t curses_attrs(unsigned a)
{
	attr_t r = A_NORMAL;
	for (size_t i = 0; i < sizeof attr_map / sizeof attr_map[0]; i++)
		if (a & attr_map[i].ta)
			r |= attr_map[i].curses;
	return r;
}

static void apply_theme(struct ui *ui)
{
	bool defaults = false;
	if (ui->colour) {
		start_color();
		defaults = use_default_colors() == OK;
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct theme_style *st = &ui->theme.style[r];
		attr_t a = curses_attrs(st->attrs);
		if (ui->colour && (st->fg != THEME_COLOUR_DEFAULT || st->bg != THEME_COLOUR_DEFAULT) &&
		    r + 1 < COLOR_PAIRS) {
			short fg = theme_colour_for(st->fg, st->fg_fb, COLORS);
			short bg = theme_colour_for(st->bg, st->bg_fb, COLORS);
			if (!defaults) {
				if (fg < 0)
					fg = COLOR_WHITE;
				if (bg < 0)
					bg = COLOR_BLACK;
			}
			init_pair((short)(r + 1), fg, bg);
			a |= COLOR_PAIR(r + 1);
		}
		ui->attr[r] = a;
	}
}

/* Load theme name (NULL: --theme, else the config file's /set theme, else the default; NO_COLOR means mono). */
void ui_load_theme(struct ui *ui, const char *name)
{
	const char *nc = getenv("NO_COLOR");
	bool no_color = nc && nc[0];
	if (name == NULL)
		name = ui->cfg && ui->cfg->theme ? ui->cfg->theme : no_color ? "mono" : "default";
	theme_init(&ui->theme);
	struct buf errs;
	buf_init(&errs, 4096);
	int n = theme_load(&ui->theme, name, &errs);
	if (theme_unset_roles(&ui->theme) == ROLE_COUNT)
		theme_parse(&ui->theme, fallback_theme, sizeof fallback_theme - 1, "built-in", NULL);
	ui->colour = has_colors() && !no_color;
	apply_theme(ui);
	if (n)
		ui_note_lines(ui, _("theme: "), buf_cstr(&errs)); /* what was wrong, one note per line of the report */
	buf_free(&errs);
}
