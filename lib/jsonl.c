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

static int is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f'
		    && s[i] != '\v')
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

/*
 * Parse the current line into an object.  Columns count bytes from 1;
 * cJSON itself skips a UTF-8 byte-order mark at the start of a line.
 */
static int parse_line(fdss_jsonl *r, cJSON **out, fdss_error *err)
{
	size_t bad;
	const char *end = NULL, *nul;
	cJSON *obj;

	if (!fdss_utf8_valid(r->line, r->len, &bad))
		return fdss_error_set(err, FDSS_EDATA,
				      "%s:%ld: invalid UTF-8 at column %zu",
				      r->name, r->lineno, bad + 1);
	nul = memchr(r->line, '\0', r->len);
	if (nul)
		return fdss_error_set(err, FDSS_EDATA,
				      "%s:%ld: invalid JSON at column %zu",
				      r->name, r->lineno,
				      (size_t)(nul - r->line) + 1);
	/* The length counts the NUL, or cJSON refuses every line. */
	obj = cJSON_ParseWithLengthOpts(r->line, r->len + 1, &end, 1);
	if (!obj)
		return fdss_error_set(err, FDSS_EDATA,
				      "%s:%ld: invalid JSON at column %zu",
				      r->name, r->lineno,
				      end ? (size_t)(end - r->line) + 1 : 1);
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
