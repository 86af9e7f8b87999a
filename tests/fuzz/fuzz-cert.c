/* fuzz-cert: libFuzzer target for the certificate code, which reads whatever a server sends. Arbitrary bytes go
 * to cert_info_from_der, cert_text_dump, cert_pem and cert_tlsa_311; whatever parses must give a consistent
 * struct (every string set, counts matching arrays, the DER kept exactly, fingerprints well formed). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                        \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "fuzz-cert: %s failed (line %d)\n", #cond, __LINE__); \
			abort();                                                             \
		}                                                                            \
	} while (0)

static void require_strv(char **v, size_t n)
{
	REQUIRE((n == 0) == (v == NULL));
	for (size_t i = 0; i < n; i++)
		REQUIRE(v[i] != NULL && strlen(v[i]) < 1024 * 1024);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cert_info ci;
	if (cert_info_from_der(data, size, &ci) == 0) {
		REQUIRE(ci.subject && ci.issuer && ci.serial && ci.pk_algo && ci.sig_algo);
		REQUIRE(ci.key_usage && ci.ext_key_usage);
		require_strv(ci.sans, ci.nsans);
		require_strv(ci.ocsp_urls, ci.nocsp_urls);
		require_strv(ci.crl_urls, ci.ncrl_urls);
		REQUIRE(ci.der_len == size && memcmp(ci.der, data, size) == 0);
		REQUIRE(ci.is_ca >= -1 && ci.is_ca <= 1 && ci.path_len >= -1);
		REQUIRE(ci.sha256[0] == '\0' || strlen(ci.sha256) == 95);
		REQUIRE(ci.spki_sha256[0] == '\0' || strlen(ci.spki_sha256) == 44);
		char *tlsa = cert_tlsa_311(&ci);
		REQUIRE(tlsa == NULL || (strlen(tlsa) == 70 && strncmp(tlsa, "3 1 1 ", 6) == 0));
		REQUIRE((tlsa == NULL) == (ci.spki_sha256[0] == '\0'));
		free(tlsa);
		cert_info_clear(&ci);
	} else {
		REQUIRE(ci.subject == NULL && ci.der == NULL && ci.nsans == 0);
	}
	free(cert_text_dump(data, size));
	char *pem = cert_pem(data, size);
	REQUIRE((pem == NULL) == (size == 0));
	free(pem);
	return 0;
}
