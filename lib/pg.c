/*
 * pg.c: the connection to the provincial PostgreSQL store and what every
 * county shares there (pg_int.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cover_int.h"
#include "pg_int.h"

/* --- a growing string -------------------------------------------------- */

static int sb_grow(struct fdss__sb *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (b->rc)
		return 0;
	while (cap - b->len < more + 1)
		cap *= 2;
	if (cap == b->cap)
		return 1;
	if (!(p = realloc(b->s, cap))) {
		b->rc = FDSS_ENOMEM;
		return 0;
	}
	b->s = p;
	b->cap = cap;
	return 1;
}

void fdss__sb_addn(struct fdss__sb *b, const char *s, size_t n)
{
	if (!sb_grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void fdss__sb_add(struct fdss__sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !sb_grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void fdss__sb_release(struct fdss__sb *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

/* --- connection and statements ----------------------------------------- */

/* libpq's message without its trailing newline. */
static int fail_msg(fdss_db *db, const char *what, const char *msg)
{
	size_t n = msg ? strlen(msg) : 0;

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	return fdss__db_fail(db, FDSS_EIO, "%s: %.*s", what, (int)n,
			     msg ? msg : "");
}

int fdss__pg_fail(fdss_db *db, PGconn *pg, const PGresult *res,
		  const char *what)
{
	const char *m = res ? PQresultErrorMessage(res) : NULL;

	return fail_msg(db, what, m && *m ? m : PQerrorMessage(pg));
}

int fdss__pg_open(fdss_db *db, const char *url, PGconn **out)
{
	PGconn *pg;
	int rc;

	*out = NULL;
	if (!(pg = PQconnectdb(url)))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	if (PQstatus(pg) != CONNECTION_OK) {
		rc = fail_msg(db, "postgresql", PQerrorMessage(pg));
		PQfinish(pg);
		return rc;
	}
	if ((rc = fdss__pg_exec(db, pg, "SET client_min_messages = warning;"
				" SET lc_messages = 'C';"
				" SET search_path = " FDSS__PG_SCHEMA,
				"postgresql")) != FDSS_OK &&
	    (rc = fdss__pg_exec(db, pg, "SET client_min_messages = warning;"
				" SET search_path = " FDSS__PG_SCHEMA,
				"postgresql")) != FDSS_OK) {
		PQfinish(pg);
		return rc;
	}
	*out = pg;
	return FDSS_OK;
}

int fdss__pg_exec(fdss_db *db, PGconn *pg, const char *sql,
		  const char *what)
{
	PGresult *res = PQexec(pg, sql);
	int rc = FDSS_OK;

	if (!res || (PQresultStatus(res) != PGRES_COMMAND_OK &&
		     PQresultStatus(res) != PGRES_TUPLES_OK))
		rc = fdss__pg_fail(db, pg, res, what);
	PQclear(res);
	return rc;
}

PGresult *fdss__pg_query(fdss_db *db, PGconn *pg, const char *sql, int n,
			 const char *const *params, const char *what)
{
	PGresult *res = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);

	if (res && (PQresultStatus(res) == PGRES_COMMAND_OK ||
		    PQresultStatus(res) == PGRES_TUPLES_OK))
		return res;
	fdss__pg_fail(db, pg, res, what);
	PQclear(res);
	return NULL;
}

/* --- COPY -------------------------------------------------------------- */

#define COPY_CHUNK (256 * 1024)

int fdss__pg_copy_start(struct fdss__pg_copy *c, fdss_db *db, PGconn *pg,
			const char *sql)
{
	PGresult *res;
	int rc = FDSS_OK;

	memset(c, 0, sizeof(*c));
	c->db = db;
	c->pg = pg;
	res = PQexec(pg, sql);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN)
		rc = fdss__pg_fail(db, pg, res, "cannot copy");
	PQclear(res);
	return rc;
}

static int copy_send(struct fdss__pg_copy *c)
{
	if (c->buf.rc)
		return fdss__db_fail(c->db, FDSS_ENOMEM, "out of memory");
	if (c->buf.len && PQputCopyData(c->pg, c->buf.s, (int)c->buf.len) != 1)
		return fdss__pg_fail(c->db, c->pg, NULL, "cannot copy");
	c->buf.len = 0;
	return FDSS_OK;
}

int fdss__pg_copy_field(struct fdss__pg_copy *c, const char *s, int last)
{
	const char *p, *run;

	if (!s) {
		fdss__sb_addn(&c->buf, "\\N", 2);
	} else {
		/* text format: backslash, tab, newline and CR escaped */
		for (run = p = s; *p; p++) {
			const char *e = *p == '\\' ? "\\\\" : *p == '\t' ? "\\t"
				      : *p == '\n' ? "\\n" : *p == '\r' ? "\\r"
				      : NULL;

			if (!e)
				continue;
			fdss__sb_addn(&c->buf, run, (size_t)(p - run));
			fdss__sb_addn(&c->buf, e, 2);
			run = p + 1;
		}
		fdss__sb_addn(&c->buf, run, (size_t)(p - run));
	}
	fdss__sb_addn(&c->buf, last ? "\n" : "\t", 1);
	if (last)
		c->rows++;
	return c->buf.len >= COPY_CHUNK || c->buf.rc ? copy_send(c) : FDSS_OK;
}

int fdss__pg_copy_end(struct fdss__pg_copy *c, int rc)
{
	PGresult *res;

	if (rc == FDSS_OK)
		rc = copy_send(c);
	if (PQputCopyEnd(c->pg, rc == FDSS_OK ? NULL : "fdss: failed") != 1 &&
	    rc == FDSS_OK)
		rc = fdss__pg_fail(c->db, c->pg, NULL, "cannot copy");
	while ((res = PQgetResult(c->pg))) {
		if (rc == FDSS_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = fdss__pg_fail(c->db, c->pg, res, "cannot copy");
		PQclear(res);
	}
	fdss__sb_release(&c->buf);
	return rc;
}

/* --- parameters -------------------------------------------------------- */

#define IDENT "abcdefghijklmnopqrstuvwxyz_0123456789"

/* The number of parameter name (n bytes) in names[], added (a copy) if
 * new; 0 when out of memory or past max. */
static int param_no(char **names, int max, int *n, const char *name,
		    size_t len)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strncmp(names[i], name, len) && names[i][len] == '\0')
			return i + 1;
	if (*n >= max || !(names[*n] = strndup(name, len)))
		return 0;
	return ++*n;
}

char *fdss__pg_sql(const char *sql, char **names, int max, int *n)
{
	struct fdss__sb b = { 0 };
	const char *p = sql, *q;
	char quote = 0;
	long no;

	*n = 0;
	for (; *p; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if ((*p == ':' || *p == '?') && p[1] &&
			   strchr(IDENT, p[1])) {
			q = p + 1 + strspn(p + 1, IDENT);
			if (*p == '?')
				no = strtol(p + 1, NULL, 10);
			else
				no = param_no(names, max, n, p + 1,
					      (size_t)(q - p - 1));
			if (no <= 0 || no > 99)
				break;
			if (*p == '?' && no > *n)
				*n = (int)no;
			fdss__sb_add(&b, "$%ld", no);
			p = q - 1;
			continue;
		}
		fdss__sb_addn(&b, p, 1);
	}
	if (*p || b.rc) {
		fdss__sb_release(&b);
		return NULL;
	}
	return b.s;
}

/* --- what every county shares ------------------------------------------ */

static const char sql_shared[] =
	"CREATE SCHEMA IF NOT EXISTS " FDSS__PG_SCHEMA ";"
	/* the last audit_log entry of each county in the store */
	"CREATE TABLE IF NOT EXISTS push_state ("
	" county text PRIMARY KEY, audit_id bigint NOT NULL,"
	" batch_id bigint NOT NULL,"
	" pushed_at timestamptz NOT NULL, full_pushes integer NOT NULL,"
	" pushes integer NOT NULL);"
	/* where a date lies against ref, the index into the status rule
	 * (fdss__cover_rule_rows); the rule itself is written below */
	"CREATE OR REPLACE FUNCTION fdss_place(d text, ref text) RETURNS integer"
	" LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN d IS NULL THEN 0"
	" WHEN d < ref THEN 1 WHEN d = ref THEN 2 ELSE 3 END $$;"
	"CREATE OR REPLACE FUNCTION fdss_status_index(st text, rv text, s text,"
	" e text, t text, en text, ref text) RETURNS integer LANGUAGE sql"
	" IMMUTABLE AS $$ SELECT CASE WHEN ref IS NOT NULL THEN 1 + 512 *"
	" CASE st WHEN 'pending' THEN 0 WHEN 'active' THEN 1"
	" WHEN 'rejected' THEN 2 WHEN 'terminated' THEN 3 END"
	" + CASE WHEN rv IS NULL THEN 0 ELSE 256 END + fdss.fdss_place(s, ref)"
	" + 4 * fdss.fdss_place(e, ref) + 16 * fdss.fdss_place(t, ref)"
	" + 64 * fdss.fdss_place(en, ref) END $$;"
	/* SQLite's group_concat(x): x joined by ',' */
	"CREATE OR REPLACE FUNCTION fdss_concat(a text, b text) RETURNS text"
	" LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN b IS NULL THEN a"
	" WHEN a IS NULL THEN b ELSE a || ',' || b END $$;"
	"CREATE OR REPLACE AGGREGATE group_concat(text)"
	" (SFUNC = fdss_concat, STYPE = text);"
	/* SQLite's iif(), as the queries call it */
	"CREATE OR REPLACE FUNCTION iif(c boolean, a boolean, b integer)"
	" RETURNS integer LANGUAGE sql IMMUTABLE AS"
	" $$ SELECT CASE WHEN c THEN a::integer ELSE b END $$;"
	"CREATE OR REPLACE FUNCTION iif(c boolean, a text, b integer)"
	" RETURNS text LANGUAGE sql IMMUTABLE AS"
	" $$ SELECT CASE WHEN c THEN a ELSE b::text END $$;"
	"CREATE OR REPLACE FUNCTION iif(c boolean, a integer, b text)"
	" RETURNS text LANGUAGE sql IMMUTABLE AS"
	" $$ SELECT CASE WHEN c THEN a::text ELSE b END $$;"
	/* SQLite's date(d, modifier...) for '+N days', '+N months' and '+N
	 * years' (signed): a day past the month's end runs on into the
	 * next month, as SQLite's does */
	"CREATE OR REPLACE FUNCTION fdss_date_add(d date, m text) RETURNS date"
	" LANGUAGE sql IMMUTABLE AS $$ SELECT CASE"
	" WHEN m ~ '^[+-]?[0-9]+ days?$' THEN d + split_part(m, ' ', 1)::int"
	" WHEN m ~ '^[+-]?[0-9]+ (month|year)s?$' THEN"
	" (date_trunc('month', d) + split_part(m, ' ', 1)::int *"
	" CASE WHEN m ~ 'month' THEN interval '1 month'"
	" ELSE interval '1 year' END)::date"
	" + (extract(day FROM d)::int - 1) END $$;"
	"CREATE OR REPLACE FUNCTION date(d text, m text) RETURNS text"
	" LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(fdss.fdss_date_add("
	"d::date, m), 'YYYY-MM-DD') $$;"
	"CREATE OR REPLACE FUNCTION date(d text, m text, m2 text) RETURNS text"
	" LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(fdss.fdss_date_add("
	"fdss.fdss_date_add(d::date, m), m2), 'YYYY-MM-DD') $$;"
	/* written from the C rule on every push: fdss_program_of_condition */
	"CREATE TABLE IF NOT EXISTS program_of ("
	" kind text PRIMARY KEY, program text);"
	"CREATE OR REPLACE FUNCTION fdss_program_of(k text) RETURNS text"
	" LANGUAGE sql STABLE AS"
	" $$ SELECT program FROM fdss.program_of WHERE kind = k $$;"
	"DROP TABLE IF EXISTS cover_rule;"
	"TRUNCATE program_of";

/* The status rule's codes, in the order of its index. */
struct rule_codes {
	char contract[2048], cover[2048];
};

static int rule_row(void *arg, int i, const char *key, int contract_status,
		    int cover_status)
{
	struct rule_codes *r = arg;

	(void)key;
	r->contract[i] = (char)contract_status;
	r->cover[i] = (char)cover_status;
	return 0;
}

/* CREATE FUNCTION name(args) over the codes a of the rule, as name or
 * (signed) as 0 or 1: an array and a CASE, inlined into the query. */
static void rule_fn(struct fdss__sb *b, const char *name, const char *args,
		    const char *call, const char *a, int is_signed)
{
	int i, s;

	fdss__sb_add(b, "CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s "
		     "LANGUAGE sql IMMUTABLE AS $$ SELECT CASE ('{", name,
		     args, is_signed ? "integer" : "text");
	for (i = 0; i < 2048; i++)
		fdss__sb_add(b, "%s%d", i ? "," : "", a[i]);
	fdss__sb_add(b, "}'::smallint[])[fdss.fdss_status_index(%s)]", call);
	for (s = 1; fdss_contract_status_name(s); s++)
		if (is_signed)
			fdss__sb_add(b, " WHEN %d THEN %d", s,
				     fdss_contract_status_signed(s));
		else
			fdss__sb_add(b, " WHEN %d THEN '%s'", s,
				     fdss_contract_status_name(s));
	fdss__sb_add(b, is_signed ? " WHEN 0 THEN 0 END $$;" : " END $$;");
}

/* fdss_contract_status(), fdss_cover_status(), fdss_cover_signed() as
 * the C rule gives them (cover.c). */
static int rule_functions(fdss_db *db, PGconn *pg)
{
	static const char args[] = "st text, rv text, s text, e text, t text, "
				   "en text, ref text";
	static const char call[] = "st, rv, s, e, t, en, ref";
	struct rule_codes r;
	struct fdss__sb b = { 0 };
	int rc;

	fdss__cover_rule_rows(rule_row, &r);
	rule_fn(&b, "fdss_contract_status", "st text, rv text, s text, e text,"
		" t text, ref text", "st, rv, s, e, t, NULL, ref", r.contract, 0);
	rule_fn(&b, "fdss_cover_status", args, call, r.cover, 0);
	rule_fn(&b, "fdss_cover_signed", args, call, r.cover, 1);
	rc = b.rc ? fdss__db_fail(db, FDSS_ENOMEM, "out of memory")
		  : fdss__pg_exec(db, pg, b.s, "cannot write the status rule");
	fdss__sb_release(&b);
	return rc;
}

/* Every condition kind and its programme, by the C rule. */
static int program_rows(struct fdss__pg_copy *c)
{
	unsigned bit;
	int rc = FDSS_OK;

	for (bit = 1; rc == FDSS_OK && fdss_condition_name(bit); bit <<= 1)
		if ((rc = fdss__pg_copy_field(c, fdss_condition_name(bit), 0)) ==
		    FDSS_OK)
			rc = fdss__pg_copy_field(c, fdss_program_name(
				fdss_program_of_condition(bit)), 1);
	return rc;
}

int fdss__pg_schema(fdss_db *db, PGconn *pg)
{
	struct fdss__pg_copy c;
	int rc;

	if ((rc = fdss__pg_exec(db, pg, sql_shared, "cannot create the "
				"provincial schema")) != FDSS_OK ||
	    (rc = rule_functions(db, pg)) != FDSS_OK ||
	    (rc = fdss__pg_copy_start(&c, db, pg, "COPY program_of FROM "
				      "STDIN")) != FDSS_OK)
		return rc;
	return fdss__pg_copy_end(&c, program_rows(&c));
}
