/* history: the prompt's command history, kept across runs in $XDG_STATE_HOME/smtpcon/history (or
 * ~/.local/state/smtpcon/history). Lines the console calls secret (AUTH payloads, passwords) are never stored,
 * in memory or on disk. */
#ifndef SMTPCON_UI_HISTORY_H
#define SMTPCON_UI_HISTORY_H
#include <stdbool.h>
#include <stddef.h>

/* Lines kept (older ones are forgotten, and the file is rewritten shorter when it grows past twice this). */
#define HISTORY_MAX 1000

struct history;

/* Load from path (NULL: the default location; "" : memory only). */
struct history *history_new(const char *path);
void history_free(struct history *h);
/* True for the lines never kept, in memory or on disk: every AUTH line (with or without credentials), every /auth
 * and /answer command, and whatever the console calls secret. */
bool history_never_stored(const char *line);
/* Add a line typed by the user (skipped when empty, never stored (above) or the same as the last one) and append
 * it to the file. */
void history_add(struct history *h, const char *line);
size_t history_count(const struct history *h);
/* Entry i, 0 = oldest; NULL when out of range. */
const char *history_at(const struct history *h, size_t i);

#endif
