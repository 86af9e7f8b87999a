/* tls-hello: a TLS 1.0-1.2 ClientHello built byte by byte, and a strict parser of the server's first answer to
 * it (its ServerHello, or an alert). For /tls scan's order probes (core/tls-scan.h): GnuTLS offers cipher suites
 * only as the product of its kx x cipher x MAC lists, so some sets of suites cannot be offered with it; a hello
 * made here offers exactly the listed suites in the listed order, and the ServerHello says which one the server
 * chose. The handshake is never finished: the probe hangs up after the ServerHello.
 *
 * Pure functions: bytes in, bytes or a struct out; no GnuTLS, no sockets (the code points come from the caller,
 * who takes them from GnuTLS). The server's bytes are hostile: every length is checked against what is left. */
#ifndef SMTPCON_TLS_HELLO_H
#define SMTPCON_TLS_HELLO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The protocol versions as they travel ({3,1} = TLS 1.0). */
#define TLS_HELLO_TLS10 0x0301u
#define TLS_HELLO_TLS11 0x0302u
#define TLS_HELLO_TLS12 0x0303u

/* At most this many suites in one hello (GnuTLS knows fewer than 100 a client can offer without PSK/SRP). */
#define TLS_HELLO_MAX_SUITES 256u
/* The parser looks at most at this many bytes of the server's answer: a ServerHello that does not end within
 * them is refused (real ones are under 200 bytes; a server's first flight is read, not its certificates). */
#define TLS_HELLO_MAX_INPUT (32u * 1024u)

/* A ClientHello record for version (TLS_HELLO_TLS10..12) offering the n suites (2-byte code points, n*2 bytes)
 * in that order, with server_name (sni, when it is a DNS name: none for an IP literal or NULL), supported_groups
 * and ec_point_formats (every common curve and FFDHE group, as GnuTLS's GROUP-ALL), signature_algorithms (TLS
 * 1.2 only), extended_master_secret and an empty renegotiation_info; no supported_versions, so no server answers
 * TLS 1.3. random: the 32 bytes of ClientHello.random. Returns a malloc'd buffer and its length in *len, or NULL
 * (n is 0 or above TLS_HELLO_MAX_SUITES, or version is not one of the three). */
uint8_t *tls_hello_build(unsigned version, const uint8_t *suites, size_t n, const char *sni, const uint8_t random[32],
			 size_t *len);

enum tls_hello_kind {
	TLS_HELLO_MORE,         /* not complete yet: read more and call again with everything so far */
	TLS_HELLO_SERVER_HELLO, /* a ServerHello: version and suite are set */
	TLS_HELLO_ALERT,        /* a fatal alert (or close_notify) before any ServerHello: alert is set */
	TLS_HELLO_PLAINTEXT,    /* the first byte cannot start a TLS record ("421 ..." answered in plaintext) */
	TLS_HELLO_BAD,          /* not a well-formed answer: why says what was wrong */
};

struct tls_server_hello {
	enum tls_hello_kind kind;
	unsigned version;     /* SERVER_HELLO: the version chosen (supported_versions' when present): 0x0303 */
	uint8_t suite[2];     /* SERVER_HELLO: the cipher suite chosen */
	uint8_t compression;  /* SERVER_HELLO: the compression method chosen (0: none) */
	unsigned alert_level; /* ALERT: 1 warning (only close_notify ends the wait), 2 fatal */
	unsigned alert;       /* ALERT: its description (40 handshake_failure, 70 protocol_version, ...) */
	const char *why;      /* BAD: what was wrong, English (static) */
};

/* Parse the server's answer so far (p, n: every byte read since the hello went out). Warning alerts other than
 * close_notify are skipped (some servers warn unrecognized_name and go on); a handshake message split across
 * records is put together. Only the first TLS_HELLO_MAX_INPUT bytes are looked at. Returns out->kind. */
enum tls_hello_kind tls_hello_parse(const uint8_t *p, size_t n, struct tls_server_hello *out);

#endif
