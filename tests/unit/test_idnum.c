/*
 * Resident ID numbers: the vectors of domain.md §1, the legacy upgrade,
 * the region names, and a sweep that builds thousands of valid numbers
 * and corrupts each one in every way the checker must notice.
 */
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <fdss/idnum.h>

/* The reference date of every test, as FDSS_TODAY in the CLI tests. */
#define REF fdss_date_from_ymd(2026, 11, 22)

/* An independent check character, written from the standard's text. */
static char ref_check(const char *s)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
				   5, 8, 4, 2 };
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (s[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

/* Build an 18-character number with a correct check character. */
static void make_id(char out[FDSS_ID_BUFSZ], const char *region, int y,
		    int m, int d, int seq)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), "%.6s%04d%02d%02d%03d", region, y, m, d,
		 seq);
	memcpy(out, tmp, 17);
	out[17] = ref_check(out);
	out[18] = '\0';
}

/* Parse s at REF, expecting rejection with exactly msg. */
static void expect_reject(const char *s, const char *msg)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_id_info id;

	cr_assert(eq(int, fdss_id_parse(&id, s, REF, &err), FDSS_EDATA),
		  "'%s' was accepted", s);
	cr_assert(eq(str, err.msg, (char *)msg), "'%s'", s);
}

/* Parse s at REF, expecting acceptance; returns the info. */
static fdss_id_info expect_accept(const char *s)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_id_info id;

	cr_assert(eq(int, fdss_id_parse(&id, s, REF, &err), FDSS_OK),
		  "'%s': %s", s, err.msg);
	return id;
}

static void expect_birth(fdss_date birth, int y, int m, int d)
{
	int by, bm, bd;

	fdss_date_to_ymd(birth, &by, &bm, &bd);
	cr_assert(eq(int, by, y));
	cr_assert(eq(int, bm, m));
	cr_assert(eq(int, bd, d));
}

/*
 * domain.md lists 440524188001010014 (the example of GB 11643 itself) as
 * a valid vector, yet also says a birth before 1900 is rejected: its
 * check character is right, and the number is refused for its date.
 */
Test(idnum, domain_vectors)
{
	fdss_id_info id = expect_accept("11010519491231002X");

	cr_assert(eq(str, id.id, "11010519491231002X"));
	cr_assert(eq(chr, id.sex, 'F'));
	expect_birth(id.birth, 1949, 12, 31);
	cr_assert(eq(str, id.region, "110105"));
	cr_assert(eq(int, id.unknown_region, 0));
	cr_assert(eq(int, id.upgraded, 0));

	cr_assert(eq(chr, fdss_id_check_char("11010519491231002"), 'X'));
	cr_assert(eq(chr, fdss_id_check_char("44052418800101001"), '4'));
	cr_assert(eq(chr, fdss_id_check_char("37010119010203997"), '3'));
	expect_reject("440524188001010014",
		      "birth date 18800101 is before 1900");
	id = expect_accept("440524198001010013");
	cr_assert(eq(chr, id.sex, 'M'));
	expect_birth(id.birth, 1980, 1, 1);
	cr_assert(eq(int, id.unknown_region, 1));

	id = expect_accept("370101190102039973");
	cr_assert(eq(chr, id.sex, 'M'));
	expect_birth(id.birth, 1901, 2, 3);
}

Test(idnum, lower_case_x_and_blanks)
{
	fdss_id_info id = expect_accept(" \t11010519491231002x\r\n");

	cr_assert(eq(str, id.id, "11010519491231002X"));
}

Test(idnum, null_out_and_err)
{
	cr_assert(eq(int, fdss_id_parse(NULL, NULL, REF, NULL), FDSS_EINVAL));
	cr_assert(eq(int, fdss_id_parse(NULL, "11010519491231002X", REF,
					 NULL), FDSS_OK));
	cr_assert(eq(int, fdss_id_parse(NULL, "110105194912310021", REF,
					 NULL), FDSS_EDATA));
}

Test(idnum, legacy_15_digits)
{
	fdss_id_info id = expect_accept("110105491231002");

	cr_assert(eq(str, id.id, "11010519491231002X"));
	cr_assert(eq(int, id.upgraded, 1));
	cr_assert(eq(chr, id.sex, 'F'));
	expect_birth(id.birth, 1949, 12, 31);

	expect_reject("110105490230002", "birth date 19490230 does not exist");
	expect_reject("99010549123100X",
		      "character 15 is 'X', not a digit");
}

Test(idnum, check_character_messages)
{
	expect_reject("110105194912310021",
		      "check character should be 'X', not '1'");
	expect_reject("37010119010203997X",
		      "check character should be '3', not 'X'");
	expect_reject("11010519491231002Y",
		      "character 18 is 'Y', not a digit or 'X'");
	expect_reject("11010a19491231002X",
		      "character 6 is 'a', not a digit");
	expect_reject("1101051949一231002X",
		      "character 11 is '一', not a digit");
	expect_reject("1101051949\t231002X",
		      "character 11 is byte 0x09, not a digit");
}

Test(idnum, lengths)
{
	const char *digits = "11010519491231002X11";
	char s[32];
	char msg[64];
	int n;

	for (n = 0; n <= 20; n++) {
		if (n == 15 || n == 18)
			continue;
		snprintf(s, sizeof(s), "%.*s", n, digits);
		snprintf(msg, sizeof(msg), "18 characters expected, got %d", n);
		expect_reject(s, msg);
	}
	expect_reject("１１０１０５１９４９１２３１００２Ｘ１",
		      "18 characters expected, got 19");
	expect_reject("１１０１０５１９４９１２３１００２Ｘ",
		      "character 1 is '１', not a digit");
}

Test(idnum, province_codes)
{
	static const int valid[] = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32,
		33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53,
		54, 61, 62, 63, 64, 65, 71, 81, 82, 83 };
	char s[FDSS_ID_BUFSZ], region[16], msg[64];
	int pp, listed;
	size_t i;

	for (pp = 0; pp < 100; pp++) {
		listed = 0;
		for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
			listed |= valid[i] == pp;
		cr_assert(eq(int, fdss_id_province_valid(pp), listed),
			  "%02d", pp);
		snprintf(region, sizeof(region), "%02d0105", pp);
		make_id(s, region, 1980, 6, 15, 123);
		if (listed) {
			expect_accept(s);
			continue;
		}
		snprintf(msg, sizeof(msg), "province code %02d does not exist",
			 pp);
		expect_reject(s, msg);
	}
}

Test(idnum, impossible_dates)
{
	static const int bad[][3] = {
		{ 1949, 2, 30 }, { 2000, 2, 30 }, { 2001, 4, 31 },
		{ 1999, 6, 31 }, { 1988, 9, 31 }, { 1977, 11, 31 },
		{ 1900, 2, 29 }, { 1901, 2, 29 }, { 2001, 2, 29 },
		{ 2023, 2, 29 }, { 1980, 0, 10 }, { 1980, 13, 1 },
		{ 1980, 1, 0 }, { 1980, 1, 32 }, { 1980, 99, 99 }
	};
	char s[FDSS_ID_BUFSZ], msg[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_id(s, "450521", bad[i][0], bad[i][1], bad[i][2], 37);
		snprintf(msg, sizeof(msg), "birth date %.8s does not exist",
			 s + 6);
		expect_reject(s, msg);
	}
	make_id(s, "450521", 2000, 2, 29, 37);
	expect_accept(s);
	make_id(s, "450521", 1904, 2, 29, 37);
	expect_accept(s);
}

Test(idnum, reference_date_and_1900)
{
	fdss_error err = FDSS_ERROR_INIT;
	char s[FDSS_ID_BUFSZ];

	make_id(s, "450521", 2026, 11, 22, 1);
	expect_accept(s);
	make_id(s, "450521", 2026, 11, 23, 1);
	expect_reject(s, "birth date 20261123 is after 2026-11-22");
	cr_assert(eq(int, fdss_id_parse(NULL, s, fdss_date_from_ymd(2026, 11,
					 23), &err), FDSS_OK));
	make_id(s, "450521", 2099, 1, 1, 1);
	expect_reject(s, "birth date 20990101 is after 2026-11-22");

	make_id(s, "450521", 1900, 1, 1, 1);
	expect_accept(s);
	make_id(s, "450521", 1899, 12, 31, 1);
	expect_reject(s, "birth date 18991231 is before 1900");
	make_id(s, "450521", 1000, 1, 1, 1);
	expect_reject(s, "birth date 10000101 is before 1900");
}

/* A small deterministic generator (xorshift32) for the sweep. */
static unsigned rnd(unsigned *state)
{
	unsigned x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

/* What the checker must say about s after one digit at pos changed. */
static void expected_after_change(char *msg, size_t n, const char *s)
{
	int y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 +
		(s[8] - '0') * 10 + (s[9] - '0');
	int m = (s[10] - '0') * 10 + (s[11] - '0');
	int d = (s[12] - '0') * 10 + (s[13] - '0');

	if (!fdss_id_province_valid((s[0] - '0') * 10 + (s[1] - '0')))
		snprintf(msg, n, "province code %.2s does not exist", s);
	else if (!fdss_date_valid(y, m, d))
		snprintf(msg, n, "birth date %.8s does not exist", s + 6);
	else if (y < 1900)
		snprintf(msg, n, "birth date %.8s is before 1900", s + 6);
	else if (fdss_date_from_ymd(y, m, d) > REF)
		snprintf(msg, n, "birth date %.8s is after 2026-11-22", s + 6);
	else
		snprintf(msg, n, "check character should be '%c', not '%c'",
			 ref_check(s), s[17]);
}

/* Every wrong check character, and every single-digit change. */
static void corrupt_all(const char *good)
{
	static const char checks[] = "0123456789X";
	char s[FDSS_ID_BUFSZ], msg[64];
	int i, k;

	for (i = 0; checks[i]; i++) {
		if (checks[i] == good[17])
			continue;
		memcpy(s, good, FDSS_ID_BUFSZ);
		s[17] = checks[i];
		snprintf(msg, sizeof(msg),
			 "check character should be '%c', not '%c'",
			 good[17], checks[i]);
		expect_reject(s, msg);
	}
	for (i = 0; i < 17; i++) {
		for (k = 1; k < 10; k++) {
			memcpy(s, good, FDSS_ID_BUFSZ);
			s[i] = (char)('0' + (good[i] - '0' + k) % 10);
			expected_after_change(msg, sizeof(msg), s);
			expect_reject(s, msg);
		}
	}
}

Test(idnum, sweep)
{
	static const char *const regions[] = {
		"110105", "450521", "451022", "659012", "440524", "710000",
		"810000", "820000", "830000", "500229"
	};
	fdss_date day, first = fdss_date_from_ymd(1900, 1, 1);
	char s[FDSS_ID_BUFSZ];
	unsigned state = 2463534242u;
	int y, m, d, seq, count = 0, leapdays = 0;
	fdss_id_info id;

	for (day = first; day <= REF; day += 1 + (int)(rnd(&state) % 23)) {
		fdss_date_to_ymd(day, &y, &m, &d);
		seq = (int)(rnd(&state) % 1000);
		make_id(s, regions[rnd(&state) % 10], y, m, d, seq);
		id = expect_accept(s);
		cr_assert(eq(chr, id.sex, seq % 2 ? 'M' : 'F'), "%s", s);
		cr_assert(eq(int, id.birth, day), "%s", s);
		cr_assert(eq(str, id.id, s));
		corrupt_all(s);
		count++;
	}
	for (y = 1904; y <= 2024; y += 4) {
		make_id(s, "110105", y, 2, 29, y % 1000);
		id = expect_accept(s);
		expect_birth(id.birth, y, 2, 29);
		corrupt_all(s);
		leapdays++;
	}
	cr_assert(count > 2000, "only %d numbers", count);
	cr_assert(eq(int, leapdays, 31));
}

Test(idnum, region_names)
{
	cr_assert(eq(str, (char *)fdss_region_name("45"), "广西壮族自治区"));
	cr_assert(eq(str, (char *)fdss_region_name("450000"), "广西壮族自治区"));
	cr_assert(eq(str, (char *)fdss_region_name("4505"), "北海市"));
	cr_assert(eq(str, (char *)fdss_region_name("450500"), "北海市"));
	cr_assert(eq(str, (char *)fdss_region_name("450521"), "合浦县"));
	cr_assert(eq(str, (char *)fdss_region_name("441900"), "东莞市"));
	cr_assert(eq(ptr, (void *)fdss_region_name("999999"), NULL));
	cr_assert(eq(ptr, (void *)fdss_region_name("4"), NULL));
	cr_assert(eq(ptr, (void *)fdss_region_name(""), NULL));
}

Test(idnum, region_fullnames)
{
	char buf[128];

	cr_assert(eq(str, fdss_region_fullname(buf, sizeof(buf), "450521"),
		     "广西壮族自治区北海市合浦县"));
	cr_assert(eq(str, fdss_region_fullname(buf, sizeof(buf), "110105"),
		     "北京市朝阳区"));
	cr_assert(eq(str, fdss_region_fullname(buf, sizeof(buf), "500229"),
		     "重庆市城口县"));
	cr_assert(eq(str, fdss_region_fullname(buf, sizeof(buf), "429004"),
		     "湖北省仙桃市"));
	cr_assert(eq(str, fdss_region_fullname(buf, sizeof(buf), "659012"),
		     "新疆维吾尔自治区白杨市"));
	cr_assert(eq(str, fdss_region_fullname(buf, sizeof(buf), "441900"),
		     "广东省东莞市"));
	cr_assert(eq(ptr, fdss_region_fullname(buf, sizeof(buf), "440524"),
		     NULL));
	cr_assert(eq(str, buf, "广东省汕头市"));
	cr_assert(eq(ptr, fdss_region_fullname(buf, sizeof(buf), "999999"),
		     NULL));
	cr_assert(eq(str, buf, ""));
	cr_assert(eq(ptr, fdss_region_fullname(buf, sizeof(buf), "45"),
		     NULL));
}

/* Names that do not fit are left out whole, never cut in a character. */
Test(idnum, region_fullname_small_buffer)
{
	char buf[40];

	memset(buf, '#', sizeof(buf));
	cr_assert(eq(str, fdss_region_fullname(buf, 10, "450521"), ""));
	cr_assert(eq(str, fdss_region_fullname(buf, 22, "450521"),
		     "广西壮族自治区"));
	cr_assert(eq(str, fdss_region_fullname(buf, 31, "450521"),
		     "广西壮族自治区北海市"));
	cr_assert(eq(ptr, fdss_region_fullname(buf, 0, "450521"), NULL));
}
