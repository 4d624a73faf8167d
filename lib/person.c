/*
 * person.c: people and households as they are read back — group names,
 * the priority-group rules and the "person" and "household" records.
 * The queries that list them are in person_query.c; the condition names
 * are condition.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "person_int.h"

static const char *const group_names[] = {
	"elderly", "child", "disabled", "chronic", "poverty", "priority",
	"hypertension", "diabetes", "tb", "smi", "low_income",
	"special_family"
};

#define NGROUPS (sizeof(group_names) / sizeof(group_names[0]))

/* Name of the single bit in a table of n names, or NULL. */
static const char *bit_name(const char *const *names, size_t n, unsigned bit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}

static unsigned bit_parse(const char *const *names, size_t n,
			  const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *fdss_group_name(unsigned bit)
{
	return bit_name(group_names, NGROUPS, bit);
}

unsigned fdss_group_parse(const char *name)
{
	return bit_parse(group_names, NGROUPS, name);
}

char *fdss_group_names(char *buf, size_t n)
{
	size_t i, len = 0;

	if (n)
		buf[0] = '\0';
	for (i = 0; i < NGROUPS && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					i == 0 ? "" : i + 1 < NGROUPS ? ", "
								 : " or ",
					group_names[i]);
	return buf;
}

/* ---- rules ----------------------------------------------------------- */

fdss_date fdss_age_cutoff(fdss_date ref, int years)
{
	int y, m, d, dim;

	/*
	 * Born in year y - years: old enough when the birthday is on or
	 * before ref's month and day.  On 29 February of a leap year, those
	 * born in a common year qualify up to 28 February; a 29 February
	 * birthday counts on 1 March in common years, which the month-day
	 * comparison already gives.
	 */
	fdss_date_to_ymd(ref, &y, &m, &d);
	y -= years;
	dim = fdss_date_days_in_month(y, m);
	return fdss_date_from_ymd(y, m, d < dim ? d : dim);
}

unsigned fdss_person_groups(const fdss_person *p, fdss_date ref)
{
	static const struct {
		unsigned condition, group;
	} by_condition[] = {
		{ FDSS_COND_HYPERTENSION, FDSS_GROUP_HYPERTENSION },
		{ FDSS_COND_DIABETES, FDSS_GROUP_DIABETES },
		{ FDSS_COND_TB, FDSS_GROUP_TB },
		{ FDSS_COND_SMI, FDSS_GROUP_SMI },
	};
	int age = fdss_date_age(p->birth_date, ref);
	unsigned g = 0;
	size_t i;

	if (age >= (p->elderly_age > 0 ? p->elderly_age : FDSS_ELDERLY_AGE))
		g |= FDSS_GROUP_ELDERLY;
	if (age >= 0 && age <= FDSS_CHILD_MAX_AGE)
		g |= FDSS_GROUP_CHILD;
	if (p->disabled)
		g |= FDSS_GROUP_DISABLED;
	if (p->conditions)
		g |= FDSS_GROUP_CHRONIC;
	if (p->poverty)
		g |= FDSS_GROUP_POVERTY;
	if (p->low_income)
		g |= FDSS_GROUP_LOW_INCOME;
	if (p->special_family)
		g |= FDSS_GROUP_SPECIAL_FAMILY;
	for (i = 0; i < sizeof(by_condition) / sizeof(by_condition[0]); i++)
		if (p->conditions & by_condition[i].condition)
			g |= by_condition[i].group;
	if (g & PRIORITY_OF)
		g |= FDSS_GROUP_PRIORITY;
	return g;
}

/* ---- records --------------------------------------------------------- */

/*
 * A person is written as text (fdss_person_json()): a listing writes a
 * million of them, and a cJSON tree for each, built, printed and freed,
 * was most of the time it took.  Households are still built as trees,
 * keys added without copying (cJSON's "CS" calls).
 */

/* Add item under key; 0 (and item freed) when out of memory. */
static int put(cJSON *rec, const char *key, cJSON *item)
{
	if (item && cJSON_AddItemToObjectCS(rec, key, item))
		return 1;
	cJSON_Delete(item);
	return 0;
}

/* s, or null when s is NULL. */
static int put_str(cJSON *rec, const char *key, const char *s)
{
	return put(rec, key, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

/* A static string, referenced rather than copied. */
static int put_static(cJSON *rec, const char *key, const char *s)
{
	return put(rec, key, cJSON_CreateStringReference(s));
}

/* n, or null when null is set. */
static int put_num(cJSON *rec, const char *key, double n, int null)
{
	return put(rec, key, null ? cJSON_CreateNull() : cJSON_CreateNumber(n));
}

/* The next value of r->vals (an array, so that values are apart). */
static size_t val_start(const fdss_jbuf *b, size_t before)
{
	return before + (b->s && before < b->len && b->s[before] == ',');
}

/* Field i: the string s (null for NULL). */
static void fstr(fdss_person_rec *r, size_t i, const char *key,
		 const char *s)
{
	fdss_jfield *f = &r->f[i];

	f->key = key;
	f->kind = s ? FDSS_JFIELD_STR : FDSS_JFIELD_NULL;
	f->s = s;
	f->n = s ? strlen(s) : 0;
}

/* Field i: what was written to r->vals from before, kept as an offset
 * until fdss_person_fields() ends (r->vals may move). */
static void fval(fdss_person_rec *r, size_t i, const char *key,
		 size_t before)
{
	fdss_jfield *f = &r->f[i];

	f->key = key;
	f->kind = FDSS_JFIELD_JSON;
	f->s = NULL;
	f->n = val_start(&r->vals, before);	/* the offset, for now */
}

/* Field i: n, or null when null is set. */
static void fint(fdss_person_rec *r, size_t i, const char *key, int64_t n,
		 int null)
{
	size_t before = r->vals.len;

	if (null) {
		fstr(r, i, key, NULL);
		return;
	}
	fdss_jbuf_int(&r->vals, n);
	fval(r, i, key, before);
}

static void fbool(fdss_person_rec *r, size_t i, const char *key, int v)
{
	r->f[i].key = key;
	r->f[i].kind = FDSS_JFIELD_JSON;
	r->f[i].s = v ? "true" : "false";
	r->f[i].n = v ? 4 : 5;
}

/* The names of the bits of set, as an array. */
static void fnames(fdss_person_rec *r, size_t i, const char *key,
		   unsigned set, const char *(*name)(unsigned))
{
	size_t before = r->vals.len;
	unsigned bit;

	fdss_jbuf_open(&r->vals, '[');
	for (bit = 1; bit && bit <= set; bit <<= 1)
		if ((set & bit) && name(bit))
			fdss_jbuf_str(&r->vals, name(bit));
	fdss_jbuf_close(&r->vals, ']');
	fval(r, i, key, before);
}

/*
 * "extra" as an object, printed by cJSON so that it reads as it always
 * has; text that is not an object gives an empty one.  Most people have
 * none, and "{}" needs no parse.
 */
static void fextra(fdss_person_rec *r, size_t i, const char *text)
{
	size_t before = r->vals.len;
	cJSON *o = NULL;
	char *s = NULL;

	if (text && strcmp(text, "{}") != 0)
		o = cJSON_Parse(text);
	if (!cJSON_IsObject(o))
		fdss_jbuf_raw(&r->vals, "{}", 2);
	else if (!(s = cJSON_PrintUnformatted(o)))
		r->vals.failed = 1;
	else
		fdss_jbuf_raw(&r->vals, s, strlen(s));
	cJSON_free(s);
	cJSON_Delete(o);
	fval(r, i, "extra", before);
}

/* The values written to r->vals: offsets made pointers and lengths. */
static void fvals_end(fdss_person_rec *r)
{
	size_t i, end = r->vals.len;

	for (i = FDSS_PERSON_NFIELDS; i-- > 0;) {
		fdss_jfield *f = &r->f[i];

		if (f->kind != FDSS_JFIELD_JSON || f->s)
			continue;
		f->s = r->vals.s + f->n;
		f->n = end - f->n;
		end = (size_t)(f->s - r->vals.s) - (f->s > r->vals.s);
	}
}

int fdss_person_fields(fdss_person_rec *r, const fdss_person *p,
		       fdss_date ref)
{
	int age = fdss_date_age(p->birth_date, ref), rc;

	fdss_jbuf_reset(&r->vals);
	fdss_jbuf_open(&r->vals, '[');
	fstr(r, 0, "type", "person");
	fstr(r, 1, "id_number", p->id_number);
	fstr(r, 2, "name", p->name);
	fstr(r, 3, "sex", p->sex == 'F' ? "F" : "M");
	fstr(r, 4, "birth_date", fdss_date_format(r->birth, p->birth_date));
	fint(r, 5, "age", age, age < 0);
	fstr(r, 6, "household_no", p->household_no);
	fstr(r, 7, "village_code", p->village_code);
	fstr(r, 8, "relation", p->relation);
	fstr(r, 9, "person_no", p->person_no);
	fstr(r, 10, "ethnicity", p->ethnicity);
	fstr(r, 11, "education", p->education);
	fstr(r, 12, "health", p->health);
	fstr(r, 13, "phone", p->phone);
	fstr(r, 14, "health_record_no", p->health_record_no);
	fstr(r, 15, "insurance_no", p->insurance_no);
	fbool(r, 16, "disabled", p->disabled);
	fbool(r, 17, "serious_illness", p->serious_illness);
	fbool(r, 18, "special_family", p->special_family);
	fbool(r, 19, "poverty", p->poverty);
	fstr(r, 20, "poverty_attr", p->poverty_attr);
	fint(r, 21, "poverty_exit_year", p->poverty_exit_year,
	     p->poverty_exit_year == 0);
	fbool(r, 22, "low_income", p->low_income);
	fstr(r, 23, "status", p->status);
	fstr(r, 24, "status_date", p->status_date);
	fstr(r, 25, "status_reason", p->status_reason);
	fnames(r, 26, "conditions", p->conditions, fdss_condition_name);
	fnames(r, 27, "groups", fdss_person_groups(p, ref), fdss_group_name);
	fextra(r, 28, p->extra);
	fint(r, 29, "batch", p->batch_id, p->batch_id == 0);
	if ((rc = fdss_jbuf_rc(&r->vals)) == FDSS_OK)
		fvals_end(r);
	return rc;
}

void fdss_person_rec_release(fdss_person_rec *r)
{
	fdss_jbuf_release(&r->vals);
}

int fdss_person_json(fdss_jbuf *b, const fdss_person *p, fdss_date ref)
{
	fdss_person_rec r = FDSS_PERSON_REC_INIT;
	int rc = fdss_person_fields(&r, p, ref);

	if (rc == FDSS_OK)
		fdss_jbuf_fields(b, r.f, FDSS_PERSON_NFIELDS);
	fdss_person_rec_release(&r);
	return rc != FDSS_OK ? rc : fdss_jbuf_rc(b);
}

cJSON *fdss_person_to_json(const fdss_person *p, fdss_date ref)
{
	fdss_jbuf b = FDSS_JBUF_INIT;
	cJSON *rec = NULL;

	if (fdss_person_json(&b, p, ref) == FDSS_OK)
		rec = cJSON_ParseWithLength(b.s, b.len);
	fdss_jbuf_release(&b);
	return rec;
}

cJSON *fdss_household_to_json(const fdss_household *h)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && put_static(rec, "type", "household") &&
	    put_str(rec, "household_no", h->household_no) &&
	    put_str(rec, "village_code", h->village_code) &&
	    put_str(rec, "village_path", h->village_path) &&
	    put_str(rec, "address", h->address) &&
	    put_str(rec, "phone", h->phone) &&
	    put_str(rec, "poverty_attr", h->poverty_attr) &&
	    put_str(rec, "head_name", h->head_name) &&
	    put_str(rec, "head_id_number", h->head_id_number) &&
	    put_num(rec, "members", h->members, 0) &&
	    put_num(rec, "batch", (double)h->batch_id, h->batch_id == 0))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}
