#ifndef FDSS_PERSON_H
#define FDSS_PERSON_H

#include <stdint.h>
#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"
#include "jbuf.h"
#include "output.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The resident roster: households (户) and people, keyed by household
 * number and ID number (schema/0002_roster.sql).  This module owns the
 * JSON shape of the "person" and "household" records, the priority-group
 * rules, and the queries that list them.  Import (roster.h) writes them.
 */

/* Chronic conditions, as bits. */
enum fdss_condition {
	FDSS_COND_HYPERTENSION = 1 << 0,
	FDSS_COND_DIABETES = 1 << 1,
	FDSS_COND_TB = 1 << 2,
	FDSS_COND_SMI = 1 << 3,		/* severe mental disorder */
	FDSS_COND_COPD = 1 << 4,
	FDSS_COND_CHRONIC = 1 << 5	/* other chronic condition */
};

/* "hypertension", "diabetes", "tb", "smi", "copd", "chronic" ↔ bit. */
const char *fdss_condition_name(unsigned bit);
unsigned fdss_condition_parse(const char *name);

/* The bits of a comma-separated list of condition names, as SQL's
 * group_concat() gives them ("hypertension,diabetes"); unknown names
 * and NULL give no bit. */
unsigned fdss_condition_list_parse(const char *list);

/*
 * The age groups' ages.  Elderly is from the rule elderly.min_age (fdss
 * rules; FDSS_ELDERLY_AGE until changed), the one age that also makes a
 * household eligible for a longer contract term and enrols a person in
 * the elderly follow-up programme; a child is aged 0 to
 * FDSS_CHILD_MAX_AGE.
 */
#define FDSS_ELDERLY_AGE 65
#define FDSS_CHILD_MAX_AGE 6

/*
 * Groups a person may belong to (several at once).  Age groups depend on
 * the reference date and elderly.min_age; the others are asserted by the
 * roster or a diagnosis.  PRIORITY (重点人群) is any of elderly, child,
 * disabled, special family, poverty, low income, hypertension, diabetes,
 * tb, smi.
 */
enum fdss_group {
	FDSS_GROUP_ELDERLY = 1 << 0,	/* aged elderly.min_age or more */
	FDSS_GROUP_CHILD = 1 << 1,	/* aged 0 to 6 */
	FDSS_GROUP_DISABLED = 1 << 2,
	FDSS_GROUP_CHRONIC = 1 << 3,	/* any active condition */
	FDSS_GROUP_POVERTY = 1 << 4,	/* poverty registry (建档立卡) */
	FDSS_GROUP_PRIORITY = 1 << 5,
	FDSS_GROUP_HYPERTENSION = 1 << 6,
	FDSS_GROUP_DIABETES = 1 << 7,
	FDSS_GROUP_TB = 1 << 8,
	FDSS_GROUP_SMI = 1 << 9,
	FDSS_GROUP_LOW_INCOME = 1 << 10,
	FDSS_GROUP_SPECIAL_FAMILY = 1 << 11
};

/* "elderly", "child", ... ↔ bit; 0 for an unknown name. */
const char *fdss_group_name(unsigned bit);
unsigned fdss_group_parse(const char *name);

/*
 * Every group name, "elderly, child, ... or special_family", into buf
 * (size n, truncated if short) for messages; returns buf.
 */
char *fdss_group_names(char *buf, size_t n);

/* One person.  Strings are borrowed (valid during a callback only). */
typedef struct fdss_person {
	const char *id_number;		/* 18 characters */
	const char *name;
	char sex;			/* 'M' or 'F' */
	fdss_date birth_date;
	const char *household_no;
	const char *relation;		/* 户主, 配偶, 之子 ... */
	const char *person_no;		/* registry person number, or NULL */
	const char *ethnicity;		/* or NULL, likewise below */
	const char *education;
	const char *health;		/* 健康状况 as given */
	const char *phone;
	const char *health_record_no;
	const char *insurance_no;
	int disabled, serious_illness, special_family, poverty, low_income;
	const char *poverty_attr;
	int poverty_exit_year;		/* 0 if none */
	const char *status;		/* active, moved, deceased, removed */
	const char *status_date;	/* or NULL */
	const char *status_reason;	/* or NULL */
	const char *extra;		/* JSON object text of unmapped columns */
	unsigned conditions;		/* enum fdss_condition bits (active) */
	const char *village_code;	/* the household's village (read side) */
	int64_t batch_id;		/* last import that changed it, 0 none */
	long batch_line;		/* its line in that import */
	int elderly_age;		/* elderly from this age: the rule
					 * elderly.min_age, which the listings
					 * fill in; 0 for FDSS_ELDERLY_AGE */
} fdss_person;

/* The groups of p at date ref (enum fdss_group bits), elderly from
 * p->elderly_age. */
unsigned fdss_person_groups(const fdss_person *p, fdss_date ref);

/*
 * The latest birth date of somebody aged at least years at ref (birthday
 * exact, as fdss_date_age()): age(b, ref) >= years ⟺ b <= result.
 */
fdss_date fdss_age_cutoff(fdss_date ref, int years);

/*
 * The "person" record: every field of p, "age" at ref, "groups" and
 * "conditions" as arrays of names, "extra" as an object.  The caller
 * cJSON_Delete()s it.  NULL when out of memory.
 */
cJSON *fdss_person_to_json(const fdss_person *p, fdss_date ref);

/*
 * The same record as compact JSON text, appended to b: what
 * cJSON_PrintUnformatted() makes of fdss_person_to_json(), without the
 * tree.  FDSS_OK or FDSS_ENOMEM.
 */
int fdss_person_json(fdss_jbuf *b, const fdss_person *p, fdss_date ref);

/*
 * The same record as its fields (fdss_jbuf.h), for a writer that wants
 * cells: fdss_person_json() writes these.  The strings are p's and r's:
 * valid while both are and until the next call on r.
 */
#define FDSS_PERSON_NFIELDS 30
typedef struct fdss_person_rec {
	fdss_jfield f[FDSS_PERSON_NFIELDS];	/* "type" first */
	char birth[FDSS_DATE_BUFSZ];		/* birth_date's text */
	fdss_jbuf vals;				/* the other values' text */
} fdss_person_rec;

#define FDSS_PERSON_REC_INIT { { { NULL, 0, NULL, 0 } }, "", FDSS_JBUF_INIT }

/* r's fields for p, age and groups at ref: FDSS_OK or FDSS_ENOMEM. */
int fdss_person_fields(fdss_person_rec *r, const fdss_person *p,
		       fdss_date ref);

/* Free r's memory; r may be used again. */
void fdss_person_rec_release(fdss_person_rec *r);

/* One household with its head and size, for listing. */
typedef struct fdss_household {
	const char *household_no;
	const char *village_code;
	const char *village_path;	/* names, province down, " / " between */
	const char *address, *phone, *poverty_attr;	/* or NULL */
	const char *head_name;		/* the member whose relation is 户主 */
	const char *head_id_number;
	int members;			/* active members */
	int64_t batch_id;
} fdss_household;

/* The "household" record; the caller cJSON_Delete()s it. */
cJSON *fdss_household_to_json(const fdss_household *h);

/* Filters of fdss_person_list() and fdss_household_list(). */
typedef struct fdss_person_query {
	const char *area;	/* code of any level: people living under it */
	unsigned groups;	/* enum fdss_group bits: in any of them */
	int poverty;		/* only poverty-registry people */
	int64_t batch;		/* only what import batch N changed, 0 any */
	const char *household_no; /* only this household's members */
	const char *status;	/* "active" (NULL means active), or "all" */
	fdss_date ref;		/* reference date of the age groups */
	int unsigned_only;	/* only people not signed at ref: no
				 * contract pending, approved or active
				 * for them (fdss_contract_status_signed()) */
} fdss_person_query;

#define FDSS_PERSON_QUERY_INIT { NULL, 0, 0, 0, NULL, NULL, 0, 0 }

/*
 * Call fn for each person matching q, by household then ID number; a
 * non-zero return from fn stops and is returned.  Memory does not grow
 * with the number of rows.  q may be NULL (every active person).
 * FDSS_EINVAL for a malformed area code or an unknown status;
 * FDSS_ENOTFOUND when q names an area, batch or household that is not
 * stored.  fn must not list on the same handle while it runs.
 */
int fdss_person_list(fdss_db *db, const fdss_person_query *q,
		     int (*fn)(const fdss_person *p, void *arg), void *arg);

/*
 * Call fn once for the person with id_number, whatever the status (a
 * final 'x' is read as 'X'); FDSS_ENOTFOUND if none.
 */
int fdss_person_get(fdss_db *db, const char *id_number,
		    int (*fn)(const fdss_person *p, void *arg), void *arg);

/*
 * Call fn for each household with at least one member matching q (area,
 * groups, poverty, batch as for people; a household's own batch counts
 * too), by household number.  Fails as fdss_person_list().
 */
int fdss_household_list(fdss_db *db, const fdss_person_query *q,
			int (*fn)(const fdss_household *h, void *arg),
			void *arg);

/* Call fn once for household_no; FDSS_ENOTFOUND if none. */
int fdss_household_get(fdss_db *db, const char *household_no,
		       int (*fn)(const fdss_household *h, void *arg),
		       void *arg);

/*
 * Write the people q selects (by_household: the active members of the
 * households q selects, household by household) to o as roster rows:
 * the columns fdss import reads, under the names it reads (household_no,
 * village_code, person_no, name, id_number, relation, sex, birth_date,
 * ethnicity, education, health, poverty_attr, poverty_exit_year, phone,
 * health_record_no, insurance_no, disabled, serious_illness,
 * special_family, low_income), then one column for each key of their
 * extra objects, sorted, which the import puts back in extra.  Fixes
 * o's columns: call it before any record.  Walks the people twice.
 * Fails as fdss_person_list(), or with what o returned (FDSS_EIO).
 */
int fdss_roster_sheet(fdss_db *db, const fdss_person_query *q,
		      int by_household, fdss_out *o);

#ifdef __cplusplus
}
#endif

#endif
