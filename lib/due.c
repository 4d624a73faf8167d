/*
 * due.c: due lists — who needs a follow-up by a reference date, and why
 * (due.h).  One set-based query over the indexes of schema/0005: the
 * last visit of each chain through followup_due, enrolment from
 * condition and person, the management year's visits through
 * followup_person, open referrals; no loop over people.
 */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "internal.h"
#include "cover_int.h"
#include "due_int.h"

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
 *
 * The text also runs in the provincial PostgreSQL store (due_int.h,
 * fdss-push(1)), which has iif(), date() and fdss_program_of() as SQLite
 * has them: so no bare columns beside min() (the argument rides in m), a
 * typed first NULL of a UNION column (0 + NULL) and an alias on every
 * subquery in FROM.
 */
const char fdss__due_sql[] =
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
	" AND f.program = e.program AND f.visit_date >= :y0"
	" AND f.visit_date <= :ref) END AS cnt,"
	"  EXISTS (SELECT 1 FROM followup f WHERE f.id_number = e.id_number"
	"   AND f.program = e.program) AS seen"
	" FROM enrol e JOIN need nd ON nd.program = e.program"
	" WHERE :program IS NULL OR e.program = :program),"
	"cand(id_number, program, due, why, arg, n) AS ("
	" SELECT f.id_number, f.program, f.next_due, 1, f.visit_date, 0 + NULL"
	" FROM followup f WHERE f.latest = 1 AND f.next_due <= :lim"
	"  AND (:program IS NULL OR f.program = :program)"
	"  AND CASE f.program"
	" WHEN 'elderly' THEN (SELECT p.birth_date <= :cut FROM person p"
	" WHERE p.id_number = f.id_number)"
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
	"  FROM pair WHERE NOT seen AND (program <> 'elderly' OR :all)) x"
	" WHERE due <= :lim"
	" UNION ALL"
	" SELECT id_number, program, date(:y0, '+' || ((cnt + 1) * 12 / n)"
	"  || ' months', '-1 day'), 4, CAST(cnt AS TEXT), n FROM pair"
	" WHERE cnt < k"
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
	/* the argument of the earliest (the least, on a tie) rides in m;
	 * n is the yearly rows' own */
	"best AS ("
	" SELECT id_number, program, min(due || why || coalesce(arg, '')) AS m,"
	" max(n) AS n FROM cand"
	" GROUP BY id_number, program,"
	"  iif(:all, iif(why IN (2, 3), why, due || why || arg), 0)),"
	"rows AS ("
	" SELECT b.id_number, p.name, b.program, substr(b.m, 1, 10) AS due,"
	"  CAST(substr(b.m, 11, 1) AS INTEGER) AS why, substr(b.m, 12) AS arg,"
	"  b.n,"
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

/* Add parameter name: text s (NULL: SQL NULL), or the integer v. */
static void param(struct fdss__due_params *p, const char *name,
		  const char *s, int is_int, int v)
{
	struct fdss__due_param *x = &p->p[p->n++];

	x->name = name;
	x->is_int = is_int;
	x->text = s;
	if (is_int) {
		snprintf(x->buf, sizeof(x->buf), "%d", v);
		x->text = x->buf;
	}
}

static void param_date(struct fdss__due_params *p, const char *name,
		       fdss_date d)
{
	struct fdss__due_param *x = &p->p[p->n];

	param(p, name, fdss_date_format(x->buf, d), 0, 0);
}

static void params_rules(struct fdss__due_params *p, const fdss_rules *r,
			 fdss_date y0, fdss_date lim)
{
	const int n[] = { r->hypertension.visits_per_year,
			  r->diabetes.visits_per_year,
			  r->smi.visits_per_year,
			  r->elderly.visits_per_year,
			  r->chronic.visits_per_year };
	struct fdss__due_param *x;
	size_t i;

	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		int k = n[i] > 0 ? yearly_due(y0, n[i], lim) : 0;

		param(p, yearly[2 * i], NULL, 1, n[i] > 0 ? n[i] : 1);
		param(p, yearly[2 * i + 1], NULL, 1, k);
	}
	x = &p->p[p->n];
	snprintf(x->buf, sizeof(x->buf), "+%d days",
		 (r->tb.first_visit_hours + 23) / 24);
	param(p, ":tbdays", x->buf, 0, 0);
	x = &p->p[p->n];
	snprintf(x->buf, sizeof(x->buf), "+%d years", r->elderly.min_age);
	param(p, ":agey", x->buf, 0, 0);
	x = &p->p[p->n];
	snprintf(x->buf, sizeof(x->buf), "+%d months",
		 r->elderly.interval_months);
	param(p, ":elmonths", x->buf, 0, 0);
}

void fdss__due_params_of(struct fdss__due_params *p, const fdss_due_query *q,
			 const fdss_rules *r)
{
	fdss_date y0 = fdss_date_year_start(q->ref,
					     r->general.year_start_month);
	fdss_date lim = fdss_date_add_days(q->ref, q->within);

	p->n = 0;
	params_rules(p, r, y0, lim);
	param_date(p, ":ref", q->ref);
	param_date(p, ":lim", lim);
	param_date(p, ":y0", y0);
	param_date(p, ":cut", fdss_age_cutoff(q->ref, r->elderly.min_age));
	param(p, ":program", q->program, 0, 0);
	param(p, ":all", NULL, 1, q->all_reasons != 0);
	param(p, ":team", q->team, 0, 0);
	/* the area is checked: 2 to 12 digits */
	snprintf(p->lo, sizeof(p->lo), "%s", q->area ? q->area : "");
	snprintf(p->hi, sizeof(p->hi), "%s;", q->area ? q->area : "");
	param(p, ":lo", q->area ? p->lo : NULL, 0, 0);
	param(p, ":hi", q->area ? p->hi : NULL, 0, 0);
}

static int bind_query(fdss_db *db, sqlite3_stmt *st, const fdss_due_query *q,
		      const fdss_rules *r)
{
	struct fdss__due_params p;
	int i, k, rc = SQLITE_OK;

	fdss__due_params_of(&p, q, r);
	for (i = 0; rc == SQLITE_OK && i < p.n; i++) {
		k = sqlite3_bind_parameter_index(st, p.p[i].name);
		if (p.p[i].is_int)
			rc = sqlite3_bind_int(st, k, (int)strtol(p.p[i].text,
							      NULL, 10));
		else
			rc = sqlite3_bind_text(st, k, p.p[i].text, -1,
					       SQLITE_TRANSIENT);
	}
	if (rc != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot list who is due");
	return FDSS_OK;
}

int fdss__due_check(fdss_db *db, const fdss_due_query *q)
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

/* Column i of row v as text, "" when NULL. */
static const char *col(const char *const *v, int i)
{
	return v[i] ? v[i] : "";
}

static int col_int(const char *const *v, int i)
{
	return v[i] ? (int)strtol(v[i], NULL, 10) : 0;
}

/* Column i as a date, 0 when NULL or not a date (fdss__col_date). */
static fdss_date col_date(const char *const *v, int i)
{
	fdss_date d;

	return v[i] && fdss_date_parse(&d, v[i], NULL) == FDSS_OK ? d : 0;
}

/* The reason of row v in words, into buf. */
static const char *reason(char *buf, size_t n, const char *const *v,
			  const fdss_rules *r)
{
	const char *arg = col(v, 5);

	switch (col_int(v, 4)) {
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
			 arg, col_int(v, 6));
		break;
	case 6:
		snprintf(buf, n, "elderly check: none in %d months since "
			 "reaching %d on %s", r->elderly.interval_months,
			 r->elderly.min_age, arg);
		break;
	default:
		snprintf(buf, n, "referral of %s: follow-up due by %s", arg,
			 col(v, 3));
		break;
	}
	return buf;
}

int fdss__due_row(const char *const *v, const fdss_due_query *q,
		  const fdss_rules *r,
		  int (*fn)(const fdss_due *d, void *arg), void *arg)
{
	char why[128];
	fdss_due d;

	d.id_number = col(v, 0);
	d.name = col(v, 1);
	d.program = col(v, 2);
	d.due_date = col_date(v, 3);
	d.why = col_int(v, 4);
	d.reason = reason(why, sizeof(why), v, r);
	d.last_visit = col_date(v, 7);
	d.doctor = v[8];
	d.team = v[9];
	d.village_code = col(v, 10);
	d.days_overdue = (int)(q->ref - d.due_date);
	d.phone = v[11];
	d.team_name = v[12];
	d.village = v[13];
	d.township_code = v[14];
	d.township = v[15];
	return fn(&d, arg);
}

/* What a walk of the due list hands each row to. */
struct due_walk {
	const fdss_due_query *q;
	const fdss_rules *r;
	int (*fn)(const fdss_due *d, void *arg);
	void *arg;
};

static int due_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct due_walk *w = ctx;
	const char *v[FDSS__DUE_COLS];
	int i;

	(void)db;
	for (i = 0; i < FDSS__DUE_COLS; i++)
		v[i] = (const char *)sqlite3_column_text(st, i);
	return fdss__due_row(v, w->q, w->r, w->fn, w->arg);
}

int fdss_followup_due(fdss_db *db, const fdss_due_query *q,
		      int (*fn)(const fdss_due *d, void *arg), void *arg)
{
	fdss_rules r;
	sqlite3_stmt *st;
	int rc;

	if ((rc = fdss__due_check(db, q)) != FDSS_OK ||
	    (rc = fdss_rules_load(db, &r)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, fdss__due_sql)))
		return fdss_db_error(db)->code;
	if ((rc = bind_query(db, st, q, &r)) == FDSS_OK)
		rc = fdss__walk(db, st, "cannot list who is due", due_row,
				&(struct due_walk){ q, &r, fn, arg });
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
