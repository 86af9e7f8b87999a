/* test-sasl-mech: the RFC 4422 rule listen mode applies to the word a remote client puts after AUTH before showing
 * it or decoding with it: real names (upper case, lower case raised, digits, '-' and '_', up to 20) are taken;
 * an escape sequence, UTF-8, a '*', an empty word and a 21-character word are not, and leave nothing behind. */
#include <string.h>

#include "check.h"
#include "lib/sasl-mech.h"

static const char *mech(const char *word, size_t *n)
{
	static char out[SASL_MECH_MAX + 1];
	memset(out, 'x', sizeof out);
	*n = sasl_mech_name(word, strlen(word), out);
	return out;
}

int main(void)
{
	size_t n;
	CHECK_STR(mech("PLAIN", &n), "PLAIN");
	CHECK_INT(n, 5);
	CHECK_STR(mech("login", &n), "LOGIN");
	CHECK_STR(mech("SCRAM-SHA-256-PLUS", &n), "SCRAM-SHA-256-PLUS");
	CHECK_STR(mech("X_OAUTH2", &n), "X_OAUTH2");
	CHECK_STR(mech("ABCDEFGHIJ0123456789", &n), "ABCDEFGHIJ0123456789"); /* 20: the longest */
	CHECK_INT(n, 20);
	const char *bad[] = {"",
			     "ABCDEFGHIJ0123456789K",
			     "\x1b[31mPLAIN",
			     "PL\x1b"
			     "AIN",
			     "PL\xc3\x84IN",
			     "PLAIN\x07",
			     "*",
			     "PLAIN=",
			     "PLAIN\r",
			     "DIGEST.MD5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_STR(mech(bad[i], &n), "");
		CHECK_INT(n, 0);
	}
	/* Only the n bytes given are the word: a longer buffer's rest is not looked at. */
	char out[SASL_MECH_MAX + 1];
	CHECK_INT(sasl_mech_name("PLAIN dGVzdA==", 5, out), 5);
	CHECK_STR(out, "PLAIN");
	return check_report();
}
