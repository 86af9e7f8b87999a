/* lesson-data: the steps of each practice lesson (docs/tutorial.md, one table per lab scenario), with what to look
 * at on the wire and the model condition that ticks each step. Knowledge as data: lesson.c only walks it, and
 * test-lab-lessons checks every table (names match the lab's, each step has both lines and a condition).
 *
 * Texts are msgids, translated where they are shown (a line of only commands and protocol words is not marked: it
 * reads the same in every language); {addr} and {ca} are filled in with the running lab's HOST:PORT and CA file. A do-line should fit 74 columns (the dock at 80x24 puts "[x] 1. " before it). */
#include "core/lesson-int.h"
#include "core/model.h"
#include "core/txn.h"
#include "lib/i18n.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define IS LESSON_IS

static const struct lesson_step delivery[] = {
	/* TRANSLATORS: lesson steps: keep commands, addresses, reply codes, {addr} and {ca} exactly as they are. */
	{"EHLO me.example",
	 N_("250- lines: the capabilities. No AUTH: port 25 takes mail without a password"),
	 {.caps = true, .tls = IS(MT_NONE)}},
	{"/starttls",
	 N_("220 2.0.0, the handshake, then EHLO again inside TLS (S:~); /diff compares"),
	 {.caps = true, .tls = IS(MT_STARTTLS)}},
	{"MAIL FROM:<you@example.org>", N_("250 2.1.0: the sender is accepted"), {.code = 250, .verb = "MAIL"}},
	{"RCPT TO:<someone@example.com>",
	 N_("550 5.7.1 relaying denied: example.com is not this server's domain"),
	 {.code = 550, .verb = "RCPT"}},
	{"RCPT TO:<student@lab.test>",
	 N_("250 2.1.5: a mailbox of lab.test, the domain this MX serves"),
	 {.code = 250, .verb = "RCPT"}},
	{N_("DATA, a few headers, a blank line, a body, a line with a lone \".\""),
	 N_("354, then 250 2.0.0 with a queue id: the message is accepted"),
	 {.outcome = IS(TXN_ACCEPTED)}},
	{N_("QUIT, then /mailbox"),
	 N_("221 and the close; /mailbox shows the Received header the server added"),
	 {.code = 221, .verb = "QUIT"}},
};

static const struct lesson_step submission[] = {
	{"EHLO me.example",
	 N_("no AUTH among the 250- lines yet: it is offered only inside TLS"),
	 {.caps = true, .tls = IS(MT_NONE)}},
	{"MAIL FROM:<student@lab.test>",
	 N_("530 5.7.0 authentication required: log in first"),
	 {.code = 530, .verb = "MAIL"}},
	{"/starttls",
	 N_("220, the handshake, and the second EHLO now lists AUTH PLAIN LOGIN"),
	 {.caps = true, .tls = IS(MT_STARTTLS), .auth = IS(MA_OFFERED)}},
	{N_("/auth plain student   (password: practice)"),
	 N_("235 2.7.0: logged in; the password went inside TLS (C:~ lines)"),
	 {.auth = IS(MA_DONE)}},
	{N_("MAIL FROM:<student@lab.test>, then RCPT TO:<friend@example.com>"),
	 N_("250 2.1.5: once logged in you may send anywhere"),
	 {.auth = IS(MA_DONE), .min_rcpts = 1}},
	{N_("DATA, a few headers, a blank line, a body, a line with a lone \".\""),
	 N_("250 2.0.0 queued; QUIT, then /mailbox shows it"),
	 {.outcome = IS(TXN_ACCEPTED), .after = true}},
};

static const struct lesson_step implicit[] = {
	{N_("/connect {addr}   (plain, no TLS)"),
	 N_("no greeting: the server waits for a TLS ClientHello and hangs up on anything else"),
	 {.conn = IS(MC_GREETING), .tls = IS(MT_NONE)}},
	{"/connect {addr} tls",
	 N_("the handshake comes first, then the 220 inside TLS (S:~)"),
	 {.conn = IS(MC_READY), .tls = IS(MT_IMPLICIT), .after = true}},
	{"EHLO me.example",
	 N_("AUTH offered at once, and no STARTTLS: it is already encrypted"),
	 {.caps = true, .tls = IS(MT_IMPLICIT)}},
	{N_("/auth login student   (password: practice)"),
	 N_("334 questions in base64, then 235 2.7.0"),
	 {.auth = IS(MA_DONE)}},
	{N_("MAIL FROM, RCPT TO, DATA as in submission"),
	 N_("250 2.0.0 queued: the whole session was encrypted"),
	 {.outcome = IS(TXN_ACCEPTED)}},
};

static const struct lesson_step no_starttls[] = {
	{"EHLO me.example",
	 N_("no STARTTLS among the 250- lines, but AUTH is there"),
	 {.caps = true, .starttls = IS(false), .tls = IS(MT_NONE)}},
	{"STARTTLS",
	 N_("502 5.5.1: an attacker on the path can strip STARTTLS just like this"),
	 {.code = 502, .verb = "STARTTLS"}},
	{N_("/starttls required   (what --tls does)"),
	 N_("the console stops the session: only QUIT goes out, never a password"),
	 {.error = "tls"}},
};

static const struct lesson_step bad_cert[] = {
	{"EHLO me.example",
	 N_("250 lines with STARTTLS; the lab's CA ({ca}) is trusted"),
	 {.caps = true, .tls = IS(MT_NONE)}},
	{"/starttls",
	 N_("the handshake works but the certificate fails: expired, and for wrong-name.invalid "
	    "(F5 says why)"),
	 {.cert = IS(MCERT_HOLD)}},
	{N_("/trust   (for this connection only)"),
	 N_("EHLO goes out inside TLS; never do this with a real server without checking the fingerprint"),
	 {.cert = IS(MCERT_TRUSTED)}},
};

static const struct lesson_step old_tls[] = {
	{N_("EHLO me.example, then /starttls"),
	 N_("it works, but F5 says TLS1.2: this server offers no TLS 1.3"),
	 {.caps = true, .tls = IS(MT_STARTTLS)}},
	{N_("F10, then: smtpcon --lab=old-tls --tls --tls-protocol tlsv1_3"),
	 N_("the handshake fails with a fatal alert: no TLS version in common"),
	 {.error = "tls"}},
};

static const struct lesson_step greylist[] = {
	{N_("EHLO me.example, MAIL FROM:<you@example.org>, RCPT TO:<student@lab.test>"),
	 N_("451 4.7.1 greylisted: a 4xx code means \"try again later\""),
	 {.code = 451, .verb = "RCPT"}},
	{N_("RSET, wait the seconds the reply gives, then MAIL and RCPT again"),
	 N_("250 2.1.5 this time: the retry got through"),
	 {.min_rcpts = 1, .after = true}},
	{N_("DATA, a few headers, a blank line, a body, a line with a lone \".\""),
	 N_("250 2.0.0 queued: real mail servers queue and retry; spam software often does not"),
	 {.outcome = IS(TXN_ACCEPTED), .after = true}},
};

static const struct lesson_step strict_sync[] = {
	{N_("/connect {addr} --no-wait, and EHLO before the 220 (it takes 3 s)"),
	 N_("554 5.5.0 synchronization error instead of a greeting, and the server hangs up"),
	 {.code = 554, .verb = ""}},
	{N_("/connect {addr}, wait for the 220, then EHLO me.example"),
	 N_("no PIPELINING among the 250- lines"),
	 {.caps = true}},
	{"/raw \"MAIL FROM:<a@example.org>\\r\\nRCPT TO:<student@lab.test>\\r\\n\"",
	 N_("554 5.5.0: two commands at once without PIPELINING is a protocol error"),
	 {.code = 554, .caps = true, .after = true}},
};

static const struct lesson_step tarpit[] = {
	{"EHLO me.example", N_("each reply takes 2 s: the status bar counts the wait"), {.caps = true}},
	{N_("/set timeout 1, then NOOP"),
	 N_("no reply within 1 s: the wait fails; RFC 5321 asks clients to wait minutes"),
	 {.error = "timeout"}},
};

static const struct lesson_step flaky[] = {
	{N_("MAIL FROM:<you@example.org>, RCPT TO:<student@lab.test>, DATA, a message"),
	 N_("354, then the server hangs up mid-message: no 250, so it was NOT accepted"),
	 {.outcome = IS(TXN_LOST)}},
	{N_("/connect {addr}, and send it again"),
	 N_("250 2.0.0 queued this time; /mailbox shows it once"),
	 {.outcome = IS(TXN_ACCEPTED), .after = true}},
};

/* In the tutorial's order (the lab's scenario order). */
static const struct lesson lessons[] = {
	{"delivery", delivery, N(delivery)}, {"submission", submission, N(submission)},
	{"implicit", implicit, N(implicit)}, {"no-starttls", no_starttls, N(no_starttls)},
	{"bad-cert", bad_cert, N(bad_cert)}, {"old-tls", old_tls, N(old_tls)},
	{"greylist", greylist, N(greylist)}, {"strict-sync", strict_sync, N(strict_sync)},
	{"tarpit", tarpit, N(tarpit)},       {"flaky", flaky, N(flaky)},
};

const struct lesson *lesson_table(size_t *n)
{
	*n = N(lessons);
	return lessons;
}
