/*
 * area.c: administrative divisions — import from the statistical
 * bureau's CSV files, listing and search with each division's path.
 *
 * The level and parent of a division follow from its code alone, so
 * files load in any order and a village may arrive before its township.
 * Paths are put together when read back: stored names first, then the
 * built-in GB/T 2260 table for provinces, cities and counties that were
 * not loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>

#include "csv_run.h"
#include "internal.h"

#define CODE_MAX 12		/* digits of a village code */

/* Code lengths of the levels, indexed by enum fdss_area_level. */
static const size_t level_len[] = { 0, 2, 4, 6, 9, 12 };

static const char *const level_names[] = {
	NULL, "province", "city", "county", "township", "village"
};

/* City names that stand for "no city" and are left out of paths. */
static const char *const placeholder_cities[] = {
	"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"
};

#define NLEVELS ((int)(sizeof(level_len) / sizeof(level_len[0])))

static int level_of_len(const char *code, size_t n)
{
	size_t i;
	int lv;

	for (i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return FDSS_AREA_INVALID;
	for (lv = FDSS_AREA_PROVINCE; lv < NLEVELS; lv++)
		if (level_len[lv] == n)
			return lv;
	return FDSS_AREA_INVALID;
}

int fdss_area_level_of(const char *code)
{
	return code ? level_of_len(code, strlen(code)) : FDSS_AREA_INVALID;
}

const char *fdss_area_level_name(int level)
{
	return level > 0 && level < NLEVELS ? level_names[level] : NULL;
}

int fdss_area_level_parse(const char *name)
{
	int lv;

	for (lv = FDSS_AREA_PROVINCE; name && lv < NLEVELS; lv++)
		if (strcmp(name, level_names[lv]) == 0)
			return lv;
	return FDSS_AREA_INVALID;
}

/* ---- import ---------------------------------------------------------- */

static const char sql_insert[] =
	"INSERT INTO area (code, name, level, parent) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (code) DO NOTHING";
static const char sql_name[] = "SELECT name FROM area WHERE code = ?1";
static const char sql_rename[] = "UPDATE area SET name = ?2 WHERE code = ?1";

/* One file being imported: the driver's state first. */
struct import {
	struct fdss__csv_run run;
	size_t icode, iname;	/* columns of "code" and "name" */
	char code[CODE_MAX + 1];	/* the row check_row accepted */
	const char *name;
	size_t namelen;
};

/* Find the "code" and "name" columns in the header record. */
static int read_header(struct fdss__csv_run *r)
{
	struct import *im = (struct import *)r;
	int have_code = 0, have_name = 0;
	size_t i;

	for (i = 0; i < r->nheader; i++) {
		size_t n;
		const char *s = fdss__csv_trim(fdss_csv_field(r->csv, i, &n),
					       &n);

		if (!have_code && n == 4 && strncasecmp(s, "code", 4) == 0) {
			im->icode = i;
			have_code = 1;
		} else if (!have_name && n == 4 &&
			   strncasecmp(s, "name", 4) == 0) {
			im->iname = i;
			have_name = 1;
		}
	}
	if (!have_code || !have_name)
		return fdss__db_fail(r->db, FDSS_EDATA,
				     "%s: no '%s' column in the header",
				     r->file, have_code ? "name" : "code");
	return FDSS_OK;
}

/* Check the current row; on success im->code (NUL-terminated) and name. */
static int check_row(struct fdss__csv_run *run)
{
	struct import *im = (struct import *)run;
	char *code = im->code;
	const char **name = &im->name;
	size_t *namelen = &im->namelen;
	fdss_csv *r = run->csv;
	long line = fdss_csv_line(r);
	size_t n, bad, nf = fdss_csv_nfields(r);
	const char *s = fdss_csv_raw(r, &n);

	if (!fdss_utf8_valid(s, n, &bad))
		return fdss_error_set(&im->run.err, FDSS_EDATA,
				      "%s:%ld: not valid UTF-8 at byte %zu "
				      "(convert the file, e.g. iconv -f "
				      "GB18030 -t UTF-8)", im->run.file, line,
				      bad + 1);
	if (nf <= im->icode || nf <= im->iname)
		return fdss_error_set(&im->run.err, FDSS_EDATA,
				      "%s:%ld: %zu field%s, the header has %zu",
				      im->run.file, line, nf,
				      nf == 1 ? "" : "s", im->run.nheader);
	s = fdss__csv_trim(fdss_csv_field(r, im->icode, &n), &n);
	if (!level_of_len(s, n))
		return fdss_error_set(&im->run.err, FDSS_EDATA,
				      "%s:%ld: code '%.*s': 2, 4, 6, 9 or 12 "
				      "digits expected", im->run.file, line,
				      n > 40 ? 40 : (int)n, s);
	memcpy(code, s, n);
	code[n] = '\0';
	*namelen = 0;
	s = fdss_csv_field(r, im->iname, namelen);
	*name = fdss__csv_trim(s, namelen);
	if (*namelen == 0)
		return fdss_error_set(&im->run.err, FDSS_EDATA,
				      "%s:%ld: code '%s': empty name",
				      im->run.file, line, code);
	return FDSS_OK;
}

/* The area row as compact JSON for the audit log; cJSON_free() it. */
static char *row_json(const char *code, const char *name)
{
	int lv = fdss_area_level_of(code);
	char parent[CODE_MAX + 1] = "";
	cJSON *o = cJSON_CreateObject();
	char *s = NULL;

	if (lv > FDSS_AREA_PROVINCE) {
		memcpy(parent, code, level_len[lv - 1]);
		parent[level_len[lv - 1]] = '\0';
	}
	if (o && cJSON_AddStringToObject(o, "code", code) &&
	    cJSON_AddStringToObject(o, "name", name) &&
	    cJSON_AddStringToObject(o, "level", level_names[lv]) &&
	    (*parent ? cJSON_AddStringToObject(o, "parent", parent)
		     : cJSON_AddNullToObject(o, "parent")))
		s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

/* A known code whose name differs: update it and log the change. */
static int rename_area(struct import *im, const char *code,
		       const char *old, const char *name, size_t n)
{
	sqlite3_stmt *st = fdss__db_prepare(im->run.db, sql_rename);
	char *copy = NULL, *before = NULL, *after = NULL;
	int rc;

	if (!st)
		return fdss_db_error(im->run.db)->code;
	if (sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, name, (int)n, SQLITE_STATIC))
		return fdss__db_bindfail(im->run.db, st,
					 "cannot rename an area");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->run.db, rc,
					"cannot rename an area");
	if (!(copy = strndup(name, n)) || !(before = row_json(code, old)) ||
	    !(after = row_json(code, copy))) {
		rc = fdss__db_fail(im->run.db, FDSS_ENOMEM, "out of memory");
		goto out;
	}
	rc = fdss_audit_record(im->run.db, "area", code, before, after, NULL);
out:
	free(copy);
	cJSON_free(before);
	cJSON_free(after);
	return rc;
}

/* Insert the row, or compare it with the stored one. */
static int store_row(struct fdss__csv_run *run)
{
	struct import *im = (struct import *)run;
	const char *code = im->code, *name = im->name;
	size_t n = im->namelen;
	sqlite3_stmt *st = fdss__db_prepare(im->run.db, sql_insert);
	int lv = fdss_area_level_of(code), rc;
	const char *old;

	if (!st)
		return fdss_db_error(im->run.db)->code;
	if (sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, name, (int)n, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 3, level_names[lv], -1, SQLITE_STATIC) ||
	    (lv > FDSS_AREA_PROVINCE &&
	     sqlite3_bind_text(st, 4, code, (int)level_len[lv - 1],
			       SQLITE_STATIC)))
		return fdss__db_bindfail(im->run.db, st,
					 "cannot store an area");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->run.db, rc, "cannot store an area");
	if (sqlite3_changes(fdss__db_sqlite(im->run.db)) == 1) {
		im->run.st.inserted++;
		return FDSS_OK;
	}
	if (!(st = fdss__db_prepare(im->run.db, sql_name)))
		return fdss_db_error(im->run.db)->code;
	if (sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC))
		return fdss__db_bindfail(im->run.db, st, "cannot read an area");
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(im->run.db, rc, "cannot read an area");
	}
	old = (const char *)sqlite3_column_text(st, 0);
	if (old && strlen(old) == n && memcmp(old, name, n) == 0) {
		im->run.st.unchanged++;
		rc = FDSS_OK;
	} else {
		rc = rename_area(im, code, old ? old : "", name, n);
		im->run.st.updated += rc == FDSS_OK;
	}
	sqlite3_reset(st);
	return rc;
}

int fdss_area_import(fdss_db *db, FILE *f, const char *name, int atomic,
		     fdss_area_stats *stats, fdss_reject_fn reject, void *arg)
{
	struct import im;
	int rc;

	memset(&im, 0, sizeof(im));
	im.run.db = db;
	im.run.reject = reject;
	im.run.arg = arg;
	im.run.expected = "expected a header with 'code' and 'name' columns";
	im.run.header = read_header;
	im.run.check = check_row;
	im.run.store = store_row;
	rc = fdss__csv_run(&im.run, f, name, atomic);
	if (stats && (rc == FDSS_OK || rc == FDSS_EDATA))
		FDSS__CSV_COUNTS_ADD(stats, im.run.st);
	return rc;
}

/* ---- reading back ---------------------------------------------------- */

/* Ancestor names, cached by level since rows come in code order. */
struct walk {
	fdss_db *db;
	int (*fn)(const fdss_area *a, void *arg);
	void *arg;
	long *n;		/* areas handed to fn, or NULL */
	char code[NLEVELS][CODE_MAX + 1];	/* cached ancestor codes */
	char *name[NLEVELS];			/* their names or NULL */
	char *path;				/* the path being built */
	size_t len, cap;
};

static void walk_release(struct walk *w)
{
	int i;

	for (i = 0; i < NLEVELS; i++)
		free(w->name[i]);
	free(w->path);
}

static int is_placeholder(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(placeholder_cities) /
			sizeof(placeholder_cities[0]); i++)
		if (strcmp(name, placeholder_cities[i]) == 0)
			return 1;
	return 0;
}

/* Name of the ancestor code (stored, else built in) into the cache. */
static int ancestor(struct walk *w, int lv, const char *code)
{
	sqlite3_stmt *st;
	const char *s = NULL;
	int rc;

	if (strcmp(w->code[lv], code) == 0)
		return FDSS_OK;
	free(w->name[lv]);
	w->name[lv] = NULL;
	snprintf(w->code[lv], sizeof(w->code[lv]), "%s", code);
	if (!(st = fdss__db_prepare(w->db, sql_name)))
		return fdss_db_error(w->db)->code;
	if (sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC)) {
		w->code[lv][0] = '\0';
		return fdss__db_bindfail(w->db, st, "cannot read an area");
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = (const char *)sqlite3_column_text(st, 0);
	else if (rc == SQLITE_DONE)
		s = fdss_region_name(code);
	else
		rc = fdss__db_sqlfail(w->db, rc, "cannot read an area");
	if (s && !(w->name[lv] = strdup(s)))
		rc = fdss__db_fail(w->db, FDSS_ENOMEM, "out of memory");
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = FDSS_OK;
	if (rc != FDSS_OK)
		w->code[lv][0] = '\0';
	return rc;
}

static int path_add(struct walk *w, const char *name)
{
	size_t n = strlen(name), need = w->len + n + 4;

	if (need > w->cap) {
		size_t cap = w->cap ? w->cap : 128;
		char *p;

		while (cap < need)
			cap *= 2;
		if (!(p = realloc(w->path, cap)))
			return fdss__db_fail(w->db, FDSS_ENOMEM,
					     "out of memory");
		w->path = p;
		w->cap = cap;
	}
	if (w->len) {
		memcpy(w->path + w->len, " / ", 3);
		w->len += 3;
	}
	memcpy(w->path + w->len, name, n + 1);
	w->len += n;
	return FDSS_OK;
}

/* Build a's path from the top down into w->path. */
static int make_path(struct walk *w, fdss_area *a)
{
	char prefix[CODE_MAX + 1];
	int lv, rc;

	w->len = 0;
	for (lv = FDSS_AREA_PROVINCE; lv < a->level; lv++) {
		memcpy(prefix, a->code, level_len[lv]);
		prefix[level_len[lv]] = '\0';
		if ((rc = ancestor(w, lv, prefix)) != FDSS_OK)
			return rc;
		if (!w->name[lv] ||
		    (lv == FDSS_AREA_CITY && is_placeholder(w->name[lv])))
			continue;
		if ((rc = path_add(w, w->name[lv])) != FDSS_OK)
			return rc;
	}
	if ((rc = path_add(w, a->name)) != FDSS_OK)
		return rc;
	a->path = w->path;
	return FDSS_OK;
}

int fdss__area_path(fdss_db *db, const char *code, char **out)
{
	struct walk w;
	fdss_area a;
	int rc;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	memset(&a, 0, sizeof(a));
	w.db = db;
	a.code = code;
	if (!(a.level = fdss_area_level_of(code)))
		return fdss__db_fail(db, FDSS_EINVAL, "code '%.40s': 2, 4, 6, "
				     "9 or 12 digits expected", code);
	if ((rc = ancestor(&w, a.level, code)) == FDSS_OK) {
		a.name = w.name[a.level] ? w.name[a.level] : code;
		if ((rc = make_path(&w, &a)) == FDSS_OK) {
			*out = w.path;
			w.path = NULL;
		}
	}
	walk_release(&w);
	return rc;
}

/* One row of st (code, name, level, parent) to w->fn (ctx, a struct
 * walk), or left out; for fdss__walk(). */
static int area_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	struct walk *w = ctx;
	fdss_area a;
	int rc;

	(void)db;
	a.code = (const char *)sqlite3_column_text(st, 0);
	a.name = (const char *)sqlite3_column_text(st, 1);
	a.level = fdss_area_level_parse(
		(const char *)sqlite3_column_text(st, 2));
	a.parent = (const char *)sqlite3_column_text(st, 3);
	if (!a.code || !a.name || !a.level)
		return 0;
	if ((rc = make_path(w, &a)) != FDSS_OK ||
	    (rc = w->fn(&a, w->arg)) != 0)
		return rc;
	if (w->n)
		(*w->n)++;
	return 0;
}

static const char sql_exists[] =
	"SELECT 1 FROM area WHERE code >= ?1 AND code < ?2 LIMIT 1";
static const char sql_list[] =
	"SELECT code, name, level, parent FROM area"
	" WHERE code > ?1 AND code < ?2 AND (?3 IS NULL OR level = ?3)"
	" ORDER BY code";
static const char sql_list_name[] =
	"SELECT code, name, level, parent FROM area"
	" WHERE name = ?4 AND code > ?1 AND code < ?2"
	" AND (?3 IS NULL OR level = ?3) ORDER BY code";

/* Whether under or any code below it is stored. */
static int under_exists(fdss_db *db, const char *lo, const char *hi)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_exists);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC))
		return fdss__db_bindfail(db, st, "cannot list areas");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return FDSS_OK;
	if (rc == SQLITE_DONE)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no area '%s' "
				     "(load it with 'fdss area import')", lo);
	return fdss__db_sqlfail(db, rc, "cannot list areas");
}

int fdss_area_list(fdss_db *db, const fdss_area_query *q,
		   int (*fn)(const fdss_area *a, void *arg), void *arg)
{
	static const fdss_area_query all = FDSS_AREA_QUERY_INIT;
	struct walk w;
	char lo[CODE_MAX + 1] = "", hi[CODE_MAX + 2] = ":";
	sqlite3_stmt *st;
	int rc;

	if (!q)
		q = &all;
	if (q->level && !fdss_area_level_name(q->level))
		return fdss__db_fail(db, FDSS_EINVAL, "level %d: no such level",
				     q->level);
	if (q->under) {
		if (!fdss_area_level_of(q->under))
			return fdss__db_fail(db, FDSS_EINVAL, "code '%.40s': "
					     "2, 4, 6, 9 or 12 digits expected",
					     q->under);
		snprintf(lo, sizeof(lo), "%s", q->under);
		snprintf(hi, sizeof(hi), "%s:", q->under);
		if ((rc = under_exists(db, lo, hi)) != FDSS_OK)
			return rc;
	}
	if (!(st = fdss__db_prepare(db, q->name ? sql_list_name : sql_list)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT) ||
	    (q->level && sqlite3_bind_text(st, 3, level_names[q->level], -1,
					   SQLITE_STATIC)) ||
	    (q->name && sqlite3_bind_text(st, 4, q->name, -1,
					  SQLITE_TRANSIENT)))
		return fdss__db_bindfail(db, st, "cannot list areas");
	memset(&w, 0, sizeof(w));
	w.db = db;
	w.fn = fn;
	w.arg = arg;
	rc = fdss__walk(db, st, "cannot list areas", area_row, &w);
	walk_release(&w);
	return rc;
}

static const char sql_find[] =
	"SELECT code, name, level, parent FROM area WHERE instr(name, ?1) > 0"
	" ORDER BY name <> ?1, code";

int fdss_area_find(fdss_db *db, const char *pattern,
		   int (*fn)(const fdss_area *a, void *arg), void *arg,
		   long *nfound)
{
	struct walk w;
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if (nfound)
		*nfound = 0;
	if (!pattern || !*pattern)
		return fdss__db_fail(db, FDSS_EINVAL, "empty name to find");
	if (!(st = fdss__db_prepare(db, sql_find)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, pattern, -1, SQLITE_TRANSIENT))
		return fdss__db_bindfail(db, st, "cannot find areas");
	memset(&w, 0, sizeof(w));
	w.db = db;
	w.fn = fn;
	w.arg = arg;
	w.n = &n;
	rc = fdss__walk(db, st, "cannot list areas", area_row, &w);
	walk_release(&w);
	if (nfound)
		*nfound = n;
	return rc;
}

int fdss_area_exists(fdss_db *db, const char *code)
{
	char lo[CODE_MAX + 1], hi[CODE_MAX + 2];
	sqlite3_stmt *st;
	int rc;

	if (!code || !fdss_area_level_of(code))
		return fdss__db_fail(db, FDSS_EINVAL, "area '%.40s': 2, 4, 6, "
				     "9 or 12 digits expected",
				     code ? code : "");
	snprintf(lo, sizeof(lo), "%s", code);
	snprintf(hi, sizeof(hi), "%s:", code);
	if (!(st = fdss__db_prepare(db, sql_exists)))
		return fdss_db_error(db)->code;
	if ((rc = sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC)) !=
	    SQLITE_OK ||
	    (rc = sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC)) !=
	    SQLITE_OK) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot read the areas");
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return FDSS_OK;
	if (rc == SQLITE_DONE)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "area '%s': no such "
				     "area (load it with 'fdss area import')",
				     code);
	return fdss__db_sqlfail(db, rc, "cannot read the areas");
}

/* --- the county of the database ------------------------------------------ */

static const char sql_county_setting[] =
	"SELECT value FROM setting WHERE key = 'county'";
/* min and max by the index household_village: one county when equal */
static const char sql_county_households[] =
	"SELECT substr(min(village_code), 1, 6), substr(max(village_code), 1, 6)"
	" FROM household";
static const char sql_county_villages[] =
	"SELECT substr(min(code), 1, 6), substr(max(code), 1, 6) FROM area"
	" WHERE level = 'village'";

/* 1 when st's row names one county (column 0 = column 1, 6 digits). */
static int one_county(fdss_db *db, const char *sql, char out[7], int *rc)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql);
	const char *lo, *hi;
	int found = 0;

	if (!st) {
		*rc = fdss_db_error(db)->code;
		return 0;
	}
	if ((*rc = sqlite3_step(st)) == SQLITE_ROW) {
		lo = fdss__col(st, 0);
		hi = sqlite3_column_count(st) > 1 ? fdss__col(st, 1) : lo;
		if (fdss_area_level_of(lo) == FDSS_AREA_COUNTY &&
		    strcmp(lo, hi) == 0) {
			memcpy(out, lo, 7);
			found = 1;
		}
		*rc = FDSS_OK;
	} else if (*rc == SQLITE_DONE) {
		*rc = FDSS_OK;
	} else {
		*rc = fdss__db_sqlfail(db, *rc, "cannot find the county");
	}
	sqlite3_reset(st);
	return found;
}

int fdss_county_code(fdss_db *db, char out[FDSS_COUNTY_BUFSZ])
{
	static const char *const sql[] = {
		sql_county_setting, sql_county_households, sql_county_villages,
	};
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (one_county(db, sql[i], out, &rc))
			return FDSS_OK;
		if (rc != FDSS_OK)
			return rc;
	}
	out[0] = '\0';
	return fdss__db_fail(db, FDSS_EDATA, "the database names no county: "
			     "set it with `fdss setting set county CODE`");
}
