/*
 * mask.c: which fields are personal (fdss_out_is_personal()) and how
 * their values are masked in table and csv (fdss_mask()): the resident
 * ID keeps its region code, a mobile number its carrier prefix, both
 * their last four characters.  Below the writers: output.c,
 * output_text.c and report_xlsx.c call it; it calls none of them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fdss/output.h"
#include "fdss/text.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !memcmp(s + n - m, suffix, m);
}

int fdss_out_is_personal(const char *key)
{
	return !strcmp(key, "id_number") || !strcmp(key, "phone") ||
	       ends_with(key, "_id_number") || ends_with(key, "_phone");
}

/* Length of the UTF-8 character at s (a bad byte is one character). */
static size_t char_len(const char *s, size_t n)
{
	uint32_t cp;
	size_t len;

	if ((unsigned char)*s < 0x80)
		return 1;	/* ASCII, the common case */
	len = fdss_utf8_decode(s, n, &cp);

	return len ? len : 1;
}

static size_t count_chars(const char *s, size_t n)
{
	size_t i = 0, k = 0;

	for (; i < n; k++)
		i += char_len(s + i, n - i);
	return k;
}

static int all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* How many leading characters of a value of nchars stay visible. */
static size_t mask_head(const char *value, size_t nchars)
{
	if (nchars == 18 || nchars == 15)
		return 6;	/* resident ID: region code stays */
	if (nchars == 11 && all_digits(value))
		return 3;	/* mobile: carrier prefix stays */
	return 0;
}

char *fdss_mask(char *buf, size_t n, const char *value)
{
	size_t len = strlen(value), nchars = count_chars(value, len);
	size_t head = mask_head(value, nchars), i = 0, k, c, o = 0;

	if (n == 0)
		return buf;
	if (nchars > 0 && nchars <= 4) {
		snprintf(buf, n, "****");
		return buf;
	}
	for (k = 0; i < len; k++, i += c) {
		c = char_len(value + i, len - i);
		if (k < head || k + 4 >= nchars) {
			if (o + c >= n)
				break;
			memcpy(buf + o, value + i, c);
			o += c;
		} else {
			if (o + 1 >= n)
				break;
			buf[o++] = '*';
		}
	}
	buf[o] = '\0';
	return buf;
}

