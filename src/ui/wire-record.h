/* wire-record: the raw TLS records of a connection, for the hex view. The core hands us the socket's bytes in
 * whatever pieces GnuTLS read or wrote them (EV_RECORD: a 5-byte header alone, three records at once ...); this
 * splits each direction's stream back into records and says what each one is (type, record version, length,
 * the handshake messages or the alert inside while they are still in the clear), so a learner sees what
 * STARTTLS changes on the wire.
 *
 * Bounded: a record keeps at most WREC_KEEP bytes (its header and the start of its body); the rest is counted.
 * Knows no curses: tests/unit/test-ui-record.c drives it alone.
 */
#ifndef SMTPCON_UI_WIRE_RECORD_H
#define SMTPCON_UI_WIRE_RECORD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WREC_KEEP 512u /* bytes of one record kept for the hex view (a ClientHello fits) */

/* What a finished record tells its consumer (flags). */
enum wrec_flag {
	WREC_CUT = 1u << 0,       /* longer than WREC_KEEP: only the start was kept */
	WREC_ENCRYPTED = 1u << 1, /* sent after this side's ChangeCipherSpec: the body is ciphertext */
	WREC_PARTIAL = 1u << 2,   /* the connection ended inside the record */
	WREC_NOT_TLS = 1u << 3,   /* the bytes do not start a TLS record: kept as they came, the rest ignored */
};

struct wrec {
	uint8_t keep[WREC_KEEP];
	size_t kept;      /* bytes in keep */
	size_t body_left; /* body bytes still to come */
	bool in_record;   /* a header is complete and the body is arriving */
	bool after_ccs;
	bool lost;        /* not TLS: ignore this direction until reset */
};

/* Called for each finished record: its first kept bytes (the 5-byte header included) and enum wrec_flag bits. */
typedef void (*wrec_fn)(void *ctx, const uint8_t *rec, size_t kept, unsigned flags);

/* Start again (a new connection, or the handshake begins). */
void wrec_reset(struct wrec *r);
/* Feed the next n bytes of one direction's stream; fn is called for every record they finish. */
void wrec_feed(struct wrec *r, const uint8_t *p, size_t n, wrec_fn fn, void *ctx);
/* The stream ended: a record begun and not finished is handed to fn with WREC_PARTIAL. */
void wrec_flush(struct wrec *r, wrec_fn fn, void *ctx);
/*
 * A one-line description of a kept record: "handshake (ClientHello), version 3.1 = TLS 1.0, 512 bytes" or
 * "application data (encrypted), version 3.3 = TLS 1.2, 53 bytes". Our own ASCII text, safe to draw.
 */
void wrec_label(const uint8_t *rec, size_t kept, unsigned flags, char *out, size_t n);

#endif
