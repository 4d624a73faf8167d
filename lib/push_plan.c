/*
 * push_plan.c: what fdss push sends — every row the first time; then the
 * rows of the people, households and contracts the audit log names since
 * the last push, those of the imports since, and the small tables whole
 * — and the state it keeps in the store (push_state) for the next push.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push_int.h"

/* --- what changed ------------------------------------------------------ */

/*
 * The rows a later push sends: the people, households and contracts the
 * audit entries after ?1 name, and what hangs on them — a visit or a
 * referral names its person, a contract its members, a person the
 * household and contracts.
 */
static const char *const sql_changed[] = {
	"CREATE TEMP TABLE fdss_push_person (id_number TEXT PRIMARY KEY)"
	" WITHOUT ROWID",
	"CREATE TEMP TABLE fdss_push_household (household_no TEXT PRIMARY KEY)"
	" WITHOUT ROWID",
	"CREATE TEMP TABLE fdss_push_contract (id INTEGER PRIMARY KEY)",
	"INSERT OR IGNORE INTO fdss_push_person SELECT row_key FROM audit_log"
	" WHERE id > ?1 AND table_name = 'person'",
	"INSERT OR IGNORE INTO fdss_push_person"
	" SELECT substr(row_key, 1, instr(row_key, ':') - 1) FROM audit_log"
	" WHERE id > ?1 AND table_name = 'condition'",
	"INSERT OR IGNORE INTO fdss_push_person SELECT f.id_number"
	" FROM audit_log a JOIN followup f ON f.id = CAST(a.row_key AS INTEGER)"
	" WHERE a.id > ?1 AND a.table_name = 'followup'",
	"INSERT OR IGNORE INTO fdss_push_person SELECT r.id_number"
	" FROM audit_log a JOIN referral r ON r.id = CAST(a.row_key AS INTEGER)"
	" WHERE a.id > ?1 AND a.table_name = 'referral'",
	"INSERT OR IGNORE INTO fdss_push_contract SELECT c.id"
	" FROM audit_log a JOIN contract c ON c.number = a.row_key"
	" WHERE a.id > ?1 AND a.table_name = 'contract'",
	"INSERT OR IGNORE INTO fdss_push_person SELECT m.id_number"
	" FROM fdss_push_contract x JOIN contract_member m"
	" ON m.contract_id = x.id",
	/* an import audits the changes, not the new rows: its batch names
	 * them */
	"INSERT OR IGNORE INTO fdss_push_person SELECT id_number FROM person"
	" WHERE batch_id > ?2",
	"INSERT OR IGNORE INTO fdss_push_household SELECT household_no"
	" FROM household WHERE batch_id > ?2",
	"INSERT OR IGNORE INTO fdss_push_household SELECT row_key"
	" FROM audit_log WHERE id > ?1 AND table_name = 'household'",
	"INSERT OR IGNORE INTO fdss_push_household SELECT p.household_no"
	" FROM fdss_push_person x JOIN person p ON p.id_number = x.id_number",
	"INSERT OR IGNORE INTO fdss_push_contract SELECT m.contract_id"
	" FROM fdss_push_person x JOIN contract_member m"
	" ON m.id_number = x.id_number",
	"INSERT OR IGNORE INTO fdss_push_contract SELECT c.id"
	" FROM fdss_push_household x JOIN contract c"
	" ON c.household_no = x.household_no",
};

/* The rows of a table a later push sends: a WHERE clause, or NULL for
 * every row (the small tables, and any table fdss does not know). */
static const struct {
	const char *table, *where;
} changed_rows[] = {
	{ "condition", " WHERE id_number IN (SELECT id_number FROM"
		       " temp.fdss_push_person)" },
	{ "contract", " WHERE id IN (SELECT id FROM temp.fdss_push_contract)" },
	{ "contract_fee", " WHERE contract_id IN (SELECT id FROM"
			  " temp.fdss_push_contract)" },
	{ "contract_member", " WHERE contract_id IN (SELECT id FROM"
			     " temp.fdss_push_contract)" },
	{ "followup", " WHERE id_number IN (SELECT id_number FROM"
		      " temp.fdss_push_person)" },
	{ "household", " WHERE household_no IN (SELECT household_no FROM"
		       " temp.fdss_push_household)" },
	{ "person", " WHERE id_number IN (SELECT id_number FROM"
		    " temp.fdss_push_person)" },
	{ "referral", " WHERE id_number IN (SELECT id_number FROM"
		      " temp.fdss_push_person)" },
};

static int mark_changed(struct push *p)
{
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; rc == FDSS_OK && i < sizeof(sql_changed) /
					  sizeof(sql_changed[0]); i++) {
		sqlite3_stmt *st = fdss__db_prepare(p->db, sql_changed[i]);

		if (!st)
			return fdss_db_error(p->db)->code;
		if ((sqlite3_bind_parameter_count(st) >= 1 &&
		     sqlite3_bind_int64(st, 1, p->st->audit_from)) ||
		    (sqlite3_bind_parameter_count(st) >= 2 &&
		     sqlite3_bind_int64(st, 2, p->batch_from)))
			return fdss__db_bindfail(p->db, st, "cannot push");
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		rc = rc == SQLITE_DONE ? FDSS_OK
				       : fdss__db_sqlfail(p->db, rc, "cannot "
							  "find the changes");
	}
	return rc;
}

const char *fdss__push_where(const struct push *p)
{
	size_t i;

	if (p->st->full)
		return "";
	for (i = 0; i < sizeof(changed_rows) / sizeof(changed_rows[0]); i++)
		if (!strcmp(changed_rows[i].table, p->table))
			return changed_rows[i].where;
	return "";
}

static const char sql_state_get[] =
	"SELECT audit_id, batch_id FROM push_state WHERE county = $1";
static const char sql_state_put[] =
	"INSERT INTO push_state AS s (county, audit_id, batch_id, pushed_at,"
	" full_pushes, pushes) VALUES ($1, $2, $4, now(), $3, 1)"
	" ON CONFLICT (county) DO UPDATE SET audit_id = EXCLUDED.audit_id,"
	" batch_id = EXCLUDED.batch_id,"
	" pushed_at = now(), full_pushes = s.full_pushes + EXCLUDED.full_pushes,"
	" pushes = s.pushes + 1";

/* The last audit entry and import batch pushed for the county into
 * *last and *batch, -1 none. */
static int state_get(struct push *p, int64_t *last, int64_t *batch)
{
	const char *arg[1] = { p->st->county };
	PGresult *res = fdss__pg_query(p->db, p->pg, sql_state_get, 1, arg,
				       "push_state");

	if (!res)
		return fdss_db_error(p->db)->code;
	*last = PQntuples(res) ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : -1;
	*batch = PQntuples(res) ? strtoll(PQgetvalue(res, 0, 1), NULL, 10) : -1;
	PQclear(res);
	return FDSS_OK;
}

int fdss__push_state_put(struct push *p)
{
	char id[24], full[4], batch[24];
	const char *arg[4] = { p->st->county, id, full, batch };
	PGresult *res;

	snprintf(id, sizeof(id), "%" PRId64, p->st->audit_to);
	snprintf(full, sizeof(full), "%d", p->st->full);
	snprintf(batch, sizeof(batch), "%" PRId64, p->batch_to);
	if (!(res = fdss__pg_query(p->db, p->pg, sql_state_put, 4, arg,
				   "push_state")))
		return fdss_db_error(p->db)->code;
	PQclear(res);
	return FDSS_OK;
}

static const char sql_last_audit[] =
	"SELECT (SELECT coalesce(max(id), 0) FROM audit_log),"
	" (SELECT coalesce(max(id), 0) FROM import_batch)";

static int last_audit(fdss_db *db, int64_t *out, int64_t *batch)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_last_audit);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	rc = sqlite3_step(st);
	*out = sqlite3_column_int64(st, 0);
	*batch = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? FDSS_OK
				: fdss__db_sqlfail(db, rc, "cannot read the "
						   "audit log");
}

/*
 * Decide what to send: everything, or the rows the audit entries and
 * import batches since the last push name, with the small tables whole
 * (an area import, for one, leaves no trace to go by).
 */
int fdss__push_plan(struct push *p)
{
	int64_t last = -1, batch = -1;
	int rc;

	if ((rc = last_audit(p->db, &p->st->audit_to, &p->batch_to)) !=
		    FDSS_OK ||
	    (rc = state_get(p, &last, &batch)) != FDSS_OK)
		return rc;
	/* a store ahead of the database: another database of the county */
	p->st->full = p->o->full || last < 0 || last > p->st->audit_to ||
		      batch > p->batch_to;
	p->st->audit_from = p->st->full ? 0 : last;
	p->batch_from = p->st->full ? 0 : batch;
	return p->st->full ? FDSS_OK : mark_changed(p);
}
