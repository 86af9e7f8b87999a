/* test-json: UTF-8 validation and decoding (overlongs, surrogates, truncation, > U+10FFFF), the JSON writer
 * (escaping, U+FFFD for invalid bytes, nesting, commas, numbers) and the strict checker json_valid. */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/json.h"

#define VALID(lit) utf8_valid((const uint8_t *)(lit), sizeof(lit) - 1)
#define JVALID(lit) json_valid((const uint8_t *)(lit), sizeof(lit) - 1)

static void test_utf8_valid(void)
{
	CHECK(VALID(""));
	CHECK(VALID("plain ascii\r\n\0\x1b\x7f"));
	CHECK(VALID("\xc2\x80\xdf\xbf"));
	CHECK(VALID("\xe0\xa0\x80\xef\xbf\xbf"));
	CHECK(VALID("\xed\x9f\xbf\xee\x80\x80"));
	CHECK(VALID("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"));
	CHECK(VALID("\xe2\x80\xae")); /* valid, though escape.h hides it */
	CHECK(!VALID("\x80"));
	CHECK(!VALID("\xbf"));
	CHECK(!VALID("\xc0\x80"));
	CHECK(!VALID("\xc1\xbf"));
	CHECK(!VALID("\xe0\x9f\xbf"));
	CHECK(!VALID("\xf0\x8f\xbf\xbf"));
	CHECK(!VALID("\xed\xa0\x80"));
	CHECK(!VALID("\xed\xbf\xbf"));
	CHECK(!VALID("\xed\xa0\xbd\xed\xb2\xa9")); /* CESU-8 surrogate pair */
	CHECK(!VALID("\xf4\x90\x80\x80"));
	CHECK(!VALID("\xf5\x80\x80\x80"));
	CHECK(!VALID("\xf8\x88\x80\x80\x80"));
	CHECK(!VALID("\xfc\x84\x80\x80\x80\x80"));
	CHECK(!VALID("\xfe"));
	CHECK(!VALID("\xff"));
	CHECK(!VALID("\xc3"));
	CHECK(!VALID("\xe2\x82"));
	CHECK(!VALID("\xf0\x9f\x93"));
	CHECK(!VALID("\xe2\x82" "A"));
	CHECK(!VALID("\xc3\xc3\xa9"));
	CHECK(!VALID("ok\xc2\x9b\xc3"));
}

static void test_utf8_decode_encode(void)
{
	uint32_t cp = 0;
	CHECK_INT(utf8_decode((const uint8_t *)"A", 1, &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(utf8_decode((const uint8_t *)"\xc2\x9b", 2, &cp), 2);
	CHECK_INT(cp, 0x9b);
	CHECK_INT(utf8_decode((const uint8_t *)"\xe2\x80\xae", 3, &cp), 3);
	CHECK_INT(cp, 0x202e);
	CHECK_INT(utf8_decode((const uint8_t *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
	CHECK_INT(cp, 0x10ffff);
	CHECK_INT(utf8_decode((const uint8_t *)"\xe2\x80\xae", 2, &cp), 0); /* cut by n */
	CHECK_INT(utf8_decode((const uint8_t *)"\xc0\x8a", 2, &cp), 0);
	CHECK_INT(utf8_decode((const uint8_t *)"\xed\xa0\x80", 3, &cp), 0);
	CHECK_INT(utf8_decode((const uint8_t *)"\xf4\x90\x80\x80", 4, &cp), 0);
	CHECK_INT(utf8_decode((const uint8_t *)"\x80", 1, &cp), 0);
	CHECK_INT(utf8_decode((const uint8_t *)"", 0, &cp), 0);

	/* Every scalar value encodes, decodes back, and is judged valid; surrogates and beyond do not encode. */
	int bad = 0;
	for (uint32_t c = 0; c <= 0x10ffff; c++) {
		uint8_t b[4];
		size_t k = utf8_encode(c, b);
		if (c >= 0xd800 && c <= 0xdfff) {
			bad += k != 0;
			continue;
		}
		uint32_t back = 0;
		if (k == 0 || utf8_decode(b, k, &back) != k || back != c || !utf8_valid(b, k))
			bad++;
	}
	CHECK_INT(bad, 0);
	uint8_t b[4];
	CHECK_INT(utf8_encode(0x110000, b), 0);
	CHECK_INT(utf8_encode(0xffffffff, b), 0);

	/* utf8_valid and utf8_decode agree on every 1..3-byte string over interesting bytes. */
	static const uint8_t pick[] = {0x00, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
				       0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff};
	size_t np = sizeof pick;
	int disagree = 0;
	for (size_t x = 0; x < np; x++)
		for (size_t y = 0; y < np; y++)
			for (size_t z = 0; z < np; z++) {
				uint8_t s[3] = {pick[x], pick[y], pick[z]};
				for (size_t n = 1; n <= 3; n++) {
					bool ok = true;
					for (size_t i = 0; i < n;) {
						size_t k = utf8_decode(s + i, n - i, &cp);
						if (k == 0) {
							ok = false;
							break;
						}
						i += k;
					}
					disagree += ok != utf8_valid(s, n);
				}
			}
	CHECK_INT(disagree, 0);
}

/* The bytes as one JSON string, and whether the writer called it an exact copy. */
static char *string_of(const uint8_t *p, size_t n, bool *exact)
{
	struct buf b;
	struct jw w;
	buf_init(&b, 0);
	jw_init(&w, &b);
	*exact = jw_bytes(&w, p, n);
	return buf_detach(&b, NULL);
}

#define JSTR_IS(lit, want, want_exact)                                                                 \
	do {                                                                                           \
		bool exact_;                                                                           \
		char *got_ = string_of((const uint8_t *)(lit), sizeof(lit) - 1, &exact_);              \
		CHECK_STR(got_, want);                                                                 \
		CHECK_INT(exact_, want_exact);                                                         \
		CHECK(json_valid((const uint8_t *)got_, strlen(got_)));                                \
		free(got_);                                                                            \
	} while (0)

static void test_strings(void)
{
	JSTR_IS("", "\"\"", true);
	JSTR_IS("250 OK", "\"250 OK\"", true);
	JSTR_IS("a\"b\\c/d", "\"a\\\"b\\\\c/d\"", true);
	JSTR_IS("l1\r\nl2\tx", "\"l1\\r\\nl2\\tx\"", true);
	JSTR_IS("nul\0x", "\"nul\\u0000x\"", true);
	JSTR_IS("\x1b]0;evil\x07", "\"\\u001b]0;evil\\u0007\"", true);
	JSTR_IS("\x7f", "\"\\u007f\"", true);
	JSTR_IS("\xc2\x9b" "2J", "\"\\u009b2J\"", true);
	JSTR_IS("abc\xe2\x80\xae" "fed", "\"abc\\u202efed\"", true);
	JSTR_IS("caf\xc3\xa9 \xf0\x9f\x93\xa7", "\"caf\xc3\xa9 \xf0\x9f\x93\xa7\"", true);
	/* Invalid bytes: one U+FFFD each, and the writer says the copy is not exact. */
	JSTR_IS("\x9b" "2J", "\"\xef\xbf\xbd" "2J\"", false);
	JSTR_IS("\xc0\x8a", "\"\xef\xbf\xbd\xef\xbf\xbd\"", false);
	JSTR_IS("\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"", false);
	JSTR_IS("\xf4\x90\x80\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"", false);
	JSTR_IS("ok\xe2\x82", "\"ok\xef\xbf\xbd\xef\xbf\xbd\"", false);
	JSTR_IS("\xff\"", "\"\xef\xbf\xbd\\\"\"", false);
}

/* Every 1- and 2-byte input gives valid JSON whose exactness matches utf8_valid. */
static void test_strings_exhaustive(void)
{
	int bad = 0;
	for (unsigned a = 0; a < 256; a++)
		for (unsigned c = 0; c < 256; c++) {
			uint8_t in[2] = {(uint8_t)a, (uint8_t)c};
			for (size_t n = 1; n <= 2; n++) {
				bool exact;
				char *s = string_of(in, n, &exact);
				size_t len = strlen(s);
				if (!json_valid((const uint8_t *)s, len) || exact != utf8_valid(in, n))
					bad++;
				for (size_t i = 0; i < len; i++)
					if ((uint8_t)s[i] < 0x20 || (uint8_t)s[i] == 0x7f)
						bad++;
				free(s);
			}
		}
	CHECK_INT(bad, 0);
}

static void test_writer(void)
{
	struct buf b;
	struct jw w;
	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "type", "reply");
	jw_kdouble(&w, "t", 0.012);
	jw_kint(&w, "code", 250);
	jw_kbool(&w, "ok", true);
	jw_kstr(&w, "none", NULL);
	jw_key(&w, "lines");
	jw_arr_begin(&w);
	jw_str(&w, "mail.lab.test");
	jw_str(&w, "PIPELINING");
	jw_arr_end(&w);
	jw_key(&w, "empty");
	jw_arr_begin(&w);
	jw_arr_end(&w);
	jw_key(&w, "obj");
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_key(&w, "nested");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kint(&w, "a", -1);
	jw_obj_end(&w);
	jw_obj_begin(&w);
	jw_kbool(&w, "b", false);
	jw_obj_end(&w);
	jw_null(&w);
	jw_arr_end(&w);
	jw_key(&w, "t2");
	jw_raw(&w, "1.500");
	jw_key(&w, "k\x1b");
	jw_int(&w, 0);
	jw_obj_end(&w);
	CHECK_STR(buf_cstr(&b), "{\"type\":\"reply\",\"t\":0.012,\"code\":250,\"ok\":true,\"none\":null,"
				"\"lines\":[\"mail.lab.test\",\"PIPELINING\"],\"empty\":[],\"obj\":{},"
				"\"nested\":[{\"a\":-1},{\"b\":false},null],\"t2\":1.500,\"k\\u001b\":0}");
	CHECK(json_valid(b.data, b.len));
	CHECK_INT(w.depth, 0);

	/* Deep nesting up to the limit, and the checker agrees. */
	buf_reset(&b);
	jw_init(&w, &b);
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		jw_arr_begin(&w);
	jw_int(&w, 1);
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		jw_arr_end(&w);
	CHECK(json_valid(b.data, b.len));
	CHECK_INT(b.len, 2 * JSON_MAX_DEPTH + 1);
	buf_free(&b);
}

static void test_numbers(void)
{
	struct buf b;
	struct jw w;
	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_arr_begin(&w);
	jw_double(&w, 0.1);
	jw_double(&w, 1e300);
	jw_double(&w, -2.5);
	jw_double(&w, 3);
	jw_double(&w, NAN);
	jw_double(&w, INFINITY);
	jw_int(&w, -9223372036854775807LL - 1);
	jw_arr_end(&w);
	CHECK_STR(buf_cstr(&b), "[0.1,1e+300,-2.5,3,null,null,-9223372036854775808]");
	CHECK(json_valid(b.data, b.len));
	/* A locale with a decimal comma must not leak into JSON (skipped when none is installed). */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		buf_reset(&b);
		jw_init(&w, &b);
		jw_double(&w, 0.25);
		CHECK_STR(buf_cstr(&b), "0.25");
		setlocale(LC_NUMERIC, "C");
	}
	buf_free(&b);
}

static void test_json_valid(void)
{
	CHECK(JVALID("{}"));
	CHECK(JVALID(" [ 1 , -0.5e+3 , \"x\" , true , false , null ] \n"));
	CHECK(JVALID("{\"a\":{\"b\":[{}]}}"));
	CHECK(JVALID("\"\\u00e9\\/\\b\\f\\n\\r\\t\\\"\\\\\""));
	CHECK(JVALID("0"));
	CHECK(JVALID("\"\xe2\x82\xac\""));
	CHECK(!JVALID(""));
	CHECK(!JVALID("{"));
	CHECK(!JVALID("{\"a\"}"));
	CHECK(!JVALID("{\"a\":1,}"));
	CHECK(!JVALID("[1,]"));
	CHECK(!JVALID("[1 2]"));
	CHECK(!JVALID("{} {}"));
	CHECK(!JVALID("01"));
	CHECK(!JVALID("1."));
	CHECK(!JVALID(".5"));
	CHECK(!JVALID("NaN"));
	CHECK(!JVALID("'x'"));
	CHECK(!JVALID("{a:1}"));
	CHECK(!JVALID("\"tab\there\""));
	CHECK(!JVALID("\"\\x41\""));
	CHECK(!JVALID("\"\\u12\""));
	CHECK(!JVALID("\"unterminated"));
	CHECK(!JVALID("\"\xc0\x8a\""));
	CHECK(!JVALID("\"\xed\xa0\x80\""));
	CHECK(!JVALID("nul"));
	CHECK(!JVALID("[1]\0"));
	/* Nesting deeper than JSON_MAX_DEPTH is refused, not recursed into. */
	char deep[2 * 1000 + 1];
	memset(deep, '[', 1000);
	memset(deep + 1000, ']', 1000);
	CHECK(!json_valid((const uint8_t *)deep, 2000));
	CHECK(json_valid((const uint8_t *)deep + 1000 - JSON_MAX_DEPTH, 2 * JSON_MAX_DEPTH));
	CHECK(!json_valid((const uint8_t *)deep + 1000 - JSON_MAX_DEPTH - 1, 2 * JSON_MAX_DEPTH + 2));
}

int main(void)
{
	test_utf8_valid();
	test_utf8_decode_encode();
	test_strings();
	test_strings_exhaustive();
	test_writer();
	test_numbers();
	test_json_valid();
	return check_report();
}
