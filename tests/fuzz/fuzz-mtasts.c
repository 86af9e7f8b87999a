/* fuzz-mtasts: libFuzzer target for the MTA-STS policy parser, the _mta-sts and TLS-RPT TXT parsers and the MX
 * pattern matcher. Checks what callers rely on: a refusal always has a reason and never a policy; an accepted
 * policy has a mode, a max_age in bounds and, unless its mode is none, at least one mx pattern, each of which
 * matches a host name built from it; reasons hold no control characters (they reach the terminal). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mtasts-policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                                                  \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			fprintf(stderr, "fuzz-mtasts: %s failed (line %d)\n", #cond, __LINE__);                        \
			abort();                                                                                       \
		}                                                                                                      \
	} while (0)

static void clean(const char *s)
{
	for (; s && *s; s++)
		REQUIRE((unsigned char)*s >= 0x20 && *s != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	struct mtasts_policy *p = mtasts_policy_parse((const char *)data, size, &err);

	REQUIRE((p == NULL) != (err == NULL));
	clean(err);
	free(err);
	if (p) {
		REQUIRE(p->max_age >= 0 && p->max_age <= MTASTS_MAX_AGE_MAX);
		REQUIRE(p->mode == MTASTS_MODE_NONE || p->nmx > 0);
		for (size_t i = 0; i < p->nmx; i++) {
			char host[MTASTS_NAME_MAX + 8];
			const char *m = p->mx[i];
			snprintf(host, sizeof host, "%s%s", m[0] == '*' ? "mx" : "", m[0] == '*' ? m + 1 : m);
			REQUIRE(mtasts_pattern_match(m, host));
			REQUIRE(mtasts_policy_match(p, host) != NULL);
		}
		clean(p->warning);
		mtasts_policy_free(p);
	}

	/* The same bytes as TXT rdata and as TXT text. */
	char *txt = mtasts_txt_join(data, size);
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	const char *inputs[] = {txt, text};
	for (size_t k = 0; k < 2; k++) {
		const char *t = inputs[k];
		if (!t)
			continue;
		char id[MTASTS_ID_MAX + 1];
		bool ok = mtasts_txt_parse(t, id, sizeof id, &err);
		REQUIRE(ok == (err == NULL));
		REQUIRE(!ok || (mtasts_txt_is_sts(t) && strlen(id) >= 1));
		clean(err);
		free(err);
		struct tlsrpt_record r;
		ok = tlsrpt_parse(t, &r, &err);
		REQUIRE(ok == (err == NULL));
		REQUIRE(!ok || r.nrua >= 1);
		clean(err);
		free(err);
		tlsrpt_record_clear(&r);
		/* The matcher on arbitrary strings: never crashes, a name always matches itself. */
		REQUIRE(strlen(t) == 0 || t[0] == '*' || mtasts_pattern_match(t, t));
	}
	free(txt);
	free(text);
	return 0;
}
