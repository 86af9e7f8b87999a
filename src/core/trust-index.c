/* trust-index: a PEM trust store indexed by subject name (see trust-index.h for why it is as strict as the whole
 * store). Building the index decodes each block, walks its DER to the subject and takes GnuTLS's string form of
 * that name: 2-7 ms here against 12-35 ms for GnuTLS's whole load (tests/bench/run, section 4); only the CAs a
 * session needs are then parsed by GnuTLS. */
#include "core/trust-index.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "lib/xmalloc.h"

/* What gnutls_x509_crt_list_import looks for, in its order (GnuTLS 3.7 lib/x509.h). */
static const char pem_sep[] = "-----BEGIN CERTIFICATE";
static const char pem_sep2[] = "-----BEGIN X509 CERTIFICATE";

struct entry {
	gnutls_datum_t der;
	size_t subject_off, subject_len; /* the raw subject name inside der */
	gnutls_datum_t name;             /* GnuTLS's string form of it (gnutls_x509_rdn_get2); empty if none */
};

struct trust_index {
	struct entry *e;
	size_t n, cap;
};

/* One DER header at p (n bytes available): a one-byte tag and a definite length that fits. */
static bool der_tlv(const unsigned char *p, size_t n, unsigned char *tag, size_t *hdr, size_t *len)
{
	if (n < 2 || (p[0] & 0x1f) == 0x1f)
		return false;
	size_t l = p[1], h = 2;
	if (l & 0x80) {
		size_t k = l & 0x7f;
		if (k == 0 || k > 4 || n < 2 + k)
			return false; /* indefinite length (BER) or absurdly long */
		l = 0;
		for (size_t i = 0; i < k; i++)
			l = l << 8 | p[2 + i];
		h += k;
	}
	if (l > n - h)
		return false;
	*tag = p[0];
	*hdr = h;
	*len = l;
	return true;
}

/* The subject of a DER certificate (RFC 5280 4.1): Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
 * signatureValue } with nothing after; tbsCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber,
 * signature, issuer, validity, subject, ... }. */
static bool der_subject(const unsigned char *d, size_t n, size_t *off, size_t *len)
{
	const unsigned char *start = d;
	unsigned char tag;
	size_t h, l;
	if (!der_tlv(d, n, &tag, &h, &l) || tag != 0x30 || h + l != n)
		return false;
	const unsigned char *cert = d + h, *end = cert + l;
	/* The outer structure, so that a truncated or spliced block is refused like GnuTLS refuses it. */
	const unsigned char *p = cert;
	static const unsigned char outer[] = {0x30, 0x30, 0x03};
	const unsigned char *tbs = NULL;
	size_t tbs_len = 0;
	for (size_t i = 0; i < sizeof outer; i++) {
		if (!der_tlv(p, (size_t)(end - p), &tag, &h, &l) || tag != outer[i])
			return false;
		if (i == 0) {
			tbs = p + h;
			tbs_len = l;
		}
		p += h + l;
	}
	if (p != end)
		return false;
	/* Inside tbsCertificate: skip the version, serial, signature algorithm, issuer and validity. */
	p = tbs;
	end = tbs + tbs_len;
	static const unsigned char fields[] = {0x02, 0x30, 0x30, 0x30};
	if (!der_tlv(p, (size_t)(end - p), &tag, &h, &l))
		return false;
	if (tag == 0xa0) {
		p += h + l;
		if (!der_tlv(p, (size_t)(end - p), &tag, &h, &l))
			return false;
	}
	for (size_t i = 0; i < sizeof fields; i++) {
		if (i > 0 && !der_tlv(p, (size_t)(end - p), &tag, &h, &l))
			return false;
		if (tag != fields[i])
			return false;
		p += h + l;
	}
	if (!der_tlv(p, (size_t)(end - p), &tag, &h, &l) || tag != 0x30)
		return false;
	*off = (size_t)(p - start);
	*len = h + l;
	return true;
}

static void entry_free(struct entry *e)
{
	gnutls_free(e->der.data);
	gnutls_free(e->name.data);
}

void trust_index_free(struct trust_index *ix)
{
	if (ix == NULL)
		return;
	for (size_t i = 0; i < ix->n; i++)
		entry_free(&ix->e[i]);
	free(ix->e);
	free(ix);
}

size_t trust_index_count(const struct trust_index *ix)
{
	return ix ? ix->n : 0;
}

/* The block at [p, end): decoded as gnutls_x509_crt_import decodes PEM (the "CERTIFICATE" header first). */
static bool index_block(struct trust_index *ix, const char *p, const char *end)
{
	gnutls_datum_t in = {(unsigned char *)p, (unsigned)(end - p)};
	struct entry e = {0};
	if (gnutls_pem_base64_decode2("CERTIFICATE", &in, &e.der) < 0 &&
	    gnutls_pem_base64_decode2("X509 CERTIFICATE", &in, &e.der) < 0)
		return false;
	if (!der_subject(e.der.data, e.der.size, &e.subject_off, &e.subject_len)) {
		entry_free(&e);
		return false;
	}
	gnutls_datum_t raw = {e.der.data + e.subject_off, (unsigned)e.subject_len};
	if (gnutls_x509_rdn_get2(&raw, &e.name, 0) < 0)
		e.name = (gnutls_datum_t){NULL, 0};
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? ix->cap * 2 : 256;
		ix->e = xrealloc(ix->e, ix->cap * sizeof *ix->e);
	}
	ix->e[ix->n++] = e;
	return true;
}

static const char *find(const char *p, const char *end, const char *what)
{
	return memmem(p, (size_t)(end - p), what, strlen(what));
}

struct trust_index *trust_index_load(const char *path)
{
	gnutls_datum_t f = {NULL, 0};
	if (gnutls_load_file(path, &f) < 0)
		return NULL;
	struct trust_index *ix = xcalloc(1, sizeof *ix);
	const char *data = (const char *)f.data, *end = data + f.size;
	/* The same walk as gnutls_x509_crt_list_import: the first "BEGIN CERTIFICATE" (or, if there is none, the
	 * first "BEGIN X509 CERTIFICATE"), then from one byte past each block's start. */
	const char *p = find(data, end, pem_sep);
	if (p == NULL)
		p = find(data, end, pem_sep2);
	bool ok = p != NULL;
	while (ok && p) {
		ok = index_block(ix, p, end);
		p++;
		const char *next = find(p, end, pem_sep);
		p = next ? next : find(p, end, pem_sep2);
	}
	gnutls_free(f.data);
	if (!ok || ix->n == 0) {
		trust_index_free(ix);
		return NULL;
	}
	return ix;
}

static bool same(const gnutls_datum_t *a, const unsigned char *b, size_t blen)
{
	return a->size == blen && blen > 0 && memcmp(a->data, b, blen) == 0;
}

int trust_index_add(const struct trust_index *ix, gnutls_x509_trust_list_t tl, const gnutls_datum_t *names,
		    size_t nnames, unsigned tl_flags)
{
	if (ix == NULL || nnames == 0)
		return 0;
	/* GnuTLS compares names byte for byte, then (_gnutls_x509_compare_raw_dn) by their string forms. */
	gnutls_datum_t *strs = xcalloc(nnames, sizeof *strs);
	for (size_t j = 0; j < nnames; j++)
		if (names[j].size == 0 || gnutls_x509_rdn_get2(&names[j], &strs[j], 0) < 0)
			strs[j] = (gnutls_datum_t){NULL, 0};
	gnutls_x509_crt_t *crts = NULL;
	size_t n = 0;
	int ret = 0;
	for (size_t i = 0; i < ix->n && ret >= 0; i++) {
		const struct entry *e = &ix->e[i];
		bool match = false;
		for (size_t j = 0; j < nnames && !match; j++)
			match = same(&names[j], e->der.data + e->subject_off, e->subject_len) ||
				(e->name.size && same(&strs[j], e->name.data, e->name.size));
		if (!match)
			continue;
		crts = xrealloc(crts, (n + 1) * sizeof *crts);
		if ((ret = gnutls_x509_crt_init(&crts[n])) < 0)
			break;
		if ((ret = gnutls_x509_crt_import(crts[n], &e->der, GNUTLS_X509_FMT_DER)) < 0) {
			gnutls_x509_crt_deinit(crts[n]);
			break;
		}
		n++;
	}
	for (size_t j = 0; j < nnames; j++)
		gnutls_free(strs[j].data);
	free(strs);
	int added = 0;
	if (ret >= 0 && n > 0) {
		/* What gnutls_x509_trust_list_add_trust_mem does with the certificates of a file. */
		added = gnutls_x509_trust_list_add_cas(tl, crts, (unsigned)n, tl_flags | GNUTLS_TL_NO_DUPLICATES);
		if (added < 0)
			added = 0;
	}
	/* Certificates the list did not take (an error before or while adding) are still ours. */
	for (size_t i = ret < 0 ? 0 : (size_t)added; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	free(crts);
	return ret < 0 ? ret : added;
}
