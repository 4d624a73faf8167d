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

#define DUE_CHUNK 256

static const char sql_due_next[] =
	"SELECT id FROM temp.fdss_due WHERE id > ?1 ORDER BY id LIMIT 256";

/* --- renewal ---------------------------------------------------------------- */

/* The old members still active, each with the old packages still
 * eligible at the new start (basic always). */
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
		const fdss_package *p = fdss__batch_package(b,
			(const char *)sqlite3_column_text(st, 1));
		struct cmember *m;

		while (k < b->cur.nm && strcmp(b->cur.m[k].id_number, id) < 0)
			k++;
		if (k == b->cur.nm || strcmp(b->cur.m[k].id_number, id) != 0)
			continue;	/* no longer active */
		m = &b->cur.m[k];
		if (p && p->condition &&
		    (rc = fdss__member_conditions(b, m)) != FDSS_OK)
			break;
		if (p && (!p->personalised || fdss_package_eligible(p, m->sex,
			  fdss_date_age(m->birth_date, start), m->conditions,
			  NULL, 0)))
			rc = fdss__cbuild_package(&b->cur, m, p->code);
	}
	if (rc == FDSS_OK && s != SQLITE_DONE)
		rc = fdss__db_sqlfail(b->db, s, "cannot read contract");
	sqlite3_reset(st);
	return rc;
}

/* Renew the contract whose own row is loaded in b->cur. */
static int renew_loaded(fdss_contract_batch *b, const fdss_renew_req *r)
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
	if ((rc = renewal_members(b, old, p.household_no, p.start)))
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
	return renew_loaded(b, r);
}

/* The next due contracts after at into ids (DUE_CHUNK), *n of them. */
static int due_next(fdss_contract_batch *b, int64_t at, int64_t *ids,
		    size_t *n)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_due_next);
	int rc;

	*n = 0;
	if (!st)
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, at))
		return fdss__db_bindfail(b->db, st, "cannot read");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < DUE_CHUNK)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW
		       ? FDSS_OK : fdss__db_sqlfail(b->db, rc, "cannot read");
}

int fdss_contract_renew_due(fdss_contract_batch *b, int days,
			    const fdss_renew_req *r)
{
	char lo[FDSS_DATE_BUFSZ], hi[FDSS_DATE_BUFSZ];
	int64_t ids[DUE_CHUNK], at = 0;
	sqlite3_stmt *st;
	size_t i, n;
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
	do {
		if ((rc = due_next(b, at, ids, &n)) != FDSS_OK)
			return rc;
		for (i = 0; i < n; i++) {
			b->core.read++;
			rc = fdss__contract_load_part(b->db, ids[i], &b->cur, 0);
			if (rc == FDSS_OK)
				rc = renew_loaded(b, r);
			if (rc != FDSS_OK && rc != FDSS_EDATA)
				return rc;
			if (first == FDSS_OK)
				first = rc;
		}
		at = n ? ids[n - 1] : at;
	} while (n == DUE_CHUNK);
	return first;
}
