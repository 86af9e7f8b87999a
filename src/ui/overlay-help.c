/* overlay-help: F1. The key bindings come from the bindings store (the defaults of keys.c and the user's /bind
 * lines) and the commands from the console's command table, so help never drifts from what the program does. */
#include <stdio.h>
#include <string.h>

#include "cmd/console.h"
#include "cmd/options.h"
#include "lib/i18n.h"
#include "ui/overlay.h"

/* "  F1       help: ..." with the note's next rows under the note, past the key column. */
static void key(struct olines *o, const char *k, const char *note)
{
	ol_add(o, ROLE_OVERLAY, "  %-8s %s", k, _(note));
	ol_hang(o, 11);
}

/* A paragraph: it wraps to the width there is, its rows all starting in column 2. */
static void para(struct olines *o, const char *text)
{
	ol_add(o, ROLE_OVERLAY, "  %s", _(text));
	ol_hang(o, 2);
}

static void build(struct ui *ui, struct olines *o)
{
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", _("Keys"));
	for (size_t i = 0; i < bindings_count(); i++) {
		const struct binding *b = bindings_at(i);
		if (b->command[0])
			key(o, b->key, b->note[0] ? b->note : b->command);
	}
	key(o, "Enter", N_("open the selected entry (or the search match) in the reader"));
	key(o, "Tab", N_("complete SMTP verbs, /commands, the server's keywords"));
	key(o, "Up/Down", N_("history (kept across runs; AUTH lines are never stored)"));
	/* TRANSLATORS: the mouse wheel, in the key column of F1 help: at most 8 columns. */
	key(o, _("wheel"),
	    N_("scroll the pane under the mouse; click a reply to select it, click it again to open it; drag "
	       "the divider between the panes to move it"));
	para(o, N_("(/bind KEY COMMAND and the config file change these: docs/config.md)"));
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", _("Line editing"));
	para(o, N_("Left/Right Home/End C-a C-e: move   M-b M-f: word left/right"));
	para(o, N_("C-k: kill to end   C-u: kill to start   C-w: kill word   C-y: yank"));
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", _("Search"));
	para(o,
	     N_("C-f opens the search prompt (not '/': '/' starts console commands). Enter searches older lines; "
		"then n (older) and N (newer), or F3 / S-F3; Esc leaves search mode. n and N only act while a search "
		"is active."));
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", _("Message editor (after 354)"));
	para(o, N_("Pre-filled headers, then the blank line that ends them: the body starts below it (without it the "
		   "server reads the body as headers; it is put back if typed over). C-d or a lone \".\" line sends "
		   "(dot-stuffing is done for you); Esc abandons the editor (the server still waits: type lines, end "
		   "with \".\")."));
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_OVERLAY_TITLE, "%s",
	       _("Commands (a line without '/' is sent to the server as typed, plus CRLF)"));
	for (const struct console_cmd_info *c = console_commands(); c && c->name; c++)
		ol_add(o, ROLE_OVERLAY, "  /%s %s%s %s", c->name, c->args ? c->args : "",
		       c->args && c->args[0] ? " " : "", c->help ? _(c->help) : "");
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", _("Wire pane"));
	para(o,
	     N_("C/S: client/server; the lock marks TLS; each read or write starts with a triangle and its time "
		"offset; CR LF are faint, a bare CR or LF is highlighted; escapes like \\x1b are shown, never obeyed. "
		"A rule marks the STARTTLS boundary."));
	para(o,
	     N_("A long line wraps; its next rows start with a hooked arrow in the gutter. F7 cuts long lines at the "
		"edge instead (a marker says more is there) and S-Left / S-Right scroll."));
	para(o, N_("F6 hex view: offsets, hex, ASCII, and on TLS the raw records between the lines they carry (type, "
		   "record version, length). TLS 1.3 writes version 3.3 on its records too."));
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_OVERLAY_TITLE, "%s",
	       _("Reader (full-screen text: a reply explained, a wire line in hex, long output)"));
	para(o, N_("Up/Down PgUp/PgDn Home/End (or j k space b g G) and the wheel scroll; / or C-f searches, n and N "
		   "find the next and the previous match; Esc or q goes back to exactly where you were. Long output of "
		   "/explain, /help, /mailbox, /lesson text, /tls scan opens here; the wire pane keeps a note of it."));
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", _("Lessons (smtpcon --lab=NAME)"));
	para(o,
	     N_("/lesson docks the running scenario's lesson beside the session: in the decoded pane's place on a "
		"narrow terminal (80x24), under the decoded pane on a wide one. You keep typing at the prompt; each "
		"step is ticked when the session shows it done, and says what to look at on the wire. M-l or /lesson "
		"off hides it (M-l shows it again), /lesson NAME follows another lesson, /lesson text shows the whole "
		"lesson in the reader."));
	/* The dock's marks (lesson-dock.c draw_more), as it draws them: arrows on a UTF-8 terminal, v and ^ else. */
	char marks[600];
	/* TRANSLATORS: F1 help, Lessons. First %s: the mark at the right end of the dock's last row (a down arrow)
	 * that says rows are hidden below; second: the mark on its first row (an up arrow): rows hidden above. */
	snprintf(marks, sizeof marks,
		 _("%s at the right end of the dock's last row, %s at the end of its first: more of the lesson is "
		   "hidden below or above. The dock follows the step you are on; /lesson text shows the whole lesson."),
		 ui->utf8 ? "\xe2\x86\x93" : "v", ui->utf8 ? "\xe2\x86\x91" : "^");
	ol_add(o, ROLE_OVERLAY, "  %s", marks);
	ol_hang(o, 2);
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", _("Listen mode (smtpcon --listen)"));
	para(o, N_("Every row belongs to a client: its number (#1, #2 ...) stands in the wire pane's gutter and before "
		   "each decoded entry, in a colour of its own. /client N shows client N alone in both panes (search "
		   "and the reader work on what is shown; smtpcon's own notes stay), the status bar naming it with its "
		   "address; M-c goes on to the next client, then to all of them; /client all shows every client "
		   "again. With --manual, /accept N and /reply N TEXT answer client N."));
}

const struct overlay_ops overlay_help = {
	.title = N_("smtpcon help"),
	.footer = N_("Esc or q closes, F1 toggles"),
	.build = build,
};
