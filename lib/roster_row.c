/*
 * roster_row.c: checking the rows of a roster import against the store —
 * the village found by its code or by county, township and village
 * names, and each household kept to one village within the run.  A
 * checked row, or a rejected one with its reason, joins the chunk of
 * roster_chunk.c.  The rows come from roster_read.c; the checks that
 * need no database are in roster_fields.c.
 */
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
	if (im->last_household.s && im->last_household.len == h->n &&
	    memcmp(im->last_household.s, h->s, h->n) == 0 &&
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

/* --- person values ------------------------------------------------------ */

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
int fdss__roster_person_values(struct import *im, struct pvals *pv)
{
	fdss_jbuf *scratch = &im->scratch;
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
	if (fdss_jbuf_reserve(scratch, need) != FDSS_OK)
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
		pv->v[i] = scratch->s + scratch->len;
		rc = fdss__roster_buf_add(scratch, s, n);
		if (rc == FDSS_OK)
			rc = fdss__roster_buf_add(scratch, "", 1);
	}
	if (im->has_extra || im->shape.nnorm) {
		pv->present |= 1u << P_EXTRA;
		pv->v[P_EXTRA] = im->extra.s;
	}
	return rc;
}

/* --- rows ---------------------------------------------------------------- */

/*
 * Check the row in im->row and add it to the chunk, storing the chunk
 * when it is full.  FDSS_EDATA: rejected (im->err).
 */
int fdss__roster_check_row(struct import *im, const char *raw, size_t rawlen)
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
int fdss__roster_row_done(struct import *im, int rc, const char *raw,
			  size_t rawlen)
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

