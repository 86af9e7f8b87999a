/* draw: the few text primitives every part of the TUI draws with. Text never runs past the window's right edge
 * (curses would wrap it onto the next row), and untrusted bytes are drawn only after lib/escape.h made them safe. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lib/escape.h"
#include "ui/ui-internal.h"

static bool ascii_only;

void draw_set_ascii(bool ascii)
{
	ascii_only = ascii;
}

/* Length in bytes and width in columns of the character at s (at most n bytes); width -1: not printable. */
static size_t char_at(const char *s, size_t n, int *width)
{
	if ((unsigned char)s[0] < 0x80 || ascii_only) {
		*width = ((unsigned char)s[0] >= 0x20 && (unsigned char)s[0] != 0x7f) ? 1 : -1;
		return 1;
	}
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t k = mbrtowc(&wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*width = -1;
		return 1;
	}
	*width = wcwidth(wc);
	return k;
}

int text_width(const char *s, size_t n)
{
	int cols = 0;
	size_t i = 0;
	while (i < n) {
		int wd;
		i += char_at(s + i, n - i, &wd);
		cols += wd > 0 ? wd : 0;
	}
	return cols;
}

int draw_str(WINDOW *w, attr_t a, const char *s, size_t n, int maxcols)
{
	int y, x, maxy, maxx;
	getyx(w, y, x);
	getmaxyx(w, maxy, maxx);
	(void)y;
	(void)maxy;
	if (maxcols > maxx - x)
		maxcols = maxx - x;
	int cols = 0;
	size_t i = 0, start = 0;
	while (i < n) {
		int wd;
		size_t k = char_at(s + i, n - i, &wd);
		if (wd < 0) {
			/* Never reached with escaped text; skip the byte rather than hand curses a control. */
			if (i > start) {
				wattrset(w, a);
				waddnstr(w, s + start, (int)(i - start));
			}
			i += k;
			start = i;
			continue;
		}
		if (cols + wd > maxcols)
			break;
		cols += wd;
		i += k;
	}
	if (i > start) {
		wattrset(w, a);
		waddnstr(w, s + start, (int)(i - start));
	}
	return cols;
}

static int draw_escaped(WINDOW *w, attr_t a, const uint8_t *p, size_t n, int maxcols, unsigned flags)
{
	struct buf b;
	/* Each byte escapes to at most 10 bytes ("\u{XXXX}"); maxcols bounds what can show anyway. */
	size_t lim = (size_t)(maxcols > 0 ? maxcols : 0) * 4 + 64;
	if (n > lim)
		n = lim;
	buf_init(&b, n * 10 + 16);
	escape_bytes(&b, p, n, flags);
	int cols = draw_str(w, a, buf_cstr(&b), b.len, maxcols);
	buf_free(&b);
	return cols;
}

int draw_untrusted(WINDOW *w, attr_t a, const uint8_t *p, size_t n, int maxcols)
{
	return draw_escaped(w, a, p, n, maxcols, ascii_only ? ESCAPE_ASCII : ESCAPE_DEFAULT);
}

int draw_untrusted_ascii(WINDOW *w, attr_t a, const uint8_t *p, size_t n, int maxcols)
{
	return draw_escaped(w, a, p, n, maxcols, ESCAPE_ASCII);
}

void draw_fill(WINDOW *w, attr_t a)
{
	int y, x, maxy, maxx;
	getyx(w, y, x);
	getmaxyx(w, maxy, maxx);
	(void)maxy;
	wattrset(w, a);
	for (int i = x; i < maxx; i++)
		mvwaddch(w, y, i, ' ');
	wmove(w, y, x);
}

int draw_fit(WINDOW *w, attr_t a, const char *s, size_t n, int width)
{
	if (width <= 0)
		return 0;
	if (text_width(s, n) <= width)
		return draw_str(w, a, s, n, width);
	const char *more = ascii_only ? ">" : "\xe2\x80\xa6";
	int cols = draw_str(w, a, s, n, width - 1);
	return cols + draw_str(w, a, more, strlen(more), 1);
}

WINDOW *draw_panel(struct ui *ui, int h, int w, int y, int x, int title_rows, int foot_rows)
{
	WINDOW *win = h > 0 && w > 0 ? newwin(h, w, y, x) : NULL;
	if (win == NULL)
		return NULL;
	leaveok(win, TRUE);
	attr_t base = ui_attr(ui, ROLE_OVERLAY), ta = ui_attr(ui, ROLE_OVERLAY_TITLE);
	wbkgdset(win, ' ' | base);
	werase(win);
	/* Every cell written, not only erased: a theme's background must cover the panes beneath to the last column. */
	for (int r = 0; r < h; r++) {
		wmove(win, r, 0);
		draw_fill(win, r < title_rows || r >= h - foot_rows ? ta : base);
	}
	return win;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long base64_decode(const char *in, size_t n, uint8_t *out, size_t outsz)
{
	unsigned acc = 0;
	int bits = 0;
	size_t o = 0, digits = 0;
	bool pad = false;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)in[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad = true;
			continue;
		}
		int v = b64val(c);
		if (v < 0 || pad)
			return -1;
		digits++;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outsz)
				return -1;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	if (digits % 4 == 1)
		return -1;
	return (long)o;
}
