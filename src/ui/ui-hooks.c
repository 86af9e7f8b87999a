/* ui-hooks: what the session and the console call into the TUI: the session's event sink (each event to the
 * panes, a command's output of several lines to the reader) and the console's hooks (a secret
 * to ask, a view to open, /set options the TUI applies, the end of the session). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/options.h"
#include "lib/i18n.h"
#include "ui/clients.h"
#include "ui/overlay.h"
#include "ui/pane.h"
#include "ui/prompt.h"
#include "ui/reader.h"
#include "ui/ui-internal.h"
#include "ui/wirelog.h"

/* ---- the session sink and the console hooks ---- */

/* The output of a command (several lines) goes to the reader, where it wraps and scrolls, and a note in the wire
 * pane keeps its place in the story. One sentence, or the notes of listen mode, stay notes in the wire pane, which
 * wraps them between words to its width at every redraw, so they re-wrap when the terminal is resized (a reader
 * popping up for them would cover what the user watches, or take the keys from someone typing). */
static bool output_to_reader(struct ui *ui, const struct event *ev)
{
	if (ev->type != EV_OUTPUT || ev->text == NULL || ui->lay.too_small)
		return false;
	const char *text = event_text(ev);
	const char *name = ui->con ? console_current_command(ui->con) : NULL;
	if (strchr(text, '\n') == NULL || name == NULL || ev->id)
		return false;
	char title[96];
	snprintf(title, sizeof title, "/%s", name);
	struct rdoc *d = rdoc_new(title);
	rdoc_add_lines(d, ROLE_OVERLAY, 4, text);
	size_t n = rdoc_lines(d);
	reader_open(ui, d);
	char line[160];
	snprintf(line, sizeof line,
		 P_("%s: %zu line of output, shown in the reader", "%s: %zu lines of output, shown in the reader", n),
		 title, n);
	wirelog_set_client(wire_log(ui->wire), 0); /* the console's output: no client's */
	wirelog_append(wire_log(ui->wire), WL_NOTE, DIR_NONE, 0, (uint32_t)(ev->t_ns / 1000000u), (const uint8_t *)line,
		       strlen(line));
	ui_mark(ui, DIRTY_WIRE);
	return true;
}

void ui_on_event(void *ctx, const struct event *ev)
{
	struct ui *ui = ctx;
	if (output_to_reader(ui, ev)) {
		ui_mark(ui, DIRTY_STATUS | DIRTY_PROMPT);
		return;
	}
	clients_event(ui->clients, ev);
	ui->wire->ops->event(ui->wire->data, ev);
	ui->replies->ops->event(ui->replies->data, ev);
	if (ev->client) { /* listen mode: a remote client's session, shown but not ours to act on */
		ui_mark(ui, DIRTY_STATUS | DIRTY_PROMPT);
		return;
	}
	progress_event(ui, ev);
	switch (ev->type) {
	case EV_REPLY:
		if (ev->reply) {
			compose_track(ui, ev->command, ev->reply->code);
			/* Our own DATA was accepted (in listen mode the 354 is the server's answer to a remote
			 * client: nothing for us to write). */
			bool ours = session_phase(ui->s) == PHASE_CONNECTED;
			if (ev->reply->code == 354 && ours && !ui->data_from_file && !prompt_editor_open(ui->prompt)) {
				char *text = editor_prefill(ui);
				prompt_open_editor(ui->prompt, text);
				free(text);
			}
		}
		break;
	case EV_CLOSED:
		if (prompt_editor_open(ui->prompt))
			prompt_cancel(ui->prompt);
		ui->data_from_file = false;
		break;
	case EV_STATE:
		if (ui->flash_until_state) { /* the late reply came: the footer shows where that led */
			ui->flash[0] = '\0';
			ui->flash_until_state = false;
		}
		break;
	case EV_TRANSACTION:
		if (ev->txn) { /* the footer says how it ended, replacing "waiting for the verdict" */
			char d[400];
			bool message = ev->txn->at == TXN_AT_MESSAGE && ev->txn->outcome != TXN_ABANDONED;
			/* TRANSLATORS: %s says how it ended ("accepted: 250 2.0.0 Ok"). */
			ui_flash(ui, message ? _("message %s") : _("mail transaction %s"),
				 txn_describe(ev->txn, d, sizeof d));
		}
		break;
	default:
		break;
	}
	ui_mark(ui, DIRTY_STATUS | DIRTY_PROMPT | DIRTY_LESSON); /* the event may have done a lesson's step */
}

static void hook_ask_secret(void *ctx, const char *label, console_secret_fn done, void *arg)
{
	struct ui *ui = ctx;
	prompt_ask_secret(ui->prompt, label, done, arg);
}

/* /set NAME VALUE at the prompt: apply what the TUI can apply now. False: not a TUI option. */
static bool apply_option(struct ui *ui, const char *name)
{
	if (strcmp(name, "theme") == 0) {
		ui_load_theme(ui, options_get("theme"));
		clearok(curscr, TRUE);
		ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT);
	} else if (strcmp(name, "hex") == 0) {
		wire_set_hex(ui->wire, options_flag("hex"));
	} else if (strcmp(name, "wrap") == 0) {
		wire_set_wrap(ui->wire, options_flag("wrap"));
	} else if (strcmp(name, "mouse") == 0) {
		input_set_mouse(options_flag("mouse"));
	} else if (strcmp(name, "wire-width") == 0 || strcmp(name, "wire-rows") == 0 || strcmp(name, "keybar") == 0) {
		ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT);
	} else if (strcmp(name, "history") == 0) {
		ui_flash(ui, "%s", _("history: takes effect at the next start"));
	} else {
		return false;
	}
	return true;
}

/* /help typed at the prompt: the F1 help's own lines (one source), in the reader where they wrap. */
static struct rdoc *help_doc(struct ui *ui)
{
	struct olines o = {.width = ui->cols - 2};
	overlay_help.build(ui, &o);
	struct rdoc *d = rdoc_new(overlay_help.title);
	for (size_t i = 0; i < o.n; i++) {
		const char *t = o.v[i].text ? o.v[i].text : "";
		/* The builder's hang ("  F1       help": past the key column), else under the text. */
		int indent = o.v[i].hang >= 0 ? o.v[i].hang : (int)strspn(t, " ") + 2;
		if (o.v[i].text2)
			rdoc_addf(d, o.v[i].role, indent, "%s  %s", t, o.v[i].text2);
		else
			rdoc_add(d, o.v[i].role, indent, t);
		free(o.v[i].text);
		free(o.v[i].text2);
	}
	free(o.v);
	return d;
}

static bool hook_view(void *ctx, const char *what, const char *arg)
{
	struct ui *ui = ctx;
	bool has_arg = arg && arg[0];
	if (strcmp(what, "compose") == 0)
		ui->data_from_file = false; /* /data alone: the message editor opens after 354 */
	else if (strcmp(what, "help") == 0 && !has_arg)
		reader_open(ui, help_doc(ui));
	else if (strcmp(what, "caps") == 0 || (strcmp(what, "diff") == 0 && !has_arg))
		overlay_open(ui, &overlay_caps);
	else if (strcmp(what, "lesson") == 0 && has_arg)
		reader_show_text(ui, "lesson", arg);
	else if (strcmp(what, "lesson-dock") == 0)
		ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT); /* /lesson or /lesson off: room made or given back */
	else if (strcmp(what, "cert") == 0)
		overlay_cert_open(ui, arg);
	else if (strcmp(what, "hex") == 0)
		wire_toggle_hex(ui->wire);
	else if (strcmp(what, "clear") == 0)
		wire_clear(ui->wire);
	else if (strcmp(what, "client") == 0)
		clients_command(ui, arg); /* /client N: the panes show that client alone (listen mode; cmd-client.c) */
	else if (strcmp(what, "set") == 0 && has_arg)
		return apply_option(ui, arg);
	else
		return false;
	return true;
}

static void hook_finished(void *ctx)
{
	ui_leave(ctx);
}

void ui_console_hooks(struct ui *ui, struct console_hooks *out)
{
	*out = (struct console_hooks){
		.ask_secret = hook_ask_secret,
		.view = hook_view,
		.finished = hook_finished,
		.ctx = ui,
	};
}
