/*
 * fdss export: the exchange format (fdss(7) "EXPORT RECORDS") written
 * from the record types of exchange_spec.c, one JSON line per record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "internal.h"
#include "exchange_int.h"

static const struct {
	const char *name;
	int what;
} operands[] = {
	{ "persons", FDSS_EXPORT_PERSONS },
	{ "households", FDSS_EXPORT_HOUSEHOLDS },
	{ "teams", FDSS_EXPORT_TEAMS },
	{ "contracts", FDSS_EXPORT_CONTRACTS },
	{ "followups", FDSS_EXPORT_FOLLOWUPS },
	{ "referrals", FDSS_EXPORT_REFERRALS },
	{ "conditions", FDSS_EXPORT_CONDITIONS },
	{ "reference", FDSS_EXPORT_REFERENCE },
	{ "all", FDSS_EXPORT_ALL },
};

int fdss_export_what_parse(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(operands) / sizeof(operands[0]); i++)
		if (strcmp(operands[i].name, name) == 0)
			return operands[i].what;
	return 0;
}

/* A double as the shortest text that reads back as the same value. */
static void put_real(fdss_jbuf *j, double v)
{
	char b[40];

	snprintf(b, sizeof(b), "%.15g", v);
	if (strtod(b, NULL) != v)
		snprintf(b, sizeof(b), "%.17g", v);
	fdss_jbuf_raw(j, b, strlen(b));
}

/* Stored JSON text, compact as cJSON prints it ("{}" as it is). */
static void put_json(fdss_jbuf *j, const char *text)
{
	cJSON *v;
	char *s = NULL;

	if (strcmp(text, "{}") == 0) {
		fdss_jbuf_raw(j, text, 2);
		return;
	}
	if ((v = cJSON_Parse(text)) && (s = cJSON_PrintUnformatted(v)))
		fdss_jbuf_raw(j, s, strlen(s));
	else
		fdss_jbuf_str(j, text);
	cJSON_free(s);
	cJSON_Delete(v);
}

/* The fields of st's row from column c0 on; NULL columns left out. */
static void put_fields(fdss_jbuf *j, sqlite3_stmt *st, int c0,
		       const struct xfield *f, size_t nf)
{
	size_t i;
	int c;

	for (i = 0; i < nf; i++) {
		c = c0 + (int)i;
		if (sqlite3_column_type(st, c) == SQLITE_NULL)
			continue;
		fdss_jbuf_key(j, f[i].key);
		switch (f[i].kind) {
		case XK_INT:
			fdss_jbuf_int(j, sqlite3_column_int64(st, c));
			break;
		case XK_BOOL:
			fdss_jbuf_bool(j, sqlite3_column_int64(st, c) != 0);
			break;
		case XK_REAL:
			put_real(j, sqlite3_column_double(st, c));
			break;
		case XK_JSON:
			put_json(j, fdss__col(st, c));
			break;
		default:
			fdss_jbuf_str(j, fdss__col(st, c));
		}
	}
}

/* What put_kid() hands to each row. */
struct kid_walk {
	fdss_jbuf *j;
	const struct xchild *k;
};

/* One row of a kid as an object of its array. */
static int kid_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct kid_walk *w = ctx;

	(void)db;
	fdss_jbuf_open(w->j, '{');
	put_fields(w->j, st, 0, w->k->f, w->k->nf);
	fdss_jbuf_close(w->j, '}');
	return FDSS_OK;
}

/* The array of kid k of the record whose column 0 is parent. */
static int put_kid(fdss_db *db, fdss_jbuf *j, const struct xchild *k,
		   const char *county, sqlite3_value *parent)
{
	sqlite3_stmt *st = fdss__db_prepare(db, k->sql_list);
	struct kid_walk w = { j, k };
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, county, 0) ||
	    sqlite3_bind_value(st, 2, parent))
		return fdss__db_bindfail(db, st, "cannot export");
	fdss_jbuf_key(j, k->key);
	fdss_jbuf_open(j, '[');
	if ((rc = fdss__walk(db, st, "cannot export", kid_row, &w)) != FDSS_OK)
		return rc;
	fdss_jbuf_close(j, ']');
	return FDSS_OK;
}

int fdss__xrecord(fdss_db *db, const struct xtype *t, sqlite3_stmt *st,
		  const char *county, fdss_jbuf *j)
{
	size_t k;
	int rc;

	fdss_jbuf_reset(j);
	fdss_jbuf_open(j, '{');
	fdss_jbuf_kstr(j, "type", t->name);
	put_fields(j, st, 2, t->f, t->nf);
	for (k = 0; k < t->nkids; k++)
		if ((rc = put_kid(db, j, &t->kids[k], county,
				  sqlite3_column_value(st, 0))) != FDSS_OK)
			return rc;
	fdss_jbuf_close(j, '}');
	if ((rc = fdss_jbuf_rc(j)) != FDSS_OK)
		return fdss__db_fail(db, rc, "out of memory");
	return FDSS_OK;
}

/* --since as the audit log writes times: "YYYY-MM-DDTHH:MM:SSZ". */
static int since_norm(fdss_db *db, const char *s, char out[21])
{
	fdss_error e = FDSS_ERROR_INIT;
	fdss_date d;
	char day[FDSS_DATE_BUFSZ];
	unsigned hh, mm, ss;
	char z;
	int n = -1;

	if (s && strlen(s) >= 10) {
		memcpy(day, s, 10);
		day[10] = '\0';
		if (fdss_date_parse(&d, day, &e) == FDSS_OK &&
		    strcmp(fdss_date_format(day, d), s) == 0) {
			snprintf(out, 21, "%sT00:00:00Z", day);
			return FDSS_OK;
		}
		if (fdss_date_parse(&d, day, &e) == FDSS_OK &&
		    strlen(s) == 20 && (s[10] == 'T' || s[10] == ' ') &&
		    sscanf(s + 11, "%2u:%2u:%2u%c%n", &hh, &mm, &ss, &z, &n) == 4 &&
		    n == 9 && z == 'Z' && hh < 24 && mm < 60 && ss < 61) {
			snprintf(out, 21, "%sT%02u:%02u:%02uZ",
				 fdss_date_format(day, d), hh, mm, ss);
			return FDSS_OK;
		}
	}
	return fdss__db_fail(db, FDSS_EINVAL, "--since '%.40s': YYYY-MM-DD or "
			     "YYYY-MM-DDTHH:MM:SSZ (UTC) expected", s ? s : "");
}

static int header(fdss_export_opts *o, const char *county, const char *since,
		  fdss_jbuf *j)
{
	char what[160] = "";
	size_t i;

	for (i = 0; o->what != FDSS_EXPORT_ALL && i + 1 < sizeof(operands) /
	     sizeof(operands[0]); i++)
		if (o->what & operands[i].what)
			snprintf(what + strlen(what), sizeof(what) - strlen(what),
				 "%s%s", *what ? "," : "", operands[i].name);
	fdss_jbuf_reset(j);
	fdss_jbuf_open(j, '{');
	fdss_jbuf_kstr(j, "type", "export");
	fdss_jbuf_kint(j, "format", 1);
	fdss_jbuf_kstr(j, "county", county);
	fdss_jbuf_kstr(j, "records", *what ? what : "all");
	if (since)
		fdss_jbuf_kstr(j, "since", since);
	if (o->area)
		fdss_jbuf_kstr(j, "area", o->area);
	fdss_jbuf_close(j, '}');
	return fdss_jbuf_rc(j);
}

/* What export_type() hands to each row. */
struct export_walk {
	fdss_export_opts *o;
	const struct xtype *t;
	const char *county;
	fdss_jbuf *j;
};

/* One record of the type: made, handed to o->line() and counted. */
static int export_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct export_walk *w = ctx;
	int rc;

	if ((rc = fdss__xrecord(db, w->t, st, w->county, w->j)) == FDSS_OK &&
	    (rc = w->o->line(w->o->arg, w->j->s, w->j->len)) == FDSS_OK)
		w->o->records++;
	return rc;
}

static int export_type(fdss_db *db, fdss_export_opts *o, const struct xtype *t,
		       const char *county, const char *since, fdss_jbuf *j)
{
	sqlite3_stmt *st = fdss__db_prepare(db, t->sql_list);
	struct export_walk w = { o, t, county, j };

	if (!st)
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, county, 0) ||
	    fdss__bind_text(st, 2, o->area, 0) ||
	    fdss__bind_text(st, 3, since, 0))
		return fdss__db_bindfail(db, st, "cannot export");
	return fdss__walk(db, st, "cannot export", export_row, &w);
}

int fdss_export(fdss_db *db, fdss_export_opts *o)
{
	fdss_jbuf j = FDSS_JBUF_INIT;
	char county[7], since[21];
	size_t i;
	int rc;

	o->records = 0;
	if ((o->since && (rc = since_norm(db, o->since, since)) != FDSS_OK) ||
	    (o->area && (rc = fdss_area_exists(db, o->area)) != FDSS_OK))
		return rc;
	if ((rc = fdss_db_exec(db, "BEGIN")) != FDSS_OK)
		return rc;
	if ((rc = fdss_county_code(db, county)) != FDSS_OK)
		goto out;
	if ((rc = header(o, county, o->since ? since : NULL, &j)) != FDSS_OK) {
		rc = fdss__db_fail(db, rc, "out of memory");
		goto out;
	}
	if ((rc = o->line(o->arg, j.s, j.len)) != FDSS_OK)
		goto out;
	for (i = 0; rc == FDSS_OK && i < fdss__nxtypes; i++)
		if (fdss__xtypes[i].what & o->what)
			rc = export_type(db, o, &fdss__xtypes[i], county,
					 o->since ? since : NULL, &j);
out:
	fdss_db_rollback(db);
	fdss_jbuf_release(&j);
	return rc;
}
