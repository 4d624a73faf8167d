/*
 * The JSON-lines reader and typed field access for records.
 *
 * One line is held at a time (getline's buffer, reused), so memory does
 * not grow with the input.  A bad line is reported with its place and
 * skipped; the caller decides whether to go on.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/jsonl.h"
#include "fdss/text.h"

struct fdss_jsonl {
	FILE *f;		/* the stream read; not closed here */
	char *name;		/* "roster.jsonl", "<stdin>" */
	char *line;		/* the current line, NUL-terminated */
	size_t cap;		/* getline's size of line */
	size_t len;		/* length of line without its terminator */
	long lineno;		/* 1-based number of the current line */
};

int fdss_jsonl_new(fdss_jsonl **out, FILE *f, const char *name)
{
	fdss_jsonl *r;

	*out = NULL;
	if (!f || !name)
		return FDSS_EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return FDSS_ENOMEM;
	r->name = strdup(name);
	if (!r->name) {
		free(r);
		return FDSS_ENOMEM;
	}
	r->f = f;
	*out = r;
	return FDSS_OK;
}

void fdss_jsonl_free(fdss_jsonl *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->line);
	free(r);
}

long fdss_jsonl_line(const fdss_jsonl *r)
{
	return r->lineno;
}

const char *fdss_jsonl_raw(const fdss_jsonl *r, size_t *len)
{
	if (len)
		*len = r->line ? r->len : 0;
	return r->line ? r->line : "";
}

const char *fdss_jsonl_name(const fdss_jsonl *r)
{
	return r->name;
}

/* Only JSON's white space: a line of form feeds is not blank. */
static int is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/*
 * Read the next line that is not blank into r->line without its "\n" or
 * "\r\n".  FDSS_OK, FDSS_EOF or FDSS_EIO.
 */
static int read_line(fdss_jsonl *r, fdss_error *err)
{
	ssize_t n;

	do {
		errno = 0;
		n = getline(&r->line, &r->cap, r->f);
		if (n < 0) {
			r->len = 0;
			if (r->line)
				r->line[0] = '\0';
			if (ferror(r->f))
				return fdss_error_set(err, FDSS_EIO,
						      "%s:%ld: %s", r->name,
						      r->lineno + 1,
						      strerror(errno ? errno
							       : EIO));
			return FDSS_EOF;
		}
		r->lineno++;
		r->len = (size_t)n;
		if (r->len && r->line[r->len - 1] == '\n')
			r->len--;
		if (r->len && r->line[r->len - 1] == '\r')
			r->len--;
		r->line[r->len] = '\0';
	} while (is_blank(r->line, r->len));
	return FDSS_OK;
}

/* "name:line: column C: why" for a line fdss_json_check() refused. */
static int bad_line(const fdss_jsonl *r, int rc, const fdss_error *why,
		    fdss_error *err)
{
	return fdss_error_set(err, rc, "%s:%ld: %s", r->name, r->lineno,
			      why->msg);
}

/*
 * Parse the current line into an object, strictly (fdss_json_parse()).
 * Columns count bytes from 1; a UTF-8 byte-order mark at the start of a
 * line is skipped.
 */
static int parse_line(fdss_jsonl *r, cJSON **out, fdss_error *err)
{
	fdss_error why = FDSS_ERROR_INIT;
	cJSON *obj;
	int rc;

	if ((rc = fdss_json_parse(&obj, r->line, r->len, &why)))
		return bad_line(r, rc, &why, err);
	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		return fdss_error_set(err, FDSS_EDATA,
				      "%s:%ld: not a JSON object", r->name,
				      r->lineno);
	}
	*out = obj;
	return FDSS_OK;
}

int fdss_jsonl_next(fdss_jsonl *r, cJSON **out, fdss_error *err)
{
	int rc;

	*out = NULL;
	if ((rc = read_line(r, err)))
		return rc;
	return parse_line(r, out, err);
}

/* --- reading only some keys ---------------------------------------------- */

/*
 * A fast path for lines that fdss_json_check() has passed: it finds the
 * wanted members without building the rest.  Whatever it is not sure of
 * — escaped keys or surrogates, numbers longer than 63 characters, deep
 * nesting — it leaves to the whole parse.  Each returns the end of the
 * value scanned, or NULL.
 */
#define SCAN_DEPTH 32

static const char *scan_value(const char *p, const char *end, int depth);

static const char *scan_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static int hex4(const char *p, const char *end, unsigned *v)
{
	int i;

	*v = 0;
	if (end - p < 4)
		return 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v |= (unsigned)((c | 0x20) - 'a' + 10);
		else
			return 0;
	}
	return 1;
}

/* A string at p (its opening quote); *plain 0 if it has escapes. */
static const char *scan_string(const char *p, const char *end, int *plain)
{
	unsigned u;

	*plain = 1;
	for (p++; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c != '\\')
			continue;
		*plain = 0;
		if (++p == end)
			return NULL;
		if (*p == 'u') {
			if (!hex4(p + 1, end, &u) || (u >= 0xD800 && u <= 0xDFFF))
				return NULL;
			p += 4;
		} else if (!strchr("\"\\/bfnrt", *p) || !*p) {
			return NULL;
		}
	}
	return NULL;
}

static const char *scan_digits(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && *q >= '0' && *q <= '9')
		q++;
	return q > p ? q : NULL;
}

static const char *scan_number(const char *p, const char *end)
{
	const char *start = p;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (!(p = scan_digits(p, end)))
		return NULL;
	if (p < end && *p == '.' && !(p = scan_digits(p + 1, end)))
		return NULL;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!(p = scan_digits(p, end)))
			return NULL;
	}
	return p - start <= 63 ? p : NULL;
}

/* The members of an object or the elements of an array at p. */
static const char *scan_container(const char *p, const char *end, int depth)
{
	char close = *p == '{' ? '}' : ']';
	int plain;

	if (depth >= SCAN_DEPTH)
		return NULL;
	p = scan_ws(p + 1, end);
	if (p < end && *p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (p == end || *p != '"' ||
			    !(p = scan_string(p, end, &plain)))
				return NULL;
			p = scan_ws(p, end);
			if (p == end || *p++ != ':')
				return NULL;
			p = scan_ws(p, end);
		}
		if (!(p = scan_value(p, end, depth + 1)))
			return NULL;
		p = scan_ws(p, end);
		if (p < end && *p == close)
			return p + 1;
		if (p == end || *p++ != ',')
			return NULL;
		p = scan_ws(p, end);
	}
}

static const char *scan_value(const char *p, const char *end, int depth)
{
	int plain;

	if (p == end)
		return NULL;
	switch (*p) {
	case '"':
		return scan_string(p, end, &plain);
	case '{':
	case '[':
		return scan_container(p, end, depth);
	case 't':
		return end - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
	case 'f':
		return end - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
	case 'n':
		return end - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
	default:
		return scan_number(p, end);
	}
}

/* The value of a wanted key, as cJSON reads it, added to obj. */
static int add_member(cJSON *obj, const char *key, const char *v, size_t n)
{
	cJSON *item = cJSON_ParseWithLength(v, n);

	if (item && cJSON_AddItemToObject(obj, key, item))
		return 1;
	cJSON_Delete(item);
	return 0;
}

/*
 * The line as an object of only the members named in keys (the first
 * of each), when the scanner is sure of the whole line; NULL otherwise.
 */
static cJSON *scan_line(const fdss_jsonl *r, const char *const *keys)
{
	const char *p = r->line, *end = r->line + r->len, *k, *v;
	unsigned long seen = 0;
	cJSON *obj = cJSON_CreateObject();
	size_t i, kn, nkeys, klen[8 * sizeof(seen)];
	int plain;

	for (nkeys = 0; keys[nkeys] && nkeys < 8 * sizeof(seen); nkeys++)
		klen[nkeys] = strlen(keys[nkeys]);
	p = scan_ws(p, end);
	if (!obj || p == end || *p != '{')
		goto fail;
	p = scan_ws(p + 1, end);
	if (p < end && *p == '}')
		p++;
	else
		for (;;) {
			if (p == end || *p != '"' ||
			    !(v = scan_string(p, end, &plain)))
				goto fail;
			if (!plain)
				goto fail;	/* cJSON would decode the key */
			k = p + 1;
			kn = (size_t)(v - k - 1);
			p = scan_ws(v, end);
			if (p == end || *p++ != ':')
				goto fail;
			v = scan_ws(p, end);
			if (!(p = scan_value(v, end, 1)))
				goto fail;
			for (i = 0; i < nkeys; i++) {
				if (seen & (1UL << i) || klen[i] != kn ||
				    memcmp(keys[i], k, kn) != 0)
					continue;
				seen |= 1UL << i;
				if (!add_member(obj, keys[i], v, (size_t)(p - v)))
					goto fail;
			}
			p = scan_ws(p, end);
			if (p < end && *p == '}') {
				p++;
				break;
			}
			if (p == end || *p++ != ',')
				goto fail;
			p = scan_ws(p, end);
		}
	if (scan_ws(p, end) == end)
		return obj;
fail:
	cJSON_Delete(obj);
	return NULL;
}

int fdss_jsonl_next_keys(fdss_jsonl *r, cJSON **out, const char *const *keys,
			 fdss_error *err)
{
	fdss_error why = FDSS_ERROR_INIT;
	int rc;

	*out = NULL;
	if ((rc = read_line(r, err)))
		return rc;
	if ((rc = fdss_json_check(r->line, r->len, &why)))
		return bad_line(r, rc, &why, err);
	if ((*out = scan_line(r, keys)))
		return FDSS_OK;
	return parse_line(r, out, err);
}

static const char *type_name(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	return "null";
}

/*
 * The value of key in obj: FDSS_OK, or FDSS_ENOTFOUND when absent or
 * null, FDSS_EINVAL when obj is not an object.
 */
static int lookup(const cJSON *obj, const char *key, const cJSON **out,
		  fdss_error *err)
{
	const cJSON *v;

	if (!cJSON_IsObject(obj))
		return fdss_error_set(err, FDSS_EINVAL,
				      "key '%s': record is not a JSON object",
				      key);
	v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v || cJSON_IsNull(v))
		return fdss_error_set(err, FDSS_ENOTFOUND,
				      "key '%s' is missing", key);
	*out = v;
	return FDSS_OK;
}

static int wrong_type(fdss_error *err, const char *key, const char *want,
		      const cJSON *v)
{
	return fdss_error_set(err, FDSS_EDATA, "key '%s': expected %s, got %s",
			      key, want, type_name(v));
}

int fdss_json_get_string(const cJSON *obj, const char *key,
			 const char **out, fdss_error *err)
{
	const cJSON *v;
	int rc;

	if ((rc = lookup(obj, key, &v, err)))
		return rc;
	if (!cJSON_IsString(v))
		return wrong_type(err, key, "a string", v);
	*out = v->valuestring;
	return FDSS_OK;
}

int fdss_json_get_int(const cJSON *obj, const char *key, long long *out,
		      fdss_error *err)
{
	const double limit = 9007199254740992.0;	/* 2^53: exact above */
	const cJSON *v;
	double d;
	int rc;

	if ((rc = lookup(obj, key, &v, err)))
		return rc;
	if (!cJSON_IsNumber(v))
		return wrong_type(err, key, "a number", v);
	d = v->valuedouble;
	if (!(d >= -limit && d <= limit))
		return fdss_error_set(err, FDSS_EDATA,
				      "key '%s': %g is out of range", key, d);
	if (d != (double)(long long)d)
		return fdss_error_set(err, FDSS_EDATA,
				      "key '%s': expected an integer, got %g",
				      key, d);
	*out = (long long)d;
	return FDSS_OK;
}

int fdss_json_get_bool(const cJSON *obj, const char *key, int *out,
		       fdss_error *err)
{
	const cJSON *v;
	int rc;

	if ((rc = lookup(obj, key, &v, err)))
		return rc;
	if (!cJSON_IsBool(v))
		return wrong_type(err, key, "a boolean", v);
	*out = cJSON_IsTrue(v);
	return FDSS_OK;
}
