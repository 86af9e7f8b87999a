/* test-wire-auth: CRAM-MD5 against RFC 2195's example, XOAUTH2's documented format, 334 challenge display. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd/console.h"
#include "core/auth-mech.h"
#include "core/auth.h"

int main(void)
{
	/* RFC 2195 §2: challenge <1896.697170952@postoffice.reston.mci.net>, secret tanstaaftanstaaf. */
	char *ch = auth_b64_encode("<1896.697170952@postoffice.reston.mci.net>", 42);
	CHECK_STR(ch, "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
	char *r = auth_cram_md5_response("tim", "tanstaaftanstaaf", ch);
	CHECK_STR(r, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
	size_t n = 0;
	uint8_t *plain = auth_b64_decode(r, strlen(r), &n);
	CHECK(plain && n == 36 && memcmp(plain, "tim b913a602c7eda7a495b4e6e7334d3890", 36) == 0);
	free(plain);
	auth_wipe(r);
	free(ch);
	CHECK(auth_cram_md5_response("tim", "x", "not base64!") == NULL);

	/* XOAUTH2 (developers.google.com/gmail/imap/xoauth2-protocol): the example user and token. */
	r = auth_xoauth2_response("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
	CHECK_STR(r, "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1se"
		     "mRHRXVZMjl0Q2cBAQ==");
	auth_wipe(r);

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
