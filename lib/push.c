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
 * table and upserts, writing only rows that differ; which rows it sends
 * is push_plan.c's.  All of it is one transaction in the store.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push_int.h"

static int nomem(fdss_db *db)
{
	return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
}

static int sqlite_exec(fdss_db *db, const char *sql, const char *what)
{
	int rc = sqlite3_exec(fdss__db_sqlite(db), sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? FDSS_OK : fdss__db_sqlfail(db, rc, what);
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

/*
 * The indexes of the SQLite table, partial ones whole, and one on its
 * primary key, without "county": a county's queries read its partition,
 * where the county is the same in every row.
 */
static const char sql_indexes[] =
	"SELECT il.name, ii.name FROM pragma_index_list(?1) il,"
	" pragma_index_info(il.name) ii ORDER BY il.name, ii.seqno";

/* CREATE INDEX "TABLE_C1_C2" ON "TABLE" ("C1", "C2") into b. */
static void add_index(struct fdss__sb *b, const struct push *p,
		      const char *const *cols, int n)
{
	int i;

	fdss__sb_add(b, "CREATE INDEX IF NOT EXISTS \"%s", p->table);
	for (i = 0; i < n; i++)
		fdss__sb_add(b, "_%s", cols[i]);
	fdss__sb_add(b, "\" ON \"%s\" (", p->table);
	for (i = 0; i < n; i++)
		fdss__sb_add(b, "%s\"%s\"", i ? ", " : "", cols[i]);
	fdss__sb_add(b, ");");
}

static int add_indexes(struct fdss__sb *b, const struct push *p)
{
	sqlite3_stmt *st = fdss__db_prepare(p->db, sql_indexes);
	const char *cols[16];
	char *idx = NULL, *col[16];
	int n = 0, k, i, rc;

	for (k = 1; k <= p->ncols && n < 16; k++)
		for (i = 0; i < p->ncols; i++)
			if (p->cols[i].pk == k)
				cols[n++] = p->cols[i].name;
	if (n)
		add_index(b, p, cols, n);
	if (!st)
		return fdss_db_error(p->db)->code;
	if (sqlite3_bind_text(st, 1, p->table, -1, SQLITE_TRANSIENT))
		return fdss__db_bindfail(p->db, st, "cannot read the indexes");
	n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = fdss__col(st, 0);

		if (idx && strcmp(idx, name)) {
			add_index(b, p, (const char *const *)col, n);
			while (n)
				free(col[--n]);
			free(idx);
			idx = NULL;
		}
		if ((!idx && !(idx = strdup(name))) ||
		    (n < 16 && !(col[n] = strdup(fdss__col(st, 1))))) {
			rc = FDSS_ENOMEM;
			break;
		}
		n += n < 16;
	}
	if (rc == SQLITE_DONE && idx)
		add_index(b, p, (const char *const *)col, n);
	while (n)
		free(col[--n]);
	free(idx);
	sqlite3_reset(st);
	if (rc == FDSS_ENOMEM)
		return nomem(p->db);
	return rc == SQLITE_DONE ? FDSS_OK
				 : fdss__db_sqlfail(p->db, rc, "cannot read "
						    "the indexes");
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
	if ((rc = add_indexes(&b, p)) != FDSS_OK) {
		fdss__sb_release(&b);
		return rc;
	}
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
	where = added ? "" : fdss__push_where(p);
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
	    (rc = fdss__push_plan(p)) != FDSS_OK || (rc = push_tables(p)) != FDSS_OK ||
	    (rc = push_views(p)) != FDSS_OK ||
	    (rc = fdss__pg_exec(p->db, p->pg, sql_resident, "resident")) !=
		    FDSS_OK ||
	    (rc = fdss__push_state_put(p)) != FDSS_OK)
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
