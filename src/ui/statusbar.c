/* statusbar: one row that says where the session stands: host (U-label and A-label), address and port, the
 * transport (plain, STARTTLS, implicit TLS with version and cipher, verified or not), the SMTP state, elapsed
 * time, and a count-down while the session waits. Built only from the session's query functions. */
#include <stdio.h>
#include <string.h>

#include "core/model.h"
#include "core/session.h"
#include "cmd/cmd-lab.h"
#include "core/smtp.h"
#include "lib/i18n.h"
#include "ui/clients.h"
#include "ui/ui-internal.h"

struct seg {
	WINDOW *w;
	struct ui *ui;
	int cols, width;
};

/* Text that does not fit ends the bar with a sign that it was cut ("…"): the bar is one row at any width. */
static void put(struct seg *s, enum ui_role r, const char *text)
{
	if (s->cols >= s->width)
		return;
	size_t n = strlen(text);
	attr_t a = ui_attr(s->ui, r);
	int room = s->width - s->cols;
	if (text_width(text, n) <= room) {
		s->cols += draw_untrusted(s->w, a, (const uint8_t *)text, n, room);
		return;
	}
	draw_untrusted(s->w, a, (const uint8_t *)text, n, room - 1);
	const char *more = s->ui->utf8 ? "\xe2\x80\xa6" : ">";
	draw_str(s->w, a, more, strlen(more), 1);
	s->cols = s->width;
}

/* A separator with nothing after it would hide that the bar was cut: when the next part cannot show, the bar
 * ends with the cut sign instead. */
static void sep(struct seg *s)
{
	if (s->cols >= s->width)
		return;
	if (s->width - s->cols < 5) {
		const char *more = s->ui->utf8 ? " \xe2\x80\xa6" : " >";
		draw_str(s->w, ui_attr(s->ui, ROLE_STATUS), more, strlen(more), s->width - s->cols);
		s->cols = s->width;
		return;
	}
	put(s, ROLE_STATUS, s->ui->utf8 ? " \xe2\x94\x82 " : " | ");
}

static void fmt_elapsed(char *out, size_t n, uint64_t ns)
{
	uint64_t s = ns / 1000000000u;
	if (s < 60)
		snprintf(out, n, "%.1fs", (double)ns / 1e9);
	else if (s < 3600)
		snprintf(out, n, "%um%02us", (unsigned)(s / 60), (unsigned)(s % 60));
	else
		snprintf(out, n, "%uh%02um", (unsigned)(s / 3600), (unsigned)(s / 60 % 60));
}

/* Columns the listener's tab-separated status takes once each tab is drawn as a separator (" | ", 3 columns). */
static int listen_width(const char *text)
{
	int cols = 0;
	for (const char *p = text; *p; p++)
		cols += *p == '\t' ? 3 : ((unsigned char)*p & 0xc0) != 0x80;
	return cols;
}

/* The listener's bar: its long words when they fit the terminal, else the short ones (80 columns); then the
 * elapsed time and the focus mark go, in that order, rather than cutting a word in the middle. While /client N
 * shows one client alone, that client (number, address) follows the listener's address: it says why the panes
 * hold fewer rows, so it goes before the counts, which give way (cut with "…") first. */
static bool draw_listen(struct seg *s, struct session *ss)
{
	struct ui *ui = s->ui;
	char buf[256], elapsed[32] = "", shown[160] = "";
	if (!console_listen_status(false, buf, sizeof buf))
		return false;
	const char *manual = ui->cfg && ui->cfg->manual ? _(" (you answer)") : "";
	const char *focus = ui->focus == 1 ? _("  [decoded pane]") : "";
	if (ss)
		fmt_elapsed(elapsed, sizeof elapsed, session_elapsed_ns(ss));
	bool one = clients_status(ui, false, shown, sizeof shown);
	int fixed = 1 + text_width(manual, strlen(manual)) + 3 + (int)strlen(elapsed) +
		    text_width(focus, strlen(focus)) + (one ? 3 + text_width(shown, strlen(shown)) : 0);
	if (listen_width(buf) + fixed > s->width) {
		console_listen_status(true, buf, sizeof buf);
		if (one) {
			fixed -= text_width(shown, strlen(shown));
			clients_status(ui, true, shown, sizeof shown);
			fixed += text_width(shown, strlen(shown));
		}
	}
	if (listen_width(buf) + fixed > s->width) {
		fixed -= 3 + (int)strlen(elapsed);
		elapsed[0] = '\0';
	}
	if (listen_width(buf) + fixed > s->width) {
		fixed -= text_width(focus, strlen(focus));
		focus = "";
	}
	/* Still too wide (a client shown alone at 80 columns): the listener's last parts go whole, and the bar ends
	 * with the sign that it was cut, rather than cutting a word. */
	bool dropped = false;
	char *tab;
	while (listen_width(buf) + fixed + (dropped ? 2 : 0) > s->width && (tab = strrchr(buf, '\t')) != NULL) {
		*tab = '\0';
		dropped = true;
	}
	/* Its parts are separated by tabs: draw them as the bar's own separators. */
	for (char *part = buf; part; part = tab ? tab + 1 : NULL) {
		tab = strchr(part, '\t');
		if (tab)
			*tab = '\0';
		if (part != buf)
			sep(s);
		put(s, ROLE_STATUS, part);
		if (part == buf && one) {
			sep(s);
			put(s, ROLE_STATUS, shown);
		}
	}
	if (*manual)
		put(s, ROLE_STATUS_WAIT, manual);
	if (dropped)
		put(s, ROLE_STATUS, s->ui->utf8 ? " \xe2\x80\xa6" : " >");
	if (*elapsed) {
		sep(s);
		put(s, ROLE_STATUS, elapsed);
	}
	put(s, ROLE_STATUS, focus);
	return true;
}

void statusbar_draw(struct ui *ui, WINDOW *w)
{
	struct seg s = {w, ui, 0, getmaxx(w)};
	char buf[256];
	werase(w);
	wmove(w, 0, 0);
	draw_fill(w, ui_attr(ui, ROLE_STATUS));
	put(&s, ROLE_STATUS, " ");
	struct session *ss = ui->s;
	/* Listen mode: smtpcon is the server; the bar describes the listener, not a session of our own. */
	if ((!ss || session_phase(ss) == PHASE_IDLE) && draw_listen(&s, ss))
		return;
	const char *host = ss ? session_host(ss) : NULL;
	const char *hu = ss ? session_host_u(ss) : NULL;
	if (host == NULL && ui->cfg)
		host = ui->cfg->host;
	if (host) {
		if (hu) {
			snprintf(buf, sizeof buf, "%s (%s)", hu, host);
			put(&s, ROLE_STATUS, buf);
		} else {
			put(&s, ROLE_STATUS, host);
		}
	} else if (ui->cfg && ui->cfg->listen) {
		char what[160];
		snprintf(what, sizeof what, ui->cfg->manual ? _("listening on %s (you answer)") : _("listening on %s"),
			 ui->cfg->listen);
		put(&s, ROLE_STATUS, what);
	} else {
		put(&s, ROLE_STATUS, _("no host: /connect HOST[:PORT]"));
	}
	const char *addr = ss ? session_addr(ss) : NULL;
	if (addr && host && strcmp(addr, host) == 0) {
		snprintf(buf, sizeof buf, ":%d", session_port(ss));
		put(&s, ROLE_STATUS, buf);
	} else if (addr) {
		snprintf(buf, sizeof buf, strchr(addr, ':') ? " [%s]:%d" : " %s:%d", addr, session_port(ss));
		put(&s, ROLE_STATUS, buf);
	}
	sep(&s);
	struct session_model m;
	if (ss)
		session_get_model(ss, &m);
	enum session_phase ph = ss ? session_phase(ss) : PHASE_IDLE;
	switch (ph) {
	case PHASE_IDLE:
		put(&s, ROLE_STATUS, _("not connected"));
		break;
	case PHASE_RESOLVING:
		put(&s, ROLE_STATUS_WAIT, _("resolving"));
		break;
	case PHASE_CONNECTING:
		put(&s, ROLE_STATUS_WAIT, _("connecting"));
		break;
	case PHASE_HANDSHAKE:
		put(&s, ROLE_STATUS_WAIT, _("TLS handshake"));
		break;
	case PHASE_TLS_HOLD:
		put(&s, ROLE_STATUS_BAD, _("CERTIFICATE NOT VERIFIED: /trust or /close"));
		break;
	case PHASE_CONNECTED:
		if (session_is_tls(ss)) {
			const struct tls_info *ti = session_tls_info(ss);
			/* TRANSLATORS: the status bar's transport, before the TLS version and cipher ("STARTTLS" stays). */
			snprintf(buf, sizeof buf, "%s %s %s", session_implicit_tls(ss) ? _("implicit TLS") : "STARTTLS",
				 ti && ti->version ? ti->version : "", ti && ti->cipher ? ti->cipher : "");
			put(&s, ROLE_STATUS_TLS, buf);
			if (ti) {
				put(&s, ROLE_STATUS, " ");
				if (ti->verified)
					put(&s, ROLE_STATUS_TLS, _("verified"));
				else if (ti->dane_trusted) /* a TLSA match through an insecure MX answer */
					put(&s, ROLE_STATUS_TLS, _("trusted by DANE"));
				else if (ti->dane_verified) /* a TLSA record matched (core/delivery.h) */
					put(&s, ROLE_STATUS_TLS, _("verified by DANE"));
				else
					put(&s, ROLE_STATUS_BAD,
					    ti->verify_skipped        ? _("not verified (--insecure)")
					    : m.cert == MCERT_TRUSTED ? _("NOT verified (trusted by you)")
								      : _("NOT verified"));
			}
		} else {
			put(&s, ROLE_STATUS_PLAIN, _("plain (no TLS)"));
		}
		break;
	}
	if (ss && m.auth == MA_DONE) /* only while the connection that logged in is open */
		put(&s, ROLE_STATUS_TLS, " auth");
	sep(&s);
	int st = ss ? (int)session_smtp_state(ss) : SMTP_DISCONNECTED;
	/* While the transport waits (connecting, TLS handshake), the SMTP state is that same wait: shown twice it read
	 * "connecting │ connecting" (French "connexion │ connexion"), so the field gives way to the count-down. */
	bool same_wait = (ph == PHASE_CONNECTING && st == SMTP_CONNECTING) ||
			 (ph == PHASE_HANDSHAKE && st == SMTP_HANDSHAKE);
	if (!same_wait) {
		put(&s, ROLE_STATUS, smtp_state_label(st));
		sep(&s);
	}
	if (ss) {
		fmt_elapsed(buf, sizeof buf, session_elapsed_ns(ss));
		int64_t rem = session_wait_remaining(ss);
		char wait[256] = "";
		if (rem >= 0) {
			/* What is awaited as the core wrote it in the user's language ("reply to EHLO" is built with
			 * the verb: a catalog look-up of the English would find nothing). */
			const char *what = session_waiting_for_loc(ss);
			/* The handshake is already the transport field's word: the count-down does not say it again. */
			const char *what_en = session_waiting_for(ss);
			if (ph == PHASE_HANDSHAKE && what_en && strcmp(what_en, "TLS handshake") == 0) {
				char left[200];
				snprintf(left, sizeof left, _("waiting: %llds"), (long long)((rem + 999) / 1000));
				snprintf(wait, sizeof wait, "  %s", left);
			} else {
				/* TRANSLATORS: the status bar's count-down; %s is what is awaited (for example "greeting",
				 * "reply to EHLO", "TCP connection to HOST port 25"), %lld the seconds left. */
				snprintf(wait, sizeof wait, _("  waiting for %s: %llds"),
					 what && *what ? what : _("the server"), (long long)((rem + 999) / 1000));
			}
		}
		/* While it waits, the seconds left matter more than the time elapsed: the clock gives way when both
		 * do not fit. */
		const char *w8 = wait;
		if (*wait && text_width(buf, strlen(buf)) + text_width(wait, strlen(wait)) > s.width - s.cols) {
			buf[0] = '\0';
			while (*w8 == ' ')
				w8++;
			if (text_width(w8, strlen(w8)) > s.width - s.cols) {
				/* TRANSLATORS: the status bar's count-down when the long one does not fit: keep it short. */
				snprintf(wait, sizeof wait, _("waiting: %llds"), (long long)((rem + 999) / 1000));
				w8 = wait;
			}
		}
		put(&s, ROLE_STATUS, buf);
		if (*w8)
			put(&s, ROLE_STATUS_WAIT, w8);
	}
	if (ui->focus == 1)
		put(&s, ROLE_STATUS, _("  [decoded pane]"));
}
