/* lineedit: a bounded UTF-8 line with cursor movement and kill/yank (see lineedit.h). */
#include "ui/lineedit.h"

#include <curses.h>
#include <string.h>

static char killbuf[LINEEDIT_MAX + 1];

static bool is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

static bool is_word(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void le_clear(struct lineedit *l)
{
	l->len = l->cur = 0;
	l->buf[0] = '\0';
}

void le_wipe(struct lineedit *l)
{
	explicit_bzero(l->buf, sizeof l->buf);
	l->len = l->cur = 0;
}

void le_set(struct lineedit *l, const char *s)
{
	size_t n = strlen(s);
	if (n > LINEEDIT_MAX)
		n = LINEEDIT_MAX;
	while (n > 0 && is_cont((unsigned char)s[n]) && n < strlen(s))
		n--; /* never cut a character in two */
	memcpy(l->buf, s, n);
	l->buf[n] = '\0';
	l->len = l->cur = n;
}

bool le_insert(struct lineedit *l, const char *s, size_t n)
{
	if (l->len + n > LINEEDIT_MAX)
		return false;
	memmove(l->buf + l->cur + n, l->buf + l->cur, l->len - l->cur + 1);
	memcpy(l->buf + l->cur, s, n);
	l->len += n;
	l->cur += n;
	return true;
}

void le_left(struct lineedit *l)
{
	if (l->cur == 0)
		return;
	l->cur--;
	while (l->cur > 0 && is_cont((unsigned char)l->buf[l->cur]))
		l->cur--;
}

void le_right(struct lineedit *l)
{
	if (l->cur >= l->len)
		return;
	l->cur++;
	while (l->cur < l->len && is_cont((unsigned char)l->buf[l->cur]))
		l->cur++;
}

void le_home(struct lineedit *l)
{
	l->cur = 0;
}

void le_end(struct lineedit *l)
{
	l->cur = l->len;
}

static void delete_range(struct lineedit *l, size_t a, size_t b, bool keep)
{
	if (b <= a)
		return;
	if (keep) {
		memcpy(killbuf, l->buf + a, b - a);
		killbuf[b - a] = '\0';
	}
	memmove(l->buf + a, l->buf + b, l->len - b + 1);
	l->len -= b - a;
	l->cur = a;
}

void le_backspace(struct lineedit *l)
{
	size_t end = l->cur;
	le_left(l);
	delete_range(l, l->cur, end, false);
}

void le_delete(struct lineedit *l)
{
	size_t start = l->cur;
	le_right(l);
	delete_range(l, start, l->cur, false);
}

void le_word_left(struct lineedit *l)
{
	while (l->cur > 0 && !is_word((unsigned char)l->buf[l->cur - 1]))
		l->cur--;
	while (l->cur > 0 && is_word((unsigned char)l->buf[l->cur - 1]))
		l->cur--;
}

void le_word_right(struct lineedit *l)
{
	while (l->cur < l->len && !is_word((unsigned char)l->buf[l->cur]))
		l->cur++;
	while (l->cur < l->len && is_word((unsigned char)l->buf[l->cur]))
		l->cur++;
}

void le_kill_end(struct lineedit *l)
{
	delete_range(l, l->cur, l->len, true);
}

void le_kill_start(struct lineedit *l)
{
	delete_range(l, 0, l->cur, true);
}

void le_kill_word(struct lineedit *l)
{
	size_t end = l->cur;
	/* Like a shell's C-w: back over blanks, then over the non-blank word. */
	while (l->cur > 0 && l->buf[l->cur - 1] == ' ')
		l->cur--;
	while (l->cur > 0 && l->buf[l->cur - 1] != ' ')
		l->cur--;
	delete_range(l, l->cur, end, true);
}

void le_yank(struct lineedit *l)
{
	le_insert(l, killbuf, strlen(killbuf));
}

bool le_key(struct lineedit *l, int key, bool is_key, bool alt)
{
	if (alt && !is_key) {
		switch (key) {
		case 'b': le_word_left(l); return true;
		case 'f': le_word_right(l); return true;
		case 'd': {
			size_t start = l->cur;
			le_word_right(l);
			delete_range(l, start, l->cur, true);
			return true;
		}
		case 127:
		case 8: le_kill_word(l); return true;
		default: return false;
		}
	}
	if (is_key) {
		switch (key) {
		case KEY_LEFT: le_left(l); return true;
		case KEY_RIGHT: le_right(l); return true;
		case KEY_HOME: le_home(l); return true;
		case KEY_END: le_end(l); return true;
		case KEY_BACKSPACE: le_backspace(l); return true;
		case KEY_DC: le_delete(l); return true;
		default: return false;
		}
	}
	switch (key) {
	case 1: le_home(l); return true;        /* C-a */
	case 5: le_end(l); return true;         /* C-e */
	case 2: le_left(l); return true;        /* C-b */
	case 6: le_right(l); return true;       /* C-f */
	case 11: le_kill_end(l); return true;   /* C-k */
	case 21: le_kill_start(l); return true; /* C-u */
	case 23: le_kill_word(l); return true;  /* C-w */
	case 25: le_yank(l); return true;       /* C-y */
	case 8:
	case 127: le_backspace(l); return true;
	default: break;
	}
	if (key >= 0x20 && key != 0x7f) {
		/* A character: encode it as UTF-8 (the terminal decoded it for us). */
		char s[8];
		size_t n;
		unsigned c = (unsigned)key;
		if (c < 0x80) {
			s[0] = (char)c;
			n = 1;
		} else if (c < 0x800) {
			s[0] = (char)(0xc0 | (c >> 6));
			s[1] = (char)(0x80 | (c & 0x3f));
			n = 2;
		} else if (c < 0x10000) {
			if (c >= 0xd800 && c <= 0xdfff)
				return true;
			s[0] = (char)(0xe0 | (c >> 12));
			s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
			s[2] = (char)(0x80 | (c & 0x3f));
			n = 3;
		} else if (c < 0x110000) {
			s[0] = (char)(0xf0 | (c >> 18));
			s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
			s[2] = (char)(0x80 | ((c >> 6) & 0x3f));
			s[3] = (char)(0x80 | (c & 0x3f));
			n = 4;
		} else {
			return true;
		}
		le_insert(l, s, n);
		return true;
	}
	return false;
}
