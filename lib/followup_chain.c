/*
 * followup_chain.c: a person's chain of visits in one programme — the
 * visit before a date, the visits after it, and re-classifying those
 * after a back-dated or corrected visit, each after the one before it
 * (fdss_followup_classify), with its referral (referral.c) and an audit
 * entry saying why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "followup_int.h"

static const char sql_prev[] =
	"SELECT " FDSS__VISIT_COLUMNS FDSS__VISIT_FROM
	" WHERE f.id_number = ?1 AND f.program = ?2 AND f.visit_date < ?3"
	" ORDER BY f.visit_date DESC LIMIT 1";
static const char sql_later[] =
	"SELECT " FDSS__VISIT_COLUMNS FDSS__VISIT_FROM
	" WHERE f.id_number = ?1 AND f.program = ?2 AND f.visit_date > ?3"
	" ORDER BY f.visit_date";

static const char sql_reclassify[] =
	"UPDATE followup SET classification = ?2, next_due = ?3, action = ?4"
	" WHERE id = ?1";
static const char sql_relatest[] =
	"UPDATE followup SET latest = (visit_date = (SELECT max(g.visit_date)"
	" FROM followup g WHERE g.id_number = ?1 AND g.program = ?2))"
	" WHERE id_number = ?1 AND program = ?2";

int fdss__chain_prev(fdss_db *db, const fdss_visit *v, fdss_visit *prev)
{
	sqlite3_stmt *st = fdss__chain_stmt(db, sql_prev, v, 1);
	fdss_followup f;
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fdss__followup_read_row(st, &f);
		*prev = f.visit;
		prev->id_number = v->id_number;
		prev->doctor = NULL;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return fdss__db_sqlfail(db, rc, "cannot read visits");
}

int fdss__chain_later(fdss_db *db, const fdss_visit *v, fdss_followup **out,
		      size_t *n)
{
	sqlite3_stmt *st = fdss__chain_stmt(db, sql_later, v, 1);
	fdss_followup *a = NULL, *grown;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return fdss_db_error(db)->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			if (!(grown = realloc(a, cap * sizeof(*a)))) {
				sqlite3_reset(st);
				free(a);
				return fdss__db_fail(db, FDSS_ENOMEM,
						     "out of memory");
			}
			a = grown;
		}
		fdss__followup_read_row(st, &a[*n]);
		a[*n].visit.id_number = v->id_number;	/* borrowed from st */
		a[*n].visit.doctor = NULL;
		a[*n].recorded = NULL;
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(a);
		*n = 0;
		return fdss__db_sqlfail(db, rc, "cannot read visits");
	}
	*out = a;
	return FDSS_OK;
}

/* {"classification","next_due","action"} of r, for the audit log. */
static cJSON *result_json(const fdss_visit_result *r)
{
	char d[FDSS_DATE_BUFSZ];
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "classification",
				 fdss_class_name(r->classification)) &&
	    fdss__put_str(rec, "next_due", r->next_due
			  ? fdss_date_format(d, r->next_due) : NULL) &&
	    fdss__put_str(rec, "action", r->action))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

/* Store later's new result res, with its referral and audit entry. */
static int reclassify(struct fdss__chain *c, fdss_followup *later,
		      const fdss_visit_result *res)
{
	sqlite3_stmt *st = fdss__db_prepare(c->db, sql_reclassify);
	cJSON *before = result_json(&later->result), *after = result_json(res);
	char key[24];
	int rc;

	if (!st || !before || !after) {
		rc = st ? fdss__db_fail(c->db, FDSS_ENOMEM, "out of memory")
			: fdss_db_error(c->db)->code;
		goto out;
	}
	if (sqlite3_bind_int64(st, 1, later->id) ||
	    sqlite3_bind_text(st, 2, fdss_class_name(res->classification), -1,
			      SQLITE_STATIC) ||
	    fdss__bind_opt_date(st, 3, res->next_due) ||
	    sqlite3_bind_text(st, 4, res->action, -1, SQLITE_STATIC)) {
		rc = fdss__db_bindfail(c->db, st, "cannot reclassify a visit");
		goto out;
	}
	if ((rc = fdss__chain_step(c->db, st,
				       "cannot reclassify a visit")) < 0)
		goto out;
	later->result = *res;
	if ((rc = fdss__referral_visit(c->db, later)) < 0)
		goto out;
	if (c->own && later->id == c->own) {	/* its fix audits it */
		c->own_res = *res;
		rc = FDSS_OK;
		goto out;
	}
	snprintf(key, sizeof(key), "%lld", (long long)later->id);
	rc = (c->defer ? fdss__audit_defer : fdss__audit_json)(c->db,
			"followup", key, before, after,
			c->why ? c->why : "an earlier visit was recorded");
	c->queued += c->defer;
	c->recomputed++;
out:
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

/* Reclassify the n visits after prev (NULL: the first of the chain),
 * each after the one before it. */
int fdss__chain_recompute(struct fdss__chain *c, const fdss_visit *prev,
			  fdss_followup *later, size_t n)
{
	fdss_visit_result res;
	size_t i;
	int rc;

	for (i = 0; i < n; prev = &later[i++].visit) {
		fdss_followup_classify(&res, c->rules, &later[i].visit, prev);
		if (c->own == later[i].id)
			c->own_res = res;
		if (res.classification == later[i].result.classification &&
		    res.next_due == later[i].result.next_due &&
		    res.refers == later[i].result.refers &&
		    res.referral_due == later[i].result.referral_due &&
		    strcmp(res.action, later[i].result.action) == 0)
			continue;
		if ((rc = reclassify(c, &later[i], &res)) != FDSS_OK)
			return rc;
	}
	return FDSS_OK;
}

int fdss__followup_rechain(fdss_db *db, const char *id_number, int program,
			   fdss_date from, int64_t own,
			   fdss_visit_result *own_res, const char *why,
			   long *recomputed)
{
	struct fdss__chain c;
	fdss_rules rules;
	fdss_visit key = FDSS_VISIT_INIT, prev;
	fdss_followup *later = NULL;
	size_t n = 0;
	int rc, has_prev;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.rules = &rules;
	c.why = why;
	c.own = own;
	key.id_number = id_number;
	key.program = program;
	key.date = from;
	if ((rc = fdss_rules_load(db, &rules)) != FDSS_OK ||
	    (rc = has_prev = fdss__chain_prev(db, &key, &prev)) < 0)
		return rc;
	key.date = from - 1;	/* the visits on from and after */
	if ((rc = fdss__chain_later(db, &key, &later, &n)) == FDSS_OK &&
	    (rc = fdss__chain_recompute(&c, has_prev ? &prev : NULL, later,
					n)) == FDSS_OK) {
		sqlite3_stmt *st = fdss__chain_stmt(db, sql_relatest,
							     &key, 0);

		rc = st ? fdss__chain_step(db, st, "cannot store the visit")
			: fdss_db_error(db)->code;
		if (rc >= 0)
			rc = fdss__referral_satisfy(db, &key);
		rc = rc < 0 ? rc : FDSS_OK;
	}
	free(later);
	if (own_res)
		*own_res = c.own_res;
	*recomputed = c.recomputed;
	return rc;
}
