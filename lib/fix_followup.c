/*
 * fix_followup.c: a corrected visit.  The stored visit as its record,
 * with the fields set, is read again by fdss_visit_from_json() and
 * checked by fdss__followup_store() as a recorded visit is; the visit
 * and its chain from the earlier of its old and new dates are then
 * classified again by followup.c, as a back-dated visit does.
 */
#include <stdlib.h>
#include <string.h>

#include "fix_int.h"
#include "followup_int.h"

/* The visit as stored: its record and what the store needs of it. */
struct stored {
	cJSON *rec;
	fdss_followup f;	/* no strings: see the record */
};

static int got(const fdss_followup *f, void *arg)
{
	struct stored *s = arg;

	s->f = *f;
	s->f.visit.id_number = NULL;
	s->f.visit.doctor = NULL;
	s->f.recorded = NULL;
	return (s->rec = fdss_followup_to_json(f)) ? FDSS_OK : FDSS_ENOMEM;
}

static const char *const numbers[] = {
	"sbp", "dbp", "heart_rate", "fpg", "temperature", "risk_level",
	"doses_taken", "doses_due"
};
static const char *const flags[] = {
	"adverse_reaction", "new_complication", "emergency"
};

static int listed(const char *const *list, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], key) == 0)
			return 1;
	return 0;
}

#define LISTED(a, k) listed(a, sizeof(a) / sizeof(a[0]), k)

/* A value given as text (--set sbp=150) as the record has it: a
 * number or a flag; anything else as it is. */
static cJSON *as_recorded(const cJSON *v, const char *key)
{
	double d;

	if (cJSON_IsString(v) && LISTED(numbers, key) &&
	    fdss_decimal_parse(&d, v->valuestring, -1e6, 1e6, NULL) == FDSS_OK)
		return cJSON_CreateNumber(d);
	if (cJSON_IsString(v) && LISTED(flags, key) &&
	    (strcmp(v->valuestring, "true") == 0 ||
	     strcmp(v->valuestring, "1") == 0))
		return cJSON_CreateTrue();
	if (cJSON_IsString(v) && LISTED(flags, key) &&
	    (strcmp(v->valuestring, "false") == 0 ||
	     strcmp(v->valuestring, "0") == 0))
		return cJSON_CreateFalse();
	return cJSON_Duplicate(v, 1);
}

/* rec with the fields of set (null: left out), nulls left out. */
static cJSON *merged(const cJSON *rec, const cJSON *set)
{
	cJSON *m = cJSON_Duplicate(rec, 1), *item, *next;
	const cJSON *v;

	for (v = set ? set->child : NULL; m && v; v = v->next) {
		cJSON_DeleteItemFromObjectCaseSensitive(m, v->string);
		if (!cJSON_IsNull(v) && (!(item = as_recorded(v, v->string)) ||
					 !cJSON_AddItemToObject(m, v->string,
								item))) {
			cJSON_Delete(m);
			return NULL;
		}
	}
	for (item = m ? m->child : NULL; item; item = next) {
		next = item->next;
		if (cJSON_IsNull(item))
			cJSON_Delete(cJSON_DetachItemViaPointer(m, item));
	}
	return m;
}

/* The fields that differ between old and now into before and after. */
static int diff(fdss_db *db, const cJSON *old, const cJSON *now,
		cJSON *before, cJSON *after)
{
	static const char *const skip[] = { "type", "id", "id_number",
					     "program" };
	const cJSON *pass[2] = { old, now }, *v, *o, *n;
	int k;

	for (k = 0; k < 2; k++)
		cJSON_ArrayForEach(v, pass[k]) {
			if (LISTED(skip, v->string) ||
			    cJSON_GetObjectItemCaseSensitive(before, v->string))
				continue;
			o = cJSON_GetObjectItemCaseSensitive(old, v->string);
			n = cJSON_GetObjectItemCaseSensitive(now, v->string);
			if (o && n && cJSON_Compare(o, n, 1))
				continue;
			if (!cJSON_AddItemToObject(before, v->string, o
				? cJSON_Duplicate(o, 1) : cJSON_CreateNull()) ||
			    !cJSON_AddItemToObject(after, v->string, n
				? cJSON_Duplicate(n, 1) : cJSON_CreateNull()))
				return fdss__db_fail(db, FDSS_ENOMEM,
						     "out of memory");
		}
	return FDSS_OK;
}

/* Store visit old with the fields of set, and its chain again. */
static int correct(fdss_fix_batch *b, struct stored *old, const cJSON *set,
		   struct stored *now)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_followup f = old->f;
	cJSON *m = merged(old->rec, set);
	long n;
	int rc;

	if (!m)
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	f.visit = (fdss_visit)FDSS_VISIT_INIT;
	if (fdss_visit_from_json(&f.visit, m, &err) != FDSS_OK)
		rc = fdss__db_fail(b->db, FDSS_EDATA, "%s", err.msg);
	else if (f.visit.birth_date = old->f.visit.birth_date,
		 (rc = fdss__followup_store(b->db, b->o.ref, &f)) == FDSS_OK)
		rc = fdss__followup_rechain(b->db, f.visit.id_number,
					    f.visit.program,
					    f.visit.date < old->f.visit.date
					    ? f.visit.date : old->f.visit.date,
					    f.id, NULL,
					    "an earlier visit was corrected", &n);
	if (rc == FDSS_OK)
		rc = fdss__followup_get(b->db, f.id, got, now);
	cJSON_Delete(m);
	return rc;
}

int fdss__fix_followup(fdss_fix_batch *b, const char *key, const cJSON *set,
		       const char *reason, cJSON *before, cJSON *after)
{
	struct stored old = { NULL, { 0 } }, now = { NULL, { 0 } };
	long long id;
	int rc;

	(void)reason;
	if (fdss_int_parse(&id, key, 1, INT64_MAX, NULL) != FDSS_OK)
		return fdss__db_fail(b->db, FDSS_EDATA, "no visit '%s'", key);
	rc = fdss__followup_get(b->db, id, got, &old);
	if (rc == FDSS_ENOTFOUND)
		rc = fdss__db_fail(b->db, FDSS_EDATA, "no visit '%s'", key);
	if (rc == FDSS_OK && (rc = correct(b, &old, set, &now)) == FDSS_OK)
		rc = diff(b->db, old.rec, now.rec, before, after);
	cJSON_Delete(old.rec);
	cJSON_Delete(now.rec);
	return rc;
}
