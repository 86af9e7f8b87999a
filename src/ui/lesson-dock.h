/* lesson-dock: the practice lesson docked beside the session (/lesson): its steps, each ticked when done, with
 * what to look at on the wire. It only draws what the console's lesson says (cmd/cmd-lab.h: console_lesson);
 * the ticks are worked out from the session model there, never here. */
#ifndef SMTPCON_UI_LESSON_DOCK_H
#define SMTPCON_UI_LESSON_DOCK_H
#include <curses.h>

struct ui;

/* Rows the docked lesson would like at width columns, its title and last row included; 0 when no lesson is
 * docked. The layout gives it what it can (ui/layout.h). */
int lesson_dock_rows(int width);
/* Draw the docked lesson into w (row 0 is its title). */
void lesson_dock_draw(struct ui *ui, WINDOW *w);

#endif
