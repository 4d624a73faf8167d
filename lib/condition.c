/*
 * condition.c: a person's chronic conditions — add (one, or a batch),
 * end, list — each change audited.  The condition table is in
 * schema/0002_roster.sql.  The reasons a change is refused are recorded
 * without the ID number: a batch reports it apart, as the subject, and
 * fdss_condition_add() and _end() put it before the reason.  The
 * condition names are in condition_name.c, the programme each enrols in
 * as an SQL function in condition_sql.c, the batch in condition_batch.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "condition_int.h"
#include "internal.h"

/* ---- changes --------------------------------------------------------- */

static const char sql_person[] =
	"SELECT name, status, birth_date FROM person WHERE id_number = ?1";
static const char sql_get[] =
	"SELECT since, status, source, ended_on FROM condition"
	" WHERE id_number = ?1 AND kind = ?2";
static const char sql_insert[] =
	"INSERT INTO condition (id_number, kind, since, status, source)"
	" VALUES (?1, ?2, ?3, 'active', ?4)";
/* ?5: ended_on, NULL when active again */
static const char sql_update[] =
	"UPDATE condition SET status = ?3, since = coalesce(?4, since),"
	" ended_on = ?5 WHERE id_number = ?1 AND kind = ?2";
/* The conditions listed: of one person by the primary key (a batch of
 * adds prints each one it stored), else as the filters say. */
#define SQL_LIST_FROM \
	"SELECT c.id_number, p.name, c.kind, c.since, c.status, c.source," \
	" h.village_code, c.ended_on" \
	" FROM condition c JOIN person p ON p.id_number = c.id_number" \
	" JOIN household h ON h.household_no = p.household_no"
#define SQL_LIST_FILTERS \
	" AND (?2 IS NULL OR c.kind = ?2)" \
	" AND (?3 IS NULL OR (h.village_code >= ?3 AND h.village_code < ?4))" \
	" AND (?5 IS NULL OR c.status = ?5)" \
	" ORDER BY c.id_number, c.kind"
static const char sql_list[] =
	SQL_LIST_FROM " WHERE (?1 IS NULL OR c.id_number = ?1)"
	SQL_LIST_FILTERS;
static const char sql_list_person[] =
	SQL_LIST_FROM " WHERE c.id_number = ?1" SQL_LIST_FILTERS;

/* An ID number as stored: a final 'x' is 'X'; 0 if it does not fit. */
static int norm_id(char out[24], const char *id)
{
	size_t n = id ? strlen(id) : 0;

	if (n == 0 || n >= 24)
		return 0;
	memcpy(out, id, n + 1);
	if (out[n - 1] == 'x')
		out[n - 1] = 'X';
	return 1;
}

static int kind_valid(const char *kind)
{
	return kind && fdss_condition_parse(kind) != 0;
}

cJSON *fdss_condition_to_json(const fdss_condition_entry *e)
{
	cJSON *rec = cJSON_CreateObject();
	char since[FDSS_DATE_BUFSZ] = "", ended[FDSS_DATE_BUFSZ] = "";

	if (e->since)
		fdss_date_format(since, e->since);
	if (e->ended_on)
		fdss_date_format(ended, e->ended_on);
	if (rec && fdss__put_str(rec, "type", "condition") &&
	    fdss__put_str(rec, "id_number", e->id_number) &&
	    fdss__put_str(rec, "name", e->name) &&
	    fdss__put_str(rec, "kind", e->kind) &&
	    fdss__put_str(rec, "since", since) &&
	    fdss__put_str(rec, "status", e->status) &&
	    fdss__put_str(rec, "ended_on", ended) &&
	    fdss__put_str(rec, "source", e->source))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

/* A person's name and the stored row of one of their conditions. */
struct stored {
	const char *name, *status, *source; /* "" when unknown */
	char *own[3];		/* the copies read: stored_release() */
	fdss_date since;
	fdss_date ended_on;	/* 0 while active or when unknown */
	fdss_date birth;	/* the person's birth date */
	int found;
};

#define STORED_INIT { "", "", "", { NULL, NULL, NULL }, 0, 0, 0, 0 }

static void stored_release(struct stored *s)
{
	size_t i;

	for (i = 0; i < sizeof(s->own) / sizeof(s->own[0]); i++) {
		free(s->own[i]);
		s->own[i] = NULL;
	}
}

/* A copy of column i into s->own[k], whole; NULL when out of memory. */
static const char *keep(struct stored *s, size_t k, sqlite3_stmt *st, int i)
{
	free(s->own[k]);
	return s->own[k] = strdup(fdss__col(st, i));
}

/* The person's name into s; FDSS_EDATA unless active when active is set. */
static int read_person(fdss_db *db, const char *id, struct stored *s,
		       int active)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_person);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, id, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the person");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->birth = fdss__col_date(st, 2);
		if (!(s->name = keep(s, 0, st, 0)))
			rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
		else if (active && strcmp(fdss__col(st, 1), "active") != 0)
			rc = fdss__db_fail(db, FDSS_EDATA, "person is %s, "
					   "not active", fdss__col(st, 1));
		else
			rc = FDSS_OK;
	} else if (rc == SQLITE_DONE) {
		rc = fdss__db_fail(db, FDSS_ENOTFOUND, "no such person "
				   "(import the roster first)");
	} else {
		rc = fdss__db_sqlfail(db, rc, "cannot read the person");
	}
	sqlite3_reset(st);
	return rc;
}

static int read_condition(fdss_db *db, const char *id, const char *kind,
			  struct stored *s)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_get);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, id, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, kind, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the conditions");
	rc = sqlite3_step(st);
	s->found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		s->since = fdss__col_date(st, 0);
		s->ended_on = fdss__col_date(st, 3);
		rc = (s->status = keep(s, 1, st, 1)) &&
		     (s->source = keep(s, 2, st, 2))
			     ? FDSS_OK
			     : fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		rc = FDSS_OK;
	} else {
		rc = fdss__db_sqlfail(db, rc, "cannot read the conditions");
	}
	sqlite3_reset(st);
	return rc;
}

/* Run sql (insert or update) for (id, kind) with status, since, source;
 * an update sets ended_on (0: NULL). */
static int write_row(fdss_db *db, const char *sql, const char *id,
		     const char *kind, const char *status, fdss_date since,
		     const char *source, fdss_date ended_on)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql);
	char d[FDSS_DATE_BUFSZ] = "", e[FDSS_DATE_BUFSZ] = "";
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (since)
		fdss_date_format(d, since);
	if (ended_on)
		fdss_date_format(e, ended_on);
	if (sql == sql_insert)
		rc = fdss__bind_text(st, 4, source, 1);
	else if ((rc = fdss__bind_text(st, 4, d, 1)) == SQLITE_OK)
		rc = fdss__bind_text(st, 5, e, 1);
	if (rc != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 1, id, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, kind, 0)) != SQLITE_OK ||
	    (rc = sql == sql_insert ? fdss__bind_text(st, 3, d, 1)
				    : fdss__bind_text(st, 3, status, 0))
		    != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot store the condition");
	}
	sqlite3_reset(st);
	return FDSS_OK;
}

/* Audit the change of (id, kind) from *old (found or not) to *now. */
static int audit(fdss_db *db, const char *id, const char *kind,
		 const struct stored *old, const struct stored *now,
		 const char *reason)
{
	fdss_condition_entry e = { id, now->name, kind, 0, NULL, NULL, NULL,
				   0 };
	cJSON *before = NULL, *after = NULL;
	char key[64];
	int rc;

	snprintf(key, sizeof(key), "%s:%s", id, kind);
	if (old->found) {
		e.since = old->since;
		e.status = old->status;
		e.source = old->source;
		e.ended_on = old->ended_on;
		before = fdss_condition_to_json(&e);
	}
	e.since = now->since;
	e.status = now->status;
	e.source = now->source;
	e.ended_on = now->ended_on;
	after = fdss_condition_to_json(&e);
	if ((old->found && !before) || !after)
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	else
		rc = fdss__audit_json(db, "condition", key, before, after,
				      reason);
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

int fdss_condition_dates_check(fdss_date birth, fdss_date since,
			       fdss_date ended_on, fdss_date ref,
			       fdss_error *err)
{
	char d[FDSS_DATE_BUFSZ], e[FDSS_DATE_BUFSZ];

	if (since && birth && since < birth)
		return fdss_error_set(err, FDSS_EDATA, "diagnosis date is "
				      "before birth");
	if (ref && since > ref)
		return fdss_error_set(err, FDSS_EDATA, "diagnosis date %s is "
				      "in the future",
				      fdss_date_format(d, since));
	if (ended_on && since && ended_on < since)
		return fdss_error_set(err, FDSS_EDATA, "end date %s is before "
				      "the diagnosis date %s",
				      fdss_date_format(e, ended_on),
				      fdss_date_format(d, since));
	return FDSS_OK;
}

/* fdss_condition_dates_check(), its refusal on the handle. */
static int dates_check(fdss_db *db, fdss_date birth, fdss_date since,
		       fdss_date ended_on, fdss_date ref)
{
	fdss_error err = FDSS_ERROR_INIT;

	if (fdss_condition_dates_check(birth, since, ended_on, ref, &err))
		return fdss__db_fail(db, err.code, "%s", err.msg);
	return FDSS_OK;
}

static int add_stored(fdss_db *db, const char *id, const char *kind,
		      fdss_date since, const char *source, int *change,
		      struct stored *o)
{
	struct stored old, now;
	int rc;

	rc = read_person(db, id, o, 1);
	if (rc == FDSS_OK)
		rc = read_condition(db, id, kind, o);
	old = *o;
	if (rc != FDSS_OK)
		return rc;
	if ((rc = dates_check(db, old.birth, since, 0, 0)) != FDSS_OK)
		return rc;
	now = old;
	if (old.found && strcmp(old.status, "active") == 0) {
		*change = FDSS_CONDITION_UNCHANGED;
		return FDSS_OK;
	}
	now.status = "active";
	now.ended_on = 0;
	if (since)
		now.since = since;
	if (!old.found)
		now.source = source ? source : "";
	rc = old.found ? write_row(db, sql_update, id, kind, "active", since,
				   NULL, 0)
		       : write_row(db, sql_insert, id, kind, "active", since,
				   source, 0);
	if (rc == FDSS_OK)
		rc = audit(db, id, kind, &old, &now, NULL);
	*change = old.found ? FDSS_CONDITION_REACTIVATED : FDSS_CONDITION_ADDED;
	return rc;
}

static int add_in_tx(fdss_db *db, const char *id, const char *kind,
		     fdss_date since, const char *source, int *change)
{
	struct stored old = STORED_INIT;
	int rc = add_stored(db, id, kind, since, source, change, &old);

	stored_release(&old);
	return rc;
}

/* The ID number (normalised into id) and kind of a change, checked:
 * FDSS_EINVAL when either is not one. */
int fdss__condition_check_args(fdss_db *db, char id[24], const char *id_number,
			       const char *kind)
{
	if (!norm_id(id, id_number))
		return fdss__db_fail(db, FDSS_EINVAL, "no ID number given");
	if (!kind_valid(kind))
		return fdss__db_fail(db, FDSS_EINVAL, "condition '%.40s': "
				     "expected hypertension, diabetes, tb, "
				     "smi, copd or chronic", kind ? kind : "");
	return FDSS_OK;
}

/* A refusal (FDSS_EDATA, FDSS_ENOTFOUND) names the person: rc, with
 * "id: " put before the reason on the handle. */
int fdss__condition_name_refusal(fdss_db *db, const char *id, int rc)
{
	char reason[FDSS_ERRMSG_MAX];

	if (rc != FDSS_EDATA && rc != FDSS_ENOTFOUND)
		return rc;
	fdss__copy(reason, sizeof(reason), fdss_db_errmsg(db));
	return fdss__db_fail(db, rc, "%s: %s", id, reason);
}

/* Add (id, kind), both checked, in a transaction or a savepoint. */
int fdss__condition_add_one(fdss_db *db, const char *id, const char *kind,
			    fdss_date since, fdss_date ref, const char *source,
			    int *change)
{
	int nested, rc;

	if ((rc = dates_check(db, 0, since, 0, ref)) != FDSS_OK)
		return rc;
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	rc = add_in_tx(db, id, kind, since, source ? source : "manual",
		       change);
	return fdss__tx_end(db, nested, rc);
}

int fdss_condition_add(fdss_db *db, const char *id_number, const char *kind,
		       fdss_date since, fdss_date ref, const char *source,
		       int *change)
{
	char id[24];
	int rc, dummy;

	rc = fdss__condition_check_args(db, id, id_number, kind);
	if (rc != FDSS_OK)
		return rc;
	rc = fdss__condition_add_one(db, id, kind, since, ref, source,
				     change ? change : &dummy);
	return fdss__condition_name_refusal(db, id, rc);
}

/* The fields of a condition record, checked: FDSS_EDATA naming the key
 * of a missing or malformed one.  The strings are borrowed from rec. */
int fdss__condition_read_record(fdss_db *db, const cJSON *rec, const char **idp,
				const char **kindp, fdss_date *sincep)
{
	fdss_error *err = fdss__db_err(db);
	const char *id = NULL, *kind = NULL, *since = NULL;
	fdss_date d = 0;
	int rc;

	if ((rc = fdss_json_get_string(rec, "id_number", &id, err)) ==
	    FDSS_ENOTFOUND)
		return fdss__db_fail(db, FDSS_EDATA, "\"id_number\" missing");
	if (rc != FDSS_OK)
		return rc;
	if ((rc = fdss_json_get_string(rec, "kind", &kind, err)) ==
	    FDSS_ENOTFOUND)
		return fdss__db_fail(db, FDSS_EDATA, "\"kind\" missing");
	if (rc != FDSS_OK)
		return rc;
	rc = fdss_json_get_string(rec, "since", &since, err);
	if (rc != FDSS_OK && rc != FDSS_ENOTFOUND)
		return rc;
	if (since && fdss_date_parse(&d, since, NULL) != FDSS_OK)
		return fdss__db_fail(db, FDSS_EDATA, "\"since\": '%.40s' is "
				     "not a date YYYY-MM-DD", since);
	if (!kind_valid(kind))
		return fdss__db_fail(db, FDSS_EDATA, "\"kind\": '%.40s': "
				     "expected hypertension, diabetes, tb, "
				     "smi, copd or chronic", kind);
	if (!*id || strlen(id) > 18)
		return fdss__db_fail(db, FDSS_EDATA, "\"id_number\": '%.40s' "
				     "is not an ID number", id);
	*idp = id;
	*kindp = kind;
	*sincep = d;
	return FDSS_OK;
}

int fdss_condition_add_json(fdss_db *db, const cJSON *rec, fdss_date ref,
			    const char *source, int *change)
{
	const char *id, *kind;
	fdss_date since;
	int rc;

	rc = fdss__condition_read_record(db, rec, &id, &kind, &since);
	if (rc != FDSS_OK)
		return rc;
	return fdss_condition_add(db, id, kind, since, ref, source, change);
}

static int end_stored(fdss_db *db, const char *id, const char *kind,
		      fdss_date on, int *change, struct stored *o)
{
	struct stored old, now;
	char reason[64], d[FDSS_DATE_BUFSZ];
	int rc;

	rc = read_condition(db, id, kind, o);
	old = *o;
	if (rc != FDSS_OK)
		return rc;
	if (!old.found)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no condition '%s'",
				     kind);
	if (strcmp(old.status, "ended") == 0) {
		*change = FDSS_CONDITION_UNCHANGED;
		return FDSS_OK;
	}
	if ((rc = dates_check(db, 0, old.since, on, 0)) != FDSS_OK)
		return rc;
	rc = read_person(db, id, o, 0);
	old = *o;
	if (rc != FDSS_OK)
		return rc;
	now = old;
	now.status = "ended";
	now.ended_on = on;
	snprintf(reason, sizeof(reason), "ended on %s",
		 fdss_date_format(d, on));
	if ((rc = write_row(db, sql_update, id, kind, "ended", 0, NULL, on)) ==
	    FDSS_OK)
		rc = audit(db, id, kind, &old, &now, reason);
	*change = FDSS_CONDITION_ENDED;
	return rc;
}

static int end_in_tx(fdss_db *db, const char *id, const char *kind,
		     fdss_date on, int *change)
{
	struct stored old = STORED_INIT;
	int rc = end_stored(db, id, kind, on, change, &old);

	stored_release(&old);
	return rc;
}

int fdss_condition_end(fdss_db *db, const char *id_number, const char *kind,
		       fdss_date on, int *change)
{
	char id[24];
	int nested, rc, dummy;

	if ((rc = fdss__condition_check_args(db, id, id_number, kind)) !=
		    FDSS_OK ||
	    (rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	rc = end_in_tx(db, id, kind, on, change ? change : &dummy);
	rc = fdss__tx_end(db, nested, rc);
	return fdss__condition_name_refusal(db, id, rc);
}

static int bind_query(fdss_db *db, sqlite3_stmt *st,
		      const fdss_condition_query *q, char *id)
{
	char lo[16] = "", hi[16] = "";
	const char *status = q->status ? q->status : "active";
	int rc;

	if (q->kind && !kind_valid(q->kind))
		return fdss__db_fail(db, FDSS_EINVAL, "condition '%.40s': "
				     "expected hypertension, diabetes, tb, "
				     "smi, copd or chronic", q->kind);
	if (strcmp(status, "all") == 0)
		status = NULL;
	else if (strcmp(status, "active") != 0 && strcmp(status, "ended"))
		return fdss__db_fail(db, FDSS_EINVAL, "status '%.40s': "
				     "expected active, ended or all", status);
	if (q->area && !fdss_area_level_of(q->area))
		return fdss__db_fail(db, FDSS_EINVAL, "area '%.40s': 2, 4, 6, "
				     "9 or 12 digits expected", q->area);
	if (q->area) {
		snprintf(lo, sizeof(lo), "%s", q->area);
		snprintf(hi, sizeof(hi), "%s;", q->area);
	}
	if (q->id_number && !norm_id(id, q->id_number))
		return fdss__db_fail(db, FDSS_EINVAL, "bad ID number");
	if ((rc = fdss__bind_text(st, 1, q->id_number ? id : NULL, 0)) ||
	    (rc = fdss__bind_text(st, 2, q->kind, 0)) ||
	    (rc = sqlite3_bind_text(st, 3, q->area ? lo : NULL, -1,
				    SQLITE_TRANSIENT)) ||
	    (rc = sqlite3_bind_text(st, 4, hi, -1, SQLITE_TRANSIENT)) ||
	    (rc = fdss__bind_text(st, 5, status, 0)))
		return fdss__db_sqlfail(db, rc, "cannot list the conditions");
	return FDSS_OK;
}

/* Read the row of a condition listing into *e. */
static void read_entry(sqlite3_stmt *st, fdss_condition_entry *e)
{
	e->id_number = fdss__col(st, 0);
	e->name = fdss__col(st, 1);
	e->kind = fdss__col(st, 2);
	e->since = fdss__col_date(st, 3);
	e->status = fdss__col(st, 4);
	e->source = (const char *)sqlite3_column_text(st, 5);
	e->village_code = fdss__col(st, 6);
	e->ended_on = fdss__col_date(st, 7);
}

FDSS__WALK_ROW(entry, fdss_condition_entry, read_entry)

int fdss_condition_list(fdss_db *db, const fdss_condition_query *q,
			int (*fn)(const fdss_condition_entry *e, void *arg),
			void *arg)
{
	static const fdss_condition_query all = FDSS_CONDITION_QUERY_INIT;
	struct entry_walk w = { fn, arg };
	sqlite3_stmt *st;
	char id[24];
	int rc;

	if (!q)
		q = &all;
	if (!(st = fdss__db_prepare(db, q->id_number ? sql_list_person
						     : sql_list)))
		return fdss_db_error(db)->code;
	if ((rc = bind_query(db, st, q, id)) != FDSS_OK)
		return rc;
	return fdss__walk(db, st, "cannot list the conditions", entry_row,
			  &w);
}
