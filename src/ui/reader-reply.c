/* reader-reply: the reader's page for a decoded entry or a wire line. A reply's page holds its lines as sent
 * (escaped), the basic and the enhanced code each explained by replycodes_explain (the same text, from the same
 * tables, as `smtpcon --explain` prints: there is no second copy of any explanation), the command it answered,
 * its place on the wire, the diagnoses that followed it, and its bytes in hex. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reply.h"
#include "core/replycodes.h"
#include "core/session.h"
#include "core/model.h"
#include "lib/i18n.h"
#include "lib/buf.h"
#include "lib/dtext.h"
#include "lib/escape.h"
#include "ui/clients.h"
#include "ui/pane.h"
#include "ui/reader.h"
#include "ui/replies-int.h"
#include "ui/wirelog.h"

/* Rows of hex dump one page shows (16 bytes a row): a reply line is at most 2048 bytes, so this is all of it. */
#define HEX_ROWS_MAX 4096u

/* The --explain text of code, its lines as they are; rows after a line's first are indented under its text. */
static void add_explain(struct rdoc *d, const char *heading, const char *code)
{
	struct dtext out;
	dtext_init(&out, 64u * 1024u);
	replycodes_explaind(code, &out);
	rdoc_add(d, ROLE_OVERLAY_TITLE, 0, heading);
	const char *s = dtext_loc(&out); /* for a person: in the user's language */
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		/* Our own text: escaping is a no-op on it, and keeps the one gate in front of the screen. */
		rdoc_add_untrusted(d, ROLE_OVERLAY, 4, "", (const uint8_t *)s, len);
		s += len + (nl ? 1 : 0);
	}
	dtext_free(&out);
}

static void add_hex(struct rdoc *d, const uint8_t *p, size_t n, size_t *off, size_t *rows)
{
	for (size_t i = 0; i < n && *rows < HEX_ROWS_MAX; i += 16, (*rows)++) {
		struct buf b;
		buf_init(&b, 128);
		hexdump_row(&b, *off + i, p + i, n - i < 16 ? n - i : 16);
		rdoc_add(d, ROLE_OVERLAY, 0, buf_cstr(&b));
		buf_free(&b);
	}
	*off += n;
}

/* True when the wire log still holds lines [first, last]. */
static bool have_wire(struct wirelog *log, size_t first, size_t last)
{
	return first <= last && first >= wirelog_first(log) && last < wirelog_end(log);
}

/* The wire lines [first, last] of a reply as sent, escaped. */
static void add_wire_text(struct rdoc *d, struct wirelog *log, size_t first, size_t last)
{
	/* xgettext:no-c-format */
	rdoc_add(d, ROLE_OVERLAY_TITLE, 0, _("The reply as sent (every byte; \\r\\n ends each line)"));
	for (size_t n = first; n <= last; n++) {
		struct wl_line l;
		if (!wirelog_get(log, n, &l) || l.kind != WL_DATA)
			continue;
		rdoc_add_untrusted(d, ROLE_WIRE_SERVER, 5, "  S: ", l.text, l.len);
		if (l.flags & WL_CUT)
			rdoc_add(d, ROLE_WARNING, 5, _("     (this line was longer: the log keeps its first 2048 bytes)"));
	}
}

/* The same lines in hex (never a mask drawn as if it were bytes that were sent). */
static void add_wire_hex(struct rdoc *d, struct wirelog *log, size_t first, size_t last)
{
	rdoc_add(d, ROLE_OVERLAY_TITLE, 0, _("The reply's bytes in hex"));
	for (size_t n = first; n <= last; n++) {
		struct wl_line l;
		if (wirelog_get(log, n, &l) && (l.flags & WL_SECRET)) {
			rdoc_add(d, ROLE_OVERLAY, 4,
				 _("  (not shown: a secret was masked in these bytes, and the mask is not "
				   "what was sent)"));
			return;
		}
	}
	size_t off = 0, rows = 0;
	for (size_t n = first; n <= last; n++) {
		struct wl_line l;
		if (wirelog_get(log, n, &l) && l.kind == WL_DATA)
			add_hex(d, l.text, l.len, &off, &rows);
	}
}

/* True when no reply came after entry abs. */
static bool is_newest_reply(struct ui *ui, long abs)
{
	for (long i = abs + 1;; i++) {
		const struct rentry *x = replies_entry(ui->replies, i);
		if (x == NULL)
			return true;
		if (x->kind == RK_REPLY)
			return false;
	}
}

static void add_reply(struct ui *ui, struct rdoc *d, const struct rentry *e, long abs)
{
	char mbuf[160];
	const char *m = replies_meaning(e->code, e->enhanced, mbuf, sizeof mbuf);
	rdoc_addf(d, theme_reply_role(e->code), 4, "%03d%s%s  %s", e->code, e->enhanced[0] ? " " : "", e->enhanced, m);
	if (e->tls)
		rdoc_addf(d, ROLE_OVERLAY, 4,
			  P_("At %.3f s after the session began, inside TLS (encrypted on the wire); %zu line.",
			     "At %.3f s after the session began, inside TLS (encrypted on the wire); %zu lines.", e->nlines),
			  e->t_ms / 1000.0, e->nlines);
	else
		rdoc_addf(d, ROLE_OVERLAY, 4,
			  P_("At %.3f s after the session began, in plaintext (not TLS: anyone on the path could read "
			     "it); %zu line.",
			     "At %.3f s after the session began, in plaintext (not TLS: anyone on the path could read "
			     "it); %zu lines.",
			     e->nlines),
			  e->t_ms / 1000.0, e->nlines);
	if (e->command) {
		const char *said = session_command_shown(e->command); /* "(anything)" in the user's words */
		rdoc_add_untrusted(d, ROLE_OVERLAY, 4, _("It answers: "), (const uint8_t *)said, strlen(said));
	} else
		rdoc_add(d, ROLE_OVERLAY, 4,
			 _("It answers: the connection itself (a greeting, or a reply nothing asked for)"));
	if (e->flags) {
		char fl[256];
		reply_flags_describe(e->flags, fl, sizeof fl);
		rdoc_addf(d, ROLE_WARNING, 4, _("Anomalies: %s"), fl);
	}
	if (is_newest_reply(ui, abs) && ui->s) {
		/* The hint line's "next:" in full (a narrow hint line cuts it, with a sign). */
		struct session_model sm;
		char next[256];
		session_get_model(ui->s, &sm);
		rdoc_addf(d, ROLE_HINT, 4, _("Next: %s"), model_next_step_loc(&sm, next, sizeof next));
	}
	rdoc_add(d, ROLE_OVERLAY, 0, "");
	struct wirelog *log = wire_log(ui->wire);
	bool wire = e->wvalid && have_wire(log, e->wfirst, e->wlast);
	if (wire) {
		add_wire_text(d, log, e->wfirst, e->wlast);
	} else {
		/* The wire log dropped those lines (or never had them): the text the decoded pane kept. */
		rdoc_add(d, ROLE_OVERLAY_TITLE, 0, _("The reply's text (its lines without the line ends)"));
		rdoc_add_lines(d, ROLE_WIRE_SERVER, 4, e->text);
	}
	rdoc_add(d, ROLE_OVERLAY, 0, "");
	char code[16];
	if (e->code >= 0) {
		snprintf(code, sizeof code, "%03d", e->code);
		char heading[64];
		snprintf(heading, sizeof heading, _("The basic code %s"), code);
		add_explain(d, heading, code);
		rdoc_add(d, ROLE_OVERLAY, 0, "");
	}
	if (e->enhanced[0]) {
		char heading[64];
		snprintf(heading, sizeof heading, _("The enhanced code %s"), e->enhanced);
		add_explain(d, heading, e->enhanced);
		rdoc_add(d, ROLE_OVERLAY, 0, "");
	}
	/* The diagnoses the console made of it: the entries after it, up to the next reply. */
	rdoc_add(d, ROLE_OVERLAY_TITLE, 0, _("What smtpcon noticed about it"));
	size_t nd = 0;
	for (long i = abs + 1;; i++) {
		const struct rentry *x = replies_entry(ui->replies, i);
		if (x == NULL || x->kind == RK_REPLY)
			break;
		rdoc_add_untrusted(d,
				   x->kind == RK_ERROR     ? ROLE_ERROR
				   : x->kind == RK_WARNING ? ROLE_WARNING
							   : ROLE_DIAGNOSIS,
				   4,
				   x->kind == RK_ERROR     ? _("  error: ")
				   : x->kind == RK_WARNING ? _("  warning: ")
							   : _("  note: "),
				   (const uint8_t *)x->text, x->textlen);
		if (x->hint)
			rdoc_add_untrusted(d, ROLE_HINT, 4, _("    try: "), (const uint8_t *)x->hint, strlen(x->hint));
		nd++;
	}
	if (nd == 0)
		rdoc_add(d, ROLE_OVERLAY, 4, _("  nothing: no warning or diagnosis followed this reply"));
	if (wire) {
		rdoc_add(d, ROLE_OVERLAY, 0, "");
		add_wire_hex(d, log, e->wfirst, e->wlast);
	}
}

static void add_message(struct rdoc *d, const struct rentry *e)
{
	rdoc_addf(d,
		  e->kind == RK_ERROR     ? ROLE_ERROR
		  : e->kind == RK_WARNING ? ROLE_WARNING
					  : ROLE_DIAGNOSIS,
		  /* TRANSLATORS: "warning unadvertised-extension at 1.234 s": the kind, its id, the time. */
		  4, _("%s%s%s at %.3f s"), replies_kind_label(e->kind), e->id ? " " : "", e->id ? e->id : "",
		  e->t_ms / 1000.0);
	rdoc_add(d, ROLE_OVERLAY, 0, "");
	rdoc_add_lines(d, ROLE_OVERLAY, 4, e->text);
	if (e->hint) {
		rdoc_add(d, ROLE_OVERLAY, 0, "");
		rdoc_add_untrusted(d, ROLE_HINT, 4, _("What to try: "), (const uint8_t *)e->hint, strlen(e->hint));
	}
}

/* Listen mode: whose it is, in the client's colour, as the panes tag it ("#2"); nothing for our own lines. */
static void add_client(struct ui *ui, struct rdoc *d, unsigned long client)
{
	if (client == 0 || ui->cfg == NULL || ui->cfg->listen == NULL)
		return;
	/* TRANSLATORS: the reader's first line in listen mode: the client's number (as the panes tag it, "#2") and
	 * its address ("127.0.0.1:40000"). */
	rdoc_addf(d, clients_role(client), 4, _("Client #%lu (%s)"), client, clients_peer(ui, client));
}

struct rdoc *reader_doc_for_selection(struct ui *ui)
{
	long abs = replies_selected(ui->replies);
	const struct rentry *e = abs >= 0 ? replies_entry(ui->replies, abs) : NULL;
	if (e == NULL)
		return NULL;
	char title[96];
	if (e->kind == RK_REPLY)
		snprintf(title, sizeof title, _("reply %03d%s%s"), e->code, e->enhanced[0] ? " " : "", e->enhanced);
	else
		snprintf(title, sizeof title, "%s", replies_kind_label(e->kind));
	struct rdoc *d = rdoc_new(title);
	add_client(ui, d, e->client);
	if (e->kind == RK_REPLY)
		add_reply(ui, d, e, abs);
	else
		add_message(d, e);
	return d;
}

struct rdoc *reader_doc_for_wire_line(struct ui *ui, size_t n)
{
	struct wirelog *log = wire_log(ui->wire);
	struct wl_line l;
	if (!wirelog_get(log, n, &l))
		return NULL;
	struct rdoc *d = rdoc_new(_("wire line"));
	/* One whole sentence per case (a translation may order its words as its language wants). */
	const char *what;
	bool tls = l.flags & WL_TLS;
	if (l.kind == WL_DATA && l.dir == 1)
		what = tls ? _("At %.3f s: client to server, inside TLS") : _("At %.3f s: client to server, in plaintext");
	else if (l.kind == WL_DATA)
		what = tls ? _("At %.3f s: server to client, inside TLS") : _("At %.3f s: server to client, in plaintext");
	else if (l.kind == WL_RECORD)
		what = _("At %.3f s: a raw TLS record");
	else
		what = _("At %.3f s: smtpcon's own note (not on the wire)");
	add_client(ui, d, l.client);
	rdoc_addf(d, ROLE_OVERLAY, 4, what, l.t_ms / 1000.0);
	if (l.flags & WL_CUT)
		rdoc_addf(d, ROLE_OVERLAY, 4,
			  P_("%zu byte kept (the line was longer: the log keeps its first 2048 bytes)",
			     "%zu bytes kept (the line was longer: the log keeps its first 2048 bytes)", l.len),
			  l.len);
	else
		rdoc_addf(d, ROLE_OVERLAY, 4, P_("%zu byte", "%zu bytes", l.len), l.len);
	rdoc_add(d, ROLE_OVERLAY, 0, "");
	/* xgettext:no-c-format */
	rdoc_add(d, ROLE_OVERLAY_TITLE, 0, _("Every byte, escaped (\\r\\n is the line end)"));
	rdoc_add_untrusted(d, l.dir == 1 ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER, 0, "", l.text, l.len);
	rdoc_add(d, ROLE_OVERLAY, 0, "");
	rdoc_add(d, ROLE_OVERLAY_TITLE, 0, _("In hex"));
	if (l.flags & WL_SECRET) {
		rdoc_add(d, ROLE_OVERLAY, 4,
			 _("(not shown: a secret was masked in these bytes, and the mask is not what "
			   "was sent)"));
	} else {
		size_t off = 0, rows = 0;
		add_hex(d, l.text, l.len, &off, &rows);
	}
	return d;
}
