/*
 * condition_sql.c: fdss_program_of(kind) as an SQL function, registered
 * on every connection by db.c, so queries ask the C rule
 * (fdss_program_of_condition) instead of a second copy in SQL.
 */
#include <sqlite3.h>

#include "internal.h"

/* fdss_program_of(kind) in SQL: fdss_program_of_condition() by name. */
static void sql_program_of(sqlite3_context *ctx, int argc,
			   sqlite3_value **argv)
{
	const char *kind = (const char *)sqlite3_value_text(argv[0]);
	const char *program = fdss_program_name(
		fdss_program_of_condition(fdss_condition_parse(kind)));

	(void)argc;
	if (program)
		sqlite3_result_text(ctx, program, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(ctx);
}

int fdss__condition_sql_register(sqlite3 *sql)
{
	return sqlite3_create_function(sql, "fdss_program_of", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC |
				       SQLITE_INNOCUOUS, NULL, sql_program_of,
				       NULL, NULL);
}
