/*
 * contract_store.c: a signed contract stored — its row, its members,
 * their fee rows — and audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"

static const char sql_contract_insert[] =
	"INSERT INTO contract (number, household_no, team_code, doctor,"
	" start_date, end_date, years, status, renews, created, reviewed_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?10)";

static const char sql_member_insert[] =
	"INSERT INTO contract_member (contract_id, id_number) VALUES (?1, ?2)";

/* A member's package for a contract year, also when nobody pays for
 * it; ?5 to ?8: the payers of enum fdss_payer in order. */
static const char sql_fee_insert[] =
	"INSERT INTO contract_fee (contract_id, id_number, package_code,"
	" year_start, public_health_fen, insurance_fen, resident_fen,"
	" subsidy_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";


/* Bind a row of sql_fee_insert: by[] is indexed by enum fdss_payer. */
static int bind_fee(sqlite3_stmt *st, int64_t id, const char *id_number,
		    const char *pkg, const char *year_start, const int64_t *by)
{
	int p, rc;

	if ((rc = sqlite3_bind_int64(st, 1, id)) ||
	    (rc = fdss__bind_text(st, 2, id_number, 0)) ||
	    (rc = fdss__bind_text(st, 3, pkg, 0)) ||
	    (rc = fdss__bind_text(st, 4, year_start, 0)))
		return rc;
	for (p = FDSS_PAYER_PUBLIC_HEALTH; p <= FDSS_PAYER_SUBSIDY; p++)
		if ((rc = sqlite3_bind_int64(st, 4 + p, by[p])))
			return rc;
	return SQLITE_OK;
}

/*
 * The packages of m, one row for each package and year with what each
 * payer pays: price() made m's fee lines year by year and package by
 * package, none for a payer who pays nothing.
 */
int fdss__store_member(fdss_contract_batch *b, int64_t id,
			const struct cmember *m, const struct years *y)
{
	const struct cbuild *cb = &b->cur;
	const fdss_contract_fee *f = cb->fees + m->fee0;
	sqlite3_stmt *st;
	size_t i = 0, j;
	int k, rc;

	if (!(st = fdss__db_prepare(b->db, sql_member_insert)))
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, id) ||
	    fdss__bind_text(st, 2, m->id_number, 0))
		return fdss__db_bindfail(b->db, st, "cannot store the contract");
	if ((rc = fdss__batch_exec(b->db, st,
				   "cannot store the contract")) != FDSS_OK)
		return rc;
	for (k = 0; k < y->n; k++) {
		fdss_date ys = y->at[k];

		for (j = 0; j < m->npkg; j++) {
			const char *pkg = cb->pkgs[m->pkg0 + j];
			int64_t by[FDSS_PAYER_SUBSIDY + 1] = { 0 };

			for (; i < m->nfee && f[i].year_start == ys &&
			       strcmp(f[i].package, pkg) == 0; i++)
				if (f[i].payer >= FDSS_PAYER_PUBLIC_HEALTH &&
				    f[i].payer <= FDSS_PAYER_SUBSIDY)
					by[f[i].payer] += f[i].amount_fen;
			if (!(st = fdss__db_prepare(b->db, sql_fee_insert)))
				return fdss_db_error(b->db)->code;
			if ((rc = bind_fee(st, id, m->id_number, pkg,
					   y->text[k], by)) != SQLITE_OK)
				return fdss__db_bindfail(b->db, st, "cannot "
							 "store the contract");
			if ((rc = fdss__batch_exec(b->db, st, "cannot "
						   "store the contract")))
				return rc;
		}
	}
	return FDSS_OK;
}

static int audit_new(fdss_contract_batch *b, const fdss_contract *c)
{
	fdss_jbuf *j = &b->text;
	char d[FDSS_DATE_BUFSZ];
	int rc;

	fdss_jbuf_reset(j);
	fdss_jbuf_open(j, '{');
	fdss_jbuf_kstr(j, "household_no", c->household_no);
	fdss_jbuf_kstr(j, "team", c->team);
	fdss_jbuf_kstr(j, "doctor", c->doctor);
	fdss_jbuf_kstr(j, "start_date", fdss_date_format(d, c->start));
	fdss_jbuf_kstr(j, "end_date", fdss_date_format(d, c->end));
	fdss_jbuf_kint(j, "years", c->years);
	fdss_jbuf_kstr(j, "status", c->status);
	if (c->renews)
		fdss_jbuf_kstr(j, "renews", c->renews);
	fdss_jbuf_kint(j, "members", (int64_t)c->nmembers);
	fdss_jbuf_close(j, '}');
	if ((rc = fdss_jbuf_rc(j)) != FDSS_OK)
		return fdss__db_fail(b->db, rc, "out of memory");
	return fdss_audit_record(b->db, "contract", c->number, NULL, j->s,
				 c->renews ? "renewal" : NULL);
}

int fdss__store_contract(fdss_contract_batch *b, const struct sign_plan *p,
		 const struct years *y)
{
	fdss_contract *c = &b->cur.c;
	char number[64];
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = fdss__batch_number(b, number, sizeof(number))) != FDSS_OK)
		return rc;
	if (!(c->number = fdss__carena_strdup(&b->cur.strings, number)))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	if (!(st = fdss__db_prepare(b->db, sql_contract_insert)))
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, c->number, 0) ||
	    fdss__bind_text(st, 2, c->household_no, 0) ||
	    fdss__bind_text(st, 3, c->team, 0) ||
	    fdss__bind_text(st, 4, c->doctor, 0) ||
	    fdss__bind_date(st, 5, c->start) || fdss__bind_date(st, 6, c->end) ||
	    sqlite3_bind_int(st, 7, c->years) ||
	    fdss__bind_text(st, 8, c->status, 0) ||
	    (p->renews && sqlite3_bind_int64(st, 9, p->renews)) ||
	    (b->o.approve && fdss__bind_date(st, 10, b->o.ref)))
		return fdss__db_bindfail(b->db, st, "cannot store the contract");
	if ((rc = fdss__batch_exec(b->db, st,
				   "cannot store the contract")) != FDSS_OK)
		return rc;
	c->id = sqlite3_last_insert_rowid(fdss__db_sqlite(b->db));
	for (i = 0; i < b->cur.nm; i++)
		if ((rc = fdss__store_member(b, c->id, &b->cur.m[i],
					      y)) != FDSS_OK)
			return rc;
	if (!p->renews)
		snprintf(b->last_signed, sizeof(b->last_signed), "%s",
			 c->household_no);
	if ((rc = fdss__cbuild_finish(&b->cur)) != FDSS_OK)
		return rc;
	if (b->o.approve && !(c->reviewed_at = fdss__carena_strdup(
				&b->cur.strings, fdss_date_format(number, b->o.ref))))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	return audit_new(b, c);
}
