/* clients: listen mode's remote clients as the TUI shows them. Each client keeps the number the listener gave it
 * and its peer address (both from the events), a colour from the theme's client palette (ROLE_CLIENT_1...), and
 * one client can be shown alone (/client N, M-c). Filtering happens when the panes draw: they ask
 * clients_visible() for each row's stored client number, so no row is ever dropped, and scrolling, search and the
 * reader all work on what is shown. Rows of no client (0: the console's own notes, our answers to what was typed)
 * always show: they are the answer to the /client just typed, among others. */
#ifndef SMTPCON_UI_CLIENTS_H
#define SMTPCON_UI_CLIENTS_H
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/event.h"
#include "ui/theme.h"

struct ui;
struct clients;

/* The highest client number that can be shown alone: the wire log keeps a row's client in 16 bits, with 65535
 * meaning "that or higher". */
#define CLIENTS_MAX 65534u

struct clients *clients_new(void);
void clients_free(struct clients *c);
/* Learn from an event: its client's number (the highest seen) and, the first time it is given, its peer. */
void clients_event(struct clients *c, const struct event *ev);
/* True when a row of client n is drawn (n 0: not about a client, always drawn). */
bool clients_visible(const struct ui *ui, unsigned long n);
/* The client shown alone, 0 when every client is. */
unsigned long clients_shown(const struct ui *ui);
/* The attributes of client n's tag and gutter mark: its palette colour, bold (so that without colour the tag
 * still stands out); n 0: the notes' style. */
attr_t clients_attr(const struct ui *ui, unsigned long n);
/* Client n's role in the palette (ROLE_CLIENT_1 ...), for text drawn in its colour; n 0: ROLE_WIRE_NOTE. */
enum ui_role clients_role(unsigned long n);
/* Client n's peer address ("127.0.0.1:40000"), "?" when no event named it. */
const char *clients_peer(const struct ui *ui, unsigned long n);
/* The highest client number seen so far (for completion; 0: none yet). */
unsigned long clients_count(const struct ui *ui);
/*
 * /client ARG in the TUI: "all" or "" shows every client, "next" the next one (as M-c), a number that client
 * alone. A number no client has had is an error note in the wire pane; what changed is said in the hint line.
 */
void clients_command(struct ui *ui, const char *arg);
/* M-c: every client, then #1, #2 ... the last seen, then every client again. Outside listen mode, a hint. */
void clients_cycle(struct ui *ui);
/* The status bar's words for the client shown alone ("client #2 of 3 shown (127.0.0.1:40000)", compact: "only #2
 * 127.0.0.1:40000"); false (out untouched) when every client shows. */
bool clients_status(const struct ui *ui, bool compact, char *out, size_t n);
/* Listen mode once two clients or more have connected: the key bound to client-next ("M-c", or where the user
 * moved it; not an F-key, which the key bar shows anyway), for the key bar; NULL otherwise. */
const char *clients_key(const struct ui *ui);
/* Listen mode's hint line while nothing is typed and the console's own session is idle: what to do, then the
 * general keys, M-c among them once clients_key() names it (the side-by-side layout has no key bar). */
const char *clients_idle_hint(const struct ui *ui);
/* A pane title's mark for the client shown alone (" [#2 only]"), "" when every client shows. */
const char *clients_title(const struct ui *ui, char *buf, size_t n);

#endif
