/*
 * jbuf.c: compact JSON text for records, written the way cJSON prints
 * them (see fdss/jbuf.h).
 */
#include <float.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/error.h"
#include "fdss/jbuf.h"
#include "internal.h"

void fdss_jbuf_reset(fdss_jbuf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->s)
		b->s[0] = '\0';
}

void fdss_jbuf_release(fdss_jbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

int fdss_jbuf_rc(const fdss_jbuf *b)
{
	return b->failed ? FDSS_ENOMEM : FDSS_OK;
}

/* Room for n more bytes and a NUL; 0 (and failed set) if there is none. */
static int room(fdss_jbuf *b, size_t n)
{
	size_t cap;
	char *s;

	if (b->failed)
		return 0;
	if (b->len + n + 1 <= b->cap)
		return 1;
	for (cap = b->cap ? b->cap : 256; cap < b->len + n + 1; cap *= 2)
		;
	if (!(s = realloc(b->s, cap))) {
		b->failed = 1;
		return 0;
	}
	b->s = s;
	b->cap = cap;
	return 1;
}

static void add(fdss_jbuf *b, const char *s, size_t n)
{
	if (!room(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* A comma before a key or value that follows another value. */
static void sep(fdss_jbuf *b)
{
	char last;

	if (!b->len)
		return;
	last = b->s[b->len - 1];
	if (last != '{' && last != '[' && last != ':')
		add(b, ",", 1);
}

void fdss_jbuf_open(fdss_jbuf *b, char c)
{
	sep(b);
	add(b, &c, 1);
}

void fdss_jbuf_close(fdss_jbuf *b, char c)
{
	add(b, &c, 1);
}

/* s as a string literal, escaped as cJSON's print_string_ptr() does:
 * the short escapes, \u00xx for other control characters, the rest
 * (UTF-8 included) as it is; then the byte after, if any (':'). */
static void quote(fdss_jbuf *b, const char *s, char after)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	char *o;

	if (!room(b, 6 * strlen(s) + 3))
		return;
	o = b->s + b->len;
	*o++ = '"';
	for (; *p; p++) {
		unsigned char c = *p;

		if (c >= 0x20 && c != '"' && c != '\\') {
			*o++ = (char)c;
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			memcpy(o, "u00", 3);
			o[3] = hex[c >> 4];
			o[4] = hex[c & 15];
			o += 5;
		}
	}
	*o++ = '"';
	if (after)
		*o++ = after;
	*o = '\0';
	b->len = (size_t)(o - b->s);
}

void fdss_jbuf_key(fdss_jbuf *b, const char *key)
{
	sep(b);
	quote(b, key, ':');
}

void fdss_jbuf_str(fdss_jbuf *b, const char *s)
{
	sep(b);
	if (s)
		quote(b, s, '\0');
	else
		add(b, "null", 4);
}

/* cJSON's test that a number read back is the number printed. */
static int near(double a, double b)
{
	double fa = a < 0 ? -a : a, fb = b < 0 ? -b : b, d = a - b;

	return (d < 0 ? -d : d) <= (fa > fb ? fa : fb) * DBL_EPSILON;
}

/*
 * As cJSON prints the double v: "%d" when it fits an int, otherwise 15
 * significant digits, or 17 when 15 do not give v back.
 */
void fdss_jbuf_int(fdss_jbuf *b, int64_t v)
{
	char buf[32], *p = buf + sizeof(buf);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	double d = (double)v;

	sep(b);
	if (v < INT_MIN || v > INT_MAX) {
		snprintf(buf, sizeof(buf), "%1.15g", d);
		if (!near(strtod(buf, NULL), d))
			snprintf(buf, sizeof(buf), "%1.17g", d);
		add(b, buf, strlen(buf));
		return;
	}
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	add(b, p, (size_t)(buf + sizeof(buf) - p));
}

void fdss_jbuf_bool(fdss_jbuf *b, int v)
{
	sep(b);
	if (v)
		add(b, "true", 4);
	else
		add(b, "false", 5);
}

void fdss_jbuf_null(fdss_jbuf *b)
{
	sep(b);
	add(b, "null", 4);
}

void fdss_jbuf_raw(fdss_jbuf *b, const char *text, size_t n)
{
	sep(b);
	add(b, text, n);
}

void fdss_jbuf_add(fdss_jbuf *b, const char *s, size_t n)
{
	add(b, s, n);
}

int fdss_jbuf_reserve(fdss_jbuf *b, size_t n)
{
	return room(b, n) ? FDSS_OK : FDSS_ENOMEM;
}

void fdss_jbuf_fields(fdss_jbuf *b, const fdss_jfield *f, size_t n)
{
	size_t i;

	fdss_jbuf_open(b, '{');
	for (i = 0; i < n; i++) {
		fdss_jbuf_key(b, f[i].key);
		if (f[i].kind == FDSS_JFIELD_STR)
			quote(b, f[i].s, '\0');
		else if (f[i].kind == FDSS_JFIELD_JSON)
			add(b, f[i].s, f[i].n);
		else
			add(b, "null", 4);
	}
	fdss_jbuf_close(b, '}');
}

void fdss_jbuf_kstr(fdss_jbuf *b, const char *key, const char *s)
{
	fdss_jbuf_key(b, key);
	fdss_jbuf_str(b, s);
}

void fdss_jbuf_kint(fdss_jbuf *b, const char *key, int64_t v)
{
	fdss_jbuf_key(b, key);
	fdss_jbuf_int(b, v);
}

/* ---- cJSON field helpers (internal.h) ------------------------------- */

static int put(cJSON *rec, const char *key, cJSON *item)
{
	if (item && cJSON_AddItemToObjectCS(rec, key, item))
		return 1;
	cJSON_Delete(item);
	return 0;
}

int fdss__put_str(cJSON *rec, const char *key, const char *s)
{
	return put(rec, key, s && *s ? cJSON_CreateString(s)
				     : cJSON_CreateNull());
}

int fdss__put_int(cJSON *rec, const char *key, int64_t n, int null)
{
	return put(rec, key, null ? cJSON_CreateNull()
				  : cJSON_CreateNumber((double)n));
}

int fdss__put_bool(cJSON *rec, const char *key, int b)
{
	return put(rec, key, cJSON_CreateBool(b));
}
