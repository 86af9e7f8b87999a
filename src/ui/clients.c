/* clients: listen mode's remote clients in the TUI: numbers, peers, colours, and the client shown alone (see
 * clients.h). */
#include "ui/clients.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/options.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"
#include "ui/complete.h"
#include "ui/pane.h"
#include "ui/ui-internal.h"
#include "ui/wirelog.h"

/* A peer address: "[ffff:...]:65535" fits with room to spare. */
#define PEER_MAX 64

struct clients {
	char (*peer)[PEER_MAX]; /* peer[n - 1]: client n's address, "" until an event names it */
	size_t cap;
	unsigned long n;     /* the highest client number seen */
	unsigned long shown; /* the client shown alone, 0: every client */
};

struct clients *clients_new(void)
{
	return xcalloc(1, sizeof(struct clients));
}

void clients_free(struct clients *c)
{
	if (c == NULL)
		return;
	free(c->peer);
	free(c);
}

void clients_event(struct clients *c, const struct event *ev)
{
	unsigned long n = ev->client;
	if (n == 0 || n > CLIENTS_MAX)
		return;
	if (n > c->cap) {
		size_t cap = c->cap ? c->cap : 16;
		while (cap < n)
			cap *= 2;
		c->peer = xrealloc(c->peer, cap * sizeof *c->peer);
		memset(c->peer + c->cap, 0, (cap - c->cap) * sizeof *c->peer);
		c->cap = cap;
	}
	if (n > c->n) {
		c->n = n;
		complete_set_clients(n); /* /client <Tab> offers the numbers seen */
	}
	if (ev->peer && c->peer[n - 1][0] == '\0')
		snprintf(c->peer[n - 1], PEER_MAX, "%s", ev->peer);
}

bool clients_visible(const struct ui *ui, unsigned long n)
{
	return n == 0 || ui->clients == NULL || ui->clients->shown == 0 || n == ui->clients->shown;
}

unsigned long clients_shown(const struct ui *ui)
{
	return ui->clients ? ui->clients->shown : 0;
}

unsigned long clients_count(const struct ui *ui)
{
	return ui->clients ? ui->clients->n : 0;
}

enum ui_role clients_role(unsigned long n)
{
	return n == 0 ? ROLE_WIRE_NOTE : (enum ui_role)(ROLE_CLIENT_1 + (int)((n - 1) % CLIENT_COLOURS));
}

attr_t clients_attr(const struct ui *ui, unsigned long n)
{
	return ui_attr(ui, clients_role(n)) | A_BOLD;
}

static const char *peer_of(const struct clients *c, unsigned long n)
{
	return n >= 1 && n <= c->n && n <= c->cap && c->peer[n - 1][0] ? c->peer[n - 1] : "?";
}

const char *clients_peer(const struct ui *ui, unsigned long n)
{
	return ui->clients ? peer_of(ui->clients, n) : "?";
}

/* An error note in the wire pane, at the session's time (it answers what was just typed). */
static void error_note(struct ui *ui, const char *text)
{
	struct wirelog *log = wire_log(ui->wire);
	wirelog_set_client(log, 0);
	uint64_t ns = ui->s ? session_elapsed_ns(ui->s) : 0;
	wirelog_append(log, WL_ERROR, DIR_NONE, 0, (uint32_t)(ns / 1000000u), (const uint8_t *)text, strlen(text));
	ui_mark(ui, DIRTY_WIRE);
}

/* Show client n alone (0: every client): the panes draw again from what is stored, the hint line says so. */
static void show(struct ui *ui, unsigned long n)
{
	struct clients *c = ui->clients;
	c->shown = n;
	wire_filter_changed(ui->wire);
	replies_filter_changed(ui->replies);
	ui_mark(ui, DIRTY_WIRE | DIRTY_REPLIES | DIRTY_STATUS);
	if (n == 0)
		ui_flash(ui, "%s", _("every client shown (/client N or M-c shows one alone)"));
	else
		/* TRANSLATORS: the hint line after /client N or M-c; %lu the client's number, %s its address
		 * ("127.0.0.1:40000"). */
		ui_flash(ui, _("only client #%lu shown (%s); /client all or M-c shows the others"), n, peer_of(c, n));
}

void clients_command(struct ui *ui, const char *arg)
{
	struct clients *c = ui->clients;
	while (arg && *arg == ' ')
		arg++;
	if (arg == NULL || *arg == '\0' || strcmp(arg, "all") == 0) {
		show(ui, 0);
		return;
	}
	if (strcmp(arg, "next") == 0) {
		clients_cycle(ui);
		return;
	}
	if (*arg == '#')
		arg++;
	char *end;
	unsigned long n = strtoul(arg, &end, 10);
	char line[200];
	if (*arg < '0' || *arg > '9' || *end != '\0' || n == 0) {
		snprintf(line, sizeof line, _("/client: '%.40s' is not a client number (/client N, /client all)"), arg);
		error_note(ui, line);
		return;
	}
	if (n > c->n) {
		if (c->n == 0)
			snprintf(line, sizeof line, _("/client: no client has connected yet, so there is no #%lu"), n);
		else if (c->n == 1)
			snprintf(line, sizeof line, _("/client: there is no client #%lu: only #1 has connected so far"),
				 n);
		else
			/* TRANSLATORS: %lu: the number asked for, then the highest client number so far. */
			snprintf(line, sizeof line,
				 _("/client: there is no client #%lu: clients #1 to #%lu have connected so far"), n,
				 c->n);
		error_note(ui, line);
		return;
	}
	show(ui, n);
}

void clients_cycle(struct ui *ui)
{
	struct clients *c = ui->clients;
	if (ui->cfg == NULL || ui->cfg->listen == NULL) {
		ui_flash(ui, "%s", _("M-c shows the clients of listen mode (--listen) one at a time"));
		return;
	}
	if (c->n == 0) {
		ui_flash(ui, "%s", _("no client has connected yet: M-c will show each one alone"));
		return;
	}
	show(ui, c->shown >= c->n ? 0 : c->shown + 1);
}

bool clients_status(const struct ui *ui, bool compact, char *out, size_t n)
{
	const struct clients *c = ui->clients;
	if (c == NULL || c->shown == 0)
		return false;
	if (compact)
		/* TRANSLATORS: the 80-column status bar when /client N shows one client: keep it short. */
		snprintf(out, n, _("only #%lu %s"), c->shown, peer_of(c, c->shown));
	else
		/* TRANSLATORS: the status bar when /client N shows one client: its number, how many have
		 * connected, its address. */
		snprintf(out, n, _("client #%lu of %lu shown (%s)"), c->shown, c->n, peer_of(c, c->shown));
	return true;
}

const char *clients_title(const struct ui *ui, char *buf, size_t n)
{
	unsigned long s = clients_shown(ui);
	if (s == 0)
		return "";
	/* TRANSLATORS: a pane title's mark while /client N shows one client; keep it short. */
	snprintf(buf, n, _(" [#%lu only]"), s);
	return buf;
}

const char *clients_key(const struct ui *ui)
{
	if (ui->cfg == NULL || ui->cfg->listen == NULL || clients_count(ui) < 2)
		return NULL;
	const char *m = bindings_lookup("M-c");
	if (m && strcmp(m, "client-next") == 0)
		return "M-c";
	for (size_t i = 0; i < bindings_count(); i++) {
		const struct binding *b = bindings_at(i);
		if (strcmp(b->command, "client-next") == 0 && b->key[0] != 'F')
			return b->key;
	}
	return NULL;
}

const char *clients_idle_hint(const struct ui *ui)
{
	/* The key is named in the text, so the M-c variants only when M-c is that key. */
	const char *key = clients_key(ui);
	bool mc = key && strcmp(key, "M-c") == 0;
	bool manual = ui->cfg && ui->cfg->manual;
	if (manual && mc)
		/* TRANSLATORS: listen mode's hint line once a second client has connected; keep the three blanks
		 * before "(": a narrow hint line drops what follows them. "M-c one client": M-c shows one client. */
		return _("/accept sends the waiting client the proposed reply, or type a reply   "
			 "(F1 help, M-c one client, F10 quit)");
	if (manual)
		return _("/accept sends the waiting client the proposed reply, or type a reply   (F1 help, F10 quit)");
	if (mc)
		/* TRANSLATORS: as above: keep the three blanks before "("; "M-c one client": M-c shows one client. */
		return _("listening: point a mail client here; /mailbox lists what it delivered   "
			 "(F1 help, M-c one client, F10 quit)");
	return _("listening: point a mail client here; /mailbox lists what it delivered   (F1 help, F10 quit)");
}
