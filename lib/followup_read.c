/*
 * followup_read.c: reading stored visits — a row into fdss_followup, a
 * person's history (fdss_followup_list), one visit by id — and the small
 * statement helpers the follow-up writers share (followup_int.h).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "followup_int.h"

static const char sql_by_id[] =
	"SELECT " FDSS__VISIT_COLUMNS FDSS__VISIT_FROM " WHERE f.id = ?1";
static const char sql_history[] =
	"SELECT " FDSS__VISIT_COLUMNS FDSS__VISIT_FROM
	" WHERE f.id_number = ?1 AND (?2 IS NULL OR f.program = ?2)"
	" ORDER BY f.program, f.visit_date";
static int col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? FDSS_ABSENT : sqlite3_column_int(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? -1.0 : sqlite3_column_double(st, i);
}

static const char *col_opt(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The row of FDSS__VISIT_COLUMNS into f; strings borrowed from st. */
void fdss__followup_read_row(sqlite3_stmt *st, fdss_followup *f)
{
	fdss_visit *v = &f->visit;

	f->id = sqlite3_column_int64(st, 0);
	v->id_number = fdss__col(st, 1);
	v->program = fdss_program_parse(fdss__col(st, 2));
	v->date = fdss__col_date(st, 3);
	v->mode = fdss_visit_mode_parse(fdss__col(st, 4));
	v->doctor = col_opt(st, 5);
	v->sbp = col_int(st, 6);
	v->dbp = col_int(st, 7);
	v->heart_rate = col_int(st, 8);
	v->fpg = col_real(st, 9);
	v->temperature = col_real(st, 10);
	v->risk_level = col_int(st, 11);
	v->insight = fdss_insight_parse(col_opt(st, 12));
	v->symptoms = fdss_symptoms_parse(col_opt(st, 13));
	v->social_function = fdss_social_parse(col_opt(st, 14));
	v->phase = fdss_tb_phase_parse(col_opt(st, 15));
	v->supervisor = fdss_supervisor_parse(col_opt(st, 16));
	v->doses_taken = col_int(st, 17);
	v->doses_due = col_int(st, 18);
	v->adverse_reaction = sqlite3_column_int(st, 19);
	v->new_complication = sqlite3_column_int(st, 20);
	v->emergency = sqlite3_column_int(st, 21);
	f->result.classification = fdss_class_parse(fdss__col(st, 22));
	f->result.next_due = fdss__col_date(st, 23);
	fdss__copy(f->result.action, sizeof(f->result.action),
		   fdss__col(st, 24));
	f->latest = sqlite3_column_int(st, 25);
	f->recorded = col_opt(st, 26);
	v->birth_date = fdss__col_date(st, 27);
	f->result.referral_due = fdss__col_date(st, 28);
	f->result.refers = f->result.referral_due != 0;
}

/* A final 'x' of an ID number as 'X', into buf (19 bytes). */
const char *fdss__followup_norm_id(char *buf, size_t n, const char *id)
{
	size_t len;

	snprintf(buf, n, "%s", id ? id : "");
	len = strlen(buf);
	if (len && buf[len - 1] == 'x')
		buf[len - 1] = 'X';
	return buf;
}

const char fdss__followup_sql_person[] =
	"SELECT birth_date FROM person WHERE id_number = ?1";

/* A visit of the list, read whole and handed to the caller. */
static void read_visit(sqlite3_stmt *st, fdss_followup *f)
{
	memset(f, 0, sizeof(*f));
	fdss__followup_read_row(st, f);
}

FDSS__WALK_ROW(visit, fdss_followup, read_visit)

int fdss_followup_list(fdss_db *db, const char *id_number, int program,
		       int (*fn)(const fdss_followup *f, void *arg),
		       void *arg)
{
	struct visit_walk w = { fn, arg };
	sqlite3_stmt *st;
	char id[24];
	int rc;

	fdss__followup_norm_id(id, sizeof(id), id_number);
	if (!(st = fdss__db_prepare(db, fdss__followup_sql_person)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC))
		return fdss__db_bindfail(db, st, "cannot read the person");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no person '%s'", id);
	if (rc != SQLITE_ROW)
		return fdss__db_sqlfail(db, rc, "cannot read the person");
	if (!(st = fdss__db_prepare(db, sql_history)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) ||
	    (program && sqlite3_bind_text(st, 2, fdss_program_name(program),
					  -1, SQLITE_STATIC)))
		return fdss__db_bindfail(db, st, "cannot read the visits");
	return fdss__walk(db, st, "cannot read visits", visit_row, &w);
}
int fdss__followup_get(fdss_db *db, int64_t id,
		       int (*fn)(const fdss_followup *f, void *arg), void *arg)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_by_id);
	fdss_followup f;
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 1, id))
		return fdss__db_bindfail(db, st, "cannot read visits");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&f, 0, sizeof(f));
		fdss__followup_read_row(st, &f);
		rc = fn(&f, arg);
	} else if (rc == SQLITE_DONE) {
		rc = fdss__db_fail(db, FDSS_ENOTFOUND, "no visit %lld",
				   (long long)id);
	} else {
		rc = fdss__db_sqlfail(db, rc, "cannot read visits");
	}
	sqlite3_reset(st);
	return rc;
}

int fdss__bind_opt_date(sqlite3_stmt *st, int i, fdss_date d)
{
	char buf[FDSS_DATE_BUFSZ];

	return d ? sqlite3_bind_text(st, i, fdss_date_format(buf, d), -1,
				     SQLITE_TRANSIENT)
		 : sqlite3_bind_null(st, i);
}

/* Step a statement that returns no rows, or at most one: 1 for a row,
 * 0 for none, a negative code (recorded on the handle) on failure. */
int fdss__chain_step(fdss_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fdss__db_sqlfail(db, rc, what);
}

/* The chain key (id_number, program) and optionally a date, bound;
 * NULL on failure (recorded on the handle). */
sqlite3_stmt *fdss__chain_stmt(fdss_db *db, const char *sql,
				const fdss_visit *v, int with_date)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql);

	if (!st)
		return NULL;
	if (sqlite3_bind_text(st, 1, v->id_number, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, fdss_program_name(v->program), -1,
			      SQLITE_STATIC) ||
	    (with_date && fdss__bind_opt_date(st, 3, v->date))) {
		fdss__db_bindfail(db, st, "cannot read the visits");
		return NULL;
	}
	return st;
}
