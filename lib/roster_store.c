/*
 * roster_store.c: storing the checked rows of a roster import — people
 * and households inserted, or updated and audited where they changed,
 * with the conditions a row gives.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster_int.h"

/* The names of the person columns, for the audit. */
static const char *const pcol_names[NPCOLS] = {
	"name", "sex", "birth_date", "household_no", "relation", "person_no",
	"ethnicity", "education", "health", "phone", "health_record_no",
	"insurance_no", "disabled", "serious_illness", "special_family",
	"poverty", "poverty_attr", "poverty_exit_year", "low_income", "extra",
};

#define INT_COLS ((1u << P_DISABLED) | (1u << P_SERIOUS) | (1u << P_SPECIAL) | \
		  (1u << P_POVERTY) | (1u << P_EXIT_YEAR) | (1u << P_LOW_INCOME))

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
	" ON CONFLICT (id_number, kind) DO UPDATE SET status = 'active',"
	" ended_on = NULL WHERE status <> 'active'";

static const char sql_condition_end[] =
	"UPDATE condition SET status = 'ended' WHERE id_number = ?1"
	" AND kind = ?2 AND source = 'import' AND status = 'active'";

static const char sql_hh_seen_written[] =
	"SELECT written FROM temp.fdss_seen_household WHERE household_no = ?1";

static const char sql_hh_seen_mark[] =
	"UPDATE temp.fdss_seen_household SET written = ?2"
	" WHERE household_no = ?1";

enum outcome { INSERTED, UPDATED, UNCHANGED };

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

/* --- households ---------------------------------------------------------- */

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
		rc = fdss__roster_buf_str(b[i], *n ? "," : "{");
		if (rc == FDSS_OK)
			rc = fdss__roster_buf_json_string(b[i], key,
							  strlen(key));
		if (rc == FDSS_OK)
			rc = fdss__roster_buf_add(b[i], ":", 1);
		if (rc == FDSS_OK && !v[i])
			rc = fdss__roster_buf_str(b[i], "null");
		else if (rc == FDSS_OK && (is_int || strcmp(key, "extra") == 0))
			rc = fdss__roster_buf_str(b[i], v[i]);
		else if (rc == FDSS_OK)
			rc = fdss__roster_buf_json_string(b[i], v[i],
							  strlen(v[i]));
	}
	(*n)++;
	return rc;
}

static int audit_close(struct import *im, const char *table, const char *key)
{
	int rc = fdss__roster_buf_add(&im->audit_before, "}", 1);

	if (rc == FDSS_OK)
		rc = fdss__roster_buf_add(&im->audit_after, "}", 1);
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
	fdss__roster_bind_str(st, 1, h);
	fdss__roster_bind_str(st, 2, s->village);
	fdss__roster_bind_str(st, 3, a);
	fdss__roster_bind_str(st, 4, p);
	sqlite3_bind_int64(st, 5, im->batch);
	if ((rc = fdss__roster_step_done(im, st,
			"cannot store a household")) != FDSS_OK)
		return rc;
	if (sqlite3_changes(fdss__db_sqlite(im->db)) == 0) {
		char ov[13], oa[512], op[128];
		int has_a, has_p;

		if (!(st = fdss__db_prepare(im->db, sql_hh_select)))
			return fdss_db_error(im->db)->code;
		fdss__roster_bind_str(st, 1, h);
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
			fdss__roster_bind_str(st, 1, h);
			fdss__roster_bind_str(st, 2, s->village);
			fdss__roster_bind_str(st, 3, a);
			fdss__roster_bind_str(st, 4, p);
			sqlite3_bind_int64(st, 5, im->batch);
			if ((rc = fdss__roster_step_done(im, st,
					"cannot update a household")) ||
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
int fdss__roster_person_values(struct import *im, struct pvals *pv)
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
	if (fdss__roster_buf_reserve(scratch, need) != FDSS_OK)
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
		rc = fdss__roster_buf_add(scratch, s, n);
		if (rc == FDSS_OK)
			rc = fdss__roster_buf_add(scratch, "", 1);
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
	if (fdss__roster_buf_reserve(&im->old, need) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < NPCOLS; i++) {
		const char *s = (const char *)sqlite3_column_text(st, (int)i);

		if (!s) {
			im->oldv[i] = NULL;
			continue;
		}
		im->oldv[i] = im->old.p + im->old.len;
		fdss__roster_buf_add(&im->old, s, strlen(s) + 1);
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
		if ((rc = fdss__roster_step_done(im, st,
						 "cannot store a condition")))
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
	if ((rc = fdss__roster_step_done(im, st,
			"cannot update a person")) != FDSS_OK ||
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
	if ((rc = fdss__roster_step_done(im, st,
					 "cannot store a person")) != FDSS_OK)
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
		return fdss__roster_reject(im, "%s '%s': appears again, first "
					   "on line %ld", txt(im, r->label), id,
					   first);
	if ((rc = person_update(im, &pv, out)) != FDSS_OK)
		return rc;
	if (*out == UNCHANGED) {
		if (!(st = fdss__db_prepare(im->db, sql_seen_insert)))
			return fdss_db_error(im->db)->code;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, r->line);
		if ((rc = fdss__roster_step_done(im, st,
				"cannot note a person")) != FDSS_OK)
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

	if (fdss__roster_buf_add(&im->text, s, n) != FDSS_OK ||
	    fdss__roster_buf_add(&im->text, "", 1) != FDSS_OK)
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
int fdss__roster_stage_reject(struct import *im, const char *raw, size_t rawlen)
{
	struct staged *r;
	int rc;

	if ((rc = chunk_add(im, raw, rawlen, &r)) != FDSS_OK)
		return rc;
	return stash(im, im->err.msg, strlen(im->err.msg), &r->reason);
}

/* Add the checked current row, its person's values in pv. */
int fdss__roster_stage_row(struct import *im, const char *raw, size_t rawlen,
			   const struct pvals *pv, int first)
{
	const struct roster_val *h = &im->row.v[F_HOUSEHOLD_NO],
		*a = &im->row.v[F_ADDRESS], *p = &im->row.v[F_POVERTY_ATTR];
	const char *lab = fdss__roster_label(im, F_ID_NUMBER);
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
	fdss__roster_bind_str(st, 1, h);
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
	fdss__roster_bind_str(st, 1, h);
	sqlite3_bind_int(st, 2, written);
	return fdss__roster_step_done(im, st, "cannot note a household");
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
int fdss__roster_flush(struct import *im)
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
