/*
 * push.c: fdss push — a county database into the provincial PostgreSQL
 * store (push.h, pg_int.h).
 *
 * The tables are whatever the county database has (sqlite_master), less
 * the audit log and the import batches: each becomes a table of schema
 * "fdss" with "county" in front of its columns and its primary key,
 * partitioned by LIST (county); a column added by a later migration is
 * added there too.  The first push of a county (an empty partition) is a
 * COPY straight into its partition.  A later one copies into a temporary
 * table and upserts, writing only rows that differ; it sends only the
 * rows of the people, households and contracts the audit log names since
 * the last push, and the people and households of the imports since
 * (the small tables whole).  The last entry and batch pushed are
 * push_state.audit_id and batch_id, written in the same transaction as
 * the rows.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_int.h"

/* One column of a county table. */
struct col {
	char *name;		/* as in SQLite */
	const char *type;	/* its PostgreSQL type */
	int pk;			/* place in the primary key, 0 none */
};

struct push {
	fdss_db *db;
	PGconn *pg;
	const fdss_push_opts *o;
	fdss_push_stats *st;
	const char *table;	/* the table being pushed */
	struct col *cols;
	int ncols, cap;
	int fresh;		/* its partition was empty */
	int64_t batch_from;	/* import batches after this one ... */
	int64_t batch_to;	/* ... up to this one are pushed */
};

static int nomem(fdss_db *db)
{
	return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
}

static int sqlite_exec(fdss_db *db, const char *sql, const char *what)
{
	int rc = sqlite3_exec(fdss__db_sqlite(db), sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? FDSS_OK : fdss__db_sqlfail(db, rc, what);
}

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

static const char *where_changed(const struct push *p)
{
	size_t i;

	if (p->st->full)
		return "";
	for (i = 0; i < sizeof(changed_rows) / sizeof(changed_rows[0]); i++)
		if (!strcmp(changed_rows[i].table, p->table))
			return changed_rows[i].where;
	return "";
}

/* --- the columns ------------------------------------------------------- */

static const char sql_columns[] =
	"SELECT name, upper(type), pk FROM pragma_table_info(?1) ORDER BY cid";

static void cols_release(struct push *p)
{
	int i;

	for (i = 0; i < p->ncols; i++)
		free(p->cols[i].name);
	p->ncols = 0;
}

static const char *pg_type(const char *t)
{
	if (strstr(t, "INT"))
		return "bigint";
	if (strstr(t, "REAL") || strstr(t, "FLOA") || strstr(t, "DOUB"))
		return "double precision";
	/* compared byte by byte, as SQLite compares text */
	return "text COLLATE \"C\"";
}

static int read_cols(struct push *p)
{
	sqlite3_stmt *st = fdss__db_prepare(p->db, sql_columns);
	int rc;

	cols_release(p);
	if (!st)
		return fdss_db_error(p->db)->code;
	if (sqlite3_bind_text(st, 1, p->table, -1, SQLITE_TRANSIENT))
		return fdss__db_bindfail(p->db, st, "cannot read the tables");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct col *c;

		if (p->ncols == p->cap) {
			int cap = p->cap ? p->cap * 2 : 32;

			if (!(c = realloc(p->cols, (size_t)cap * sizeof(*c))))
				break;
			p->cols = c;
			p->cap = cap;
		}
		c = &p->cols[p->ncols];
		if (!(c->name = strdup(fdss__col(st, 0))))
			break;
		c->type = pg_type(fdss__col(st, 1));
		c->pk = sqlite3_column_int(st, 2);
		p->ncols++;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return nomem(p->db);
	return rc == SQLITE_DONE ? FDSS_OK
				 : fdss__db_sqlfail(p->db, rc, "cannot read "
						    "the tables");
}

/* "name" quoted for PostgreSQL (our own names: letters, digits, _). */
static void add_ident(struct fdss__sb *b, const char *name)
{
	fdss__sb_add(b, "\"%s\"", name);
}

/* The column list: "county", "c1", ... with prefix before each name. */
static void add_cols(struct fdss__sb *b, const struct push *p,
		     const char *prefix, int with_county)
{
	int i;

	if (with_county)
		fdss__sb_add(b, "%scounty", prefix);
	for (i = 0; i < p->ncols; i++) {
		fdss__sb_add(b, "%s%s", i || with_county ? ", " : "", prefix);
		add_ident(b, p->cols[i].name);
	}
}

/* county, then the primary key's columns in order. */
static void add_key(struct fdss__sb *b, const struct push *p)
{
	int k, i, any = 1;

	fdss__sb_add(b, "county");
	for (k = 1; any; k++)
		for (any = 0, i = 0; i < p->ncols; i++)
			if (p->cols[i].pk == k) {
				fdss__sb_add(b, ", ");
				add_ident(b, p->cols[i].name);
				any = 1;
			}
}

static int has_key(const struct push *p)
{
	int i;

	for (i = 0; i < p->ncols; i++)
		if (p->cols[i].pk)
			return 1;
	return 0;
}

/* --- the table in the store -------------------------------------------- */

/* The indexes the reports walk by, where the table has the column. */
static const struct {
	const char *table, *col;
} indexes[] = {
	{ "contract", "household_no" },
	{ "contract_member", "id_number" },
	{ "followup", "id_number" },
	{ "household", "village_code" },
	{ "person", "household_no" },
	{ "person", "id_number" },
};

static int has_col(const struct push *p, const char *name)
{
	int i;

	for (i = 0; i < p->ncols; i++)
		if (!strcmp(p->cols[i].name, name))
			return 1;
	return 0;
}

/* Run the statements of b (several) and read what ensure_table asks:
 * the number of columns into *ncols, whether the partition is empty. */
static int ensure_run(struct push *p, struct fdss__sb *b, long *ncols)
{
	PGresult *res;
	int rc = FDSS_OK;

	if (b->rc)
		return nomem(p->db);
	if (PQsendQuery(p->pg, b->s) != 1)
		rc = fdss__pg_fail(p->db, p->pg, NULL, p->table);
	while ((res = PQgetResult(p->pg))) {
		ExecStatusType s = PQresultStatus(res);
		const char *v = s == PGRES_TUPLES_OK && PQntuples(res)
					? PQgetvalue(res, 0, 0) : "";

		if (rc == FDSS_OK && s != PGRES_COMMAND_OK &&
		    s != PGRES_TUPLES_OK)
			rc = fdss__pg_fail(p->db, p->pg, res, p->table);
		else if (*v == 't' || *v == 'f')
			p->fresh = *v == 't';
		else if (*v)
			*ncols = strtol(v, NULL, 10);
		PQclear(res);
	}
	return rc;
}

/* Create the table (or add the columns it lacks) and the county's
 * partition; p->fresh when the partition is empty, *added when a column
 * was added. */
static int ensure_table(struct push *p, int *added)
{
	const char *county = p->st->county;
	struct fdss__sb b = { 0 };
	long ncols = 0;
	size_t k;
	int i, rc;

	*added = 0;
	fdss__sb_add(&b, "CREATE TABLE IF NOT EXISTS \"%s\" (county text NOT "
		     "NULL", p->table);
	for (i = 0; i < p->ncols; i++)
		fdss__sb_add(&b, ", \"%s\" %s", p->cols[i].name,
			     p->cols[i].type);
	fdss__sb_add(&b, ", PRIMARY KEY (");
	add_key(&b, p);
	fdss__sb_add(&b, ")) PARTITION BY LIST (county);");
	for (k = 0; k < sizeof(indexes) / sizeof(indexes[0]); k++)
		if (!strcmp(indexes[k].table, p->table) &&
		    has_col(p, indexes[k].col))
			fdss__sb_add(&b, "CREATE INDEX IF NOT EXISTS \"%s_%s\" "
				     "ON \"%s\" (county, \"%s\");", p->table,
				     indexes[k].col, p->table, indexes[k].col);
	fdss__sb_add(&b, "CREATE TABLE IF NOT EXISTS \"%s_%s\" PARTITION OF "
		     "\"%s\" FOR VALUES IN ('%s');", p->table, county,
		     p->table, county);
	fdss__sb_add(&b, "SELECT count(*) FROM information_schema.columns "
		     "WHERE table_schema = '" FDSS__PG_SCHEMA "' AND "
		     "table_name = '%s';", p->table);
	fdss__sb_add(&b, "SELECT NOT EXISTS (SELECT 1 FROM \"%s_%s\")",
		     p->table, county);
	rc = ensure_run(p, &b, &ncols);
	fdss__sb_release(&b);
	if (rc != FDSS_OK || ncols >= p->ncols + 1)
		return rc;
	/* columns a later migration added */
	*added = 1;
	for (i = 0; i < p->ncols; i++)
		fdss__sb_add(&b, "ALTER TABLE \"%s\" ADD COLUMN IF NOT EXISTS "
			     "\"%s\" %s;", p->table, p->cols[i].name,
			     p->cols[i].type);
	rc = ensure_run(p, &b, &ncols);
	fdss__sb_release(&b);
	return rc;
}

/* The rows of the table into COPY c (sqlite SELECT of its columns). */
static int copy_rows(struct push *p, struct fdss__pg_copy *c,
		     const char *where)
{
	struct fdss__sb b = { 0 };
	sqlite3_stmt *st = NULL;
	int i, rc;

	fdss__sb_add(&b, "SELECT ");
	add_cols(&b, p, "", 0);
	fdss__sb_add(&b, " FROM \"%s\"%s", p->table, where);
	if (b.rc)
		return nomem(p->db);
	rc = sqlite3_prepare_v2(fdss__db_sqlite(p->db), b.s, -1, &st, NULL);
	fdss__sb_release(&b);
	if (rc != SQLITE_OK)
		return fdss__db_sqlfail(p->db, rc, p->table);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = fdss__pg_copy_field(c, p->st->county, 0)) != FDSS_OK)
			break;
		for (i = 0; i < p->ncols && rc == FDSS_OK; i++)
			rc = fdss__pg_copy_field(c,
				(const char *)sqlite3_column_text(st, i),
				i == p->ncols - 1);
		if (rc != FDSS_OK)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = FDSS_OK;
	else if (rc > 0)
		rc = fdss__db_sqlfail(p->db, rc, p->table);
	sqlite3_finalize(st);
	return rc;
}

/* COPY into target, the rows of where. */
static int copy_into(struct push *p, const char *target, const char *where)
{
	struct fdss__pg_copy c;
	struct fdss__sb b = { 0 };
	int rc;

	fdss__sb_add(&b, "COPY %s (", target);
	add_cols(&b, p, "", 1);
	fdss__sb_add(&b, ") FROM STDIN");
	if (b.rc)
		return nomem(p->db);
	rc = fdss__pg_copy_start(&c, p->db, p->pg, b.s);
	fdss__sb_release(&b);
	if (rc != FDSS_OK)
		return rc;
	rc = fdss__pg_copy_end(&c, copy_rows(p, &c, where));
	p->st->sent += c.rows;
	return rc;
}

/* INSERT … ON CONFLICT DO UPDATE of the rows of fdss_in that differ. */
static int upsert(struct push *p)
{
	struct fdss__sb b = { 0 };
	PGresult *res;
	int i, n = 0;

	fdss__sb_add(&b, "INSERT INTO \"%s\" AS o (", p->table);
	add_cols(&b, p, "", 1);
	fdss__sb_add(&b, ") SELECT ");
	add_cols(&b, p, "", 1);
	fdss__sb_add(&b, " FROM pg_temp.fdss_in ON CONFLICT (");
	add_key(&b, p);
	fdss__sb_add(&b, ") DO ");
	for (i = 0; i < p->ncols; i++)
		if (!p->cols[i].pk)
			fdss__sb_add(&b, "%s\"%s\" = EXCLUDED.\"%s\"",
				     n++ ? ", " : "UPDATE SET ",
				     p->cols[i].name, p->cols[i].name);
	if (!n)
		fdss__sb_add(&b, "NOTHING");
	for (i = 0, n = 0; i < p->ncols; i++)
		if (!p->cols[i].pk)
			fdss__sb_add(&b, "%so.\"%s\"", n++ ? ", " : " WHERE (",
				     p->cols[i].name);
	for (i = 0, n = 0; i < p->ncols; i++)
		if (!p->cols[i].pk)
			fdss__sb_add(&b, "%sEXCLUDED.\"%s\"",
				     n++ ? ", " : ", NULL) IS DISTINCT FROM (",
				     p->cols[i].name);
	if (n)
		fdss__sb_add(&b, ", NULL)");
	if (b.rc)
		return nomem(p->db);
	res = fdss__pg_query(p->db, p->pg, b.s, 0, NULL, p->table);
	fdss__sb_release(&b);
	if (!res)
		return fdss_db_error(p->db)->code;
	p->st->changed += strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return FDSS_OK;
}

/* The county's view of the table, under its SQLite name. */
static int county_view(struct push *p)
{
	struct fdss__sb b = { 0 };
	int rc;

	fdss__sb_add(&b, "CREATE OR REPLACE VIEW " FDSS__PG_COUNTY_SCHEMA
		     "%s.\"%s\" AS SELECT ", p->st->county, p->table);
	add_cols(&b, p, "", 0);
	fdss__sb_add(&b, " FROM \"%s_%s\"", p->table, p->st->county);
	if (b.rc)
		return nomem(p->db);
	rc = fdss__pg_exec(p->db, p->pg, b.s, p->table);
	fdss__sb_release(&b);
	return rc;
}

static int push_table(struct push *p)
{
	char target[160];
	const char *where;
	int rc, added;

	if ((rc = read_cols(p)) != FDSS_OK)
		return rc;
	if (!has_key(p))
		return fdss__db_fail(p->db, FDSS_EDATA, "table '%s': no "
				     "primary key to push it by", p->table);
	if ((rc = ensure_table(p, &added)) != FDSS_OK ||
	    (rc = county_view(p)) != FDSS_OK)
		return rc;
	where = added ? "" : where_changed(p);
	p->st->tables++;
	if (p->fresh) {
		long long before = p->st->sent;

		snprintf(target, sizeof(target), "\"%s_%s\"", p->table,
			 p->st->county);
		rc = copy_into(p, target, where);
		p->st->changed += p->st->sent - before;
		return rc;
	}
	if ((rc = fdss__pg_exec(p->db, p->pg, "DROP TABLE IF EXISTS "
				"pg_temp.fdss_in", p->table)) != FDSS_OK)
		return rc;
	snprintf(target, sizeof(target), "CREATE TEMP TABLE fdss_in (LIKE "
		 "\"%s\")", p->table);
	if ((rc = fdss__pg_exec(p->db, p->pg, target, p->table)) != FDSS_OK ||
	    (rc = copy_into(p, "pg_temp.fdss_in", where)) != FDSS_OK)
		return rc;
	return upsert(p);
}

/* --- the tables, the views, the state ---------------------------------- */

static const char sql_tables[] =
	"SELECT name FROM sqlite_master WHERE type = 'table'"
	" AND name NOT LIKE 'sqlite%' AND name <> 'audit_log'"
	" AND name <> 'import_batch' ORDER BY name";

static int push_tables(struct push *p)
{
	sqlite3_stmt *st;
	char *name;
	int rc;

	if (!(st = fdss__db_prepare(p->db, sql_tables)))
		return fdss_db_error(p->db)->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(name = strdup(fdss__col(st, 0)))) {
			rc = nomem(p->db);
			break;
		}
		p->table = name;
		rc = push_table(p);
		p->table = NULL;
		free(name);
		if (rc != FDSS_OK)
			break;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return FDSS_OK;
	return rc > 0 ? fdss__db_sqlfail(p->db, rc, "cannot read the tables")
		      : rc;
}

static const char sql_views[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name";

/*
 * The county database's views (contract_cover), as its schema writes
 * them, in the county schema over the county's tables.  A view
 * PostgreSQL does not take is left out (the savepoint undoes it).
 */
static int push_views(struct push *p)
{
	sqlite3_stmt *st = fdss__db_prepare(p->db, sql_views);
	struct fdss__sb b = { 0 };
	const char *sql;
	int rc;

	if (!st)
		return fdss_db_error(p->db)->code;
	fdss__sb_add(&b, "SET search_path = " FDSS__PG_COUNTY_SCHEMA "%s, "
		     FDSS__PG_SCHEMA, p->st->county);
	rc = b.rc ? nomem(p->db) : fdss__pg_exec(p->db, p->pg, b.s, "views");
	fdss__sb_release(&b);
	while (rc == FDSS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sql = fdss__col(st, 1);
		if (strncmp(sql, "CREATE VIEW ", 12)) {
			rc = FDSS_OK;
			continue;
		}
		fdss__sb_add(&b, "SAVEPOINT v; CREATE OR REPLACE VIEW %s",
			     sql + 12);
		rc = b.rc ? nomem(p->db) : FDSS_OK;
		if (rc == FDSS_OK &&
		    fdss__pg_exec(p->db, p->pg, b.s, "view") != FDSS_OK)
			rc = fdss__pg_exec(p->db, p->pg, "ROLLBACK TO v",
					   "view");
		fdss__sb_release(&b);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		rc = FDSS_OK;
	else if (rc > 0)
		rc = fdss__db_sqlfail(p->db, rc, "cannot read the views");
	if (rc == FDSS_OK)
		rc = fdss__pg_exec(p->db, p->pg, "SET search_path = "
				   FDSS__PG_SCHEMA, "views");
	return rc;
}

/*
 * One person of the province per ID number: the county that holds them
 * active, else the one with the latest status date.  Each county's
 * person rows stay in its partition with their histories.
 */
static const char sql_resident[] =
	"CREATE OR REPLACE VIEW resident AS"
	" SELECT DISTINCT ON (id_number) id_number, county, name, status,"
	" status_date FROM person"
	" ORDER BY id_number, status = 'active' DESC,"
	" status_date DESC NULLS LAST, county";

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

static int state_put(struct push *p)
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
static int plan(struct push *p)
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

static int push_run(struct push *p)
{
	struct fdss__sb b = { 0 };
	int rc;

	fdss__sb_add(&b, "BEGIN; SELECT pg_advisory_xact_lock(4531880);"
		     "CREATE SCHEMA IF NOT EXISTS " FDSS__PG_SCHEMA ";"
		     "CREATE SCHEMA IF NOT EXISTS " FDSS__PG_COUNTY_SCHEMA
		     "%s", p->st->county);
	rc = b.rc ? nomem(p->db) : fdss__pg_exec(p->db, p->pg, b.s,
						 "cannot start the push");
	fdss__sb_release(&b);
	if (rc != FDSS_OK || (rc = fdss__pg_schema(p->db, p->pg)) != FDSS_OK ||
	    (rc = plan(p)) != FDSS_OK || (rc = push_tables(p)) != FDSS_OK ||
	    (rc = push_views(p)) != FDSS_OK ||
	    (rc = fdss__pg_exec(p->db, p->pg, sql_resident, "resident")) !=
		    FDSS_OK ||
	    (rc = state_put(p)) != FDSS_OK)
		return rc;
	return fdss__pg_exec(p->db, p->pg, "COMMIT", "cannot commit the push");
}

int fdss_push(fdss_db *db, const char *url, const fdss_push_opts *o,
	      fdss_push_stats *out)
{
	static const fdss_push_opts defaults = FDSS_PUSH_OPTS_INIT;
	struct push p;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.db = db;
	p.o = o ? o : &defaults;
	p.st = out;
	if (!url)
		return fdss__db_fail(db, FDSS_EINVAL, "no PostgreSQL database "
				     "named");
	if ((rc = fdss_county_code(db, out->county)) != FDSS_OK)
		return rc;
	if ((rc = fdss__pg_open(db, url, &p.pg)) != FDSS_OK)
		return rc;
	/* one snapshot of the county database for the whole push */
	if ((rc = sqlite_exec(db, "BEGIN", "cannot read the database")) ==
	    FDSS_OK) {
		rc = push_run(&p);
		sqlite_exec(db, "ROLLBACK", "cannot end the read");
	}
	cols_release(&p);
	free(p.cols);
	PQfinish(p.pg);
	return rc;
}
