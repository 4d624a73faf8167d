/*
 * Strict JSON (RFC 8259) in front of cJSON, which is lenient: it reads
 * 012 as 12, "1." and "-.5" as numbers, raw control characters in
 * strings, \u0000 (cutting the string short there), \uD800 alone and any
 * byte up to the space as white space.  fdss_json_check() is a grammar
 * check of the whole text; what passes it cJSON reads as RFC 8259 means
 * it, so every JSON input goes through fdss_json_parse().
 *
 * Limits (RFC 8259 section 9 lets a parser set them): nesting 512 deep,
 * numbers of at most 63 characters (cJSON's buffer) whose value fits a
 * double (1E400 is refused, 1E-400 reads as 0).  No string may hold
 * U+0000, escaped or raw: C strings end there.  A UTF-8 byte-order mark
 * before the value is skipped, as cJSON does.  An object may not name a
 * key twice (RFC 8259 leaves the meaning open; cJSON would keep the first
 * and an other reader the last, so a record could say two things).
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/jsonl.h"
#include "fdss/text.h"
#include "json_int.h"

#define MAX_DEPTH 512
#define MAX_NUMBER 63		/* cJSON reads at most 63 characters */
#define KEY_SHOWN 48		/* bytes of a key quoted in a message */
#define KEYS_INLINE 16		/* keys of an object compared pairwise */
#define KEYS_HASHED 256		/* keys of an object found by hashing */
#define KEYS_KEPT 32		/* keys of an object kept on the stack */

struct scan {
	const char *s;		/* the text, for columns */
	const char *p;		/* the next byte */
	const char *end;	/* one past the last byte */
	const char *key;	/* the key of the member being read, or NULL */
	size_t keylen;		/* its length in bytes, escapes undecoded */
	int depth;		/* containers open */
	int escaped;		/* the last string had an escape */
	fdss_error *err;	/* where the message goes */
	struct fdss__json_want *want;	/* members wanted, or NULL */
	size_t wantlen[64];	/* the length of each key wanted */
	uint64_t lenmask;	/* bit n: a key wanted has n bytes (n < 64) */
};

/* Fail at byte at: "column C: why". */
static int fail(struct scan *k, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct scan *k, const char *at, const char *fmt, ...)
{
	char why[FDSS_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return fdss_error_set(k->err, FDSS_EDATA, "column %zu: %s",
			      (size_t)(at - k->s) + 1, why);
}

/* What is at p, for "found ...": 'x', U+0009, the end of the input. */
static const char *found(const struct scan *k, const char *p, char *buf,
			 size_t n)
{
	unsigned char c;
	uint32_t cp;

	if (p >= k->end)
		return "the end of the input";
	c = (unsigned char)*p;
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, n, "'%c'", c);
	else if (c < 0x80)
		snprintf(buf, n, "U+%04X", c);
	else if (fdss_utf8_decode(p, (size_t)(k->end - p), &cp))
		snprintf(buf, n, "U+%04X", (unsigned)cp);
	else
		snprintf(buf, n, "a byte that is not UTF-8 (0x%02X)", c);
	return buf;
}

/* "expected WANT, found ..." at p. */
static int unexpected_at(struct scan *k, const char *p, const char *want)
{
	char buf[48];

	return fail(k, p, "expected %s, found %s", want,
		    found(k, p, buf, sizeof(buf)));
}

static int unexpected(struct scan *k, const char *want)
{
	return unexpected_at(k, k->p, want);
}

static void skip_ws(struct scan *k)
{
	while (k->p < k->end && (*k->p == ' ' || *k->p == '\t' ||
				 *k->p == '\n' || *k->p == '\r'))
		k->p++;
}

/* The bytes of the key shown in a message: whole UTF-8 characters. */
static int key_shown(const struct scan *k)
{
	size_t n = k->keylen;

	if (n > KEY_SHOWN) {
		n = KEY_SHOWN;
		while (n > 0 && ((unsigned char)k->key[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

/* U+0000 in a string at at: named by its key, which C would cut. */
static int nul_char(struct scan *k, const char *at, int in_key)
{
	if (in_key)
		return fail(k, at, "a key contains a NUL character (U+0000)");
	if (!k->key)
		return fail(k, at, "contains a NUL character (U+0000)");
	return fail(k, at, "\"%.*s%s\": contains a NUL character (U+0000)",
		    key_shown(k), k->key,
		    (size_t)key_shown(k) < k->keylen ? "..." : "");
}

static int hex4(const char *p, const char *end, unsigned *v)
{
	int i;

	*v = 0;
	if (end - p < 4)
		return 0;
	for (i = 0; i < 4; i++) {
		unsigned c = (unsigned char)p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v |= (c | 0x20) - 'a' + 10;
		else
			return 0;
	}
	return 1;
}

/* \uXXXX at k->p (the backslash), with the low half of a pair. */
static int scan_u_escape(struct scan *k, int in_key)
{
	const char *at = k->p;
	unsigned u, lo;

	if (!hex4(at + 2, k->end, &u))
		return fail(k, at, "invalid escape: \\u needs 4 hex digits");
	if (u == 0)
		return nul_char(k, at, in_key);
	k->p += 6;
	if (u >= 0xDC00 && u <= 0xDFFF)
		return fail(k, at, "lone surrogate \\u%.4s (a low half without "
			    "a high half)", at + 2);
	if (u < 0xD800 || u > 0xDBFF)
		return FDSS_OK;
	if (k->end - k->p < 6 || k->p[0] != '\\' || k->p[1] != 'u' ||
	    !hex4(k->p + 2, k->end, &lo) || lo < 0xDC00 || lo > 0xDFFF)
		return fail(k, at, "lone surrogate \\u%.4s (not followed by "
			    "a low surrogate \\uDC00-\\uDFFF)", at + 2);
	k->p += 6;
	return FDSS_OK;
}

/* k->p past the plain ASCII before the next quote, backslash, control
 * character or non-ASCII byte (or the end): eight bytes at a time. */
static void skip_plain(struct scan *k)
{
	const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
	uint64_t w, q, b, m;

	while (k->end - k->p >= 8) {
		memcpy(&w, k->p, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		/* the high bit of each byte under 0x20, over 0x7F, '"' or
		 * '\\' (and perhaps after one, a borrow): the lowest is it */
		m = ((w - ones * 0x20) | w | (q - ones) | (b - ones)) & high;
		if (m) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			k->p += __builtin_ctzll(m) / 8;
			return;
#else
			break;
#endif
		}
		k->p += 8;
	}
	while (k->p < k->end && (unsigned char)*k->p >= 0x20 &&
	       (unsigned char)*k->p < 0x80 && *k->p != '"' && *k->p != '\\')
		k->p++;
}

/* Three UTF-8 bytes at p whose lead (E1-EC, EE-EF) needs only two
 * continuation bytes (decode_multi() in text.c): most Chinese text. */
static int plain_utf8_3(const struct scan *k, const unsigned char *p)
{
	return k->end - k->p >= 3 && p[0] >= 0xE1 && p[0] <= 0xEF &&
	       p[0] != 0xED && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80;
}

/* A string at k->p (its opening quote). */
static int scan_string(struct scan *k, int in_key)
{
	const char *start = k->p;
	char buf[48];
	uint32_t cp;
	size_t n;
	int rc;

	k->escaped = 0;
	for (k->p++; skip_plain(k), k->p < k->end;) {
		unsigned char c = (unsigned char)*k->p;

		if (plain_utf8_3(k, (const unsigned char *)k->p)) {
			k->p += 3;
			continue;
		}
		if (c == '"') {
			k->p++;
			return FDSS_OK;
		}
		if (c == 0)
			return nul_char(k, k->p, in_key);
		if (c < 0x20)
			return fail(k, k->p, "control character U+%04X in a "
				    "string: write it as an escape", c);
		if (c >= 0x80) {
			n = fdss_utf8_decode(k->p, (size_t)(k->end - k->p),
					     &cp);
			if (!n)
				return fail(k, k->p, "invalid UTF-8");
			k->p += n;
		} else if (k->p + 1 < k->end && k->p[1] == 'u') {
			k->escaped = 1;
			if ((rc = scan_u_escape(k, in_key)))
				return rc;
		} else if (k->p + 1 < k->end && k->p[1] &&
			   strchr("\"\\/bfnrt", k->p[1])) {
			k->escaped = 1;
			k->p += 2;
		} else {
			return fail(k, k->p, "invalid escape: '\\' followed "
				    "by %s", found(k, k->p + 1, buf,
						   sizeof(buf)));
		}
	}
	return fail(k, start, "unterminated string");
}

static int is_digit(const struct scan *k, const char *p)
{
	return p < k->end && *p >= '0' && *p <= '9';
}

static const char *skip_digits(const struct scan *k, const char *p)
{
	while (is_digit(k, p))
		p++;
	return p;
}

/* The number at k->p: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int scan_number(struct scan *k)
{
	const char *start = k->p, *p = k->p;
	char buf[MAX_NUMBER + 1];

	if (*p == '-')
		p++;
	if (!is_digit(k, p))
		return unexpected_at(k, p, "a digit after '-'");
	if (*p == '0' && is_digit(k, p + 1))
		return fail(k, p, "leading zero in number");
	p = skip_digits(k, p);
	if (p < k->end && *p == '.') {
		if (!is_digit(k, ++p))
			return unexpected_at(k, p, "a digit after the "
					     "decimal point");
		p = skip_digits(k, p);
	}
	if (p < k->end && (*p == 'e' || *p == 'E')) {
		if (++p < k->end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(k, p))
			return unexpected_at(k, p, "a digit in the exponent");
		p = skip_digits(k, p);
	}
	if (p < k->end && (*p == '.' || *p == '+' || *p == '-' ||
			   (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return unexpected_at(k, p, "the end of the number");
	if (p - start > MAX_NUMBER)
		return fail(k, start, "number longer than %d characters",
			    MAX_NUMBER);
	/* without an exponent, 63 digits at most stay below 1E63 */
	memcpy(buf, start, (size_t)(p - start));
	buf[p - start] = '\0';
	if (strpbrk(buf, "eE") && isinf(strtod(buf, NULL)))
		return fail(k, start, "number out of range");
	k->p = p;
	return FDSS_OK;
}

static int scan_literal(struct scan *k, const char *word, size_t n)
{
	if ((size_t)(k->end - k->p) < n || memcmp(k->p, word, n) != 0)
		return fail(k, k->p, "invalid literal: expected true, false "
			    "or null");
	k->p += n;
	return FDSS_OK;
}

static int scan_value(struct scan *k);

/* A key as it stands in the text (between the quotes, escapes as written). */
struct key {
	const char *raw;
	size_t n;
	int escaped;	/* it has a backslash */
};

/* The next character of a checked string's text at *p, decoded. */
static uint32_t key_char(const char **p)
{
	const char *s = *p;
	unsigned u, lo;
	uint32_t cp;

	if (*s != '\\') {
		size_t n = fdss_utf8_decode(s, 4, &cp);

		*p = s + (n ? n : 1);
		return n ? cp : (unsigned char)*s;
	}
	*p = s + 2;
	switch (s[1]) {
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'u':
		hex4(s + 2, s + 6, &u);
		*p = s + 6;
		if (u < 0xD800 || u > 0xDBFF)
			return u;
		hex4(s + 8, s + 12, &lo);
		*p = s + 12;
		return 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
	default:
		return (unsigned char)s[1];
	}
}

/* Do two checked keys name the same string ("a" and "\u0061" do)? */
static int key_eq(const struct key *a, const struct key *b)
{
	const char *p = a->raw, *q = b->raw;

	if (!memchr(p, '\\', a->n) && !memchr(q, '\\', b->n))
		return a->n == b->n && memcmp(p, q, a->n) == 0;
	while (p < a->raw + a->n && q < b->raw + b->n)
		if (key_char(&p) != key_char(&q))
			return 0;
	return p == a->raw + a->n && q == b->raw + b->n;
}

/* Order of keys by their decoded characters, then by place. */
static int key_cmp(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	const char *p = a->raw, *q = b->raw;
	int r;

	/* without escapes, UTF-8's byte order is the characters' order */
	if (!memchr(p, '\\', a->n) && !memchr(q, '\\', b->n)) {
		r = memcmp(p, q, a->n < b->n ? a->n : b->n);
		if (r || a->n != b->n)
			return r ? r : a->n < b->n ? -1 : 1;
		return a->raw < b->raw ? -1 : a->raw > b->raw;
	}
	while (p < a->raw + a->n && q < b->raw + b->n) {
		uint32_t c = key_char(&p), d = key_char(&q);

		if (c != d)
			return c < d ? -1 : 1;
	}
	if (p < a->raw + a->n || q < b->raw + b->n)
		return p < a->raw + a->n ? 1 : -1;
	return a->raw < b->raw ? -1 : a->raw > b->raw;
}

/* A key's slot in a table of mask + 1: by its length and three bytes. */
static size_t key_hash(const struct key *key, size_t mask)
{
	const unsigned char *r = (const unsigned char *)key->raw;
	size_t n = key->n;

	if (!n)
		return 0;
	return (((n * 31 + r[0]) * 31 + r[n / 2]) * 31 + r[n - 1]) & mask;
}

/*
 * The first key of keys[0..m) (in text order) named before, when no key
 * has an escape (then equal keys are equal bytes) and m <= KEYS_HASHED:
 * *done 0 otherwise.  A hash table of at least twice m slots, not a
 * sort: a record of 30 keys is read once a line.
 */
static const struct key *key_twice_plain(const struct key *keys, size_t m,
					 int *done)
{
	uint16_t slot[2 * KEYS_HASHED];
	size_t i, h, mask = 63;

	*done = 0;
	if (m > KEYS_HASHED)
		return NULL;
	for (i = 0; i < m; i++)
		if (keys[i].escaped)
			return NULL;
	while (mask + 1 < 2 * m)
		mask = 2 * mask + 1;
	memset(slot, 0, (mask + 1) * sizeof(*slot));
	*done = 1;
	for (i = 0; i < m; i++) {
		for (h = key_hash(&keys[i], mask); slot[h];
		     h = (h + 1) & mask) {
			const struct key *o = &keys[slot[h] - 1];

			if (o->n == keys[i].n &&
			    memcmp(o->raw, keys[i].raw, o->n) == 0)
				return &keys[i];
		}
		slot[h] = (uint16_t)(i + 1);
	}
	return NULL;
}

/* The second naming of a key in keys[0..m), or NULL when each is once. */
static const struct key *key_twice(struct key *keys, size_t m)
{
	const struct key *dup = NULL;
	size_t i, j;
	int done;

	if (m > KEYS_INLINE && (dup = key_twice_plain(keys, m, &done), done))
		return dup;
	if (m <= KEYS_INLINE) {
		for (j = 1; j < m && !dup; j++)
			for (i = 0; i < j && !dup; i++)
				if (key_eq(&keys[i], &keys[j]))
					dup = &keys[j];
		return dup;
	}
	qsort(keys, m, sizeof(*keys), key_cmp);
	for (i = 1; i < m; i++)
		if (key_eq(&keys[i - 1], &keys[i]) &&
		    (!dup || keys[i].raw < dup->raw))
			dup = &keys[i];
	return dup;
}

/* Remember key k->key in *keys (inline first, then on the heap). */
static int key_keep(struct scan *k, struct key **keys, size_t *m,
		    size_t *cap, struct key *inline_keys)
{
	if (*m == *cap) {
		size_t ncap = *cap * 2;
		struct key *nk = *keys == inline_keys ? NULL : *keys;

		if (!(nk = realloc(nk, ncap * sizeof(*nk))))
			return fdss_error_set(k->err, FDSS_ENOMEM,
					      "out of memory");
		if (*keys == inline_keys)
			memcpy(nk, inline_keys, *m * sizeof(*nk));
		*keys = nk;
		*cap = ncap;
	}
	(*keys)[*m].raw = k->key;
	(*keys)[*m].escaped = k->escaped;
	(*keys)[(*m)++].n = k->keylen;
	return FDSS_OK;
}

/* The member of the top-level object whose key k->key is and whose
 * value is at v..k->p: kept when it is wanted (and not seen before). */
static void want_member(struct scan *k, int escaped, const char *v)
{
	struct fdss__json_want *w = k->want;
	size_t i, j;

	if (escaped) {
		w->unsure = 1;	/* cJSON would decode the key */
		return;
	}
	if (k->keylen < 64 && !(k->lenmask >> k->keylen & 1))
		return;
	for (i = 0; w->keys[i] && i < 64; i++) {
		if (k->wantlen[i] != k->keylen ||
		    memcmp(w->keys[i], k->key, k->keylen) != 0)
			continue;
		for (j = 0; j < w->nfound && w->found[j].key != i; j++)
			;
		if (j == w->nfound) {
			w->found[w->nfound].key = i;
			w->found[w->nfound].v = v;
			w->found[w->nfound++].n = (size_t)(k->p - v);
		}
		return;
	}
}

static int scan_member_list(struct scan *k, struct key **keys, size_t *m,
			    size_t *cap, struct key *inline_keys)
{
	const char *v;
	int rc, escaped;

	for (;;) {
		skip_ws(k);
		if (k->p == k->end || *k->p != '"')
			return unexpected(k, "a key in double quotes");
		k->key = k->p + 1;
		if ((rc = scan_string(k, 1)))
			return rc;
		k->keylen = (size_t)(k->p - k->key - 1);
		escaped = k->escaped;
		if ((rc = key_keep(k, keys, m, cap, inline_keys)))
			return rc;
		skip_ws(k);
		if (k->p == k->end || *k->p != ':')
			return unexpected(k, "':' after the key");
		k->p++;
		skip_ws(k);
		v = k->p;
		if ((rc = scan_value(k)))
			return rc;
		if (k->want && k->depth == 1)
			want_member(k, escaped, v);
		skip_ws(k);
		if (k->p < k->end && *k->p == '}')
			return FDSS_OK;
		if (k->p == k->end || *k->p != ',')
			return unexpected(k, "',' or '}'");
		k->p++;
	}
}

static int scan_members(struct scan *k)
{
	struct key inline_keys[KEYS_KEPT], *keys = inline_keys;
	const struct key *dup;
	const char *key = k->key;
	size_t keylen = k->keylen, m = 0, cap = KEYS_KEPT;
	int rc;

	rc = scan_member_list(k, &keys, &m, &cap, inline_keys);
	if (!rc && (dup = key_twice(keys, m))) {
		k->key = dup->raw;
		k->keylen = dup->n;
		rc = fail(k, dup->raw - 1, "duplicate key \"%.*s%s\"",
			  key_shown(k), k->key,
			  (size_t)key_shown(k) < k->keylen ? "..." : "");
	}
	if (keys != inline_keys)
		free(keys);
	if (rc)
		return rc;
	k->p++;
	k->key = key;
	k->keylen = keylen;
	return FDSS_OK;
}

static int scan_elements(struct scan *k)
{
	int rc;

	for (;;) {
		if ((rc = scan_value(k)))
			return rc;
		skip_ws(k);
		if (k->p < k->end && *k->p == ']')
			break;
		if (k->p == k->end || *k->p != ',')
			return unexpected(k, "',' or ']'");
		k->p++;
	}
	k->p++;
	return FDSS_OK;
}

/* An object or array at k->p; an empty one, or its members. */
static int scan_container(struct scan *k)
{
	char close = *k->p == '{' ? '}' : ']';
	int rc;

	if (++k->depth > MAX_DEPTH)
		return fail(k, k->p, "nested deeper than %d levels",
			    MAX_DEPTH);
	k->p++;
	skip_ws(k);
	if (k->p < k->end && *k->p == close) {
		k->p++;
		rc = FDSS_OK;
	} else {
		rc = close == '}' ? scan_members(k) : scan_elements(k);
	}
	k->depth--;
	return rc;
}

static int scan_value(struct scan *k)
{
	skip_ws(k);
	if (k->p == k->end)
		return unexpected(k, "a value");
	switch (*k->p) {
	case '"':
		return scan_string(k, 0);
	case '{':
	case '[':
		return scan_container(k);
	case 't':
		return scan_literal(k, "true", 4);
	case 'f':
		return scan_literal(k, "false", 5);
	case 'n':
		return scan_literal(k, "null", 4);
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return scan_number(k);
	default:
		return unexpected(k, "a value");
	}
}

int fdss__json_check_keys(const char *text, size_t n,
			  struct fdss__json_want *w, fdss_error *err)
{
	struct scan k = { .s = text, .p = text, .end = text + n, .err = err,
			  .want = w };
	size_t i;
	int rc;

	if (w) {
		w->nfound = 0;
		w->unsure = 0;
		for (i = 0; w->keys[i] && i < 64; i++) {
			k.wantlen[i] = strlen(w->keys[i]);
			if (k.wantlen[i] < 64)
				k.lenmask |= (uint64_t)1 << k.wantlen[i];
		}
	}
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		k.p += 3;
	skip_ws(&k);
	if (w && (k.p == k.end || *k.p != '{'))
		w->unsure = 1;	/* not an object */
	if ((rc = scan_value(&k)))
		return rc;
	skip_ws(&k);
	if (k.p < k.end)
		return unexpected(&k, "the end after the value");
	return FDSS_OK;
}

int fdss_json_check(const char *text, size_t n, fdss_error *err)
{
	return fdss__json_check_keys(text, n, NULL, err);
}

int fdss_json_parse(cJSON **out, const char *text, size_t n,
		    fdss_error *err)
{
	int rc;

	*out = NULL;
	if ((rc = fdss_json_check(text, n, err)))
		return rc;
	if (!(*out = cJSON_ParseWithLength(text, n)))
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	return FDSS_OK;
}
