/* socks: SOCKS5 (RFC 1928) client messages and reply checks, no I/O. */
#include "core/socks.h"

#include <arpa/inet.h>
#include <string.h>

#include "lib/i18n.h"

size_t socks5_greeting(uint8_t out[3])
{
	out[0] = 5; /* version */
	out[1] = 1; /* one method */
	out[2] = 0; /* no authentication */
	return 3;
}

size_t socks5_connect_request(const char *host, int port, uint8_t out[SOCKS5_MAX_REQUEST])
{
	if (port <= 0 || port > 65535)
		return 0;
	out[0] = 5;
	out[1] = 1; /* CONNECT */
	out[2] = 0;
	size_t o;
	uint8_t a[16];
	if (inet_pton(AF_INET, host, a) == 1) {
		out[3] = 1;
		memcpy(out + 4, a, 4);
		o = 8;
	} else if (inet_pton(AF_INET6, host, a) == 1) {
		out[3] = 4;
		memcpy(out + 4, a, 16);
		o = 20;
	} else {
		size_t hl = strlen(host);
		if (hl == 0 || hl > 255)
			return 0;
		out[3] = 3;
		out[4] = (uint8_t)hl;
		memcpy(out + 5, host, hl);
		o = 5 + hl;
	}
	out[o++] = (uint8_t)(port >> 8);
	out[o++] = (uint8_t)port;
	return o;
}

/* RFC 1928 §6 reply codes. */
static const char *const reply_text[] = {
	[1] = N_("general SOCKS server failure"), [2] = N_("connection not allowed by ruleset"),
	[3] = N_("network unreachable"),          [4] = N_("host unreachable"),
	[5] = N_("connection refused"),           [6] = N_("TTL expired"),
	[7] = N_("command not supported"),        [8] = N_("address type not supported"),
};

long socks5_check_reply(int step, const uint8_t *p, size_t n, const char **err)
{
	if (n == 0)
		return 0;
	if (p[0] != 5) {
		*err = N_("the proxy does not speak SOCKS5");
		return -1;
	}
	if (step == 1) {
		if (n < 2)
			return 0;
		if (p[1] != 0) {
			*err = p[1] == 0xff
				       ? N_("the proxy wants authentication (only \"no authentication\" is offered)")
				       : N_("the proxy chose a method that was not offered");
			return -1;
		}
		return 2;
	}
	if (n < 2)
		return 0;
	if (p[1] != 0) {
		*err = p[1] < sizeof reply_text / sizeof reply_text[0] && reply_text[p[1]] ? reply_text[p[1]]
											   : N_("the proxy refused");
		return -1;
	}
	if (n < 5)
		return 0;
	size_t need;
	switch (p[3]) {
	case 1: need = 4 + 4 + 2; break;
	case 4: need = 4 + 16 + 2; break;
	case 3: need = 4 + 1 + (size_t)p[4] + 2; break;
	default: *err = N_("the proxy's reply has an unknown address type"); return -1;
	}
	return n < need ? 0 : (long)need;
}
