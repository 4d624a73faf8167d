/*
 * The JSON-lines reader and typed field access for records.
 *
 * One line is held at a time (getline's buffer, reused), so memory does
 * not grow with the input.  A bad line is reported with its place and
 * skipped; the caller decides whether to go on.
 *
 * Read ahead (fdss_jsonl_read_ahead()), a thread of the reader's own
 * reads and checks the lines, up to AHEAD of them before the caller,
 * each in a slot of a ring with a buffer of its own, so that checking a
 * long record overlaps what the caller does with the one before.  Each
 * line is handed over as soon as it is read, so a line typed at a
 * terminal is answered at once.  The two sides share the ring under one
 * mutex; whichever leaves last frees it, so a caller that stops early
 * need not wait for a line that may never come.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/jsonl.h"
#include "fdss/text.h"
#include "json_int.h"

struct ahead;

struct fdss_jsonl {
	FILE *f;		/* the stream read; not closed here */
	char *name;		/* "roster.jsonl", "<stdin>" */
	char *line;		/* the current line, NUL-terminated */
	size_t cap;		/* getline's size of line */
	size_t len;		/* length of line without its terminator */
	long lineno;		/* 1-based number of the current line */
	struct ahead *ahead;	/* the thread reading ahead, or NULL */
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

static void ahead_leave(struct ahead *a);

void fdss_jsonl_free(fdss_jsonl *r)
{
	if (!r)
		return;
	if (r->ahead)
		ahead_leave(r->ahead);	/* r->line is a slot's */
	else
		free(r->line);
	free(r->name);
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
 * The current line, which passed fdss_json_check(), as an object.  A
 * UTF-8 byte-order mark at the start of a line is skipped.
 */
static int build_line(fdss_jsonl *r, cJSON **out, fdss_error *err)
{
	cJSON *obj = cJSON_ParseWithLength(r->line, r->len);

	if (!obj)
		return fdss_error_set(err, FDSS_ENOMEM, "%s:%ld: out of memory",
				      r->name, r->lineno);
	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		return fdss_error_set(err, FDSS_EDATA,
				      "%s:%ld: not a JSON object", r->name,
				      r->lineno);
	}
	*out = obj;
	return FDSS_OK;
}

/* Check the current line strictly (fdss_json_check()); columns count
 * bytes from 1. */
static int check_line(const fdss_jsonl *r, fdss_error *err)
{
	fdss_error why = FDSS_ERROR_INIT;
	int rc;

	if ((rc = fdss_json_check(r->line, r->len, &why)))
		return bad_line(r, rc, &why, err);
	return FDSS_OK;
}

static int ahead_next(fdss_jsonl *r, cJSON **out, fdss_error *err);

int fdss_jsonl_next(fdss_jsonl *r, cJSON **out, fdss_error *err)
{
	int rc;

	*out = NULL;
	if (r->ahead)
		return ahead_next(r, out, err);
	if ((rc = read_line(r, err)) || (rc = check_line(r, err)))
		return rc;
	return build_line(r, out, err);
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

/* Check the current line, finding the members w wants. */
static int check_keys(const fdss_jsonl *r, struct fdss__json_want *w,
		      fdss_error *err)
{
	fdss_error why = FDSS_ERROR_INIT;
	int rc;

	if ((rc = fdss__json_check_keys(r->line, r->len, w, &why)))
		return bad_line(r, rc, &why, err);
	return FDSS_OK;
}

/* The checked line's members that w found; a line the check is not
 * sure of (not an object, a key with an escape) is parsed whole. */
static int build_keys(fdss_jsonl *r, const struct fdss__json_want *w,
		      cJSON **out, fdss_error *err)
{
	if (!w->unsure && (*out = object_of(w)))
		return FDSS_OK;
	return build_line(r, out, err);
}

/*
 * One pass over the line: the strict check finds the wanted members of
 * the object as it goes, and only they are built.
 */
int fdss_jsonl_next_keys(fdss_jsonl *r, cJSON **out, const char *const *keys,
			 fdss_error *err)
{
	struct fdss__json_member found[64];
	struct fdss__json_want w = { keys, found, 0, 0 };
	int rc;

	*out = NULL;
	if (r->ahead)
		return ahead_next(r, out, err);
	if (!keys)
		return fdss_jsonl_next(r, out, err);
	if ((rc = read_line(r, err)) || (rc = check_keys(r, &w, err)))
		return rc;
	return build_keys(r, &w, out, err);
}

/* --- reading ahead ------------------------------------------------------- */

#define AHEAD 256	/* lines read before the caller's, at most */

/*
 * A line read and checked by the thread; its objects are built by the
 * caller, so that what the caller frees the caller allocated (memory
 * freed by the other thread would take the allocator's locks).
 */
struct slot {
	char *line;		/* getline's buffer, the slot's, reused */
	size_t cap, len;
	long lineno;
	int rc;			/* FDSS_OK, FDSS_EDATA, or the end: */
	fdss_error err;		/* FDSS_EOF, FDSS_EIO */
	struct fdss__json_want w;	/* the keys found in line */
};

struct ahead {
	pthread_mutex_t mu;
	pthread_cond_t more;	/* a line was read: for the caller */
	pthread_cond_t room;	/* a slot is free: for the thread */
	fdss_jsonl src;		/* the thread's reader: stream, place */
	const char *const *keys;	/* or NULL for whole objects */
	struct fdss__json_member *found;	/* the slots' w.found */
	struct slot ring[AHEAD];
	/* line i lives in ring[i % AHEAD]: the lines below tail are read,
	 * below taken handed to the caller, below done free again (the
	 * caller holds the line it took last until it asks for the next) */
	size_t tail, taken, done;
	int want_more, want_room;	/* a side waits */
	int ended;		/* the caller took the end */
	int stop;		/* the caller has left */
	int left;		/* one side has left: the other frees */
};

/* Free a once neither side holds it. */
static void ahead_free(struct ahead *a)
{
	size_t i;

	for (i = 0; i < AHEAD; i++)
		free(a->ring[i].line);
	free(a->found);
	free(a->src.name);
	pthread_cond_destroy(&a->room);
	pthread_cond_destroy(&a->more);
	pthread_mutex_destroy(&a->mu);
	free(a);
}

/* One side leaves a: the side that leaves last frees it. */
static void ahead_release(struct ahead *a)
{
	int last;

	pthread_mutex_lock(&a->mu);
	last = a->left++;
	pthread_mutex_unlock(&a->mu);
	if (last)
		ahead_free(a);
}

static int is_end(int rc)
{
	return rc != FDSS_OK && rc != FDSS_EDATA;
}

/* Read and check the next line of a's stream into slot sl, in the slot's
 * own buffer. */
static void ahead_read(struct ahead *a, struct slot *sl)
{
	fdss_jsonl *s = &a->src;

	s->line = sl->line;
	s->cap = sl->cap;
	if ((sl->rc = read_line(s, &sl->err)) == FDSS_OK)
		sl->rc = a->keys ? check_keys(s, &sl->w, &sl->err)
			: check_line(s, &sl->err);
	sl->line = s->line;
	sl->cap = s->cap;
	sl->len = s->len;
	sl->lineno = s->lineno;
	s->line = NULL;
}

static void *ahead_run(void *arg)
{
	struct ahead *a = arg;
	struct slot *sl;
	int stop, end;

	do {
		pthread_mutex_lock(&a->mu);
		while (a->tail - a->done == AHEAD && !a->stop) {
			a->want_room = 1;
			pthread_cond_wait(&a->room, &a->mu);
		}
		stop = a->stop;
		pthread_mutex_unlock(&a->mu);
		if (stop)
			break;
		sl = &a->ring[a->tail % AHEAD];
		ahead_read(a, sl);
		end = is_end(sl->rc);
		pthread_mutex_lock(&a->mu);
		a->tail++;
		if (a->want_more) {
			a->want_more = 0;
			pthread_cond_signal(&a->more);
		}
		pthread_mutex_unlock(&a->mu);
	} while (!end);
	ahead_release(a);
	return NULL;
}

int fdss_jsonl_read_ahead(fdss_jsonl *r, const char *const *keys)
{
	pthread_attr_t attr;
	struct ahead *a;
	size_t i, n = 0;
	pthread_t t;
	int rc;

	if (r->ahead)
		return FDSS_EINVAL;
	while (keys && keys[n])
		n++;
	if (!(a = calloc(1, sizeof(*a))))
		return FDSS_ENOMEM;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->more, NULL);
	pthread_cond_init(&a->room, NULL);
	a->src = *r;
	a->src.line = NULL;
	a->src.cap = 0;
	a->src.ahead = NULL;
	a->keys = keys;
	/* the thread's own name: it may outlive r */
	if (!(a->src.name = strdup(r->name)) ||
	    (n && !(a->found = calloc(AHEAD * n, sizeof(*a->found)))) ||
	    pthread_attr_init(&attr)) {
		ahead_free(a);
		return FDSS_ENOMEM;
	}
	for (i = 0; i < AHEAD; i++) {
		a->ring[i].w.keys = keys;
		a->ring[i].w.found = a->found + i * n;
	}
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, ahead_run, a);
	pthread_attr_destroy(&attr);
	if (rc) {
		ahead_free(a);
		return FDSS_ENOMEM;
	}
	free(r->line);	/* the slots hold the lines from now on */
	r->line = NULL;
	r->ahead = a;
	return FDSS_OK;
}

/* The caller's next line: the thread's next slot, or its end again. */
static int ahead_next(fdss_jsonl *r, cJSON **out, fdss_error *err)
{
	struct ahead *a = r->ahead;
	struct slot *sl;

	if (!a->ended) {
		pthread_mutex_lock(&a->mu);
		a->done = a->taken;	/* the line taken before is done */
		if (a->want_room && a->tail - a->done <= AHEAD / 2) {
			a->want_room = 0;
			pthread_cond_signal(&a->room);
		}
		while (a->taken == a->tail) {
			a->want_more = 1;
			pthread_cond_wait(&a->more, &a->mu);
		}
		a->taken++;
		pthread_mutex_unlock(&a->mu);
	}
	sl = &a->ring[(a->taken - 1) % AHEAD];
	r->line = sl->line;
	r->len = sl->len;
	r->lineno = sl->lineno;
	if (sl->rc != FDSS_OK) {
		a->ended = is_end(sl->rc);
		if (sl->rc != FDSS_EOF && err)
			*err = sl->err;
		return sl->rc;
	}
	return a->keys ? build_keys(r, &sl->w, out, err)
		: build_line(r, out, err);
}

/* The caller leaves: the thread stops before its next line. */
static void ahead_leave(struct ahead *a)
{
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_signal(&a->room);
	pthread_mutex_unlock(&a->mu);
	ahead_release(a);
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
