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
	unsigned char head;	/* the head's own row (户主, 本人) */
	unsigned char normalised; /* values normalised (roster_shape.c) */
	enum outcome outcome;
};

/* --- households ---------------------------------------------------------- */

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* How a column's text goes into an audit record. */
enum akind { A_TEXT, A_INT, A_JSON };

/* Is s an integer as SQLite gives one back ("-12")? */
static int is_integer(const char *s)
{
	s += *s == '-';
	if (!*s)
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	return !*s;
}

/* v as the value of a key: null, an integer, JSON text (when it is
 * valid JSON, else a string) or a string. */
static void audit_value(fdss_jbuf *b, const char *v, enum akind kind)
{
	cJSON *j;

	if (!v) {
		fdss_jbuf_null(b);
	} else if (kind == A_INT && is_integer(v)) {
		fdss_jbuf_int(b, strtoll(v, NULL, 10));
	} else if (kind == A_JSON &&
		   (j = cJSON_ParseWithOpts(v, NULL, 1)) != NULL) {
		char *text = cJSON_PrintUnformatted(j);

		cJSON_Delete(j);
		if (text)
			fdss_jbuf_raw(b, text, strlen(text));
		else
			b->failed = 1;
		cJSON_free(text);
	} else {
		fdss_jbuf_str(b, v);
	}
}

/* Start the before and after objects of an audit record. */
static void audit_reset(struct import *im)
{
	fdss_jbuf_reset(&im->audit_before);
	fdss_jbuf_reset(&im->audit_after);
	fdss_jbuf_open(&im->audit_before, '{');
	fdss_jbuf_open(&im->audit_after, '{');
}

/* One changed column, before and after, written by the JSON writer. */
static void audit_pair(struct import *im, int *n, const char *key,
		       const char *before, const char *after,
		       enum akind kind)
{
	fdss_jbuf_key(&im->audit_before, key);
	audit_value(&im->audit_before, before, kind);
	fdss_jbuf_key(&im->audit_after, key);
	audit_value(&im->audit_after, after, kind);
	(*n)++;
}

static int audit_close(struct import *im, const char *table, const char *key)
{
	fdss_jbuf_close(&im->audit_before, '}');
	fdss_jbuf_close(&im->audit_after, '}');
	if (fdss_jbuf_rc(&im->audit_before) || fdss_jbuf_rc(&im->audit_after))
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	return fdss_audit_record(im->db, table, key, im->audit_before.s,
				 im->audit_after.s, NULL);
}

/*
 * Copy the n columns of st's current row into b, out[i] pointing at
 * each (NULL for SQL NULL): whole, whatever their length, before the
 * statement is reset.
 */
static int keep_columns(struct import *im, sqlite3_stmt *st, int n,
			struct buf *b, const char **out)
{
	size_t need = 1;
	int i;

	for (i = 0; i < n; i++)
		need += (size_t)sqlite3_column_bytes(st, i) + 1;
	b->len = 0;
	if (fdss__roster_buf_reserve(b, need) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const char *s = (const char *)sqlite3_column_text(st, i);
		size_t len = (size_t)sqlite3_column_bytes(st, i);

		out[i] = NULL;
		if (!s && sqlite3_column_type(st, i) != SQLITE_NULL)
			return fdss__db_fail(im->db, FDSS_ENOMEM,
					     "out of memory");
		if (!s)
			continue;
		/* reserved above: the buffer does not move */
		out[i] = b->p + b->len;
		if (fdss__roster_buf_add(b, s, len) != FDSS_OK ||
		    fdss__roster_buf_add(b, "", 1) != FDSS_OK)
			return fdss__db_fail(im->db, FDSS_ENOMEM,
					     "out of memory");
	}
	return FDSS_OK;
}

/* A text of the chunk (offset + 1, 0: NULL). */
static const char *txt(const struct import *im, size_t off)
{
	return off ? im->text.p + off - 1 : NULL;
}

/* Insert or update (sql) household h with its village, address and
 * poverty attribute, by this import's batch. */
static int household_put(struct import *im, const char *sql, const char *h,
			 const char *village, const char *address,
			 const char *poverty, const char *what)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = fdss__db_prepare(im->db, sql)))
		return fdss_db_error(im->db)->code;
	if ((rc = fdss__roster_bind_str(st, 1, h)) ||
	    (rc = fdss__roster_bind_str(st, 2, village)) ||
	    (rc = fdss__roster_bind_str(st, 3, address)) ||
	    (rc = fdss__roster_bind_str(st, 4, poverty)) ||
	    (rc = sqlite3_bind_int64(st, 5, im->batch)))
		return fdss__roster_bind_fail(im, st, rc, what);
	return fdss__roster_step_done(im, st, what);
}

/*
 * Store the household of row s.  A new household is inserted from the
 * row, whoever's it is; a stored one changes only from its head's row,
 * so that a member who moves in does not rewrite the household's
 * address or 贫困户属性 with the values of the household left.  What
 * changes is updated and audited; the stored values are copied whole.
 */
static int household_write(struct import *im, const struct staged *s)
{
	const char *h = txt(im, s->household), *a = txt(im, s->address),
		*p = txt(im, s->poverty_attr), *old[3];
	sqlite3_stmt *st;
	int rc, n = 0;

	if ((rc = household_put(im, sql_hh_insert, h, s->village, a, p,
				"cannot store a household")) != FDSS_OK)
		return rc;
	if (sqlite3_changes(fdss__db_sqlite(im->db)) != 0 || !s->head)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(im->db, sql_hh_select)))
		return fdss_db_error(im->db)->code;
	if ((rc = fdss__roster_bind_str(st, 1, h)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot read a household");
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(im->db, rc, "cannot read a household");
	}
	rc = keep_columns(im, st, 3, &im->hh_old, old);
	sqlite3_reset(st);
	if (rc != FDSS_OK)
		return rc;
	audit_reset(im);
	if (!same(old[0], s->village))
		audit_pair(im, &n, "village_code", old[0], s->village, A_TEXT);
	if (!s->has_address)
		a = old[1];
	else if (!same(old[1], a))
		audit_pair(im, &n, "address", old[1], a, A_TEXT);
	if (!s->has_poverty_attr)
		p = old[2];
	else if (!same(old[2], p))
		audit_pair(im, &n, "poverty_attr", old[2], p, A_TEXT);
	if (!n)
		return FDSS_OK;
	if ((rc = household_put(im, sql_hh_update, h, s->village, a, p,
				"cannot update a household")) != FDSS_OK)
		return rc;
	return audit_close(im, "household", h);
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
	if (im->has_extra || im->shape.nnorm) {
		pv->present |= 1u << P_EXTRA;
		pv->v[P_EXTRA] = im->extra.p;
	}
	return rc;
}

/* Bind the ID number, the person columns v, batch and line to st. */
static int bind_pvals(sqlite3_stmt *st, const char *id, const char *const *v,
		      int64_t batch, long line)
{
	size_t i;
	int rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);

	for (i = 0; i < NPCOLS && rc == SQLITE_OK; i++) {
		if (!v[i])
			rc = sqlite3_bind_null(st, (int)i + 2);
		else if (INT_COLS & (1u << i))
			rc = sqlite3_bind_int64(st, (int)i + 2,
						strtoll(v[i], NULL, 10));
		else
			rc = sqlite3_bind_text(st, (int)i + 2, v[i], -1,
					       SQLITE_STATIC);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, NPCOLS + 2, batch);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, NPCOLS + 3, line);
	return rc;
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
		if ((rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC)) ||
		    (rc = sqlite3_bind_text(st, 2, fdss_condition_name(bit),
					    -1, SQLITE_STATIC)))
			return fdss__roster_bind_fail(im, st, rc,
						      "cannot store a condition");
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
	int n = 0, rc;

	audit_reset(im);
	for (i = 0; i < NPCOLS; i++) {
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
		audit_pair(im, &n, pcol_names[i], im->oldv[i], nv,
			   i == P_EXTRA ? A_JSON
			   : (INT_COLS & (1u << i)) ? A_INT : A_TEXT);
	}
	*out = n ? UPDATED : UNCHANGED;
	if (!n)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(im->db, sql_person_update)))
		return fdss_db_error(im->db)->code;
	if ((rc = bind_pvals(st, id, final, im->batch, r->line)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot update a person");
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
	if ((rc = sqlite3_bind_text(st, 1, im->cur->id, -1, SQLITE_STATIC)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot look up a person");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*first = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->db, rc, "cannot look up a person");
	return FDSS_OK;
}

/*
 * Does the row give the stored person another name?  The same ID number
 * under another name is more often a different person (a mistyped or
 * reused number, a corrected rejects file whose rows came from someone
 * else) than a renaming: without o->accept_renames it is a conflict.
 */
static int renamed(const struct import *im, const struct pvals *pv)
{
	return !im->o->accept_renames && (pv->present & (1u << P_NAME)) &&
	       pv->v[P_NAME] && im->oldv[P_NAME] &&
	       strcmp(pv->v[P_NAME], im->oldv[P_NAME]) != 0;
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
	if ((rc = bind_pvals(st, id, pv.v, im->batch, r->line)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot store a person");
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
	if ((rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot read a person");
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(im->db, rc, "cannot read a person");
	}
	if ((rc = keep_columns(im, st, NPCOLS, &im->old,
			       im->oldv)) != FDSS_OK) {
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
					   "on %s %ld", txt(im, r->label), id,
					   ROSTER_LINE_WORD(im), first);
	if (renamed(im, &pv))
		return fdss__roster_reject(im, "%s '%s': name '%s' differs from "
					   "the stored '%s'; check the ID "
					   "number, or use --accept-renames",
					   txt(im, r->label), id,
					   pv.v[P_NAME], im->oldv[P_NAME]);
	if ((rc = person_update(im, &pv, out)) != FDSS_OK)
		return rc;
	if (*out == UNCHANGED) {
		if (!(st = fdss__db_prepare(im->db, sql_seen_insert)))
			return fdss_db_error(im->db)->code;
		if ((rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC)) ||
		    (rc = sqlite3_bind_int64(st, 2, r->line)))
			return fdss__roster_bind_fail(im, st, rc,
						      "cannot note a person");
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
	r->normalised = (unsigned char)im->shape.nnorm;
	r->head = (unsigned char)roster_relation_is_head(
		im->row.v[F_RELATION].s, im->row.v[F_RELATION].n);
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
	if (im->sheet) {
		char where[256];

		fdss_sheet_where(im->sheet, r->line, where, sizeof(where));
		snprintf(msg, sizeof(msg), "%s: %s", where, txt(im, r->reason));
	} else {
		snprintf(msg, sizeof(msg), "%s:%ld: %s", im->name, r->line,
			 txt(im, r->reason));
	}
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
	if ((rc = fdss__roster_bind_str(st, 1, h)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot look up a household");
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
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	if ((rc = fdss__roster_bind_str(st, 1, h)) ||
	    (rc = sqlite3_bind_int(st, 2, written)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot note a household");
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
		if (!r->first && !(im->flush_household.p &&
				   strcmp(h, im->flush_household.p) == 0) &&
		    (rc = household_pending(im, h, &pending)) != FDSS_OK)
			break;
		if (r->first || pending || r->head)
			rc = household_write(im, r);
		if (rc == FDSS_OK && pending)
			rc = household_mark(im, h, 1);
		im->flush_household.len = 0;
		if (rc == FDSS_OK &&
		    fdss__roster_buf_str(&im->flush_household, h) != FDSS_OK)
			rc = fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
		im->st->normalised += r->normalised;
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
	if (n > 1)	/* an empty chunk has no array to sort */
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
