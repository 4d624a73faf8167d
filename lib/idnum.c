/*
 * Resident identity numbers (GB 11643-1999) and the built-in GB/T 2260
 * division names they refer to.  Pure functions: no I/O, no state.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Weights of the first 17 digits and the check character of sum mod 11. */
static const int id_weights[17] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};
static const char id_checks[] = "10X98765432";

/* Province codes that ID numbers use, as inclusive ranges. */
static const struct { int lo, hi; } id_provinces[] = {
	{ 11, 15 }, { 21, 23 }, { 31, 37 }, { 41, 46 }, { 50, 54 },
	{ 61, 65 }, { 71, 71 }, { 81, 83 }
};

/* City names that stand for "no city level here" in GB/T 2260. */
static const char *const placeholder_cities[] = {
	"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

char fdss_id_check_char(const char *digits17)
{
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (digits17[i] - '0') * id_weights[i];
	return id_checks[sum % 11];
}

int fdss_id_province_valid(int pp)
{
	size_t i;

	for (i = 0; i < NELEM(id_provinces); i++)
		if (pp >= id_provinces[i].lo && pp <= id_provinces[i].hi)
			return 1;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Characters (UTF-8 sequences) in s[0..n): bytes that start one. */
static size_t utf8_chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/* Bytes of the UTF-8 sequence that starts at s (at most n). */
static size_t utf8_len(const char *s, size_t n)
{
	size_t i = 1;

	while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

/*
 * Check that s[0..n) is all digits, but for an 'X' (or 'x') as the 18th
 * character, and name the first character that is not.
 */
static int check_chars(const char *s, size_t n, fdss_error *err)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		if (is_digit(s[i]) || (i == 17 && (s[i] == 'X' || s[i] == 'x')))
			continue;
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			return fdss_error_set(err, FDSS_EDATA,
				"character %zu is byte 0x%02X, not a digit",
				utf8_chars(s, i) + 1, c);
		return fdss_error_set(err, FDSS_EDATA,
			"character %zu is '%.*s', not a digit%s",
			utf8_chars(s, i) + 1, (int)utf8_len(s + i, n - i),
			s + i, i == 17 ? " or 'X'" : "");
	}
	return FDSS_OK;
}

/* The number of the two digits at s. */
static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Check the birth date in id[6..14) against the calendar, 1900 and ref. */
static int check_birth(fdss_date *out, const char *id, fdss_date ref,
		       fdss_error *err)
{
	int y = two(id + 6) * 100 + two(id + 8);
	int m = two(id + 10), d = two(id + 12);
	char buf[FDSS_DATE_BUFSZ];

	if (!fdss_date_valid(y, m, d))
		return fdss_error_set(err, FDSS_EDATA,
			"birth date %.8s does not exist", id + 6);
	if (y < 1900)
		return fdss_error_set(err, FDSS_EDATA,
			"birth date %.8s is before 1900", id + 6);
	*out = fdss_date_from_ymd(y, m, d);
	if (*out > ref)
		return fdss_error_set(err, FDSS_EDATA,
			"birth date %.8s is after %s", id + 6,
			fdss_date_format(buf, ref));
	return FDSS_OK;
}

static int region_cmp(const void *key, const void *elem)
{
	const struct fdss__region *r = elem;

	return strcmp(key, r->code);
}

/* The table entry for exactly code, or NULL. */
static const struct fdss__region *region_find(const char *code)
{
	return bsearch(code, fdss__regions, (size_t)fdss__nregions,
		       sizeof(fdss__regions[0]), region_cmp);
}

int fdss_id_parse(fdss_id_info *out, const char *s, fdss_date ref,
		  fdss_error *err)
{
	fdss_id_info id;
	size_t n, chars;
	int rc;

	memset(&id, 0, sizeof(id));
	if (out)
		memset(out, 0, sizeof(*out));
	if (!s)
		return fdss_error_set(err, FDSS_EINVAL, "no ID number given");
	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	chars = utf8_chars(s, n);
	if (chars != 18 && chars != 15)
		return fdss_error_set(err, FDSS_EDATA,
			"18 characters expected, got %zu", chars);
	rc = check_chars(s, n, err);
	if (rc != FDSS_OK)
		return rc;
	if (n == 15) {
		memcpy(id.id, s, 6);
		memcpy(id.id + 6, "19", 2);
		memcpy(id.id + 8, s + 6, 9);
		id.id[17] = fdss_id_check_char(id.id);
		id.upgraded = 1;
	} else {
		memcpy(id.id, s, 18);
		if (id.id[17] == 'x')
			id.id[17] = 'X';
	}
	if (!fdss_id_province_valid(two(id.id)))
		return fdss_error_set(err, FDSS_EDATA,
			"province code %.2s does not exist", id.id);
	rc = check_birth(&id.birth, id.id, ref, err);
	if (rc != FDSS_OK)
		return rc;
	if (fdss_id_check_char(id.id) != id.id[17])
		return fdss_error_set(err, FDSS_EDATA,
			"check character should be '%c', not '%c'",
			fdss_id_check_char(id.id), id.id[17]);
	id.sex = (id.id[16] - '0') % 2 ? 'M' : 'F';
	memcpy(id.region, id.id, 6);
	id.unknown_region = region_find(id.region) == NULL;
	if (out)
		*out = id;
	return FDSS_OK;
}

/* The name of the first k (2 or 4) digits of code, or NULL. */
static const char *prefix_name(const char *code, size_t k)
{
	const struct fdss__region *r;
	char head[5];

	memcpy(head, code, k);
	head[k] = '\0';
	r = region_find(head);
	return r ? r->name : NULL;
}

const char *fdss_region_name(const char *code)
{
	const struct fdss__region *r = region_find(code);

	if (r)
		return r->name;
	if (strlen(code) != 6)
		return NULL;
	if (strcmp(code + 2, "0000") == 0)
		return prefix_name(code, 2);
	if (strcmp(code + 4, "00") == 0)
		return prefix_name(code, 4);
	return NULL;
}

static int is_placeholder(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(placeholder_cities); i++)
		if (strcmp(name, placeholder_cities[i]) == 0)
			return 1;
	return 0;
}

char *fdss_region_fullname(char *buf, size_t n, const char *code6)
{
	const struct fdss__region *county;
	const char *part[3];
	size_t i, len = 0, m;

	if (n == 0)
		return NULL;
	buf[0] = '\0';
	if (strlen(code6) != 6)
		return NULL;
	county = region_find(code6);
	part[0] = prefix_name(code6, 2);
	part[1] = prefix_name(code6, 4);
	if (part[1] && is_placeholder(part[1]))
		part[1] = NULL;
	part[2] = county ? county->name : NULL;
	if (part[1] && part[2] && strcmp(part[1], part[2]) == 0)
		part[2] = NULL;		/* 东莞市 is a city without counties */
	for (i = 0; i < 3; i++) {
		if (!part[i])
			continue;
		m = strlen(part[i]);
		if (m >= n - len)
			break;		/* never cut a name inside a character */
		memcpy(buf + len, part[i], m + 1);
		len += m;
	}
	return county ? buf : NULL;
}

size_t fdss_id_normalise(char *out, const char *s, size_t n)
{
	size_t i, len = fdss_text_unexcel(out, fdss_text_narrow(out, s, n, 1));

	for (i = 0; i < len; i++)
		if (out[i] == 'x')
			out[i] = 'X';
	return len;
}
