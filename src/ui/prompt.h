/* prompt: the bottom of the screen where the user types. Modes: a console command line (history, completion,
 * hints), a password prompt that never echoes, the search prompt, and the multi-line message editor opened after
 * a 354 reply. */
#ifndef SMTPCON_UI_PROMPT_H
#define SMTPCON_UI_PROMPT_H
#include <curses.h>
#include <stdbool.h>

#include "cmd/console.h"
#include "ui/ui-internal.h"

enum prompt_mode { PM_COMMAND, PM_SECRET, PM_SEARCH, PM_EDITOR };

struct prompt *prompt_new(struct ui *ui, const char *history_path);
void prompt_free(struct prompt *p);

/* A key (a curses code when is_key, else a character; alt: it came after ESC). Returns true when used. */
bool prompt_key(struct prompt *p, int key, bool is_key, bool alt);
/* Draw into the prompt window, and the hint line into hint. */
void prompt_draw(struct prompt *p, WINDOW *w);
void prompt_draw_hint(struct prompt *p, WINDOW *hint);
/* Where the cursor belongs in the prompt window after drawing. */
void prompt_cursor(const struct prompt *p, int *y, int *x);
/* Rows the prompt wants (more while the message editor is open). */
int prompt_rows(const struct prompt *p);
enum prompt_mode prompt_mode(const struct prompt *p);
/* True when the command line is empty (so Home/End may scroll instead of editing). */
bool prompt_empty(const struct prompt *p);

/* Ask for a secret (console_hooks.ask_secret): the answer goes to done(con, secret, arg), NULL when cancelled. */
void prompt_ask_secret(struct prompt *p, const char *label, console_secret_fn done, void *arg);
/* Open the search prompt. */
void prompt_search(struct prompt *p);
/* Leave the secret or search prompt, or close the editor (Ctrl-C / Esc). Returns true when there was one. */
bool prompt_cancel(struct prompt *p);
/* Open the message editor with text (lines separated by '\n'); the cursor goes to the end. */
void prompt_open_editor(struct prompt *p, const char *text);
bool prompt_editor_open(const struct prompt *p);

#endif
