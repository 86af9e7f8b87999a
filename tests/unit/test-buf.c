/* test-buf: the bounded byte buffer's file reader (buf_append_file): a whole file, a file past the limit, a
 * buffer that already holds bytes, an empty file, and a read error. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "lib/buf.h"

/* A temporary file holding n bytes of c, rewound. */
static FILE *file_of(size_t n, int c)
{
	FILE *f = tmpfile();
	if (f == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		fputc(c, f);
	rewind(f);
	return f;
}

static void test_append_file(void)
{
	struct buf b;
	FILE *f;

	/* Larger than one read chunk, within the limit: all of it, NUL-terminated. */
	buf_init(&b, 0);
	f = file_of(40000, 'x');
	CHECK(f != NULL);
	CHECK_INT(buf_append_file(&b, f, 40000), 0);
	CHECK_INT(b.len, 40000);
	CHECK_INT(b.data[39999], 'x');
	CHECK_INT(b.data[40000], '\0');
	fclose(f);

	/* Past the limit: -2, and the bytes before the chunk that would pass stay. */
	buf_reset(&b);
	f = file_of(40000, 'y');
	CHECK_INT(buf_append_file(&b, f, 20000), -2);
	CHECK(b.len <= 20000);
	fclose(f);

	/* The limit counts what the buffer held before. */
	buf_reset(&b);
	buf_append_str(&b, "0123456789");
	f = file_of(100, 'z');
	CHECK_INT(buf_append_file(&b, f, 105), -2);
	CHECK_INT(b.len, 10);
	rewind(f);
	CHECK_INT(buf_append_file(&b, f, 110), 0);
	CHECK_INT(b.len, 110);
	CHECK(memcmp(b.data, "0123456789zzz", 13) == 0);
	fclose(f);

	/* An empty file appends nothing. */
	buf_reset(&b);
	f = file_of(0, 0);
	CHECK_INT(buf_append_file(&b, f, 10), 0);
	CHECK_INT(b.len, 0);
	fclose(f);

	/* The buffer's own max stops it too. */
	buf_free(&b);
	buf_init(&b, 50);
	f = file_of(100, 'm');
	CHECK_INT(buf_append_file(&b, f, 1000), -2);
	CHECK_INT(b.len, 0);
	fclose(f);

	/* A stream that cannot be read (opened for writing only): a read error. */
	buf_reset(&b);
	f = fopen("/dev/null", "w");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(buf_append_file(&b, f, 10), -1);
		fclose(f);
	}
	buf_free(&b);
}

/* reserve/commit: a read straight into the buffer, bounded by max. */
static void test_reserve(void)
{
	struct buf r;
	buf_init(&r, 16);
	buf_append_str(&r, "ab");
	uint8_t *w = buf_reserve(&r, 14);
	CHECK(w != NULL);
	memcpy(w, "cdef", 4);
	buf_commit(&r, 4);
	CHECK_INT(r.len, 6);
	CHECK_STR(buf_cstr(&r), "abcdef");
	CHECK(buf_reserve(&r, 11) == NULL); /* 6 + 11 passes 16 */
	CHECK(buf_reserve(&r, 10) != NULL);
	CHECK_INT(r.len, 6);
	buf_free(&r);
}

int main(void)
{
	test_append_file();
	test_reserve();
	return check_report();
}
