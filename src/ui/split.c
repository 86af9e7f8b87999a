/* split: the divider between the wire pane and the decoded pane. It moves with keys (split-wire-narrower,
 * split-wire-wider: M-Left, M-Right) and with the mouse (drag the border column, or the decoded pane's title row
 * when stacked); the position is the option wire-width (side by side) or wire-rows (stacked), written to the
 * config file so the next start has it too. */
#include <stdio.h>

#include "lib/i18n.h"
#include "cmd/config.h"
#include "cmd/options.h"
#include "ui/ui-internal.h"

void split_prefs(struct layout_prefs *out)
{
	out->wire_cols = (int)options_number("wire-width");
	out->wire_rows = (int)options_number("wire-rows");
	out->no_keybar = !options_flag("keybar");
	out->lesson_rows = 0; /* the caller adds a docked lesson's (ui.c) */
}

static void apply(struct ui *ui, int pos, bool remember)
{
	const struct layout *l = &ui->lay;
	if (l->too_small)
		return;
	if (pos < l->split_min)
		pos = l->split_min;
	if (pos > l->split_max)
		pos = l->split_max;
	const char *name = l->side_by_side ? "wire-width" : "wire-rows";
	char v[16], err[300];
	snprintf(v, sizeof v, "%d", pos);
	if (options_set(name, v, err, sizeof err) < 0)
		return;
	ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT);
	if (!remember)
		return;
	if (config_remember(ui->cfg, name, err, sizeof err) < 0)
		ui_flash(ui, _("%s %s (not remembered: %s)"), name, v, err);
	else
		ui_flash(ui, _("%s %s (remembered in the config file; /set %s 0 is automatic)"), name, v, name);
}

void split_move(struct ui *ui, int delta)
{
	const struct layout *l = &ui->lay;
	if (l->too_small)
		return;
	int now = l->side_by_side ? l->wire.w : l->wire.h;
	apply(ui, now + delta, true);
}

void split_set(struct ui *ui, int pos, bool remember)
{
	apply(ui, pos, remember);
}
