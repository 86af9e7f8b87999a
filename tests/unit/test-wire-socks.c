/* test-wire-socks: SOCKS5 (RFC 1928) messages and reply checks. */
#include <string.h>

#include "check.h"
#include "core/socks.h"

int main(void)
{
	uint8_t out[SOCKS5_MAX_REQUEST];
	CHECK_INT(socks5_greeting(out), 3);
	CHECK(memcmp(out, "\x05\x01\x00", 3) == 0);
	size_t n = socks5_connect_request("mail.lab.test", 25, out);
	CHECK_INT(n, 5 + 13 + 2);
	CHECK(memcmp(out, "\x05\x01\x00\x03\x0dmail.lab.test\x00\x19", n) == 0);
	n = socks5_connect_request("127.0.0.1", 587, out);
	CHECK(n == 10 && memcmp(out, "\x05\x01\x00\x01\x7f\x00\x00\x01\x02\x4b", 10) == 0);
	n = socks5_connect_request("::1", 25, out);
	CHECK(n == 22 && out[3] == 4 && out[19] == 1);
	char big[300];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK_INT(socks5_connect_request(big, 25, out), 0);
	CHECK_INT(socks5_connect_request("x", 0, out), 0);

	const char *err = NULL;
	CHECK_INT(socks5_check_reply(1, (const uint8_t *)"\x05", 1, &err), 0);
	CHECK_INT(socks5_check_reply(1, (const uint8_t *)"\x05\x00", 2, &err), 2);
	CHECK_INT(socks5_check_reply(1, (const uint8_t *)"\x05\xff", 2, &err), -1);
	CHECK(err && strstr(err, "authentication"));
	CHECK_INT(socks5_check_reply(1, (const uint8_t *)"\x04\x00", 2, &err), -1);
	/* CONNECT replies: IPv4, a name, partial, refused. */
	CHECK_INT(socks5_check_reply(2,
				     (const uint8_t *)"\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x19"
						      "220",
				     13, &err),
		  10);
	CHECK_INT(socks5_check_reply(2, (const uint8_t *)"\x05\x00\x00\x03\x01x\x00\x19", 8, &err), 8);
	CHECK_INT(socks5_check_reply(2, (const uint8_t *)"\x05\x00\x00\x01\x7f", 5, &err), 0);
	CHECK_INT(socks5_check_reply(2, (const uint8_t *)"\x05\x05", 2, &err), -1);
	CHECK(err && strcmp(err, "connection refused") == 0);
	CHECK_INT(socks5_check_reply(2, (const uint8_t *)"\x05\x09", 2, &err), -1);
	CHECK_INT(socks5_check_reply(2, (const uint8_t *)"\x05\x00\x00\x07\x00", 5, &err), -1);
	return check_report();
}
