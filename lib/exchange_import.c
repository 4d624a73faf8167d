/*
 * fdss import of an export (fdss(7) "EXPORT RECORDS"): each record is
 * checked against its type in exchange_spec.c and stored as it is, by
 * its key, with the audit entry of what changed.  One transaction; a bad
 * record is rejected with its line and rolled back alone (a savepoint).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "internal.h"
#include "exchange_int.h"

struct ximport {
	fdss_db *db;
	const fdss_import_opts *o;
	fdss_import_stats *st;
	const char *name;	/* input name for messages */
	char county[7];		/* whose scoped codes are ours ("" none) */
	int foreign;		/* the header names another county */
	fdss_jbuf before, after;
	fdss_error e;		/* why the record at hand is refused */
	char reason[FDSS_ERRMSG_MAX + 128];
};

static int refuse(struct ximport *x, const char *key, const char *fmt,
		  const char *value)
{
	if (value)
		fdss_error_set(&x->e, FDSS_EDATA, "%s '%.80s': %s", key, value,
			       fmt);
	else
		fdss_error_set(&x->e, FDSS_EDATA, "%s: %s", key, fmt);
	return FDSS_EDATA;
}

/* --- checking ------------------------------------------------------------ */

static int check_value(struct ximport *x, const struct xfield *f,
		       const cJSON *v)
{
	fdss_error e = FDSS_ERROR_INIT;
	fdss_id_info id;
	fdss_date d;
	char day[FDSS_DATE_BUFSZ];
	double n;

	switch (f->kind) {
	case XK_INT:
		n = cJSON_IsNumber(v) ? v->valuedouble : 0.5;
		if (n != floor(n) || fabs(n) > 9007199254740991.0)
			return refuse(x, f->key, "a whole number expected", NULL);
		return FDSS_OK;
	case XK_REAL:
		return cJSON_IsNumber(v) ? FDSS_OK
			: refuse(x, f->key, "a number expected", NULL);
	case XK_BOOL:
		return cJSON_IsBool(v) ? FDSS_OK
			: refuse(x, f->key, "true or false expected", NULL);
	case XK_JSON:
		return cJSON_IsObject(v) ? FDSS_OK
			: refuse(x, f->key, "an object expected", NULL);
	default:
		break;
	}
	if (!cJSON_IsString(v))
		return refuse(x, f->key, "a string expected", NULL);
	if (f->kind == XK_DATE &&
	    (fdss_date_parse(&d, v->valuestring, &e) != FDSS_OK ||
	     strcmp(fdss_date_format(day, d), v->valuestring) != 0))
		return refuse(x, f->key, "YYYY-MM-DD expected", v->valuestring);
	if (f->kind == XK_IDNUM &&
	    (fdss_id_parse(&id, v->valuestring,
				   fdss_date_from_ymd(9999, 12, 31), &e) != FDSS_OK ||
	     strcmp(id.id, v->valuestring) != 0))
		return refuse(x, f->key, *e.msg ? e.msg : "not in the stored "
			      "form (18 characters, upper-case X)",
			      v->valuestring);
	return FDSS_OK;
}

static int known_key(const char *k, const struct xfield *f, size_t nf,
		     const struct xchild *kids, size_t nkids)
{
	size_t i;

	for (i = 0; i < nf; i++)
		if (strcmp(f[i].key, k) == 0)
			return 1;
	for (i = 0; i < nkids; i++)
		if (strcmp(kids[i].key, k) == 0)
			return 1;
	return 0;
}

/* Every key known, every required one there, each of its kind. */
static int check_object(struct ximport *x, const cJSON *obj, int top,
			const struct xfield *f, size_t nf,
			const struct xchild *kids, size_t nkids)
{
	const cJSON *v;
	size_t i;
	int rc;

	cJSON_ArrayForEach(v, obj)
		if (!(top && strcmp(v->string, "type") == 0) &&
		    !known_key(v->string, f, nf, kids, nkids))
			return refuse(x, v->string, "unknown key", NULL);
	for (i = 0; i < nf; i++) {
		v = cJSON_GetObjectItemCaseSensitive(obj, f[i].key);
		if (!v || cJSON_IsNull(v)) {
			if (f[i].flags & XF_REQ)
				return refuse(x, f[i].key, "missing", NULL);
			continue;
		}
		if ((rc = check_value(x, &f[i], v)) != FDSS_OK)
			return rc;
	}
	for (i = 0; i < nkids; i++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, kids[i].key),
			    *el;

		if (!a)
			continue;
		if (!cJSON_IsArray(a))
			return refuse(x, kids[i].key, "an array expected", NULL);
		cJSON_ArrayForEach(el, a) {
			if (!cJSON_IsObject(el))
				return refuse(x, kids[i].key, "an array of "
					      "objects expected", NULL);
			if ((rc = check_object(x, el, 0, kids[i].f, kids[i].nf,
					       NULL, 0)) != FDSS_OK)
				return rc;
		}
	}
	return FDSS_OK;
}

/* --- binding ------------------------------------------------------------- */

/*
 * A scoped id "COUNTY-<tag><n>": ours (*id = n, *origin NULL) or another
 * county's (*id 0, *origin the whole id).
 */
static int scoped_id(struct ximport *x, const struct xfield *f, const char *s,
		     char tag, int64_t *id, const char **origin)
{
	char *end;
	long long n;

	*id = 0;
	*origin = NULL;
	if (strlen(s) < 9 || fdss_area_level_of((char[7]){ s[0], s[1], s[2],
			s[3], s[4], s[5], 0 }) != FDSS_AREA_COUNTY ||
	    s[6] != '-' || s[7] != tag || s[8] < '1' || s[8] > '9' ||
	    (n = strtoll(s + 8, &end, 10)) <= 0 || *end)
		return refuse(x, f->key, tag == 'V' ? "COUNTY-V<number> expected"
			      : "COUNTY-R<number> expected", s);
	if (*x->county && strncmp(s, x->county, 6) == 0)
		*id = n;
	else
		*origin = s;
	return FDSS_OK;
}

static int64_t lookup_id(struct ximport *x, const char *sql, const char *s,
			 int *rc)
{
	sqlite3_stmt *st = fdss__db_prepare(x->db, sql);
	int64_t id = 0;
	int s2;

	if (!st) {
		*rc = fdss_db_error(x->db)->code;
		return 0;
	}
	if (fdss__bind_text(st, 1, s, 0)) {
		*rc = fdss__db_bindfail(x->db, st, "cannot import");
		return 0;
	}
	if ((s2 = sqlite3_step(st)) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (s2 != SQLITE_DONE)
		*rc = fdss__db_sqlfail(x->db, s2, "cannot import");
	sqlite3_reset(st);
	return id;
}

/* The id a reference field (XK_VREF: a visit, XK_CREF: a contract) names. */
static int ref_id(struct ximport *x, const struct xfield *f, const char *s,
		  int64_t *id)
{
	const char *other;
	int rc = FDSS_OK;

	if (f->kind == XK_VREF) {
		if ((rc = scoped_id(x, f, s, 'V', id, &other)) != FDSS_OK)
			return rc;
		if (other && !(*id = lookup_id(x, "SELECT id FROM followup"
					       " WHERE origin = ?1", s, &rc)))
			return rc ? rc : refuse(x, f->key, "no such visit", s);
		return FDSS_OK;
	}
	if (!(*id = lookup_id(x, "SELECT id FROM contract WHERE"
			      " number = ?1", s, &rc)))
		return rc ? rc : refuse(x, f->key, "no such contract", s);
	return FDSS_OK;
}

/* Bind field f's value v (NULL: absent) at *i, moving *i past it;
 * XK_VISIT and XK_REFID set *origin. */
static int bind_field(struct ximport *x, sqlite3_stmt *st, int *i,
		      const struct xfield *f, const cJSON *v,
		      const char **origin)
{
	const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
	char *text;
	int64_t id;
	int rc = FDSS_OK, b;

	if (*i > sqlite3_bind_parameter_count(st)) {
		(*i)++;		/* a statement that needs fewer (sql_clash) */
		return FDSS_OK;
	}
	if (!v || cJSON_IsNull(v))
		return sqlite3_bind_null(st, (*i)++) ? FDSS_EINTERNAL : FDSS_OK;
	switch (f->kind) {
	case XK_INT:
		b = sqlite3_bind_int64(st, *i, (int64_t)v->valuedouble);
		break;
	case XK_REAL:
		b = sqlite3_bind_double(st, *i, v->valuedouble);
		break;
	case XK_BOOL:
		b = sqlite3_bind_int(st, *i, cJSON_IsTrue(v));
		break;
	case XK_JSON:
		if (!(text = cJSON_PrintUnformatted(v)))
			return fdss__db_fail(x->db, FDSS_ENOMEM, "out of memory");
		b = sqlite3_bind_text(st, *i, text, -1, SQLITE_TRANSIENT);
		cJSON_free(text);
		break;
	case XK_TEAM:
		if (*x->county && strncmp(s, x->county, 6) == 0 &&
		    s[6] == '-' && s[7])
			s += 7;
		b = sqlite3_bind_text(st, *i, s, -1, SQLITE_TRANSIENT);
		break;
	case XK_VISIT:
	case XK_REFID:
		if ((rc = scoped_id(x, f, s, f->kind == XK_VISIT ? 'V' : 'R',
				    &id, origin)) != FDSS_OK)
			return rc;
		b = id ? sqlite3_bind_int64(st, *i, id)
		       : sqlite3_bind_null(st, *i);
		break;
	case XK_VREF:
	case XK_CREF:
		if ((rc = ref_id(x, f, s, &id)) != FDSS_OK)
			return rc;
		b = sqlite3_bind_int64(st, *i, id);
		break;
	default:
		b = sqlite3_bind_text(st, *i, s, -1, SQLITE_TRANSIENT);
	}
	(*i)++;
	return b ? fdss__db_bindfail(x->db, st, "cannot import") : FDSS_OK;
}

/* Bind the fields of obj from ?first (keys only, when keys is set). */
static int bind_all(struct ximport *x, sqlite3_stmt *st, int first, int keys,
		    const cJSON *obj, const struct xfield *f, size_t nf)
{
	const char *origin = NULL;
	size_t k;
	int i = first, rc;

	for (k = 0; k < nf; k++) {
		if (keys && !(f[k].flags & XF_KEY))
			continue;
		if ((rc = bind_field(x, st, &i, &f[k],
				     cJSON_GetObjectItemCaseSensitive(obj,
					     f[k].key), &origin)) != FDSS_OK)
			return rc;
		if (keys && (f[k].kind == XK_VISIT || f[k].kind == XK_REFID) &&
		    fdss__bind_text(st, i++, origin, 0))
			return fdss__db_bindfail(x->db, st, "cannot import");
	}
	if (!keys && origin && i <= sqlite3_bind_parameter_count(st) &&
	    fdss__bind_text(st, i, origin, 0))
		return fdss__db_bindfail(x->db, st, "cannot import");
	return FDSS_OK;
}

/* A write refused by the database (a constraint) is the record's fault. */
static int step_write(struct ximport *x, sqlite3_stmt *st)
{
	int s = sqlite3_step(st), rc = FDSS_OK;

	/* extended codes are on: SQLITE_CONSTRAINT_FOREIGNKEY and so on */
	if ((s & 0xff) == SQLITE_CONSTRAINT)
		rc = fdss_error_set(&x->e, FDSS_EDATA, "%s",
				    sqlite3_errmsg(fdss__db_sqlite(x->db)));
	else if (s != SQLITE_DONE && s != SQLITE_ROW)
		rc = fdss__db_sqlfail(x->db, s, "cannot import");
	sqlite3_reset(st);
	return rc;
}

/* --- one record ---------------------------------------------------------- */

/*
 * Read the stored record of t keyed as obj into j (j->len 0: none);
 * *parent receives a copy of its column 0 when parent is not NULL.
 */
static int read_one(struct ximport *x, const struct xtype *t,
		    const cJSON *obj, fdss_jbuf *j, sqlite3_value **parent,
		    char **key)
{
	sqlite3_stmt *st = fdss__db_prepare(x->db, t->sql_one);
	int rc, s;

	fdss_jbuf_reset(j);
	if (!st)
		return fdss_db_error(x->db)->code;
	if (fdss__bind_text(st, 1, x->county, 0))
		return fdss__db_bindfail(x->db, st, "cannot import");
	if ((rc = bind_all(x, st, 2, 1, obj, t->f, t->nf)) != FDSS_OK) {
		sqlite3_reset(st);
		return rc;
	}
	if ((s = sqlite3_step(st)) == SQLITE_ROW) {
		rc = fdss__xrecord(x->db, t, st, x->county, j);
		if (rc == FDSS_OK && parent &&
		    !(*parent = sqlite3_value_dup(sqlite3_column_value(st, 0))))
			rc = fdss__db_fail(x->db, FDSS_ENOMEM, "out of memory");
		if (rc == FDSS_OK && key &&
		    !(*key = strdup(fdss__col(st, 1))))
			rc = fdss__db_fail(x->db, FDSS_ENOMEM, "out of memory");
	} else if (s != SQLITE_DONE) {
		rc = fdss__db_sqlfail(x->db, s, "cannot import");
	}
	sqlite3_reset(st);
	return rc;
}

static int put_kids(struct ximport *x, const struct xtype *t,
		    const cJSON *obj, sqlite3_value *parent)
{
	const cJSON *el;
	sqlite3_stmt *st;
	size_t k;
	int rc;

	for (k = 0; k < t->nkids; k++)
		cJSON_ArrayForEach(el, cJSON_GetObjectItemCaseSensitive(obj,
							t->kids[k].key)) {
			if (!(st = fdss__db_prepare(x->db, t->kids[k].sql_put)))
				return fdss_db_error(x->db)->code;
			if (sqlite3_bind_value(st, 1, parent))
				return fdss__db_bindfail(x->db, st,
							 "cannot import");
			if ((rc = bind_all(x, st, 2, 0, el, t->kids[k].f,
					   t->kids[k].nf)) != FDSS_OK ||
			    (rc = step_write(x, st)) != FDSS_OK) {
				sqlite3_reset(st);
				return rc;
			}
		}
	return FDSS_OK;
}

/* A person's household must be there now: the key is checked only at
 * the commit, where no line can be named. */
static int check_household(struct ximport *x, const cJSON *obj)
{
	const char *h = cJSON_GetObjectItemCaseSensitive(obj,
			"household_no")->valuestring;
	int rc = FDSS_OK;

	if (!lookup_id(x, "SELECT 1 FROM household WHERE household_no = ?1",
		       h, &rc))
		return rc ? rc : refuse(x, "household_no", "no such household",
					h);
	return FDSS_OK;
}

/* Refuse a key that names another stored record (t->sql_clash). */
static int check_clash(struct ximport *x, const struct xtype *t,
		       const cJSON *obj)
{
	sqlite3_stmt *st;
	int rc, s;

	if (!t->sql_clash)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(x->db, t->sql_clash)))
		return fdss_db_error(x->db)->code;
	if ((rc = bind_all(x, st, 1, 0, obj, t->f, t->nf)) == FDSS_OK) {
		s = sqlite3_step(st);
		if (s == SQLITE_ROW)
			rc = refuse(x, t->f[0].key, "names a stored record "
				    "of another person or household", NULL);
		else if (s != SQLITE_DONE)
			rc = fdss__db_sqlfail(x->db, s, "cannot import");
	}
	sqlite3_reset(st);
	return rc;
}

/* Store obj, a record of t, and audit what changed. */
static int put_record(struct ximport *x, const struct xtype *t,
		      const cJSON *obj)
{
	sqlite3_value *parent = NULL;
	sqlite3_stmt *st;
	char *key = NULL, *before = NULL;
	int rc;

	if ((strcmp(t->name, "person") == 0 &&
	     (rc = check_household(x, obj)) != FDSS_OK) ||
	    (rc = check_clash(x, t, obj)) != FDSS_OK)
		return rc;
	if ((rc = read_one(x, t, obj, &x->before, NULL, NULL)) != FDSS_OK)
		return rc;
	if (x->before.len && !(before = strdup(x->before.s)))
		return fdss__db_fail(x->db, FDSS_ENOMEM, "out of memory");
	if (!(st = fdss__db_prepare(x->db, t->sql_put))) {
		rc = fdss_db_error(x->db)->code;
		goto out;
	}
	if ((rc = bind_all(x, st, 1, 0, obj, t->f, t->nf)) != FDSS_OK ||
	    (rc = step_write(x, st)) != FDSS_OK) {
		sqlite3_reset(st);
		goto out;
	}
	if ((rc = read_one(x, t, obj, &x->after, &parent, &key)) != FDSS_OK)
		goto out;
	if (t->nkids && ((rc = put_kids(x, t, obj, parent)) != FDSS_OK ||
	    (rc = read_one(x, t, obj, &x->after, NULL, NULL)) != FDSS_OK))
		goto out;
	if (!x->after.len || !key) {
		rc = fdss__db_fail(x->db, FDSS_EINTERNAL, "%s: stored but not "
				   "found again", t->name);
		goto out;
	}
	if (before && strcmp(before, x->after.s) == 0) {
		x->st->unchanged++;
		goto out;
	}
	if ((rc = fdss_audit_record(x->db, t->table, key, before, x->after.s,
				    "import of an export")) != FDSS_OK)
		goto out;
	if (before)
		x->st->updated++;
	else
		x->st->inserted++;
out:
	sqlite3_value_free(parent);
	free(key);
	free(before);
	return rc;
}

/* --- the run ------------------------------------------------------------- */

/* The header: its format, and the county when the database names none. */
static int header(struct ximport *x, const cJSON *obj, long line)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(obj, "format"),
		    *c = cJSON_GetObjectItemCaseSensitive(obj, "county");

	if (!cJSON_IsNumber(f) || f->valuedouble != 1)
		return fdss__db_fail(x->db, FDSS_EDATA, "%s:%ld: export format "
				     "%s: this fdss reads format 1", x->name,
				     line, cJSON_IsNumber(f) ? "not 1"
							     : "missing");
	if (!cJSON_IsString(c) ||
	    fdss_area_level_of(c->valuestring) != FDSS_AREA_COUNTY)
		return fdss__db_fail(x->db, FDSS_EDATA, "%s:%ld: county: 6 "
				     "digits expected", x->name, line);
	if (!*x->county)
		memcpy(x->county, c->valuestring, 7);
	x->foreign = strcmp(x->county, c->valuestring) != 0;
	return FDSS_OK;
}

static void reject(struct ximport *x, fdss_jsonl *r, const char *why)
{
	fdss_import_reject j;
	char msg[sizeof(x->reason) + 256];
	size_t n = 0;

	x->st->rejected++;
	snprintf(msg, sizeof(msg), "%s:%ld: %s", x->name, fdss_jsonl_line(r),
		 why);
	j.line = fdss_jsonl_line(r);
	j.message = msg;
	j.reason = msg + strlen(msg) - strlen(why);
	j.raw = fdss_jsonl_raw(r, &n);
	j.rawlen = n;
	if (x->o->reject)
		x->o->reject(x->o->arg, &j);
}

/* The record's name in a message: its type and first key's value. */
static void name_record(struct ximport *x, const struct xtype *t,
			const cJSON *obj)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(obj, t->f[0].key);

	if (cJSON_IsString(k))
		snprintf(x->reason, sizeof(x->reason), "%.20s '%.60s': %s",
			 t->name, k->valuestring, x->e.msg);
	else
		snprintf(x->reason, sizeof(x->reason), "%.20s: %s", t->name,
			 x->e.msg);
}

/* One line: FDSS_OK (stored or rejected) or a failure of the run. */
static int one(struct ximport *x, fdss_jsonl *r, const cJSON *obj)
{
	const cJSON *ty = cJSON_GetObjectItemCaseSensitive(obj, "type");
	const struct xtype *t;
	int rc;

	if (cJSON_IsString(ty) && strcmp(ty->valuestring, "export") == 0)
		return header(x, obj, fdss_jsonl_line(r));
	x->st->read++;
	if (!cJSON_IsString(ty) || !(t = fdss__xtype_find(ty->valuestring))) {
		snprintf(x->reason, sizeof(x->reason), "type '%.40s': not a "
			 "record of an export", cJSON_IsString(ty)
			 ? ty->valuestring : "");
		reject(x, r, x->reason);
		return FDSS_OK;
	}
	x->e.code = FDSS_OK;
	if ((rc = check_object(x, obj, 1, t->f, t->nf, t->kids,
			       t->nkids)) == FDSS_OK && x->foreign &&
	    (strcmp(t->name, "setting") == 0 || strcmp(t->name, "rule") == 0)) {
		/* a database's own: another county's leave them alone */
		x->st->unchanged++;
		return FDSS_OK;
	}
	if (rc == FDSS_OK) {
		if ((rc = fdss_db_exec(x->db, "SAVEPOINT fdss_xrec")) != FDSS_OK)
			return rc;
		rc = put_record(x, t, obj);
		if (rc != FDSS_OK &&
		    fdss_db_exec(x->db, "ROLLBACK TO fdss_xrec") != FDSS_OK)
			return fdss_db_error(x->db)->code;
		if (fdss_db_exec(x->db, "RELEASE fdss_xrec") != FDSS_OK)
			return fdss_db_error(x->db)->code;
	}
	if (rc == FDSS_OK) {
		if (strcmp(t->name, "household") == 0)
			x->st->households++;
		return FDSS_OK;
	}
	if (x->e.code != FDSS_EDATA)
		return rc;
	name_record(x, t, obj);
	reject(x, r, x->reason);
	return FDSS_OK;
}

/* msg without the "name:line: " that the reader put in front. */
static const char *after_place(const char *name, const char *msg)
{
	size_t n = strlen(name);
	const char *p;

	if (strncmp(msg, name, n) != 0 || msg[n] != ':' ||
	    !(p = strchr(msg + n + 1, ':')) || p[1] != ' ')
		return msg;
	return p + 2;
}

static int read_all(struct ximport *x, FILE *text)
{
	fdss_jsonl *r = NULL;
	fdss_error e = FDSS_ERROR_INIT;
	cJSON *obj = NULL;
	int rc;

	if ((rc = fdss_jsonl_new(&r, text, x->name)) != FDSS_OK)
		return fdss__db_fail(x->db, rc, "out of memory");
	while ((rc = fdss_jsonl_next(r, &obj, &e)) != FDSS_EOF) {
		if (rc == FDSS_EDATA) {
			x->st->read++;
			reject(x, r, after_place(x->name, e.msg));
			continue;
		}
		if (rc != FDSS_OK) {
			rc = fdss__db_fail(x->db, rc, "%s", e.msg);
			break;
		}
		rc = one(x, r, obj);
		cJSON_Delete(obj);
		obj = NULL;
		if (rc != FDSS_OK)
			break;
		if (x->o->progress && x->st->read % 4096 == 0)
			x->o->progress(x->o->arg, x->st->read, 0);
	}
	fdss_jsonl_free(r);
	return rc == FDSS_EOF ? FDSS_OK : rc;
}

static int finish(struct ximport *x, fdss_decoder *dec, int rc)
{
	fdss_error e = FDSS_ERROR_INIT;
	int committed = 0;

	if (rc == FDSS_OK && fdss_decoder_status(dec, &e) != FDSS_OK)
		rc = fdss__db_fail(x->db, FDSS_EDATA, "%s", e.msg);
	if (rc == FDSS_OK && x->st->read == 0)
		rc = fdss__db_fail(x->db, FDSS_EDATA, "%s: no records",
				   x->name);
	if (rc != FDSS_OK) {
		fdss_db_rollback(x->db);
		return rc;
	}
	fdss_decoder_sha256(dec, x->st->sha256);
	if (x->o->atomic && x->st->rejected) {
		fdss_db_rollback(x->db);
		return fdss__db_fail(x->db, FDSS_EDATA, "%s: %ld records "
				     "rejected; nothing imported (--atomic)",
				     x->name, x->st->rejected);
	}
	if (x->o->dry_run) {
		fdss_db_rollback(x->db);
		return FDSS_OK;
	}
	return fdss__batch_commit(x->db, &committed);
}

int fdss_exchange_import(fdss_db *db, FILE *in, const fdss_import_opts *o,
			 fdss_import_stats *stats)
{
	fdss_import_stats local;
	struct ximport x;
	fdss_decoder *dec = NULL;
	fdss_error e = FDSS_ERROR_INIT;
	FILE *text = NULL;
	int rc;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	memset(&x, 0, sizeof(x));
	x.db = db;
	x.o = o;
	x.st = stats;
	x.name = o->name ? o->name : "<stdin>";
	if ((rc = fdss_decoder_new(&dec, &text, in, x.name, "utf-8", &e))) {
		rc = fdss__db_fail(db, rc, "%s", e.msg);
		goto out;
	}
	/* a bigger page cache for the run, as a roster import has */
	if ((rc = fdss_db_exec(db, "PRAGMA cache_size = -131072")) != FDSS_OK ||
	    (rc = fdss_db_begin(db)) != FDSS_OK)
		goto out;
	if ((rc = fdss_county_code(db, x.county)) == FDSS_EDATA)
		rc = FDSS_OK;	/* none yet: the header's */
	if (rc == FDSS_OK)
		rc = read_all(&x, text);
	rc = finish(&x, dec, rc);
out:
	if (o->progress)
		o->progress(o->arg, -1, 0);
	fdss_jbuf_release(&x.before);
	fdss_jbuf_release(&x.after);
	fdss_decoder_free(dec);
	return rc;
}

int fdss_exchange_is_export(const char *line, size_t len)
{
	cJSON *obj = NULL;
	const cJSON *ty;
	int yes = 0;

	if (fdss_json_parse(&obj, line, len, NULL) == FDSS_OK &&
	    (ty = cJSON_GetObjectItemCaseSensitive(obj, "type")) &&
	    cJSON_IsString(ty))
		yes = strcmp(ty->valuestring, "export") == 0 ||
		      (strcmp(ty->valuestring, "person") != 0 &&
		       fdss__xtype_find(ty->valuestring));
	cJSON_Delete(obj);
	return yes;
}
