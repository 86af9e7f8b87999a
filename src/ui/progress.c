/* progress: the bar shown while /data FILE streams a message: bytes sent of the file's size, the rate and the
 * time left. The session streams in constant memory and reports each write as EV_SENT; counting those from the
 * 354 to the verdict is all this needs (dot-stuffing adds a few bytes, so the bar stops at 99% until the end). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/i18n.h"
#include "ui/ui-internal.h"

static void human(char *out, size_t n, double bytes)
{
	if (bytes >= 1024.0 * 1024 * 1024)
		snprintf(out, n, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
	else if (bytes >= 1024.0 * 1024)
		snprintf(out, n, "%.1f MB", bytes / (1024.0 * 1024));
	else if (bytes >= 1024.0)
		snprintf(out, n, "%.1f kB", bytes / 1024.0);
	else
		snprintf(out, n, "%.0f B", bytes);
}

void progress_event(struct ui *ui, const struct event *ev)
{
	switch (ev->type) {
	case EV_REPLY:
		if (ui->progress.active) {
			double secs = (double)(ev->t_ns - ui->progress.t0_ns) / 1e9;
			char b[32];
			human(b, sizeof b, (double)ui->progress.sent);
			ui->progress.active = false;
			/* TRANSLATORS: "sent 1.2 MB in 0.45s". */
			ui_flash(ui, _("sent %s in %.2fs"), b, secs);
		} else if (ev->reply && ev->reply->code == 354 && ui->data_from_file && ui->data_path[0]) {
			struct stat st;
			ui->progress.active = true;
			ui->progress.size = stat(ui->data_path, &st) == 0 ? (uint64_t)st.st_size : 0;
			ui->progress.sent = 0;
			ui->progress.t0_ns = ui->progress.now_ns = ev->t_ns;
		}
		break;
	case EV_SENT:
		if (ui->progress.active) {
			ui->progress.sent += ev->len;
			ui->progress.now_ns = ev->t_ns;
		}
		break;
	case EV_CLOSED:
	case EV_ERROR:
		ui->progress.active = false;
		break;
	default:
		break;
	}
}

bool progress_draw(struct ui *ui, WINDOW *w)
{
	if (!ui->progress.active)
		return false;
	int width = getmaxx(w);
	uint64_t size = ui->progress.size, sent = ui->progress.sent;
	double secs = (double)(ui->progress.now_ns - ui->progress.t0_ns) / 1e9;
	double rate = secs > 0.001 ? (double)sent / secs : 0;
	int pct = size ? (int)(sent * 100 / size) : 0;
	if (pct > 99)
		pct = 99;
	char s_sent[32], s_size[32], s_rate[32], eta[32] = "?";
	human(s_sent, sizeof s_sent, (double)sent);
	human(s_size, sizeof s_size, (double)size);
	human(s_rate, sizeof s_rate, rate);
	if (rate > 0 && size > sent)
		snprintf(eta, sizeof eta, "%.1fs", (double)(size - sent) / rate);
	else if (size <= sent)
		snprintf(eta, sizeof eta, "0s");
	char tail[160];
	/* TRANSLATORS: the progress bar's tail: percent, bytes sent of the size, the rate, the time left. */
	snprintf(tail, sizeof tail, _(" %3d%%  %s of %s  %s/s  ETA %s"), pct, s_sent, s_size, s_rate, eta);
	const char *lead = _("sending: [");
	int leadw = text_width(lead, strlen(lead));
	int barw = width - text_width(tail, strlen(tail)) - leadw - 2;
	if (barw > 40)
		barw = 40;
	werase(w);
	wmove(w, 0, 0);
	int cols = draw_str(w, ui_attr(ui, ROLE_HINT), lead, strlen(lead), width);
	for (int i = 0; i < barw; i++) {
		bool done = i < barw * pct / 100;
		const char *c = done ? (ui->utf8 ? "\xe2\x96\x88" : "#") : (ui->utf8 ? "\xc2\xb7" : "-");
		cols += draw_str(w, ui_attr(ui, done ? ROLE_STATUS_TLS : ROLE_HINT), c, strlen(c), width - cols);
	}
	cols += draw_str(w, ui_attr(ui, ROLE_HINT), "]", 1, width - cols);
	draw_str(w, ui_attr(ui, ROLE_HINT), tail, strlen(tail), width - cols);
	return true;
}
