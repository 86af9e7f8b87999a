/* tlsinfo: what a TLS handshake and certificate verification produced, as plain data (no GnuTLS types), so that
 * every view (TUI panes, transcript, JSON) can show it without linking GnuTLS. Filled by tls.c and cert.c. */
#ifndef SMTPCON_TLSINFO_H
#define SMTPCON_TLSINFO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One certificate of the peer chain, in the order the server sent it. Strings are the certificate's own text
 * (DN strings may hold anything, escape sequences included): views escape them like any untrusted bytes. */
struct cert_info {
	char *subject;
	char *issuer;
	char **sans;            /* "DNS:mail.lab.test", "IP:127.0.0.1", "email:..." */
	size_t nsans;
	int64_t not_before;     /* seconds since the epoch */
	int64_t not_after;
	char *serial;           /* hex, colon separated */
	char *pk_algo;          /* "RSA", "EC/ECDSA", "EdDSA (Ed25519)" */
	unsigned pk_bits;
	char *sig_algo;         /* "RSA-SHA256" */
	char *key_usage;        /* "digitalSignature, keyEncipherment" or "" */
	char *ext_key_usage;    /* "serverAuth, clientAuth" or "" */
	int is_ca;              /* 1 CA, 0 not, -1 no basicConstraints */
	int path_len;           /* -1 when unlimited or absent */
	bool self_signed;       /* issuer DN equals subject DN */
	char sha256[96];        /* fingerprint, hex colon separated */
	char spki_sha256[64];   /* base64 SHA-256 of the SubjectPublicKeyInfo (HPKP/pin style) */
	char **ocsp_urls;
	size_t nocsp_urls;
	char **crl_urls;
	size_t ncrl_urls;
	uint8_t *der;           /* the certificate itself */
	size_t der_len;
};

/* One reason verification failed, from one GnuTLS status flag. */
struct verify_reason {
	const char *id;    /* stable short id: "signer-not-found", "expired", "hostname-mismatch", ... (static) */
	char *text;        /* plain sentence for a person */
	char *hint;        /* likely cause and fix */
	char *text_loc;    /* text and hint in the user's language, or NULL (English, or not built in two
	                    * languages): views for people read them through verify_reason_text/_hint */
	char *hint_loc;
};

/* What a person reads for r (translated when a language is active); JSON keeps r->text and r->hint. */
const char *verify_reason_text(const struct verify_reason *r);
const char *verify_reason_hint(const struct verify_reason *r);

struct tls_info {
	char *version;        /* "TLS1.3" */
	char *cipher;         /* "AES-256-GCM" (or the full suite name when known) */
	char *suite;          /* "TLS_AES_256_GCM_SHA384" */
	char *kx_group;       /* "X25519" */
	char *kx;             /* key exchange as GnuTLS names it: "ECDHE-RSA", "RSA", "DHE-RSA" (/tls scan) */
	char *mac;            /* "AEAD", "SHA1", "SHA256" (/tls scan) */
	unsigned dh_bits;     /* DHE: the server's prime in bits, else 0 */
	char *sig_scheme;     /* "RSA-PSS-RSAE-SHA256" */
	char *description;    /* GnuTLS session description "(TLS1.3)-(ECDHE-X25519)-..." */
	bool resumed;
	bool verified;        /* the chain verified and the name matched */
	bool verify_skipped;  /* --insecure: verification was not asked for (still computed and shown) */
	unsigned status;      /* raw GnuTLS verification status bits, for experts */
	struct verify_reason *reasons;
	size_t nreasons;
	char *checked_name;   /* the name verified against (SNI or the host as typed) */
	char *sni;            /* the name sent as SNI, or NULL when none (IP literal) */
	char *trust_store;    /* "system trust store" or the CA file path */
	struct cert_info *chain;
	size_t nchain;
	bool chain_out_of_order;  /* certificate i+1 did not issue certificate i */
	bool ocsp_stapled;
	char *ocsp_status;        /* "good", "revoked", ... or NULL; " (response not verified)" follows when so */
	bool ocsp_verified;       /* the response is about this certificate, fresh, and its signature verified */
	char *ocsp_verify;        /* how it was checked, or why it is not verified, with its dates (a sentence) */
	char *ocsp_status_loc;    /* ocsp_status and ocsp_verify in the user's language (dates too), for people; */
	char *ocsp_verify_loc;    /* the same as the English when not translating; NULL when those are NULL */
	unsigned char *ocsp_der;  /* the stapled response as received (DER), for /cert ocsp save */
	size_t ocsp_len;
	/* Mail between servers (core/delivery.h), when the connection was made as a sending MTA makes it (/mx):
	 * NULL otherwise. Plain text in words, for the certificate inspector and /dane. */
	bool dane_verified;   /* a DANE TLSA record matched: the certificate counts as verified */
	bool dane_trusted;    /* ... through an insecure MX answer: "trusted", not "verified" (core/delivery.h) */
	char *dane;           /* the DANE report: verdict, records, which matched, what to publish */
	char *delivery;       /* the sending MTA's verdict */
	char *dane_loc;       /* the same two in the user's language, for the inspector; NULL when not translating */
	char *delivery_loc;
	bool delivery_defers; /* that verdict is "would defer" */
};

void tls_info_free(struct tls_info *ti);
void cert_info_clear(struct cert_info *ci);

#endif
