/* overlay: full-screen views drawn over the panes (help, capabilities, certificate, the TLS-hold question). Each
 * overlay is a const struct overlay_ops that builds its lines; overlay.c draws, scrolls and closes them. Text
 * that came from the server is escaped when a line is built (ol_add_untrusted) and drawn through the escape gate
 * again (a no-op on safe text). */
#ifndef SMTPCON_UI_OVERLAY_H
#define SMTPCON_UI_OVERLAY_H
#include <curses.h>
#include <stdbool.h>

#include "ui/ui-internal.h"

struct oline {
	enum ui_role role;
	char *text;
	enum ui_role role2; /* a second column (side-by-side views), or none when text2 is NULL */
	char *text2;
	int hang; /* columns the rows after the first of a wrapped line start in, or -1: under its text */
};

struct olines {
	struct oline *v;
	size_t n, cap;
	int width; /* columns available, so builders can lay out two columns */
};

struct overlay_ops {
	const char *title;
	const char *footer;
	/* Fill out with the overlay's lines (called at every draw: the content follows the session). */
	void (*build)(struct ui *ui, struct olines *out);
	/* Extra keys (a character unless is_key); true when used. May be NULL. */
	bool (*key)(struct ui *ui, int key, bool is_key);
	/* Small dialog (centred, sized to its text) rather than the whole screen. */
	bool dialog;
};

void ol_add(struct olines *o, enum ui_role r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The last line added wraps with its next rows hang columns in (a key's note goes on under the note). */
void ol_hang(struct olines *o, int cols);
/* lead is ours; text is untrusted and escaped. */
void ol_add_untrusted(struct olines *o, enum ui_role r, const char *lead, const char *text);
/* Two columns: left and right are safe text (escape untrusted parts first). */
void ol_add2(struct olines *o, enum ui_role r1, const char *left, enum ui_role r2, const char *right);

void overlay_open(struct ui *ui, const struct overlay_ops *ops);
void overlay_close(struct ui *ui);
void overlay_draw(struct ui *ui);
/* Keys while an overlay is open: scrolling, Esc/q closes, then the overlay's own keys. */
bool overlay_key(struct ui *ui, int key, bool is_key);

extern const struct overlay_ops overlay_help;
extern const struct overlay_ops overlay_caps;
extern const struct overlay_ops overlay_cert;
/* Open the certificate inspector at a place given as /cert takes it ("2", "text 1", NULL). */
void overlay_cert_open(struct ui *ui, const char *arg);
extern const struct overlay_ops overlay_hold;

#endif
