/* event: what the session core tells its views. The core never prints; it calls every registered sink with one
 * struct event per thing that happened. The TUI, the text transcript, the JSON Lines writer and the tests are
 * sinks.
 *
 * Lifetime: an event and everything it points to are valid only during the sink call. A sink that keeps anything
 * copies it. Sinks must not call back into the session from inside on_event (queue work instead).
 *
 * Secrets: the core redacts AUTH secrets before it emits (unless the user asked --show-secrets); such an event has
 * secret = true, and its data already holds the mask, never the secret.
 */
#ifndef SMTPCON_EVENT_H
#define SMTPCON_EVENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ehlo.h"
#include "core/reply.h"
#include "core/tlsinfo.h"
#include "core/txn.h"

enum event_type {
	EV_INFO,        /* text: a note from the console ("resolving mail.example.org") */
	EV_WARNING,     /* id, text, hint: out-of-sequence command, unadvertised extension, ... */
	EV_ERROR,       /* id = stage ("resolve", "connect", "tls", "timeout", "read", "write", "usage"), text */
	EV_RESOLVED,    /* host (A-label), text = U-label when different, data/len unused, count = addresses */
	EV_CONNECTING,  /* host, addr, port */
	EV_CONNECTED,   /* host, addr, port, tls (true for implicit TLS, set once the handshake is done) */
	EV_SENT,        /* data/len: exact bytes the client wrote (plaintext layer), tls, secret, segment */
	EV_RECEIVED,    /* data/len: exact bytes of one read (plaintext layer), tls */
	EV_RECORD,      /* data/len: raw TLS record bytes on the socket (dir tells which way); for the hex view */
	EV_REPLY,       /* reply: one complete server reply; command: the client line it answers (may be NULL) */
	EV_TLS_START,   /* the TLS handshake begins (the STARTTLS boundary) */
	EV_TLS,         /* tls: handshake finished, with verification verdict */
	EV_CAPS,        /* caps, phase */
	EV_CAPS_DIFF,   /* diff, phase_from, phase */
	EV_STATE,       /* state_from -> state: the SMTP state changed (names via smtp_state_name) */
	EV_EXPECT,      /* ok, text = wanted, got = what the last reply was */
	EV_DIAGNOSIS,   /* id, severity, text = message, hint */
	EV_CLOSED,      /* text = who: "client" | "server" | "network" | "error"; id = reason (English, JSON);
	                 * text_loc = the reason in the user's language (views: event_closed_line/_reason) */
	EV_WAITING,     /* the console waits for something; text says what, timeout_ms how long */
	EV_IDLE,        /* nothing outstanding: the console may run the next command */
	EV_OUTPUT,      /* text: output of a console command (/caps, /help, /explain ...), one or more lines */
	EV_TRANSACTION, /* txn: a mail transaction ended (LMTP: one recipient's outcome), see core/txn.h */
	EV_MTA_STS,     /* mtasts, mtasts_host, host: what a domain's MTA-STS policy makes of one MX host (or of
	                 * none: host NULL), see core/mtasts.h */
	EV_DANE,        /* dane: the DANE result for the MX host connected to (core/delivery.h); text: in words */
	EV_DELIVERY,    /* delivery: what a sending MTA would do with mail to this host; text: in words */
	EV_TLS_SCAN,    /* tls_scan: /tls scan's result for one protocol version (core/tls-scan.h), host, addr, port;
	                 * for JSON only: the console prints the table itself */
	EV_TLS_HELLO,   /* tls_hello: the server's answer to a hand-built ClientHello (session_params.tls_hello):
	                 * only /tls scan's own sessions see it */
	EV_NTYPES
};

struct dane_report;   /* core/delivery.h */
struct delivery_view; /* core/delivery.h */
struct tls_scan_version; /* core/tls-scan.h */
struct tls_server_hello; /* core/tls-hello.h */

enum event_dir { DIR_NONE, DIR_CLIENT, DIR_SERVER };

enum severity { SEV_INFO, SEV_WARNING, SEV_ERROR };

struct mtasts_result;
struct mtasts_host_view;

struct event {
	enum event_type type;
	uint64_t t_ns;              /* monotonic time since the session started */
	enum event_dir dir;
	bool tls;                   /* bytes travelled inside TLS */
	bool secret;                /* data holds a redaction mask in place of a secret */
	const uint8_t *data;
	size_t len;
	const char *host;
	const char *addr;
	int port;
	const char *id;
	const char *text;           /* English, always (JSON Lines never changes with the locale) */
	const char *hint;
	const char *text_loc;       /* the same in the user's language when it was formatted (lib/dtext.h), else NULL */
	const char *hint_loc;
	const char *got;
	enum severity severity;
	bool ok;
	long count;
	int64_t timeout_ms;
	const struct reply *reply;
	const char *command;        /* for EV_REPLY: the command line this reply answers (escaped-safe: our own) */
	const char *recipient;      /* EV_REPLY in LMTP after the message: the recipient this reply is for */
	const struct txn_result *txn; /* EV_TRANSACTION */
	const struct mtasts_result *mtasts;         /* EV_MTA_STS: the domain's result */
	const struct mtasts_host_view *mtasts_host; /* EV_MTA_STS: the verdict for host */
	const struct tls_info *tls_info;
	const struct dane_report *dane;       /* EV_DANE */
	const struct delivery_view *delivery; /* EV_DELIVERY */
	const struct tls_scan_version *tls_scan; /* EV_TLS_SCAN */
	const struct tls_server_hello *tls_hello; /* EV_TLS_HELLO */
	const struct caps *caps;
	const struct caps_diff *diff;
	enum caps_phase phase;
	enum caps_phase phase_from;
	/* Listen mode: the remote client this event is about (its connection number, from 1) and its address
	 * ("127.0.0.1:40000"); 0 and NULL for our own session. Views that model our session ignore such events. */
	unsigned long client;
	const char *peer;
	/* Listen mode: the id of the mail program the client was recognised as ("msmtp", "python-smtplib"), from the event that said so
	 * (the info "client-program") on; NULL before, or when it was never recognised. */
	const char *program;
	/* EV_SENT: a pipelined group, several commands that travelled together: in one write of ours (client mode:
	 * /pipeline, /raw with several lines, the probes), or in one read (one TCP read or TLS record) from a remote
	 * client (listen mode). Numbered from 1 per session (listen mode: per client); 0 when the event is not
	 * part of one. group_size: the commands in the group; group_start: this event carries its first command
	 * (client mode: the whole group is one EV_SENT, cut in pieces only by /chunk; listen mode: one per line). */
	unsigned long group;
	unsigned group_size;
	bool group_start;
	/* EV_DIAGNOSIS "auth-challenge" (an AUTH exchange typed by hand): its mechanism, the challenge's number in it
	 * (from 1), and data/len the challenge decoded from base64 (NULL when it was not base64). */
	const char *mech;
	int step;
	int state;                  /* enum smtp_state */
	int state_from;
};

/* Human name of an event type: "sent", "received", "reply", ... (the JSON "type" value). */
const char *event_type_name(enum event_type t);
/* The text and hint for people (TUI, transcript): the translated form when the core built one, else the
 * translation of the English text when it is a catalog message, else the English. JSON writers read ev->text. */
const char *event_text(const struct event *ev);
const char *event_hint(const struct event *ev);
/* EV_CLOSED for people: the whole "connection closed by the server" line for who closed (one sentence per who,
 * so each language words it its own way), in buf (n bytes); returns buf. */
const char *event_closed_line(const struct event *ev, char *buf, size_t n);
/* EV_CLOSED: why, for people: the core's translation (text_loc), else the catalog's, else the English id. */
const char *event_closed_reason(const struct event *ev);
/* Seconds as a double, for display and JSON. */
double event_seconds(const struct event *ev);

typedef void (*event_fn)(void *ctx, const struct event *ev);

#endif
