/*
 * roster_row.c: reading and checking the rows of a roster import — CSV
 * and JSON-lines input laid out into fields (unmapped cells kept as
 * "extra"), the village found by its code or by county, township and
 * village names, and each household kept to one village within the run.
 * A checked row, or a rejected one with its reason, joins the chunk of
 * roster_store.c; the checks that need no database are in
 * roster_fields.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster_int.h"

static const char sql_hh_seen_select[] =
	"SELECT village_code, line FROM temp.fdss_seen_household"
	" WHERE household_no = ?1";

static const char sql_hh_seen_insert[] =
	"INSERT INTO temp.fdss_seen_household (household_no, village_code,"
	" line) VALUES (?1, ?2, ?3)";

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

/* Bind v's text, or NULL when empty; SQLite's result. */
static int bind_val(sqlite3_stmt *st, int i, const struct roster_val *v)
{
	if (!v->s || !v->n)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text64(st, i, v->s, v->n, SQLITE_STATIC,
				   SQLITE_UTF8);
}

/* --- villages ------------------------------------------------------------ */

int fdss__roster_reject(struct import *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->err.msg, sizeof(im->err.msg), fmt, ap);
	va_end(ap);
	im->err.code = FDSS_EDATA;
	return FDSS_EDATA;
}

const char *fdss__roster_label(struct import *im, int f)
{
	return im->row.label[f] ? im->row.label[f] : roster_field_name(f);
}

int fdss__roster_village_known(fdss_db *db, const char *s, size_t n,
			       const char **why)
{
	sqlite3_stmt *st;
	size_t i;
	int rc, ok;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			break;
	if (n != 12 || i != 12)
		return *why = "12 digits expected", 0;
	if (!(st = fdss__db_prepare(db, sql_village_by_code)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, s, 12, SQLITE_STATIC))
		return fdss__db_bindfail(db, st, "cannot look up a village");
	rc = sqlite3_step(st);
	ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0),
					"village") == 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(db, rc, "cannot look up a village");
	if (!ok)
		*why = "no such village (import the divisions with 'fdss area "
		       "import')";
	return ok;
}

static int village_by_code(struct import *im)
{
	const struct roster_val *v = &im->row.v[F_VILLAGE_CODE];
	const char *why = NULL;
	int rc;

	if (v->n == 12 && memcmp(v->s, im->village, 12) == 0)
		return FDSS_OK;
	if ((rc = fdss__roster_village_known(im->db, v->s, v->n, &why)) < 0)
		return rc;
	if (!rc)
		return fdss__roster_reject(im, "%s '%.*s': %s",
			fdss__roster_label(im, F_VILLAGE_CODE), (int)v->n,
			v->s, why);
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
	if ((rc = bind_val(st, 1, a)) || (b && (rc = bind_val(st, 2, b))))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot look up a village");
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
	if ((rc = bind_val(st, 1, v)) || (rc = bind_val(st, 2, t)) ||
	    (rc = bind_val(st, 3, c)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot look up a village");
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
			 fdss__roster_label(im, F_VILLAGE), (int)v->n, v->s,
			 (int)t->n, t->s, (int)c->n, c->s);
	} else if ((rc = count_of(im, sql_county_count, c, NULL, &n)) != FDSS_OK) {
		return rc;
	} else if (n == 0) {
		snprintf(msg, sizeof(msg), "%s '%.*s': no such county (import "
			 "the divisions with 'fdss area import')",
			 fdss__roster_label(im, F_COUNTY), (int)c->n, c->s);
	} else if ((rc = count_of(im, sql_township_count, t, c, &n)) != FDSS_OK) {
		return rc;
	} else if (n == 0) {
		snprintf(msg, sizeof(msg), "%s '%.*s': no such township in %.*s",
			 fdss__roster_label(im, F_TOWNSHIP), (int)t->n, t->s,
			 (int)c->n, c->s);
	} else {
		snprintf(msg, sizeof(msg), "%s '%.*s': no such village in %.*s, "
			 "%.*s", fdss__roster_label(im, F_VILLAGE), (int)v->n,
			 v->s, (int)t->n, t->s, (int)c->n, c->s);
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

void fdss__roster_vcache_clear(struct import *im)
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

		return fdss__roster_reject(im, "%s: empty",
					   fdss__roster_label(im, f));
	}
	n = snprintf(key, sizeof(key), "%.*s\x1f%.*s\x1f%.*s", (int)c->n, c->s,
		     (int)t->n, t->s, (int)v->n, v->s);
	if (n < 0 || (size_t)n >= sizeof(key))
		return fdss__roster_reject(im, "%s: too long",
					   fdss__roster_label(im, F_VILLAGE));
	if (im->nvcache >= VCACHE / 2)
		fdss__roster_vcache_clear(im);
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
		return fdss__roster_reject(im, "%s", e->error);
	memcpy(im->village, e->code, sizeof(im->village));
	return FDSS_OK;
}

static int resolve_village(struct import *im)
{
	if (im->row.v[F_VILLAGE_CODE].n)
		return village_by_code(im);
	if (!im->row.v[F_VILLAGE].s && !im->row.v[F_COUNTY].s)
		return fdss__roster_reject(im, "no village: give village_code, "
					   "or county, township and village");
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
	if (im->last_household.p && im->last_household.len == h->n &&
	    memcmp(im->last_household.p, h->s, h->n) == 0 &&
	    strcmp(im->last_village, im->village) == 0)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(im->db, sql_hh_seen_select)))
		return fdss_db_error(im->db)->code;
	if ((rc = bind_val(st, 1, h)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot look up a household");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		long line = sqlite3_column_int64(st, 1);

		if (strcmp(v, im->village) != 0) {
			fdss__roster_reject(im, "%s '%.*s': in village %s on "
				"%s %ld, here in %s",
				fdss__roster_label(im, F_HOUSEHOLD_NO),
				(int)h->n, h->s, v, ROSTER_LINE_WORD(im), line,
				im->village);
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
		if ((rc = bind_val(st, 1, h)) ||
		    (rc = fdss__roster_bind_str(st, 2, im->village)) ||
		    (rc = sqlite3_bind_int64(st, 3, im->line)))
			return fdss__roster_bind_fail(im, st, rc,
						      "cannot note a household");
		if ((rc = fdss__roster_step_done(im, st,
						 "cannot note a household")))
			return rc;
	}
	im->last_household.len = 0;
	if (fdss__roster_buf_add(&im->last_household, h->s, h->n) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	memcpy(im->last_village, im->village, sizeof(im->village));
	return FDSS_OK;
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
	if ((rc = fdss__shape_normalise(im)) != FDSS_OK)
		return rc;
	if (roster_row_check(&im->row, im->o->ref, &im->person, &im->err))
		return FDSS_EDATA;
	if ((rc = fdss__shape_record(im)) != FDSS_OK ||
	    (rc = resolve_village(im)) != FDSS_OK ||
	    (rc = household_check(im, &first)) != FDSS_OK ||
	    (rc = fdss__roster_person_values(im, &pv)) != FDSS_OK ||
	    (rc = fdss__roster_stage_row(im, raw, rawlen, &pv,
					 first)) != FDSS_OK)
		return rc;
	return FDSS_OK;
}

/* After a row: a rejection joins the chunk; a full chunk is stored;
 * now and then the caller hears how far the run is. */
static int row_done(struct import *im, int rc, const char *raw, size_t rawlen)
{
	if (rc == FDSS_EDATA && im->err.code == FDSS_EDATA)
		rc = fdss__roster_stage_reject(im, raw, rawlen);
	if (rc == FDSS_OK && (im->nchunk == CHUNK_ROWS ||
			      im->text.len >= CHUNK_BYTES))
		rc = fdss__roster_flush(im);
	if (rc == FDSS_OK && im->o->progress && im->st->read % 16384 == 0)
		im->o->progress(im->o->arg, im->st->read,
				im->dec ? fdss_decoder_bytes(im->dec)
				: fdss_sheet_bytes(im->sheet));
	return rc;
}

/* Append "key":value to the row's extra object (value already JSON). */
static int extra_add(struct import *im, const char *key_json,
		     const char *value, size_t n, int quote)
{
	int rc = fdss__roster_buf_str(&im->extra,
				      im->extra.len > 1 ? "," : "");

	if (rc == FDSS_OK)
		rc = fdss__roster_buf_str(&im->extra, key_json);
	if (rc == FDSS_OK)
		rc = quote
			? fdss__roster_buf_json_string(&im->extra, value, n)
			: fdss__roster_buf_add(&im->extra, value, n);
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
		if (!text ||
		    fdss__roster_buf_json_string(&key, item->string,
						 strlen(item->string)) ||
		    fdss__roster_buf_add(&key, ":", 1) ||
		    extra_add(im, key.p, text, strlen(text), 0))
			rc = FDSS_ENOMEM;
		free(text);
		if (rc)
			break;
	}
	free(key.p);
	return rc;
}

/* Lay out a header of n cells: the field of each column, the JSON names
 * of the unmapped ones, and that the required fields are there. */
static int csv_header(struct import *im, const struct roster_val *c, size_t n)
{
	static const int required[] = {
		F_ID_NUMBER, F_NAME, F_RELATION, F_HOUSEHOLD_NO
	};
	size_t i;
	struct buf b = { NULL, 0, 0 };

	if (!(im->colfield = calloc(n, sizeof(*im->colfield))) ||
	    !(im->colname = calloc(n, sizeof(*im->colname))) ||
	    !(im->colhead = calloc(n, sizeof(*im->colhead))))
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	im->ncols = n;
	for (i = 0; i < n; i++) {
		char *name;
		size_t len = c[i].n;
		const char *raw = c[i].s ? c[i].s : "";
		int f;

		/* Excel leaves blanks around header cells */
		while (len && (*raw == ' ' || *raw == '\t'))
			raw++, len--;
		while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t'))
			len--;
		if (!(name = im->colhead[i] = strndup(raw, len))) {
			free(b.p);
			return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
		}
		f = roster_map_field(&im->map, name);

		im->colfield[i] = f;
		b.len = 0;
		if (fdss__roster_buf_json_string(&b, name, len) ||
		    fdss__roster_buf_add(&b, ":", 1) ||
		    !(im->colname[i] = strdup(b.p))) {
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

/* Lay out the row's cells (as many as the header's) into fields. */
static int csv_row(struct import *im, const struct roster_val *c)
{
	size_t i, n = im->ncols;
	int rc = FDSS_OK;

	im->extra.len = 0;
	rc = fdss__roster_buf_add(&im->extra, "{", 1);
	for (i = 0; i < n && rc == FDSS_OK; i++) {
		size_t len = c[i].n;
		const char *s = c[i].s ? c[i].s : "";	/* an empty cell */
		int f = im->colfield[i];

		if (f >= 0) {
			im->row.v[f].s = s;
			im->row.v[f].n = len;
		} else if (f == F_NONE && len) {
			rc = extra_add(im, im->colname[i], s, len, 1);
		}
	}
	if (rc == FDSS_OK)
		rc = fdss__roster_buf_add(&im->extra, "}", 1);
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
		   f != F_PHONE && item->valuedouble > -1e15 &&
		   item->valuedouble < 1e15 &&
		   item->valuedouble == (double)(long long)
		   item->valuedouble) {
		snprintf(im->numbuf[f], sizeof(im->numbuf[f]), "%lld",
			 (long long)item->valuedouble);
		v->s = im->numbuf[f];
		v->n = strlen(v->s);
	} else if (cJSON_IsBool(item)) {
		v->s = cJSON_IsTrue(item) ? "1" : "0";
		v->n = 1;
	} else {
		return fdss__roster_reject(im, "key '%s': expected a string%s",
			item->string, cJSON_IsNumber(item) ? " (a number "
			"loses digits)" : "");
	}
	return FDSS_OK;
}

static int json_conditions(struct import *im, const cJSON *item)
{
	const cJSON *c;

	if (!cJSON_IsArray(item))
		return fdss__roster_reject(im, "key 'conditions': expected an "
					   "array");
	cJSON_ArrayForEach(c, item) {
		unsigned bit = cJSON_IsString(c)
			? fdss_condition_parse(c->valuestring) : 0;

		if (!bit)
			return fdss__roster_reject(im, "key 'conditions': "
				"unknown condition (hypertension, diabetes, "
				"tb, smi, copd, chronic)");
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
	if (fdss__roster_buf_add(&im->extra, "{", 1) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	cJSON_ArrayForEach(item, obj) {
		int f = roster_map_field(&im->map, item->string);

		if (f == F_IGNORE || (cJSON_IsNull(item) && f != F_NONE))
			continue;
		if (f >= 0 && im->row.label[f])
			rc = fdss__roster_reject(im, "keys '%s' and '%s' both "
						 "give %s", im->row.label[f],
						 item->string,
						 roster_field_name(f));
		else if (f == F_CONDITIONS)
			rc = json_conditions(im, item);
		else if (f == F_EXTRA)
			rc = cJSON_IsObject(item) ? extra_add_object(im, item)
				: fdss__roster_reject(im, "key 'extra': "
						      "expected an object");
		else if (f >= 0)
			rc = json_field(im, f, item);
		else {
			char *text = cJSON_PrintUnformatted(item);

			key.len = 0;
			rc = !text || fdss__roster_buf_json_string(&key,
					item->string, strlen(item->string)) ||
			     fdss__roster_buf_add(&key, ":", 1) ||
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
		rc = fdss__roster_buf_add(&im->extra, "}", 1);
	im->has_extra = im->extra.len > 2;
	if (rc == FDSS_ENOMEM)
		return fdss__db_fail(im->db, rc, "out of memory");
	return rc;
}

/* --- the input ----------------------------------------------------------- */

/* Reject the row with the reader's message, less its "name:line: ";
 * field (1-based, 0: none) is the CSV column it names. */
static int reader_error(struct import *im, const fdss_error *e, size_t field)
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
	if (field && field <= im->ncols && im->colhead[field - 1][0])
		return fdss__roster_reject(im, "%s (%s)", p,
					   im->colhead[field - 1]);
	return fdss__roster_reject(im, "%s", p);
}

/* The cells of the reader's current record, in im->cells. */
static int csv_cells(struct import *im, fdss_sheet *r, size_t *n)
{
	size_t i;

	*n = fdss_sheet_nfields(r);
	if (*n > im->cellcap) {
		struct roster_val *c = realloc(im->cells, *n * sizeof(*c));

		if (!c)
			return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
		im->cells = c;
		im->cellcap = *n;
	}
	for (i = 0; i < *n; i++)
		im->cells[i].s = fdss_sheet_field(r, i, &im->cells[i].n);
	return FDSS_OK;
}

/*
 * Read up to the header: the first of the first 20 records that names
 * the required columns, or the one on line --header-row.  A record that
 * cannot be read before it fails the run whole.
 */
static int read_header(struct import *im, fdss_sheet *r)
{
	fdss_error e = FDSS_ERROR_INIT;
	int rc, header = 0;
	size_t n = 0;

	while (!header) {
		rc = fdss_sheet_next(r, &e);
		if (rc == FDSS_EDATA)
			return fdss__db_fail(im->db, rc, "%s; cannot read "
					     "the header", e.msg);
		if (rc != FDSS_OK && rc != FDSS_EOF)
			return fdss__db_fail(im->db, rc, "%s", e.msg);
		if (rc == FDSS_OK && (rc = csv_cells(im, r, &n)) != FDSS_OK)
			return rc;
		if ((rc = fdss__shape_header_step(im, rc == FDSS_EOF ? 0 :
				fdss_sheet_line(r), im->cells, n,
				&header)) != FDSS_OK)
			return rc;
	}
	if ((rc = csv_header(im, im->cells, n)) != FDSS_OK ||
	    (rc = fdss__shape_fill_init(im)) != FDSS_OK)
		return rc;
	return FDSS_OK;
}

/* Is field f an identifier, digits that a number cell may have lost? */
static int field_is_code(int f)
{
	return f == F_ID_NUMBER || f == F_HOUSEHOLD_NO || f == F_PERSON_NO ||
	       f == F_VILLAGE_CODE || f == F_PHONE || f == F_HEALTH_RECORD_NO ||
	       f == F_INSURANCE_NO;
}

/* A workbook's number cells for identifiers: a whole number below 10^15
 * is exact (its digits); another may have lost digits, and is refused. */
static int number_check(struct import *im, fdss_sheet *r, size_t n)
{
	size_t i;
	char col[8];

	for (i = 0; i < n; i++) {
		const char *s = fdss_sheet_field(r, i, NULL);
		int f = im->colfield[i];

		if (f < 0 || !field_is_code(f) ||
		    fdss_sheet_kind(r, i) != FDSS_CELL_NUMBER ||
		    strspn(s, "0123456789") == strlen(s))
			continue;
		fdss_sheet_column_name(i, col);
		return fdss__roster_reject(im, "%s '%s': a number in column "
					   "%s, its digits may be lost; format "
					   "the column as text and enter the "
					   "numbers again",
					   fdss__roster_label(im, f), s, col);
	}
	return FDSS_OK;
}

/* Read, check and stage one record that the reader returned with rc. */
static int csv_record(struct import *im, fdss_sheet *r, int rc,
		      const fdss_error *e)
{
	size_t rawlen, n = 0;
	const char *raw = fdss_sheet_raw(r, &rawlen);

	if (rc == FDSS_OK && (rc = csv_cells(im, r, &n)) != FDSS_OK)
		return rc;
	if (rc == FDSS_OK && fdss__shape_skip(im, im->cells, n))
		return FDSS_OK;
	im->st->read++;
	fdss_error_clear(&im->err);
	if (rc == FDSS_EDATA) {
		rc = reader_error(im, e, fdss_sheet_error_field(r));
		fdss__shape_row_broken(im);
	} else if (n != im->ncols) {
		rc = fdss__roster_reject(im, "%zu fields, but the header "
					 "has %zu", n, im->ncols);
		fdss__shape_row_broken(im);
	} else {
		rc = fdss__shape_fill(im, im->cells);
		if (rc == FDSS_OK)
			rc = number_check(im, r, n);
		if (fdss__shape_raw(im, im->cells, &raw, &rawlen) != FDSS_OK)
			return fdss_db_error(im->db)->code;
		if (rc == FDSS_OK && (rc = csv_row(im, im->cells)) == FDSS_OK)
			rc = check_row(im, raw, rawlen);
		fdss__shape_row_end(im, rc == FDSS_EDATA &&
				    im->err.code == FDSS_EDATA);
	}
	return row_done(im, rc, raw, rawlen);
}

int fdss__roster_read_sheet(struct import *im, fdss_sheet *r)
{
	fdss_error e = FDSS_ERROR_INIT;
	const char *raw;
	size_t rawlen;
	int rc;

	/* a header that cannot be read is no header: the run fails whole,
	 * rather than taking a later line for it */
	if ((rc = read_header(im, r)) != FDSS_OK)
		return rc;
	raw = fdss_sheet_raw(r, &rawlen);
	if (im->o->header)
		im->o->header(im->o->arg, raw, rawlen);
	while ((rc = fdss_sheet_next(r, &e)) != FDSS_EOF) {
		im->line = fdss_sheet_line(r);
		if (rc == FDSS_EIO ||
		    (rc == FDSS_EDATA && fdss_sheet_fatal(r))) {
			rc = fdss__db_fail(im->db, rc, "%s", e.msg);
			break;
		}
		if ((rc = csv_record(im, r, rc, &e)) != FDSS_OK)
			break;
	}
	if (rc == FDSS_EOF)
		rc = fdss__roster_flush(im);
	return rc;
}

int fdss__roster_read_csv(struct import *im, FILE *in)
{
	fdss_sheet *r = NULL;
	int rc;

	if ((rc = fdss_sheet_open_csv(&r, in, im->name)) != FDSS_OK)
		return fdss__db_fail(im->db, rc, "out of memory");
	im->sheet = r;
	rc = fdss__roster_read_sheet(im, r);
	im->sheet = NULL;
	fdss_sheet_free(r);
	return rc;
}

int fdss__roster_read_jsonl(struct import *im, FILE *in)
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
			rc = reader_error(im, &e, 0);
		else if ((rc = json_row(im, obj)) == FDSS_OK)
			rc = check_row(im, raw, rawlen);
		cJSON_Delete(obj);
		obj = NULL;
		if ((rc = row_done(im, rc, raw, rawlen)) != FDSS_OK)
			break;
	}
	if (rc == FDSS_EOF)
		rc = fdss__roster_flush(im);
	fdss_jsonl_free(r);
	return rc;
}

