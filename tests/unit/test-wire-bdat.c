/* test-wire-bdat: the pure parts of /bdat: CRLF canonicalisation without dot-stuffing, and the chunk count. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd/cmd-bdat.h"

static const char *canon(const char *in, size_t *fixed)
{
	static char out[512];
	struct buf b;
	buf_init(&b, 0);
	*fixed = bdat_canonical_crlf((const uint8_t *)in, strlen(in), &b);
	snprintf(out, sizeof out, "%s", buf_cstr(&b));
	buf_free(&b);
	return out;
}

int main(void)
{
	size_t fixed;
	CHECK_STR(canon("a\r\nb\r\n", &fixed), "a\r\nb\r\n");
	CHECK_INT(fixed, 0);
	CHECK_STR(canon("a\nb\n", &fixed), "a\r\nb\r\n");
	CHECK_INT(fixed, 2);
	CHECK_STR(canon("a\rb", &fixed), "a\r\nb");
	CHECK_INT(fixed, 1);
	/* CR at the very end, and CR CR LF: each ending counted once. */
	CHECK_STR(canon("a\r", &fixed), "a\r\n");
	CHECK_INT(fixed, 1);
	CHECK_STR(canon("a\r\r\n", &fixed), "a\r\n\r\n");
	CHECK_INT(fixed, 1);
	/* No dot-stuffing: a lone dot is content in BDAT. */
	CHECK_STR(canon(".\n..x\n", &fixed), ".\r\n..x\r\n");
	CHECK_STR(canon("", &fixed), "");
	CHECK_INT(fixed, 0);

	CHECK_INT(bdat_count_chunks(0, 0), 1);
	CHECK_INT(bdat_count_chunks(0, 10), 1);
	CHECK_INT(bdat_count_chunks(58, 0), 1);
	CHECK_INT(bdat_count_chunks(58, 10), 6);
	CHECK_INT(bdat_count_chunks(60, 10), 6);
	CHECK_INT(bdat_count_chunks(61, 10), 7);
	CHECK_INT(bdat_count_chunks(1, 1), 1);
	return check_report();
}
