/* txn: the mail transaction reducer (see txn.h). Which reply ends a transaction, and how, is decided here once. */
#include "core/txn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/i18n.h"
#include "lib/xmalloc.h"

static const char *const outcome_names[TXN_NOUTCOMES] = {
	[TXN_ACCEPTED] = "accepted", [TXN_REJECTED] = "rejected",   [TXN_DEFERRED] = "deferred",
	[TXN_LOST] = "lost",         [TXN_ABANDONED] = "abandoned",
};

static const char *const stage_names[TXN_NSTAGES] = {
	[TXN_NONE] = "none", [TXN_MAIL] = "mail", [TXN_RCPT] = "rcpt", [TXN_DATA] = "data", [TXN_VERDICT] = "verdict",
};

static const char *const at_names[TXN_NAT] = {
	[TXN_AT_MAIL] = "mail", [TXN_AT_RCPT] = "rcpt", [TXN_AT_DATA] = "data", [TXN_AT_MESSAGE] = "message"};
static const char *const at_words[TXN_NAT] = {[TXN_AT_MAIL] = "MAIL FROM",
					      [TXN_AT_RCPT] = "RCPT TO",
					      [TXN_AT_DATA] = "DATA",
					      [TXN_AT_MESSAGE] = "the message"};

const char *txn_at_name(enum txn_at at)
{
	return (unsigned)at < TXN_NAT ? at_names[at] : "?";
}

const char *txn_outcome_name(enum txn_outcome o)
{
	return (unsigned)o < TXN_NOUTCOMES ? outcome_names[o] : "?";
}

const char *txn_stage_name(enum txn_stage st)
{
	return (unsigned)st < TXN_NSTAGES ? stage_names[st] : "?";
}

void txn_init(struct txn *t, bool lmtp)
{
	memset(t, 0, sizeof *t);
	t->lmtp = lmtp;
}

static void reset(struct txn *t)
{
	for (size_t i = 0; i < t->nrcpt; i++)
		free(t->rcpt[i]);
	free(t->rcpt);
	bool lmtp = t->lmtp;
	txn_init(t, lmtp);
}

void txn_free(struct txn *t)
{
	reset(t);
}

/* Where a queue id follows in an accepting reply, per server family. Searched case-insensitively; the id runs to
 * the next blank or closing punctuation. */
static const char *const queue_id_markers[] = {
	"queued as ",  /* Postfix "250 2.0.0 Ok: queued as 4Xy2Lk1zTz", the lab */
	"id=",         /* Exim "250 OK id=1rABcD-000123-4E" */
	"InternalId=", /* Exchange "250 2.6.0 <...> [InternalId=123, Hostname=...] Queued mail for delivery" */
};

bool txn_queue_id(const char *text, char *out, size_t n)
{
	if (text == NULL || n == 0)
		return false;
	for (size_t k = 0; k < sizeof queue_id_markers / sizeof queue_id_markers[0]; k++) {
		size_t ml = strlen(queue_id_markers[k]);
		for (const char *p = text; *p; p++) {
			if (strncasecmp(p, queue_id_markers[k], ml) != 0)
				continue;
			/* "id=" must start a word: not the tail of "ENVID=" or "msgid=". */
			if (p > text && p[-1] != ' ' && p[-1] != '[' && p[-1] != '(' && p[-1] != ',')
				continue;
			const char *v = p + ml;
			size_t len = strcspn(v, " \t,;)]>");
			if (len == 0 || len >= n)
				continue;
			memcpy(out, v, len);
			out[len] = '\0';
			return true;
		}
	}
	out[0] = '\0';
	return false;
}

static enum txn_outcome by_class(int code)
{
	return code / 100 == 2 ? TXN_ACCEPTED : code / 100 == 4 ? TXN_DEFERRED : TXN_REJECTED;
}

static void result(struct txn *t, struct txn_result *out, enum txn_outcome o, int code, const char *enhanced)
{
	memset(out, 0, sizeof *out);
	out->outcome = o;
	out->code = code;
	if (enhanced)
		snprintf(out->enhanced, sizeof out->enhanced, "%s", enhanced);
	out->recipients = t->nrcpt;
	if (t->stage == TXN_NONE)
		out->at = TXN_AT_MAIL;
	else if (t->stage == TXN_MAIL || t->stage == TXN_RCPT)
		out->at = TXN_AT_RCPT;
	else
		out->at = TXN_AT_MESSAGE;
}

/* The transaction ends without a message: by the recipients' refusal when none was accepted (the cause the
 * user must act on), else as the given outcome. */
static void end_early(struct txn *t, struct txn_result *out, enum txn_outcome otherwise, int code, const char *enh)
{
	if (t->nrcpt == 0 && t->refused_code)
		result(t, out, by_class(t->refused_code), t->refused_code, t->refused_enh);
	else
		result(t, out, otherwise, code, enh);
}

/* "RCPT TO:<a@b> NOTIFY=..." -> "a@b" (the line as typed when there are no brackets). */
static char *rcpt_address(const char *line)
{
	const char *lt = line ? strchr(line, '<') : NULL;
	const char *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt)
		return xstrndup(lt + 1, (size_t)(gt - lt - 1));
	const char *colon = line ? strchr(line, ':') : NULL;
	return xstrdup(colon ? colon + 1 + strspn(colon + 1, " ") : line ? line : "");
}

static bool is_verb(const char *verb, const char *v)
{
	return strcmp(verb, v) == 0;
}

/* The final reply to the message (SMTP), or one recipient's (LMTP). */
static bool verdict(struct txn *t, int code, const char *enhanced, const char *text, struct txn_result *out)
{
	result(t, out, by_class(code), code, enhanced);
	if (code / 100 == 2)
		txn_queue_id(text, out->queue_id, sizeof out->queue_id);
	if (t->lmtp && t->nrcpt > 0) {
		size_t i = t->verdicts++;
		out->recipient = i < t->nrcpt ? t->rcpt[i] : NULL;
		if (t->verdicts < t->nrcpt) {
			t->stage = TXN_VERDICT;
			return true; /* more recipients to hear about */
		}
	}
	/* The result may point at a recipient name: keep the names until the next transaction starts. */
	t->stage = TXN_NONE;
	return true;
}

bool txn_on_reply(struct txn *t, const char *verb, const char *line, int code, const char *enhanced, const char *text,
		  struct txn_result *out)
{
	int cls = code / 100;
	if (is_verb(verb, "MAIL")) {
		if (t->stage == TXN_NONE) {
			reset(t);
			if (cls == 2) {
				t->stage = TXN_MAIL;
				return false;
			}
			if (cls == 4 || cls == 5) { /* the transaction never started: refused at the door */
				result(t, out, by_class(code), code, enhanced);
				return true;
			}
			return false;
		}
		return false; /* "503 nested MAIL" and the like: the open transaction goes on */
	}
	if (t->stage == TXN_NONE)
		return false;
	if (code == 421) { /* the server is closing the channel: whatever was open will not complete now */
		result(t, out, TXN_DEFERRED, code, enhanced);
		if (t->lmtp && t->stage == TXN_VERDICT && t->verdicts < t->nrcpt)
			out->recipient = t->rcpt[t->verdicts++];
		if (!(t->lmtp && t->stage == TXN_VERDICT && t->verdicts < t->nrcpt))
			t->stage = TXN_NONE;
		return true;
	}
	if (is_verb(verb, "RCPT") && (t->stage == TXN_MAIL || t->stage == TXN_RCPT)) {
		if (cls == 2) {
			if (t->nrcpt < TXN_MAX_RCPTS) {
				t->rcpt = xreallocarray(t->rcpt, t->nrcpt + 1, sizeof *t->rcpt);
				t->rcpt[t->nrcpt++] = rcpt_address(line);
			}
			t->stage = TXN_RCPT;
		} else if ((cls == 4 || cls == 5) &&
			   (t->refused_code == 0 || (cls == 4 && t->refused_code / 100 == 5))) {
			t->refused_code = code; /* a 4xx refusal wins: trying again later may work */
			snprintf(t->refused_enh, sizeof t->refused_enh, "%s", enhanced ? enhanced : "");
		}
		return false;
	}
	if (is_verb(verb, "DATA") && (t->stage == TXN_MAIL || t->stage == TXN_RCPT)) {
		if (cls == 3) {
			t->stage = TXN_DATA;
			return false;
		}
		if (cls == 4 || cls == 5) {
			end_early(t, out, by_class(code), code, enhanced);
			if (out->code == code)
				out->at = TXN_AT_DATA; /* refused at DATA itself, not because of the recipients */
			t->stage = TXN_NONE;
			return true;
		}
		return false;
	}
	if (is_verb(verb, ".") && (t->stage == TXN_DATA || t->stage == TXN_VERDICT))
		return verdict(t, code, enhanced, text, out);
	if (is_verb(verb, "BDAT") && t->stage != TXN_NONE) {
		bool last = line && strstr(line, "LAST") != NULL;
		if (cls == 2 && !last) {
			if (t->stage != TXN_VERDICT) /* a chunk's 250 pipelined before the LAST one's */
				t->stage = TXN_DATA;
			return false;
		}
		if (cls == 2 || cls == 4 || cls == 5) {
			if (t->stage == TXN_MAIL && cls != 2) {
				end_early(t, out, by_class(code), code, enhanced);
				t->stage = TXN_NONE;
				return true;
			}
			t->stage = TXN_VERDICT;
			return verdict(t, code, enhanced, text, out);
		}
		return false;
	}
	bool resets = (is_verb(verb, "RSET") && cls == 2) || is_verb(verb, "QUIT") ||
		      ((is_verb(verb, "EHLO") || is_verb(verb, "HELO") || is_verb(verb, "LHLO")) && cls == 2);
	if (resets && t->stage != TXN_DATA && t->stage != TXN_VERDICT) {
		end_early(t, out, TXN_ABANDONED, 0, NULL);
		t->stage = TXN_NONE;
		return true;
	}
	return false;
}

void txn_on_message_sent(struct txn *t)
{
	if (t->stage == TXN_DATA || t->stage == TXN_RCPT || t->stage == TXN_MAIL)
		t->stage = TXN_VERDICT;
}

bool txn_on_end(struct txn *t, const char *reason, struct txn_result *out)
{
	if (t->stage == TXN_NONE)
		return false;
	if (t->stage == TXN_MAIL || t->stage == TXN_RCPT) {
		end_early(t, out, TXN_LOST, 0, NULL);
		out->reason = out->outcome == TXN_LOST ? reason : NULL;
		t->stage = TXN_NONE;
		return true;
	}
	result(t, out, TXN_LOST, 0, NULL);
	out->reason = reason;
	if (t->lmtp && t->verdicts < t->nrcpt) {
		out->recipient = t->rcpt[t->verdicts++];
		if (t->verdicts < t->nrcpt)
			return true;
	}
	t->stage = TXN_NONE;
	return true;
}

/* The outcome word, late or not: the subject of every sentence below. */
static const char *outcome_word(const struct txn_result *r)
{
	/* TRANSLATORS: what became of a mail transaction, shown after "transaction" (wire pane, transcript) and
	 * "message" (footer; French translates that one "remise du message" so both agree with a feminine noun):
	 * "rejected at RCPT TO (550 5.1.1: permanent ...)". "late": the verdict came after smtpcon stopped waiting
	 * for it. */
	switch (r->outcome) {
	case TXN_ACCEPTED: return r->late ? C_("transaction", "accepted late") : C_("transaction", "accepted");
	case TXN_REJECTED: return r->late ? C_("transaction", "rejected late") : C_("transaction", "rejected");
	case TXN_DEFERRED: return r->late ? C_("transaction", "deferred late") : C_("transaction", "deferred");
	default: return txn_outcome_name(r->outcome);
	}
}

const char *txn_describe(const struct txn_result *r, char *out, size_t n)
{
	char code[48] = "";
	if (r->code)
		snprintf(code, sizeof code, "%d%s%s", r->code, r->enhanced[0] ? " " : "", r->enhanced);
	const char *word = outcome_word(r);
	const char *who = r->recipient;
	switch (r->outcome) {
	case TXN_ACCEPTED: {
		char detail[160];
		size_t k = r->recipients;
		if (r->queue_id[0])
			snprintf(detail, sizeof detail, _("%s, queued as %s"), code, r->queue_id);
		else
			snprintf(detail, sizeof detail, "%s", code);
		if (who)
			snprintf(out, n,
				 P_("%s for <%.256s> (%s, %zu recipient)", "%s for <%.256s> (%s, %zu recipients)", k),
				 word, who, detail, k);
		else
			snprintf(out, n, P_("%s (%s, %zu recipient)", "%s (%s, %zu recipients)", k), word, detail, k);
		break;
	}
	case TXN_REJECTED:
	case TXN_DEFERRED: {
		/* MAIL FROM, RCPT TO or DATA: protocol words, the same in every language. */
		const char *at = r->at != TXN_AT_MESSAGE && (unsigned)r->at < TXN_NAT ? at_words[r->at] : NULL;
		bool perm = r->outcome == TXN_REJECTED;
		if (at && who)
			snprintf(out, n,
				 perm ? _("%s at %s for <%.256s> (%s: permanent, do not retry unchanged)")
				      : _("%s at %s for <%.256s> (%s: temporary, try again later)"),
				 word, at, who, code);
		else if (at)
			snprintf(out, n,
				 perm ? _("%s at %s (%s: permanent, do not retry unchanged)")
				      : _("%s at %s (%s: temporary, try again later)"),
				 word, at, code);
		else if (who)
			snprintf(out, n,
				 perm ? _("%s for <%.256s> (%s: permanent, do not retry unchanged)")
				      : _("%s for <%.256s> (%s: temporary, try again later)"),
				 word, who, code);
		else
			snprintf(out, n,
				 perm ? _("%s (%s: permanent, do not retry unchanged)")
				      : _("%s (%s: temporary, try again later)"),
				 word, code);
		break;
	}
	case TXN_LOST: {
		const char *why = r->reason ? _(r->reason) : _("the connection ended before the final reply");
		if (who)
			snprintf(out, n, _("lost for <%.256s>: %s (delivery unknown)"), who, why);
		else
			snprintf(out, n, _("lost: %s (delivery unknown)"), why);
		break;
	}
	case TXN_ABANDONED:
	default: snprintf(out, n, "%s", _("abandoned: ended before a message was sent, nothing refused")); break;
	}
	if (r->late && n > 0) {
		char said[768];
		snprintf(said, sizeof said, "%s", out);
		snprintf(out, n, _("%s: the verdict came after the wait timed out, so not lost after all"), said);
	}
	return out;
}
