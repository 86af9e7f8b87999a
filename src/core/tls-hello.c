/* tls-hello: the hand-built ClientHello and the strict parser of the answer to it (see tls-hello.h). What a
 * hello holds is data (the groups and signature schemes offered); the parser walks records and the handshake
 * message with explicit bounds, never trusting a length before checking it against what is left. */
#include "core/tls-hello.h"

#include <string.h>

#include "lib/buf.h"

/* supported_groups (RFC 8422, RFC 7919): every group GnuTLS's GROUP-ALL offers, so that a hello here can pick
 * the same suites as the GnuTLS probes that proved them accepted (a server that takes FFDHE groups picks a DHE
 * suite only with one of them, RFC 7919 §4). */
static const uint16_t groups[] = {
	0x001d, /* x25519 */
	0x0017, /* secp256r1 */
	0x0018, /* secp384r1 */
	0x0019, /* secp521r1 */
	0x001e, /* x448 */
	0x0100, /* ffdhe2048 */
	0x0101, /* ffdhe3072 */
	0x0102, /* ffdhe4096 */
	0x0103, /* ffdhe6144 */
	0x0104, /* ffdhe8192 */
};

/* signature_algorithms (RFC 5246 §7.4.1.4.1, RFC 8446 §4.2.3): what GnuTLS's SIGN-ALL offers for TLS 1.2, so
 * that no server certificate type rules a suite out. */
static const uint16_t sig_schemes[] = {
	0x0804, 0x0805, 0x0806, /* rsa_pss_rsae_sha256/384/512 */
	0x0809, 0x080a, 0x080b, /* rsa_pss_pss_sha256/384/512 */
	0x0403, 0x0503, 0x0603, /* ecdsa_secp256r1_sha256, secp384r1_sha384, secp521r1_sha512 */
	0x0807, 0x0808,         /* ed25519, ed448 */
	0x0401, 0x0501, 0x0601, /* rsa_pkcs1_sha256/384/512 */
	0x0301, 0x0303,         /* rsa_pkcs1_sha224, ecdsa_sha224 */
	0x0201, 0x0203,         /* rsa_pkcs1_sha1, ecdsa_sha1 */
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* TLS content types and handshake types. */
enum {
	CT_CCS = 20,
	CT_ALERT = 21,
	CT_HANDSHAKE = 22,
	CT_APPDATA = 23,
	CT_HEARTBEAT = 24
};
enum {
	HS_SERVER_HELLO = 2
};
#define RECORD_MAX 16384u /* a plaintext record's fragment, at most (RFC 5246 §6.2.1) */
#define EXT_SUPPORTED_VERSIONS 0x002bu

static void put16(struct buf *b, unsigned v)
{
	buf_append_byte(b, (uint8_t)(v >> 8));
	buf_append_byte(b, (uint8_t)v);
}

/* Write a 2-byte length at off: the bytes from off + 2 to the end. */
static void patch16(struct buf *b, size_t off)
{
	size_t n = b->len - off - 2;
	b->data[off] = (uint8_t)(n >> 8);
	b->data[off + 1] = (uint8_t)n;
}

/* A host name a server may be told in server_name (RFC 6066 §3): letters, digits, '-', '_' and dots, not an
 * address literal. Its length without a trailing dot into *len. */
static bool dns_name(const char *sni, size_t *len)
{
	if (sni == NULL)
		return false;
	size_t n = strlen(sni);
	if (n && sni[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return false;
	bool alpha = false;
	for (size_t i = 0; i < n; i++) {
		char c = sni[i];
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
		if (!letter && !(c >= '0' && c <= '9') && c != '.')
			return false;
		alpha |= letter;
	}
	*len = n;
	return alpha; /* only digits and dots: an IPv4 literal (an IPv6 one has ':' and was refused above) */
}

uint8_t *tls_hello_build(unsigned version, const uint8_t *suites, size_t n, const char *sni, const uint8_t random[32],
			 size_t *len)
{
	if (n == 0 || n > TLS_HELLO_MAX_SUITES || version < TLS_HELLO_TLS10 || version > TLS_HELLO_TLS12)
		return NULL;
	struct buf b;
	buf_init(&b, 0);
	/* The record says TLS 1.0 whatever is offered, as every client does (some servers refuse more). */
	buf_append(&b, (const uint8_t[]){CT_HANDSHAKE, 3, 1, 0, 0}, 5);
	buf_append(&b, (const uint8_t[]){1, 0, 0, 0}, 4); /* ClientHello, length patched below */
	put16(&b, version);
	buf_append(&b, random, 32);
	buf_append_byte(&b, 0); /* no session id */
	put16(&b, (unsigned)(n * 2));
	buf_append(&b, suites, n * 2);
	buf_append(&b, (const uint8_t[]){1, 0}, 2); /* compression: null only */
	size_t exts = b.len;
	put16(&b, 0);
	size_t hl;
	if (dns_name(sni, &hl)) {
		put16(&b, 0x0000); /* server_name */
		put16(&b, (unsigned)hl + 5);
		put16(&b, (unsigned)hl + 3);
		buf_append_byte(&b, 0); /* host_name */
		put16(&b, (unsigned)hl);
		buf_append(&b, (const uint8_t *)sni, hl);
	}
	put16(&b, 0x000a); /* supported_groups */
	put16(&b, (unsigned)N(groups) * 2 + 2);
	put16(&b, (unsigned)N(groups) * 2);
	for (size_t i = 0; i < N(groups); i++)
		put16(&b, groups[i]);
	buf_append(&b, (const uint8_t[]){0x00, 0x0b, 0, 2, 1, 0}, 6); /* ec_point_formats: uncompressed */
	if (version == TLS_HELLO_TLS12) {
		put16(&b, 0x000d); /* signature_algorithms: not defined before TLS 1.2 */
		put16(&b, (unsigned)N(sig_schemes) * 2 + 2);
		put16(&b, (unsigned)N(sig_schemes) * 2);
		for (size_t i = 0; i < N(sig_schemes); i++)
			put16(&b, sig_schemes[i]);
	}
	buf_append(&b, (const uint8_t[]){0x00, 0x17, 0, 0}, 4);    /* extended_master_secret */
	buf_append(&b, (const uint8_t[]){0xff, 0x01, 0, 1, 0}, 5); /* renegotiation_info: initial handshake */
	patch16(&b, exts);
	size_t hs = b.len - 9; /* the ClientHello body */
	b.data[6] = (uint8_t)(hs >> 16), b.data[7] = (uint8_t)(hs >> 8), b.data[8] = (uint8_t)hs;
	patch16(&b, 3);
	return (uint8_t *)buf_detach(&b, len); /* the caller frees it */
}

static enum tls_hello_kind bad(struct tls_server_hello *out, const char *why)
{
	out->kind = TLS_HELLO_BAD;
	out->why = why;
	return TLS_HELLO_BAD;
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The ServerHello body m (n bytes, complete): RFC 5246 §7.4.1.3, with RFC 8446's supported_versions. */
static enum tls_hello_kind server_hello(const uint8_t *m, size_t n, struct tls_server_hello *out)
{
	/* The random of a HelloRetryRequest (RFC 8446 §4.1.3): SHA-256 of "HelloRetryRequest". */
	static const uint8_t hrr[32] = {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
					0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
					0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
	if (n < 2 + 32 + 1)
		return bad(out, "ServerHello too short");
	unsigned version = get16(m);
	if (memcmp(m + 2, hrr, 32) == 0)
		return bad(out, "HelloRetryRequest to a hello without TLS 1.3");
	size_t sid = m[34], off = 35;
	if (sid > 32)
		return bad(out, "ServerHello session id longer than 32 bytes");
	if (n - off < sid + 3)
		return bad(out, "ServerHello ends inside its session id or cipher suite");
	off += sid;
	memcpy(out->suite, m + off, 2);
	out->compression = m[off + 2];
	off += 3;
	if (off < n) {
		if (n - off < 2)
			return bad(out, "ServerHello extensions: truncated length");
		size_t total = get16(m + off);
		off += 2;
		if (total != n - off)
			return bad(out, "ServerHello extensions: length does not match the message");
		uint16_t seen[64];
		size_t nseen = 0;
		while (off < n) {
			if (n - off < 4)
				return bad(out, "ServerHello extension: truncated header");
			unsigned type = get16(m + off);
			size_t el = get16(m + off + 2);
			off += 4;
			if (el > n - off)
				return bad(out, "ServerHello extension longer than what is left");
			for (size_t i = 0; i < nseen; i++)
				if (seen[i] == type)
					return bad(out, "ServerHello has the same extension twice");
			if (nseen == N(seen))
				return bad(out, "ServerHello has too many extensions");
			seen[nseen++] = (uint16_t)type;
			if (type == EXT_SUPPORTED_VERSIONS) {
				if (el != 2)
					return bad(out, "ServerHello supported_versions is not one version");
				version = get16(m + off);
			}
			off += el;
		}
	}
	if (version >> 8 != 3)
		return bad(out, "ServerHello version is not TLS");
	out->version = version;
	out->kind = TLS_HELLO_SERVER_HELLO;
	return TLS_HELLO_SERVER_HELLO;
}

enum tls_hello_kind tls_hello_parse(const uint8_t *p, size_t n, struct tls_server_hello *out)
{
	*out = (struct tls_server_hello){.kind = TLS_HELLO_MORE};
	bool capped = n > TLS_HELLO_MAX_INPUT;
	if (capped)
		n = TLS_HELLO_MAX_INPUT;
	if (n && (p[0] < CT_CCS || p[0] > CT_HEARTBEAT)) {
		out->kind = TLS_HELLO_PLAINTEXT;
		return TLS_HELLO_PLAINTEXT;
	}
	/* The handshake records' fragments, put together (never more than the input itself). */
	static _Thread_local uint8_t hs[TLS_HELLO_MAX_INPUT];
	size_t nhs = 0, off = 0;
	for (;;) {
		/* A complete handshake message header and body? The first one must be the ServerHello. */
		if (nhs >= 4) {
			if (hs[0] != HS_SERVER_HELLO)
				return bad(out, "the server's first handshake message is not a ServerHello");
			size_t ml = (size_t)hs[1] << 16 | (size_t)hs[2] << 8 | hs[3];
			if (ml > TLS_HELLO_MAX_INPUT)
				return bad(out, "ServerHello too long");
			if (nhs - 4 >= ml)
				return server_hello(hs + 4, ml, out);
		}
		if (n - off < 5)
			break;
		const uint8_t *r = p + off;
		size_t rl = get16(r + 3);
		if (r[1] != 3)
			return bad(out, "record version is not TLS");
		if (rl > RECORD_MAX)
			return bad(out, "record longer than 16384 bytes");
		if (n - off - 5 < rl)
			break;
		const uint8_t *f = r + 5;
		off += 5 + rl;
		switch (r[0]) {
		case CT_HANDSHAKE:
			if (rl == 0)
				return bad(out, "empty handshake record");
			memcpy(hs + nhs, f, rl); /* nhs + rl <= off <= n <= sizeof hs */
			nhs += rl;
			continue;
		case CT_ALERT:
			if (rl == 0 || rl % 2)
				return bad(out, "alert record of an odd length");
			if (nhs)
				return bad(out, "alert inside a fragmented ServerHello");
			for (size_t i = 0; i < rl; i += 2) {
				if (f[i] != 1 && f[i] != 2)
					return bad(out, "alert level is neither warning nor fatal");
				if (f[i] == 2 || f[i + 1] == 0) {
					out->kind = TLS_HELLO_ALERT;
					out->alert_level = f[i];
					out->alert = f[i + 1];
					return TLS_HELLO_ALERT;
				}
			}
			continue; /* warnings only (unrecognized_name): the ServerHello may follow */
		case CT_CCS: return bad(out, "ChangeCipherSpec before the ServerHello");
		case CT_APPDATA: return bad(out, "application data before the ServerHello");
		default: return bad(out, "record type is not TLS");
		}
	}
	if (capped || n >= TLS_HELLO_MAX_INPUT)
		return bad(out, "no ServerHello in the first 32 KiB");
	return TLS_HELLO_MORE;
}
