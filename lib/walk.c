/*
 * walk.c: the one loop over a listing's rows (internal.h, fdss__walk()):
 * step, hand each row on, stop when told, and leave the statement reset
 * whatever happened.
 */
#include "internal.h"

int fdss__walk(fdss_db *db, sqlite3_stmt *st, const char *what,
	       int (*row)(fdss_db *db, sqlite3_stmt *st, void *ctx),
	       void *ctx)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = row(db, st, ctx)) != 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? FDSS_OK : fdss__db_sqlfail(db, rc, what);
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}
