/*
 * person_query.c: the queries that list people and households.
 *
 * Every list is one prepared statement stepped row by row, so memory does
 * not grow with the roster.  Which statement depends on the filter that
 * can drive an index (household, import batch, a small area); the other
 * filters are "(:x IS NULL OR ...)" terms over bound parameters.  Age
 * groups are birth-date comparisons against cutoffs computed in C by
 * fdss_age_cutoff(), so the birthday rules of fdss_person_groups() hold
 * in SQL too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cover_int.h"
#include "person_int.h"

#define CODE_MAX 12		/* digits of a village code */

/*
 * What a person must be to match a query, as an SQL condition over p
 * (person) with named parameters: :status (NULL for any), :poverty, and
 * one flag per group with the age cutoffs.  PRIORITY is expanded into
 * its groups before binding.
 */
#define HAS_CONDITION(kind) \
	"EXISTS (SELECT 1 FROM condition c WHERE c.id_number = p.id_number" \
	" AND c.kind = '" kind "' AND c.status = 'active')"

#define MATCH_GROUPS \
	"(NOT :any_group" \
	" OR (:elderly AND p.birth_date <= :elderly_cutoff)" \
	" OR (:child AND p.birth_date > :child_cutoff AND p.birth_date <= :ref)" \
	" OR (:disabled AND p.disabled)" \
	" OR (:poverty_group AND p.poverty)" \
	" OR (:low_income AND p.low_income)" \
	" OR (:special_family AND p.special_family)" \
	" OR (:chronic AND EXISTS (SELECT 1 FROM condition c" \
	" WHERE c.id_number = p.id_number AND c.status = 'active'))" \
	" OR (:hypertension AND " HAS_CONDITION("hypertension") ")" \
	" OR (:diabetes AND " HAS_CONDITION("diabetes") ")" \
	" OR (:tb AND " HAS_CONDITION("tb") ")" \
	" OR (:smi AND " HAS_CONDITION("smi") "))"

/* Signed at :ref: a contract pending, approved or active for them
 * (fdss_contract_status_signed()). */
#define MATCH_UNSIGNED \
	"(NOT :unsigned OR NOT EXISTS (SELECT 1 FROM contract_cover v" \
	" WHERE v.id_number = p.id_number" \
	" AND " FDSS__COVER_SIGNED("v", ":ref") "))"

#define MATCH_BASE \
	"(:status IS NULL OR p.status = :status)" \
	" AND (NOT :poverty OR p.poverty) AND " MATCH_UNSIGNED \
	" AND " MATCH_GROUPS

/* A person matches; for a household its own batch counts too. */
#define PERSON_MATCH \
	MATCH_BASE " AND (:batch IS NULL OR p.batch_id = :batch)"
#define MEMBER_MATCH \
	MATCH_BASE " AND (:batch IS NULL OR p.batch_id = :batch" \
	" OR h.batch_id = :batch)"

#define AREA_OPT \
	" AND (:lo IS NULL OR (h.village_code >= :lo AND h.village_code < :hi))"

/* Columns read by read_person(), in order. */
#define PERSON_COLS \
	"SELECT p.id_number, p.name, p.sex, p.birth_date, p.household_no," \
	" p.relation, p.person_no, p.ethnicity, p.education, p.health," \
	" p.phone, p.health_record_no, p.insurance_no, p.disabled," \
	" p.serious_illness, p.special_family, p.poverty, p.poverty_attr," \
	" p.poverty_exit_year, p.low_income, p.status, p.status_date," \
	" p.status_reason, p.extra, p.batch_id, p.batch_line," \
	" h.village_code, (SELECT group_concat(c.kind) FROM condition c" \
	" WHERE c.id_number = p.id_number AND c.status = 'active')"
#define PERSON_JOIN \
	" FROM person p JOIN household h ON h.household_no = p.household_no"
#define PERSON_ORDER " ORDER BY p.household_no, p.id_number"

/* Which filter drives the statement, and so which index it uses. */
enum driver {
	BY_NONE,	/* every person, in household order */
	BY_HOUSEHOLD,	/* person_household */
	BY_BATCH,	/* a scan of person: no batch index, it would slow
			 * every import down by a tenth */
	BY_AREA,	/* household_village, then person_household */
	NDRIVERS
};

static const char *const sql_people[NDRIVERS] = {
	[BY_NONE] = PERSON_COLS PERSON_JOIN " WHERE " PERSON_MATCH AREA_OPT
		PERSON_ORDER,
	[BY_HOUSEHOLD] = PERSON_COLS PERSON_JOIN
		" WHERE p.household_no = :household AND " PERSON_MATCH
		AREA_OPT PERSON_ORDER,
	[BY_BATCH] = PERSON_COLS
		" FROM person p"
		" JOIN household h ON h.household_no = p.household_no"
		" WHERE p.batch_id = :batch AND " PERSON_MATCH AREA_OPT
		PERSON_ORDER,
	[BY_AREA] = PERSON_COLS
		" FROM household h INDEXED BY household_village"
		" CROSS JOIN person p ON p.household_no = h.household_no"
		" WHERE h.village_code >= :lo AND h.village_code < :hi"
		" AND " PERSON_MATCH PERSON_ORDER,
};

static const char sql_person_get[] =
	PERSON_COLS PERSON_JOIN " WHERE p.id_number = :id";

/*
 * Columns read by walk_households(): the household, its head (the row
 * where max() is 1 gives the bare name and id_number: SQLite's rule for
 * a single min() or max()), and the active members.
 */
#define HOUSEHOLD_COLS \
	"SELECT h.household_no, h.village_code, h.address, h.phone," \
	" h.poverty_attr, h.batch_id," \
	" max(p.relation = '户主' AND p.status = 'active'), p.name," \
	" p.id_number, total(p.status = 'active')"
#define HOUSEHOLD_HIT \
	" GROUP BY h.household_no" \
	" HAVING total(CASE WHEN " MEMBER_MATCH " THEN 1 ELSE 0 END) > 0" \
	" ORDER BY h.household_no"

static const char *const sql_households[NDRIVERS] = {
	[BY_NONE] = HOUSEHOLD_COLS
		" FROM person p JOIN household h"
		" ON h.household_no = p.household_no WHERE 1" AREA_OPT
		HOUSEHOLD_HIT,
	[BY_HOUSEHOLD] = HOUSEHOLD_COLS
		" FROM household h JOIN person p"
		" ON p.household_no = h.household_no"
		" WHERE h.household_no = :household" AREA_OPT HOUSEHOLD_HIT,
	[BY_BATCH] = HOUSEHOLD_COLS
		" FROM household h CROSS JOIN person p"
		" ON p.household_no = h.household_no"
		" WHERE h.household_no IN (SELECT household_no FROM person"
		" WHERE batch_id = :batch"
		" UNION SELECT household_no FROM household"
		" WHERE batch_id = :batch)" AREA_OPT HOUSEHOLD_HIT,
	[BY_AREA] = HOUSEHOLD_COLS
		" FROM household h INDEXED BY household_village"
		" CROSS JOIN person p ON p.household_no = h.household_no"
		" WHERE h.village_code >= :lo AND h.village_code < :hi"
		HOUSEHOLD_HIT,
};

static const char sql_household_get[] =
	HOUSEHOLD_COLS " FROM household h LEFT JOIN person p"
	" ON p.household_no = h.household_no"
	" WHERE h.household_no = :household GROUP BY h.household_no";

static const char sql_batch_exists[] =
	"SELECT 1 FROM import_batch WHERE id = :batch";
static const char sql_household_exists[] =
	"SELECT 1 FROM household WHERE household_no = :household";
static const char sql_area_households[] =
	"SELECT count(*) FROM household"
	" WHERE village_code >= :lo AND village_code < :hi";
static const char sql_all_households[] = "SELECT count(*) FROM household";

/*
 * The area index pays when the area holds at most 1 in AREA_SHARE of the
 * households: each of its people is then a random lookup, several times
 * dearer than a row of a full scan in household order.
 */
#define AREA_SHARE 5

/* A query with its parameters worked out. */
struct plan {
	const fdss_person_query *q;
	const char *status;		/* NULL for any */
	unsigned groups;		/* PRIORITY expanded */
	char lo[CODE_MAX + 1], hi[CODE_MAX + 2];
	char elderly[FDSS_DATE_BUFSZ], child[FDSS_DATE_BUFSZ];
	char ref[FDSS_DATE_BUFSZ];
	int elderly_age;		/* the rule elderly.min_age */
	enum driver driver;
};

/* Bind by name; a name the statement does not use is skipped. */
static int bind_text(sqlite3_stmt *st, const char *name, const char *s)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0 && s)
		return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	return SQLITE_OK;
}

static int bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i > 0 ? sqlite3_bind_int64(st, i, v) : SQLITE_OK;
}

/* Bind what pl says to the parameters st has; FDSS_OK or a failure. */
static int bind_plan(fdss_db *db, sqlite3_stmt *st, const struct plan *pl)
{
	static const struct {
		const char *name;
		unsigned group;
	} flags[] = {
		{ ":elderly", FDSS_GROUP_ELDERLY },
		{ ":child", FDSS_GROUP_CHILD },
		{ ":disabled", FDSS_GROUP_DISABLED },
		{ ":poverty_group", FDSS_GROUP_POVERTY },
		{ ":low_income", FDSS_GROUP_LOW_INCOME },
		{ ":special_family", FDSS_GROUP_SPECIAL_FAMILY },
		{ ":chronic", FDSS_GROUP_CHRONIC },
		{ ":hypertension", FDSS_GROUP_HYPERTENSION },
		{ ":diabetes", FDSS_GROUP_DIABETES },
		{ ":tb", FDSS_GROUP_TB },
		{ ":smi", FDSS_GROUP_SMI },
	};
	const fdss_person_query *q = pl->q;
	int rc = SQLITE_OK;
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]) && !rc; i++)
		rc = bind_int(st, flags[i].name,
			      (pl->groups & flags[i].group) != 0);
	if (rc || (rc = bind_text(st, ":status", pl->status)) ||
	    (rc = bind_int(st, ":poverty", q->poverty != 0)) ||
	    (rc = bind_int(st, ":unsigned", q->unsigned_only != 0)) ||
	    (rc = bind_int(st, ":any_group", pl->groups != 0)) ||
	    (rc = bind_text(st, ":elderly_cutoff", pl->elderly)) ||
	    (rc = bind_text(st, ":child_cutoff", pl->child)) ||
	    (rc = bind_text(st, ":ref", pl->ref)) ||
	    (q->batch && (rc = bind_int(st, ":batch", q->batch))) ||
	    (q->area && ((rc = bind_text(st, ":lo", pl->lo)) ||
			 (rc = bind_text(st, ":hi", pl->hi)))) ||
	    (rc = bind_text(st, ":household", q->household_no)))
		return fdss__db_sqlfail(db, rc, "cannot read the roster");
	return FDSS_OK;
}

/* Step a statement that answers with one row or none: 1, 0 or < 0. */
static int probe(fdss_db *db, const char *sql, const struct plan *pl,
		 int64_t *value)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if ((rc = bind_plan(db, st, pl)) != FDSS_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && value)
		*value = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fdss__db_sqlfail(db, rc, "cannot read the roster");
}

/* Each filter that names something must name something stored. */
static int check_filters(fdss_db *db, const struct plan *pl)
{
	const fdss_person_query *q = pl->q;
	int rc;

	if (q->area && (rc = fdss_area_exists(db, q->area)) != FDSS_OK)
		return rc;
	if (q->batch && (rc = probe(db, sql_batch_exists, pl, NULL)) <= 0)
		return rc < 0 ? rc : fdss__db_fail(db, FDSS_ENOTFOUND,
			"no import batch %lld", (long long)q->batch);
	if (q->household_no &&
	    (rc = probe(db, sql_household_exists, pl, NULL)) <= 0)
		return rc < 0 ? rc : fdss__db_fail(db, FDSS_ENOTFOUND,
			"no household '%s'", q->household_no);
	return FDSS_OK;
}

/* Drive by the area's index only when the area is a small share. */
static int area_is_small(fdss_db *db, const struct plan *pl, int *small)
{
	int64_t inside = 0, all = 0;
	int rc;

	if ((rc = probe(db, sql_area_households, pl, &inside)) < 0 ||
	    (rc = probe(db, sql_all_households, pl, &all)) < 0)
		return rc;
	*small = inside * AREA_SHARE <= all;
	return FDSS_OK;
}

/* The status filter: NULL (any) for "all", "active" for NULL. */
static int parse_status(fdss_db *db, const char *s, const char **out)
{
	static const char *const statuses[] = {
		"active", "moved", "deceased", "removed"
	};
	size_t i;

	*out = statuses[0];
	if (!s)
		return FDSS_OK;
	*out = NULL;
	if (strcmp(s, "all") == 0)
		return FDSS_OK;
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(s, statuses[i]) == 0) {
			*out = statuses[i];
			return FDSS_OK;
		}
	return fdss__db_fail(db, FDSS_EINVAL, "status '%.40s': expected "
			     "active, moved, deceased, removed or all", s);
}

/* The rule elderly.min_age, into *out. */
static int elderly_age(fdss_db *db, int *out)
{
	fdss_rules r;
	int rc = fdss_rules_load(db, &r);

	*out = r.elderly.min_age;
	return rc;
}

/* Work out the parameters of q and the statement that serves it. */
static int plan_query(fdss_db *db, struct plan *pl,
		      const fdss_person_query *q)
{
	int small = 0, rc;

	memset(pl, 0, sizeof(*pl));
	pl->q = q;
	if ((rc = parse_status(db, q->status, &pl->status)) != FDSS_OK ||
	    (rc = elderly_age(db, &pl->elderly_age)) != FDSS_OK)
		return rc;
	if (q->area && !fdss_area_level_of(q->area))
		return fdss__db_fail(db, FDSS_EINVAL, "area '%.40s': 2, 4, 6, "
				     "9 or 12 digits expected", q->area);
	if (q->area) {
		snprintf(pl->lo, sizeof(pl->lo), "%s", q->area);
		snprintf(pl->hi, sizeof(pl->hi), "%s;", q->area);
	}
	pl->groups = q->groups;
	if (pl->groups & FDSS_GROUP_PRIORITY)
		pl->groups |= PRIORITY_OF;
	fdss_date_format(pl->elderly,
			 fdss_age_cutoff(q->ref, pl->elderly_age));
	fdss_date_format(pl->child,
			 fdss_age_cutoff(q->ref, FDSS_CHILD_MAX_AGE + 1));
	fdss_date_format(pl->ref, q->ref);
	if ((rc = check_filters(db, pl)) != FDSS_OK)
		return rc;
	pl->driver = BY_NONE;
	if (q->household_no) {
		pl->driver = BY_HOUSEHOLD;
	} else if (q->batch) {
		pl->driver = BY_BATCH;
	} else if (q->area) {
		if ((rc = area_is_small(db, pl, &small)) != FDSS_OK)
			return rc;
		if (small)
			pl->driver = BY_AREA;
	}
	return FDSS_OK;
}

static const char *text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The row of st (PERSON_COLS) into *p. */
static int read_person(fdss_db *db, sqlite3_stmt *st, fdss_person *p)
{
	const char *birth = text(st, 3), *sex = text(st, 2);
	fdss_error err = FDSS_ERROR_INIT;

	memset(p, 0, sizeof(*p));
	p->id_number = text(st, 0);
	p->name = text(st, 1);
	p->sex = sex && *sex == 'F' ? 'F' : 'M';
	if (fdss_date_parse(&p->birth_date, birth, &err) != FDSS_OK)
		return fdss__db_fail(db, FDSS_EDATA, "person '%s': birth date "
				     "%s", p->id_number ? p->id_number : "",
				     err.msg);
	p->household_no = text(st, 4);
	p->relation = text(st, 5);
	p->person_no = text(st, 6);
	p->ethnicity = text(st, 7);
	p->education = text(st, 8);
	p->health = text(st, 9);
	p->phone = text(st, 10);
	p->health_record_no = text(st, 11);
	p->insurance_no = text(st, 12);
	p->disabled = sqlite3_column_int(st, 13) != 0;
	p->serious_illness = sqlite3_column_int(st, 14) != 0;
	p->special_family = sqlite3_column_int(st, 15) != 0;
	p->poverty = sqlite3_column_int(st, 16) != 0;
	p->poverty_attr = text(st, 17);
	p->poverty_exit_year = sqlite3_column_int(st, 18);
	p->low_income = sqlite3_column_int(st, 19) != 0;
	p->status = text(st, 20);
	p->status_date = text(st, 21);
	p->status_reason = text(st, 22);
	p->extra = text(st, 23);
	p->batch_id = sqlite3_column_int64(st, 24);
	p->batch_line = (long)sqlite3_column_int64(st, 25);
	p->village_code = text(st, 26);
	p->conditions = fdss_condition_list_parse(text(st, 27));
	return FDSS_OK;
}

/* What walk_people() hands to each row. */
struct people_walk {
	int age;
	long *n;	/* people handed to fn */
	int (*fn)(const fdss_person *p, void *arg);
	void *arg;
};

static int person_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct people_walk *w = ctx;
	fdss_person p;
	int rc;

	if ((rc = read_person(db, st, &p)) != FDSS_OK)
		return rc;
	p.elderly_age = w->age;
	if ((rc = w->fn(&p, w->arg)) == 0)
		(*w->n)++;
	return rc;
}

/* Call fn for each row of st, elderly from age; *n counts them. */
static int walk_people(fdss_db *db, sqlite3_stmt *st, int age,
		       int (*fn)(const fdss_person *p, void *arg), void *arg,
		       long *n)
{
	struct people_walk w = { age, n, fn, arg };

	return fdss__walk(db, st, "cannot list people", person_row, &w);
}

int fdss_person_list(fdss_db *db, const fdss_person_query *q,
		     int (*fn)(const fdss_person *p, void *arg), void *arg)
{
	static const fdss_person_query all = FDSS_PERSON_QUERY_INIT;
	struct plan pl;
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if ((rc = plan_query(db, &pl, q ? q : &all)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, sql_people[pl.driver])))
		return fdss_db_error(db)->code;
	if ((rc = bind_plan(db, st, &pl)) != FDSS_OK)
		return rc;
	return walk_people(db, st, pl.elderly_age, fn, arg, &n);
}

int fdss_person_get(fdss_db *db, const char *id_number,
		    int (*fn)(const fdss_person *p, void *arg), void *arg)
{
	char id[FDSS_ID_BUFSZ];
	sqlite3_stmt *st;
	size_t len = id_number ? strlen(id_number) : 0;
	long n = 0;
	int age, rc;

	if (len == 0 || len >= sizeof(id))
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no person with ID "
				     "number '%.40s'", id_number ? id_number
								 : "");
	memcpy(id, id_number, len + 1);
	if (id[len - 1] == 'x')
		id[len - 1] = 'X';
	if ((rc = elderly_age(db, &age)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, sql_person_get)))
		return fdss_db_error(db)->code;
	if ((rc = bind_text(st, ":id", id)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the roster");
	if ((rc = walk_people(db, st, age, fn, arg, &n)) != FDSS_OK)
		return rc;
	if (n == 0)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no person with ID "
				     "number '%s'", id);
	return FDSS_OK;
}

/* Village paths already built, by code: villages repeat, rows do not. */
#define PATH_SLOTS 256

struct path_cache {
	char code[PATH_SLOTS][CODE_MAX + 1];
	char *path[PATH_SLOTS];
};

static void path_cache_release(struct path_cache *pc)
{
	size_t i;

	for (i = 0; i < PATH_SLOTS; i++)
		free(pc->path[i]);
}

static int village_path(fdss_db *db, struct path_cache *pc,
			const char *code, const char **out)
{
	size_t h = 5381, i;
	int rc;

	*out = NULL;
	if (!fdss_area_level_of(code))
		return FDSS_OK;
	for (i = 0; code[i]; i++)
		h = h * 33 + (unsigned char)code[i];
	h %= PATH_SLOTS;
	if (!pc->path[h] || strcmp(pc->code[h], code) != 0) {
		free(pc->path[h]);
		pc->path[h] = NULL;
		if ((rc = fdss__area_path(db, code, &pc->path[h])) != FDSS_OK)
			return rc;
		snprintf(pc->code[h], sizeof(pc->code[h]), "%s", code);
	}
	*out = pc->path[h];
	return FDSS_OK;
}

/* What walk_households() hands to each row. */
struct household_walk {
	struct path_cache *pc;
	long *n;	/* households handed to fn */
	int (*fn)(const fdss_household *h, void *arg);
	void *arg;
};

static int household_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct household_walk *w = ctx;
	int has_head = sqlite3_column_int(st, 6), rc;
	fdss_household h;

	memset(&h, 0, sizeof(h));
	h.household_no = text(st, 0);
	h.village_code = text(st, 1);
	h.address = text(st, 2);
	h.phone = text(st, 3);
	h.poverty_attr = text(st, 4);
	h.batch_id = sqlite3_column_int64(st, 5);
	h.head_name = has_head ? text(st, 7) : NULL;
	h.head_id_number = has_head ? text(st, 8) : NULL;
	h.members = sqlite3_column_int(st, 9);
	if ((rc = village_path(db, w->pc, h.village_code,
			       &h.village_path)) != FDSS_OK)
		return rc;
	if ((rc = w->fn(&h, w->arg)) == 0)
		(*w->n)++;
	return rc;
}

/* Call fn for each row of st (HOUSEHOLD_COLS); *n counts them. */
static int walk_households(fdss_db *db, sqlite3_stmt *st,
			   int (*fn)(const fdss_household *h, void *arg),
			   void *arg, long *n)
{
	struct household_walk w = { calloc(1, sizeof(*w.pc)), n, fn, arg };
	int rc;

	if (!w.pc)
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	rc = fdss__walk(db, st, "cannot list households", household_row, &w);
	path_cache_release(w.pc);
	free(w.pc);
	return rc;
}

int fdss_household_list(fdss_db *db, const fdss_person_query *q,
			int (*fn)(const fdss_household *h, void *arg),
			void *arg)
{
	static const fdss_person_query all = FDSS_PERSON_QUERY_INIT;
	struct plan pl;
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if ((rc = plan_query(db, &pl, q ? q : &all)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, sql_households[pl.driver])))
		return fdss_db_error(db)->code;
	if ((rc = bind_plan(db, st, &pl)) != FDSS_OK)
		return rc;
	return walk_households(db, st, fn, arg, &n);
}

int fdss_household_get(fdss_db *db, const char *household_no,
		       int (*fn)(const fdss_household *h, void *arg),
		       void *arg)
{
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if (!household_no)
		return fdss__db_fail(db, FDSS_EINVAL, "no household number");
	if (!(st = fdss__db_prepare(db, sql_household_get)))
		return fdss_db_error(db)->code;
	if ((rc = bind_text(st, ":household", household_no)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the roster");
	if ((rc = walk_households(db, st, fn, arg, &n)) != FDSS_OK)
		return rc;
	if (n == 0)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no household '%s'",
				     household_no);
	return FDSS_OK;
}
