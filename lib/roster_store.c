/*
 * roster_store.c: storing the checked rows of a roster import — people
 * and households inserted, or updated and audited where they changed,
 * with the conditions a row gives.  roster_chunk.c calls it for each
 * row of a chunk.
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
			fdss_jbuf *b, const char **out)
{
	size_t need = 1;
	int i;

	for (i = 0; i < n; i++)
		need += (size_t)sqlite3_column_bytes(st, i) + 1;
	b->len = 0;
	if (fdss_jbuf_reserve(b, need) != FDSS_OK)
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
		out[i] = b->s + b->len;
		if (fdss__roster_buf_add(b, s, len) != FDSS_OK ||
		    fdss__roster_buf_add(b, "", 1) != FDSS_OK)
			return fdss__db_fail(im->db, FDSS_ENOMEM,
					     "out of memory");
	}
	return FDSS_OK;
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
int fdss__roster_household_write(struct import *im, const struct staged *s)
{
	const char *h = roster_txt(im, s->household), *a = roster_txt(im, s->address),
		*p = roster_txt(im, s->poverty_attr), *old[3];
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

/* Read the stored person of row im->cur into im->oldv, with the batch
 * and line that last wrote it. */
static int person_read(struct import *im, int64_t *batch, long *line)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_person_select);
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	if ((rc = sqlite3_bind_text(st, 1, im->cur->id, -1, SQLITE_STATIC)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot read a person");
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(im->db, rc, "cannot read a person");
	}
	rc = keep_columns(im, st, NPCOLS, &im->old, im->oldv);
	*batch = sqlite3_column_int64(st, NPCOLS);
	*line = sqlite3_column_int64(st, NPCOLS + 1);
	sqlite3_reset(st);
	return rc;
}

/* Note a person found unchanged, to find its duplicates in the run. */
static int person_seen(struct import *im, const char *id, long line)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_seen_insert);
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	if ((rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_int64(st, 2, line)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot note a person");
	return fdss__roster_step_done(im, st, "cannot note a person");
}

/* Store the person of row im->cur: insert, or update what changed. */
int fdss__roster_person_write(struct import *im, enum outcome *out)
{
	const struct staged *r = im->cur;
	const char *id = r->id;
	struct pvals pv;
	sqlite3_stmt *st;
	int64_t batch = 0;
	long line = 0, first;
	size_t i;
	int rc;

	pv.present = r->present;
	for (i = 0; i < NPCOLS; i++)
		pv.v[i] = roster_txt(im, r->v[i]);
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
	if ((rc = person_read(im, &batch, &line)) != FDSS_OK ||
	    (rc = duplicate_line(im, batch, line, &first)) != FDSS_OK)
		return rc;
	if (first)
		return fdss__roster_reject(im, "%s '%s': appears again, first "
					   "on %s %ld", roster_txt(im, r->label),
					   id, ROSTER_LINE_WORD(im), first);
	if (renamed(im, &pv))
		return fdss__roster_reject(im, "%s '%s': name '%s' differs from "
					   "the stored '%s'; check the ID "
					   "number, or use --accept-renames",
					   roster_txt(im, r->label), id,
					   pv.v[P_NAME], im->oldv[P_NAME]);
	if ((rc = person_update(im, &pv, out)) != FDSS_OK ||
	    (*out == UNCHANGED && (rc = person_seen(im, id, r->line))))
		return rc;
	if (r->row_conditions)
		return condition_set(im, id, r->row_conditions, 0);
	return FDSS_OK;
}
