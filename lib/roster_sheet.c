/*
 * roster_sheet.c: the people of a listing as roster rows — the columns
 * fdss import reads, named as it names them, then one column for each
 * key of the people's extra objects (an import keeps every column it
 * does not map in extra: so the values go back where they came from).
 * `fdss person list --format xlsx` and `fdss household list --format
 * xlsx` write it; the import reads it back.
 *
 * The extra keys must be known before the header is written, so the
 * people are walked twice; memory grows with the number of distinct
 * extra keys (and, for households, with the number of households), not
 * with the number of people.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "roster_int.h"

/* The person record's keys that fdss import reads, in sheet order. */
static const char *const roster_keys[] = {
	"household_no", "village_code", "person_no", "name", "id_number",
	"relation", "sex", "birth_date", "ethnicity", "education", "health",
	"poverty_attr", "poverty_exit_year", "phone", "health_record_no",
	"insurance_no", "disabled", "serious_illness", "special_family",
	"low_income",
};
#define NKEYS (sizeof(roster_keys) / sizeof(roster_keys[0]))

/* The walk: the query, and the households when listing by household. */
struct sheet {
	fdss_db *db;
	const fdss_person_query *q;
	char **nos;		/* households (by_household), else NULL */
	size_t nnos, capnos;
	char **extra;		/* the extra keys, sorted */
	size_t nextra, capextra;
	struct roster_map map;	/* what the import maps without options */
	fdss_out *o;
	int rc;			/* why a callback stopped the walk */
};

static int grow(char ***v, size_t *cap, size_t n)
{
	char **p;
	size_t c = *cap ? 2 * *cap : 16;

	if (n < *cap)
		return FDSS_OK;
	if (!(p = realloc(*v, c * sizeof(*p))))
		return FDSS_ENOMEM;
	*v = p;
	*cap = c;
	return FDSS_OK;
}

static int add_household(const fdss_household *h, void *arg)
{
	struct sheet *s = arg;

	if (grow(&s->nos, &s->capnos, s->nnos) ||
	    !(s->nos[s->nnos] = strdup(h->household_no)))
		return s->rc = FDSS_ENOMEM;
	s->nnos++;
	return FDSS_OK;
}

/* Add key to the sorted set of extra keys, unless the import would map
 * it to a field (then it could not come back as extra). */
static int add_key(struct sheet *s, const char *key)
{
	size_t lo = 0, hi = s->nextra, mid;
	int c;

	if (roster_map_field(&s->map, key) != F_NONE)
		return FDSS_OK;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (!(c = strcmp(key, s->extra[mid])))
			return FDSS_OK;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (grow(&s->extra, &s->capextra, s->nextra))
		return FDSS_ENOMEM;
	memmove(s->extra + lo + 1, s->extra + lo,
		(s->nextra - lo) * sizeof(*s->extra));
	if (!(s->extra[lo] = strdup(key)))
		return FDSS_ENOMEM;
	s->nextra++;
	return FDSS_OK;
}

static int collect_keys(const fdss_person *p, void *arg)
{
	struct sheet *s = arg;
	cJSON *extra, *item;
	int rc = FDSS_OK;

	if (!p->extra || !*p->extra)
		return FDSS_OK;
	if (!(extra = cJSON_Parse(p->extra)))
		return FDSS_OK;		/* stored by the import: an object */
	cJSON_ArrayForEach(item, extra)
		if (item->string && (rc = add_key(s, item->string)))
			break;
	cJSON_Delete(extra);
	return s->rc = rc;
}

/* The value of extra key k as a cell: a string as it is, else JSON. */
static int put_extra(cJSON *row, const cJSON *extra, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(extra, k);
	char *text;
	int ok;

	if (!v || cJSON_IsNull(v))
		return cJSON_AddNullToObject(row, k) ? FDSS_OK : FDSS_ENOMEM;
	if (cJSON_IsString(v))
		return cJSON_AddStringToObject(row, k, v->valuestring)
		       ? FDSS_OK : FDSS_ENOMEM;
	if (!(text = cJSON_PrintUnformatted(v)))
		return FDSS_ENOMEM;
	ok = cJSON_AddStringToObject(row, k, text) != NULL;
	free(text);
	return ok ? FDSS_OK : FDSS_ENOMEM;
}

/* The roster row of p. */
static cJSON *row_of(const struct sheet *s, const fdss_person *p)
{
	cJSON *rec = fdss_person_to_json(p, s->q->ref), *row, *extra, *v;
	size_t i;
	int rc = FDSS_OK;

	if (!rec || !(row = cJSON_CreateObject())) {
		cJSON_Delete(rec);
		return NULL;
	}
	for (i = 0; i < NKEYS && rc == FDSS_OK; i++) {
		v = cJSON_DetachItemFromObjectCaseSensitive(rec, roster_keys[i]);
		if (!v && !(v = cJSON_CreateNull()))
			rc = FDSS_ENOMEM;
		else
			cJSON_AddItemToObject(row, roster_keys[i], v);
	}
	extra = cJSON_GetObjectItemCaseSensitive(rec, "extra");
	for (i = 0; i < s->nextra && rc == FDSS_OK; i++)
		rc = put_extra(row, extra, s->extra[i]);
	cJSON_Delete(rec);
	if (rc != FDSS_OK) {
		cJSON_Delete(row);
		return NULL;
	}
	return row;
}

static int write_row(const fdss_person *p, void *arg)
{
	struct sheet *s = arg;
	cJSON *row = row_of(s, p);

	s->rc = row ? fdss_out_record(s->o, row) : FDSS_ENOMEM;
	cJSON_Delete(row);
	return s->rc;
}

/* Call fn for each person of the sheet. */
static int walk(struct sheet *s, int (*fn)(const fdss_person *, void *))
{
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;
	size_t i;
	int rc = FDSS_OK;

	if (!s->nos)
		return fdss_person_list(s->db, s->q, fn, s);
	q.ref = s->q->ref;
	for (i = 0; i < s->nnos && rc == FDSS_OK; i++) {
		q.household_no = s->nos[i];
		rc = fdss_person_list(s->db, &q, fn, s);
	}
	return rc;
}

/* The header: the roster's keys, then the extra keys. */
static int set_columns(struct sheet *s)
{
	const char **names = calloc(NKEYS + s->nextra, sizeof(*names));
	size_t i;
	int rc;

	if (!names)
		return FDSS_ENOMEM;
	for (i = 0; i < NKEYS; i++)
		names[i] = roster_keys[i];
	for (i = 0; i < s->nextra; i++)
		names[NKEYS + i] = s->extra[i];
	rc = fdss_out_columns(s->o, names, NKEYS + s->nextra);
	free(names);
	return rc;
}

int fdss_roster_sheet(fdss_db *db, const fdss_person_query *q,
		      int by_household, fdss_out *o)
{
	fdss_person_query all = FDSS_PERSON_QUERY_INIT;
	struct sheet s;
	size_t i;
	int rc;

	memset(&s, 0, sizeof(s));
	s.db = db;
	s.q = q ? q : &all;
	s.o = o;
	roster_map_init(&s.map, NULL, NULL, NULL);
	if (by_household &&
	    (rc = fdss_household_list(db, s.q, add_household, &s)) != FDSS_OK)
		goto out;
	if (by_household && !s.nos && !(s.nos = calloc(1, sizeof(*s.nos)))) {
		rc = FDSS_ENOMEM;
		goto out;
	}
	if ((rc = walk(&s, collect_keys)) == FDSS_OK &&
	    (rc = set_columns(&s)) == FDSS_OK)
		rc = walk(&s, write_row);
out:
	if (rc != FDSS_OK && s.rc != FDSS_OK)
		rc = s.rc;	/* the callback's: ENOMEM, or the writer's */
	if (rc == FDSS_ENOMEM)
		fdss__db_fail(db, rc, "out of memory");
	for (i = 0; i < s.nnos; i++)
		free(s.nos[i]);
	free(s.nos);
	for (i = 0; i < s.nextra; i++)
		free(s.extra[i]);
	free(s.extra);
	return rc;
}
