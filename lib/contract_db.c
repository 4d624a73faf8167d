/*
 * contract_db.c: the batch — one transaction in which contracts are
 * signed (contract_sign.c), reviewed, renewed and terminated request by
 * request.  A rejected request is reported with its reason and changes
 * nothing; the batch commits the rest, or nothing with atomic or
 * dry_run.  Every change is audited in the same transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"
#include "cover_int.h"

static const char sql_temp[] =
	"CREATE TEMP TABLE IF NOT EXISTS fdss_due ("
	" id INTEGER PRIMARY KEY);"
	"CREATE TEMP TABLE IF NOT EXISTS fdss_ended ("
	" id INTEGER PRIMARY KEY);"
	"DELETE FROM temp.fdss_due; DELETE FROM temp.fdss_ended;";

/* Renewals terminated in this batch with the contract they renew. */
static const char sql_ended_add[] =
	"INSERT OR IGNORE INTO temp.fdss_ended (id) VALUES (?1)";
static const char sql_ended_has[] =
	"SELECT 1 FROM temp.fdss_ended WHERE id = ?1";

static const char sql_last_id[] = "SELECT ifnull(max(id), 0) FROM contract";

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

int fdss__batch_reject(fdss_contract_batch *b, const char *subject,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->why, sizeof(b->why), fmt, ap);
	va_end(ap);
	b->st.rejected++;
	if (b->o.reject)
		b->o.reject(b->o.arg, subject, b->why);
	return FDSS_EDATA;
}

void fdss_contract_batch_reject(fdss_contract_batch *b, const char *subject,
				const char *reason)
{
	b->st.requests++;
	fdss__batch_reject(b, subject, "%s", reason);
}

const fdss_package *fdss__batch_package(fdss_contract_batch *b,
					const char *code)
{
	size_t i;

	for (i = 0; code && i < b->npkgs; i++)
		if (strcmp(b->pkgs[i].code, code) == 0)
			return &b->pkgs[i];
	return NULL;
}

static int cache_package(const fdss_package *p, void *arg)
{
	fdss_contract_batch *b = arg;

	if (b->npkgs < PACKAGE_SLOTS)
		b->pkgs[b->npkgs++] = *p;
	return 0;
}

/* The last contract id before the batch: the batch's come after. */
static int last_id(fdss_contract_batch *b)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_last_id);
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		b->last_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? FDSS_OK
				: fdss__db_sqlfail(b->db, rc, "cannot read contracts");
}

/* A setting of the batch: its defaults are the seeded rows, nowhere else. */
static int setting(fdss_contract_batch *b, const char *key, long long *v)
{
	return fdss_setting_get_int(b->db, key, v);
}

int fdss_contract_batch_open(fdss_contract_batch **out, fdss_db *db,
			     const fdss_contract_opts *o)
{
	fdss_contract_batch *b;
	fdss_rules rules;
	int rc;

	*out = NULL;
	if (!(b = calloc(1, sizeof(*b))))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	b->db = db;
	b->o = *o;
	b->seq = -1;
	/* a bigger page cache for the run, as an import has */
	if ((rc = fdss_db_exec(db, "PRAGMA cache_size = -65536")) != FDSS_OK ||
	    (rc = fdss_db_begin(db)) != FDSS_OK) {
		free(b);
		return rc;
	}
	if ((rc = fdss_db_exec(db, sql_temp)) != FDSS_OK ||
	    (rc = last_id(b)) != FDSS_OK ||
	    (rc = setting(b, FDSS_SETTING_DOCTOR_LIMIT, &b->doctor_limit)) ||
	    (rc = setting(b, FDSS_SETTING_RENEWAL_GRACE, &b->grace_days)) ||
	    (rc = setting(b, FDSS_SETTING_RENEWAL_REMINDER,
			  &b->reminder_days)) ||
	    (rc = fdss_rules_load(db, &rules)) != FDSS_OK ||
	    (rc = fdss_package_list(db, cache_package, b)) != FDSS_OK) {
		fdss_contract_batch_free(b);
		return rc;
	}
	b->elderly_age = rules.elderly.min_age;
	*out = b;
	return FDSS_OK;
}

int fdss_contract_batch_finish(fdss_contract_batch *b,
			       fdss_contract_stats *stats)
{
	int rc;

	b->finished = 1;
	rc = fdss__batch_end(b->db, b->o.atomic, b->o.dry_run, b->st.rejected,
			     "requests", &b->st.committed);
	if (stats)
		*stats = b->st;
	return rc;
}

void fdss_contract_batch_free(fdss_contract_batch *b)
{
	if (!b)
		return;
	if (!b->finished)
		fdss_db_rollback(b->db);
	fdss__cbuild_release(&b->cur);
	fdss_jbuf_release(&b->text);
	free(b);
}

/* --- changing one contract ------------------------------------------------- */

/* Load contract number into b->cur (whole, or only its own row); a
 * missing one is rejected. */
static int find_part(fdss_contract_batch *b, const char *number, int whole)
{
	int64_t id;
	int rc;

	fdss__cbuild_reset(&b->cur);
	if (!(id = fdss__contract_id(b->db, number, &rc)))
		return rc != FDSS_OK ? rc
		       : fdss__batch_reject(b, number, "no such contract");
	return fdss__contract_load_part(b->db, id, &b->cur, whole);
}

static int find(fdss_contract_batch *b, const char *number)
{
	return find_part(b, number, 1);
}

/* Start an audit entry: the object before in *bj (the caller's,
 * released by audit_end()), the object after in b->text. */
static void audit_begin(fdss_contract_batch *b, fdss_jbuf *bj)
{
	fdss_jbuf_reset(&b->text);
	fdss_jbuf_open(bj, '{');
	fdss_jbuf_open(&b->text, '{');
}

/* Close the objects and write the entry of table row key; releases
 * *bj.  The JSON writer escapes every value whole, whatever its length
 * and content. */
static int audit_end(fdss_contract_batch *b, const char *table,
		     const char *key, fdss_jbuf *bj, const char *reason)
{
	int rc;

	fdss_jbuf_close(bj, '}');
	fdss_jbuf_close(&b->text, '}');
	if (fdss_jbuf_rc(bj) != FDSS_OK || fdss_jbuf_rc(&b->text) != FDSS_OK)
		rc = fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	else
		rc = fdss_audit_record(b->db, table, key, bj->s, b->text.s,
				       reason);
	fdss_jbuf_release(bj);
	return rc;
}

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

	b->st.requests++;
	if ((rc = find(b, number)) != FDSS_OK)
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
	audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "status", "pending");
	fdss_jbuf_kstr(&b->text, "status", to);
	fdss_jbuf_kstr(&b->text, "reviewed_at", ref);
	if (reason)
		fdss_jbuf_kstr(&b->text, "review_reason", reason);
	rc = audit_end(b, "contract", b->cur.c.number, &bj, reason);
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

	b->st.requests++;
	if (!on)
		on = b->o.ref;
	if (!fdss_termination_reason_valid(reason))
		return fdss__batch_reject(b, number, "reason '%s': expected "
			"moved, unreachable, refused, request, death, "
			"duplicate or other", reason ? reason : "");
	if ((rc = find(b, number)) != FDSS_OK ||
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
		/* find() reloads b->cur, where renewed_by lives */
		if (!(next = strdup(b->cur.c.renewed_by)))
			return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
		if ((rc = find(b, next)) == FDSS_OK &&
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
	audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "status", c->status);
	fdss_jbuf_kstr(&b->text, "status", "terminated");
	fdss_jbuf_kstr(&b->text, "terminated_on", d);
	fdss_jbuf_kstr(&b->text, "termination_reason", reason);
	fdss_jbuf_kint(&b->text, "refund_fen", refund);
	if ((rc = audit_end(b, "contract", c->number, &bj, reason)) != FDSS_OK)
		return rc;
	return changed(b);
}

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

	b->st.requests++;
	if ((rc = find_part(b, number, 0)) != FDSS_OK)
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
			b->st.requests++;
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
	audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "member", id_number);
	fdss_jbuf_kstr(&b->text, "member", id_number);
	fdss_jbuf_kstr(&b->text, "ended_on", d);
	fdss_jbuf_kstr(&b->text, "end_reason", reason);
	fdss_jbuf_kint(&b->text, "refund_fen", refund);
	if ((rc = audit_end(b, "contract", c->number, &bj, b->note)) != FDSS_OK)
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

	b->st.requests++;
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
	audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "status", "active");
	fdss_jbuf_kstr(&b->text, "status", status);
	fdss_jbuf_kstr(&b->text, "status_date", d);
	fdss_jbuf_kstr(&b->text, "status_reason", reason);
	if ((rc = audit_end(b, "person", id_number, &bj, note)) != FDSS_OK)
		return rc;
	return leave_contracts(b, id_number, creason, on);
}

/* --- fixes (fix.c) ------------------------------------------------------- */

int fdss__contract_person_moves(fdss_contract_batch *b,
				const char *id_number, fdss_date on)
{
	return leave_contracts(b, id_number, "moved", on);
}

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
	if ((rc = find_part(b, number, 0)) != FDSS_OK ||
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
	audit_begin(b, &bj);
	fdss_jbuf_kstr(&bj, "doctor", c->doctor);
	fdss_jbuf_kstr(&b->text, "doctor", to);
	b->ndoctors = 0;	/* counts changed */
	*changed_out = 1;
	return audit_end(b, "contract", number, &bj, b->note);
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
		audit_begin(b, &bj);
		fdss_jbuf_kstr(&bj, "doctor", from);
		fdss_jbuf_kstr(&b->text, "doctor", to);
		rc = audit_end(b, "contract", fdss__col(st, 1), &bj, b->note);
		s = SQLITE_ROW;
	}
	if (rc == FDSS_OK && s != SQLITE_DONE)
		rc = fdss__db_sqlfail(b->db, s, "cannot read contracts");
	sqlite3_reset(st);
	b->ndoctors = 0;
	return rc;
}
