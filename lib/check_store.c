/*
 * check_store.c: what the roster and the file itself say — shared-phone
 * and orphans (fdss-check(1)).
 */
#include <string.h>

#include "check_int.h"

/* A phone number on :phone or more households, as the household's or a
 * member's phone (trimmed); the filters only for the numbers found.  A
 * value under 7 characters or of one repeated character ("0", "无",
 * "00000000000") is a placeholder for no number, not a number. */
static const char sql_shared_phone[] =
	"WITH ph0 AS (SELECT trim(phone) AS phone, household_no"
	"  FROM household WHERE phone IS NOT NULL"
	"  UNION ALL SELECT trim(phone), household_no FROM person"
	"  WHERE phone IS NOT NULL),"
	" ph AS (SELECT * FROM ph0 WHERE length(phone) >= 7"
	"  AND replace(phone, substr(phone, 1, 1), '') <> ''),"
	" hit AS (SELECT phone, count(DISTINCT household_no) AS n,"
	"  json_group_array(DISTINCT household_no) AS hh FROM ph"
	"  GROUP BY phone HAVING count(DISTINCT household_no) >= :phone)"
	"SELECT printf('one phone number on %d households', hit.n)"
	" AS summary, NULL AS team, hit.phone AS phone, hit.n AS households,"
	" (SELECT '[' || group_concat(" CHK_REC("household", "j.value") ")"
	"  || ']' FROM json_each(hit.hh) j) AS records"
	" FROM hit WHERE (:lo IS NULL OR EXISTS (SELECT 1 FROM json_each(hit.hh) j"
	"  JOIN household h ON h.household_no = j.value"
	"  WHERE h.village_code >= :lo AND h.village_code < :hi))"
	" AND (:team IS NULL OR EXISTS (SELECT 1 FROM json_each(hit.hh) j"
	"  JOIN contract c ON c.household_no = j.value"
	"  WHERE c.team_code = :team))"
	" ORDER BY hit.n DESC, hit.phone";

int fdss__check_shared_phone(struct chk *c)
{
	return fdss__check_rows(c, sql_shared_phone);
}

/*
 * The keys of rows of tables without a rowid that name a missing parent
 * (PRAGMA foreign_key_check gives no rowid for them): the audit log's
 * key where it has one, else the primary key joined by ':'.
 */
static const struct {
	const char *table;
	const char *sql;	/* key, parent table */
} missing[] = {
	{ "household", "SELECT household_no, 'area' FROM household x"
	  " WHERE NOT EXISTS (SELECT 1 FROM area a"
	  " WHERE a.code = x.village_code)" },
	{ "condition", "SELECT id_number || ':' || kind, 'person'"
	  " FROM condition x WHERE NOT EXISTS (SELECT 1 FROM person p"
	  " WHERE p.id_number = x.id_number)" },
	{ "contract_member", "SELECT contract_id || ':' || id_number,"
	  " CASE WHEN NOT EXISTS (SELECT 1 FROM contract c"
	  " WHERE c.id = x.contract_id) THEN 'contract' ELSE 'person' END"
	  " FROM contract_member x WHERE NOT EXISTS (SELECT 1 FROM contract c"
	  " WHERE c.id = x.contract_id) OR NOT EXISTS (SELECT 1 FROM person p"
	  " WHERE p.id_number = x.id_number)" },
	{ "contract_fee", "SELECT contract_id || ':' || id_number || ':' ||"
	  " package_code || ':' || year_start, CASE WHEN NOT EXISTS (SELECT 1"
	  " FROM package p WHERE p.code = x.package_code) THEN 'package'"
	  " ELSE 'contract_member' END FROM contract_fee x"
	  " WHERE NOT EXISTS (SELECT 1 FROM package p"
	  " WHERE p.code = x.package_code) OR NOT EXISTS (SELECT 1"
	  " FROM contract_member m WHERE m.contract_id = x.contract_id"
	  " AND m.id_number = x.id_number)" },
	{ "team", "SELECT code, 'area' FROM team x WHERE x.area_code IS NOT"
	  " NULL AND NOT EXISTS (SELECT 1 FROM area a"
	  " WHERE a.code = x.area_code)" },
	{ "population", "SELECT area_code || ':' || year || ':' || grp,"
	  " 'area' FROM population x WHERE NOT EXISTS (SELECT 1 FROM area a"
	  " WHERE a.code = x.area_code)" },
};

/* The key of rowid of table as the audit log names it. */
static const char sql_person_key[] =
	"SELECT id_number FROM person WHERE id = ?1";
static const char sql_contract_key[] =
	"SELECT number FROM contract WHERE id = ?1";

static int orphan(struct chk *c, const char *table, const char *key,
		  const char *parent)
{
	char *summary = sqlite3_mprintf("%s row %s names a %s row that does "
					"not exist", table, key, parent);
	cJSON *rec = NULL, *records, *r;

	if (summary && (rec = fdss__check_finding(c, summary, NULL, 0))) {
		if (!fdss__put_str(rec, "team", NULL) ||
		    !fdss__put_str(rec, "table", table) ||
		    !fdss__put_str(rec, "parent", parent) ||
		    !(records = cJSON_AddArrayToObject(rec, "records")) ||
		    !(r = cJSON_CreateObject()) ||
		    !cJSON_AddItemToArray(records, r) ||
		    !fdss__put_str(r, "table", table) ||
		    !fdss__put_str(r, "key", key)) {
			cJSON_Delete(rec);
			rec = NULL;
		}
	}
	sqlite3_free(summary);
	return fdss__check_emit(c, rec);
}

/* A walk over orphans: the check, and the table (or the last one
 * seen, for PRAGMA foreign_key_check). */
struct orphans {
	struct chk *c;
	const char *table;
	char last[64];
};

/* A row of missing[]'s query (key, parent), for fdss__walk(). */
static int orphan_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct orphans *o = ctx;

	(void)db;
	return orphan(o->c, o->table, fdss__col(st, 0), fdss__col(st, 1));
}

/* The rows of a table without rowid that name missing parents. */
static int orphans_of(struct chk *c, const char *table)
{
	struct orphans o = { c, table, "" };
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
		if (!strcmp(missing[i].table, table))
			break;
	if (i == sizeof(missing) / sizeof(missing[0]))
		return orphan(c, table, "?", "parent");
	if (!(st = fdss__db_prepare(c->db, missing[i].sql)))
		return fdss_db_error(c->db)->code;
	return fdss__walk(c->db, st, "orphans", orphan_row, &o);
}

/* A row of PRAGMA foreign_key_check (table, rowid, parent, fkid). */
static int fk_row(struct chk *c, sqlite3_stmt *fk, char *last, size_t n)
{
	const char *table = fdss__col(fk, 0), *sql = NULL;
	sqlite3_stmt *st;
	char *key;
	int rc;

	if (sqlite3_column_type(fk, 1) == SQLITE_NULL) {
		/* without rowid: all of the table's at once */
		if (!strcmp(last, table))
			return FDSS_OK;
		snprintf(last, n, "%s", table);
		return orphans_of(c, table);
	}
	if (!strcmp(table, "person"))
		sql = sql_person_key;
	else if (!strcmp(table, "contract"))
		sql = sql_contract_key;
	if (!sql) {
		key = sqlite3_mprintf("%lld", sqlite3_column_int64(fk, 1));
		rc = key ? orphan(c, table, key, fdss__col(fk, 2))
			 : fdss__db_fail(c->db, FDSS_ENOMEM, "out of memory");
		sqlite3_free(key);
		return rc;
	}
	if (!(st = fdss__db_prepare(c->db, sql)))
		return fdss_db_error(c->db)->code;
	if (sqlite3_bind_int64(st, 1, sqlite3_column_int64(fk, 1)))
		return fdss__db_bindfail(c->db, st, "orphans");
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW ? orphan(c, table, fdss__col(st, 0),
				       fdss__col(fk, 2))
	     : fdss__db_sqlfail(c->db, rc, "orphans");
	sqlite3_reset(st);
	return rc;
}

/* A line of PRAGMA quick_check, a finding unless it is "ok". */
static int integrity_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	struct chk *c = ctx;
	cJSON *rec;

	(void)db;
	if (!strcmp(fdss__col(st, 0), "ok"))
		return FDSS_OK;
	rec = fdss__check_finding(c, fdss__col(st, 0), NULL, 0);
	if (rec && (!fdss__put_str(rec, "team", NULL) ||
		    !cJSON_AddArrayToObject(rec, "records"))) {
		cJSON_Delete(rec);
		rec = NULL;
	}
	return fdss__check_emit(c, rec);
}

/* Each line of PRAGMA quick_check other than "ok". */
static int integrity(struct chk *c)
{
	sqlite3_stmt *st = fdss__db_prepare(c->db, "PRAGMA quick_check");

	if (!st)
		return fdss_db_error(c->db)->code;
	return fdss__walk(c->db, st, "orphans", integrity_row, c);
}

static int fk_walk_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	struct orphans *o = ctx;

	(void)db;
	return fk_row(o->c, st, o->last, sizeof(o->last));
}

int fdss__check_orphans(struct chk *c)
{
	sqlite3_stmt *st = fdss__db_prepare(c->db, "PRAGMA foreign_key_check");
	struct orphans o = { c, NULL, "" };
	int rc;

	if (!st)
		return fdss_db_error(c->db)->code;
	if ((rc = fdss__walk(c->db, st, "orphans", fk_walk_row, &o)) != FDSS_OK)
		return rc;
	return integrity(c);
}
