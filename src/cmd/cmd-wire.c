/* cmd-wire: exact control of the bytes: /raw, /hex, /hello-tls, /eol, /chunk, /delay — for reproducing what a
 * broken client does. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/console-int.h"
#include "core/tls.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"

static enum cmd_result exec_raw(struct console *c, int argc, char **argv)
{
	struct buf all;
	buf_init(&all, 0);
	for (int i = 1; i < argc; i++) {
		size_t n = strlen(argv[i]);
		uint8_t *bytes = xmalloc(n + 1);
		const char *err = NULL;
		long len = unescape_c(argv[i], bytes, &err);
		if (len < 0) {
			struct dtext d; /* the escape error (lib/escape.c, an msgid) in the language on screen */
			dtext_init(&d, 0);
			dtext_raw(&d, "/raw: ");
			dtext_puts(&d, err ? err : N_("bad escape"));
			console_errord(c, &d);
			dtext_free(&d);
			free(bytes);
			buf_free(&all);
			return CMD_FAIL;
		}
		buf_append(&all, bytes, (size_t)len);
		free(bytes);
	}
	int r = session_send_raw(c->s, all.data, all.len, -1);
	buf_free(&all);
	return r < 0 ? CMD_FAIL : CMD_WAIT;
}

const struct cmd_entry cmd_raw_entry = {
	"raw", NULL, "\"STRING\"", N_("send exact bytes (C escapes: \\r \\n \\x16 \\026); nothing is appended"),
	1,     -1,   exec_raw,
};

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

static enum cmd_result exec_hex(struct console *c, int argc, char **argv)
{
	struct buf all;
	buf_init(&all, 0);
	for (int i = 1; i < argc; i++) {
		const char *p = argv[i];
		if (strncasecmp(p, "0x", 2) == 0)
			p += 2;
		size_t n = strlen(p);
		if (n % 2) {
			console_error(c, "/hex: '%s' is not whole bytes", argv[i]);
			buf_free(&all);
			return CMD_FAIL;
		}
		for (size_t k = 0; k < n; k += 2) {
			int hi = hexval((unsigned char)p[k]), lo = hexval((unsigned char)p[k + 1]);
			if (hi < 0 || lo < 0) {
				console_error(c, "/hex: '%s' is not hexadecimal", argv[i]);
				buf_free(&all);
				return CMD_FAIL;
			}
			buf_append_byte(&all, (uint8_t)(hi * 16 + lo));
		}
	}
	int r = session_send_raw(c->s, all.data, all.len, -1);
	buf_free(&all);
	return r < 0 ? CMD_FAIL : CMD_WAIT;
}

const struct cmd_entry cmd_hex_entry = {
	"hex", NULL, "XX XX ...", N_("send exact bytes given in hexadecimal (16 03 01 ...)"), 1, -1, exec_hex,
};

static enum cmd_result exec_hello_tls(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	const struct session_params *p = session_params(c->s);
	struct tls_config cfg = {.sni = p->tls_sni ? p->tls_sni : session_host(c->s), .priority = p->tls_priority};
	unsigned char *hello = NULL;
	ssize_t n = tls_make_client_hello(&cfg, &hello);
	if (n <= 0) {
		console_error(c, "could not build a TLS ClientHello");
		return CMD_FAIL;
	}
	console_print(c, "sending a real TLS ClientHello (%zd bytes) on this plaintext connection, as a client set "
	                 "to implicit TLS would",
	              n);
	int r = session_send_raw(c->s, hello, (size_t)n, 0);
	free(hello);
	if (r < 0)
		return CMD_FAIL;
	session_wait_reply(c->s, 1);
	return CMD_WAIT;
}

const struct cmd_entry cmd_hello_tls_entry = {
	"hello-tls",
	NULL,
	"",
	N_("send a TLS ClientHello on the plaintext connection (the implicit-TLS-on-25/587 mistake)"),
	0,
	0,
	exec_hello_tls,
};

static enum cmd_result exec_eol(struct console *c, int argc, char **argv)
{
	(void)argc;
	static const struct {
		const char *name;
		enum eol_mode mode;
	} modes[] = {{"crlf", EOL_CRLF}, {"lf", EOL_LF}, {"cr", EOL_CR}};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		if (strcasecmp(argv[1], modes[i].name) == 0) {
			session_set_eol(c->s, modes[i].mode);
			if (modes[i].mode == EOL_CRLF)
				console_print(c, "lines now end with %s", modes[i].name);
			else
				console_print(
					c, "lines now end with %s (not RFC 5321: servers may reject or mis-parse it)",
					modes[i].name);
			return CMD_DONE;
		}
	}
	console_error(c, "/eol crlf|lf|cr");
	return CMD_FAIL;
}

const struct cmd_entry cmd_eol_entry = {
	"eol", NULL, "crlf|lf|cr", N_("line ending for the lines you send from now on"), 1, 1, exec_eol,
};

static unsigned chunk_size, chunk_delay;

static enum cmd_result set_number(struct console *c, const char *arg, unsigned *out, unsigned max)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (*end || v < 0 || v > (long)max) {
		console_error(c, "expected a number from 0 to %u", max);
		return CMD_FAIL;
	}
	*out = (unsigned)v;
	session_set_chunking(c->s, chunk_size, chunk_delay);
	return CMD_DONE;
}

static enum cmd_result exec_chunk(struct console *c, int argc, char **argv)
{
	(void)argc;
	if (set_number(c, argv[1], &chunk_size, 1u << 20) == CMD_FAIL)
		return CMD_FAIL;
	session_set_chunking(c->s, chunk_size, chunk_delay);
	console_print(c, chunk_size ? "writes are now split into pieces of %u bytes" : "writes are whole again%.0u",
	              chunk_size);
	return CMD_DONE;
}

const struct cmd_entry cmd_chunk_entry = {
	"chunk", NULL, "N", N_("write in pieces of N bytes (0: whole writes)"), 1, 1, exec_chunk,
};

static enum cmd_result exec_delay(struct console *c, int argc, char **argv)
{
	(void)argc;
	if (set_number(c, argv[1], &chunk_delay, 600000) == CMD_FAIL)
		return CMD_FAIL;
	session_set_chunking(c->s, chunk_size, chunk_delay);
	console_print(c, "%u ms between pieces (with /chunk)", chunk_delay);
	return CMD_DONE;
}

const struct cmd_entry cmd_delay_entry = {
	"delay", NULL, "MS", N_("wait MS milliseconds between the pieces of /chunk"), 1, 1, exec_delay,
};
