/* session-mta: a connection judged as a sending MTA judges it (core/delivery.h). /mx arms it with what DNS said
 * about the MX host; after the TLS handshake (or when there is none) the session emits the DANE report and the
 * delivery view, and decides whether the certificate holds the session: a DANE match verifies it, a DANE
 * mismatch or bogus DNS holds it (a sender would defer), and without DANE a web-PKI failure is only shown,
 * because senders deliver anyway (opportunistic TLS), unless the target is strict (--tls-verify). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/delivery.h"
#include "core/session-int.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

void session_set_mta(struct session *s, struct mta_target *t)
{
	mta_target_free(s->mta_next);
	s->mta_next = t;
}

static void text_clear(struct session *s)
{
	free(s->mta_text);
	free(s->mta_text_loc);
	s->mta_text = s->mta_text_loc = NULL;
}

void session_mta_begin(struct session *s)
{
	if (s->mta_retry && s->mta_next == NULL) {
		/* The plaintext retry of a failed handshake: the same delivery attempt, judged already. */
		s->mta_retry = false;
		s->mta_fallback = false;
		s->mta_plain_retry = true;
		return;
	}
	s->mta_retry = false;
	s->mta_plain_retry = false;
	text_clear(s);
	mta_target_free(s->mta);
	s->mta = s->mta_next;
	s->mta_next = NULL;
	s->mta_judged = false;
	s->mta_fallback = false;
}

void session_mta_free(struct session *s)
{
	text_clear(s);
	mta_target_free(s->mta);
	mta_target_free(s->mta_next);
	s->mta = s->mta_next = NULL;
}

bool session_mta_active(const struct session *s)
{
	return s->mta != NULL;
}

const char *session_mta_host(const struct session *s)
{
	return s->mta ? s->mta->host : NULL;
}

bool session_mta_text(const struct session *s, struct dtext *out)
{
	if (!s->mta || !s->mta_text)
		return false;
	buf_append_str(&out->en, s->mta_text);
	if (i18n_translating())
		buf_append_str(&out->loc, s->mta_text_loc);
	return true;
}

static void trim_newlines(struct dtext *d)
{
	while (d->en.len && d->en.data[d->en.len - 1] == '\n')
		d->en.data[--d->en.len] = '\0';
	while (d->loc.len && d->loc.data[d->loc.len - 1] == '\n')
		d->loc.data[--d->loc.len] = '\0';
}

/* Emit the two results; keep their text in ti (when there is a TLS session) for the inspector and /dane. */
static void emit(struct session *s, struct tls_info *ti, const struct dane_report *rep,
		 const struct delivery_view *view)
{
	struct dtext b;
	dtext_init(&b, 16384);
	dane_report_format(rep, &b);
	trim_newlines(&b);
	struct event ev = {.type = EV_DANE, .dane = rep, .text = dtext_en(&b), .text_loc = dtext_loc_or_null(&b)};
	session_emit(s, &ev);
	if (ti) {
		/* The inspector shows these: the English (the tls_info is data, like the JSON) and the translation. */
		free(ti->dane);
		ti->dane = xstrdup(dtext_en(&b));
		free(ti->dane_loc);
		ti->dane_loc = dtext_loc_or_null(&b) ? xstrdup(dtext_loc(&b)) : NULL;
		ti->dane_verified = rep->verdict == DANE_VERIFIED;
		ti->dane_trusted = rep->trusted;
	}
	dtext_reset(&b);
	delivery_view_format(view, &b);
	trim_newlines(&b);
	struct event dv = {
		.type = EV_DELIVERY, .delivery = view, .text = dtext_en(&b), .text_loc = dtext_loc_or_null(&b)};
	session_emit(s, &dv);
	if (ti) {
		free(ti->delivery);
		ti->delivery = xstrdup(dtext_en(&b));
		free(ti->delivery_loc);
		ti->delivery_loc = dtext_loc_or_null(&b) ? xstrdup(dtext_loc(&b)) : NULL;
		ti->delivery_defers = !view->delivers;
	}
	/* For /dane: both results, in both languages. */
	struct dtext all;
	dtext_init(&all, 32768);
	dane_report_format(rep, &all);
	delivery_view_format(view, &all);
	trim_newlines(&all);
	text_clear(s);
	s->mta_text = xstrdup(dtext_en(&all));
	s->mta_text_loc = xstrdup(dtext_loc(&all));
	dtext_free(&all);
	dtext_free(&b);
	s->mta_judged = true;
}

/* The failure names the reason in short; the delivery view just emitted says it in full. notls: why there is no
 * TLS session (DELIVERY_TLS_UNTRIED when there is one). */
static void fail_defer(struct session *s, const struct dane_report *rep, enum delivery_no_tls notls)
{
	struct dtext msg;
	dtext_init(&msg, 512);
	bool no_dane = rep->verdict == DANE_INSECURE || rep->verdict == DANE_NO_RECORDS;
	if (no_dane && notls == DELIVERY_TLS_NO_FALLBACK && mtasts_effective_mode(s->mta->sts) != MTASTS_MODE_ENFORCE) {
		dtext_printf(&msg,
			     "a sending MTA would defer mail to %s: the TLS handshake failed where TLS starts on "
			     "connect, so there is no plaintext session to fall back to",
			     s->mta->host);
	} else if (no_dane && (notls == DELIVERY_TLS_FAILED || notls == DELIVERY_TLS_NO_FALLBACK)) {
		/* MTA-STS enforce, and the handshake failed before any certificate was seen: say that, not a policy
		 * "not met" that reads like a certificate or an MX name at fault. */
		dtext_printf(&msg,
			     "a sending MTA would defer mail to %s: the domain's MTA-STS policy (mode enforce) "
			     "requires TLS, and the TLS handshake failed",
			     s->mta->host);
	} else if (no_dane) {
		/* DANE does not apply: the domain's MTA-STS policy in mode enforce is what defers. */
		dtext_printf(&msg,
			     "a sending MTA would defer mail to %s: the domain's MTA-STS policy (mode enforce) is "
			     "not met",
			     s->mta->host);
	} else {
		const char *why = rep->verdict == DANE_BOGUS ? N_("DNSSEC validation failed")
				  : notls != DELIVERY_TLS_UNTRIED
					  ? N_("TLSA records require TLS, and no TLS session was made")
				  : rep->verdict == DANE_MISMATCH
					  ? N_("the certificate does not match the TLSA records")
					  : N_("TLSA records require TLS");
		dtext_en_printf(&msg, "a sending MTA would defer mail to %s (DANE %s): %s", s->mta->host,
				dane_verdict_name(rep->verdict), why);
		dtext_loc_printf(&msg, N_("a sending MTA would defer mail to %s (DANE %s): %s"), s->mta->host,
				 dane_verdict_label(rep->verdict), _(why));
	}
	session_faild(s, "delivery", &msg);
	dtext_free(&msg);
}

enum mta_decision session_mta_judge_tls(struct session *s)
{
	struct dane_report rep;
	struct delivery_view view;
	delivery_judge(s->mta, s->tls_info, DELIVERY_TLS_UNTRIED, (int64_t)time(NULL), &rep, &view);
	emit(s, s->tls_info, &rep, &view);
	enum mta_decision d;
	if (!view.delivers)
		d = MTA_DEFER;
	else if (rep.verdict == DANE_VERIFIED)
		d = MTA_VERIFIED;
	else if (s->mta->strict)
		d = MTA_STRICT;
	else
		d = MTA_OPPORTUNISTIC;
	if (d == MTA_DEFER)
		fail_defer(s, &rep, DELIVERY_TLS_UNTRIED);
	dane_report_clear(&rep);
	return d;
}

static void no_tls(struct session *s, enum delivery_no_tls why)
{
	if (!s->mta || s->mta_judged)
		return;
	bool soft = session_mta_handshake_soft(s);
	struct dane_report rep;
	struct delivery_view view;
	delivery_judge(s->mta, NULL, why, (int64_t)time(NULL), &rep, &view);
	emit(s, NULL, &rep, &view);
	s->mta_fallback = soft && why == DELIVERY_TLS_FAILED && view.delivers;
	if (!view.delivers)
		fail_defer(s, &rep, why);
	dane_report_clear(&rep);
}

void session_mta_no_tls(struct session *s)
{
	no_tls(s, DELIVERY_TLS_NOT_OFFERED);
}

void session_mta_tls_lost(struct session *s, bool refused)
{
	no_tls(s, refused ? DELIVERY_TLS_REFUSED : s->implicit_tls ? DELIVERY_TLS_NO_FALLBACK : DELIVERY_TLS_FAILED);
}

bool session_mta_plaintext_fallback(const struct session *s)
{
	return s->mta && s->mta_fallback;
}

void session_mta_retry_plaintext(struct session *s)
{
	s->mta_retry = session_mta_plaintext_fallback(s);
}

bool session_mta_handshake_soft(const struct session *s)
{
	return s->mta && !s->mta->strict && !s->implicit_tls && !s->mta_judged;
}

void session_mta_handshake_note(struct session *s, const struct dtext *msg)
{
	struct dtext hint;
	dtext_init(&hint, 512);
	dtext_puts(&hint, N_("a sending MTA whose STARTTLS handshake fails retries in plaintext (RFC 7435), unless "
			     "DANE or MTA-STS requires TLS, then it defers: the delivery view says which"));
	session_emit_textd(s, EV_WARNING, "tls-handshake-failed", msg, &hint);
	dtext_free(&hint);
}

void session_mta_report(struct session *s, const struct mta_target *t)
{
	struct dane_report rep;
	struct delivery_view view;
	delivery_judge(t, NULL, DELIVERY_TLS_UNTRIED, (int64_t)time(NULL), &rep, &view);
	bool judged = s->mta_judged;
	char *text = s->mta_text, *text_loc = s->mta_text_loc;
	s->mta_text = s->mta_text_loc = NULL;
	emit(s, NULL, &rep, &view);
	text_clear(s);
	s->mta_judged = judged; /* not about this connection */
	s->mta_text = text;
	s->mta_text_loc = text_loc;
	dane_report_clear(&rep);
}
