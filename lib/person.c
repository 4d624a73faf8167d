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

/* "key":n, or null when null is set. */
static void kint_or_null(fdss_jbuf *b, const char *key, int64_t n, int null)
{
	fdss_jbuf_key(b, key);
	if (null)
		fdss_jbuf_null(b);
	else
		fdss_jbuf_int(b, n);
}

static void kbool(fdss_jbuf *b, const char *key, int v)
{
	fdss_jbuf_key(b, key);
	fdss_jbuf_bool(b, v);
}

/* The names of the bits of set, as an array. */
static void knames(fdss_jbuf *b, const char *key, unsigned set,
		   const char *(*name)(unsigned))
{
	unsigned bit;

	fdss_jbuf_key(b, key);
	fdss_jbuf_open(b, '[');
	for (bit = 1; bit && bit <= set; bit <<= 1)
		if ((set & bit) && name(bit))
			fdss_jbuf_str(b, name(bit));
	fdss_jbuf_close(b, ']');
}

/*
 * "extra" as an object, printed by cJSON so that it reads as it always
 * has; text that is not an object gives an empty one.  Most people have
 * none, and "{}" needs no parse.
 */
static void kextra(fdss_jbuf *b, const char *text)
{
	cJSON *o = NULL;
	char *s = NULL;

	fdss_jbuf_key(b, "extra");
	if (text && strcmp(text, "{}") != 0)
		o = cJSON_Parse(text);
	if (!cJSON_IsObject(o)) {
		fdss_jbuf_raw(b, "{}", 2);
	} else if (!(s = cJSON_PrintUnformatted(o))) {
		b->failed = 1;
	} else {
		fdss_jbuf_raw(b, s, strlen(s));
	}
	cJSON_free(s);
	cJSON_Delete(o);
}

int fdss_person_json(fdss_jbuf *b, const fdss_person *p, fdss_date ref)
{
	char birth[FDSS_DATE_BUFSZ];
	int age = fdss_date_age(p->birth_date, ref);

	fdss_jbuf_open(b, '{');
	fdss_jbuf_kstr(b, "type", "person");
	fdss_jbuf_kstr(b, "id_number", p->id_number);
	fdss_jbuf_kstr(b, "name", p->name);
	fdss_jbuf_kstr(b, "sex", p->sex == 'F' ? "F" : "M");
	fdss_jbuf_kstr(b, "birth_date", fdss_date_format(birth, p->birth_date));
	kint_or_null(b, "age", age, age < 0);
	fdss_jbuf_kstr(b, "household_no", p->household_no);
	fdss_jbuf_kstr(b, "village_code", p->village_code);
	fdss_jbuf_kstr(b, "relation", p->relation);
	fdss_jbuf_kstr(b, "person_no", p->person_no);
	fdss_jbuf_kstr(b, "ethnicity", p->ethnicity);
	fdss_jbuf_kstr(b, "education", p->education);
	fdss_jbuf_kstr(b, "health", p->health);
	fdss_jbuf_kstr(b, "phone", p->phone);
	fdss_jbuf_kstr(b, "health_record_no", p->health_record_no);
	fdss_jbuf_kstr(b, "insurance_no", p->insurance_no);
	kbool(b, "disabled", p->disabled);
	kbool(b, "serious_illness", p->serious_illness);
	kbool(b, "special_family", p->special_family);
	kbool(b, "poverty", p->poverty);
	fdss_jbuf_kstr(b, "poverty_attr", p->poverty_attr);
	kint_or_null(b, "poverty_exit_year", p->poverty_exit_year,
		     p->poverty_exit_year == 0);
	kbool(b, "low_income", p->low_income);
	fdss_jbuf_kstr(b, "status", p->status);
	fdss_jbuf_kstr(b, "status_date", p->status_date);
	fdss_jbuf_kstr(b, "status_reason", p->status_reason);
	knames(b, "conditions", p->conditions, fdss_condition_name);
	knames(b, "groups", fdss_person_groups(p, ref), fdss_group_name);
	kextra(b, p->extra);
	kint_or_null(b, "batch", p->batch_id, p->batch_id == 0);
	fdss_jbuf_close(b, '}');
	return fdss_jbuf_rc(b);
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
