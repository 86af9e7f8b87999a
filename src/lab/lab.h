/* lab: the built-in SMTP practice server. A small but real SMTP server (STARTTLS, AUTH, PIPELINING, CHUNKING,
 * SMTPUTF8, Maildir delivery) that runs on the caller's poll loop, so the console can talk to it in the same
 * process over real TCP on 127.0.0.1, and `--serve-lab` can serve a classroom.
 *
 * Call order: lab_new (binds, makes a certificate, creates the Maildir) -> the caller runs its loop -> lab_free.
 * Everything the lab does happens inside loop callbacks and never blocks (apart from small local file writes).
 * It serves many clients at once; each scenario (a row of a table, see lab_scenarios) changes the rules, to
 * teach one thing that goes wrong with real servers. The lab never prints: text goes to the log callback.
 */
#ifndef SMTPCON_LAB_H
#define SMTPCON_LAB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/loop.h"

struct lab;

/* The lab's own names (RFC 2606 .test domain, so nothing can leak to a real host). */
#define LAB_HOSTNAME "mail.lab.test"
#define LAB_DOMAIN "lab.test"
#define LAB_USER "student"
#define LAB_PASSWORD "practice"
#define LAB_DEFAULT_SCENARIO "submission"

/* One line of lab activity ("client 127.0.0.1:40000 connected", "delivered 1A2B to <x@lab.test>"). Client
 * supplied text in it is already escaped (safe for a terminal). */
typedef void (*lab_log_fn)(void *arg, const char *line);

/* What the lab saw and did, for a server-side view (listen mode) or a classroom log. */
enum lab_event_kind {
	LAB_EV_CONNECT,   /* a client connected (peer set) */
	LAB_EV_RECV,      /* bytes from the client: one command line with its line ending, or a piece of message */
	LAB_EV_SEND,      /* reply bytes to the client, as they go on the wire (after any tarpit delay) */
	LAB_EV_TLS,       /* handshake done: text "TLS1.3 with cipher AES-256-GCM" */
	LAB_EV_DIAG,      /* a client mistake: id (stable, e.g. "bare-lf") and text (a sentence for a person) */
	LAB_EV_DELIVERED, /* a message was accepted: id is the queue id, len its size */
	LAB_EV_CLOSE,     /* the connection is gone: text says who ended it ("client", "server", "network"), id why */
	LAB_EV_PROPOSE,   /* manual mode: the reply the scenario would send (data); answer with lab_answer */
	LAB_EV_NOTE,      /* something learnt about the client, no mistake: id ("client-program") and text */
};

struct lab_event {
	enum lab_event_kind kind;
	unsigned long client;    /* connection number, from 1, for telling concurrent clients apart */
	const char *peer;        /* "127.0.0.1:40000" */
	const uint8_t *data;     /* RECV/SEND: the bytes. RECV bytes are the client's: escape before display */
	size_t len;
	bool tls;                /* the bytes travelled inside TLS */
	bool secret;             /* RECV: an AUTH exchange (credentials): redact unless asked */
	const char *id;          /* DIAG: which mistake; DELIVERED: queue id; CLOSE: why ("hung up without QUIT") */
	const char *text;        /* DIAG: explanation; TLS: parameters; CLOSE: "client", "server" or "network";
	                          * PROPOSE and SEND: the command it answers ("": the greeting, ".": the end of a message;
	                          * SEND: NULL when it answers nothing the client sent, an idle 421) */
	const char *text_loc; /* DIAG, NOTE, TLS: the text in the user's language; CLOSE: the reason (id) in the user's
	                          * language (NULL: no translation active) */
	/* RECV: the command line is one of group_size the client sent in one read (pipelined), group numbered from 1
	 * per client (0: not in a group); group_start: the first of them. */
	unsigned long group;
	unsigned group_size;
	bool group_start;
	const char *program; /* the id of the mail program the client was recognised as ("msmtp", "python-smtplib";
	                          * lab-who.c), NULL: not (yet) recognised */
};

/* Called inside the lab's loop callbacks; every pointer is valid only during the call. It may not call
 * lab_free. */
typedef void (*lab_event_fn)(void *arg, const struct lab_event *ev);

struct lab_params {
	const char *scenario;    /* a name from lab_scenarios(); NULL: LAB_DEFAULT_SCENARIO */
	const char *listen_addr; /* numeric address to bind; NULL: "127.0.0.1" ("::1", "0.0.0.0" work too) */
	int port;                /* 0: a free port chosen by the kernel (read it back with lab_port) */
	const char *dir;         /* Maildir and certificate files go here (created if missing); NULL: a fresh
	                          * directory under $XDG_RUNTIME_DIR or /tmp, removed again by lab_free */
	bool keep_dir;           /* keep a fresh directory (dir == NULL) after lab_free */
	bool discard;            /* benchmark mode: count message bytes, store nothing */
	/* Overrides of the scenario's timings (0: the scenario's own value). */
	int greylist_seconds;    /* greylist: how long a new sender must wait before a retry is accepted
	                          * (0: $SMTPCON_LAB_GREYLIST_SECONDS if set, else the scenario's 30 s) */
	int reply_delay_ms;      /* tarpit: how long each reply is held back */
	int greet_delay_ms;      /* strict-sync: how long the greeting is held back to catch early talkers */
	int max_clients;         /* concurrent connections (0: LAB_MAX_CLIENTS); more are told 421 and closed */
	lab_log_fn log;          /* optional */
	void *log_arg;
	lab_event_fn on_event;   /* optional */
	void *event_arg;
	/* Listen mode, answering by hand: every reply is first proposed (LAB_EV_PROPOSE) and held until
	 * lab_answer sends it or a replacement. Nothing more of that client is read meanwhile. */
	bool manual;
};

/* Environment variable that shortens (or lengthens) the greylist delay, in whole seconds (1-86400), for every
 * front end: `SMTPCON_LAB_GREYLIST_SECONDS=2 smtpcon --lab=greylist`. */
#define LAB_GREYLIST_ENV "SMTPCON_LAB_GREYLIST_SECONDS"

/* Limits (advertised where SMTP has a way to say them). */
#define LAB_MAX_CLIENTS 256
#define LAB_MAX_MESSAGE (10u * 1024 * 1024) /* SIZE */
#define LAB_MAX_RCPTS 100

/*
 * Start the lab on loop: bind and listen, make the certificates (GnuTLS, new key pair each start), prepare the
 * Maildir. NULL with *err (allocated, caller frees) for an unknown scenario, an address in use, an unusable
 * directory or a GnuTLS failure.
 */
struct lab *lab_new(struct loop *loop, const struct lab_params *p, char **err);
/* Close every client at once (no QUIT dance), stop listening, free everything; removes a fresh directory unless
 * keep_dir. NULL is ignored. */
void lab_free(struct lab *lab);

/* The port actually bound. */
int lab_port(const struct lab *lab);
/* The bound address as given ("127.0.0.1"). */
const char *lab_address(const struct lab *lab);
/* The scenario name in use. */
const char *lab_scenario(const struct lab *lab);
/* True when clients must speak TLS at once (scenario implicit), i.e. the console should use --tls-on-connect. */
bool lab_implicit_tls(const struct lab *lab);
/* True when the scenario offers STARTTLS. */
bool lab_offers_starttls(const struct lab *lab);
/* The directory holding Maildir/, ca.pem, cert.pem, key.pem. */
const char *lab_dir(const struct lab *lab);
/* The Maildir path (<dir>/Maildir). */
const char *lab_maildir(const struct lab *lab);
/* The lab CA certificate (PEM): give it to a client (--tls-ca-path) so that verification succeeds for a good
 * certificate, and fails only for the reasons a scenario means to show. */
const char *lab_ca_file(const struct lab *lab);
/* The server certificate chain (PEM) the lab presents. */
const char *lab_cert_file(const struct lab *lab);
/* SHA-256 fingerprint of the server certificate, hex with colons. */
const char *lab_fingerprint(const struct lab *lab);
/* Several lines for --serve-lab (and the console's welcome): address, scenario and what it teaches, TLS mode,
 * certificate fingerprint and CA file, demo credentials, local domain, Maildir, a command to try. Owned by lab. */
const char *lab_describe(const struct lab *lab);
/* The same in the user's language (lib/i18n.h), for people: --serve-lab's banner. */
const char *lab_describe_loc(const struct lab *lab);

struct lab_stats {
	unsigned long connections; /* accepted so far */
	unsigned long active;      /* open now */
	unsigned long messages;    /* accepted (stored, or counted in discard mode) */
	unsigned long long bytes;  /* message bytes accepted */
	unsigned long tls;         /* TLS handshakes completed */
};
void lab_get_stats(const struct lab *lab, struct lab_stats *out);

/*
 * Manual mode: release the reply held for connection client (LAB_EV_*.client): text NULL sends what the scenario
 * proposed; otherwise text is sent instead, as is, with CRLF added unless it ends in LF (so a person can also send
 * malformed replies on purpose). The lab's own state still follows its proposal: replacing "354" by "554" for DATA
 * shows the client a refusal, but the lab goes on reading message data. Call it from outside the lab's callbacks
 * (e.g. the console's input handler). Returns 0, or -1 when that client has no reply waiting.
 */
int lab_answer(struct lab *lab, unsigned long client, const char *text);

/* Scenario names, NULL-terminated, in teaching order. */
const char *const *lab_scenarios(void);
/* One-line summary of a scenario, or NULL when the name is unknown. */
const char *lab_scenario_summary(const char *name);
/* The lesson for a scenario (the steps of docs/tutorial.md, for /lesson NAME): plain text lines, or NULL when
 * the name is unknown. Static. */
const char *lab_lesson(const char *name);

/*
 * /mailbox: append one line per stored message to out, numbered from 1, oldest first:
 *   "  1  2025-06-01 12:00:03  <from> -> <to>  \"subject\"  (512 bytes)"
 * Returns the number of messages (0 with an explanatory line when none; -1 on a directory error, with a line).
 * Envelope and header text is escaped (safe for a terminal).
 */
int lab_mailbox_list(const struct lab *lab, struct buf *out);
/*
 * Append message number index (1-based, as listed) to out: the raw stored bytes (Received header first), at
 * most out->max. These bytes are whatever a client sent: escape them before they reach a terminal.
 * Returns 0, or -1 (with an explanatory line in out) when there is no such message.
 */
int lab_mailbox_show(const struct lab *lab, int index, struct buf *out);
/* The same in two languages (lib/dtext.h), for the console: the list's words (sizes, "no messages yet") are
 * translated on the other side; a message shown by lab_mailbox_showd is on the English side only (its bytes are
 * the client's), an error about it on both. */
struct dtext;
int lab_mailbox_listd(const struct lab *lab, struct dtext *out);
int lab_mailbox_showd(const struct lab *lab, int index, struct dtext *out);

#endif
