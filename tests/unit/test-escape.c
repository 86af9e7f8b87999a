/* test-escape: the one gate between server bytes and a terminal. Terminal attacks (ESC, OSC titles, C1 CSI,
 * bidi overrides), every class of invalid UTF-8, naming of CR/LF/TAB/NUL, bounded output, the reversible round
 * trip through unescape_c, and the hex-dump row. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/escape.h"
#include "lib/json.h"

/* Escape a C string literal of known length (so embedded NULs count). */
static char *esc(const char *s, size_t n, unsigned flags)
{
	return escape_dup((const uint8_t *)s, n, flags);
}

#define ESC_IS(lit, flags, want)                                                                       \
	do {                                                                                           \
		char *got_ = esc(lit, sizeof(lit) - 1, flags);                                         \
		CHECK_STR(got_, want);                                                                 \
		free(got_);                                                                            \
	} while (0)

/* The promise of the header, checked byte by byte: valid UTF-8, no C0, no DEL, no C1, no bidi control. */
static bool display_safe(const char *s)
{
	size_t n = strlen(s);
	if (!utf8_valid((const uint8_t *)s, n))
		return false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode((const uint8_t *)s + i, n - i, &cp);
		if (k == 0 || escape_cp_unsafe(cp))
			return false;
		i += k;
	}
	return true;
}

static void test_plain(void)
{
	ESC_IS("", 0, "");
	ESC_IS("220 mail.lab.test ESMTP Exim 4.96", 0, "220 mail.lab.test ESMTP Exim 4.96");
	ESC_IS("a\\b", 0, "a\\b");
	ESC_IS("a\\b", ESCAPE_REVERSIBLE, "a\\\\b");
	ESC_IS("\"quoted\"", 0, "\"quoted\"");
}

static void test_named(void)
{
	ESC_IS("250 ok\r\n", 0, "250 ok\\r\\n");
	ESC_IS("a\tb", 0, "a\\tb");
	ESC_IS("a\0b", 0, "a\\0b");
	ESC_IS("bare\nlf", 0, "bare\\nlf");
	ESC_IS("\r", 0, "\\r");
	/* NUL before an octal digit must not read back as an octal escape. */
	ESC_IS("\0" "1", ESCAPE_REVERSIBLE, "\\x001");
	ESC_IS("\0" "8", ESCAPE_REVERSIBLE, "\\08");
	ESC_IS("\0" "1", 0, "\\01");
}

static void test_terminal_attacks(void)
{
	ESC_IS("\x1b[2J\x1b[H", 0, "\\x1b[2J\\x1b[H");
	/* OSC 0: set the window title, terminated by BEL or ST. */
	ESC_IS("\x1b]0;evil\x07", 0, "\\x1b]0;evil\\x07");
	ESC_IS("\x1b]0;evil\x1b\\", 0, "\\x1b]0;evil\\x1b\\");
	ESC_IS("\x7f", 0, "\\x7f");
	ESC_IS("\x01\x08\x0b\x0c\x1f", 0, "\\x01\\x08\\x0b\\x0c\\x1f");
	/* C1 CSI encoded in UTF-8 (U+009B) and as a raw 8-bit byte (invalid UTF-8). */
	ESC_IS("\xc2\x9b" "2J", 0, "\\u{009B}2J");
	ESC_IS("\xc2\x80\xc2\x9f", 0, "\\u{0080}\\u{009F}");
	ESC_IS("\x9b" "2J", 0, "\\x9b2J");
	ESC_IS("\x9d" "0;t\x9c", 0, "\\x9d0;t\\x9c");
	/* U+00A0 (no-break space) looks like a space but is not one: escaped; U+00A1 is the first visible one. */
	ESC_IS("\xc2\xa0\xc2\xa1", 0, "\\u{00A0}\xc2\xa1");
	/* Trojan Source: RLO and friends, isolates, marks. */
	ESC_IS("abc\xe2\x80\xae" "fed", 0, "abc\\u{202E}fed");
	ESC_IS("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0, "\\u{202A}\\u{202B}\\u{202C}\\u{202D}");
	ESC_IS("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", 0, "\\u{2066}\\u{2067}\\u{2068}\\u{2069}");
	ESC_IS("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", 0, "\\u{200E}\\u{200F}\\u{061C}");
	ESC_IS("a\xe2\x80\xa8" "b\xe2\x80\xa9", 0, "a\\u{2028}b\\u{2029}");
	/* Neighbours: U+202F (narrow no-break space) and U+206A (a deprecated format character) are invisible too;
	 * U+2030 and the unassigned U+2065 stay as they are. */
	ESC_IS("\xe2\x80\xa9\xe2\x80\xaf\xe2\x80\xb0", 0, "\\u{2029}\\u{202F}\xe2\x80\xb0");
	ESC_IS("\xe2\x81\xa5\xe2\x81\xaa", 0, "\xe2\x81\xa5\\u{206A}");
}

static void test_utf8(void)
{
	ESC_IS("gr\xc3\xbc\xc3\x9f" " \xe2\x82\xac \xf0\x9f\x93\xa7", 0, "gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x93\xa7");
	ESC_IS("gr\xc3\xbc\xc3\x9f", ESCAPE_ASCII, "gr\\xc3\\xbc\\xc3\\x9f");
	ESC_IS("\xe2\x80\xae", ESCAPE_ASCII, "\\xe2\\x80\\xae");
	/* Overlongs: "/" and LF in two bytes, NUL in two and three, the ESC of CSI in three. */
	ESC_IS("\xc0\xaf", 0, "\\xc0\\xaf");
	ESC_IS("\xc0\x8a", 0, "\\xc0\\x8a");
	ESC_IS("\xc0\x80", 0, "\\xc0\\x80");
	ESC_IS("\xe0\x80\x9b", 0, "\\xe0\\x80\\x9b");
	ESC_IS("\xc1\xbf", 0, "\\xc1\\xbf");
	ESC_IS("\xf0\x8f\xbf\xbf", 0, "\\xf0\\x8f\\xbf\\xbf");
	/* Surrogates (CESU-8 style). */
	ESC_IS("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
	ESC_IS("\xed\xbf\xbf", 0, "\\xed\\xbf\\xbf");
	ESC_IS("\xed\x9f\xbf", 0, "\xed\x9f\xbf"); /* U+D7FF is fine */
	/* Above U+10FFFF, and lead bytes that can never start anything. */
	ESC_IS("\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80");
	ESC_IS("\xf4\x8f\xbf\xbf", 0, "\xf4\x8f\xbf\xbf");
	ESC_IS("\xf5\x80\x80\x80", 0, "\\xf5\\x80\\x80\\x80");
	ESC_IS("\xf8\x88\x80\x80\x80", 0, "\\xf8\\x88\\x80\\x80\\x80");
	ESC_IS("\xfe\xff", 0, "\\xfe\\xff");
	/* Truncated sequences: at the end, and followed by ASCII (which must survive). */
	ESC_IS("\xe2\x82", 0, "\\xe2\\x82");
	ESC_IS("\xe2\x82" "A", 0, "\\xe2\\x82A");
	ESC_IS("\xf0\x9f\x93", 0, "\\xf0\\x9f\\x93");
	ESC_IS("\xc3", 0, "\\xc3");
	ESC_IS("\xc3\n", 0, "\\xc3\\n");
	/* A lone continuation byte, then a valid character. */
	ESC_IS("\x80\xc3\xa9", 0, "\\x80\xc3\xa9");
}

static void test_bounded(void)
{
	struct buf b;
	/* "\\x1b" is four bytes: with room for six, only one whole escape fits. */
	buf_init(&b, 6);
	escape_bytes(&b, (const uint8_t *)"\x1b\x1b", 2, 0);
	CHECK_STR(buf_cstr(&b), "\\x1b");
	buf_free(&b);
	/* A multibyte character is never cut. */
	buf_init(&b, 4);
	escape_bytes(&b, (const uint8_t *)"ab\xe2\x82\xac", 5, 0);
	CHECK_STR(buf_cstr(&b), "ab");
	buf_free(&b);
	/* ASCII fills up to the limit. */
	buf_init(&b, 5);
	escape_bytes(&b, (const uint8_t *)"abcdefgh", 8, 0);
	CHECK_STR(buf_cstr(&b), "abcde");
	buf_free(&b);
	/* Appends after existing contents. */
	buf_init(&b, 0);
	buf_append_str(&b, "S: ");
	escape_bytes(&b, (const uint8_t *)"x\r", 2, 0);
	CHECK_STR(buf_cstr(&b), "S: x\\r");
	buf_free(&b);
}

static bool printable_ascii(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

/* Every byte value, alone and in pairs, never yields an unsafe output; reversible output reads back exactly. */
static void test_exhaustive(void)
{
	int unsafe = 0, mismatched = 0;
	uint8_t in[3], back[64];
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned b = 0; b < 256; b++) {
			in[0] = (uint8_t)a, in[1] = (uint8_t)b, in[2] = '7';
			for (unsigned flags = 0; flags < 4; flags++) {
				char *s = escape_dup(in, 3, flags);
				if (!display_safe(s))
					unsafe++;
				if ((flags & ESCAPE_ASCII) && !printable_ascii(s))
					unsafe++;
				if (flags & ESCAPE_REVERSIBLE) {
					const char *err = NULL;
					long k = unescape_c(s, back, &err);
					if (k != 3 || memcmp(back, in, 3) != 0)
						mismatched++;
				}
				free(s);
			}
		}
	}
	CHECK_INT(unsafe, 0);
	CHECK_INT(mismatched, 0);
}

static void round_trip(const char *s, size_t n)
{
	char *e = esc(s, n, ESCAPE_REVERSIBLE);
	uint8_t *back = malloc(strlen(e) + 1);
	const char *err = NULL;
	long k = unescape_c(e, back, &err);
	CHECK_INT(k, (long)n);
	CHECK(k == (long)n && memcmp(back, s, n) == 0);
	free(back);
	free(e);
}

static void test_unescape(void)
{
	uint8_t out[64];
	const char *err = NULL;
	CHECK_INT(unescape_c("EHLO x\\r\\n", out, &err), 8);
	CHECK(memcmp(out, "EHLO x\r\n", 8) == 0);
	CHECK_INT(unescape_c("\\x16\\026\\t\\\\\\\"\\e\\0", out, &err), 7);
	CHECK(memcmp(out, "\x16\x16\t\\\"\x1b\0", 7) == 0);
	CHECK_INT(unescape_c("\\x4", out, &err), 1);
	CHECK_INT(out[0], 4);
	CHECK_INT(unescape_c("\\x41B", out, &err), 2);
	CHECK(memcmp(out, "AB", 2) == 0);
	CHECK_INT(unescape_c("\\1234", out, &err), 2);
	CHECK(memcmp(out, "\x53" "4", 2) == 0);
	CHECK_INT(unescape_c("\\377", out, &err), 1);
	CHECK_INT(out[0], 0xff);
	CHECK_INT(unescape_c("\\u{202E}\\u{41}\\u{1F4E7}", out, &err), 8);
	CHECK(memcmp(out, "\xe2\x80\xae" "A\xf0\x9f\x93\xa7", 8) == 0);
	CHECK_INT(unescape_c("", out, &err), 0);
	CHECK_INT(unescape_c("caf\xc3\xa9", out, &err), 5);

	err = NULL;
	CHECK_INT(unescape_c("abc\\", out, &err), -1);
	CHECK(err != NULL);
	err = NULL;
	CHECK_INT(unescape_c("\\q", out, &err), -1);
	CHECK(err != NULL);
	CHECK_INT(unescape_c("\\xg", out, &err), -1);
	CHECK_INT(unescape_c("\\400", out, &err), -1);
	CHECK_INT(unescape_c("\\u202E", out, &err), -1);
	CHECK_INT(unescape_c("\\u{}", out, &err), -1);
	CHECK_INT(unescape_c("\\u{D800}", out, &err), -1);
	CHECK_INT(unescape_c("\\u{110000}", out, &err), -1);
	CHECK_INT(unescape_c("\\u{1234567}", out, &err), -1);
	CHECK_INT(unescape_c("\\u{41", out, &err), -1);

	round_trip("", 0);
	round_trip("a\\b\\\\c", 6);
	round_trip("\x1b]0;evil\x07", 9);
	round_trip("\0\0" "0\0" "7\0" "8", 7);
	round_trip("\xc2\x9b\xe2\x80\xae\xe2\x80\xa8\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80", 17);
	round_trip("\\x41\\u{41}", 10);
	round_trip("250-a\r\n250 b\n\t\x7f\xff", 16);
}

static void test_cp_unsafe(void)
{
	CHECK(escape_cp_unsafe(0));
	CHECK(escape_cp_unsafe(0x1b));
	CHECK(escape_cp_unsafe(0x1f));
	CHECK(!escape_cp_unsafe(0x20));
	CHECK(!escape_cp_unsafe('~'));
	CHECK(escape_cp_unsafe(0x7f));
	CHECK(escape_cp_unsafe(0x80));
	CHECK(escape_cp_unsafe(0x9f));
	CHECK(escape_cp_unsafe(0x202e));
	CHECK(escape_cp_unsafe(0x2069));
	CHECK(!escape_cp_unsafe(0x2027));
	CHECK(!escape_cp_unsafe(0x1f4e7));
	/* Printable text of many scripts stays as it is. */
	static const uint32_t visible[] = {0xa1,   0xe9,   0x3b1,  0x430,  0x5d0,  0x627,   0x915,   0x1100,
					   0x1161, 0x1e9e, 0x2010, 0x2027, 0x2030, 0x205e,  0x20ac,  0x2190,
					   0x3001, 0x4e2d, 0xac00, 0xfe0f, 0xfffd, 0x1f4e7, 0x1f600, 0x20000};
	for (size_t i = 0; i < sizeof visible / sizeof visible[0]; i++) {
		if (escape_cp_unsafe(visible[i]))
			fprintf(stderr, "U+%04X is escaped but visible\n", (unsigned)visible[i]);
		CHECK(!escape_cp_unsafe(visible[i]));
	}
}

/* Every Unicode format character (Cf) and every separator but the space (Zs, Zl, Zp), as listed by
 * UnicodeData.txt 15.1: each must be escaped. Written out here, apart from the table in escape.c, so that a
 * range typed wrong there fails here. */
static const uint32_t cf_and_z[][2] = {
	/* Cf */
	{0x00ad, 0x00ad},
	{0x0600, 0x0605},
	{0x061c, 0x061c},
	{0x06dd, 0x06dd},
	{0x070f, 0x070f},
	{0x0890, 0x0891},
	{0x08e2, 0x08e2},
	{0x180e, 0x180e},
	{0x200b, 0x200f},
	{0x202a, 0x202e},
	{0x2060, 0x2064},
	{0x2066, 0x206f},
	{0xfeff, 0xfeff},
	{0xfff9, 0xfffb},
	{0x110bd, 0x110bd},
	{0x110cd, 0x110cd},
	{0x13430, 0x1343f},
	{0x1bca0, 0x1bca3},
	{0x1d173, 0x1d17a},
	{0xe0001, 0xe0001},
	{0xe0020, 0xe007f},
	/* Zs but U+0020, Zl, Zp */
	{0x00a0, 0x00a0},
	{0x1680, 0x1680},
	{0x2000, 0x200a},
	{0x202f, 0x202f},
	{0x205f, 0x205f},
	{0x3000, 0x3000},
	{0x2028, 0x2028},
	{0x2029, 0x2029},
};

static void test_is_text(void)
{
	CHECK(escape_is_text((const uint8_t *)"EHLO a\r\n\tcaf\xc3\xa9", 14));
	CHECK(escape_is_text((const uint8_t *)"", 0));
	CHECK(!escape_is_text((const uint8_t *)"\x16\x03\x01", 3));
	CHECK(!escape_is_text((const uint8_t *)"a\0b", 3));
	CHECK(!escape_is_text((const uint8_t *)"a\x7f", 2));
	CHECK(!escape_is_text((const uint8_t *)"a\xff", 2));
}

static void test_invisible_table(void)
{
	uint32_t lo, hi, prev_hi = 0x9f;

	/* Sorted and not overlapping (the lookup bisects), each range well formed. */
	for (size_t i = 0; escape_invisible_at(i, &lo, &hi); i++) {
		CHECK(lo <= hi);
		CHECK(lo > prev_hi);
		prev_hi = hi;
	}
	CHECK(escape_invisible_count() > 20);
	CHECK(!escape_invisible_at(escape_invisible_count(), &lo, &hi));
	for (size_t i = 0; i < sizeof cf_and_z / sizeof cf_and_z[0]; i++)
		for (uint32_t cp = cf_and_z[i][0]; cp <= cf_and_z[i][1]; cp++) {
			if (!escape_cp_unsafe(cp))
				fprintf(stderr, "U+%04X is invisible but not escaped\n", (unsigned)cp);
			CHECK(escape_cp_unsafe(cp));
		}
	/* The characters the issue found reaching the terminal, in a reply line. */
	ESC_IS("250 a\xe2\x80\x8b"
	       "b",
	       0, "250 a\\u{200B}b");
	ESC_IS("\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0\xef\xbb\xbf", 0, "\\u{200C}\\u{200D}\\u{2060}\\u{FEFF}");
	ESC_IS("soft\xc2\xadhyphen", 0, "soft\\u{00AD}hyphen");
	ESC_IS("\xe3\x80\x80\xc2\xa0", 0, "\\u{3000}\\u{00A0}");
	ESC_IS("tag\xf3\xa0\x81\x81", 0, "tag\\u{E0041}");
	/* JSON keeps the exact bytes: its escapes decode to the same characters (a surrogate pair above U+FFFF). */
	struct buf b;
	buf_init(&b, 256);
	struct jw w;
	jw_init(&w, &b);
	CHECK(jw_bytes(&w, (const uint8_t *)"a\xe2\x80\x8b\xf3\xa0\x81\x81", 8));
	CHECK_STR(buf_cstr(&b), "\"a\\u200b\\udb40\\udc41\"");
	buf_free(&b);
}

static void test_hexdump(void)
{
	struct buf b;
	buf_init(&b, 0);
	hexdump_row(&b, 0x10, (const uint8_t *)"220 mail.lab.tes", 16);
	CHECK_STR(buf_cstr(&b), "00000010  32 32 30 20 6d 61 69 6c  2e 6c 61 62 2e 74 65 73  |220 mail.lab.tes|");
	buf_reset(&b);
	hexdump_row(&b, 0x20, (const uint8_t *)"t\r\n\x1b\xff", 5);
	CHECK_STR(buf_cstr(&b), "00000020  74 0d 0a 1b ff                                    |t....|");
	buf_reset(&b);
	hexdump_row(&b, 0, (const uint8_t *)"", 0);
	CHECK_STR(buf_cstr(&b), "00000000                                                    ||");
	/* Rows of any length have the ASCII column in the same place. */
	buf_reset(&b);
	hexdump_row(&b, 0, (const uint8_t *)"123456789", 9);
	CHECK_INT(strchr(buf_cstr(&b), '|') - buf_cstr(&b), 60);
	buf_free(&b);
}

/* Every byte value, and EOF: only the 22 hex digits have a value. */
static void test_hex_digit(void)
{
	int digits = 0;
	for (int c = -1; c < 256; c++)
		if (hex_digit(c) >= 0)
			digits++;
	CHECK_INT(digits, 22);
	CHECK_INT(hex_digit('0'), 0);
	CHECK_INT(hex_digit('9'), 9);
	CHECK_INT(hex_digit('a'), 10);
	CHECK_INT(hex_digit('F'), 15);
	CHECK_INT(hex_digit('g'), -1);
	CHECK_INT(hex_digit((char)0xc1), -1); /* a negative char */
}

int main(void)
{
	test_plain();
	test_named();
	test_terminal_attacks();
	test_utf8();
	test_bounded();
	test_exhaustive();
	test_unescape();
	test_cp_unsafe();
	test_invisible_table();
	test_is_text();
	test_hexdump();
	test_hex_digit();
	return check_report();
}
