/* test-wire-proxy: PROXY protocol v1 and v2 headers against the byte layouts of HAProxy's proxy-protocol.txt. */
#include <string.h>

#include "check.h"
#include "cmd/cmd-proxy.h"

int main(void)
{
	uint8_t out[PROXY_MAX_HEADER];
	const char *err = NULL;
	long n = proxy_header(1, "192.0.2.1:56324", "198.51.100.7:25", out, &err);
	CHECK_INT(n, 44);
	CHECK(n > 0 && memcmp(out, "PROXY TCP4 192.0.2.1 198.51.100.7 56324 25\r\n", (size_t)n) == 0);
	n = proxy_header(1, "[2001:db8::1]:4000", "[2001:db8::2]:587", out, &err);
	CHECK(n > 0 && memcmp(out, "PROXY TCP6 2001:db8::1 2001:db8::2 4000 587\r\n", (size_t)n) == 0);
	n = proxy_header(1, NULL, NULL, out, &err);
	CHECK(n == 15 && memcmp(out, "PROXY UNKNOWN\r\n", 15) == 0);

	static const uint8_t v2[] = {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a, 0x21, 0x11,
				     0x00, 0x0c, 192,  0,    2,    1,    198,  51,   100,  7,    0xdc, 0x04, 0x00, 25};
	n = proxy_header(2, "192.0.2.1:56324", "198.51.100.7:25", out, &err);
	CHECK_INT(n, (long)sizeof v2);
	CHECK(n == (long)sizeof v2 && memcmp(out, v2, sizeof v2) == 0);
	n = proxy_header(2, "[::1]:1", "[::2]:2", out, &err);
	CHECK_INT(n, 16 + 36);
	CHECK(out[13] == 0x21 && out[14] == 0 && out[15] == 36 && out[16 + 15] == 1 && out[16 + 31] == 2);
	n = proxy_header(2, NULL, NULL, out, &err);
	CHECK(n == 16 && out[12] == 0x20 && out[13] == 0 && out[15] == 0);

	CHECK(proxy_header(3, "1.2.3.4:1", "1.2.3.4:2", out, &err) < 0);
	CHECK(proxy_header(1, "1.2.3.4:1", "[::1]:2", out, &err) < 0);
	CHECK(proxy_header(1, "host.example:1", "1.2.3.4:2", out, &err) < 0);
	CHECK(proxy_header(2, "1.2.3.4", "1.2.3.4:2", out, &err) < 0);
	CHECK(proxy_header(2, "1.2.3.4:99999", "1.2.3.4:2", out, &err) < 0);
	return check_report();
}
