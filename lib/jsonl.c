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
#include "json_int.h"

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

/* The value of a wanted key, as cJSON reads it, added to obj. */
static int add_member(cJSON *obj, const char *key, const char *v, size_t n)
{
	cJSON *item = cJSON_ParseWithLength(v, n);

	if (item && cJSON_AddItemToObject(obj, key, item))
		return 1;
	cJSON_Delete(item);
	return 0;
}

/* The members the check found, in an object; NULL when out of memory. */
static cJSON *object_of(const struct fdss__json_want *w)
{
	cJSON *obj = cJSON_CreateObject();
	size_t i;

	for (i = 0; obj && i < w->nfound; i++)
		if (!add_member(obj, w->keys[w->found[i].key], w->found[i].v,
				w->found[i].n)) {
			cJSON_Delete(obj);
			obj = NULL;
		}
	return obj;
}

/*
 * One pass over the line: the strict check finds the wanted members of
 * the object as it goes, and only they are built.  A line it is not sure
 * of (not an object, a key with an escape) is parsed whole.
 */
int fdss_jsonl_next_keys(fdss_jsonl *r, cJSON **out, const char *const *keys,
			 fdss_error *err)
{
	struct fdss__json_member found[64];
	struct fdss__json_want w = { keys, found, 0, 0 };
	fdss_error why = FDSS_ERROR_INIT;
	int rc;

	*out = NULL;
	if ((rc = read_line(r, err)))
		return rc;
	if ((rc = fdss__json_check_keys(r->line, r->len, &w, &why)))
		return bad_line(r, rc, &why, err);
	if (!w.unsure && (*out = object_of(&w)))
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
