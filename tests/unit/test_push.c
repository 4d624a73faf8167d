/* The pieces of fdss push that need no server: the county of a
 * database, the SQL text for PostgreSQL, the status rule as a table. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "cover_int.h"
#include "pg_int.h"

static fdss_db *db;

static void open_db(void)
{
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", FDSS_DB_CREATE, &err),
		     FDSS_OK), "%s", err.msg);
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

TestSuite(push, .init = open_db, .fini = close_db);

static void exec(const char *sql)
{
	cr_assert(eq(int, sqlite3_exec(fdss__db_sqlite(db), sql, NULL, NULL,
				       NULL), SQLITE_OK), "%s", sql);
}

#define VILLAGE(code) "INSERT INTO area (code, name, level, parent) VALUES" \
	" ('" code "', 'v', 'village', substr('" code "', 1, 9));"

Test(push, county_of_the_villages)
{
	char c[FDSS_COUNTY_BUFSZ] = "x";

	exec(VILLAGE("140826100200") VILLAGE("140826101200"));
	cr_assert(eq(int, fdss_county_code(db, c), FDSS_OK));
	cr_assert(eq(str, c, "140826"));
}

Test(push, county_setting_wins)
{
	char c[FDSS_COUNTY_BUFSZ];

	exec(VILLAGE("140826100200") VILLAGE("451026100200")
	     "INSERT OR REPLACE INTO setting VALUES ('county', '451026')");
	cr_assert(eq(int, fdss_county_code(db, c), FDSS_OK));
	cr_assert(eq(str, c, "451026"));
}

Test(push, no_county)
{
	char c[FDSS_COUNTY_BUFSZ] = "x";
	const char *msg = "the database names no county: set it with "
			  "`fdss setting set county CODE`";

	cr_assert(eq(int, fdss_county_code(db, c), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_error(db)->msg, (char *)msg));
	cr_assert(eq(str, c, ""));
	/* villages of two counties name none either */
	exec(VILLAGE("140826100200") VILLAGE("451026100200"));
	cr_assert(eq(int, fdss_county_code(db, c), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_error(db)->msg, (char *)msg));
}

/* fdss setting refuses a county that is not 6 digits; one written by
 * hand is not taken for a county, and names none. */
Test(push, county_setting_must_be_six_digits)
{
	char c[FDSS_COUNTY_BUFSZ];

	exec("INSERT OR REPLACE INTO setting VALUES ('county', '14082')");
	cr_assert(eq(int, fdss_county_code(db, c), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_error(db)->msg,
		     "the database names no county: set it with "
		     "`fdss setting set county CODE`"));
}

Test(push, sql_for_postgresql)
{
	char *names[8];
	int n, i;
	char *s = fdss__pg_sql("SELECT ':x', a FROM t WHERE b = :ref AND c < "
			       ":lo AND (:team IS NULL OR d = :team) AND "
			       "e >= :ref", names, 8, &n);

	cr_assert(s != NULL);
	cr_assert(eq(str, s, "SELECT ':x', a FROM t WHERE b = $1 AND c < $2 "
		     "AND ($3 IS NULL OR d = $3) AND e >= $1"));
	cr_assert(eq(int, n, 3));
	cr_assert(eq(str, names[0], "ref"));
	cr_assert(eq(str, names[1], "lo"));
	cr_assert(eq(str, names[2], "team"));
	for (i = 0; i < n; i++)
		free(names[i]);
	free(s);
	s = fdss__pg_sql("SELECT name FROM area WHERE code = ?1 AND y = ?2",
			 names, 8, &n);
	cr_assert(eq(str, s, "SELECT name FROM area WHERE code = $1 AND "
		     "y = $2"));
	cr_assert(eq(int, n, 2));
	free(s);
	/* more names than room */
	s = fdss__pg_sql(":a :b :c", names, 2, &n);
	cr_assert(s == NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
}

struct rules {
	int n;
	char seen[5][3][16];	/* contract, cover, signed of 5 keys */
};

static const char *const keys[5] = {
	"active:1<>nn", "pending:0<>nn", "active:1<<nn", "terminated:1<>=n",
	"active:1<>n="
};

static int rule(void *arg, int at, const char *key, int contract, int cover)
{
	struct rules *r = arg;
	int i;

	cr_assert(eq(int, at, r->n), "%s", key);
	r->n++;
	for (i = 0; i < 5; i++)
		if (!strcmp(key, keys[i])) {
			snprintf(r->seen[i][0], 16, "%s",
				 fdss_contract_status_name(contract));
			snprintf(r->seen[i][1], 16, "%s",
				 fdss_contract_status_name(cover));
			snprintf(r->seen[i][2], 16, "%d",
				 fdss_contract_status_signed(cover));
		}
	return 0;
}

Test(push, status_rule_as_a_table)
{
	static const char *const want[5][3] = {
		{ "active", "active", "1" },
		{ "pending", "pending", "1" },
		{ "expired", "expired", "0" },
		{ "terminated", "terminated", "0" },
		{ "active", "terminated", "0" },
	};
	struct rules r = { 0 };
	int i, j;

	cr_assert(eq(int, fdss__cover_rule_rows(rule, &r), 0));
	cr_assert(eq(int, r.n, 4 * 2 * 4 * 4 * 4 * 4));
	for (i = 0; i < 5; i++)
		for (j = 0; j < 3; j++)
			cr_assert(eq(str, r.seen[i][j], (char *)want[i][j]),
				  "%s: %d", keys[i], j);
}
