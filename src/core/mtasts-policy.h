/* mtasts-policy: the pure parsers of MTA-STS (RFC 8461) and TLS-RPT (RFC 8460), and the MX pattern matcher. No
 * I/O: the bytes come from core/mtasts.c (DNS TXT answers, the HTTPS body) or from a test. Strict: what the RFC's
 * ABNF does not allow is refused with a reason a person can act on, never silently repaired, because a sender
 * that meets a malformed policy treats the domain as having none (RFC 8461 §3.2, §5), and that is what the
 * domain's owner needs to hear.
 *
 * Policy file (RFC 8461 §3.2): "key: value" lines ended by LF or CRLF; version (STSv1), mode (enforce, testing,
 * none) and max_age (0..31557600 seconds) exactly once; mx at least once unless the mode is none; other keys are
 * extensions and ignored; at most MTASTS_POLICY_MAX bytes. Field names are case-sensitive (%s in the ABNF).
 * TXT record (§3.1): "v=STSv1; id=ID" (id: 1 to 32 letters and digits), other fields extensions. TLS-RPT TXT
 * (RFC 8460 §3): "v=TLSRPTv1; rua=URI[,URI]" with mailto: or https: URIs.
 */
#ifndef SMTPCON_MTASTS_POLICY_H
#define SMTPCON_MTASTS_POLICY_H
#include <stdbool.h>
#include <stddef.h>

#define MTASTS_POLICY_MAX (64u * 1024u) /* body bytes accepted (RFC 8461 §3.3 suggests 64 KB) */
#define MTASTS_MAX_AGE_MAX 31557600L    /* one year: the largest max_age the ABNF's prose allows (§3.2) */
#define MTASTS_MAX_AGE_SHORT 86400L     /* below a day: legal, but a sender re-fetches (and is exposed) often */
#define MTASTS_MAX_MX 256u              /* mx lines kept */
#define MTASTS_ID_MAX 32u               /* id: 1*32(ALPHA / DIGIT) */
#define MTASTS_NAME_MAX 253u            /* a domain name in text */
#define TLSRPT_MAX_RUA 16u              /* rua URIs kept */

enum mtasts_mode {
	MTASTS_MODE_NONE,
	MTASTS_MODE_TESTING,
	MTASTS_MODE_ENFORCE
};

/* A parsed policy. The mx patterns are lower case, as written otherwise ("*.example.org" or "mx.example.org"). */
struct mtasts_policy {
	enum mtasts_mode mode;
	long max_age;
	char **mx;
	size_t nmx;
	char *warning_loc; /* the same in the user's language (the English when no translation is active) */
	char *warning;     /* a legal but questionable choice (max_age under a day, enforce... ), or NULL */
};

/* Parse a policy body of len bytes (not NUL-terminated; NUL bytes are an error). Returns a policy to free with
 * mtasts_policy_free, or NULL with *err set to an allocated sentence naming the line ("line 3: mode 'Enforce' is
 * not enforce, testing or none (values are case-sensitive)"). */
struct mtasts_policy *mtasts_policy_parse(const char *body, size_t len, char **err);
/* The same with the reason appended to err (lib/dtext.h) in English and in the user's language; err is left
 * empty on success. */
struct dtext;
struct mtasts_policy *mtasts_policy_parse_d(const char *body, size_t len, struct dtext *err);
void mtasts_policy_free(struct mtasts_policy *p);

/* "enforce", "testing", "none". */
const char *mtasts_mode_name(enum mtasts_mode m);

/* Does the MX host name mx (any case, with or without a trailing dot) match pattern? RFC 8461 §4.1: a pattern
 * "*.example.org" matches exactly one extra leftmost label ("mx.example.org", never "example.org" nor
 * "a.b.example.org"); any other pattern matches the name itself, case-insensitively. */
bool mtasts_pattern_match(const char *pattern, const char *mx);
/* The first pattern of p that mx matches, or NULL. */
const char *mtasts_policy_match(const struct mtasts_policy *p, const char *mx);

/* One TXT record's text: the character-strings of its rdata (wire format: length byte, bytes, ...) joined
 * without separator (RFC 7208 §3.3 style, as RFC 8461 §3.1 asks). Returns an allocated NUL-terminated string, or
 * NULL when the rdata is malformed or holds a NUL byte. */
char *mtasts_txt_join(const unsigned char *rdata, size_t len);

/* Parse an _mta-sts TXT record's text. true with the id copied into id (size > MTASTS_ID_MAX); false with *err
 * (allocated) saying why. */
bool mtasts_txt_parse(const char *txt, char *id, size_t idsz, char **err);
bool mtasts_txt_parse_d(const char *txt, char *id, size_t idsz, struct dtext *err);
/* Does this TXT record start like an MTA-STS one ("v=STSv1" then ';', space or the end)? Records that do not
 * are discarded before counting (§3.1). */
bool mtasts_txt_is_sts(const char *txt);

/* A parsed TLS-RPT record (RFC 8460 §3). */
struct tlsrpt_record {
	char *rua[TLSRPT_MAX_RUA];
	size_t nrua;
};
/* Does this TXT record start like a TLS-RPT one ("v=TLSRPTv1")? */
bool tlsrpt_txt_is_tlsrpt(const char *txt);
/* Parse a TLS-RPT record. true and *out filled (free with tlsrpt_record_clear), or false with *err. */
bool tlsrpt_parse(const char *txt, struct tlsrpt_record *out, char **err);
bool tlsrpt_parse_d(const char *txt, struct tlsrpt_record *out, struct dtext *err);
void tlsrpt_record_clear(struct tlsrpt_record *r);

#endif
