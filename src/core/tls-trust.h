/* tls-trust: the trust anchors TLS clients verify against: the system store (indexed once per process, each
 * client given only the CAs its verification needs), and the CA file given with --tls-ca-path (loaded once per
 * process and shared by every client: reconnects, /tls scan, batch --repeat). Internal to core/tls.c. Main
 * thread only (the system store's loader thread is joined before any use). */
#ifndef SMTPCON_TLS_TRUST_H
#define SMTPCON_TLS_TRUST_H

#include <gnutls/gnutls.h>

/* Test hook (test-only, smtpcon.1): FILE (PEM) stands for the system trust store. */
#define TRUST_ENV_SYSTEM_CA_FILE "SMTPCON_SYSTEM_CA_FILE"

/* The system store for a client whose credentials (cred) were made with no CA: after the handshake, adds to them
 * every CA of the system store that verifying session s's chain and stapled OCSP responses can use (the whole
 * store when it cannot be indexed), so that verification gives what it gives against the whole store. Returns
 * the number of CAs in the store (0: empty or unreadable) or a GnuTLS error. Index built once per process (or
 * by tls_preload_system_trust's worker). */
int trust_system_fill(gnutls_certificate_credentials_t cred, gnutls_session_t s);

/* Credentials trusting the certificates of the PEM file at path; *ret: how many, or 0 / a GnuTLS error, and then
 * NULL. The file is read again only when it changed (device, inode, size or modification time). Give what this
 * returns back with trust_release. */
gnutls_certificate_credentials_t trust_ca_file(const char *path, int *ret);
void trust_release(gnutls_certificate_credentials_t cred);

#endif
