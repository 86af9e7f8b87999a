/* cmd-probe-smtp: the SMTP-level probes. smuggling ends message bodies with non-standard end-of-data sequences
 * followed by a second command, one fresh connection each, and sees whether the server answered that command
 * (it took the sequence as the end of data: SMTP smuggling is possible through a relay that passes it on) or
 * kept it as content. pipelining checks that pipelined commands are accepted (RFC 2920) and whether the server
 * enforces synchronisation before its greeting and after DATA. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd-probe.h"
#include "cmd/console-int.h"
#include "lib/xmalloc.h"

#define COLLECT_MS 1000u /* after a probe write, how long extra replies are collected */

static enum cmd_result send_line(struct console *c, const char *fmt, const char *arg)
{
	char *line = xasprintf(fmt, arg);
	enum cmd_result r = console_send_smtp(c, line);
	free(line);
	return r;
}

static const char *rcpt_or_postmaster(void)
{
	return probe_target.rcpt ? probe_target.rcpt : "postmaster";
}

/* ---- smuggling ---- */

static const struct {
	const char *seq;
	const char *shown;
} variants[] = {
	{"\n.\n", "<LF>.<LF>"},       {"\n.\r\n", "<LF>.<CR><LF>"}, {"\r.\r\n", "<CR>.<CR><LF>"},
	{"\r\n.\r", "<CR><LF>.<CR>"}, {"\r\n.\n", "<CR><LF>.<LF>"}, {"\r.\r", "<CR>.<CR>"},
};
#define NVARIANTS (sizeof variants / sizeof variants[0])

static struct {
	int result[NVARIANTS]; /* 1 end of data, 0 content, -1 not tested */
	int code[NVARIANTS];
	int extra[NVARIANTS];
} smug;

static enum cmd_result smuggling_finish(struct console *c)
{
	/* One item per variant, each said whole ("<LF>.<LF>: content (250)"), joined with "; ". */
	struct dtext list, text;
	dtext_init(&list, PROBE_TEXT_MAX);
	dtext_init(&text, PROBE_TEXT_MAX);
	bool any = false, tested = false;
	for (size_t v = 0; v < NVARIANTS; v++) {
		const char *seq = variants[v].shown;
		int code = smug.code[v];
		if (v)
			dtext_raw(&list, "; ");
		if (smug.result[v] == 1)
			/* TRANSLATORS: %s: an end-of-data sequence (<LF>.<LF>), %d: the reply code. The server took
			 * the sequence as the end of the message: it answered the command written after it. */
			dtext_printf(&list, "%s: END OF DATA (the command after it was answered) (%d)", seq, code);
		else if (smug.result[v] == 0 && code / 100 == 2)
			/* TRANSLATORS: %s: an end-of-data sequence (<LF>.<LF>), %d: the reply code. The server kept the
			 * sequence as message content. */
			dtext_printf(&list, "%s: content (%d)", seq, code);
		else if (smug.result[v] == 0)
			/* TRANSLATORS: %s: an end-of-data sequence (<LF>.<LF>), %d: the reply code. The server refused
			 * the message. */
			dtext_printf(&list, "%s: refused (%d)", seq, code);
		else
			/* TRANSLATORS: %s: an end-of-data sequence (<LF>.<LF>), %d: the reply code that stopped the
			 * test (MAIL, RCPT or DATA refused), -1 for none. */
			dtext_printf(&list, "%s: not tested (%d)", seq, code);
		any = any || smug.result[v] == 1;
		tested = tested || smug.result[v] >= 0;
	}
	if (!tested) {
		/* TRANSLATORS: %s: the list of variants and what each got ("<LF>.<LF>: not tested (550); ..."). */
		PROBE_WITH(&text, N_("no variant could be tested (MAIL, RCPT or DATA refused): %s"), &list);
		probe_verdict(c, "inconclusive", false, &text);
	} else if (any) {
		PROBE_WITH(&text,
			   /* TRANSLATORS: %s: the list of variants and what each got ("<LF>.<LF>: END OF DATA ..."). */
			   N_("%s. This server ends the message at a non-standard sequence: a relay that passes such a "
			      "sequence through unchanged lets a sender smuggle a second message in (SMTP smuggling, "
			      "CVE-2023-51764/51765/51766). Accept only <CR><LF>.<CR><LF>"),
			   &list);
		probe_verdict(c, "smuggling-possible", true, &text);
	} else {
		PROBE_WITH(
			&text,
			/* TRANSLATORS: %s: the list of variants and what each got ("<LF>.<LF>: content (250); ..."). */
			N_("%s. Only <CR><LF>.<CR><LF> ends the message here: nothing can be smuggled into this "
			   "server"),
			&list);
		probe_verdict(c, "not-vulnerable", false, &text);
	}
	dtext_free(&text);
	dtext_free(&list);
	return CMD_DONE;
}

static enum cmd_result smuggling_step(struct console *c, int k)
{
	size_t v = (size_t)k / 10;
	int s = k % 10;
	if (k == 0) {
		memset(&smug, 0, sizeof smug);
		for (size_t i = 0; i < NVARIANTS; i++)
			smug.result[i] = -1;
		if (probe_target.rcpt == NULL) {
			console_error(c, "/probe smuggling needs a recipient this server accepts: /probe smuggling "
					 "RCPT (or --to)");
			return CMD_FAIL;
		}
	}
	if (v >= NVARIANTS)
		return smuggling_finish(c);
	const struct reply *r = session_last_reply(c->s);
	int code = r ? r->code : -1;
	/* Any refusal on the way: this variant cannot be tested; go on with the next. */
	if ((s == 3 && code / 100 != 2) || (s == 4 && code / 100 != 2) || (s == 5 && code != 354)) {
		smug.code[v] = code;
		session_close(c->s);
		probe_next(c, (int)(v + 1) * 10, 0);
		return CMD_DONE;
	}
	switch (s) {
	case 0: probe_next(c, k + 1, 0); return probe_connect(c, false);
	case 1:
		probe_next(c, k + 1, 0);
		return send_line(c, "EHLO %s", session_ehlo_name(c->s) ? session_ehlo_name(c->s) : "[127.0.0.1]");
	case 2: probe_next(c, k + 1, 0); return send_line(c, "MAIL FROM:<%s>", probe_target.from);
	case 3: probe_next(c, k + 1, 0); return send_line(c, "RCPT TO:<%s>", probe_target.rcpt);
	case 4: probe_next(c, k + 1, 0); return console_send_smtp(c, "DATA");
	case 5: {
		char *body = xasprintf(
			"Subject: smtpcon smuggling probe %zu\r\n\r\nbefore the sequence%sNOOP\r\n\r\n.\r\n", v + 1,
			variants[v].seq);
		console_print(c, "  variant %zu: body ending with %s then NOOP, then the real end", v + 1,
			      variants[v].shown);
		probe_mark();
		probe_next(c, k + 1, COLLECT_MS);
		enum cmd_result res = probe_send(c, body, strlen(body), 1);
		free(body);
		return res;
	}
	case 6:
		/* One reply: the sequence was content (or the message refused). More: the NOOP was a command. */
		smug.code[v] = probe_obs.n ? probe_obs.codes[0] : -1;
		smug.extra[v] = probe_obs.n > 1 ? (int)probe_obs.n - 1 : 0;
		smug.result[v] = probe_obs.n == 0 ? -1 : probe_obs.n > 1 ? 1 : 0;
		session_close(c->s);
		probe_next(c, (int)(v + 1) * 10, 0);
		return CMD_DONE;
	}
	return CMD_DONE;
}

const struct probe_def probe_smuggling = {
	"smuggling",
	N_("do non-standard end-of-data sequences end the message here (SMTP smuggling)?"),
	smuggling_step,
};

/* ---- pipelining ---- */

static struct {
	bool advertised;
	int accepted;                            /* 1 all four pipelined commands answered 2xx, 0 not, -1 not tested */
	int greeting_sync;                       /* 1 early talker refused, 0 answered, -1 not tested */
	int data_sync;                           /* 1 message before 354 refused, 0 taken, -1 not tested */
	char greeting_codes[64], data_codes[64]; /* the reply codes seen ("250 250 554"), "" for none */
	bool greeting_closed, data_closed;       /* and then the server closed the connection */
} pipe;

static void codes_seen(char *out, size_t max, bool *closed)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < probe_obs.n && used < max; i++)
		used += (size_t)snprintf(out + used, max - used, "%s%d", i ? " " : "", probe_obs.codes[i]);
	*closed = probe_obs.closed_by_server;
}

/* The replies as the verdict lists them: "250 250 554 closed", or "none"; the two words in the user's language. */
static void codes_text(struct dtext *d, const char *codes, bool closed)
{
	dtext_raw(d, codes);
	if (closed) {
		dtext_raw(d, codes[0] ? " " : "");
		/* (with a context: a reply list's "closed" is not a state's, and French and Portuguese say it of the
		 * connection, feminine) */
		/* TRANSLATORS: after the reply codes a probe saw ("220 554 closed"): the server closed the connection. */
		dtext_pair(d, "closed", C_("probe replies", "closed"));
	} else if (codes[0] == '\0') {
		/* TRANSLATORS: in place of the reply codes a probe saw ("replies: none"): no reply came. */
		dtext_pair(d, "none", C_("probe replies", "none"));
	}
}

static enum cmd_result pipelining_step(struct console *c, int k)
{
	const struct probe_obs *o = &probe_obs;
	const char *name = session_ehlo_name(c->s) ? session_ehlo_name(c->s) : "[127.0.0.1]";
	switch (k) {
	case 0:
		memset(&pipe, 0, sizeof pipe);
		pipe.accepted = pipe.greeting_sync = pipe.data_sync = -1;
		probe_next(c, 1, 0);
		return probe_connect(c, false);
	case 1: probe_next(c, 2, 0); return send_line(c, "EHLO %s", name);
	case 2: {
		const struct caps *caps = session_current_caps(c->s);
		pipe.advertised = caps && caps_find(caps, "PIPELINING");
		char *mail = xasprintf("MAIL FROM:<%s>", probe_target.from);
		char *rcpt = xasprintf("RCPT TO:<%s>", rcpt_or_postmaster());
		const char *const lines[] = {mail, rcpt, "RSET", "NOOP"};
		console_print(c, "  1. MAIL, RCPT, RSET, NOOP in one write");
		probe_mark();
		probe_next(c, 3, 0);
		int r = session_send_pipeline(c->s, lines, 4);
		free(mail);
		free(rcpt);
		return r < 0 ? CMD_FAIL : CMD_WAIT;
	}
	case 3: {
		bool ok = o->n == 4;
		for (size_t i = 0; i < o->n; i++)
			ok = ok && o->matched[i] && o->codes[i] / 100 == 2;
		pipe.accepted = ok ? 1 : 0;
		session_close(c->s);
		console_print(c, "  2. EHLO written right after connecting, before the greeting");
		probe_next(c, 4, 0);
		return probe_connect(c, true);
	}
	case 4: {
		probe_mark();
		probe_next(c, 5, 300);
		char *line = xasprintf("EHLO %s\r\n", name);
		enum cmd_result r = probe_send(c, line, strlen(line), 1);
		free(line);
		return r;
	}
	case 5:
		codes_seen(pipe.greeting_codes, sizeof pipe.greeting_codes, &pipe.greeting_closed);
		pipe.greeting_sync = (o->n > 0 && o->codes[0] == 220 && o->n > 1 && o->codes[1] / 100 == 2) ? 0 : 1;
		session_close(c->s);
		console_print(c, "  3. MAIL, RCPT, DATA and the message in one write, without waiting for the 354");
		probe_next(c, 6, 0);
		return probe_connect(c, false);
	case 6: probe_next(c, 7, 0); return send_line(c, "EHLO %s", name);
	case 7: {
		char *all = xasprintf(
			"MAIL FROM:<%s>\r\nRCPT TO:<%s>\r\nDATA\r\nSubject: smtpcon pipelining probe\r\n\r\n"
			"sent before the 354\r\n.\r\n",
			probe_target.from, rcpt_or_postmaster());
		probe_mark();
		probe_next(c, 8, COLLECT_MS);
		enum cmd_result r = probe_send(c, all, strlen(all), 1);
		free(all);
		return r;
	}
	case 8: {
		codes_seen(pipe.data_codes, sizeof pipe.data_codes, &pipe.data_closed);
		bool taken = false;
		for (size_t i = 0; i + 1 < o->n; i++)
			if (o->codes[i] == 354 && o->codes[i + 1] / 100 == 2)
				taken = true;
		pipe.data_sync = taken ? 0 : 1;
		if (session_phase(c->s) == PHASE_CONNECTED)
			session_close(c->s);
		bool bad = pipe.greeting_sync == 0 || pipe.data_sync == 0;
		char kw[96];
		snprintf(kw, sizeof kw, "%s greeting-sync:%s data-sync:%s",
			 pipe.accepted ? "accepts-pipelining" : "rejects-pipelining",
			 pipe.greeting_sync ? "enforced" : "not-enforced",
			 pipe.data_sync ? "enforced" : "not-enforced");
		/* Three sentences, each whole: what was advertised and answered, then each synchronisation check with
		 * the replies it saw. */
		struct dtext text, codes;
		dtext_init(&text, PROBE_TEXT_MAX);
		dtext_init(&codes, 256);
		if (pipe.advertised && pipe.accepted)
			dtext_puts(&text,
				   "PIPELINING advertised; pipelined MAIL/RCPT/RSET/NOOP all answered in order.");
		else if (pipe.advertised)
			dtext_puts(&text, "PIPELINING advertised; pipelined MAIL/RCPT/RSET/NOOP not all answered 2xx.");
		else if (pipe.accepted)
			dtext_puts(&text,
				   "PIPELINING NOT advertised; pipelined MAIL/RCPT/RSET/NOOP all answered in order.");
		else
			dtext_puts(&text,
				   "PIPELINING NOT advertised; pipelined MAIL/RCPT/RSET/NOOP not all answered 2xx.");
		dtext_raw(&text, " ");
		codes_text(&codes, pipe.greeting_codes, pipe.greeting_closed);
		if (pipe.greeting_sync)
			PROBE_WITH(
				&text,
				/* TRANSLATORS: %s: the reply codes seen ("554 closed"). An early talker: a client that
				    * writes before the server's greeting. */
				N_("Before the greeting (replies: %s): the early talker was refused (spam bots talk "
				   "early)."),
				&codes);
		else
			PROBE_WITH(
				&text,
				/* TRANSLATORS: %s: the reply codes seen ("220 250"). */
				N_("Before the greeting (replies: %s): answered normally (a server may still log it)."),
				&codes);
		dtext_raw(&text, " ");
		dtext_reset(&codes);
		codes_text(&codes, pipe.data_codes, pipe.data_closed);
		if (pipe.data_sync)
			PROBE_WITH(
				&text,
				/* TRANSLATORS: %s: the reply codes seen ("250 250 554"). */
				N_("Message before the 354 (replies: %s): not taken: DATA must end a pipelined group "
				   "(RFC 2920 §3.1)"),
				&codes);
		else
			PROBE_WITH(
				&text,
				/* TRANSLATORS: %s: the reply codes seen ("250 250 354 250"). */
				N_("Message before the 354 (replies: %s): taken, although RFC 2920 makes DATA the last "
				   "command of a group"),
				&codes);
		probe_verdict(c, kw, bad, &text);
		dtext_free(&codes);
		dtext_free(&text);
		return CMD_DONE;
	}
	}
	return CMD_DONE;
}

const struct probe_def probe_pipelining = {
	"pipelining",
	N_("are pipelined commands accepted, and is synchronisation enforced before the greeting and DATA?"),
	pipelining_step,
};
