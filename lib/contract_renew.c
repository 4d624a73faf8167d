/*
 * contract_renew.c: a renewal — the members of an approved contract
 * still active, with their packages still eligible, signed again from
 * the day after it ends (contract_plan.c); one contract named, or every
 * contract due within the reminder window.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"

/* The packages of the first contract year, in primary-key order: by
 * member, basic first (it sorts first). */
static const char sql_old_packages[] =
	"SELECT id_number, package_code FROM contract_fee"
	" WHERE contract_id = ?1 AND year_start ="
	" (SELECT start_date FROM contract WHERE id = ?1)";

static const char sql_due[] =
	"INSERT INTO temp.fdss_due (id) SELECT c.id FROM contract c"
	" WHERE c.status = 'active' AND c.end_date >= ?1 AND c.end_date <= ?2"
	" AND NOT EXISTS (SELECT 1 FROM contract s WHERE s.renews = c.id)"
	" ORDER BY c.end_date, c.id";

/* FDSS__AHEAD of them */
static const char sql_due_next[] =
	"SELECT id FROM temp.fdss_due WHERE id > ?1 ORDER BY id LIMIT 256";

/* --- renewal ---------------------------------------------------------------- */

/* Keep old package code of member m if still eligible at start (basic
 * always). */
static int keep_package(fdss_contract_batch *b, struct cmember *m,
			const char *code, fdss_date start)
{
	const fdss_package *p = fdss__batch_package(b, code);
	int rc;

	if (p && p->condition &&
	    (rc = fdss__member_conditions(b, m)) != FDSS_OK)
		return rc;
	if (p && (!p->personalised || fdss_package_eligible(p, m->sex,
		  fdss_date_age(m->birth_date, start), m->conditions,
		  NULL, 0)))
		return fdss__cbuild_package(&b->cur, m, p->code);
	return FDSS_OK;
}

/* The old members still active, each with the old packages still
 * eligible at the new start, read one contract at a time. */
static int renewal_members(fdss_contract_batch *b, int64_t old,
			   const char *household, fdss_date start)
{
	sqlite3_stmt *st;
	size_t k = 0;
	int rc, s;

	if ((rc = fdss__sign_renewal_members(b, old, household,
			start < b->o.ref ? start : b->o.ref)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(b->db, sql_old_packages)))
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, old))
		return fdss__db_bindfail(b->db, st, "cannot read contract");
	while (rc == FDSS_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		while (k < b->cur.nm && strcmp(b->cur.m[k].id_number, id) < 0)
			k++;
		if (k == b->cur.nm || strcmp(b->cur.m[k].id_number, id) != 0)
			continue;	/* no longer active */
		rc = keep_package(b, &b->cur.m[k], fdss__col(st, 1), start);
	}
	if (rc == FDSS_OK && s != SQLITE_DONE)
		rc = fdss__db_sqlfail(b->db, s, "cannot read contract");
	sqlite3_reset(st);
	return rc;
}

/* Contract i of a, read ahead as renewal_members() would read it now:
 * not when a member may be covered by a renewal made since. */
static int ahead_fresh(const struct renew_ahead *a, size_t i, int64_t old,
		       fdss_date from)
{
	size_t j;

	if (i >= a->n || a->ids[i] != old ||
	    (a->first[i] < a->first[i + 1] && a->from[i] != from))
		return 0;
	for (j = a->first[i]; j < a->first[i + 1]; j++)
		if (a->cb.m[j].covered_by < 0)
			return 0;
	return 1;
}

/* renewal_members() from contract i of a. */
static int ahead_members(fdss_contract_batch *b, const struct renew_ahead *a,
			 size_t i, fdss_date start)
{
	struct carena *s = &b->cur.strings;
	size_t j, k;
	int rc;

	for (j = a->first[i]; j < a->first[i + 1]; j++) {
		const struct cmember *o = &a->cb.m[j];
		struct cmember *m = fdss__cbuild_member(&b->cur);

		if (!m || !(m->id_number = fdss__carena_strdup(s, o->id_number)) ||
		    !(m->name = fdss__carena_strdup(s, o->name)))
			return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
		m->sex = o->sex;
		m->birth_date = o->birth_date;
		m->poverty = o->poverty;
		m->serious = o->serious;
		m->covered_by = o->covered_by;
		for (k = 0; k < o->npkg; k++)
			if ((rc = keep_package(b, m, a->cb.pkgs[o->pkg0 + k],
					       start)) != FDSS_OK)
				return rc;
	}
	return FDSS_OK;
}

/* Renew the contract whose own row is loaded in b->cur. */
static int renew_loaded(fdss_contract_batch *b, const fdss_renew_req *r,
			const struct renew_ahead *a, size_t i)
{
	const fdss_contract *c = &b->cur.c;
	const char *number = c->number;
	struct sign_plan p;
	char e[FDSS_DATE_BUFSZ];
	int64_t old;
	int rc, active = 0;

	if (strcmp(c->status, "active") != 0)
		return fdss__batch_reject(b, number, "is %s; only an approved "
					  "contract can be renewed", c->status);
	if (c->renewed_by)
		return fdss__batch_reject(b, number, "already renewed by %s",
					  c->renewed_by);
	if (b->o.ref > fdss_date_add_days(c->end, (int)b->grace_days))
		return fdss__batch_reject(b, number, "ended on %s, more than "
			"%lld days ago (setting renewal_grace_days); sign a "
			"new contract", fdss_date_format(e, c->end),
			b->grace_days);
	memset(&p, 0, sizeof(p));
	p.household_no = c->household_no;
	p.village_code = c->village_code;
	p.team = r && r->team ? r->team : c->team;
	p.doctor = strcmp(p.team, c->team) == 0 ? c->doctor : NULL;
	/* a doctor who left the team hands the renewal to its own doctor */
	if (p.doctor && fdss__batch_doctor(b, p.team, p.doctor))
		active = 1;
	else if (p.doctor && (rc = fdss_team_doctor_active(b->db, p.team,
					p.doctor, &active)) != FDSS_OK)
		return rc;
	if (!active)
		p.doctor = NULL;
	p.old_team = c->team;
	p.old_doctor = c->doctor;
	p.years = r && r->years ? r->years : c->years;
	p.renewal = 1;
	p.start = fdss_date_add_days(c->end, 1);
	p.renews = old = c->id;
	p.renews_number = number;
	/* the members replace the loaded contract in b->cur; the strings
	 * of the plan stay in its arena */
	b->cur.nm = b->cur.npkgs = b->cur.nfees = 0;
	memset(&b->cur.c, 0, sizeof(b->cur.c));
	if (a && ahead_fresh(a, i, old, p.start < b->o.ref ? p.start
							  : b->o.ref))
		rc = ahead_members(b, a, i, p.start);
	else
		rc = renewal_members(b, old, p.household_no, p.start);
	if (rc)
		return rc;
	if (!b->cur.nm)
		return fdss__batch_reject(b, number, "none of its members is "
					  "still active");
	return fdss__sign_plan(b, &p);
}

int fdss_contract_renew(fdss_contract_batch *b, const char *number,
			const fdss_renew_req *r)
{
	int rc;

	b->core.read++;
	if ((rc = fdss__batch_find(b, number, 0)) != FDSS_OK)
		return rc;
	return renew_loaded(b, r, NULL, 0);
}

/* The next due contracts after at into a->ids, a->n of them. */
static int due_next(fdss_contract_batch *b, int64_t at, struct renew_ahead *a)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_due_next);
	int rc;

	a->n = 0;
	if (!st)
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, at))
		return fdss__db_bindfail(b->db, st, "cannot read");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n < FDSS__AHEAD)
		a->ids[a->n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW
		       ? FDSS_OK : fdss__db_sqlfail(b->db, rc, "cannot read");
}

/* Renew the due contracts of a, read ahead; *first: the first
 * rejection's FDSS_EDATA. */
static int renew_chunk(fdss_contract_batch *b, const fdss_renew_req *r,
		       struct renew_ahead *a, int *first)
{
	size_t i;
	int rc;

	if ((rc = fdss__sign_renewal_ahead(b, a)) != FDSS_OK)
		return rc;
	for (i = 0; i < a->n; i++) {
		b->core.read++;
		rc = fdss__contract_load_part(b->db, a->ids[i], &b->cur, 0);
		if (rc == FDSS_OK)
			rc = renew_loaded(b, r, a, i);
		if (rc != FDSS_OK && rc != FDSS_EDATA)
			return rc;
		if (*first == FDSS_OK)
			*first = rc;
	}
	return FDSS_OK;
}

int fdss_contract_renew_due(fdss_contract_batch *b, int days,
			    const fdss_renew_req *r)
{
	char lo[FDSS_DATE_BUFSZ], hi[FDSS_DATE_BUFSZ];
	struct renew_ahead a;
	int64_t at = 0;
	sqlite3_stmt *st;
	int rc, first = FDSS_OK;

	if (days < 0)
		days = (int)b->reminder_days;
	if (!(st = fdss__db_prepare(b->db, sql_due)))
		return fdss_db_error(b->db)->code;
	fdss_date_format(lo, fdss_date_add_days(b->o.ref, -(int)b->grace_days));
	fdss_date_format(hi, fdss_date_add_days(b->o.ref, days));
	if (sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT))
		return fdss__db_bindfail(b->db, st, "cannot find contracts");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(b->db, rc, "cannot find contracts");
	memset(&a, 0, sizeof(a));
	do {
		if ((rc = due_next(b, at, &a)) != FDSS_OK ||
		    (rc = renew_chunk(b, r, &a, &first)) != FDSS_OK)
			break;
		at = a.n ? a.ids[a.n - 1] : at;
	} while (a.n == FDSS__AHEAD);
	fdss__cbuild_release(&a.cb);
	return rc != FDSS_OK ? rc : first;
}
