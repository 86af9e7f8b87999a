/* wire-record: TLS record reassembly and labels for the hex view (see wire-record.h). */
#include "ui/wire-record.h"

#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"

#define TLS_HEADER 5
#define TLS_MAX_RECORD (16384 + 2048) /* the largest record length RFC 5246 allows (ciphertext) */

void wrec_reset(struct wrec *r)
{
	memset(r, 0, sizeof *r);
}

static void keep(struct wrec *r, const uint8_t *p, size_t n)
{
	size_t room = WREC_KEEP - r->kept;
	size_t k = n < room ? n : room;
	memcpy(r->keep + r->kept, p, k);
	r->kept += k;
}

static bool header_ok(const uint8_t *h)
{
	size_t len = (size_t)h[3] << 8 | h[4];
	return h[0] >= 0x14 && h[0] <= 0x18 && h[1] == 3 && h[2] <= 4 && len <= TLS_MAX_RECORD;
}

static void finish(struct wrec *r, unsigned flags, wrec_fn fn, void *ctx)
{
	size_t len = r->kept >= TLS_HEADER ? ((size_t)r->keep[3] << 8 | r->keep[4]) : 0;
	if (r->kept >= TLS_HEADER && TLS_HEADER + len > r->kept && !(flags & (WREC_PARTIAL | WREC_NOT_TLS)))
		flags |= WREC_CUT;
	if (r->after_ccs)
		flags |= WREC_ENCRYPTED;
	if (r->kept >= 1 && r->keep[0] == 0x14 && !(flags & WREC_NOT_TLS))
		r->after_ccs = true; /* what this side sends next is under the new keys */
	fn(ctx, r->keep, r->kept, flags);
	r->kept = 0;
	r->in_record = false;
	r->body_left = 0;
}

void wrec_feed(struct wrec *r, const uint8_t *p, size_t n, wrec_fn fn, void *ctx)
{
	size_t i = 0;
	while (i < n && !r->lost) {
		if (!r->in_record) {
			/* Gather the 5-byte header (it may come a byte at a time). */
			size_t need = TLS_HEADER - r->kept;
			size_t k = n - i < need ? n - i : need;
			keep(r, p + i, k);
			i += k;
			if (r->kept < TLS_HEADER)
				return;
			if (!header_ok(r->keep)) {
				/* Not a record: show what came (bounded) and stop parsing this direction. */
				keep(r, p + i, n - i);
				r->lost = true;
				finish(r, WREC_NOT_TLS, fn, ctx);
				return;
			}
			r->in_record = true;
			r->body_left = (size_t)r->keep[3] << 8 | r->keep[4];
		}
		size_t k = n - i < r->body_left ? n - i : r->body_left;
		keep(r, p + i, k);
		i += k;
		r->body_left -= k;
		if (r->body_left == 0)
			finish(r, 0, fn, ctx);
	}
}

void wrec_flush(struct wrec *r, wrec_fn fn, void *ctx)
{
	if (r->kept > 0 && !r->lost)
		finish(r, WREC_PARTIAL, fn, ctx);
	bool ccs = r->after_ccs;
	wrec_reset(r);
	r->after_ccs = ccs;
}

static const char *handshake_name(uint8_t t)
{
	switch (t) {
	case 0: return "HelloRequest";
	case 1: return "ClientHello";
	case 2: return "ServerHello";
	case 4: return "NewSessionTicket";
	case 5: return "EndOfEarlyData";
	case 8: return "EncryptedExtensions";
	case 11: return "Certificate";
	case 12: return "ServerKeyExchange";
	case 13: return "CertificateRequest";
	case 14: return "ServerHelloDone";
	case 15: return "CertificateVerify";
	case 16: return "ClientKeyExchange";
	case 20: return "Finished";
	case 22: return "CertificateStatus";
	case 24: return "KeyUpdate";
	default: return NULL;
	}
}

static const char *alert_name(uint8_t d)
{
	static const struct {
		uint8_t code;
		const char *name;
	} alerts[] = {
		{0, "close_notify"},         {10, "unexpected_message"},  {20, "bad_record_mac"},
		{22, "record_overflow"},     {40, "handshake_failure"},   {42, "bad_certificate"},
		{43, "unsupported_certificate"}, {44, "certificate_revoked"}, {45, "certificate_expired"},
		{46, "certificate_unknown"}, {47, "illegal_parameter"},   {48, "unknown_ca"},
		{49, "access_denied"},       {50, "decode_error"},        {51, "decrypt_error"},
		{70, "protocol_version"},    {71, "insufficient_security"}, {80, "internal_error"},
		{86, "inappropriate_fallback"}, {90, "user_canceled"},    {109, "missing_extension"},
		{110, "unsupported_extension"}, {112, "unrecognized_name"}, {116, "certificate_required"},
		{120, "no_application_protocol"},
	};
	for (size_t i = 0; i < sizeof alerts / sizeof alerts[0]; i++)
		if (alerts[i].code == d)
			return alerts[i].name;
	return "unknown";
}

static const char *version_name(uint8_t major, uint8_t minor)
{
	if (major != 3)
		return "?";
	static const char *const v[] = {"SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"};
	return minor <= 4 ? v[minor] : "?";
}

/* The handshake messages in the kept part of a clear-text handshake record: "ServerHello, Certificate, ...". */
static void handshake_list(const uint8_t *body, size_t have, char *out, size_t n)
{
	size_t at = 0, used = 0;
	out[0] = '\0';
	while (at + 4 <= have && used + 40 < n) {
		const char *name = handshake_name(body[at]);
		char unnamed[32];
		if (name == NULL) {
			/* TRANSLATORS: a TLS handshake message type without a name; %u: its number. */
			snprintf(unnamed, sizeof unnamed, _("type %u"), body[at]);
			name = unnamed;
		}
		int w = snprintf(out + used, n - used, "%s%s", used ? ", " : "", name);
		if (w < 0)
			break;
		used += (size_t)w;
		at += 4 + ((size_t)body[at + 1] << 16 | (size_t)body[at + 2] << 8 | body[at + 3]);
	}
	if (at < have && used + 6 < n)
		snprintf(out + used, n - used, "%s...", used ? ", " : "");
	else if (at > have && used && used + 6 < n)
		snprintf(out + used, n - used, ", ...");
}

void wrec_label(const uint8_t *rec, size_t kept, unsigned flags, char *out, size_t n)
{
	if ((flags & WREC_NOT_TLS) || kept < TLS_HEADER) {
		if (flags & WREC_PARTIAL)
			snprintf(out, n,
				 P_("a TLS record header cut off by the close (%zu byte)",
				    "a TLS record header cut off by the close (%zu bytes)", kept),
				 kept);
		else
			snprintf(out, n, P_("not a TLS record (%zu byte)", "not a TLS record (%zu bytes)", kept), kept);
		return;
	}
	/* The content types and the alert and handshake names are the protocol's own (RFC 8446): untranslated. */
	static const char *const types[] = {"change_cipher_spec", "alert", "handshake", "application data",
					    "heartbeat"};
	size_t len = (size_t)rec[3] << 8 | rec[4];
	const uint8_t *body = rec + TLS_HEADER;
	size_t have = kept - TLS_HEADER;
	char what[200] = "";
	bool enc = (flags & WREC_ENCRYPTED) || rec[0] == 0x17;
	if (rec[0] == 0x16 && !enc && have >= 1) {
		char list[180];
		handshake_list(body, have, list, sizeof list);
		snprintf(what, sizeof what, " (%s)", list);
	} else if (rec[0] == 0x15 && !enc && have >= 2) {
		snprintf(what, sizeof what, " (%s, %s)",
			 body[0] == 2   ? "fatal"
			 : body[0] == 1 ? "warning"
					: "level ?",
			 alert_name(body[1]));
	}
	const char *type = types[rec[0] - 0x14], *vname = version_name(rec[1], rec[2]);
	unsigned long nl = (unsigned long)len;
	bool cut = flags & WREC_PARTIAL;
	/* One whole sentence for each case (encrypted or not, cut off by the close or not), so that nothing is glued. */
	if (enc && rec[0] != 0x14 && cut)
		/* TRANSLATORS: first %s: the record's content type (alert, handshake, application data: protocol names,
		 * untranslated); %u.%u: the version bytes; second %s: the version's name (TLS 1.2). */
		snprintf(out, n,
			 P_("TLS record: %s (encrypted), version %u.%u = %s, %zu byte, cut off by the close",
			    "TLS record: %s (encrypted), version %u.%u = %s, %zu bytes, cut off by the close", nl),
			 type, rec[1], rec[2], vname, len);
	else if (enc && rec[0] != 0x14)
		snprintf(out, n,
			 P_("TLS record: %s (encrypted), version %u.%u = %s, %zu byte",
			    "TLS record: %s (encrypted), version %u.%u = %s, %zu bytes", nl),
			 type, rec[1], rec[2], vname, len);
	else if (cut)
		/* TRANSLATORS: %s%s: the content type and, in parentheses, the handshake messages or the alert (protocol
		 * names, untranslated); %u.%u: the version bytes; the last %s: the version's name (TLS 1.2). */
		snprintf(out, n,
			 P_("TLS record: %s%s, version %u.%u = %s, %zu byte, cut off by the close",
			    "TLS record: %s%s, version %u.%u = %s, %zu bytes, cut off by the close", nl),
			 type, what, rec[1], rec[2], vname, len);
	else
		snprintf(out, n,
			 P_("TLS record: %s%s, version %u.%u = %s, %zu byte",
			    "TLS record: %s%s, version %u.%u = %s, %zu bytes", nl),
			 type, what, rec[1], rec[2], vname, len);
}
