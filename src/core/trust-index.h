/* trust-index: a PEM trust store (the system's CA bundle) indexed by subject name, so that a client loads only the
 * CAs its verification can look at instead of parsing every certificate of the store (core/tls-trust.c).
 *
 * Why this is as strict as loading the whole store: every look-up GnuTLS (3.7) makes in a trust list while
 * verifying a chain or a stapled OCSP response is keyed by a name taken from the chain or the response (the issuer
 * or subject of a certificate, the responder's name): the list is a hash table on the CA's raw subject name, and a
 * CA is only ever used when its subject equals that name (byte for byte, or as GnuTLS's string form of it). So a
 * list holding, in file order, every CA of the store whose subject equals one of those names gives the same
 * verdict, reasons included, as the list holding the whole store.
 *
 * One difference, in a broken store only: GnuTLS refuses the whole file when one certificate in it cannot be
 * parsed. The index refuses it too (and the caller loads it the GnuTLS way) when a block does not decode or its
 * outer structure is not a certificate's; a certificate whose insides GnuTLS would refuse is only found out when
 * it is one of the CAs a session needs. */
#ifndef SMTPCON_TRUST_INDEX_H
#define SMTPCON_TRUST_INDEX_H

#include <stddef.h>

#include <gnutls/x509.h>

struct trust_index;

/* Read the PEM file at path the way gnutls_x509_trust_list_add_trust_file does (the same blocks, the same
 * decoding) and index each certificate's subject. NULL when the file cannot be read, holds no certificate, or a
 * block cannot be indexed: the caller then loads the file through GnuTLS, which decides. */
struct trust_index *trust_index_load(const char *path);
void trust_index_free(struct trust_index *ix);
size_t trust_index_count(const struct trust_index *ix);

/* Add to tl, in the file's order, each certificate whose subject equals one of names (raw DER names, as
 * gnutls_x509_crt_get_raw_dn gives them), with tl_flags as gnutls_x509_trust_list_add_trust_file would.
 * Returns how many were added, or a GnuTLS error (one of them could not be imported: nothing added). */
int trust_index_add(const struct trust_index *ix, gnutls_x509_trust_list_t tl, const gnutls_datum_t *names,
		    size_t nnames, unsigned tl_flags);

#endif
