/* reader: the full-screen text view (like less, or mutt's pager) over the panes. It shows a document of logical
 * lines wrapped at word boundaries to the width it has (again at every resize), scrolls (arrows, PgUp/PgDn,
 * Home/End, the wheel), searches ('/' or Ctrl-F, then n/N) and Esc closes it: the panes beneath are never
 * touched, so the user is back exactly where they were. What opens it: Enter on a decoded entry (reader-reply.c),
 * Enter on the wire line of a search match, and long console output (/explain, /help, /mailbox, ...). */
#ifndef SMTPCON_UI_READER_H
#define SMTPCON_UI_READER_H
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/ui-internal.h"

struct rdoc;

/* A new empty document titled title (our own text). */
struct rdoc *rdoc_new(const char *title);
void rdoc_free(struct rdoc *d);
/* One logical line of our own text; rows after its first are indented by indent columns. */
void rdoc_add(struct rdoc *d, enum ui_role r, int indent, const char *text);
void rdoc_addf(struct rdoc *d, enum ui_role r, int indent, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* One logical line: lead (ours) then untrusted bytes p[0..n), escaped here. */
void rdoc_add_untrusted(struct rdoc *d, enum ui_role r, int indent, const char *lead, const uint8_t *p, size_t n);
/* Several lines of untrusted text at once, split at '\n' (each escaped). */
void rdoc_add_lines(struct rdoc *d, enum ui_role r, int indent, const char *text);
/* Lines so far. */
size_t rdoc_lines(const struct rdoc *d);

/* Open the reader on doc (the reader owns it now). An open reader shows the new document instead. */
void reader_open(struct ui *ui, struct rdoc *doc);
/* Open it, or when the reader already shows a document titled like doc, add doc's lines to its end (output of
 * one command that arrives in pieces). */
void reader_open_or_append(struct ui *ui, struct rdoc *doc);
/* Open the reader on text (lines split at '\n', escaped) titled title: a lesson, console output. */
void reader_show_text(struct ui *ui, const char *title, const char *text);
void reader_close(struct ui *ui);
bool reader_is_open(const struct ui *ui);
/* Draw over the panes' area (the status bar, hint and prompt stay). */
void reader_draw(struct ui *ui);
/* A key while the reader is open; true when it took the key (it takes nearly all). */
bool reader_key(struct ui *ui, int key, bool is_key);
/* The wheel over the reader: rows < 0 scrolls back. */
void reader_scroll(struct ui *ui, int rows);

/* ---- reader-reply.c: what the reader shows for a decoded entry or a wire line ---- */
/* The document for the decoded pane's selected entry, or NULL when none is selected. */
struct rdoc *reader_doc_for_selection(struct ui *ui);
/* The document for wire line n (its bytes escaped, and a hex dump), or NULL when the line is gone. */
struct rdoc *reader_doc_for_wire_line(struct ui *ui, size_t n);

#endif
