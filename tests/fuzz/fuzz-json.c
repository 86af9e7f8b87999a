/* fuzz-json: libFuzzer target for UTF-8 validation and the JSON writer. Checks that utf8_valid (Unicode's table)
 * and utf8_decode (bit arithmetic) agree; that jw_bytes always yields a valid JSON string with no raw control
 * byte, exact exactly when the input is valid UTF-8, and that decoding that string gives the input back; that
 * utf8_encode inverts utf8_decode; and runs the strict checker json_valid on the raw input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                        \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "fuzz-json: %s failed (line %d)\n", #cond, __LINE__); \
			abort();                                                             \
		}                                                                            \
	} while (0)

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the JSON string s[0..n) (quotes included) as the writer produces it; returns the length or -1. */
static long json_string_decode(const uint8_t *s, size_t n, uint8_t *out)
{
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return -1;
	size_t o = 0;
	for (size_t i = 1; i < n - 1;) {
		if (s[i] != '\\') {
			out[o++] = s[i++];
			continue;
		}
		i++;
		uint8_t c = s[i++];
		switch (c) {
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case '"': case '\\': case '/': out[o++] = c; break;
		case 'u': {
			uint32_t cp = 0;
			for (int k = 0; k < 4; k++)
				cp = cp * 16 + (uint32_t)hexval(s[i++]);
			size_t len = utf8_encode(cp, out + o);
			if (len == 0)
				return -1; /* the writer never emits surrogate escapes */
			o += len;
			break;
		}
		default:
			return -1;
		}
	}
	return (long)o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Table-driven and arithmetic UTF-8 agree. */
	bool valid = true;
	for (size_t i = 0; i < size;) {
		uint32_t cp;
		size_t k = utf8_decode(data + i, size - i, &cp);
		if (k == 0) {
			valid = false;
			break;
		}
		uint8_t enc[4];
		REQUIRE(utf8_encode(cp, enc) == k && memcmp(enc, data + i, k) == 0);
		i += k;
	}
	REQUIRE(valid == utf8_valid(data, size));

	struct buf b;
	struct jw w;
	buf_init(&b, 0);
	jw_init(&w, &b);
	bool exact = jw_bytes(&w, data, size);
	REQUIRE(exact == valid);
	REQUIRE(json_valid(b.data, b.len));
	REQUIRE(utf8_valid(b.data, b.len));
	for (size_t i = 0; i < b.len; i++)
		REQUIRE(b.data[i] >= 0x20 && b.data[i] != 0x7f);
	uint8_t *back = malloc(b.len + 1);
	long k = json_string_decode(b.data, b.len, back);
	REQUIRE(k >= 0);
	if (exact)
		REQUIRE((size_t)k == size && (size == 0 || memcmp(back, data, size) == 0));
	else
		REQUIRE(utf8_valid(back, (size_t)k));
	free(back);

	/* The same bytes as keys and values inside structure. */
	buf_reset(&b);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "k");
	jw_arr_begin(&w);
	jw_bytes(&w, data, size / 2);
	jw_int(&w, (long long)size);
	jw_arr_end(&w);
	char *key = malloc(size + 1);
	memcpy(key, data, size);
	key[size] = '\0';
	jw_kstr(&w, key, key);
	free(key);
	jw_obj_end(&w);
	REQUIRE(json_valid(b.data, b.len));
	buf_free(&b);

	/* The checker itself on arbitrary bytes: must terminate without crashing (depth is bounded). */
	(void)json_valid(data, size);
	return 0;
}
