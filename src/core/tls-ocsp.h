/* tls-ocsp: judge a stapled OCSP response (RFC 6960, RFC 6066 status_request) the way a careful client does:
 * which status it gives, whether it is about the server's certificate, fresh, and signed by the certificate's
 * issuer (directly or through a delegated responder the issuer signed) or by a CA of the trust store. Internal to
 * core/tls.c. */
#ifndef SMTPCON_TLS_OCSP_H
#define SMTPCON_TLS_OCSP_H
#include <stdbool.h>

#include <gnutls/gnutls.h>

#include "core/tlsinfo.h"

#define OCSP_CLOCK_SKEW 300 /* seconds a this_update in the future (or a next_update just past) is forgiven */

/* Fill ti's ocsp_* fields from the response resp (a copy of its DER is kept for /cert ocsp save): peers[0] is
 * the server's certificate, peers[1] its issuer when the server sent one; cred's trust list is the fallback
 * signer; gnutls_checked: GnuTLS already verified it during the handshake. */
void tls_ocsp_judge(const gnutls_datum_t *resp, const gnutls_datum_t *peers, unsigned npeers,
		    gnutls_certificate_credentials_t cred, bool gnutls_checked, struct tls_info *ti);

#endif
