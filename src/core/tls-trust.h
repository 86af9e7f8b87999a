/* tls-trust: the trust anchors TLS clients verify against, loaded once per process and shared by every client
 * (reconnects, /tls scan, batch --repeat): the system store, and the CA file given with --tls-ca-path. Internal
 * to core/tls.c. Main thread only (the system store's loader thread is joined before any use). */
#ifndef SMTPCON_TLS_TRUST_H
#define SMTPCON_TLS_TRUST_H

#include <gnutls/gnutls.h>

/* The system store, loaded at the first call (or by tls_preload_system_trust's worker). Never freed by the
 * caller. *ret: the number of certificates loaded, or a GnuTLS error; NULL only when memory ran out. */
gnutls_certificate_credentials_t trust_system(int *ret);

/* Credentials trusting the certificates of the PEM file at path; *ret: how many, or 0 / a GnuTLS error, and then
 * NULL. The file is read again only when it changed (device, inode, size or modification time). Give what this
 * returns back with trust_release. */
gnutls_certificate_credentials_t trust_ca_file(const char *path, int *ret);
void trust_release(gnutls_certificate_credentials_t cred);

#endif
