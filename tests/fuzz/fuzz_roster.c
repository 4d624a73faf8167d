/*
 * The roster import end to end (CSV and JSON lines, the registry preset
 * and plain headers) into a fresh in-memory database: whatever the
 * input, the run ends in a known way, every row read is accounted for,
 * and what is stored passes the foreign-key and integrity checks.  The
 * first input byte picks the form, the rest is the file.
 */
#include <sqlite3.h>

#include "fuzz.h"
#include "fdss/db.h"
#include "fdss/roster.h"
#include "internal.h"	/* fdss__db_sqlite(), for the checks */

/* A migrated empty database, made once and copied into each run's. */
static unsigned char *template_db;
static sqlite3_int64 template_size;

static fdss_db *fresh_db(void)
{
	fdss_error err = FDSS_ERROR_INIT;
	unsigned char *copy;
	fdss_db *db;

	if (!template_db) {
		FUZZ_ASSERT(fdss_db_open(&db, ":memory:", FDSS_DB_CREATE,
					 &err) == FDSS_OK);
		template_db = sqlite3_serialize(fdss__db_sqlite(db), "main",
						&template_size, 0);
		FUZZ_ASSERT(template_db != NULL);
		fdss_db_close(db);
	}
	FUZZ_ASSERT(fdss_db_open(&db, ":memory:",
				 FDSS_DB_CREATE | FDSS_DB_NO_MIGRATE,
				 &err) == FDSS_OK);
	FUZZ_ASSERT((copy = sqlite3_malloc64((sqlite3_uint64)template_size)));
	memcpy(copy, template_db, (size_t)template_size);
	FUZZ_ASSERT(sqlite3_deserialize(fdss__db_sqlite(db), "main", copy,
					template_size, template_size,
					SQLITE_DESERIALIZE_FREEONCLOSE |
						SQLITE_DESERIALIZE_RESIZEABLE) ==
		    SQLITE_OK);
	return db;
}

static int count(void *arg, int n, char **v, char **names)
{
	(void)names;
	FUZZ_ASSERT(n == 1 && v[0] && strcmp(v[0], "ok") == 0);
	++*(int *)arg;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fdss_import_opts o = FDSS_IMPORT_OPTS_INIT;
	fdss_import_stats st;
	fdss_db *db;
	FILE *f;
	int rc, ok = 0, bad = 0;

	if (size < 2)
		return 0;
	o.name = "fuzz";
	o.format = data[0] & 1 ? FDSS_IMPORT_JSONL : FDSS_IMPORT_CSV;
	o.preset = data[0] & 2 ? "poverty-registry" : NULL;
	o.encoding = data[0] & 4 ? "gb18030" : NULL;
	o.atomic = (data[0] & 8) != 0;
	FUZZ_ASSERT(fdss_date_parse(&o.ref, "2026-12-04", NULL) == FDSS_OK);
	db = fresh_db();
	f = fuzz_stream(data + 1, size - 1);
	rc = fdss_import_roster(db, f, &o, &st);
	FUZZ_ASSERT(rc == FDSS_OK || rc == FDSS_EDATA);
	if (rc == FDSS_OK) {
		FUZZ_ASSERT(st.read == st.inserted + st.updated +
					       st.unchanged + st.rejected);
		FUZZ_ASSERT(!o.atomic || st.rejected == 0);
	}
	FUZZ_ASSERT(sqlite3_exec(fdss__db_sqlite(db), "PRAGMA foreign_key_check",
				 count, &bad, NULL) == SQLITE_OK);
	FUZZ_ASSERT(bad == 0);
	FUZZ_ASSERT(sqlite3_exec(fdss__db_sqlite(db), "PRAGMA integrity_check",
				 count, &ok, NULL) == SQLITE_OK);
	FUZZ_ASSERT(ok == 1);
	fclose(f);
	fdss_db_close(db);
	return 0;
}
