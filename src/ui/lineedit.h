/* lineedit: one line of text being edited (UTF-8, bounded), with the usual Emacs-style operations. The prompt,
 * the password prompt, the search prompt and each line of the message editor are one of these. */
#ifndef SMTPCON_UI_LINEEDIT_H
#define SMTPCON_UI_LINEEDIT_H
#include <stdbool.h>
#include <stddef.h>

/* Longest line a person can type (an SMTP command line is at most 512 octets; /raw lines may be longer). */
#define LINEEDIT_MAX 4000

struct lineedit {
	char buf[LINEEDIT_MAX + 1]; /* always NUL-terminated */
	size_t len;
	size_t cur;                 /* byte offset of the cursor, on a character boundary */
};

void le_clear(struct lineedit *l);
/* Wipe the bytes (explicit_bzero), for secrets. */
void le_wipe(struct lineedit *l);
void le_set(struct lineedit *l, const char *s);
/* Insert UTF-8 bytes at the cursor (nothing when the line would pass LINEEDIT_MAX). */
bool le_insert(struct lineedit *l, const char *s, size_t n);
void le_left(struct lineedit *l);
void le_right(struct lineedit *l);
void le_home(struct lineedit *l);
void le_end(struct lineedit *l);
void le_backspace(struct lineedit *l);
void le_delete(struct lineedit *l);
void le_word_left(struct lineedit *l);
void le_word_right(struct lineedit *l);
/* Kill to the end (C-k), to the start (C-u), the word before the cursor (C-w); the killed text goes to the
 * one-entry kill buffer that le_yank inserts. */
void le_kill_end(struct lineedit *l);
void le_kill_start(struct lineedit *l);
void le_kill_word(struct lineedit *l);
void le_yank(struct lineedit *l);
/* Standard key handling shared by every line: returns true when key (a curses code when is_key, else a
 * character; alt for Meta) was an editing key and was applied. */
bool le_key(struct lineedit *l, int key, bool is_key, bool alt);

#endif
