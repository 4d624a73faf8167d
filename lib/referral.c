/*
 * referral.c: referrals added by hand and the list of referrals with
 * whether a later visit met them (referral.h).  Whether a referral is
 * met is a query over followup, never a stored flag that could go stale.
 * The referral a visit makes, and the visit that satisfies one, are
 * written here too, for the follow-up writers (followup_int.h).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "followup_int.h"

static const char sql_person[] =
	"SELECT name, status, birth_date FROM person WHERE id_number = ?1";
static const char sql_insert[] =
	"INSERT INTO referral (id_number, program, referral_date,"
	" to_institution, reason, due_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_list[] =
	"SELECT r.id, r.id_number, p.name, r.program, r.referral_date,"
	" r.to_institution, r.reason, r.due_date, h.village_code,"
	" (SELECT min(f.visit_date) FROM followup f"
	"  WHERE f.id_number = r.id_number"
	"  AND (r.program IS NULL OR f.program = r.program)"
	"  AND f.visit_date > r.referral_date AND f.visit_date <= :ref) AS met"
	" FROM referral r JOIN person p ON p.id_number = r.id_number"
	" JOIN household h ON h.household_no = p.household_no"
	" WHERE (:id IS NULL OR r.id_number = :id)"
	" AND (:lo IS NULL OR (h.village_code >= :lo AND h.village_code < :hi))"
	" AND (NOT :open OR met IS NULL)"
	" ORDER BY r.referral_date, r.id";
static const char sql_visit_put[] =
	"INSERT INTO referral (id_number, program, referral_date, reason,"
	" followup_id, due_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT (followup_id) DO UPDATE SET reason = excluded.reason,"
	" due_date = excluded.due_date,"
	" referral_date = excluded.referral_date";
static const char sql_visit_drop[] =
	"DELETE FROM referral WHERE followup_id = ?1";
/* The first visit after a referral in its programme (in any for none):
 * the index followup_person gives a programme's visits in date order, so
 * only a referral without one needs a sort.  Rows already right are not
 * written, so that most runs write no page. */
#define FIRST_AFTER \
	"CASE WHEN referral.program IS NULL" \
	" THEN (SELECT f.id FROM followup f" \
	"  WHERE f.id_number = referral.id_number" \
	"  AND f.visit_date > referral.referral_date" \
	"  ORDER BY f.visit_date, f.id LIMIT 1)" \
	" ELSE (SELECT f.id FROM followup f" \
	"  WHERE f.id_number = referral.id_number" \
	"  AND f.program = referral.program" \
	"  AND f.visit_date > referral.referral_date" \
	"  ORDER BY f.visit_date, f.id LIMIT 1) END"
static const char sql_satisfy[] =
	"UPDATE referral SET satisfied_by = " FIRST_AFTER
	" WHERE id_number = ?1 AND (program IS NULL OR program = ?2)"
	" AND satisfied_by IS NOT " FIRST_AFTER;

const char *fdss_referral_status(const fdss_referral *r, fdss_date ref)
{
	if (r->met_on)
		return "met";
	return r->due_date < ref ? "overdue" : "open";
}

cJSON *fdss_referral_to_json(const fdss_referral *r, fdss_date ref)
{
	cJSON *rec = cJSON_CreateObject();
	char d[FDSS_DATE_BUFSZ], due[FDSS_DATE_BUFSZ];
	char met[FDSS_DATE_BUFSZ] = "";

	fdss_date_format(d, r->date);
	fdss_date_format(due, r->due_date);
	if (r->met_on)
		fdss_date_format(met, r->met_on);
	if (rec && fdss__put_str(rec, "type", "referral") &&
	    fdss__put_int(rec, "id", r->id, 0) &&
	    fdss__put_str(rec, "id_number", r->id_number) &&
	    fdss__put_str(rec, "name", r->name) &&
	    fdss__put_str(rec, "program", r->program) &&
	    fdss__put_str(rec, "date", d) &&
	    fdss__put_str(rec, "to", r->to_institution) &&
	    fdss__put_str(rec, "reason", r->reason) &&
	    fdss__put_str(rec, "due_date", due) &&
	    fdss__put_str(rec, "status", fdss_referral_status(r, ref)) &&
	    fdss__put_str(rec, "met_on", met))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

/* The person must exist, be active and be born by the referral date. */
static int check_person(fdss_db *db, const fdss_referral *r)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_person);
	char d[FDSS_DATE_BUFSZ];
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, r->id_number, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the person");
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = fdss__db_fail(db, FDSS_ENOTFOUND, "%s: no such person "
				   "(import the roster first)", r->id_number);
	else if (rc != SQLITE_ROW)
		rc = fdss__db_sqlfail(db, rc, "cannot read the person");
	else if (strcmp(fdss__col(st, 1), "active") != 0)
		rc = fdss__db_fail(db, FDSS_EDATA, "%s: person is %s, not "
				   "active", r->id_number, fdss__col(st, 1));
	else if (strcmp(fdss_date_format(d, r->date), fdss__col(st, 2)) < 0)
		rc = fdss__db_fail(db, FDSS_EDATA, "%s: referral date %s is "
				   "before birth", r->id_number, d);
	else
		rc = FDSS_OK;
	sqlite3_reset(st);
	return rc;
}

static int check(fdss_db *db, const fdss_referral *r, fdss_date ref)
{
	char d[FDSS_DATE_BUFSZ];

	if (!r->id_number || !*r->id_number)
		return fdss__db_fail(db, FDSS_EINVAL, "no ID number given");
	if (r->program && !fdss_program_parse(r->program))
		return fdss__db_fail(db, FDSS_EINVAL, "programme '%.40s': "
				     "expected hypertension, diabetes, smi, "
				     "tb, elderly or chronic", r->program);
	if (!r->to_institution || !*r->to_institution)
		return fdss__db_fail(db, FDSS_EDATA, "%s: no institution to "
				     "refer to", r->id_number);
	if (!r->reason || !*r->reason)
		return fdss__db_fail(db, FDSS_EDATA, "%s: no reason given",
				     r->id_number);
	if (r->date > ref)
		return fdss__db_fail(db, FDSS_EDATA, "%s: referral date %s is "
				     "in the future", r->id_number,
				     fdss_date_format(d, r->date));
	return check_person(db, r);
}

static int insert(fdss_db *db, fdss_referral *r)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_insert);
	char d[FDSS_DATE_BUFSZ], due[FDSS_DATE_BUFSZ];
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	fdss_date_format(d, r->date);
	fdss_date_format(due, r->due_date);
	if ((rc = fdss__bind_text(st, 1, r->id_number, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, r->program, 1)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 3, d, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 4, r->to_institution, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 5, r->reason, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 6, due, 0)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot store the referral");
	}
	sqlite3_reset(st);
	r->id = sqlite3_last_insert_rowid(fdss__db_sqlite(db));
	return FDSS_OK;
}

static int add_in_tx(fdss_db *db, fdss_referral *r, fdss_date ref)
{
	fdss_rules rules;
	cJSON *after = NULL;
	char key[32];
	int rc;

	if ((rc = check(db, r, ref)) != FDSS_OK ||
	    (rc = fdss_rules_load(db, &rules)) != FDSS_OK)
		return rc;
	r->due_date = fdss_date_add_days(r->date,
					 rules.referral.followup_days);
	if ((rc = insert(db, r)) != FDSS_OK)
		return rc;
	snprintf(key, sizeof(key), "%lld", (long long)r->id);
	if (!(after = fdss_referral_to_json(r, ref)))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	rc = fdss__audit_json(db, "referral", key, NULL, after, NULL);
	cJSON_Delete(after);
	return rc;
}

int fdss_referral_add(fdss_db *db, const fdss_referral *r, fdss_date ref,
		      int64_t *id)
{
	fdss_referral copy = *r;
	int nested, rc;

	copy.id = 0;
	copy.met_on = 0;
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	rc = fdss__tx_end(db, nested, add_in_tx(db, &copy, ref));
	if (rc == FDSS_OK && id)
		*id = copy.id;
	return rc;
}

static int bind_query(fdss_db *db, sqlite3_stmt *st,
		      const fdss_referral_query *q)
{
	char lo[16], hi[16], ref[FDSS_DATE_BUFSZ];
	int rc;

	if (q->area && !fdss_area_level_of(q->area))
		return fdss__db_fail(db, FDSS_EINVAL, "area '%.40s': 2, 4, 6, "
				     "9 or 12 digits expected", q->area);
	snprintf(lo, sizeof(lo), "%s", q->area ? q->area : "");
	snprintf(hi, sizeof(hi), "%s;", q->area ? q->area : "");
	fdss_date_format(ref, q->ref);
	if ((rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st,
				    ":ref"), ref, -1, SQLITE_TRANSIENT)) ||
	    (rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st,
				    ":id"), q->id_number, -1,
				    SQLITE_TRANSIENT)) ||
	    (rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st,
				    ":lo"), q->area ? lo : NULL, -1,
				    SQLITE_TRANSIENT)) ||
	    (rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st,
				    ":hi"), hi, -1, SQLITE_TRANSIENT)) ||
	    (rc = sqlite3_bind_int(st, sqlite3_bind_parameter_index(st,
				   ":open"), q->open_only != 0)))
		return fdss__db_sqlfail(db, rc, "cannot list the referrals");
	return FDSS_OK;
}

/* Read the row of a referral listing into *r. */
static void read_referral(sqlite3_stmt *st, fdss_referral *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->id_number = fdss__col(st, 1);
	r->name = fdss__col(st, 2);
	r->program = (const char *)sqlite3_column_text(st, 3);
	r->date = fdss__col_date(st, 4);
	r->to_institution = (const char *)sqlite3_column_text(st, 5);
	r->reason = (const char *)sqlite3_column_text(st, 6);
	r->due_date = fdss__col_date(st, 7);
	r->village_code = fdss__col(st, 8);
	r->met_on = fdss__col_date(st, 9);
}

FDSS__WALK_ROW(referral, fdss_referral, read_referral)

int fdss_referral_list(fdss_db *db, const fdss_referral_query *q,
		       int (*fn)(const fdss_referral *r, void *arg),
		       void *arg)
{
	struct referral_walk w = { fn, arg };
	sqlite3_stmt *st;
	int rc;

	if (!(st = fdss__db_prepare(db, sql_list)))
		return fdss_db_error(db)->code;
	if ((rc = bind_query(db, st, q)) != FDSS_OK)
		return rc;
	return fdss__walk(db, st, "cannot list the referrals", referral_row,
			  &w);
}

int fdss__referral_visit(fdss_db *db, const fdss_followup *f)
{
	sqlite3_stmt *st;

	if (!f->result.refers) {
		if (!(st = fdss__db_prepare(db, sql_visit_drop)))
			return fdss_db_error(db)->code;
		if (sqlite3_bind_int64(st, 1, f->id))
			return fdss__db_bindfail(db, st, "cannot drop a "
						 "referral");
		return fdss__chain_step(db, st, "cannot drop a referral");
	}
	if (!(st = fdss__chain_stmt(db, sql_visit_put, &f->visit,
					     1)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 4, f->result.action, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 5, f->id) ||
	    fdss__bind_opt_date(st, 6, f->result.referral_due))
		return fdss__db_bindfail(db, st, "cannot store the referral");
	return fdss__chain_step(db, st, "cannot store the referral");
}

int fdss__referral_satisfy(fdss_db *db, const fdss_visit *v)
{
	sqlite3_stmt *st = fdss__chain_stmt(db, sql_satisfy, v, 0);

	if (!st)
		return fdss_db_error(db)->code;
	return fdss__chain_step(db, st, "cannot update referrals");
}
