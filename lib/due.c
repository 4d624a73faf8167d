/*
 * due.c: due lists — who needs a follow-up by a reference date, and why
 * (due.h).  One set-based query over the indexes of schema/0005: the
 * last visit of each chain through followup_due, enrolment from
 * condition and person, the management year's visits through
 * followup_person, open referrals; no loop over people.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "cover_int.h"

/*
 * Candidates, "why" codes (enum fdss_due_why): 1 next due from a visit,
 * 2 first visit after diagnosis, 3 TB first home visit, 4 yearly
 * minimum, 5 referral, and with :all 6 no elderly check ever.  The
 * earliest per person and programme wins (on a tie, the lower code), or
 * with :all every one is kept, but for the first visit of a programme:
 * one per programme, from its earliest diagnosis (COPD and other
 * chronic conditions are both the chronic programme).  The elderly have no first visit, so
 * their pairs are only made when their yearly check can be due (:k5 >
 * 0) or with :all: the person table is not scanned for most of the
 * year.  Their "since" is the day they reached elderly.min_age.
 */
static const char sql_due[] =
	"WITH need(program, n, k) AS (VALUES"
	" ('hypertension', :n1, :k1), ('diabetes', :n2, :k2),"
	" ('smi', :n3, :k3), ('tb', 0, 0), ('elderly', :n5, :k5),"
	" ('chronic', :n6, :k6)),"
	"enrol(id_number, program, since) AS ("
	" SELECT id_number, fdss_program_of(kind), since FROM condition"
	"  WHERE status = 'active'"
	" UNION ALL"
	" SELECT id_number, 'elderly', date(birth_date, :agey) FROM person"
	"  WHERE (:k5 > 0 OR :all) AND birth_date <= :cut"
	"  AND status = 'active'),"
	"pair AS MATERIALIZED ("
	" SELECT e.id_number, e.program, e.since, nd.n, nd.k,"
	"  CASE WHEN nd.k > 0 AND (e.since IS NULL OR e.since < :y0"
	"   OR e.program = 'elderly') THEN"
	"   (SELECT count(*) FROM followup f WHERE f.id_number = e.id_number"
	"    AND f.program = e.program AND f.visit_date >= :y0"
	"    AND f.visit_date <= :ref) END AS cnt,"
	"  EXISTS (SELECT 1 FROM followup f WHERE f.id_number = e.id_number"
	"   AND f.program = e.program) AS seen"
	" FROM enrol e JOIN need nd ON nd.program = e.program"
	" WHERE :program IS NULL OR e.program = :program),"
	"cand(id_number, program, due, why, arg, n) AS ("
	" SELECT f.id_number, f.program, f.next_due, 1, f.visit_date, NULL"
	" FROM followup f WHERE f.latest = 1 AND f.next_due <= :lim"
	"  AND (:program IS NULL OR f.program = :program)"
	"  AND CASE f.program"
	"   WHEN 'elderly' THEN (SELECT p.birth_date <= :cut FROM person p"
	"    WHERE p.id_number = f.id_number)"
	"   ELSE EXISTS (SELECT 1 FROM condition c WHERE c.id_number ="
	"    f.id_number AND c.status = 'active'"
	"    AND fdss_program_of(c.kind) = f.program) END"
	" UNION ALL"
	" SELECT id_number, program, due, why, since, NULL FROM ("
	"  SELECT id_number, program, since,"
	"   CASE WHEN since IS NULL THEN :y0"
	"    WHEN program = 'tb' THEN date(since, :tbdays)"
	"    WHEN program = 'elderly' THEN date(since, :elmonths)"
	"    ELSE since END AS due,"
	"   CASE WHEN program = 'elderly' THEN 6"
	"    WHEN program = 'tb' AND since IS NOT NULL THEN 3 ELSE 2 END"
	"    AS why"
	"  FROM pair WHERE NOT seen AND (program <> 'elderly' OR :all))"
	" WHERE due <= :lim"
	" UNION ALL"
	" SELECT id_number, program, date(:y0, '+' || ((cnt + 1) * 12 / n)"
	"  || ' months', '-1 day'), 4, cnt, n FROM pair WHERE cnt < k"
	" UNION ALL"
	" SELECT r.id_number, coalesce(r.program, 'referral'), r.due_date, 5,"
	"  r.referral_date, NULL FROM referral r"
	" WHERE r.satisfied_by IS NULL AND r.due_date <= :lim"
	"  AND r.referral_date <= :ref"
	"  AND (:program IS NULL OR coalesce(r.program, 'referral') = :program)"
	"  AND NOT EXISTS (SELECT 1 FROM followup f"
	"   WHERE f.id_number = r.id_number"
	"   AND (r.program IS NULL OR f.program = r.program)"
	"   AND f.visit_date > r.referral_date AND f.visit_date <= :ref)"
	"),"
	"best AS ("
	" SELECT id_number, program, min(due || why) AS m, arg, n FROM cand"
	" GROUP BY id_number, program,"
	"  iif(:all, iif(why IN (2, 3), why, due || why || arg), 0)),"
	"rows AS ("
	" SELECT b.id_number, p.name, b.program, substr(b.m, 1, 10) AS due,"
	"  CAST(substr(b.m, 11) AS INTEGER) AS why, b.arg, b.n,"
	"  (SELECT f.visit_date FROM followup f WHERE f.id_number = b.id_number"
	"   AND (b.program = 'referral' OR f.program = b.program)"
	"   AND f.visit_date <= :ref ORDER BY f.visit_date DESC LIMIT 1)"
	"   AS last_visit,"
	/* the contract covering them at :ref, by the person's index */
	"  (SELECT v.contract_id FROM contract_cover v"
	"   WHERE v.id_number = b.id_number"
	"   AND " FDSS__COVER_STATUS("v", ":ref") " = 'active'"
	"   ORDER BY v.start_date DESC LIMIT 1) AS contract_id,"
	"  h.village_code, p.phone"
	" FROM best b JOIN person p ON p.id_number = b.id_number"
	" JOIN household h ON h.household_no = p.household_no"
	" WHERE p.status = 'active' AND (:lo IS NULL"
	"  OR (h.village_code >= :lo AND h.village_code < :hi)))"
	"SELECT r.id_number, r.name, r.program, r.due, r.why, r.arg, r.n,"
	" r.last_visit, k.doctor, k.team_code, r.village_code, r.phone,"
	" t.name, av.name, av.parent, au.name"
	" FROM rows r LEFT JOIN contract k ON k.id = r.contract_id"
	" LEFT JOIN team t ON t.code = k.team_code"
	" LEFT JOIN area av ON av.code = r.village_code"
	" LEFT JOIN area au ON au.code = av.parent"
	" WHERE :team IS NULL OR k.team_code = :team"
	/* :all: by team (none last) and village first */
	" ORDER BY iif(:all, k.team_code IS NULL, 0),"
	" iif(:all, k.team_code, 0), iif(:all, r.village_code, 0),"
	" r.due, r.village_code, r.id_number, r.program, r.why";

/* The programmes with a yearly minimum, in the order of need's rows. */
static const char *const yearly[] = {
	":n1", ":k1", ":n2", ":k2", ":n3", ":k3", ":n5", ":k5", ":n6", ":k6"
};

/* Visit k of n in the year from y0 is due by the end of its k-th n-th. */
static fdss_date yearly_deadline(fdss_date y0, int k, int n)
{
	return fdss_date_add_days(fdss_date_add_months(y0, k * 12 / n), -1);
}

/* How many of the n yearly visits from y0 are due by lim. */
static int yearly_due(fdss_date y0, int n, fdss_date lim)
{
	int k = 0;

	while (k < n && yearly_deadline(y0, k + 1, n) <= lim)
		k++;
	return k;
}

static int bind_date(sqlite3_stmt *st, const char *name, fdss_date d)
{
	char buf[FDSS_DATE_BUFSZ];

	return sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, name),
				 fdss_date_format(buf, d), -1,
				 SQLITE_TRANSIENT);
}

static int bind_str(sqlite3_stmt *st, const char *name, const char *s)
{
	return sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, name),
				 s, -1, SQLITE_TRANSIENT);
}

static int bind_int(sqlite3_stmt *st, const char *name, int v)
{
	return sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, name),
				v);
}

static int bind_rules(sqlite3_stmt *st, const fdss_rules *r, fdss_date y0,
		      fdss_date lim)
{
	const int n[] = { r->hypertension.visits_per_year,
			  r->diabetes.visits_per_year,
			  r->smi.visits_per_year,
			  r->elderly.visits_per_year,
			  r->chronic.visits_per_year };
	char tb[32], agey[32], elmonths[32];
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; rc == SQLITE_OK && i < sizeof(n) / sizeof(n[0]); i++) {
		int k = n[i] > 0 ? yearly_due(y0, n[i], lim) : 0;

		if ((rc = bind_int(st, yearly[2 * i], n[i] > 0 ? n[i] : 1)) ==
		    SQLITE_OK)
			rc = bind_int(st, yearly[2 * i + 1], k);
	}
	snprintf(tb, sizeof(tb), "+%d days",
		 (r->tb.first_visit_hours + 23) / 24);
	snprintf(agey, sizeof(agey), "+%d years", r->elderly.min_age);
	snprintf(elmonths, sizeof(elmonths), "+%d months",
		 r->elderly.interval_months);
	if (rc == SQLITE_OK)
		rc = bind_str(st, ":tbdays", tb);
	if (rc == SQLITE_OK)
		rc = bind_str(st, ":agey", agey);
	return rc != SQLITE_OK ? rc : bind_str(st, ":elmonths", elmonths);
}

static int bind_query(fdss_db *db, sqlite3_stmt *st, const fdss_due_query *q,
		      const fdss_rules *r)
{
	fdss_date y0 = fdss_date_year_start(q->ref,
					     r->general.year_start_month);
	fdss_date lim = fdss_date_add_days(q->ref, q->within);
	char lo[16], hi[16];
	int rc;

	if (q->area) {
		snprintf(lo, sizeof(lo), "%s", q->area);
		snprintf(hi, sizeof(hi), "%s;", q->area);
	}
	if ((rc = bind_rules(st, r, y0, lim)) ||
	    (rc = bind_date(st, ":ref", q->ref)) ||
	    (rc = bind_date(st, ":lim", lim)) ||
	    (rc = bind_date(st, ":y0", y0)) ||
	    (rc = bind_date(st, ":cut", fdss_age_cutoff(q->ref,
						       r->elderly.min_age))) ||
	    (rc = bind_str(st, ":program", q->program)) ||
	    (rc = bind_int(st, ":all", q->all_reasons != 0)) ||
	    (rc = bind_str(st, ":team", q->team)) ||
	    (rc = bind_str(st, ":lo", q->area ? lo : NULL)) ||
	    (rc = bind_str(st, ":hi", q->area ? hi : NULL)))
		return fdss__db_sqlfail(db, rc, "cannot list who is due");
	return FDSS_OK;
}

static int check_query(fdss_db *db, const fdss_due_query *q)
{
	if (q->within < 0)
		return fdss__db_fail(db, FDSS_EINVAL, "within %d days: a "
				     "number of days >= 0 expected", q->within);
	if (q->area && !fdss_area_level_of(q->area))
		return fdss__db_fail(db, FDSS_EINVAL, "area '%.40s': 2, 4, 6, "
				     "9 or 12 digits expected", q->area);
	if (q->program && strcmp(q->program, "referral") != 0 &&
	    !fdss_program_parse(q->program))
		return fdss__db_fail(db, FDSS_EINVAL, "programme '%.40s': "
				     "expected hypertension, diabetes, smi, "
				     "tb, elderly, chronic or referral",
				     q->program);
	return FDSS_OK;
}

/* The reason of row st in words, into buf. */
static const char *reason(char *buf, size_t n, sqlite3_stmt *st,
			  const fdss_rules *r)
{
	const char *arg = fdss__col(st, 5);

	switch (sqlite3_column_int(st, 4)) {
	case 1:
		snprintf(buf, n, "next due from the visit of %s", arg);
		break;
	case 2:
		if (*arg)
			snprintf(buf, n, "first visit after diagnosis on %s",
				 arg);
		else
			snprintf(buf, n, "first visit after diagnosis (date "
				 "unknown)");
		break;
	case 3:
		snprintf(buf, n, "tb first home visit within %d hours of "
			 "notification on %s", r->tb.first_visit_hours, arg);
		break;
	case 4:
		snprintf(buf, n, "yearly minimum not met: %s of %d visits",
			 arg, sqlite3_column_int(st, 6));
		break;
	case 6:
		snprintf(buf, n, "elderly check: none in %d months since "
			 "reaching %d on %s", r->elderly.interval_months,
			 r->elderly.min_age, arg);
		break;
	default:
		snprintf(buf, n, "referral of %s: follow-up due by %s", arg,
			 fdss__col(st, 3));
		break;
	}
	return buf;
}

/* Step st, calling fn for each row; fn's non-zero return, else FDSS_OK. */
static int walk(fdss_db *db, sqlite3_stmt *st, const fdss_due_query *q,
		const fdss_rules *r,
		int (*fn)(const fdss_due *d, void *arg), void *arg)
{
	char why[128];
	fdss_due d;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d.id_number = fdss__col(st, 0);
		d.name = fdss__col(st, 1);
		d.program = fdss__col(st, 2);
		d.due_date = fdss__col_date(st, 3);
		d.why = sqlite3_column_int(st, 4);
		d.reason = reason(why, sizeof(why), st, r);
		d.last_visit = fdss__col_date(st, 7);
		d.doctor = (const char *)sqlite3_column_text(st, 8);
		d.team = (const char *)sqlite3_column_text(st, 9);
		d.village_code = fdss__col(st, 10);
		d.days_overdue = (int)(q->ref - d.due_date);
		d.phone = (const char *)sqlite3_column_text(st, 11);
		d.team_name = (const char *)sqlite3_column_text(st, 12);
		d.village = (const char *)sqlite3_column_text(st, 13);
		d.township_code = (const char *)sqlite3_column_text(st, 14);
		d.township = (const char *)sqlite3_column_text(st, 15);
		if ((rc = fn(&d, arg)) != 0)
			return rc;
	}
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(db, rc, "cannot list who is due");
	return FDSS_OK;
}

int fdss_followup_due(fdss_db *db, const fdss_due_query *q,
		      int (*fn)(const fdss_due *d, void *arg), void *arg)
{
	fdss_rules r;
	sqlite3_stmt *st;
	int rc;

	if ((rc = check_query(db, q)) != FDSS_OK ||
	    (rc = fdss_rules_load(db, &r)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, sql_due)))
		return fdss_db_error(db)->code;
	if ((rc = bind_query(db, st, q, &r)) == FDSS_OK)
		rc = walk(db, st, q, &r, fn, arg);
	sqlite3_reset(st);
	return rc;
}

cJSON *fdss_due_to_json(const fdss_due *d)
{
	cJSON *rec = cJSON_CreateObject();
	char due[FDSS_DATE_BUFSZ], last[FDSS_DATE_BUFSZ] = "";

	fdss_date_format(due, d->due_date);
	if (d->last_visit)
		fdss_date_format(last, d->last_visit);
	if (rec && fdss__put_str(rec, "type", "due") &&
	    fdss__put_str(rec, "id_number", d->id_number) &&
	    fdss__put_str(rec, "name", d->name) &&
	    fdss__put_str(rec, "program", d->program) &&
	    fdss__put_str(rec, "due_date", due) &&
	    fdss__put_str(rec, "reason", d->reason) &&
	    fdss__put_str(rec, "last_visit", last) &&
	    fdss__put_str(rec, "doctor", d->doctor) &&
	    fdss__put_str(rec, "team", d->team) &&
	    fdss__put_str(rec, "village_code", d->village_code) &&
	    fdss__put_int(rec, "days_overdue", d->days_overdue, 0))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}
