/*
 * UTF-8 validation, decoding and display width: the classic bad
 * sequences with their offsets, an exhaustive comparison with a decoder
 * written from the bit patterns, and the widths table output relies on.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <fdss/text.h>

/* valid(s) over a string literal, embedded NULs included. */
#define VALID(lit, bad) fdss_utf8_valid(lit, sizeof(lit) - 1, bad)

Test(utf8, accepts_well_formed_text)
{
	size_t bad = 99;

	cr_assert(eq(int, VALID("", &bad), 1));
	cr_assert(eq(int, VALID("plain ASCII, long enough for words", &bad), 1));
	cr_assert(eq(int, VALID("张三 欧阳娜娜 한국 カタカナ", &bad), 1));
	cr_assert(eq(int, VALID("\xF0\xA0\x80\x80 \xF0\x9F\x98\x80", &bad), 1));
	cr_assert(eq(int, VALID("\xF4\x8F\xBF\xBF", &bad), 1));	/* U+10FFFF */
	cr_assert(eq(int, VALID("\xEF\xBF\xBF", &bad), 1));	/* U+FFFF */
	cr_assert(eq(int, VALID("a\0b", &bad), 1));
	cr_assert(eq(sz, bad, 99));	/* untouched when valid */
	cr_assert(eq(int, VALID("ok", NULL), 1));
}

Test(utf8, reports_the_first_bad_sequence)
{
	static const struct {
		const char *s;
		size_t bad;
		const char *what;
	} cases[] = {
		{ "\x80", 0, "stray continuation" },
		{ "ab\xBF", 2, "stray continuation after ASCII" },
		{ "\xC0\xAF", 0, "overlong '/' in two bytes" },
		{ "\xC1\xBF", 0, "overlong U+007F" },
		{ "\xE0\x80\xAF", 0, "overlong '/' in three bytes" },
		{ "\xE0\x9F\xBF", 0, "overlong U+07FF" },
		{ "\xF0\x80\x80\xAF", 0, "overlong '/' in four bytes" },
		{ "\xF0\x8F\xBF\xBF", 0, "overlong U+FFFF" },
		{ "x\xED\xA0\x80", 1, "high surrogate" },
		{ "\xED\xBF\xBF", 0, "low surrogate" },
		{ "\xF4\x90\x80\x80", 0, "U+110000" },
		{ "\xF5\x80\x80\x80", 0, "lead byte F5" },
		{ "\xFF", 0, "byte FF" },
		{ "\xFE", 0, "byte FE" },
		{ "张\xE4\xB8", 3, "truncated at the end" },
		{ "\xE4\xB8" "A", 0, "truncated before ASCII" },
		{ "\xF0\x9F\x98", 0, "truncated four-byte" },
		{ "\xC3", 0, "lone lead byte" },
		{ "0123456789abcdef0123\xC3(", 20, "after a long ASCII run" },
		{ "0123456\xFF", 7, "inside the first word" },
		{ "01234567\xFF", 8, "at a word boundary" },
		{ "012345678\xFF", 9, "after a word" },
		{ "张三\xE4\xB8\xAA\xC0\x80", 9, "after good multibyte" },
	};
	size_t i, bad;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = 999;
		cr_assert(eq(int, fdss_utf8_valid(cases[i].s, strlen(cases[i].s),
						  &bad), 0), "%s", cases[i].what);
		cr_assert(eq(sz, bad, cases[i].bad), "%s", cases[i].what);
	}
}

/* An independent decoder of exactly one character in p[0..n). */
static int ref_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len, i;
	uint32_t v;

	if (p[0] < 0x80)
		len = 1, v = p[0];
	else if ((p[0] & 0xE0) == 0xC0)
		len = 2, v = p[0] & 0x1F;
	else if ((p[0] & 0xF0) == 0xE0)
		len = 3, v = p[0] & 0x0F;
	else if ((p[0] & 0xF8) == 0xF0)
		len = 4, v = p[0] & 0x07;
	else
		return 0;
	if (n != len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3F);
	}
	if (len > 1 && v < min[len])
		return 0;
	if ((v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
		return 0;
	*cp = v;
	return 1;
}

/* The reference validator: 1, or 0 and the offset of the bad sequence. */
static int ref_valid(const unsigned char *p, size_t n, size_t *bad)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = p[i] < 0x80 ? 1 : p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : 4;
		if (len > n - i || !ref_decode(p + i, len, &cp)) {
			*bad = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

static void check_sequence(const unsigned char *p, size_t n)
{
	uint32_t want = 0, got = 0;
	int ok = ref_decode(p, n, &want), valid;
	size_t len = fdss_utf8_decode((const char *)p, n, &got);
	size_t bad = 0, want_bad = 0;

	if ((len == n) != ok || (ok && got != want))
		cr_fatal("%02X %02X %02X %02X (%zu bytes): decode %zu, U+%04X, "
			 "reference %d, U+%04X", p[0], n > 1 ? p[1] : 0,
			 n > 2 ? p[2] : 0, n > 3 ? p[3] : 0, n, len,
			 (unsigned)got, ok, (unsigned)want);
	valid = ref_valid(p, n, &want_bad);
	if (fdss_utf8_valid((const char *)p, n, &bad) != valid ||
	    (!valid && bad != want_bad))
		cr_fatal("%02X %02X %02X %02X (%zu bytes): valid disagrees",
			 p[0], n > 1 ? p[1] : 0, n > 2 ? p[2] : 0,
			 n > 3 ? p[3] : 0, n);
}

Test(utf8, agrees_with_a_reference_on_every_short_sequence)
{
	unsigned char p[4];
	unsigned a, b, c, d;
	static const unsigned char thirds[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F,
						0x90, 0x9F, 0xA0, 0xBF, 0xC0,
						0xFF };

	for (a = 0; a < 256; a++) {
		p[0] = (unsigned char)a;
		check_sequence(p, 1);
		for (b = 0; b < 256; b++) {
			p[1] = (unsigned char)b;
			check_sequence(p, 2);
			for (c = 0; a >= 0xE0 && c < 256; c++) {
				p[2] = (unsigned char)c;
				check_sequence(p, 3);
			}
		}
	}
	for (a = 0xF0; a < 0x100; a++)
		for (b = 0x70; b < 0xD0; b++)
			for (c = 0; c < sizeof(thirds); c++)
				for (d = 0x70; d < 0xD0; d++) {
					p[0] = (unsigned char)a;
					p[1] = (unsigned char)b;
					p[2] = thirds[c];
					p[3] = (unsigned char)d;
					check_sequence(p, 4);
				}
}

Test(utf8, decodes_every_scalar_value)
{
	unsigned char p[4];
	uint32_t cp, got;
	size_t n;

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if (cp < 0x80) {
			p[0] = (unsigned char)cp, n = 1;
		} else if (cp < 0x800) {
			p[0] = (unsigned char)(0xC0 | cp >> 6), n = 2;
		} else if (cp < 0x10000) {
			p[0] = (unsigned char)(0xE0 | cp >> 12), n = 3;
		} else {
			p[0] = (unsigned char)(0xF0 | cp >> 18), n = 4;
		}
		if (n == 4)
			p[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		if (n >= 3)
			p[n - 2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		if (n >= 2)
			p[n - 1] = (unsigned char)(0x80 | (cp & 0x3F));
		if (fdss_utf8_decode((const char *)p, n, &got) != n || got != cp)
			cr_fatal("U+%04X does not round-trip", (unsigned)cp);
		if (!fdss_utf8_valid((const char *)p, n, NULL))
			cr_fatal("U+%04X is refused", (unsigned)cp);
	}
}

Test(utf8, decode_reports_length)
{
	uint32_t cp = 0;

	cr_assert(eq(sz, fdss_utf8_decode("A", 1, &cp), 1));
	cr_assert(eq(u32, cp, 0x41));
	cr_assert(eq(sz, fdss_utf8_decode("张三", 6, &cp), 3));
	cr_assert(eq(u32, cp, 0x5F20));
	cr_assert(eq(sz, fdss_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4));
	cr_assert(eq(u32, cp, 0x1F600));
	cr_assert(eq(sz, fdss_utf8_decode("张", 2, &cp), 0));
	cr_assert(eq(sz, fdss_utf8_decode("", 0, &cp), 0));
	cr_assert(eq(sz, fdss_utf8_decode("\xED\xA0\x80", 3, &cp), 0));
}

Test(width, code_points)
{
	cr_assert(eq(int, fdss_cp_width('a'), 1));
	cr_assert(eq(int, fdss_cp_width(' '), 1));
	cr_assert(eq(int, fdss_cp_width('\t'), 0));
	cr_assert(eq(int, fdss_cp_width(0x7F), 0));
	cr_assert(eq(int, fdss_cp_width(0xE9), 1));	/* é */
	cr_assert(eq(int, fdss_cp_width(0x0301), 0));	/* combining acute */
	cr_assert(eq(int, fdss_cp_width(0x200B), 0));	/* zero width space */
	cr_assert(eq(int, fdss_cp_width(0xFE0F), 0));	/* variation selector */
	cr_assert(eq(int, fdss_cp_width(0x1100), 2));	/* Hangul jamo */
	cr_assert(eq(int, fdss_cp_width(0x3000), 2));	/* ideographic space */
	cr_assert(eq(int, fdss_cp_width(0x3001), 2));	/* 、 */
	cr_assert(eq(int, fdss_cp_width(0x300A), 2));	/* 《 */
	cr_assert(eq(int, fdss_cp_width(0x3042), 2));	/* あ */
	cr_assert(eq(int, fdss_cp_width(0x30A2), 2));	/* ア */
	cr_assert(eq(int, fdss_cp_width(0x4E00), 2));	/* 一 */
	cr_assert(eq(int, fdss_cp_width(0x9FA5), 2));
	cr_assert(eq(int, fdss_cp_width(0x3400), 2));	/* extension A */
	cr_assert(eq(int, fdss_cp_width(0xAC00), 2));	/* 가 */
	cr_assert(eq(int, fdss_cp_width(0xD7A3), 2));
	cr_assert(eq(int, fdss_cp_width(0xF900), 2));
	cr_assert(eq(int, fdss_cp_width(0xFF01), 2));	/* ！ */
	cr_assert(eq(int, fdss_cp_width(0xFF10), 2));	/* ０ */
	cr_assert(eq(int, fdss_cp_width(0xFF61), 1));	/* halfwidth 。 */
	cr_assert(eq(int, fdss_cp_width(0xFFE5), 2));	/* ￥ */
	cr_assert(eq(int, fdss_cp_width(0xFFE8), 1));
	cr_assert(eq(int, fdss_cp_width(0x1F600), 2));	/* 😀 */
	cr_assert(eq(int, fdss_cp_width(0x1F680), 2));	/* 🚀 */
	cr_assert(eq(int, fdss_cp_width(0x2705), 2));	/* ✅ */
	cr_assert(eq(int, fdss_cp_width(0x20000), 2));	/* extension B */
	cr_assert(eq(int, fdss_cp_width(0x2A6DF), 2));
	cr_assert(eq(int, fdss_cp_width(0x30000), 2));	/* extension G */
	cr_assert(eq(int, fdss_cp_width(0x2500), 1));	/* box drawing */
	cr_assert(eq(int, fdss_cp_width(0x10FFFF), 1));
}

#define WIDTH(lit) fdss_text_width(lit, sizeof(lit) - 1)

Test(width, strings)
{
	cr_assert(eq(sz, WIDTH(""), 0));
	cr_assert(eq(sz, WIDTH("Li"), 2));
	cr_assert(eq(sz, WIDTH("张三"), 4));
	cr_assert(eq(sz, WIDTH("欧阳娜娜"), 8));
	cr_assert(eq(sz, WIDTH("姓名: Li"), 8));
	cr_assert(eq(sz, WIDTH("e\xCC\x81"), 1));	/* e + combining acute */
	cr_assert(eq(sz, WIDTH("（１２）"), 8));
	cr_assert(eq(sz, WIDTH("\xFF"), 1));		/* a bad byte counts 1 */
	cr_assert(eq(sz, WIDTH("a\xE4\xB8"), 3));
	cr_assert(eq(sz, WIDTH("🙂ok"), 4));
}

/*
 * The one parser of numeric options, arguments and settings: decimal
 * only.  strtol() and strtod() took "0x96" as 150, " 5", "+5", "1e2",
 * "inf" and "nan".
 */
Test(number, whole_numbers_strictly_decimal)
{
	static const struct {
		const char *s;		/* the text */
		const char *why;	/* NULL when read */
		long long v;		/* the value when read */
	} cases[] = {
		{ "0", NULL, 0 }, { "150", NULL, 150 }, { "-7", NULL, -7 },
		{ "-0", NULL, 0 }, { "3650", NULL, 3650 },
		{ "0x96", "invalid", 0 }, { "0X96", "invalid", 0 },
		{ "010", "invalid", 0 }, { "00", "invalid", 0 },
		{ "+5", "invalid", 0 }, { " 5", "invalid", 0 },
		{ "5 ", "invalid", 0 }, { "5\n", "invalid", 0 },
		{ "5x", "invalid", 0 }, { "", "invalid", 0 },
		{ "-", "invalid", 0 }, { "--5", "invalid", 0 },
		{ "1e2", "invalid", 0 }, { "1.0", "invalid", 0 },
		{ "inf", "invalid", 0 }, { "nan", "invalid", 0 },
		{ "١٢", "invalid", 0 }, { "3651", "too large", 0 },
		{ "-1", "too small", 0 },
		{ "99999999999999999999", "too large", 0 },
		{ "-99999999999999999999", "too small", 0 },
	};
	const char *why;
	long long v;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 42;
		why = NULL;
		if (!cases[i].why) {
			cr_assert(eq(int, fdss_int_parse(&v, cases[i].s, -10,
							 3650, &why), FDSS_OK),
				  "'%s': %s", cases[i].s, why);
			cr_assert(eq(llong, v, cases[i].v));
			continue;
		}
		cr_assert(eq(int, fdss_int_parse(&v, cases[i].s,
						 cases[i].s[0] == '-' &&
						 cases[i].s[1] == '1' ? 0 : -10,
						 3650, &why), FDSS_EDATA),
			  "'%s'", cases[i].s);
		cr_assert(eq(str, (char *)why, (char *)cases[i].why),
			  "'%s'", cases[i].s);
		cr_assert(eq(llong, v, 42));
	}
	cr_assert(eq(int, fdss_int_parse(&v, "9223372036854775807", 0,
					 LLONG_MAX, NULL), FDSS_OK));
	cr_assert(eq(llong, v, LLONG_MAX));
	cr_assert(eq(int, fdss_int_parse(&v, "-9223372036854775808",
					 LLONG_MIN, 0, NULL), FDSS_OK));
	cr_assert(eq(llong, v, LLONG_MIN));
	cr_assert(eq(int, fdss_int_parse(&v, "9223372036854775808", 0,
					 LLONG_MAX, &why), FDSS_EDATA));
	cr_assert(eq(str, (char *)why, "too large"));
	cr_assert(eq(int, fdss_int_parse(&v, "-3", -10, -5, &why),
		     FDSS_EDATA));
	cr_assert(eq(str, (char *)why, "too large"));
	cr_assert(eq(int, fdss_int_parse(&v, NULL, 0, 1, NULL), FDSS_EDATA));
}

Test(number, decimals_strictly_decimal)
{
	static const char *const bad[] = {
		"0x96", "0x1p3", "1e2", "1E2", "inf", "-inf", "nan", "NAN",
		"infinity", "+7.2", " 7.2", "7.2 ", "7.", ".5", "-.5", "07.2",
		"00.5", "7,2", "7.2.1", "", "-", "1_000", "７.２",
	};
	const char *why;
	double v;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 42;
		cr_assert(eq(int, fdss_decimal_parse(&v, bad[i], -1e6, 1e6,
						     &why), FDSS_EDATA),
			  "'%s'", bad[i]);
		cr_assert(eq(str, (char *)why, "invalid"), "'%s'", bad[i]);
		cr_assert(eq(dbl, v, 42.0));
	}
	cr_assert(eq(int, fdss_decimal_parse(&v, "65.5", 0, 500, NULL),
		     FDSS_OK));
	cr_assert(eq(dbl, v, 65.5));
	cr_assert(eq(int, fdss_decimal_parse(&v, "7.2", 0, 35, NULL),
		     FDSS_OK));
	cr_assert(eq(dbl, v, 7.2));
	cr_assert(eq(int, fdss_decimal_parse(&v, "0.5", 0, 1, NULL), FDSS_OK));
	cr_assert(eq(dbl, v, 0.5));
	cr_assert(eq(int, fdss_decimal_parse(&v, "-3.25", -5, 0, NULL),
		     FDSS_OK));
	cr_assert(eq(dbl, v, -3.25));
	cr_assert(eq(int, fdss_decimal_parse(&v, "150", 0, 300, NULL),
		     FDSS_OK));
	cr_assert(eq(dbl, v, 150.0));
	cr_assert(eq(int, fdss_decimal_parse(&v, "35.01", 0, 35, &why),
		     FDSS_EDATA));
	cr_assert(eq(str, (char *)why, "too large"));
	cr_assert(eq(int, fdss_decimal_parse(&v, "-0.1", 0, 35, &why),
		     FDSS_EDATA));
	cr_assert(eq(str, (char *)why, "too small"));
	v = 0;
	cr_assert(eq(int, fdss_decimal_parse(&v, "1", 0, 1, NULL), FDSS_OK));
	cr_assert(eq(dbl, v, 1.0));
}
