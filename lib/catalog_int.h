#ifndef FDSS_CATALOG_INT_H
#define FDSS_CATALOG_INT_H

/*
 * Helpers of the modules that read and write records (the catalogue —
 * setting.c, team.c, package.c, fee.c — and conditions, follow-up,
 * contracts): copying text into fixed-size fields, binding and reading
 * text columns, the audit entries of a change and the JSON field
 * helpers.  Implemented in setting.c.
 */
#include "internal.h"

/* Copy s (NULL as "") into dst of size n; 0 if it did not fit. */
int fdss__copy(char *dst, size_t n, const char *s);

/* Column i of a row as text, "" when NULL. */
const char *fdss__col(sqlite3_stmt *st, int i);

/* Bind s to parameter i, NULL (or "" when empty_null) as SQL NULL.  s
 * is not copied: it must stay put until the statement is stepped. */
int fdss__bind_text(sqlite3_stmt *st, int i, const char *s, int empty_null)
	__attribute__((warn_unused_result));

/*
 * Audit one change of table row key: before and after are records
 * (either may be NULL) printed compactly; they are not freed.
 * FDSS_ENOMEM when they cannot be printed.
 */
int fdss__audit_json(fdss_db *db, const char *table, const char *key,
		     const cJSON *before, const cJSON *after,
		     const char *reason);

/*
 * cJSON field helpers: each adds one field to rec and returns 0 when out
 * of memory.  Keys are string literals (not copied).
 */
int fdss__put_str(cJSON *rec, const char *key, const char *s); /* "" → null */
int fdss__put_int(cJSON *rec, const char *key, int64_t n, int null);
int fdss__put_bool(cJSON *rec, const char *key, int b);

#endif
