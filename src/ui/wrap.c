/* wrap: where safe display text breaks into rows of a given width, at word boundaries (the decoded pane, its
 * detail and the reader all wrap with it, so a sentence never ends at a pane's edge). Pure: no curses. */
#include "ui/wrap.h"

#include <stdbool.h>
#include <string.h>

#include "ui/ui-internal.h"

/* Bytes of the UTF-8 character at s (at most n): a lead byte and its continuation bytes. */
static size_t char_len(const char *s, size_t n)
{
	size_t k = 1;
	if ((unsigned char)s[0] >= 0x80)
		while (k < n && ((unsigned char)s[k] & 0xc0) == 0x80)
			k++;
	return k;
}

/* May the row break at the space s[k]? Not when the next mark belongs to the word before it, nor after a
 * function key's name. */
static bool breakable(const char *s, size_t n, size_t k)
{
	size_t a = k + 1;
	while (a < n && s[a] == ' ')
		a++;
	if (a < n && s[a] != '\0' && strchr(";:!?", s[a]) != NULL && (a + 1 == n || s[a + 1] == ' '))
		return false;
	if (a + 1 < n && (unsigned char)s[a] == 0xc2 && (unsigned char)s[a + 1] == 0xbb) /* » */
		return false;
	if (k >= 2 && (unsigned char)s[k - 2] == 0xc2 && (unsigned char)s[k - 1] == 0xab) /* « */
		return false;
	/* A function key stays with what it does ("F10 quits", "F1 aide"): the word before is F1..F12. */
	size_t b = k;
	while (b > 0 && s[b - 1] != ' ')
		b--;
	if (s[b] == 'F' && k - b >= 2 && k - b <= 3 && s[b + 1] >= '1' && s[b + 1] <= '9' &&
	    (k - b == 2 || (s[b + 2] >= '0' && s[b + 2] <= '9')))
		return false;
	return true;
}

size_t wrap_row(const char *s, size_t n, int width, size_t *next)
{
	if (width < 1)
		width = 1;
	size_t j = 0;
	int cols = 0;
	while (j < n) {
		size_t k = char_len(s + j, n - j);
		int cw = text_width(s + j, k);
		if (cols + cw > width)
			break;
		cols += cw;
		j += k;
	}
	if (j >= n) {
		*next = n;
		return n;
	}
	if (j == 0) {
		/* Not even one character fits: take one anyway, so wrapping always moves on. */
		j = char_len(s, n);
		*next = j;
		return j;
	}
	/* Back up to the last space that fits (a space right after the row also ends it), but not a space that French
	 * puts before ";" ":" "!" "?" "»" or after "«": a row never starts with such a mark. */
	size_t k = j;
	while (k > 0 && (s[k] != ' ' || !breakable(s, n, k)))
		k--;
	if (k == 0) /* no such space: any space will do */
		for (k = j; k > 0 && s[k] != ' ';)
			k--;
	if (s[k] == ' ' && k > 0) {
		size_t end = k;
		while (end > 0 && s[end - 1] == ' ')
			end--;
		if (end > 0) {
			size_t nx = k;
			while (nx < n && s[nx] == ' ')
				nx++;
			*next = nx;
			return end;
		}
	}
	/* One word longer than the row: cut it inside (nothing is lost, it goes on on the next row); a path or an
	 * address breaks after its last "/" that fits, so a file name stays whole. */
	for (size_t p = j; p > 1; p--)
		if (s[p - 1] == '/') {
			*next = p;
			return p;
		}
	*next = j;
	return j;
}

size_t wrap_count(const char *s, size_t n, int width)
{
	size_t rows = 0, i = 0;
	do {
		size_t nx;
		wrap_row(s + i, n - i, width, &nx);
		i += nx;
		rows++;
	} while (i < n);
	return rows;
}
