/* audit.c: the audit log of every change, written with the change. */
#include <stdio.h>

#include "internal.h"

static const char sql_insert[] =
	"INSERT INTO audit_log (at, operator, command, table_name, row_key,"
	" before, after, reason)"
	" VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?, ?, ?, ?, ?)";

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
		 : sqlite3_bind_null(st, i);
}

int fdss_audit_record(fdss_db *db, const char *table, const char *key,
		      const char *before, const char *after,
		      const char *reason)
{
	sqlite3_stmt *st;
	int rc;

	if (!fdss__db_in_tx(db))
		return fdss__db_fail(db, FDSS_EINVAL,
				     "audit entry for %s '%s' outside a "
				     "transaction", table, key);
	if (!(st = fdss__db_prepare(db, sql_insert)))
		return fdss_db_error(db)->code;
	if ((rc = bind_text(st, 1, fdss__db_operator(db))) != SQLITE_OK ||
	    (rc = bind_text(st, 2, fdss__db_command(db))) != SQLITE_OK ||
	    (rc = bind_text(st, 3, table)) != SQLITE_OK ||
	    (rc = bind_text(st, 4, key)) != SQLITE_OK ||
	    (rc = bind_text(st, 5, before)) != SQLITE_OK ||
	    (rc = bind_text(st, 6, after)) != SQLITE_OK ||
	    (rc = bind_text(st, 7, reason)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		rc = fdss__db_sqlfail(db, rc, "cannot write the audit log");
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	return FDSS_OK;
}

int fdss_audit_unmasked(fdss_db *db, const char *what)
{
	int rc;

	if ((rc = fdss_db_begin(db)) != FDSS_OK)
		return rc;
	if ((rc = fdss_audit_record(db, "unmasked", what ? what : "",
				    NULL, "{\"no_mask\":true}",
				    "ID and phone numbers shown whole "
				    "(--no-mask)")) != FDSS_OK) {
		fdss_db_rollback(db);
		return rc;
	}
	return fdss_db_commit(db);
}

static const char sql_select[] =
	"SELECT id, at, operator, command, table_name, row_key, before,"
	" after, reason FROM audit_log"
	" WHERE (?1 IS NULL OR table_name = ?1) AND (?2 IS NULL OR row_key = ?2)"
	" ORDER BY id";

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int fdss_audit_foreach(fdss_db *db, const char *table, const char *key,
		       int (*fn)(const fdss_audit_entry *e, void *arg),
		       void *arg)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_select);
	fdss_audit_entry e;
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (bind_text(st, 1, table) || bind_text(st, 2, key))
		return fdss__db_bindfail(db, st, "cannot read the audit log");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		e.id = sqlite3_column_int64(st, 0);
		e.at = col(st, 1);
		e.operator_name = col(st, 2);
		e.command = col(st, 3);
		e.table_name = col(st, 4);
		e.row_key = col(st, 5);
		e.before = col(st, 6);
		e.after = col(st, 7);
		e.reason = col(st, 8);
		if ((rc = fn(&e, arg)) != 0) {
			sqlite3_reset(st);
			return rc;
		}
	}
	if (rc != SQLITE_DONE)
		rc = fdss__db_sqlfail(db, rc, "cannot read the audit log");
	else
		rc = FDSS_OK;
	sqlite3_reset(st);
	return rc;
}

int fdss__audit_json(fdss_db *db, const char *table, const char *key,
		     const cJSON *before, const cJSON *after,
		     const char *reason)
{
	char *b = before ? cJSON_PrintUnformatted(before) : NULL;
	char *a = after ? cJSON_PrintUnformatted(after) : NULL;
	int rc;

	if ((before && !b) || (after && !a))
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	else
		rc = fdss_audit_record(db, table, key, b, a, reason);
	cJSON_free(b);
	cJSON_free(a);
	return rc;
}

static const char sql_get[] =
	"SELECT id, at, operator, command, table_name, row_key, before,"
	" after, reason FROM audit_log WHERE id = ?1";

int fdss_audit_get(fdss_db *db, int64_t id,
		   int (*fn)(const fdss_audit_entry *e, void *arg), void *arg)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_get);
	fdss_audit_entry e;
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 1, id))
		return fdss__db_bindfail(db, st, "cannot read the audit log");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		e.id = sqlite3_column_int64(st, 0);
		e.at = col(st, 1);
		e.operator_name = col(st, 2);
		e.command = col(st, 3);
		e.table_name = col(st, 4);
		e.row_key = col(st, 5);
		e.before = col(st, 6);
		e.after = col(st, 7);
		e.reason = col(st, 8);
		rc = fn(&e, arg);
	} else if (rc == SQLITE_DONE) {
		rc = fdss__db_fail(db, FDSS_ENOTFOUND, "no audit entry %lld",
				   (long long)id);
	} else {
		rc = fdss__db_sqlfail(db, rc, "cannot read the audit log");
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- deferred entries (a batch's, written together) ----------------- */

static const char sql_queue[] =
	"CREATE TEMP TABLE IF NOT EXISTS fdss_audit_queue ("
	" seq INTEGER PRIMARY KEY, at TEXT, table_name TEXT, row_key TEXT,"
	" before TEXT, after TEXT, reason TEXT);"
	" DELETE FROM temp.fdss_audit_queue";
static const char sql_defer[] =
	"INSERT INTO temp.fdss_audit_queue (at, table_name, row_key, before,"
	" after, reason) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
	" ?1, ?2, ?3, ?4, ?5)";
static const char sql_flush[] =
	"INSERT INTO audit_log (at, operator, command, table_name, row_key,"
	" before, after, reason) SELECT at, ?1, ?2, table_name, row_key,"
	" before, after, reason FROM temp.fdss_audit_queue ORDER BY seq";
static const char sql_empty[] = "DELETE FROM temp.fdss_audit_queue";

int fdss__audit_queue(fdss_db *db)
{
	return fdss_db_exec(db, sql_queue);
}

int fdss__audit_defer(fdss_db *db, const char *table, const char *key,
		      const cJSON *before, const cJSON *after,
		      const char *reason)
{
	char *b = before ? cJSON_PrintUnformatted(before) : NULL;
	char *a = after ? cJSON_PrintUnformatted(after) : NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	if ((before && !b) || (after && !a))
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	else if (!(st = fdss__db_prepare(db, sql_defer)))
		rc = fdss_db_error(db)->code;
	else if ((rc = bind_text(st, 1, table)) != SQLITE_OK ||
		 (rc = bind_text(st, 2, key)) != SQLITE_OK ||
		 (rc = bind_text(st, 3, b)) != SQLITE_OK ||
		 (rc = bind_text(st, 4, a)) != SQLITE_OK ||
		 (rc = bind_text(st, 5, reason)) != SQLITE_OK ||
		 (rc = sqlite3_step(st)) != SQLITE_DONE)
		rc = fdss__db_sqlfail(db, rc, "cannot write the audit log");
	else
		rc = FDSS_OK;
	if (st)
		sqlite3_reset(st);
	cJSON_free(b);
	cJSON_free(a);
	return rc;
}

int fdss__audit_flush(fdss_db *db)
{
	sqlite3_stmt *st;
	int rc;

	if (!fdss__db_in_tx(db))
		return fdss__db_fail(db, FDSS_EINVAL, "audit entries outside a "
				     "transaction");
	if (!(st = fdss__db_prepare(db, sql_flush)))
		return fdss_db_error(db)->code;
	if ((rc = bind_text(st, 1, fdss__db_operator(db))) != SQLITE_OK ||
	    (rc = bind_text(st, 2, fdss__db_command(db))) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		rc = fdss__db_sqlfail(db, rc, "cannot write the audit log");
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	return fdss_db_exec(db, sql_empty);
}

