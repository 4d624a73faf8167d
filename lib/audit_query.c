/*
 * audit_query.c: reading the audit log back — entries by table, key,
 * time, operator and command (fdss audit), and the life of one person
 * across every table (fdss person show --history).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define COLUMNS "id, at, operator, command, table_name, row_key, before," \
		" after, reason"

/*
 * ?1 id, ?2 table, ?3 key, ?4 since, ?5 until, ?6 operator, ?7 command
 * ("fdss-NAME ..."): a NULL parameter selects every entry.  The command
 * matches the stored command line when it is that line or its first
 * words.  Timestamps are fixed-width UTC text, so they compare as text.
 * "?1 IS NULL OR id = ?1" keeps the planner off an index, so the walk
 * starts from the id, key or table where one is given (by_id, by_key,
 * by_table), and scans the log only when none is.
 */
#define QUERY(start) \
	"SELECT " COLUMNS " FROM audit_log WHERE " start \
	" AND (?1 IS NULL OR id = ?1)" \
	" AND (?2 IS NULL OR table_name = ?2)" \
	" AND (?3 IS NULL OR row_key = ?3)" \
	" AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at <= ?5)" \
	" AND (?6 IS NULL OR operator = ?6)" \
	" AND (?7 IS NULL OR command = ?7" \
	"      OR substr(command, 1, length(?7) + 1) = ?7 || ' ')" \
	" ORDER BY id"

static const char sql_by_id[] = QUERY("id = ?1");
static const char sql_by_key[] = QUERY("row_key = ?3");
static const char sql_by_table[] = QUERY("table_name = ?2");
static const char sql_all[] = QUERY("1");

/* A table the schema has, or that the log has entries of. */
static const char sql_table_known[] =
	"SELECT EXISTS (SELECT 1 FROM sqlite_schema"
	"               WHERE type = 'table' AND name = ?1)"
	" OR EXISTS (SELECT 1 FROM audit_log WHERE table_name = ?1)";

/* Read the row of st (COLUMNS) into *e. */
static void read_entry(sqlite3_stmt *st, fdss_audit_entry *e)
{
	e->id = sqlite3_column_int64(st, 0);
	e->at = (const char *)sqlite3_column_text(st, 1);
	e->operator_name = (const char *)sqlite3_column_text(st, 2);
	e->command = (const char *)sqlite3_column_text(st, 3);
	e->table_name = (const char *)sqlite3_column_text(st, 4);
	e->row_key = (const char *)sqlite3_column_text(st, 5);
	e->before = (const char *)sqlite3_column_text(st, 6);
	e->after = (const char *)sqlite3_column_text(st, 7);
	e->reason = (const char *)sqlite3_column_text(st, 8);
}

FDSS__WALK_ROW(entry, fdss_audit_entry, read_entry)

/* Hand each row of st (COLUMNS, stepped here) to fn. */
static int walk(fdss_db *db, sqlite3_stmt *st,
		int (*fn)(const fdss_audit_entry *e, void *arg), void *arg)
{
	struct entry_walk w = { fn, arg };

	return fdss__walk(db, st, "cannot read the audit log", entry_row, &w);
}

static int table_known(fdss_db *db, const char *table)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_table_known);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, table, 0))
		return fdss__db_bindfail(db, st, "cannot read the audit log");
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot read the audit log");
	}
	rc = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc ? FDSS_OK : fdss__db_fail(db, FDSS_ENOTFOUND,
					    "table '%s': no such table", table);
}

/* "fdss-NAME" of a --command value NAME or fdss-NAME (the caller's). */
static char *command_name(const char *c)
{
	size_t n = strlen(c);
	char *s;

	if (strncmp(c, "fdss-", 5) == 0 || strncmp(c, "fdss ", 5) == 0) {
		c += 5;
		n -= 5;
	}
	if (!(s = malloc(n + 6)))
		return NULL;
	memcpy(s, "fdss-", 5);
	memcpy(s + 5, c, n + 1);
	return s;
}

int fdss_audit_query(fdss_db *db, const fdss_audit_filter *f,
		     int (*fn)(const fdss_audit_entry *e, void *arg),
		     void *arg)
{
	char *command = NULL;
	sqlite3_stmt *st;
	int rc;

	if (f->table && (rc = table_known(db, f->table)) != FDSS_OK)
		return rc;
	if (f->command && !(command = command_name(f->command)))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	if (!(st = fdss__db_prepare(db, f->id > 0 ? sql_by_id
					    : f->key ? sql_by_key
					    : f->table ? sql_by_table : sql_all))) {
		free(command);
		return fdss_db_error(db)->code;
	}
	if ((f->id > 0 && sqlite3_bind_int64(st, 1, f->id)) ||
	    fdss__bind_text(st, 2, f->table, 0) ||
	    fdss__bind_text(st, 3, f->key, 0) ||
	    fdss__bind_text(st, 4, f->since, 0) ||
	    fdss__bind_text(st, 5, f->until, 0) ||
	    fdss__bind_text(st, 6, f->operator_name, 0) ||
	    fdss__bind_text(st, 7, command, 0))
		rc = fdss__db_bindfail(db, st, "cannot read the audit log");
	else
		rc = walk(db, st, fn, arg);
	free(command);
	return rc;
}

/* --- one person's history ---------------------------------------------- */

/* The text of $.PATH in the JSON column X, NULL when X is not JSON. */
#define JTEXT(x, path) \
	"(CASE WHEN json_valid(" x ") THEN json_extract(" x ", '" path "') END)"

/*
 * The entries of person ?1 in every table, oldest first.  ids: the ID
 * number and those it was corrected from or to (a person entry whose
 * before or after has "id_number").  households: the one they live in
 * and each one their person entries name.  Then: their person entries
 * (row_key the ID number), conditions ("ID:KIND"), households, the
 * contracts they are a member of (an entry about one member — "member"
 * in it — only when it is them), visits and referrals (row_key the row
 * id).
 */
static const char sql_history[] =
	"WITH RECURSIVE"
	" ids(id) AS (SELECT ?1 UNION"
	"  SELECT j.value FROM ids, audit_log a,"
	"   json_each(json_array(a.row_key, " JTEXT("a.before", "$.id_number")
	"    , " JTEXT("a.after", "$.id_number") ")) j"
	"  WHERE a.table_name = 'person' AND j.type = 'text'"
	"   AND (a.row_key = ids.id"
	"    OR " JTEXT("a.before", "$.id_number") " = ids.id"
	"    OR " JTEXT("a.after", "$.id_number") " = ids.id)),"
	" households(h) AS ("
	"  SELECT household_no FROM person WHERE id_number IN ids"
	"  UNION SELECT " JTEXT("a.before", "$.household_no")
	"   FROM audit_log a WHERE a.table_name = 'person' AND a.row_key IN ids"
	"  UNION SELECT " JTEXT("a.after", "$.household_no")
	"   FROM audit_log a WHERE a.table_name = 'person' AND a.row_key IN ids),"
	" contracts(n) AS ("
	"  SELECT c.number FROM contract c"
	"  JOIN contract_member m ON m.contract_id = c.id"
	"  WHERE m.id_number IN ids),"
	" hits(id) AS ("
	"  SELECT a.id FROM audit_log a"
	"  WHERE a.table_name = 'person' AND a.row_key IN ids"
	"  UNION SELECT a.id FROM ids, audit_log a"
	"  WHERE a.table_name = 'condition' AND a.row_key > ids.id || ':'"
	"   AND a.row_key < ids.id || ';'"
	"  UNION SELECT a.id FROM audit_log a"
	"  WHERE a.table_name = 'household' AND a.row_key IN households"
	"  UNION SELECT a.id FROM audit_log a"
	"  WHERE a.table_name = 'contract' AND a.row_key IN contracts"
	"   AND coalesce(" JTEXT("coalesce(a.after, a.before)", "$.member")
	"                 IN ids, 1)"
	"  UNION SELECT a.id FROM audit_log a"
	"  WHERE a.table_name = 'followup' AND a.row_key IN"
	"   (SELECT CAST(id AS TEXT) FROM followup WHERE id_number IN ids)"
	"  UNION SELECT a.id FROM audit_log a"
	"  WHERE a.table_name = 'referral' AND a.row_key IN"
	"   (SELECT CAST(id AS TEXT) FROM referral WHERE id_number IN ids))"
	" SELECT " COLUMNS " FROM audit_log WHERE id IN hits ORDER BY id";

static const char sql_person_exists[] =
	"SELECT 1 FROM person WHERE id_number = ?1";

/* Count the entries a history walk hands on. */
struct counted {
	int (*fn)(const fdss_audit_entry *e, void *arg);
	void *arg;
	long n;
};

static int count_one(const fdss_audit_entry *e, void *arg)
{
	struct counted *c = arg;

	c->n++;
	return c->fn(e, c->arg);
}

/* FDSS_OK when id_number is a person of the roster. */
static int person_exists(fdss_db *db, const char *id_number)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_person_exists);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, id_number, 0))
		return fdss__db_bindfail(db, st, "cannot read the roster");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return FDSS_OK;
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(db, rc, "cannot read the roster");
	return fdss__db_fail(db, FDSS_ENOTFOUND, "no person with ID number "
			     "'%s'", id_number);
}

int fdss_audit_history(fdss_db *db, const char *id_number,
		       int (*fn)(const fdss_audit_entry *e, void *arg),
		       void *arg)
{
	struct counted c = { fn, arg, 0 };
	sqlite3_stmt *st;
	int rc;

	if (!id_number || !*id_number)
		return fdss__db_fail(db, FDSS_ENOTFOUND,
				     "no person with ID number ''");
	if (!(st = fdss__db_prepare(db, sql_history)))
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, id_number, 0))
		return fdss__db_bindfail(db, st, "cannot read the audit log");
	if ((rc = walk(db, st, count_one, &c)) != FDSS_OK || c.n > 0)
		return rc;
	return person_exists(db, id_number);
}

/* --- times ------------------------------------------------------------- */

/* Read n digits at *s into *v; advances *s.  0 if they are not. */
static int digits(const char **s, int n, int *v)
{
	int i;

	for (*v = 0, i = 0; i < n; i++, (*s)++) {
		if (**s < '0' || **s > '9')
			return 0;
		*v = *v * 10 + (**s - '0');
	}
	return 1;
}

/* The clock part "HH:MM[:SS]" and zone "Z", "+HH:MM", "+HHMM" or
 * nothing (UTC) at s: seconds of the day in *secs, offset east in
 * *off; *exact 1 when seconds were given.  0 if malformed. */
static int clock_part(const char *s, long *secs, long *off, int *exact)
{
	int h, m, sec = 0, oh = 0, om = 0, sign = 1;

	if (!digits(&s, 2, &h) || *s++ != ':' || !digits(&s, 2, &m))
		return 0;
	*exact = *s == ':';
	if (*exact && (s++, !digits(&s, 2, &sec)))
		return 0;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (!digits(&s, 2, &oh))
			return 0;
		if (*s == ':')
			s++;
		if (!digits(&s, 2, &om) || oh > 14 || om > 59)
			return 0;
	}
	if (*s || h > 23 || m > 59 || sec > 59)
		return 0;
	*secs = h * 3600L + m * 60L + sec;
	*off = sign * (oh * 3600L + om * 60L);
	return 1;
}

int fdss_audit_time_parse(char *out, const char *s, int end,
			  fdss_error *err)
{
	fdss_date d;
	long secs = end ? 86399 : 0, off = 0, t;
	int exact = 1, y, mo, dd;
	char date[FDSS_DATE_BUFSZ];

	if (!s || strlen(s) < 10)
		goto bad;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (fdss_date_parse(&d, date, NULL) != FDSS_OK)
		goto bad;
	if (s[10]) {
		if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
		    !clock_part(s + 11, &secs, &off, &exact))
			goto bad;
		if (!exact && end)
			secs += 59;	/* the whole minute */
	}
	t = secs - off;		/* UTC, from the start of day d */
	while (t < 0) {
		t += 86400;
		d = fdss_date_add_days(d, -1);
	}
	while (t >= 86400) {
		t -= 86400;
		d = fdss_date_add_days(d, 1);
	}
	fdss_date_to_ymd(d, &y, &mo, &dd);
	snprintf(out, FDSS_AUDIT_TIME_BUFSZ, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ",
		 y, mo, dd, t / 3600, t / 60 % 60, t % 60);
	return FDSS_OK;
bad:
	return fdss_error_set(err, FDSS_EINVAL, "'%s': expected YYYY-MM-DD "
			      "or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]",
			      s ? s : "");
}
