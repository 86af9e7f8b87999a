/* test-wire-auth: CRAM-MD5 (through GNU SASL) against RFC 2195's example, XOAUTH2's documented format, 334
 * challenge display. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd/console.h"
#include "core/auth.h"
#include "core/sasl.h"

int main(void)
{
	/* RFC 2195 §2: challenge <1896.697170952@postoffice.reston.mci.net>, secret tanstaaftanstaaf, through GNU
	 * SASL's CRAM-MD5. */
	char *ch = auth_b64_encode("<1896.697170952@postoffice.reston.mci.net>", 42);
	CHECK_STR(ch, "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
	free(ch);
	char *err = NULL;
	struct sasl_client *c = sasl_client_new(sasl_mech_find("cram-md5"), "tim", "tanstaaftanstaaf", NULL, "smtp",
						"localhost", &err);
	CHECK(c != NULL);
	uint8_t *out_b = NULL;
	size_t n = 0;
	const char *chal = "<1896.697170952@postoffice.reston.mci.net>";
	CHECK(sasl_client_step(c, (const uint8_t *)chal, strlen(chal), &out_b, &n, &err) == SASL_DONE);
	CHECK(n == 36 && memcmp(out_b, "tim b913a602c7eda7a495b4e6e7334d3890", 36) == 0);
	/* Shown decoded: the user, never the digest. */
	bool secret = false;
	char *d = sasl_describe("CRAM-MD5", false, 0, out_b, n, false, &secret);
	CHECK(secret && strstr(d, "\"tim\"") && !strstr(d, "b913a602"));
	free(d);
	sasl_wipe(out_b, n);
	sasl_client_free(c);

	/* XOAUTH2 (developers.google.com/gmail/imap/xoauth2-protocol): the example user and token. */
	c = sasl_client_new(sasl_mech_find("XOAUTH2"), "someuser@example.com",
			    "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg", NULL, "smtp", "localhost", &err);
	CHECK(sasl_client_step(c, NULL, 0, &out_b, &n, &err) == SASL_MORE);
	char *r = auth_b64_encode(out_b, n);
	CHECK_STR(r, "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1se"
		     "mRHRXVZMjl0Q2cBAQ==");
	auth_wipe(r);
	d = sasl_describe("XOAUTH2", false, 0, out_b, n, false, &secret);
	CHECK(secret && !strstr(d, "ya29"));
	free(d);
	sasl_wipe(out_b, n);
	sasl_client_free(c);

	/* The mask: one '*' a byte of the secret, the mechanism left visible, bounded by the line. */
	char *m = auth_mask("AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U=", 11, 24);
	CHECK_STR(m, "AUTH PLAIN ************************");
	free(m);
	m = auth_mask("abc", 1, 10);
	CHECK_STR(m, "a**");
	free(m);

	char out[64];
	CHECK(auth_decode_for_display("VXNlcm5hbWU6", out, sizeof out));
	CHECK_STR(out, "Username:");
	CHECK(auth_decode_for_display("", out, sizeof out));
	CHECK_STR(out, "");
	/* A challenge with control bytes is escaped, never passed through. */
	char *esc = auth_b64_encode("a\033[2Jb", 6);
	CHECK(auth_decode_for_display(esc, out, sizeof out));
	CHECK(strchr(out, '\033') == NULL);
	free(esc);
	CHECK(!auth_decode_for_display("%%%", out, sizeof out));
	/* Bounded: a long challenge is cut to the room given. */
	char *big = auth_b64_encode("0123456789012345678901234567890123456789", 40);
	char small[8];
	CHECK(auth_decode_for_display(big, small, sizeof small));
	CHECK(strlen(small) < sizeof small);
	free(big);

	/* Lines kept out of the prompt's history: answers typed by hand and initial responses. */
	CHECK(console_line_is_secret("/answer \"\\0alice\\0pw\""));
	CHECK(console_line_is_secret("/answer --b64 AGFsaWNlAHB3"));
	CHECK(console_line_is_secret("/auth raw PLAIN AGFsaWNlAHB3"));
	CHECK(!console_line_is_secret("/auth raw LOGIN"));
	CHECK(!console_line_is_secret("/auth plain alice"));
	CHECK(!console_line_is_secret("/auth --force plain alice"));
	return check_report();
}
