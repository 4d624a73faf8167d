/*
 * roster.c: `fdss import` — one run reads a roster (CSV or JSON lines,
 * through the decoder), checks every row, upserts households and people
 * by number, and records the run in import_batch, all in one
 * transaction.  Rows that fail are passed to the caller with their
 * reason; the others are stored.
 *
 * Checked rows wait in a chunk of bounded size, so memory is bounded.  A
 * full chunk is stored people first, in ID-number order, so that the
 * unique index on the ID number takes its inserts in sequence rather than
 * at random (a quarter off the import of a million rows); then, in line
 * order, the households and the rejections, so the caller sees rejected
 * rows in the order of the input.
 *
 * Duplicates within one input are found through the store itself: a
 * person inserted or updated by this run carries its batch id and line;
 * people found unchanged are noted in a temporary table, as are the
 * households seen.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster_int.h"

/* Person columns that an import writes, in the order of the SQL below. */
enum pcol {
	P_NAME, P_SEX, P_BIRTH, P_HOUSEHOLD, P_RELATION, P_PERSON_NO,
	P_ETHNICITY, P_EDUCATION, P_HEALTH, P_PHONE, P_RECORD_NO,
	P_INSURANCE_NO, P_DISABLED, P_SERIOUS, P_SPECIAL, P_POVERTY,
	P_POVERTY_ATTR, P_EXIT_YEAR, P_LOW_INCOME, P_EXTRA,
	NPCOLS
};

static const char *const pcol_names[NPCOLS] = {
	"name", "sex", "birth_date", "household_no", "relation", "person_no",
	"ethnicity", "education", "health", "phone", "health_record_no",
	"insurance_no", "disabled", "serious_illness", "special_family",
	"poverty", "poverty_attr", "poverty_exit_year", "low_income", "extra",
};

#define INT_COLS ((1u << P_DISABLED) | (1u << P_SERIOUS) | (1u << P_SPECIAL) | \
		  (1u << P_POVERTY) | (1u << P_EXIT_YEAR) | (1u << P_LOW_INCOME))

/* Values of the person columns; NULL is SQL NULL. */
struct pvals {
	const char *v[NPCOLS];
	unsigned present;	/* bits of the columns the input has */
};

static const char sql_person_insert[] =
	"INSERT INTO person (id_number, name, sex, birth_date, household_no,"
	" relation, person_no, ethnicity, education, health, phone,"
	" health_record_no, insurance_no, disabled, serious_illness,"
	" special_family, poverty, poverty_attr, poverty_exit_year,"
	" low_income, extra, batch_id, batch_line)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ifnull(?14, 0), ifnull(?15, 0), ifnull(?16, 0), ifnull(?17, 0), ?18,"
	" ?19, ifnull(?20, 0), ifnull(?21, '{}'), ?22, ?23)"
	" ON CONFLICT (id_number) DO NOTHING";

static const char sql_person_select[] =
	"SELECT name, sex, birth_date, household_no, relation, person_no,"
	" ethnicity, education, health, phone, health_record_no,"
	" insurance_no, disabled, serious_illness, special_family, poverty,"
	" poverty_attr, poverty_exit_year, low_income, extra, batch_id,"
	" batch_line FROM person WHERE id_number = ?1";

static const char sql_person_update[] =
	"UPDATE person SET name = ?2, sex = ?3, birth_date = ?4,"
	" household_no = ?5, relation = ?6, person_no = ?7, ethnicity = ?8,"
	" education = ?9, health = ?10, phone = ?11, health_record_no = ?12,"
	" insurance_no = ?13, disabled = ?14, serious_illness = ?15,"
	" special_family = ?16, poverty = ?17, poverty_attr = ?18,"
	" poverty_exit_year = ?19, low_income = ?20, extra = ?21,"
	" batch_id = ?22, batch_line = ?23 WHERE id_number = ?1";

static const char sql_seen_insert[] =
	"INSERT INTO temp.fdss_seen_person (id_number, line) VALUES (?1, ?2)"
	" ON CONFLICT DO NOTHING";

static const char sql_seen_select[] =
	"SELECT line FROM temp.fdss_seen_person WHERE id_number = ?1";

static const char sql_hh_seen_select[] =
	"SELECT village_code, line FROM temp.fdss_seen_household"
	" WHERE household_no = ?1";

static const char sql_hh_seen_insert[] =
	"INSERT INTO temp.fdss_seen_household (household_no, village_code,"
	" line) VALUES (?1, ?2, ?3)";

static const char sql_hh_insert[] =
	"INSERT INTO household (household_no, village_code, address,"
	" poverty_attr, batch_id) VALUES (?1, ?2, ?3, ?4, ?5)"
	" ON CONFLICT (household_no) DO NOTHING";

static const char sql_hh_select[] =
	"SELECT village_code, address, poverty_attr FROM household"
	" WHERE household_no = ?1";

static const char sql_hh_update[] =
	"UPDATE household SET village_code = ?2, address = ?3,"
	" poverty_attr = ?4, batch_id = ?5 WHERE household_no = ?1";

static const char sql_condition_add[] =
	"INSERT INTO condition (id_number, kind, status, source)"
	" VALUES (?1, ?2, 'active', 'import')"
	" ON CONFLICT (id_number, kind) DO UPDATE SET status = 'active'"
	" WHERE status <> 'active'";

static const char sql_condition_end[] =
	"UPDATE condition SET status = 'ended' WHERE id_number = ?1"
	" AND kind = ?2 AND source = 'import' AND status = 'active'";

static const char sql_village_by_code[] =
	"SELECT level FROM area WHERE code = ?1";

static const char sql_village_by_names[] =
	"SELECT v.code FROM area v"
	" JOIN area t ON t.code = v.parent AND t.name = ?2"
	" JOIN area c ON c.code = t.parent AND c.name = ?3"
	" WHERE v.name = ?1 AND v.level = 'village' LIMIT 2";

static const char sql_county_count[] =
	"SELECT count(*) FROM area WHERE name = ?1 AND level = 'county'";

static const char sql_township_count[] =
	"SELECT count(*) FROM area t JOIN area c ON c.code = t.parent"
	" WHERE t.name = ?1 AND c.name = ?2 AND t.level = 'township'";

static const char sql_batch_insert[] =
	"INSERT INTO import_batch (file, sha256, format, encoding, operator,"
	" command, started) VALUES (?1, '', ?2, ?3, ?4, ?5,"
	" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

static const char sql_batch_finish[] =
	"UPDATE import_batch SET sha256 = ?2,"
	" finished = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), rows_read = ?3,"
	" inserted = ?4, updated = ?5, unchanged = ?6, rejected = ?7,"
	" households = ?8 WHERE id = ?1";

static const char sql_households_seen[] =
	"SELECT count(*) FROM temp.fdss_seen_household WHERE written";

static const char sql_hh_seen_written[] =
	"SELECT written FROM temp.fdss_seen_household WHERE household_no = ?1";

static const char sql_hh_seen_mark[] =
	"UPDATE temp.fdss_seen_household SET written = ?2"
	" WHERE household_no = ?1";

static const char sql_temp_tables[] =
	"CREATE TEMP TABLE IF NOT EXISTS fdss_seen_person ("
	" id_number TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID;"
	"CREATE TEMP TABLE IF NOT EXISTS fdss_seen_household ("
	" household_no TEXT PRIMARY KEY, village_code TEXT, line INTEGER,"
	" written INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;"
	"DELETE FROM temp.fdss_seen_person;"
	"DELETE FROM temp.fdss_seen_household;";

/* A growable text buffer. */
struct buf {
	char *p;
	size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(p = realloc(b->p, cap)))
			return FDSS_ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return FDSS_OK;
}

/* Make room for n bytes and a NUL without changing the contents, so
 * that pointers into b stay valid while at most n bytes are added. */
static int buf_reserve(struct buf *b, size_t n)
{
	char *p;

	if (b->len + n + 1 <= b->cap)
		return FDSS_OK;
	if (!(p = realloc(b->p, b->len + n + 1)))
		return FDSS_ENOMEM;
	b->p = p;
	b->cap = b->len + n + 1;
	return FDSS_OK;
}

static int buf_str(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

/* Append s[0..n) as a JSON string literal. */
static int buf_json_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;
	int rc = buf_add(b, "\"", 1);

	for (i = 0; i < n && rc == FDSS_OK; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7] = "\\u00";

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = buf_add(b, s + start, i - start);
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			esc[2] = '\0';
		} else {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			esc[6] = '\0';
		}
		if (rc == FDSS_OK)
			rc = buf_str(b, esc);
		start = i + 1;
	}
	if (rc == FDSS_OK)
		rc = buf_add(b, s + start, n - start);
	return rc ? rc : buf_add(b, "\"", 1);
}

enum outcome { INSERTED, UPDATED, UNCHANGED };

/* Rows in a chunk, and the bytes of their texts. */
#define CHUNK_ROWS 65536
#define CHUNK_BYTES (48u << 20)

/*
 * A row of the chunk.  Texts are offsets into the chunk's buffer plus
 * one (0: none), as the buffer moves when it grows.
 */
struct staged {
	long line;
	size_t raw, rawlen;	/* the row as read, for a rejection */
	size_t reason;		/* why it was rejected; 0: accepted */
	char id[FDSS_ID_BUFSZ];
	char village[13];
	size_t v[NPCOLS];	/* the person's column values */
	unsigned present;	/* bits of the columns the input has */
	unsigned conditions;	/* derived from the row's cells */
	unsigned row_conditions; /* from a JSON "conditions" array */
	size_t label;		/* the input's name for the ID number */
	size_t household, address, poverty_attr;
	unsigned char has_address, has_poverty_attr;
	unsigned char first;	/* the run's first row of its household */
	enum outcome outcome;
};

/* The cache of village names already resolved (bounded). */
#define VCACHE 65536

struct vcache_entry {
	char *key;		/* county \x1f township \x1f village */
	char code[13];		/* "" when not found */
	char *error;		/* why not, when not found */
};

struct import {
	fdss_db *db;
	const fdss_import_opts *o;
	fdss_import_stats *st;
	struct roster_map map;
	const char *name;	/* input name for messages */
	fdss_decoder *dec;	/* the input, for its byte count */
	int64_t batch;		/* this run's import_batch id */
	long line;		/* line of the current row */
	struct roster_row row;
	struct roster_person person;
	char village[13];	/* the row's resolved village code */
	char numbuf[NFIELDS][32]; /* JSON numbers and booleans as text */
	struct buf extra;	/* unmapped cells of the row as a JSON object */
	int has_extra;		/* the input has unmapped columns */
	char *merged;		/* extra merged with the stored one */
	/* CSV: field of each column, escaped JSON names of unmapped ones */
	int *colfield;
	char **colname;
	size_t ncols;
	/* the last household checked, to skip checks for its next members */
	char last_household[128];
	char last_village[13];
	struct vcache_entry vcache[VCACHE];
	size_t nvcache;
	/* old row values, copied out of SQLite */
	struct buf old;
	const char *oldv[NPCOLS];
	struct buf audit_before, audit_after;
	fdss_error err;		/* the reason of the current rejection */
	/* the chunk of rows waiting to be stored */
	struct staged *chunk;
	struct staged **order;
	size_t nchunk;
	struct buf text;
	struct staged *cur;	/* the row being stored */
	struct buf scratch;	/* the person values of the row being checked */
	char flush_household[128]; /* household of the last row stored */
};

/* --- the run's bookkeeping --------------------------------------------- */

static int step_done(struct import *im, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		rc = fdss__db_sqlfail(im->db, rc, what);
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	return FDSS_OK;
}

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_val(sqlite3_stmt *st, int i, const struct roster_val *v)
{
	if (v->s && v->n)
		sqlite3_bind_text(st, i, v->s, (int)v->n, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int batch_start(struct import *im)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_batch_insert);
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	bind_str(st, 1, im->name);
	bind_str(st, 2, im->o->format == FDSS_IMPORT_JSONL ? "jsonl" : "csv");
	bind_str(st, 3, im->o->encoding ? im->o->encoding : "utf-8");
	bind_str(st, 4, fdss__db_operator(im->db));
	bind_str(st, 5, fdss__db_command(im->db));
	if ((rc = step_done(im, st, "cannot record the import")) != FDSS_OK)
		return rc;
	im->batch = sqlite3_last_insert_rowid(fdss__db_sqlite(im->db));
	return FDSS_OK;
}

static int batch_finish(struct import *im)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_households_seen);
	fdss_import_stats *s = im->st;
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW)
		return fdss__db_sqlfail(im->db, rc, "cannot count households");
	s->households = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!(st = fdss__db_prepare(im->db, sql_batch_finish)))
		return fdss_db_error(im->db)->code;
	sqlite3_bind_int64(st, 1, im->batch);
	bind_str(st, 2, s->sha256);
	sqlite3_bind_int64(st, 3, s->read);
	sqlite3_bind_int64(st, 4, s->inserted);
	sqlite3_bind_int64(st, 5, s->updated);
	sqlite3_bind_int64(st, 6, s->unchanged);
	sqlite3_bind_int64(st, 7, s->rejected);
	sqlite3_bind_int64(st, 8, s->households);
	return step_done(im, st, "cannot record the import");
}

/* --- villages ------------------------------------------------------------ */

static int reject(struct import *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int reject(struct import *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->err.msg, sizeof(im->err.msg), fmt, ap);
	va_end(ap);
	im->err.code = FDSS_EDATA;
	return FDSS_EDATA;
}

static const char *label(struct import *im, int f)
{
	return im->row.label[f] ? im->row.label[f] : roster_field_name(f);
}

static int village_by_code(struct import *im)
{
	const struct roster_val *v = &im->row.v[F_VILLAGE_CODE];
	sqlite3_stmt *st;
	size_t i;
	int rc, ok;

	for (i = 0; i < v->n; i++)
		if (v->s[i] < '0' || v->s[i] > '9')
			break;
	if (v->n != 12 || i != 12)
		return reject(im, "%s '%.*s': 12 digits expected",
			      label(im, F_VILLAGE_CODE), (int)v->n, v->s);
	if (memcmp(v->s, im->village, 12) == 0)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(im->db, sql_village_by_code)))
		return fdss_db_error(im->db)->code;
	sqlite3_bind_text(st, 1, v->s, 12, SQLITE_STATIC);
	rc = sqlite3_step(st);
	ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0),
					"village") == 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->db, rc, "cannot look up a village");
	if (!ok)
		return reject(im, "%s '%.*s': no such village (import the "
			      "divisions with 'fdss area import')",
			      label(im, F_VILLAGE_CODE), (int)v->n, v->s);
	memcpy(im->village, v->s, 12);
	im->village[12] = '\0';
	return FDSS_OK;
}

static int count_of(struct import *im, const char *sql, const struct roster_val *a,
		    const struct roster_val *b, long *n)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql);
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	bind_val(st, 1, a);
	if (b)
		bind_val(st, 2, b);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(im->db, rc, "cannot look up a village");
	}
	*n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return FDSS_OK;
}

/* Find the village from county + township + village names, or say which
 * of the three is not there. */
static int village_lookup(struct import *im, struct vcache_entry *e)
{
	const struct roster_val *c = &im->row.v[F_COUNTY],
		*t = &im->row.v[F_TOWNSHIP], *v = &im->row.v[F_VILLAGE];
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_village_by_names);
	char msg[FDSS_ERRMSG_MAX];
	int rc, found = 0;
	long n;

	if (!st)
		return fdss_db_error(im->db)->code;
	bind_val(st, 1, v);
	bind_val(st, 2, t);
	bind_val(st, 3, c);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (found++ == 0)
			snprintf(e->code, sizeof(e->code), "%s",
				 (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->db, rc, "cannot look up a village");
	if (found == 1)
		return FDSS_OK;
	e->code[0] = '\0';
	if (found > 1) {
		snprintf(msg, sizeof(msg), "%s '%.*s': several villages of that "
			 "name in %.*s, %.*s; give the village code",
			 label(im, F_VILLAGE), (int)v->n, v->s, (int)t->n, t->s,
			 (int)c->n, c->s);
	} else if ((rc = count_of(im, sql_county_count, c, NULL, &n)) != FDSS_OK) {
		return rc;
	} else if (n == 0) {
		snprintf(msg, sizeof(msg), "%s '%.*s': no such county (import "
			 "the divisions with 'fdss area import')",
			 label(im, F_COUNTY), (int)c->n, c->s);
	} else if ((rc = count_of(im, sql_township_count, t, c, &n)) != FDSS_OK) {
		return rc;
	} else if (n == 0) {
		snprintf(msg, sizeof(msg), "%s '%.*s': no such township in %.*s",
			 label(im, F_TOWNSHIP), (int)t->n, t->s, (int)c->n, c->s);
	} else {
		snprintf(msg, sizeof(msg), "%s '%.*s': no such village in %.*s, "
			 "%.*s", label(im, F_VILLAGE), (int)v->n, v->s,
			 (int)t->n, t->s, (int)c->n, c->s);
	}
	return (e->error = strdup(msg)) ? FDSS_OK : FDSS_ENOMEM;
}

static size_t hash_key(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void vcache_clear(struct import *im)
{
	size_t i;

	for (i = 0; i < VCACHE; i++) {
		free(im->vcache[i].key);
		free(im->vcache[i].error);
		im->vcache[i].key = im->vcache[i].error = NULL;
	}
	im->nvcache = 0;
}

static int village_by_names(struct import *im)
{
	const struct roster_val *c = &im->row.v[F_COUNTY],
		*t = &im->row.v[F_TOWNSHIP], *v = &im->row.v[F_VILLAGE];
	char key[512];
	struct vcache_entry *e;
	size_t i;
	int n, rc;

	if (!c->n || !t->n || !v->n) {
		int f = !c->n ? F_COUNTY : !t->n ? F_TOWNSHIP : F_VILLAGE;

		return reject(im, "%s: empty", label(im, f));
	}
	n = snprintf(key, sizeof(key), "%.*s\x1f%.*s\x1f%.*s", (int)c->n, c->s,
		     (int)t->n, t->s, (int)v->n, v->s);
	if (n < 0 || (size_t)n >= sizeof(key))
		return reject(im, "%s: too long", label(im, F_VILLAGE));
	if (im->nvcache >= VCACHE / 2)
		vcache_clear(im);
	for (i = hash_key(key) & (VCACHE - 1); im->vcache[i].key;
	     i = (i + 1) & (VCACHE - 1))
		if (strcmp(im->vcache[i].key, key) == 0)
			break;
	e = &im->vcache[i];
	if (!e->key) {
		if ((rc = village_lookup(im, e)) != FDSS_OK)
			return rc;
		if (!(e->key = strdup(key)))
			return FDSS_ENOMEM;
		im->nvcache++;
	}
	if (!e->code[0])
		return reject(im, "%s", e->error);
	memcpy(im->village, e->code, sizeof(im->village));
	return FDSS_OK;
}

static int resolve_village(struct import *im)
{
	if (im->row.v[F_VILLAGE_CODE].n)
		return village_by_code(im);
	if (!im->row.v[F_VILLAGE].s && !im->row.v[F_COUNTY].s)
		return reject(im, "no village: give village_code, or county, "
			      "township and village");
	return village_by_names(im);
}

/* --- households ---------------------------------------------------------- */

/*
 * Has this run met the row's household before?  If not, *first is set
 * and the household is noted with the row's village; a household met
 * before in another village rejects the row.
 */
static int household_check(struct import *im, int *first)
{
	const struct roster_val *h = &im->row.v[F_HOUSEHOLD_NO];
	sqlite3_stmt *st;
	int rc;

	*first = 0;
	if (h->n >= sizeof(im->last_household))
		return reject(im, "%s: too long", label(im, F_HOUSEHOLD_NO));
	if (strlen(im->last_household) == h->n &&
	    memcmp(im->last_household, h->s, h->n) == 0 &&
	    strcmp(im->last_village, im->village) == 0)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(im->db, sql_hh_seen_select)))
		return fdss_db_error(im->db)->code;
	bind_val(st, 1, h);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		long line = sqlite3_column_int64(st, 1);

		if (strcmp(v, im->village) != 0) {
			reject(im, "%s '%.*s': in village %s on line %ld, "
			       "here in %s", label(im, F_HOUSEHOLD_NO),
			       (int)h->n, h->s, v, line, im->village);
			sqlite3_reset(st);
			return FDSS_EDATA;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->db, rc, "cannot look up a household");
	if (rc == SQLITE_DONE) {
		*first = 1;
		if (!(st = fdss__db_prepare(im->db, sql_hh_seen_insert)))
			return fdss_db_error(im->db)->code;
		bind_val(st, 1, h);
		bind_str(st, 2, im->village);
		sqlite3_bind_int64(st, 3, im->line);
		if ((rc = step_done(im, st, "cannot note a household")))
			return rc;
	}
	memcpy(im->last_household, h->s, h->n);
	im->last_household[h->n] = '\0';
	memcpy(im->last_village, im->village, sizeof(im->village));
	return FDSS_OK;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Audit JSON of one changed text column pair. */
static int audit_pair(struct import *im, int *n, const char *key,
		      const char *before, const char *after, int is_int)
{
	struct buf *b[2] = { &im->audit_before, &im->audit_after };
	const char *v[2] = { before, after };
	int i, rc = FDSS_OK;

	for (i = 0; i < 2 && rc == FDSS_OK; i++) {
		rc = buf_str(b[i], *n ? "," : "{");
		if (rc == FDSS_OK)
			rc = buf_json_string(b[i], key, strlen(key));
		if (rc == FDSS_OK)
			rc = buf_add(b[i], ":", 1);
		if (rc == FDSS_OK && !v[i])
			rc = buf_str(b[i], "null");
		else if (rc == FDSS_OK && (is_int || strcmp(key, "extra") == 0))
			rc = buf_str(b[i], v[i]);
		else if (rc == FDSS_OK)
			rc = buf_json_string(b[i], v[i], strlen(v[i]));
	}
	(*n)++;
	return rc;
}

static int audit_close(struct import *im, const char *table, const char *key)
{
	int rc = buf_add(&im->audit_before, "}", 1);

	if (rc == FDSS_OK)
		rc = buf_add(&im->audit_after, "}", 1);
	if (rc != FDSS_OK)
		return fdss__db_fail(im->db, rc, "out of memory");
	return fdss_audit_record(im->db, table, key, im->audit_before.p,
				 im->audit_after.p, NULL);
}

static void audit_reset(struct import *im)
{
	im->audit_before.len = im->audit_after.len = 0;
}

/* A text of the chunk (offset + 1, 0: NULL). */
static const char *txt(const struct import *im, size_t off)
{
	return off ? im->text.p + off - 1 : NULL;
}

/* Store the household of row s: insert it, or update what changed. */
static int household_write(struct import *im, const struct staged *s)
{
	const char *h = txt(im, s->household), *a = txt(im, s->address),
		*p = txt(im, s->poverty_attr);
	sqlite3_stmt *st;
	int rc, n = 0;

	if (!(st = fdss__db_prepare(im->db, sql_hh_insert)))
		return fdss_db_error(im->db)->code;
	bind_str(st, 1, h);
	bind_str(st, 2, s->village);
	bind_str(st, 3, a);
	bind_str(st, 4, p);
	sqlite3_bind_int64(st, 5, im->batch);
	if ((rc = step_done(im, st, "cannot store a household")) != FDSS_OK)
		return rc;
	if (sqlite3_changes(fdss__db_sqlite(im->db)) == 0) {
		char ov[13], oa[512], op[128];
		int has_a, has_p;

		if (!(st = fdss__db_prepare(im->db, sql_hh_select)))
			return fdss_db_error(im->db)->code;
		bind_str(st, 1, h);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_reset(st);
			return fdss__db_sqlfail(im->db, rc, "cannot read a household");
		}
		snprintf(ov, sizeof(ov), "%s", sqlite3_column_text(st, 0));
		has_a = sqlite3_column_type(st, 1) != SQLITE_NULL;
		has_p = sqlite3_column_type(st, 2) != SQLITE_NULL;
		snprintf(oa, sizeof(oa), "%s", has_a ? (const char *)sqlite3_column_text(st, 1) : "");
		snprintf(op, sizeof(op), "%s", has_p ? (const char *)sqlite3_column_text(st, 2) : "");
		sqlite3_reset(st);
		audit_reset(im);
		rc = FDSS_OK;
		if (strcmp(ov, s->village) != 0)
			rc = audit_pair(im, &n, "village_code", ov, s->village, 0);
		if (rc == FDSS_OK && s->has_address && !same(has_a ? oa : NULL, a))
			rc = audit_pair(im, &n, "address", has_a ? oa : NULL, a, 0);
		else if (!s->has_address)
			a = has_a ? oa : NULL;
		if (rc == FDSS_OK && s->has_poverty_attr &&
		    !same(has_p ? op : NULL, p))
			rc = audit_pair(im, &n, "poverty_attr", has_p ? op : NULL, p, 0);
		else if (!s->has_poverty_attr)
			p = has_p ? op : NULL;
		if (rc != FDSS_OK)
			return fdss__db_fail(im->db, rc, "out of memory");
		if (n) {
			if (!(st = fdss__db_prepare(im->db, sql_hh_update)))
				return fdss_db_error(im->db)->code;
			bind_str(st, 1, h);
			bind_str(st, 2, s->village);
			bind_str(st, 3, a);
			bind_str(st, 4, p);
			sqlite3_bind_int64(st, 5, im->batch);
			if ((rc = step_done(im, st, "cannot update a household")) ||
			    (rc = audit_close(im, "household", h)))
				return rc;
		}
	}
	return FDSS_OK;
}

/* --- people -------------------------------------------------------------- */

/* Which field feeds each person column, and which fields make it present
 * besides (flags derived from 健康状况 and 贫困户属性). */
static const struct {
	int field, also;
} pcol_source[NPCOLS] = {
	[P_NAME] = { F_NAME, F_NAME },
	[P_SEX] = { F_ID_NUMBER, F_ID_NUMBER },
	[P_BIRTH] = { F_ID_NUMBER, F_ID_NUMBER },
	[P_HOUSEHOLD] = { F_HOUSEHOLD_NO, F_HOUSEHOLD_NO },
	[P_RELATION] = { F_RELATION, F_RELATION },
	[P_PERSON_NO] = { F_PERSON_NO, F_PERSON_NO },
	[P_ETHNICITY] = { F_ETHNICITY, F_ETHNICITY },
	[P_EDUCATION] = { F_EDUCATION, F_EDUCATION },
	[P_HEALTH] = { F_HEALTH, F_HEALTH },
	[P_PHONE] = { F_PHONE, F_PHONE },
	[P_RECORD_NO] = { F_HEALTH_RECORD_NO, F_HEALTH_RECORD_NO },
	[P_INSURANCE_NO] = { F_INSURANCE_NO, F_INSURANCE_NO },
	[P_DISABLED] = { F_DISABLED, F_HEALTH },
	[P_SERIOUS] = { F_SERIOUS_ILLNESS, F_HEALTH },
	[P_SPECIAL] = { F_SPECIAL_FAMILY, F_SPECIAL_FAMILY },
	[P_POVERTY] = { F_POVERTY_ATTR, F_POVERTY_ATTR },
	[P_POVERTY_ATTR] = { F_POVERTY_ATTR, F_POVERTY_ATTR },
	[P_EXIT_YEAR] = { F_POVERTY_EXIT_YEAR, F_POVERTY_EXIT_YEAR },
	[P_LOW_INCOME] = { F_LOW_INCOME, F_POVERTY_ATTR },
};

/* Write the decimal digits of a non-negative v into buf (16 bytes). */
static void int_text(char *buf, int v)
{
	char tmp[16];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0 && n < 15);
	while (n)
		*buf++ = tmp[--n];
	*buf = '\0';
}

/* The new values of the person columns, NUL-terminated in scratch
 * (reserved once per row, so the pointers stay put). */
static int person_values(struct import *im, struct pvals *pv)
{
	struct buf *scratch = &im->scratch;
	const struct roster_person *p = &im->person;
	char ints[NPCOLS][16];
	size_t need = 64, i;
	int rc = FDSS_OK;

	memset(pv, 0, sizeof(*pv));
	ints[P_SEX][0] = p->id.sex;
	ints[P_SEX][1] = '\0';
	memcpy(ints[P_BIRTH], p->birth, sizeof(p->birth));
	int_text(ints[P_DISABLED], p->disabled);
	int_text(ints[P_SERIOUS], p->serious_illness);
	int_text(ints[P_SPECIAL], p->special_family);
	int_text(ints[P_POVERTY], p->poverty);
	int_text(ints[P_EXIT_YEAR], p->exit_year);
	int_text(ints[P_LOW_INCOME], p->low_income);
	for (i = 0; i < NPCOLS; i++)
		if (i != P_EXTRA && im->row.v[pcol_source[i].field].s)
			need += im->row.v[pcol_source[i].field].n + 17;
	scratch->len = 0;
	if (buf_reserve(scratch, need) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < NPCOLS && rc == FDSS_OK; i++) {
		const struct roster_val *v;
		const char *s;
		size_t n;

		if (i == P_EXTRA)
			continue;
		v = &im->row.v[pcol_source[i].field];
		if (!v->s && !im->row.v[pcol_source[i].also].s)
			continue;
		pv->present |= 1u << i;
		if ((INT_COLS | (1u << P_SEX) | (1u << P_BIRTH)) & (1u << i)) {
			s = ints[i];
			n = strlen(s);
			if (i == P_EXIT_YEAR && !p->exit_year)
				continue;
		} else if (!v->n) {
			continue;
		} else {
			s = v->s;
			n = v->n;
		}
		pv->v[i] = scratch->p + scratch->len;
		rc = buf_add(scratch, s, n);
		if (rc == FDSS_OK)
			rc = buf_add(scratch, "", 1);
	}
	if (im->has_extra) {
		pv->present |= 1u << P_EXTRA;
		pv->v[P_EXTRA] = im->extra.p;
	}
	return rc;
}

static void bind_pvals(sqlite3_stmt *st, const char *id, const char *const *v,
		       int64_t batch, long line)
{
	size_t i;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	for (i = 0; i < NPCOLS; i++) {
		if (!v[i])
			sqlite3_bind_null(st, (int)i + 2);
		else if (INT_COLS & (1u << i))
			sqlite3_bind_int64(st, (int)i + 2, strtoll(v[i], NULL, 10));
		else
			sqlite3_bind_text(st, (int)i + 2, v[i], -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, NPCOLS + 2, batch);
	sqlite3_bind_int64(st, NPCOLS + 3, line);
}

/* Copy the stored row's columns into im->old / im->oldv. */
static int keep_old(struct import *im, sqlite3_stmt *st)
{
	size_t need = 1, i;

	for (i = 0; i < NPCOLS; i++)
		need += (size_t)sqlite3_column_bytes(st, (int)i) + 1;
	im->old.len = 0;
	if (buf_reserve(&im->old, need) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < NPCOLS; i++) {
		const char *s = (const char *)sqlite3_column_text(st, (int)i);

		if (!s) {
			im->oldv[i] = NULL;
			continue;
		}
		im->oldv[i] = im->old.p + im->old.len;
		buf_add(&im->old, s, strlen(s) + 1);
	}
	return FDSS_OK;
}

/* New extra over the stored one: keys of this input replace theirs. */
static const char *merge_extra(struct import *im, const char *old,
			       const char *new)
{
	cJSON *o, *n, *item;

	if (!old || strcmp(old, "{}") == 0 || strcmp(old, new) == 0)
		return new;
	free(im->merged);
	im->merged = NULL;
	o = cJSON_Parse(old);
	n = cJSON_Parse(new);
	if (!cJSON_IsObject(o) || !cJSON_IsObject(n)) {
		cJSON_Delete(o);
		cJSON_Delete(n);
		return new;
	}
	while ((item = n->child)) {
		cJSON_DetachItemViaPointer(n, item);
		if (cJSON_GetObjectItemCaseSensitive(o, item->string))
			cJSON_ReplaceItemInObjectCaseSensitive(o, item->string,
							       item);
		else
			cJSON_AddItemToObject(o, item->string, item);
	}
	im->merged = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	cJSON_Delete(n);
	return im->merged ? im->merged : new;
}

static int condition_set(struct import *im, const char *id, unsigned bits,
			 unsigned ended)
{
	unsigned bit;
	int rc;

	for (bit = 1; bit <= FDSS_COND_CHRONIC; bit <<= 1) {
		sqlite3_stmt *st;

		if (!((bits | ended) & bit))
			continue;
		st = fdss__db_prepare(im->db, (bits & bit) ? sql_condition_add
							   : sql_condition_end);
		if (!st)
			return fdss_db_error(im->db)->code;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, fdss_condition_name(bit), -1,
				  SQLITE_STATIC);
		if ((rc = step_done(im, st, "cannot store a condition")))
			return rc;
	}
	return FDSS_OK;
}

/* Compare with the stored person; update and audit what changed. */
static int person_update(struct import *im, const struct pvals *pv,
			 enum outcome *out)
{
	const struct staged *r = im->cur;
	const char *id = r->id, *final[NPCOLS];
	sqlite3_stmt *st;
	size_t i;
	int n = 0, rc = FDSS_OK;

	audit_reset(im);
	for (i = 0; i < NPCOLS && rc == FDSS_OK; i++) {
		const char *nv = pv->v[i];

		final[i] = im->oldv[i];
		if (!(pv->present & (1u << i)))
			continue;
		if (i == P_EXTRA)
			nv = merge_extra(im, im->oldv[i], nv);
		if (INT_COLS & (1u << i) && i != P_EXIT_YEAR && !nv)
			nv = "0";
		if (same(im->oldv[i], nv))
			continue;
		final[i] = nv;
		rc = audit_pair(im, &n, pcol_names[i], im->oldv[i], nv,
				(INT_COLS & (1u << i)) != 0);
	}
	if (rc != FDSS_OK)
		return fdss__db_fail(im->db, rc, "out of memory");
	*out = n ? UPDATED : UNCHANGED;
	if (!n)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(im->db, sql_person_update)))
		return fdss_db_error(im->db)->code;
	bind_pvals(st, id, final, im->batch, r->line);
	if ((rc = step_done(im, st, "cannot update a person")) != FDSS_OK ||
	    (rc = audit_close(im, "person", id)) != FDSS_OK)
		return rc;
	if (!same(im->oldv[P_HEALTH], final[P_HEALTH]) &&
	    (pv->present & (1u << P_HEALTH)))
		return condition_set(im, id, r->conditions,
				     FDSS_COND_CHRONIC & ~r->conditions);
	return FDSS_OK;
}

/* Look for an earlier row of this run with the same ID number. */
static int duplicate_line(struct import *im, int64_t batch, long line,
			  long *first)
{
	sqlite3_stmt *st;
	int rc;

	*first = 0;
	if (batch == im->batch) {
		*first = line;
		return FDSS_OK;
	}
	if (!(st = fdss__db_prepare(im->db, sql_seen_select)))
		return fdss_db_error(im->db)->code;
	sqlite3_bind_text(st, 1, im->cur->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*first = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->db, rc, "cannot look up a person");
	return FDSS_OK;
}

/* Store the person of row im->cur: insert, or update what changed. */
static int person_write(struct import *im, enum outcome *out)
{
	const struct staged *r = im->cur;
	const char *id = r->id;
	struct pvals pv;
	sqlite3_stmt *st;
	int64_t batch;
	long line, first;
	size_t i;
	int rc;

	pv.present = r->present;
	for (i = 0; i < NPCOLS; i++)
		pv.v[i] = txt(im, r->v[i]);
	if (!(st = fdss__db_prepare(im->db, sql_person_insert)))
		return fdss_db_error(im->db)->code;
	bind_pvals(st, id, pv.v, im->batch, r->line);
	if ((rc = step_done(im, st, "cannot store a person")) != FDSS_OK)
		return rc;
	if (sqlite3_changes(fdss__db_sqlite(im->db)) == 1) {
		*out = INSERTED;
		return r->conditions ? condition_set(im, id, r->conditions, 0)
				     : FDSS_OK;
	}
	if (!(st = fdss__db_prepare(im->db, sql_person_select)))
		return fdss_db_error(im->db)->code;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(im->db, rc, "cannot read a person");
	}
	if ((rc = keep_old(im, st)) != FDSS_OK) {
		sqlite3_reset(st);
		return rc;
	}
	batch = sqlite3_column_int64(st, NPCOLS);
	line = sqlite3_column_int64(st, NPCOLS + 1);
	sqlite3_reset(st);
	if ((rc = duplicate_line(im, batch, line, &first)) != FDSS_OK)
		return rc;
	if (first)
		return reject(im, "%s '%s': appears again, first on line %ld",
			      txt(im, r->label), id, first);
	if ((rc = person_update(im, &pv, out)) != FDSS_OK)
		return rc;
	if (*out == UNCHANGED) {
		if (!(st = fdss__db_prepare(im->db, sql_seen_insert)))
			return fdss_db_error(im->db)->code;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, r->line);
		if ((rc = step_done(im, st, "cannot note a person")) != FDSS_OK)
			return rc;
	}
	if (r->row_conditions)
		return condition_set(im, id, r->row_conditions, 0);
	return FDSS_OK;
}

/* --- the chunk ----------------------------------------------------------- */

/* Copy s[0..n) and a NUL into the chunk's text; *off is its offset + 1. */
static int stash(struct import *im, const char *s, size_t n, size_t *off)
{
	size_t at = im->text.len;

	if (buf_add(&im->text, s, n) != FDSS_OK ||
	    buf_add(&im->text, "", 1) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	*off = at + 1;
	return FDSS_OK;
}

/* A new row at the end of the chunk, for the current input line. */
static int chunk_add(struct import *im, const char *raw, size_t rawlen,
		     struct staged **out)
{
	struct staged *r;
	int rc;

	if (!im->chunk) {
		im->chunk = malloc(CHUNK_ROWS * sizeof(*im->chunk));
		im->order = malloc(CHUNK_ROWS * sizeof(*im->order));
		if (!im->chunk || !im->order)
			return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	}
	r = &im->chunk[im->nchunk];
	memset(r, 0, sizeof(*r));
	r->line = im->line;
	r->rawlen = rawlen;
	if ((rc = stash(im, raw, rawlen, &r->raw)) != FDSS_OK)
		return rc;
	im->nchunk++;
	*out = r;
	return FDSS_OK;
}

/* Add the rejected current row, its reason in im->err. */
static int stage_reject(struct import *im, const char *raw, size_t rawlen)
{
	struct staged *r;
	int rc;

	if ((rc = chunk_add(im, raw, rawlen, &r)) != FDSS_OK)
		return rc;
	return stash(im, im->err.msg, strlen(im->err.msg), &r->reason);
}

/* Add the checked current row, its person's values in pv. */
static int stage_row(struct import *im, const char *raw, size_t rawlen,
		     const struct pvals *pv, int first)
{
	const struct roster_val *h = &im->row.v[F_HOUSEHOLD_NO],
		*a = &im->row.v[F_ADDRESS], *p = &im->row.v[F_POVERTY_ATTR];
	const char *lab = label(im, F_ID_NUMBER);
	struct staged *r;
	size_t i;
	int rc;

	if ((rc = chunk_add(im, raw, rawlen, &r)) != FDSS_OK)
		return rc;
	memcpy(r->id, im->person.id.id, sizeof(r->id));
	memcpy(r->village, im->village, sizeof(r->village));
	r->present = pv->present;
	r->conditions = im->person.conditions;
	r->row_conditions = im->row.conditions;
	r->first = (unsigned char)first;
	r->has_address = a->s != NULL;
	r->has_poverty_attr = p->s != NULL;
	for (i = 0; i < NPCOLS && rc == FDSS_OK; i++)
		if (pv->v[i])
			rc = stash(im, pv->v[i], strlen(pv->v[i]), &r->v[i]);
	if (rc == FDSS_OK)
		rc = stash(im, lab, strlen(lab), &r->label);
	if (rc == FDSS_OK)
		rc = stash(im, h->s, h->n, &r->household);
	if (rc == FDSS_OK && a->n)
		rc = stash(im, a->s, a->n, &r->address);
	if (rc == FDSS_OK && p->n)
		rc = stash(im, p->s, p->n, &r->poverty_attr);
	return rc;
}

static int by_id(const void *a, const void *b)
{
	const struct staged *x = *(const struct staged *const *)a,
		*y = *(const struct staged *const *)b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Tell the caller about rejected row r. */
static void report(struct import *im, const struct staged *r)
{
	char msg[FDSS_ERRMSG_MAX + 256];
	fdss_import_reject rej;

	im->st->rejected++;
	if (!im->o->reject)
		return;
	snprintf(msg, sizeof(msg), "%s:%ld: %s", im->name, r->line,
		 txt(im, r->reason));
	rej.line = r->line;
	rej.message = msg;
	rej.reason = txt(im, r->reason);
	rej.raw = txt(im, r->raw);
	rej.rawlen = r->rawlen;
	im->o->reject(im->o->arg, &rej);
}

/*
 * Is household h to be written for an accepted row that is not its
 * first?  Only when the first row of the household was rejected.
 */
static int household_pending(struct import *im, const char *h, int *pending)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_hh_seen_written);
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	bind_str(st, 1, h);
	rc = sqlite3_step(st);
	*pending = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->db, rc, "cannot look up a household");
	return FDSS_OK;
}

static int household_mark(struct import *im, const char *h, int written)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_hh_seen_mark);

	if (!st)
		return fdss_db_error(im->db)->code;
	bind_str(st, 1, h);
	sqlite3_bind_int(st, 2, written);
	return step_done(im, st, "cannot note a household");
}

/* The households of the chunk's accepted rows, and its rejections, in
 * line order. */
static int flush_households(struct import *im)
{
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; i < im->nchunk && rc == FDSS_OK; i++) {
		struct staged *r = &im->chunk[i];
		const char *h;
		int pending = 0;

		if (r->reason) {
			report(im, r);
			/* the next accepted row of the household stores it */
			if (r->first)
				rc = household_mark(im, txt(im, r->household), 0);
			continue;
		}
		h = txt(im, r->household);
		if (!r->first && strcmp(h, im->flush_household) != 0 &&
		    (rc = household_pending(im, h, &pending)) != FDSS_OK)
			break;
		if (r->first || pending)
			rc = household_write(im, r);
		if (rc == FDSS_OK && pending)
			rc = household_mark(im, h, 1);
		snprintf(im->flush_household, sizeof(im->flush_household),
			 "%s", h);
		if (r->outcome == INSERTED)
			im->st->inserted++;
		else if (r->outcome == UPDATED)
			im->st->updated++;
		else
			im->st->unchanged++;
	}
	return rc;
}

/* Store the chunk: people in ID-number order, then the rest. */
static int flush(struct import *im)
{
	size_t i, n = 0;
	int rc = FDSS_OK;

	for (i = 0; i < im->nchunk; i++)
		if (!im->chunk[i].reason)
			im->order[n++] = &im->chunk[i];
	qsort(im->order, n, sizeof(*im->order), by_id);
	for (i = 0; i < n; i++) {
		enum outcome out = UNCHANGED;

		im->cur = im->order[i];
		fdss_error_clear(&im->err);
		rc = person_write(im, &out);
		if (rc == FDSS_EDATA && im->err.code == FDSS_EDATA)
			rc = stash(im, im->err.msg, strlen(im->err.msg),
				   &im->cur->reason);
		else if (rc != FDSS_OK)
			break;
		im->cur->outcome = out;
	}
	im->cur = NULL;
	if (rc == FDSS_OK)
		rc = flush_households(im);
	im->nchunk = 0;
	im->text.len = 0;
	return rc;
}

/* --- rows ---------------------------------------------------------------- */

/*
 * Check the row in im->row and add it to the chunk, storing the chunk
 * when it is full.  FDSS_EDATA: rejected (im->err).
 */
static int check_row(struct import *im, const char *raw, size_t rawlen)
{
	struct pvals pv;
	int first, rc;

	roster_row_trim(&im->row);
	if (roster_row_check(&im->row, im->o->ref, &im->person, &im->err))
		return FDSS_EDATA;
	if ((rc = resolve_village(im)) != FDSS_OK ||
	    (rc = household_check(im, &first)) != FDSS_OK ||
	    (rc = person_values(im, &pv)) != FDSS_OK ||
	    (rc = stage_row(im, raw, rawlen, &pv, first)) != FDSS_OK)
		return rc;
	return FDSS_OK;
}

/* After a row: a rejection joins the chunk; a full chunk is stored;
 * now and then the caller hears how far the run is. */
static int row_done(struct import *im, int rc, const char *raw, size_t rawlen)
{
	if (rc == FDSS_EDATA && im->err.code == FDSS_EDATA)
		rc = stage_reject(im, raw, rawlen);
	if (rc == FDSS_OK && (im->nchunk == CHUNK_ROWS ||
			      im->text.len >= CHUNK_BYTES))
		rc = flush(im);
	if (rc == FDSS_OK && im->o->progress && im->st->read % 16384 == 0)
		im->o->progress(im->o->arg, im->st->read,
				fdss_decoder_bytes(im->dec));
	return rc;
}

/* Append "key":value to the row's extra object (value already JSON). */
static int extra_add(struct import *im, const char *key_json,
		     const char *value, size_t n, int quote)
{
	int rc = buf_str(&im->extra, im->extra.len > 1 ? "," : "");

	if (rc == FDSS_OK)
		rc = buf_str(&im->extra, key_json);
	if (rc == FDSS_OK)
		rc = quote ? buf_json_string(&im->extra, value, n)
			   : buf_add(&im->extra, value, n);
	return rc;
}

static int extra_add_object(struct import *im, const cJSON *obj)
{
	const cJSON *item;
	struct buf key = { NULL, 0, 0 };
	int rc = FDSS_OK;

	cJSON_ArrayForEach(item, obj) {
		char *text = cJSON_PrintUnformatted(item);

		key.len = 0;
		if (!text || buf_json_string(&key, item->string,
					     strlen(item->string)) ||
		    buf_add(&key, ":", 1) ||
		    extra_add(im, key.p, text, strlen(text), 0))
			rc = FDSS_ENOMEM;
		free(text);
		if (rc)
			break;
	}
	free(key.p);
	return rc;
}

/* Lay out a CSV header: the field of each column, the JSON names of the
 * unmapped ones, and that the required fields are there. */
static int csv_header(struct import *im, fdss_csv *r)
{
	static const int required[] = {
		F_ID_NUMBER, F_NAME, F_RELATION, F_HOUSEHOLD_NO
	};
	size_t i, n = fdss_csv_nfields(r);
	struct buf b = { NULL, 0, 0 };

	im->ncols = n;
	if (!(im->colfield = calloc(n, sizeof(*im->colfield))) ||
	    !(im->colname = calloc(n, sizeof(*im->colname))))
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		char name[256];
		size_t len;
		const char *raw = fdss_csv_field(r, i, &len);
		int f;

		/* Excel leaves blanks around header cells */
		while (len && (*raw == ' ' || *raw == '\t'))
			raw++, len--;
		while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t'))
			len--;
		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, raw, len);
		name[len] = '\0';
		f = roster_map_field(&im->map, name);

		im->colfield[i] = f;
		b.len = 0;
		if (buf_json_string(&b, name, strlen(name)) ||
		    buf_add(&b, ":", 1) || !(im->colname[i] = strdup(b.p))) {
			free(b.p);
			return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
		}
		if (f == F_NONE) {
			if (*name)
				im->has_extra = 1;
			continue;
		}
		if (f < 0)
			continue;
		if (im->row.label[f]) {
			free(b.p);
			return fdss__db_fail(im->db, FDSS_EDATA, "%s: columns "
					     "'%s' and '%s' both give %s",
					     im->name, im->row.label[f], name,
					     roster_field_name(f));
		}
		if (!(im->row.label[f] = strdup(name))) {
			free(b.p);
			return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
		}
	}
	free(b.p);
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!im->row.label[required[i]])
			break;
	if (i == sizeof(required) / sizeof(required[0]) &&
	    !im->row.label[F_VILLAGE_CODE] &&
	    (!im->row.label[F_COUNTY] || !im->row.label[F_TOWNSHIP] ||
	     !im->row.label[F_VILLAGE]))
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: no column for "
				     "the village: give village_code, or "
				     "county, township and village (县, 乡（镇）, "
				     "行政村 with --preset poverty-registry)",
				     im->name);
	if (i < sizeof(required) / sizeof(required[0]))
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: no column for "
				     "%s (see --preset and --map in "
				     "fdss-import(1))", im->name,
				     roster_field_name(required[i]));
	return FDSS_OK;
}

static int csv_row(struct import *im, fdss_csv *r)
{
	size_t i, n = fdss_csv_nfields(r);
	int rc = FDSS_OK;

	if (n != im->ncols)
		return reject(im, "%zu fields, but the header has %zu", n,
			      im->ncols);
	im->extra.len = 0;
	buf_add(&im->extra, "{", 1);
	for (i = 0; i < n && rc == FDSS_OK; i++) {
		size_t len;
		const char *s = fdss_csv_field(r, i, &len);
		int f = im->colfield[i];

		if (f >= 0) {
			im->row.v[f].s = s;
			im->row.v[f].n = len;
		} else if (f == F_NONE && len) {
			rc = extra_add(im, im->colname[i], s, len, 1);
		}
	}
	if (rc == FDSS_OK)
		rc = buf_add(&im->extra, "}", 1);
	return rc ? fdss__db_fail(im->db, rc, "out of memory") : FDSS_OK;
}

/* A JSON value as the text of a field; NULL with a rejection if it
 * cannot be one. */
static int json_field(struct import *im, int f, const cJSON *item)
{
	struct roster_val *v = &im->row.v[f];

	if (cJSON_IsString(item)) {
		v->s = item->valuestring;
		v->n = strlen(item->valuestring);
	} else if (cJSON_IsNumber(item) && f != F_ID_NUMBER &&
		   f != F_PHONE && item->valuedouble == (double)(long long)
		   item->valuedouble) {
		snprintf(im->numbuf[f], sizeof(im->numbuf[f]), "%lld",
			 (long long)item->valuedouble);
		v->s = im->numbuf[f];
		v->n = strlen(v->s);
	} else if (cJSON_IsBool(item)) {
		v->s = cJSON_IsTrue(item) ? "1" : "0";
		v->n = 1;
	} else {
		return reject(im, "key '%s': expected a string%s",
			      item->string, cJSON_IsNumber(item) ? " (a number "
			      "loses digits)" : "");
	}
	return FDSS_OK;
}

static int json_conditions(struct import *im, const cJSON *item)
{
	const cJSON *c;

	if (!cJSON_IsArray(item))
		return reject(im, "key 'conditions': expected an array");
	cJSON_ArrayForEach(c, item) {
		unsigned bit = cJSON_IsString(c)
			? fdss_condition_parse(c->valuestring) : 0;

		if (!bit)
			return reject(im, "key 'conditions': unknown condition "
				      "(hypertension, diabetes, tb, smi, copd, "
				      "chronic)");
		im->row.conditions |= bit;
	}
	return FDSS_OK;
}

static int json_row(struct import *im, const cJSON *obj)
{
	const cJSON *item;
	struct buf key = { NULL, 0, 0 };
	int rc = FDSS_OK;

	memset(&im->row, 0, sizeof(im->row));
	im->extra.len = 0;
	buf_add(&im->extra, "{", 1);
	cJSON_ArrayForEach(item, obj) {
		int f = roster_map_field(&im->map, item->string);

		if (f == F_IGNORE || (cJSON_IsNull(item) && f != F_NONE))
			continue;
		if (f >= 0 && im->row.label[f])
			rc = reject(im, "keys '%s' and '%s' both give %s",
				    im->row.label[f], item->string,
				    roster_field_name(f));
		else if (f == F_CONDITIONS)
			rc = json_conditions(im, item);
		else if (f == F_EXTRA)
			rc = cJSON_IsObject(item) ? extra_add_object(im, item)
				: reject(im, "key 'extra': expected an object");
		else if (f >= 0)
			rc = json_field(im, f, item);
		else {
			char *text = cJSON_PrintUnformatted(item);

			key.len = 0;
			rc = !text || buf_json_string(&key, item->string,
						      strlen(item->string)) ||
			     buf_add(&key, ":", 1) ||
			     extra_add(im, key.p, text, strlen(text), 0)
				? FDSS_ENOMEM : FDSS_OK;
			free(text);
		}
		if (rc)
			break;
		if (f >= 0)
			im->row.label[f] = item->string;
	}
	free(key.p);
	if (rc == FDSS_OK)
		rc = buf_add(&im->extra, "}", 1);
	im->has_extra = im->extra.len > 2;
	if (rc == FDSS_ENOMEM)
		return fdss__db_fail(im->db, rc, "out of memory");
	return rc;
}

/* --- the run ------------------------------------------------------------- */

static void import_release(struct import *im)
{
	size_t i;

	vcache_clear(im);
	for (i = 0; i < im->ncols; i++)
		free(im->colname[i]);
	free(im->colname);
	free(im->colfield);
	if (im->o->format == FDSS_IMPORT_CSV)
		for (i = 0; i < NFIELDS; i++)
			free((char *)im->row.label[i]);
	free(im->extra.p);
	free(im->old.p);
	free(im->audit_before.p);
	free(im->audit_after.p);
	free(im->merged);
	free(im->chunk);
	free(im->order);
	free(im->text.p);
	free(im->scratch.p);
}

/* Reject the row with the reader's message, less its "name:line: ". */
static int reader_error(struct import *im, const fdss_error *e)
{
	const char *p = e->msg;
	size_t n = strlen(im->name);

	if (strncmp(p, im->name, n) == 0 && p[n] == ':') {
		p += n + 1;
		p += strspn(p, "0123456789");
		if (*p == ':')
			p++;
		p += strspn(p, " ");
	}
	snprintf(im->err.msg, sizeof(im->err.msg), "%s", p);
	im->err.code = FDSS_EDATA;
	return FDSS_EDATA;
}

static int read_csv(struct import *im, FILE *in)
{
	fdss_error e = FDSS_ERROR_INIT;
	fdss_csv *r = NULL;
	const char *raw;
	size_t rawlen;
	int rc;

	if ((rc = fdss_csv_new(&r, in, im->name)) != FDSS_OK)
		return fdss__db_fail(im->db, rc, "out of memory");
	do
		rc = fdss_csv_next(r, &e);
	while (rc == FDSS_EDATA);
	if (rc == FDSS_EOF) {
		rc = fdss__db_fail(im->db, FDSS_EDATA, "%s: empty input, no "
				   "header", im->name);
		goto out;
	}
	if (rc != FDSS_OK) {
		rc = fdss__db_fail(im->db, rc, "%s", e.msg);
		goto out;
	}
	if ((rc = csv_header(im, r)) != FDSS_OK)
		goto out;
	raw = fdss_csv_raw(r, &rawlen);
	if (im->o->header)
		im->o->header(im->o->arg, raw, rawlen);
	while ((rc = fdss_csv_next(r, &e)) != FDSS_EOF) {
		im->line = fdss_csv_line(r);
		if (rc == FDSS_EIO) {
			rc = fdss__db_fail(im->db, rc, "%s", e.msg);
			break;
		}
		im->st->read++;
		fdss_error_clear(&im->err);
		raw = fdss_csv_raw(r, &rawlen);
		if (rc == FDSS_EDATA)
			rc = reader_error(im, &e);
		else if ((rc = csv_row(im, r)) == FDSS_OK)
			rc = check_row(im, raw, rawlen);
		if ((rc = row_done(im, rc, raw, rawlen)) != FDSS_OK)
			break;
	}
	if (rc == FDSS_EOF)
		rc = flush(im);
out:
	fdss_csv_free(r);
	return rc;
}

static int read_jsonl(struct import *im, FILE *in)
{
	fdss_error e = FDSS_ERROR_INIT;
	fdss_jsonl *r = NULL;
	cJSON *obj = NULL;
	const char *raw;
	size_t rawlen;
	int rc;

	if ((rc = fdss_jsonl_new(&r, in, im->name)) != FDSS_OK)
		return fdss__db_fail(im->db, rc, "out of memory");
	while ((rc = fdss_jsonl_next(r, &obj, &e)) != FDSS_EOF) {
		im->line = fdss_jsonl_line(r);
		if (rc == FDSS_EIO) {
			rc = fdss__db_fail(im->db, rc, "%s", e.msg);
			break;
		}
		im->st->read++;
		fdss_error_clear(&im->err);
		raw = fdss_jsonl_raw(r, &rawlen);
		if (rc == FDSS_EDATA)
			rc = reader_error(im, &e);
		else if ((rc = json_row(im, obj)) == FDSS_OK)
			rc = check_row(im, raw, rawlen);
		cJSON_Delete(obj);
		obj = NULL;
		if ((rc = row_done(im, rc, raw, rawlen)) != FDSS_OK)
			break;
	}
	if (rc == FDSS_EOF)
		rc = flush(im);
	fdss_jsonl_free(r);
	return rc;
}

int fdss_import_roster(fdss_db *db, FILE *in, const fdss_import_opts *o,
		       fdss_import_stats *stats)
{
	fdss_import_stats local;
	fdss_decoder *dec = NULL;
	fdss_error e = FDSS_ERROR_INIT;
	struct import *im;
	FILE *text = NULL;
	int rc;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (!(im = calloc(1, sizeof(*im))))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	im->db = db;
	im->o = o;
	im->st = stats;
	im->name = o->name ? o->name : "<stdin>";
	if ((rc = roster_map_init(&im->map, o->preset, o->map, &e)) != FDSS_OK ||
	    (rc = fdss_decoder_new(&dec, &text, in, im->name,
				   o->encoding ? o->encoding : "utf-8",
				   &e)) != FDSS_OK) {
		rc = fdss__db_fail(db, rc, "%s", e.msg);
		goto out;
	}
	/*
	 * A bigger page cache for the run (the ID index takes random
	 * inserts); the temporary tables stay on disk, so memory does not
	 * grow with the input.
	 */
	if ((rc = fdss_db_exec(db, "PRAGMA cache_size = -131072;"
			       " PRAGMA temp.cache_size = -16384")) != FDSS_OK)
		goto out;
	im->dec = dec;
	if ((rc = fdss_db_begin(db)) != FDSS_OK)
		goto out;
	if ((rc = fdss_db_exec(db, sql_temp_tables)) != FDSS_OK ||
	    (rc = batch_start(im)) != FDSS_OK)
		goto rollback;
	rc = o->format == FDSS_IMPORT_JSONL ? read_jsonl(im, text)
					    : read_csv(im, text);
	/* a decoding error ends the input early: the run fails whole */
	if (fdss_decoder_status(dec, &e) != FDSS_OK) {
		rc = fdss__db_fail(db, FDSS_EDATA, "%s", e.msg);
		goto rollback;
	}
	if (rc != FDSS_OK)
		goto rollback;
	fdss_decoder_sha256(dec, stats->sha256);
	if ((rc = batch_finish(im)) != FDSS_OK)
		goto rollback;
	if (o->atomic && stats->rejected) {
		rc = fdss__db_fail(db, FDSS_EDATA, "%s: %ld rows rejected; "
				   "nothing imported (--atomic)", im->name,
				   stats->rejected);
		goto rollback;
	}
	if (o->dry_run) {
		fdss_db_rollback(db);
		goto out;
	}
	if ((rc = fdss_db_commit(db)) == FDSS_OK)
		stats->batch_id = im->batch;
	goto out;
rollback:
	fdss_db_rollback(db);
out:
	if (o->progress)
		o->progress(o->arg, -1, 0);
	import_release(im);
	free(im);
	fdss_decoder_free(dec);
	return rc;
}
