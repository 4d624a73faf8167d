/*
 * contract_fix.c: the contract side of a fix (fix.c, fix_person.c): a
 * contract's doctor changed or renamed, somebody who moves in joining
 * their new household's contract.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"
#include "cover_int.h"

static const char sql_set_doctor[] =
	"UPDATE contract SET doctor = ?2 WHERE id = ?1";
static const char sql_signed_members[] =
	"SELECT count(*) FROM contract_cover v WHERE v.contract_id = ?1"
	" AND " FDSS__COVER_SIGNED("v", "?2");

/* How many members of contract id are signed at b's date. */
static int signed_members(fdss_contract_batch *b, int64_t id, long *n)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_signed_members);
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, id) || fdss__bind_date(st, 2, b->o.ref))
		return fdss__db_bindfail(b->db, st, "cannot count members");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = (long)sqlite3_column_int64(st, 0);
		rc = FDSS_OK;
	} else {
		rc = fdss__db_sqlfail(b->db, rc, "cannot count members");
	}
	sqlite3_reset(st);
	return rc;
}

int fdss__contract_set_doctor(fdss_contract_batch *b, const char *number,
			      const char *doctor, int *changed_out)
{
	fdss_contract *c = &b->cur.c;
	fdss_jbuf bj = FDSS_JBUF_INIT;
	const char *to;
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	*changed_out = 0;
	if ((rc = fdss__batch_find(b, number, 0)) != FDSS_OK ||
	    (rc = signed_members(b, c->id, &n)) != FDSS_OK)
		return rc;
	if (strcmp(c->doctor, doctor) == 0)
		return FDSS_OK;
	if ((rc = fdss__sign_doctor(b, c->team, doctor, n, number, &to)))
		return rc;
	if (!(st = fdss__db_prepare(b->db, sql_set_doctor)))
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, c->id) || fdss__bind_text(st, 2, to, 0))
		return fdss__db_bindfail(b->db, st, "cannot change a contract");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(b->db, rc, "cannot change a contract");
	fdss__batch_audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "doctor", c->doctor);
	fdss_jbuf_kstr(&b->text, "doctor", to);
	b->ndoctors = 0;	/* counts changed */
	*changed_out = 1;
	return fdss__batch_audit_end(b, "contract", number, &bj, b->note);
}

static const char sql_doctor_contracts[] =
	"SELECT id, number FROM contract WHERE team_code = ?1 AND doctor = ?2"
	" ORDER BY id";

int fdss__contract_rename_doctor(fdss_contract_batch *b, const char *team,
				 const char *from, const char *to)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_doctor_contracts), *up;
	fdss_jbuf bj = FDSS_JBUF_INIT;
	int rc = FDSS_OK, s;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, team, 0) || fdss__bind_text(st, 2, from, 0))
		return fdss__db_bindfail(b->db, st, "cannot read contracts");
	while (rc == FDSS_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(up = fdss__db_prepare(b->db, sql_set_doctor))) {
			rc = fdss_db_error(b->db)->code;
			break;
		}
		if (sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0)) ||
		    fdss__bind_text(up, 2, to, 0)) {
			rc = fdss__db_bindfail(b->db, up, "cannot change a "
					       "contract");
			break;
		}
		s = sqlite3_step(up);
		sqlite3_reset(up);
		if (s != SQLITE_DONE) {
			rc = fdss__db_sqlfail(b->db, s, "cannot change a contract");
			break;
		}
		fdss__batch_audit_begin(b, &bj);
		fdss_jbuf_kstr(&bj, "doctor", from);
		fdss_jbuf_kstr(&b->text, "doctor", to);
		rc = fdss__batch_audit_end(b, "contract", fdss__col(st, 1), &bj,
					   b->note);
		s = SQLITE_ROW;
	}
	if (rc == FDSS_OK && s != SQLITE_DONE)
		rc = fdss__db_sqlfail(b->db, s, "cannot read contracts");
	sqlite3_reset(st);
	b->ndoctors = 0;
	return rc;
}

/* The household's contract active at ?2, with its village. */
static const char sql_household_active[] =
	"SELECT c.id, c.number, c.team_code, c.doctor, c.start_date, c.years,"
	" h.village_code, (SELECT ifnull(m.ended_on, '') FROM contract_member m"
	"  WHERE m.contract_id = c.id AND m.id_number = ?3)"
	" FROM contract c JOIN household h ON h.household_no = c.household_no"
	" WHERE c.household_no = ?1"
	" AND " FDSS__CONTRACT_STATUS("c", "?2") " = 'active'"
	" ORDER BY c.start_date DESC LIMIT 1";

/* The contract years of a contract from start (n of them) that are not
 * over before on: the fee lines of somebody who joins on on. */
static void years_from(struct years *y, fdss_date start, int n, fdss_date on)
{
	struct years all;
	fdss_date next;
	int k;

	fdss__contract_years(&all, start, n);
	y->n = 0;
	for (k = 0; k < all.n; k++) {
		next = k + 1 < all.n ? all.at[k + 1]
				     : fdss_contract_end(start, n) + 1;
		if (next <= on)
			continue;
		y->at[y->n] = all.at[k];
		memcpy(y->text[y->n], all.text[k], sizeof(all.text[k]));
		y->n++;
	}
}

/* id_number, now of household, joins contract (the row of st). */
static int join(fdss_contract_batch *b, sqlite3_stmt *st,
		const char *id_number, const char *household, fdss_date on)
{
	struct cbuild *cb = &b->cur;
	struct sign_plan p;
	struct years y;
	const char *doctor;
	char d[FDSS_DATE_BUFSZ];
	fdss_jbuf bj = FDSS_JBUF_INIT;
	int64_t id = sqlite3_column_int64(st, 0);
	fdss_date start = fdss__col_date(st, 4);
	int rc;

	memset(&p, 0, sizeof(p));
	p.village_code = fdss__carena_strdup(&cb->strings, fdss__col(st, 6));
	cb->c.number = fdss__carena_strdup(&cb->strings, fdss__col(st, 1));
	if (!p.village_code || !cb->c.number)
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	years_from(&y, start, sqlite3_column_int(st, 5), on);
	if ((rc = fdss__sign_doctor(b, fdss__col(st, 2), fdss__col(st, 3), 1,
				    household, &doctor)) != FDSS_OK ||
	    (rc = fdss__sign_members(b, household, id_number, on)) != FDSS_OK)
		return rc;
	if (cb->nm != 1)
		return FDSS_OK;		/* not active: nobody joins */
	if (cb->m[0].covered_by)
		return fdss__sign_covered(b, id_number, cb->m[0].covered_by);
	if ((rc = fdss__cbuild_package(cb, &cb->m[0], "basic")) != FDSS_OK ||
	    (rc = fdss__sign_price(b, &p, &y)) != FDSS_OK ||
	    (rc = fdss__store_member(b, id, &cb->m[0], &y)) != FDSS_OK)
		return rc;
	fdss_jbuf_open(&bj, '{');
	fdss_jbuf_kstr(&bj, "member", id_number);
	fdss_jbuf_close(&bj, '}');
	fdss_jbuf_reset(&b->text);
	fdss_jbuf_open(&b->text, '{');
	fdss_jbuf_kstr(&b->text, "member", id_number);
	fdss_jbuf_kstr(&b->text, "joined_on", fdss_date_format(d, on));
	fdss_jbuf_close(&b->text, '}');
	if (fdss_jbuf_rc(&bj) != FDSS_OK || fdss_jbuf_rc(&b->text) != FDSS_OK)
		rc = fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	else
		rc = fdss_audit_record(b->db, "contract", cb->c.number, bj.s,
				       b->text.s, b->note);
	fdss_jbuf_release(&bj);
	b->ndoctors = 0;	/* counts changed */
	return rc;
}

static const char sql_member_reopen[] =
	"UPDATE contract_member SET ended_on = NULL, end_reason = NULL,"
	" refund_fen = 0 WHERE contract_id = ?1 AND id_number = ?2";

/* Whose cover in the contract of st ended the day they come back: it
 * never ended (a move undone the same day). */
static int reopen(fdss_contract_batch *b, sqlite3_stmt *st,
		  const char *id_number)
{
	sqlite3_stmt *up = fdss__db_prepare(b->db, sql_member_reopen);
	struct cbuild *cb = &b->cur;
	fdss_jbuf bj = FDSS_JBUF_INIT;
	int rc;

	if (!up)
		return fdss_db_error(b->db)->code;
	if (!(cb->c.number = fdss__carena_strdup(&cb->strings,
						 fdss__col(st, 1))))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	fdss_jbuf_open(&bj, '{');
	fdss_jbuf_kstr(&bj, "member", id_number);
	fdss_jbuf_kstr(&bj, "ended_on", fdss__col(st, 7));
	fdss_jbuf_close(&bj, '}');
	if (sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0)) ||
	    fdss__bind_text(up, 2, id_number, 0)) {
		fdss_jbuf_release(&bj);
		return fdss__db_bindfail(b->db, up, "cannot store the contract");
	}
	if ((rc = fdss__batch_exec(b->db, up,
				   "cannot store the contract")) == FDSS_OK) {
		fdss_jbuf_reset(&b->text);
		fdss_jbuf_open(&b->text, '{');
		fdss_jbuf_kstr(&b->text, "member", id_number);
		fdss_jbuf_kstr(&b->text, "ended_on", NULL);
		fdss_jbuf_close(&b->text, '}');
		rc = fdss_jbuf_rc(&bj) || fdss_jbuf_rc(&b->text)
		     ? fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory")
		     : fdss_audit_record(b->db, "contract", cb->c.number, bj.s,
					 b->text.s, b->note);
	}
	fdss_jbuf_release(&bj);
	b->ndoctors = 0;
	return rc;
}

int fdss__sign_join(fdss_contract_batch *b, const char *id_number,
		    const char *household, fdss_date on, char *number,
		    size_t n)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_household_active);
	int rc;

	number[0] = '\0';
	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, household, 0) || fdss__bind_date(st, 2, on) ||
	    fdss__bind_text(st, 3, id_number, 0))
		return fdss__db_bindfail(b->db, st, "cannot read contracts");
	fdss__cbuild_reset(&b->cur);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
		sqlite3_reset(st);
		return FDSS_OK;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(b->db, rc, "cannot read contracts");
	}
	if (sqlite3_column_type(st, 7) != SQLITE_NULL &&
	    fdss__col_date(st, 7) == on)
		rc = reopen(b, st, id_number);
	else if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		rc = fdss__batch_reject(b, id_number, "was a member of contract "
					"%s until %s: it cannot take them again",
					fdss__col(st, 1), fdss__col(st, 7));
	else
		rc = join(b, st, id_number, household, on);
	sqlite3_reset(st);
	if (rc == FDSS_OK && (b->cur.nm == 1 || b->cur.c.number))
		fdss__copy(number, n, b->cur.c.number);
	return rc;
}
