/*
 * UTF-8 validation, decoding and display width, without the locale.
 *
 * Validation follows Unicode Table 3-7 (well-formed byte sequences), so
 * overlongs, surrogates and code points above U+10FFFF are refused.  It
 * runs over every byte of an import, so runs of ASCII are skipped eight
 * bytes at a time.  Widths come from two sorted range tables taken from
 * Unicode's EastAsianWidth (W and F) and the nonspacing marks.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/text.h"

struct range {
	uint32_t lo, hi;
};

/* Zero columns: combining marks, zero-width and format characters. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 }, { 0x0610, 0x061A }, { 0x064B, 0x065F },
	{ 0x0670, 0x0670 }, { 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 },
	{ 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0E31, 0x0E31 },
	{ 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x0F71, 0x0F84 },
	{ 0x1160, 0x11FF }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x2064 },
	{ 0x20D0, 0x20FF }, { 0x302A, 0x302D }, { 0x3099, 0x309A },
	{ 0xD7B0, 0xD7FF }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F },
	{ 0xE0100, 0xE01EF },
};

/* Two columns: East Asian Wide and Fullwidth, and emoji. */
static const struct range wide[] = {
	{ 0x1100, 0x115F },	/* Hangul Jamo leading consonants */
	{ 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 }, { 0x25FD, 0x25FE },
	{ 0x2614, 0x2615 }, { 0x2648, 0x2653 }, { 0x267F, 0x267F },
	{ 0x2693, 0x2693 }, { 0x26A1, 0x26A1 }, { 0x26AA, 0x26AB },
	{ 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 }, { 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F2, 0x26F3 },
	{ 0x26F5, 0x26F5 }, { 0x26FA, 0x26FA }, { 0x26FD, 0x26FD },
	{ 0x2705, 0x2705 }, { 0x270A, 0x270B }, { 0x2728, 0x2728 },
	{ 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27B0, 0x27B0 },
	{ 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 },
	{ 0x2B55, 0x2B55 },
	{ 0x2E80, 0x303E },	/* CJK radicals, Kangxi, CJK punctuation */
	{ 0x3041, 0x33FF },	/* kana, bopomofo, Hangul compat, enclosed */
	{ 0x3400, 0x4DBF },	/* CJK extension A */
	{ 0x4E00, 0x9FFF },	/* CJK unified ideographs */
	{ 0xA000, 0xA4CF },	/* Yi */
	{ 0xA960, 0xA97F },	/* Hangul Jamo extended A */
	{ 0xAC00, 0xD7A3 },	/* Hangul syllables */
	{ 0xF900, 0xFAFF },	/* CJK compatibility ideographs */
	{ 0xFE10, 0xFE19 },	/* vertical forms */
	{ 0xFE30, 0xFE6F },	/* CJK compatibility and small forms */
	{ 0xFF00, 0xFF60 },	/* fullwidth forms */
	{ 0xFFE0, 0xFFE6 },	/* fullwidth signs */
	{ 0x16FE0, 0x16FE4 }, { 0x17000, 0x18CFF }, { 0x1B000, 0x1B16F },
	{ 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E },
	{ 0x1F191, 0x1F19A }, { 0x1F200, 0x1F2FF },
	{ 0x1F300, 0x1F64F },	/* pictographs, emoticons */
	{ 0x1F680, 0x1F6FF },	/* transport and map symbols */
	{ 0x1F7E0, 0x1F7EB },
	{ 0x1F900, 0x1F9FF },	/* supplemental symbols and pictographs */
	{ 0x1FA70, 0x1FAFF },
	{ 0x20000, 0x2FFFD },	/* CJK extensions B to F */
	{ 0x30000, 0x3FFFD },	/* CJK extension G and on */
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int in_ranges(const struct range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (cp < r[0].lo || cp > r[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * The sequence at p (n > 0 bytes, p[0] >= 0x80) per Table 3-7: its
 * length and code point, or 0 when it is ill-formed or truncated.
 */
static size_t decode_multi(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xBF;	/* range of the second byte */
	size_t len, i;
	uint32_t v;

	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong below U+0800 */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates D800-DFFF */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 1; i < len; i++) {
		if (!is_cont(p[i]))
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return len;
}

/* Index of the first byte at or after i in p[0..n) that is not ASCII. */
static size_t skip_ascii(const unsigned char *p, size_t i, size_t n)
{
	const uint64_t high = 0x8080808080808080u;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		if (w & high)
			break;
	}
	while (i < n && p[i] < 0x80)
		i++;
	return i;
}

int fdss_utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	for (;;) {
		i = skip_ascii(p, i, n);
		if (i == n)
			return 1;
		len = decode_multi(p + i, n - i, &cp);
		if (!len) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += len;
	}
}

size_t fdss_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	return decode_multi(p, n, cp);
}

int fdss_cp_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;	/* control characters take no column */
	if (in_ranges(zero_width, NELEM(zero_width), cp))
		return 0;
	if (in_ranges(wide, NELEM(wide), cp))
		return 2;
	return 1;
}

size_t fdss_text_width(const char *s, size_t n)
{
	size_t i = 0, w = 0, len;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			w++;	/* printable ASCII, the most of most text */
			i++;
			continue;
		}
		len = fdss_utf8_decode(s + i, n - i, &cp);
		if (len) {
			w += (size_t)fdss_cp_width(cp);
			i += len;
		} else {
			w++;	/* a bad byte counts 1 */
			i++;
		}
	}
	return w;
}

/* ---- decimal numbers ------------------------------------------------- */

static int set_why(const char **why, const char *what)
{
	if (why)
		*why = what;
	return FDSS_EDATA;
}

/* The length of -?(0|[1-9][0-9]*) at s, or 0. */
static size_t int_part(const char *s)
{
	size_t i = *s == '-';

	if (s[i] == '0')
		return s[i + 1] >= '0' && s[i + 1] <= '9' ? 0 : i + 1;
	if (s[i] < '1' || s[i] > '9')
		return 0;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

int fdss_int_parse(long long *out, const char *s, long long min,
		   long long max, const char **why)
{
	unsigned long long v = 0, limit;
	long long r;
	size_t i, n;
	int neg;

	if (!s || !(n = int_part(s)) || s[n])
		return set_why(why, "invalid");
	neg = *s == '-';
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	for (i = (size_t)neg; i < n; i++) {
		if (v > (limit - (unsigned long long)(s[i] - '0')) / 10)
			return set_why(why, neg ? "too small" : "too large");
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	r = v > LLONG_MAX ? LLONG_MIN : neg ? -(long long)v : (long long)v;
	if (r < min)
		return set_why(why, "too small");
	if (r > max)
		return set_why(why, "too large");
	*out = r;
	return FDSS_OK;
}

int fdss_decimal_parse(double *out, const char *s, double min, double max,
		       const char **why)
{
	size_t n;
	double v;

	if (!s || !(n = int_part(s)))
		return set_why(why, "invalid");
	if (s[n] == '.') {
		if (s[++n] < '0' || s[n] > '9')
			return set_why(why, "invalid");
		while (s[n] >= '0' && s[n] <= '9')
			n++;
	}
	if (s[n])
		return set_why(why, "invalid");
	v = strtod(s, NULL);	/* only digits, '-' and '.': the C locale's */
	if (!isfinite(v) || v < min)
		return set_why(why, !isfinite(v) && v > 0 ? "too large"
				    : "too small");
	if (v > max)
		return set_why(why, "too large");
	*out = v;
	return FDSS_OK;
}

/* --- typing variants ----------------------------------------------------- */

size_t fdss_text_narrow(char *out, const char *s, size_t n, int drop_blanks)
{
	size_t i = 0, o = 0, k;
	uint32_t cp;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (!drop_blanks || (c != ' ' && c != '\t' &&
					     c != '\r' && c != '\n'))
				out[o++] = (char)c;
			i++;
			continue;
		}
		if (!(k = fdss_utf8_decode(s + i, n - i, &cp))) {
			out[o++] = s[i++];
			continue;
		}
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			out[o++] = (char)(cp - 0xFF01 + 0x21);
		else if ((cp == 0x3000 || cp == 0xA0) && !drop_blanks)
			out[o++] = ' ';
		else if (cp != 0x3000 && cp != 0xA0 && cp != 0x200B) {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return o;
}

size_t fdss_text_unexcel(char *s, size_t n)
{
	size_t skip = 0, cut = 0;

	if (n >= 2 && (s[0] == '\'' || s[0] == '`'))
		skip = 1;
	else if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"')
		skip = 2, cut = 1;
	if (!skip)
		return n;
	memmove(s, s + skip, n - skip - cut);
	n -= skip + cut;
	s[n] = '\0';
	return n;
}
