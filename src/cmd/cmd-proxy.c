/* cmd-proxy: /proxy v1|v2 SRC DST sends a PROXY protocol header (for servers behind HAProxy, such as Postfix
 * with smtpd_upstream_proxy_protocol = haproxy) before the greeting: on this connection when the greeting has
 * not come yet (/connect --no-wait), else first thing on the next /connect. */
#include "cmd/cmd-proxy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cli.h"
#include "cmd/console-int.h"
#include "lib/buf.h"
#include "lib/escape.h"

/* "ADDR:PORT" / "[v6]:PORT" into a binary address (4 or 16 bytes), its text and the port. */
static int parse_endpoint(const char *s, int *family, uint8_t addr[16], char text[64], uint16_t *port)
{
	char *host = NULL;
	int p = 0;
	if (cli_split_host_port(s, &host, &p) < 0 || p <= 0 || p > 65535) {
		free(host);
		return -1;
	}
	int r = 0;
	if (inet_pton(AF_INET, host, addr) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, host, addr) == 1)
		*family = AF_INET6;
	else
		r = -1;
	if (r == 0)
		snprintf(text, 64, "%s", host);
	free(host);
	*port = (uint16_t)p;
	return r;
}

long proxy_header(int version, const char *src, const char *dst, uint8_t *out, const char **err)
{
	static const uint8_t sig[12] = {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a};
	if (version != 1 && version != 2) {
		*err = "the PROXY protocol has versions 1 and 2";
		return -1;
	}
	if (src == NULL) {
		if (version == 1) {
			memcpy(out, "PROXY UNKNOWN\r\n", 15);
			return 15;
		}
		memcpy(out, sig, 12);
		out[12] = 0x20; /* version 2, LOCAL */
		out[13] = 0x00; /* AF_UNSPEC */
		out[14] = out[15] = 0;
		return 16;
	}
	int fs, fd;
	uint8_t as[16], ad[16];
	char ts[64], td[64];
	uint16_t ps, pd;
	if (dst == NULL || parse_endpoint(src, &fs, as, ts, &ps) < 0 || parse_endpoint(dst, &fd, ad, td, &pd) < 0) {
		*err = "addresses are ADDR:PORT or [IPv6]:PORT (numeric)";
		return -1;
	}
	if (fs != fd) {
		*err = "source and destination must both be IPv4 or both IPv6";
		return -1;
	}
	if (version == 1) {
		int n = snprintf((char *)out, PROXY_MAX_HEADER, "PROXY %s %s %s %u %u\r\n",
				 fs == AF_INET ? "TCP4" : "TCP6", ts, td, ps, pd);
		return n;
	}
	memcpy(out, sig, 12);
	out[12] = 0x21;                        /* version 2, PROXY */
	out[13] = fs == AF_INET ? 0x11 : 0x21; /* TCP over IPv4 / IPv6 */
	size_t alen = fs == AF_INET ? 4 : 16;
	size_t len = 2 * alen + 4;
	out[14] = (uint8_t)(len >> 8);
	out[15] = (uint8_t)len;
	memcpy(out + 16, as, alen);
	memcpy(out + 16 + alen, ad, alen);
	out[16 + 2 * alen] = (uint8_t)(ps >> 8);
	out[17 + 2 * alen] = (uint8_t)ps;
	out[18 + 2 * alen] = (uint8_t)(pd >> 8);
	out[19 + 2 * alen] = (uint8_t)pd;
	return (long)(16 + len);
}

static enum cmd_result exec_proxy(struct console *c, int argc, char **argv)
{
	if (strcasecmp(argv[1], "off") == 0) {
		session_set_preamble(c->s, NULL, 0);
		console_print(c, "no PROXY header on the next connections");
		return CMD_DONE;
	}
	int version = strcasecmp(argv[1], "v1") == 0 ? 1 : strcasecmp(argv[1], "v2") == 0 ? 2 : 0;
	bool local = argc == 3 && (strcasecmp(argv[2], "local") == 0 || strcasecmp(argv[2], "unknown") == 0);
	if (version == 0 || (argc != 4 && !local)) {
		console_error(c, "usage: /proxy v1|v2 SRC:PORT DST:PORT | /proxy v1|v2 local | /proxy off");
		return CMD_FAIL;
	}
	uint8_t hdr[PROXY_MAX_HEADER];
	const char *err = NULL;
	long n = proxy_header(version, local ? NULL : argv[2], local ? NULL : argv[3], hdr, &err);
	if (n < 0) {
		console_error_raw(c, "/proxy: %s", err);
		return CMD_FAIL;
	}
	/* Before the greeting of a connection opened with --no-wait: now. Otherwise: on the next connect. */
	bool now = session_phase(c->s) == PHASE_CONNECTED && session_smtp_state(c->s) == SMTP_GREETING &&
		   session_last_reply(c->s) == NULL;
	if (now) {
		console_print(c, "sending a PROXY v%d header (%ld bytes) before the greeting", version, n);
		if (session_send_raw(c->s, hdr, (size_t)n, 0) < 0)
			return CMD_FAIL;
		session_wait_greeting(c->s); /* the server speaks once it has the header */
		return CMD_WAIT;
	}
	session_set_preamble(c->s, hdr, (size_t)n);
	if (session_phase(c->s) == PHASE_IDLE)
		console_print(c, "the next connection starts with a PROXY v%d header (%ld bytes)", version, n);
	else
		console_print(
			c, "the next connection starts with a PROXY v%d header (%ld bytes): /connect again to use it",
			version, n);
	return CMD_DONE;
}

const struct cmd_entry cmd_proxy_entry = {
	"proxy",
	NULL,
	"v1|v2 SRC:PORT DST:PORT | v1|v2 local | off",
	N_("send a PROXY protocol header (HAProxy) before the greeting: now if it has not come, else on the next "
	   "connect"),
	1,
	3,
	exec_proxy,
};
