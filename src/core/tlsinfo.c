/* tlsinfo: freeing the plain-data TLS and certificate records. */
#include "core/tlsinfo.h"

#include <stdlib.h>

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void cert_info_clear(struct cert_info *ci)
{
	free(ci->subject);
	free(ci->issuer);
	free_strv(ci->sans, ci->nsans);
	free(ci->serial);
	free(ci->pk_algo);
	free(ci->sig_algo);
	free(ci->key_usage);
	free(ci->ext_key_usage);
	free_strv(ci->ocsp_urls, ci->nocsp_urls);
	free_strv(ci->crl_urls, ci->ncrl_urls);
	free(ci->der);
	*ci = (struct cert_info){0};
}

void tls_info_free(struct tls_info *ti)
{
	if (ti == NULL)
		return;
	free(ti->version);
	free(ti->cipher);
	free(ti->suite);
	free(ti->kx_group);
	free(ti->kx);
	free(ti->mac);
	free(ti->sig_scheme);
	free(ti->description);
	for (size_t i = 0; i < ti->nreasons; i++) {
		free(ti->reasons[i].text);
		free(ti->reasons[i].hint);
		free(ti->reasons[i].text_loc);
		free(ti->reasons[i].hint_loc);
	}
	free(ti->reasons);
	free(ti->checked_name);
	free(ti->sni);
	free(ti->trust_store);
	for (size_t i = 0; i < ti->nchain; i++)
		cert_info_clear(&ti->chain[i]);
	free(ti->chain);
	free(ti->ocsp_status);
	free(ti->ocsp_verify);
	free(ti->ocsp_status_loc);
	free(ti->ocsp_verify_loc);
	free(ti->ocsp_der);
	free(ti->dane);
	free(ti->delivery);
	free(ti->dane_loc);
	free(ti->delivery_loc);
	free(ti);
}
