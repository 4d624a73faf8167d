/*
 * contract_end.c: a contract reviewed or terminated (with the renewals
 * that follow it), and a person who leaves, ending their cover in every
 * contract that covers them then or later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"
#include "cover_int.h"

/* Renewals terminated in this batch with the contract they renew. */
static const char sql_ended_add[] =
	"INSERT OR IGNORE INTO temp.fdss_ended (id) VALUES (?1)";
static const char sql_ended_has[] =
	"SELECT 1 FROM temp.fdss_ended WHERE id = ?1";

static const char sql_status_set[] =
	"UPDATE contract SET status = ?2, reviewed_at = ?3,"
	" review_reason = ?4 WHERE id = ?1";

static const char sql_person_status[] =
	"SELECT status FROM person WHERE id_number = ?1";

static const char sql_person_leave[] =
	"UPDATE person SET status = ?2, status_date = ?3, status_reason = ?4"
	" WHERE id_number = ?1";

/* Signed at ?2, and not terminated already (from a later date). */
static const char sql_covering[] =
	"SELECT v.contract_id FROM contract_cover v"
	" WHERE v.id_number = ?1 AND v.status <> 'terminated'"
	" AND " FDSS__COVER_SIGNED("v", "?2") " ORDER BY v.start_date";

static const char sql_member_end[] =
	"UPDATE contract_member SET ended_on = ?3, end_reason = ?4,"
	" refund_fen = ?5 WHERE contract_id = ?1 AND id_number = ?2";

static const char sql_terminate[] =
	"UPDATE contract SET status = 'terminated', terminated_on = ?2,"
	" termination_reason = ?3, refund_fen = ?4 WHERE id = ?1";


/* Reload the changed contract and report it. */
static int changed(fdss_contract_batch *b)
{
	int rc = fdss__contract_load(b->db, b->cur.c.id, &b->cur);

	if (rc != FDSS_OK)
		return rc;
	b->st.contracts++;
	b->st.members += (long)b->cur.c.nmembers;
	b->ndoctors = 0;	/* counts changed */
	return b->o.contract ? b->o.contract(b->o.arg, &b->cur.c) : FDSS_OK;
}

int fdss_contract_review(fdss_contract_batch *b, const char *number,
			 int approve, const char *reason)
{
	const char *to = approve ? "active" : "rejected";
	char ref[FDSS_DATE_BUFSZ];
	fdss_jbuf bj = FDSS_JBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	b->core.read++;
	if ((rc = fdss__batch_find(b, number, 1)) != FDSS_OK)
		return rc;
	if (strcmp(b->cur.c.status, "pending") != 0)
		return fdss__batch_reject(b, number, "is %s, not pending",
					  b->cur.c.status);
	if (!(st = fdss__db_prepare(b->db, sql_status_set)))
		return fdss_db_error(b->db)->code;
	fdss_date_format(ref, b->o.ref);
	if (sqlite3_bind_int64(st, 1, b->cur.c.id) ||
	    sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 3, ref, -1, SQLITE_TRANSIENT) ||
	    (reason && sqlite3_bind_text(st, 4, reason, -1, SQLITE_TRANSIENT)))
		return fdss__db_bindfail(b->db, st, "cannot review");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(b->db, rc, "cannot review");
	fdss__batch_audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "status", "pending");
	fdss_jbuf_kstr(&b->text, "status", to);
	fdss_jbuf_kstr(&b->text, "reviewed_at", ref);
	if (reason)
		fdss_jbuf_kstr(&b->text, "review_reason", reason);
	rc = fdss__batch_audit_end(b, "contract", b->cur.c.number, &bj,
				   reason);
	return rc != FDSS_OK ? rc : changed(b);
}

static int terminate_loaded(fdss_contract_batch *b, const char *number,
			    const char *reason, fdss_date on);
static int terminate_renewals(fdss_contract_batch *b, const char *reason,
			      fdss_date on);
static int ended_as_renewal(fdss_contract_batch *b);
static int ended_here(fdss_contract_batch *b, const char *sql);

int fdss_contract_terminate(fdss_contract_batch *b, const char *number,
			    const char *reason, fdss_date on)
{
	int rc;

	b->core.read++;
	if (!on)
		on = b->o.ref;
	if (!fdss_termination_reason_valid(reason))
		return fdss__batch_reject(b, number, "reason '%s': expected "
			"moved, unreachable, refused, request, death, "
			"duplicate or other", reason ? reason : "");
	if ((rc = fdss__batch_find(b, number, 1)) != FDSS_OK ||
	    (rc = ended_as_renewal(b)) != FDSS_OK)
		return rc == FDSS_EEXISTS ? FDSS_OK : rc;
	if ((rc = terminate_loaded(b, number, reason, on)) != FDSS_OK)
		return rc;
	return terminate_renewals(b, reason, on);
}

/* Note or ask whether the contract in b->cur was ended in this batch as
 * a renewal (sql is sql_ended_add or sql_ended_has).  FDSS_EEXISTS when
 * asked and it was. */
static int ended_here(fdss_contract_batch *b, const char *sql)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql);
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, b->cur.c.id))
		return fdss__db_bindfail(b->db, st, "cannot read contracts");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return FDSS_EEXISTS;
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(b->db, rc, "cannot read contracts");
	return FDSS_OK;
}

/* A renewal that ended earlier in this batch with the contract it
 * renews is skipped when named itself (FDSS_EEXISTS, counted): a
 * listing piped in names both. */
static int ended_as_renewal(fdss_contract_batch *b)
{
	int rc;

	if (strcmp(b->cur.c.status, "terminated") != 0)
		return FDSS_OK;
	if ((rc = ended_here(b, sql_ended_has)) == FDSS_EEXISTS)
		b->st.skipped++;
	return rc;
}

/* Terminate the renewals, still pending or active, of the contract just
 * terminated in b->cur: they start after its end, so after on. */
static int terminate_renewals(fdss_contract_batch *b, const char *reason,
			      fdss_date on)
{
	char *next;
	int rc = FDSS_OK;

	while (rc == FDSS_OK && b->cur.c.renewed_by) {
		/* fdss__batch_find() reloads b->cur, where renewed_by lives */
		if (!(next = strdup(b->cur.c.renewed_by)))
			return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
		if ((rc = fdss__batch_find(b, next, 1)) == FDSS_OK &&
		    (strcmp(b->cur.c.status, "pending") == 0 ||
		     strcmp(b->cur.c.status, "active") == 0) &&
		    (rc = terminate_loaded(b, next, reason, on)) == FDSS_OK &&
		    (rc = ended_here(b, sql_ended_add)) == FDSS_OK)
			b->st.renewals_ended++;
		else if (rc == FDSS_OK)
			b->cur.c.renewed_by = NULL; /* rejected or ended already */
		free(next);
	}
	return rc;
}

/* Terminate the contract loaded in b->cur on date on. */
static int terminate_loaded(fdss_contract_batch *b, const char *number,
			    const char *reason, fdss_date on)
{
	const fdss_contract *c = &b->cur.c;
	char d[FDSS_DATE_BUFSZ], e[FDSS_DATE_BUFSZ];
	fdss_jbuf bj = FDSS_JBUF_INIT;
	int64_t refund = 0;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (strcmp(c->status, "active") != 0 && strcmp(c->status, "pending"))
		return fdss__batch_reject(b, number, "is %s", c->status);
	if (on > c->end)
		return fdss__batch_reject(b, number, "ended on %s, before %s",
			fdss_date_format(e, c->end), fdss_date_format(d, on));
	for (i = 0; i < c->nmembers; i++)
		if (!c->members[i].ended_on)
			refund += fdss_contract_refund(c->members[i].fees,
						       c->members[i].nfees,
						       c->start, c->end, on);
	if (!(st = fdss__db_prepare(b->db, sql_terminate)))
		return fdss_db_error(b->db)->code;
	fdss_date_format(d, on);
	if (sqlite3_bind_int64(st, 1, c->id) ||
	    sqlite3_bind_text(st, 2, d, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_int64(st, 4, refund))
		return fdss__db_bindfail(b->db, st, "cannot terminate");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(b->db, rc, "cannot terminate");
	fdss__batch_audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "status", c->status);
	fdss_jbuf_kstr(&b->text, "status", "terminated");
	fdss_jbuf_kstr(&b->text, "terminated_on", d);
	fdss_jbuf_kstr(&b->text, "termination_reason", reason);
	fdss_jbuf_kint(&b->text, "refund_fen", refund);
	if ((rc = fdss__batch_audit_end(b, "contract", c->number, &bj,
					 reason)) != FDSS_OK)
		return rc;
	return changed(b);
}

/* --- people who leave -------------------------------------------------- */

/* Why a person leaves: their status, and the contract reason. */
static const struct {
	const char *reason, *status, *contract_reason;
} leave_reasons[] = {
	{ "death", "deceased", "death" },
	{ "moved", "moved", "moved" },
	{ "removed", "removed", "other" },
};

/* End the cover of id_number in the contract loaded in b->cur. */
static int end_member(fdss_contract_batch *b, const char *id_number,
		      const char *reason, fdss_date on)
{
	const fdss_contract *c = &b->cur.c;
	char d[FDSS_DATE_BUFSZ];
	fdss_jbuf bj = FDSS_JBUF_INIT;
	const fdss_contract_member *who = NULL;
	sqlite3_stmt *st;
	int64_t refund;
	size_t i, others = 0;
	int rc;

	for (i = 0; i < c->nmembers; i++) {
		if (strcmp(c->members[i].id_number, id_number) == 0)
			who = &c->members[i];
		else if (!c->members[i].ended_on)
			others++;
	}
	if (!who)
		return FDSS_OK;
	if (!others)
		return terminate_loaded(b, c->number, reason, on);
	refund = fdss_contract_refund(who->fees, who->nfees, c->start, c->end,
				      on);
	if (!(st = fdss__db_prepare(b->db, sql_member_end)))
		return fdss_db_error(b->db)->code;
	fdss_date_format(d, on);
	if (sqlite3_bind_int64(st, 1, c->id) ||
	    sqlite3_bind_text(st, 2, id_number, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 3, d, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 5, refund))
		return fdss__db_bindfail(b->db, st, "cannot end a member");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(b->db, rc, "cannot end a member");
	fdss__batch_audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "member", id_number);
	fdss_jbuf_kstr(&b->text, "member", id_number);
	fdss_jbuf_kstr(&b->text, "ended_on", d);
	fdss_jbuf_kstr(&b->text, "end_reason", reason);
	fdss_jbuf_kint(&b->text, "refund_fen", refund);
	if ((rc = fdss__batch_audit_end(b, "contract", c->number, &bj,
					 b->note)) != FDSS_OK)
		return rc;
	return changed(b);
}

/* The ids of the contracts covering id_number on or after on: *out
 * (the caller's to free()), *n of them. */
static int covering(fdss_contract_batch *b, const char *id_number,
		    fdss_date on, int64_t **out, size_t *n)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_covering);
	int64_t *ids = NULL, *grown;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_text(st, 1, id_number, -1, SQLITE_STATIC) ||
	    fdss__bind_date(st, 2, on))
		return fdss__db_bindfail(b->db, st, "cannot read contracts");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			if (!(grown = realloc(ids, cap * sizeof(*ids)))) {
				rc = SQLITE_NOMEM;
				break;
			}
			ids = grown;
		}
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		*n = 0;
		return rc == SQLITE_NOMEM
			       ? fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory")
			       : fdss__db_sqlfail(b->db, rc, "cannot read contracts");
	}
	*out = ids;
	return FDSS_OK;
}

/* Whether id_number is a person who can leave: FDSS_OK if active, a
 * rejection otherwise. */
static int person_active(fdss_contract_batch *b, const char *id_number)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_person_status);
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_text(st, 1, id_number, -1, SQLITE_STATIC))
		return fdss__db_bindfail(b->db, st, "cannot read a person");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp(fdss__col(st, 0), "active") == 0)
		rc = FDSS_OK;
	else if (rc == SQLITE_ROW)
		rc = fdss__batch_reject(b, id_number, "is %s already",
					fdss__col(st, 0));
	else if (rc == SQLITE_DONE)
		rc = fdss__batch_reject(b, id_number, "no such person");
	else
		rc = fdss__db_sqlfail(b->db, rc, "cannot read a person");
	sqlite3_reset(st);
	return rc;
}

/* End the cover of id_number, who leaves on on, in each contract that
 * covers them then or later. */
static int leave_contracts(fdss_contract_batch *b, const char *id_number,
			   const char *creason, fdss_date on)
{
	int64_t *ids;
	size_t i, n;
	int rc;

	if ((rc = covering(b, id_number, on, &ids, &n)) != FDSS_OK)
		return rc;
	for (i = 0; i < n && rc == FDSS_OK; i++) {
		fdss__cbuild_reset(&b->cur);
		if ((rc = fdss__contract_load_part(b->db, ids[i], &b->cur,
						   1)) == FDSS_OK)
			rc = end_member(b, id_number, creason, on);
	}
	free(ids);
	return rc;
}

int fdss_contract_person_leaves(fdss_contract_batch *b, const char *id_number,
				const char *reason, fdss_date on,
				const char *note)
{
	const char *status = NULL, *creason = NULL;
	char d[FDSS_DATE_BUFSZ];
	fdss_jbuf bj = FDSS_JBUF_INIT;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	b->core.read++;
	if (!on)
		on = b->o.ref;
	for (i = 0; i < sizeof(leave_reasons) / sizeof(leave_reasons[0]); i++)
		if (reason && strcmp(reason, leave_reasons[i].reason) == 0) {
			status = leave_reasons[i].status;
			creason = leave_reasons[i].contract_reason;
		}
	if (!status)
		return fdss__batch_reject(b, id_number, "reason '%s': expected "
					  "death, moved or removed",
					  reason ? reason : "");
	if ((rc = person_active(b, id_number)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(b->db, sql_person_leave)))
		return fdss_db_error(b->db)->code;
	fdss_date_format(d, on);
	if (sqlite3_bind_text(st, 1, id_number, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 3, d, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC))
		return fdss__db_bindfail(b->db, st, "cannot change a person");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(b->db, rc, "cannot change a person");
	fdss__batch_audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "status", "active");
	fdss_jbuf_kstr(&b->text, "status", status);
	fdss_jbuf_kstr(&b->text, "status_date", d);
	fdss_jbuf_kstr(&b->text, "status_reason", reason);
	if ((rc = fdss__batch_audit_end(b, "person", id_number, &bj,
					 note)) != FDSS_OK)
		return rc;
	return leave_contracts(b, id_number, creason, on);
}

/* --- fixes (fix.c) ------------------------------------------------------- */

int fdss__contract_person_moves(fdss_contract_batch *b,
				const char *id_number, fdss_date on)
{
	return leave_contracts(b, id_number, "moved", on);
}
