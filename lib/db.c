/*
 * db.c: the database handle — open or create, settings, migrations from
 * the embedded schema, transactions, a statement cache and the error on
 * the handle.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cover_int.h"

/* PRAGMA application_id of an fdss database: "fdss" in ASCII. */
#define FDSS_APP_ID 0x66647373

/*
 * A walk may call a function that prepares the statement the walk is
 * stepping (fdss_area_list() from its own callback): a busy statement
 * is never reset for another use, the slot prepares one more.  Depth is
 * bounded, as a statement left busy by a missing reset would otherwise
 * make one per call.
 */
#define STMT_NEST_MAX 8

struct stmt_slot {
	const char *sql;	/* the literal, compared by address */
	sqlite3_stmt *st[STMT_NEST_MAX]; /* st[0], and one per nested use */
	int n;			/* statements prepared in st */
};

struct fdss_db {
	sqlite3 *sql;
	fdss_error err;		/* the last failure */
	char *path;		/* as given, for messages */
	int busy_ms;		/* how long a write waits for a lock */
	char *operator_name;	/* for the audit log */
	char *command;
	struct stmt_slot *cache; /* open addressing on the literal's address */
	size_t ncache, cap;
	int defer_commit;	/* batches leave their COMMIT to the caller */
	int commit_pending;	/* a batch did: its transaction is open */
};

sqlite3 *fdss__db_sqlite(fdss_db *db)
{
	return db->sql;
}

fdss_error *fdss__db_err(fdss_db *db)
{
	return &db->err;
}

const fdss_error *fdss_db_error(const fdss_db *db)
{
	return &db->err;
}

const char *fdss_db_errmsg(const fdss_db *db)
{
	return db ? db->err.msg : "";
}

int fdss__db_fail(fdss_db *db, int code, const char *fmt, ...)
{
	va_list ap;

	db->err.code = code;
	va_start(ap, fmt);
	vsnprintf(db->err.msg, sizeof(db->err.msg), fmt, ap);
	va_end(ap);
	return code;
}

static int map_sqlite_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return FDSS_EBUSY;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return FDSS_EIO;
	case SQLITE_NOMEM:
		return FDSS_ENOMEM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return FDSS_EDATA;
	default:
		return FDSS_EINTERNAL;
	}
}

int fdss__db_sqlfail(fdss_db *db, int sqlite_rc, const char *what)
{
	int code = map_sqlite_rc(sqlite_rc);

	if (code == FDSS_EBUSY)
		return fdss__db_fail(db, code,
				     "%s: database '%s' still locked by another "
				     "program after %d ms (try again later, or "
				     "wait longer with --busy-timeout)", what,
				     db->path, db->busy_ms);
	return fdss__db_fail(db, code, "%s: %s", what,
			     db->sql ? sqlite3_errmsg(db->sql)
				     : sqlite3_errstr(sqlite_rc));
}

int fdss__bind_date(sqlite3_stmt *st, int i, fdss_date d)
{
	char buf[FDSS_DATE_BUFSZ];

	return sqlite3_bind_text(st, i, fdss_date_format(buf, d), -1,
				 SQLITE_TRANSIENT);
}

int fdss__copy(char *dst, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (n == 0)
		return 0;
	if (len >= n) {
		dst[0] = '\0';
		return 0;
	}
	memcpy(dst, s ? s : "", len + 1);
	return 1;
}

fdss_date fdss__col_date(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	fdss_date d = 0;

	if (s && fdss_date_parse(&d, s, NULL) != FDSS_OK)
		d = 0;
	return d;
}

const char *fdss__col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

int fdss__bind_text(sqlite3_stmt *st, int i, const char *s, int empty_null)
{
	if (!s || (empty_null && !*s))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int fdss__db_bindfail(fdss_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_errcode(db->sql);

	rc = fdss__db_sqlfail(db, rc != SQLITE_OK ? rc : SQLITE_ERROR, what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

const char *fdss__db_operator(fdss_db *db)
{
	return db->operator_name ? db->operator_name : "unknown";
}

const char *fdss__db_command(fdss_db *db)
{
	return db->command;
}

int fdss__db_in_tx(fdss_db *db)
{
	return !sqlite3_get_autocommit(db->sql);
}

static size_t slot_of(const char *sql, size_t cap)
{
	uintptr_t h = (uintptr_t)sql;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL & UINTPTR_MAX;
	return (size_t)(h >> 7) & (cap - 1);
}

static int cache_grow(fdss_db *db)
{
	size_t cap = db->cap ? db->cap * 2 : 64, i;
	struct stmt_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < db->cap; i++) {
		size_t j;

		if (!db->cache[i].sql)
			continue;
		j = slot_of(db->cache[i].sql, cap);
		while (slots[j].sql)
			j = (j + 1) & (cap - 1);
		slots[j] = db->cache[i];
	}
	free(db->cache);
	db->cache = slots;
	db->cap = cap;
	return FDSS_OK;
}

sqlite3_stmt *fdss__db_prepare(fdss_db *db, const char *sql)
{
	struct stmt_slot *slot;
	size_t j;
	int i, rc;

	if (db->ncache * 2 >= db->cap && cache_grow(db) != FDSS_OK)
		return NULL;
	j = slot_of(sql, db->cap);
	while (db->cache[j].sql && db->cache[j].sql != sql)
		j = (j + 1) & (db->cap - 1);
	slot = &db->cache[j];
	for (i = 0; i < slot->n; i++) {
		if (sqlite3_stmt_busy(slot->st[i]))
			continue;	/* a walk is stepping it */
		sqlite3_reset(slot->st[i]);
		sqlite3_clear_bindings(slot->st[i]);
		return slot->st[i];
	}
	if (slot->n == STMT_NEST_MAX) {
		fdss__db_fail(db, FDSS_EINTERNAL, "statement in use %d times "
			      "over: %.60s", STMT_NEST_MAX, sql);
		return NULL;
	}
	rc = sqlite3_prepare_v2(db->sql, sql, -1, &slot->st[slot->n], NULL);
	if (rc != SQLITE_OK) {
		fdss__db_sqlfail(db, rc, "cannot prepare statement");
		return NULL;
	}
	if (!slot->sql) {
		slot->sql = sql;
		db->ncache++;
	}
	return slot->st[slot->n++];
}

int fdss_db_exec(fdss_db *db, const char *sql)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "database");
	return FDSS_OK;
}

static int pragma_int(fdss_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		return fdss__db_sqlfail(db, rc, db->path);
	return FDSS_OK;
}

int fdss_db_schema_version(fdss_db *db)
{
	int v = -1;

	pragma_int(db, "PRAGMA user_version", &v);
	return v;
}

int fdss_db_schema_latest(void)
{
	return fdss__nmigrations;
}

int fdss_db_begin(fdss_db *db)
{
	int rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot start a transaction");
	return FDSS_OK;
}

int fdss_db_commit(fdss_db *db)
{
	int rc;

	db->commit_pending = 0;
	rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		/* a full disk or a file size limit shows here, at the end */
		if (map_sqlite_rc(rc) == FDSS_EBUSY)
			fdss__db_sqlfail(db, rc, "cannot commit");
		else
			fdss__db_fail(db, map_sqlite_rc(rc), "'%s': cannot "
				      "commit, nothing stored: %s", db->path,
				      sqlite3_errmsg(db->sql));
		fdss_db_rollback(db);
		return db->err.code;
	}
	return FDSS_OK;
}

void fdss_db_rollback(fdss_db *db)
{
	if (db)
		db->commit_pending = 0;
	if (db && db->sql && !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

int fdss__tx_begin(fdss_db *db, int *nested)
{
	*nested = fdss__db_in_tx(db);
	return *nested ? fdss_db_exec(db, "SAVEPOINT fdss_change")
		       : fdss_db_begin(db);
}

int fdss__tx_end(fdss_db *db, int nested, int rc)
{
	if (rc == FDSS_OK) {
		rc = nested ? fdss_db_exec(db, "RELEASE fdss_change")
			    : fdss_db_commit(db);
		if (rc == FDSS_OK)
			return FDSS_OK;
	}
	if (!nested)
		fdss_db_rollback(db);
	else if (fdss_db_exec(db, "ROLLBACK TO fdss_change") == FDSS_OK)
		fdss_db_exec(db, "RELEASE fdss_change");
	return rc;
}

void fdss_db_defer_commit(fdss_db *db, int on)
{
	db->defer_commit = on != 0;
}

int fdss_db_commit_pending(const fdss_db *db)
{
	return db->commit_pending;
}

int fdss__batch_commit(fdss_db *db, int *committed)
{
	int rc;

	if (db->defer_commit) {
		db->commit_pending = 1;
		return FDSS_OK;
	}
	if ((rc = fdss_db_commit(db)) == FDSS_OK)
		*committed = 1;
	return rc;
}

int fdss__batch_end(fdss_db *db, int atomic, int dry_run, long rejected,
		    const char *what, int *committed)
{
	int rc = FDSS_OK;

	if (atomic && rejected) {
		fdss_db_rollback(db);
		rc = fdss__db_fail(db, FDSS_EDATA, "%ld %s rejected; nothing "
				   "stored (--atomic)", rejected, what);
	} else if (dry_run) {
		fdss_db_rollback(db);
	} else {
		rc = fdss__batch_commit(db, committed);
	}
	return rc;
}

/*
 * Apply migration m, unless another connection did it meanwhile: the
 * version is read again under the write lock, because the commands of a
 * pipeline (person list | sign) may open an older database at the same
 * moment, and the second must not run the first's migration again.
 * *done is 1 when this connection applied it.
 */
static int apply(fdss_db *db, const struct fdss__migration *m, int *done)
{
	char pragma[64];
	int v = 0, rc;

	*done = 0;
	if ((rc = fdss_db_begin(db)) != FDSS_OK)
		return rc;
	if ((rc = pragma_int(db, "PRAGMA user_version", &v)) != FDSS_OK) {
		fdss_db_rollback(db);
		return rc;
	}
	if (v >= m->version)
		return fdss_db_commit(db);
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		 m->version);
	rc = sqlite3_exec(db->sql, m->sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->sql, pragma, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		char what[128];

		snprintf(what, sizeof(what), "migration %s", m->name);
		fdss__db_sqlfail(db, rc, what);
		fdss_db_rollback(db);
		return db->err.code;
	}
	if ((rc = fdss_db_commit(db)) == FDSS_OK)
		*done = 1;
	return rc;
}

int fdss_db_migrate(fdss_db *db, int *applied)
{
	int v, i, n = 0, done, rc;

	if (applied)
		*applied = 0;
	if ((rc = pragma_int(db, "PRAGMA user_version", &v)) != FDSS_OK)
		return rc;
	if (v > fdss__nmigrations)
		return fdss__db_fail(db, FDSS_ESCHEMA,
				     "'%s': database schema version %d is "
				     "newer than this fdss knows (%d): use a "
				     "newer fdss", db->path, v,
				     fdss__nmigrations);
	for (i = v; i < fdss__nmigrations; i++) {
		if ((rc = apply(db, &fdss__migrations[i], &done)) != FDSS_OK)
			return rc;
		n += done;
	}
	if (applied)
		*applied = n;
	return FDSS_OK;
}

/*
 * An fdss database carries our application_id; an empty file or one
 * that SQLite created a moment ago has none yet and gets it.  Anything
 * else is somebody else's database, which we do not touch.
 */
static int check_identity(fdss_db *db)
{
	int app = 0, ver = 0, ntables = 0, rc;

	if ((rc = pragma_int(db, "PRAGMA application_id", &app)) != FDSS_OK)
		return rc;
	if (app == FDSS_APP_ID)
		return FDSS_OK;
	if ((rc = pragma_int(db, "PRAGMA user_version", &ver)) != FDSS_OK ||
	    (rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema",
			     &ntables)) != FDSS_OK)
		return rc;
	if (app != 0 || ver != 0 || ntables != 0)
		return fdss__db_fail(db, FDSS_EDATA,
				     "'%s': not an fdss database", db->path);
	return fdss_db_exec(db, "PRAGMA application_id = 1717859187");
}

/* Create path with mode 0600 unless it exists; sets *created. */
static int create_file(fdss_db *db, const char *path, int *created)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	*created = 0;
	if (fd >= 0) {
		*created = 1;
		close(fd);
		return FDSS_OK;
	}
	if (errno == EEXIST)
		return FDSS_OK;
	return fdss__db_fail(db, FDSS_EIO, "cannot create '%s': %s", path,
			     strerror(errno));
}

int fdss_db_program_init(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1) != SQLITE_OK)
		return FDSS_EINVAL;
	fdss__pagecache_init();
	return FDSS_OK;
}

/* The SQL functions that give queries the C rules (internal.h). */
static int register_condition_functions(fdss_db *db)
{
	int rc = fdss__condition_sql_register(db->sql);

	return rc == SQLITE_OK ? FDSS_OK
			       : fdss__db_sqlfail(db, rc, "cannot register "
						  "fdss_program_of()");
}

/* How long handles opened from now on wait for a lock (ms). */
static int default_busy_ms = FDSS_DB_BUSY_MS;

void fdss_db_set_busy_timeout(int ms)
{
	default_busy_ms = ms < 0 ? 0 : ms;
}

static int configure(fdss_db *db)
{
	int rc;

	db->busy_ms = default_busy_ms;
	sqlite3_busy_timeout(db->sql, db->busy_ms);
	sqlite3_extended_result_codes(db->sql, 1);
	if ((rc = fdss__cover_register(db->sql)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot register the contract "
					"status functions");
	if ((rc = check_identity(db)) != FDSS_OK ||
	    (rc = register_condition_functions(db)) != FDSS_OK)
		return rc;
	if ((rc = fdss_db_exec(db, "PRAGMA journal_mode = WAL")) != FDSS_OK ||
	    (rc = fdss_db_exec(db, "PRAGMA foreign_keys = ON")) != FDSS_OK)
		return rc;
	return FDSS_OK;
}

int fdss_db_open(fdss_db **out, const char *path, unsigned flags,
		 fdss_error *err)
{
	fdss_db *db;
	int memory = strcmp(path, ":memory:") == 0, created = 0, rc;
	struct stat sb;

	*out = NULL;
	if (!(db = calloc(1, sizeof(*db))) || !(db->path = strdup(path))) {
		free(db);
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	}
	if (!memory) {
		if (flags & FDSS_DB_CREATE)
			rc = create_file(db, path, &created);
		else if (stat(path, &sb) != 0)
			rc = fdss__db_fail(db, FDSS_ENOTFOUND,
					   "'%s': no such database", path);
		else
			rc = FDSS_OK;
		if (rc != FDSS_OK)
			goto fail;
	}
	/* one connection per thread: no SQLite mutexes on the hot path */
	rc = sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_NOMUTEX |
			     (memory ? SQLITE_OPEN_CREATE : 0), NULL);
	if (rc != SQLITE_OK) {
		rc = fdss__db_sqlfail(db, rc, path);
		goto fail;
	}
	if ((rc = configure(db)) != FDSS_OK)
		goto fail;
	if (!(flags & FDSS_DB_NO_MIGRATE) &&
	    (rc = fdss_db_migrate(db, NULL)) != FDSS_OK)
		goto fail;
	*out = db;
	return FDSS_OK;
fail:
	if (err)
		*err = db->err;
	fdss_db_close(db);
	if (created)
		unlink(path);
	return rc;
}

void fdss_db_close(fdss_db *db)
{
	size_t i;

	if (!db)
		return;
	fdss_db_rollback(db);
	for (i = 0; i < db->cap; i++)
		while (db->cache[i].n > 0)
			sqlite3_finalize(db->cache[i].st[--db->cache[i].n]);
	free(db->cache);
	sqlite3_close(db->sql);
	free(db->path);
	free(db->operator_name);
	free(db->command);
	free(db);
}

static int replace(fdss_db *db, char **slot, const char *s)
{
	char *copy = NULL;

	if (s && !(copy = strdup(s)))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	free(*slot);
	*slot = copy;
	return FDSS_OK;
}

int fdss_db_set_actor(fdss_db *db, const char *operator_name,
		      const char *command)
{
	int rc = replace(db, &db->operator_name, operator_name);

	return rc ? rc : replace(db, &db->command, command);
}
