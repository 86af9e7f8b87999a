/* session-auth-hand: an AUTH exchange typed by hand (RFC 4954): "AUTH LOGIN" at the prompt or in a script, then
 * base64 lines; /auth raw and /answer too. The /auth helper (session-auth.c) answers each 334 by itself; here the
 * user answers, so the session follows the exchange for them: each 334 challenge is decoded and explained as the
 * helper's are (core/sasl's sasl_describe: quoted, escaped, bounded), with what to type next, true for this
 * mechanism and step (a diagnosis "auth-challenge", which the decoded pane, the transcript and JSON show), and
 * every answer is masked in every view: whatever the prompt asked, a learner may have typed the password. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/auth.h"
#include "core/model.h"
#include "core/session-int.h"
#include "lib/dtext-split.h"
#include "lib/sasl-mech.h"
#include "lib/xmalloc.h"

#define HAND_B64_MAX 4096u /* base64 characters of one challenge decoded, at most (as listen mode does) */

/* What to type next, for each thing a 334 may ask (English msgids; MAA_OTHER is built with the mechanism). */
static const char *const ask_hint[MAA_N] = {
	[MAA_USER] = N_("type the user name in base64 (/answer USER encodes it for you), or * to cancel the exchange "
			"(RFC 4954 §4); after *, /auth login USER does all of it and masks the password"),
	[MAA_PASSWORD] = N_("type the password in base64 (/answer PASSWORD encodes it for you); it is masked in every "
			    "view unless --show-secrets. * cancels the exchange (RFC 4954 §4)"),
	[MAA_PLAIN] = N_("send base64 of \\0user\\0password in one line, the NUL bytes included and no newline "
			 "(/answer \"\\0USER\\0PASSWORD\" encodes it for you; masked in every view), or * to cancel "
			 "the exchange (RFC 4954 §4)"),
	[MAA_CRAM] = N_("answer base64 of \"USER DIGEST\", DIGEST being the HMAC-MD5 of this challenge keyed with the "
			"password, in 32 lower-case hex digits; * cancels the exchange (RFC 4954 §4), after which "
			"/auth cram-md5 USER computes it for you"),
};

/* The first word of line is word (any case), followed by a space or the end. */
static bool first_word(const char *line, const char *word)
{
	line += strspn(line, " ");
	size_t n = strlen(word);
	return strncasecmp(line, word, n) == 0 && (line[n] == ' ' || line[n] == '\0');
}

/* A line's base64 decoded, or NULL when it is not base64 (an empty line is the empty answer). */
static uint8_t *decode_line(const char *b64, size_t *n)
{
	size_t len = strlen(b64);
	while (len && (b64[len - 1] == ' ' || b64[len - 1] == '\r' || b64[len - 1] == '\n'))
		len--;
	return auth_b64_decode(b64, len, n);
}

/*
 * One answer (or the initial response) on its way out. What it says stays masked unless --show-secrets, so only
 * what can be said without showing it is said: that it is not base64, that it ends with a newline (echo without
 * -n), that a PLAIN answer lacks its two NUL separators. Each is the usual reason a login typed by hand fails.
 */
static void check_answer(struct session *s, const char *b64)
{
	size_t n = 0;
	uint8_t *p = strcmp(b64, "=") == 0 ? (uint8_t *)xstrdup("") : decode_line(b64, &n);
	if (p == NULL) {
		session_emit_text(s, EV_WARNING, "answer-not-base64",
				  N_("this answer is not base64 (RFC 4954 wants base64): the server will refuse it, "
				     "usually with 501, and end the exchange"),
				  N_("/answer TEXT base64-encodes TEXT for you"));
		return;
	}
	if (s->params.show_secrets) {
		struct dtext d, text;
		dtext_init(&d, 0); /* bounded by sasl_describe_d */
		sasl_describe_d(&d, s->hand.mech, false, s->hand.answers, p, n, true, NULL);
		dtext_init(&text, 0);
		dtext_en_printf(&text, "AUTH %s, client answers: %s", s->hand.mech, dtext_en(&d));
		dtext_loc_printf(&text, N_("AUTH %s, client answers: %s"), s->hand.mech, dtext_loc(&d));
		session_emit_textd(s, EV_INFO, "sasl-client", &text, NULL);
		sasl_describe_wipe(&d);
		sasl_describe_wipe(&text);
	}
	if (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		session_emit_text(s, EV_WARNING, "answer-newline",
				  N_("this answer decodes to text that ends with a newline: the server takes the "
				     "newline as part of the user name or password, and the login fails"),
				  N_("encode without it (echo -n TEXT | base64), or use /answer TEXT"));
	bool plain = strcasecmp(s->hand.mech, "PLAIN") == 0 && s->hand.answers == 0;
	size_t nuls = 0;
	for (size_t i = 0; plain && i < n; i++)
		nuls += p[i] == 0;
	if (plain && nuls != 2)
		session_emit_text(s, EV_WARNING, "answer-plain-fields",
				  N_("PLAIN wants three fields separated by two NUL bytes (authorization id, user, "
				     "password: \\0user\\0password); this answer does not have exactly two, so the "
				     "server will refuse it"),
				  N_("/answer \"\\0USER\\0PASSWORD\" encodes it for you"));
	explicit_bzero(p, n);
	free(p);
}

void session_auth_hand_line(struct session *s, const char *line, size_t *off, size_t *len)
{
	if (s->sasl || s->auth_step)
		return; /* the helper's own lines: it marks their secrets itself */
	if (s->hand.active) {
		/* An answer to a challenge, or typed ahead of one: a secret, except the cancel. */
		if (strcmp(line, "*") == 0) {
			s->hand.ask = MAA_WAIT;
			return;
		}
		*off = 0;
		*len = strlen(line);
		check_answer(s, line);
		s->hand.answers++;
		s->hand.ask = MAA_WAIT;
		return;
	}
	if (s->state == SMTP_AUTH || !first_word(line, "AUTH"))
		return;
	const char *p = line + strspn(line, " ") + 4;
	p += strspn(p, " ");
	size_t m = strcspn(p, " ");
	if (m == 0)
		return; /* "AUTH" alone: the server answers 501, nothing starts */
	memset(&s->hand, 0, sizeof s->hand);
	s->hand.active = true;
	s->hand.ask = MAA_WAIT;
	/* The RFC 4422 check listen mode uses: a word that cannot be a mechanism's name is shown as "?". */
	if (sasl_mech_name(p, m, s->hand.mech) == 0)
		snprintf(s->hand.mech, sizeof s->hand.mech, "?");
	const char *ir = p + m;
	ir += strspn(ir, " ");
	if (*ir) {
		/* The initial response (RFC 4954 §4): the first answer, "=" when empty. */
		if (strcmp(ir, "=") != 0) {
			*off = (size_t)(ir - line);
			*len = strlen(ir);
		}
		check_answer(s, ir);
		s->hand.answers = 1;
	}
}

/* What a 334 of this exchange asks for: by the mechanism and the answers so far; LOGIN servers also say it. */
static enum model_auth_ask ask_of(const struct session *s, const uint8_t *p, size_t n)
{
	const char *mech = s->hand.mech;
	if (strcmp(mech, "LOGIN") == 0) {
		if (n >= 4 && strncasecmp((const char *)p, "user", 4) == 0)
			return MAA_USER;
		if (n >= 4 && strncasecmp((const char *)p, "pass", 4) == 0)
			return MAA_PASSWORD;
		return s->hand.answers == 0 ? MAA_USER : s->hand.answers == 1 ? MAA_PASSWORD : MAA_OTHER;
	}
	if (strcmp(mech, "PLAIN") == 0 && s->hand.answers == 0)
		return MAA_PLAIN;
	if (strcmp(mech, "CRAM-MD5") == 0 && s->hand.answers == 0)
		return MAA_CRAM;
	return MAA_OTHER;
}

/* The hint for ask, in both languages. */
static void hint_of(const struct session *s, enum model_auth_ask ask, struct dtext *hint)
{
	if (ask_hint[ask]) {
		dtext_puts(hint, ask_hint[ask]);
		return;
	}
	/* TRANSLATORS: %s: a SASL mechanism (SCRAM-SHA-256, DIGEST-MD5). */
	dtext_printf(hint,
		     "answer in base64 what %s asks for (/answer TEXT encodes it for you), or * to cancel the "
		     "exchange (RFC 4954 §4)",
		     s->hand.mech);
}

void session_auth_hand_reply(struct session *s, const struct reply *r)
{
	if (!s->hand.active || (r->flags & REPLY_INCOMPLETE))
		return;
	if (r->code != 334) {
		/* 235, 535, 501 after "*", 504 for an unknown mechanism...: the exchange is over. */
		memset(&s->hand, 0, sizeof s->hand);
		return;
	}
	int step = s->hand.challenges++;
	const char *t = r->nlines ? r->lines[0].text : "";
	t += strspn(t, " ");
	size_t tl = strlen(t);
	while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\r' || t[tl - 1] == '\n'))
		tl--;
	struct dtext text, hint;
	dtext_init(&text, 0);
	dtext_init(&hint, 0);
	size_t n = 0;
	uint8_t *p = tl <= HAND_B64_MAX ? auth_b64_decode(t, tl, &n) : NULL;
	struct event ev = {.type = EV_DIAGNOSIS,
			   .id = "auth-challenge",
			   .severity = SEV_INFO,
			   .mech = s->hand.mech,
			   .step = step + 1};
	if (p) {
		enum model_auth_ask ask = ask_of(s, p, n);
		s->hand.ask = (int)ask;
		struct dtext d;
		dtext_init(&d, 0); /* bounded by sasl_describe_d */
		sasl_describe_d(&d, s->hand.mech, true, step, p, n, s->params.show_secrets, NULL);
		dtext_en_printf(&text, "AUTH %s, server asks: %s", s->hand.mech, dtext_en(&d));
		dtext_loc_printf(&text, N_("AUTH %s, server asks: %s"), s->hand.mech, dtext_loc(&d));
		sasl_describe_wipe(&d);
		hint_of(s, ask, &hint);
		ev.data = p;
		ev.len = n;
	} else {
		s->hand.ask = MAA_OTHER;
		if (tl > HAND_B64_MAX)
			/* TRANSLATORS: %s: a SASL mechanism; %zu: how long the challenge is. */
			dtext_nprintf(&text, "AUTH %s: a challenge of %zu base64 character, too long to decode here",
				      "AUTH %s: a challenge of %zu base64 characters, too long to decode here", tl,
				      s->hand.mech, tl);
		else
			/* TRANSLATORS: %s: a SASL mechanism (LOGIN, PLAIN). */
			dtext_printf(&text,
				     "AUTH %s: the 334 challenge is not base64 (RFC 4954 wants base64), so there is "
				     "nothing to decode",
				     s->hand.mech);
		dtext_puts(&hint, N_("* cancels the exchange (RFC 4954 §4)"));
	}
	ev.text = dtext_en(&text);
	ev.text_loc = dtext_loc_or_null(&text);
	ev.hint = dtext_en(&hint);
	ev.hint_loc = dtext_loc_or_null(&hint);
	session_emit(s, &ev);
	dtext_free(&text);
	dtext_free(&hint);
	free(p);
}

bool session_auth_exchange(const struct session *s)
{
	return s->hand.active || s->auth_step || s->state == SMTP_AUTH;
}
