/*
 * report_coverage.c: signing rates (签约率) at a date, per county,
 * township, village or team, for every resident, the priority groups
 * together, each group and households (fdss-report(1), "coverage").
 *
 * One statement walks the residents at --as-of in village and household
 * order, each with what their groups depend on and the team whose
 * contract covers them; the groups are fdss_person_groups() (the rule
 * `fdss person list` prints), cover is fdss_cover_status() = 'active'
 * on the view contract_cover (cover_int.h).  Counts gather per unit in
 * memory that grows with the units, never with the residents.
 */
#include <stdlib.h>
#include <string.h>

#include "cover_int.h"
#include "report_cov_int.h"
#include "report_int.h"

#define CODE_MAX 12		/* digits of a village code */
#define NG 13			/* fdss_population_ngroups() */
#define G_ALL 0
#define G_HOUSEHOLDS (NG - 1)

/*
 * The residents at :ref — active then: not yet gone (status_date is the
 * first day without them), born — with their household's village, the
 * inputs of fdss_person_groups() and the first team (by code) of a
 * contract covering them at :ref, NULL when none does.
 */
#define SQL_WALK(HOUSEHOLD_JOIN) \
	"SELECT h.village_code, p.household_no, p.birth_date, p.disabled," \
	" p.special_family, p.poverty, p.low_income," \
	" (SELECT group_concat(c.kind) FROM condition c" \
	"  WHERE c.id_number = p.id_number AND c.status = 'active')," \
	" (SELECT min(v.team_code) FROM contract_cover v" \
	"  WHERE v.id_number = p.id_number" \
	"  AND (:team IS NULL OR v.team_code = :team)" \
	"  AND " FDSS__COVER_STATUS("v", ":ref") " = 'active')" \
	" FROM " HOUSEHOLD_JOIN " person p ON p.household_no = h.household_no" \
	" WHERE h.village_code >= :lo AND h.village_code < :hi" \
	" AND (p.status = 'active' OR p.status_date > :ref)" \
	" AND p.birth_date <= :ref" \
	" ORDER BY h.village_code, h.household_no"

/* The walk in SQLite, and in the provincial PostgreSQL store: the same
 * text but for SQLite's join order and index hints (report_cov_int.h). */
static const char sql_walk[] =
	SQL_WALK("household h INDEXED BY household_village CROSS JOIN");
const char fdss__report_coverage_walk_pg[] = SQL_WALK("household h JOIN");

const char fdss__report_coverage_area_name[] =
	"SELECT name FROM area WHERE code = ?1";
#define sql_area_name fdss__report_coverage_area_name
static const char sql_team_name[] = "SELECT name FROM team WHERE code = ?1";
const char fdss__report_coverage_census[] =
	"SELECT grp, residents FROM population"
	" WHERE area_code = ?1 AND year = ?2";
#define sql_census fdss__report_coverage_census

/* Counts of one unit: a division, a team, the unsigned or the total. */
struct unit {
	char *key;		/* code, or NULL (unsigned, total) */
	long res[NG];		/* residents (households) counted */
	long sig[NG];		/* of them signed */
	long long census[NG];	/* the census figure, or -1 */
};

/* The walk: its query, the units so far and the household being read. */
struct walk {
	fdss_db *db;
	const struct fdss__cov_src *src;	/* rows from elsewhere, or NULL */
	const fdss_report_query *q;
	int by;			/* enum fdss_report_by */
	size_t len;		/* digits of the unit's code (not team) */
	int year;		/* of the census figures: ref's */
	int elderly_age;	/* the rule elderly.min_age */
	unsigned bit[NG];	/* fdss_group bits of each group, 0 none */
	double target[NG];	/* --target of each group, or -1 */
	struct unit **units;	/* sorted by key */
	size_t n, cap;
	struct unit unsigned_row, total;
	char *hh;		/* the household being read, or NULL */
	size_t hh_cap;
	struct unit *hh_unit;	/* its unit: the area's, or a team's */
	int hh_signed;
};

static int nomem(fdss_db *db)
{
	return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
}

static void unit_init(struct unit *u)
{
	size_t i;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < NG; i++)
		u->census[i] = -1;
}

/* The unit of key (NUL-terminated, n bytes), added in order if new. */
static struct unit *unit_of(struct walk *w, const char *key, size_t n)
{
	size_t lo = 0, hi = w->n, mid;
	struct unit *u;
	int c;

	/* rows come in village order: the last unit is the likely one */
	if (w->n && !strncmp(w->units[w->n - 1]->key, key, n) &&
	    w->units[w->n - 1]->key[n] == '\0')
		return w->units[w->n - 1];
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strncmp(w->units[mid]->key, key, n);
		if (c == 0 && w->units[mid]->key[n] == '\0')
			return w->units[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct unit **p = realloc(w->units, cap * sizeof(*p));

		if (!p)
			return NULL;
		w->units = p;
		w->cap = cap;
	}
	if (!(u = malloc(sizeof(*u))))
		return NULL;
	unit_init(u);
	if (!(u->key = strndup(key, n))) {
		free(u);
		return NULL;
	}
	memmove(w->units + lo + 1, w->units + lo,
		(w->n - lo) * sizeof(*w->units));
	w->units[lo] = u;
	w->n++;
	return u;
}

static void walk_release(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->units[i]->key);
		free(w->units[i]);
	}
	free(w->units);
	free(w->hh);
}

/* The household read so far counts in its unit and the total. */
static void household_end(struct walk *w)
{
	if (!w->hh_unit)
		return;
	w->hh_unit->res[G_HOUSEHOLDS]++;
	w->hh_unit->sig[G_HOUSEHOLDS] += w->hh_signed;
	w->total.res[G_HOUSEHOLDS]++;
	w->total.sig[G_HOUSEHOLDS] += w->hh_signed;
	w->hh_unit = NULL;
	w->hh_signed = 0;
}

/* Start household no: the one before it counts. */
static int household_start(struct walk *w, const char *no)
{
	size_t n = strlen(no) + 1;

	household_end(w);
	if (n > w->hh_cap) {
		char *p = realloc(w->hh, n);

		if (!p)
			return nomem(w->db);
		w->hh = p;
		w->hh_cap = n;
	}
	memcpy(w->hh, no, n);
	return FDSS_OK;
}

static const char *text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* A 0/1 column as text. */
static int flag(const char *s)
{
	return s && strcmp(s, "0") != 0;
}

/* The groups at ref of the resident in row v. */
static int groups_of(struct walk *w, const char *const *v, unsigned *out)
{
	fdss_person p;
	const char *birth = v[2];

	memset(&p, 0, sizeof(p));
	if (fdss_date_parse(&p.birth_date, birth, NULL) != FDSS_OK)
		return fdss__db_fail(w->db, FDSS_EDATA, "household '%s': a "
				     "birth date '%.20s' that is not a date",
				     w->hh, birth ? birth : "");
	p.disabled = flag(v[3]);
	p.special_family = flag(v[4]);
	p.poverty = flag(v[5]);
	p.low_income = flag(v[6]);
	p.conditions = fdss_condition_list_parse(v[7]);
	p.elderly_age = w->elderly_age;
	*out = fdss_person_groups(&p, w->q->ref);
	return FDSS_OK;
}

/* Count one person of groups g, signed or not, in u and the total. */
static void count(struct walk *w, struct unit *u, unsigned g, int is_signed)
{
	size_t i;

	for (i = 0; i < G_HOUSEHOLDS; i++) {
		if (i != G_ALL && !(g & w->bit[i]))
			continue;
		u->res[i]++;
		u->sig[i] += is_signed;
		w->total.res[i]++;
		w->total.sig[i] += is_signed;
	}
}

/* One row of sql_walk, its FDSS__COV_COLS columns as text. */
static int person_row(void *arg, const char *const *v)
{
	struct walk *w = arg;
	const char *village = v[0], *no = v[1], *team = v[8];
	struct unit *u;
	unsigned g = 0;
	size_t n;
	int rc;

	if (!village || !no)
		return fdss__db_fail(w->db, FDSS_EINTERNAL, "a resident "
				     "without a household");
	if ((!w->hh || strcmp(w->hh, no)) &&
	    (rc = household_start(w, no)) != FDSS_OK)
		return rc;
	if ((rc = groups_of(w, v, &g)) != FDSS_OK)
		return rc;
	if (w->by == FDSS_REPORT_BY_TEAM) {
		u = team ? unit_of(w, team, strlen(team)) : &w->unsigned_row;
	} else {
		n = strlen(village);
		u = unit_of(w, village, n < w->len ? n : w->len);
	}
	if (!u)
		return nomem(w->db);
	count(w, u, g, team != NULL);
	/* a household is signed when a member is; by team it goes with
	 * the first team (by code) among its members', else unsigned */
	w->hh_signed |= team != NULL;
	if (!w->hh_unit)
		w->hh_unit = u;
	else if (w->by == FDSS_REPORT_BY_TEAM && team &&
		 (w->hh_unit == &w->unsigned_row ||
		  strcmp(team, w->hh_unit->key) < 0))
		w->hh_unit = u;
	return FDSS_OK;
}

/* Bind the walk's parameters by name. */
static int bind_walk(struct walk *w, sqlite3_stmt *st)
{
	char ref[FDSS_DATE_BUFSZ], lo[CODE_MAX + 1] = "", hi[CODE_MAX + 2];
	const char *area = w->q->area;
	int rc;

	fdss_date_format(ref, w->q->ref);
	snprintf(lo, sizeof(lo), "%s", area ? area : "");
	snprintf(hi, sizeof(hi), "%s:", area ? area : "");
	if ((rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st,
			":ref"), ref, -1, SQLITE_TRANSIENT)) ||
	    (rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st,
			":lo"), lo, -1, SQLITE_TRANSIENT)) ||
	    (rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st,
			":hi"), hi, -1, SQLITE_TRANSIENT)) ||
	    (w->q->team && (rc = sqlite3_bind_text(st,
			sqlite3_bind_parameter_index(st, ":team"), w->q->team,
			-1, SQLITE_TRANSIENT))))
		return fdss__db_bindfail(w->db, st, "cannot count the "
					 "residents");
	return FDSS_OK;
}

/* The walk of another engine (w->src), with the parameters bound. */
static int walk_src(struct walk *w)
{
	char ref[FDSS_DATE_BUFSZ], lo[CODE_MAX + 1] = "", hi[CODE_MAX + 2];
	const char *area = w->q->area;
	int rc;

	fdss_date_format(ref, w->q->ref);
	snprintf(lo, sizeof(lo), "%s", area ? area : "");
	snprintf(hi, sizeof(hi), "%s:", area ? area : "");
	if ((rc = w->src->walk(w->src->arg, w->db, lo, hi, ref, person_row,
			       w)) == FDSS_OK)
		household_end(w);
	return rc;
}

/* One row of sql_walk to person_row(), for fdss__walk(). */
static int walk_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const char *v[FDSS__COV_COLS];
	int i;

	(void)db;
	for (i = 0; i < FDSS__COV_COLS; i++)
		v[i] = text(st, i);
	return person_row(ctx, v);
}

static int walk_people(struct walk *w)
{
	sqlite3_stmt *st;
	int rc;

	if (w->src)
		return walk_src(w);
	if (!(st = fdss__db_prepare(w->db, sql_walk)))
		return fdss_db_error(w->db)->code;
	if ((rc = bind_walk(w, st)) != FDSS_OK)
		return rc;
	rc = fdss__walk(w->db, st, "cannot count the residents", walk_row, w);
	if (rc == FDSS_OK)
		household_end(w);
	return rc;
}

/* --- the records ------------------------------------------------------- */

/* One row of sql_census (group, people) into the figures at ctx. */
static int census_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	long long *census = ctx;
	int i;

	(void)db;
	if ((i = fdss_population_group_index(text(st, 0))) >= 0)
		census[i] = sqlite3_column_int64(st, 1);
	return FDSS_OK;
}

/* The census figures of area code for w->year into u->census. */
static int census_of(struct walk *w, const char *code, struct unit *u)
{
	sqlite3_stmt *st;

	if (w->src)
		return w->src->census(w->src->arg, w->db, code, w->year,
				      u->census);
	if (!(st = fdss__db_prepare(w->db, sql_census)))
		return fdss_db_error(w->db)->code;
	if (sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_int(st, 2, w->year))
		return fdss__db_bindfail(w->db, st, "cannot read the census");
	return fdss__walk(w->db, st, "cannot read the census", census_row,
			  u->census);
}

/* The name of the unit's code into *out (free() it), NULL if none. */
static int name_of(struct walk *w, const char *code, char **out)
{
	sqlite3_stmt *st;
	const char *s = NULL;
	int rc;

	*out = NULL;
	if (w->src && w->by != FDSS_REPORT_BY_TEAM) {
		if ((rc = w->src->name(w->src->arg, w->db, code, out)) ==
			    FDSS_OK && !*out && (s = fdss_region_name(code)) &&
		    !(*out = strdup(s)))
			rc = nomem(w->db);
		return rc;
	}
	st = fdss__db_prepare(w->db, w->by == FDSS_REPORT_BY_TEAM
					     ? sql_team_name : sql_area_name);
	if (!st)
		return fdss_db_error(w->db)->code;
	if (sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT))
		return fdss__db_bindfail(w->db, st, "cannot read a name");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = text(st, 0);
	else if (rc == SQLITE_DONE && w->by != FDSS_REPORT_BY_TEAM)
		s = fdss_region_name(code);
	else if (rc != SQLITE_DONE)
		rc = fdss__db_sqlfail(w->db, rc, "cannot read a name");
	if (s && !(*out = strdup(s)))
		rc = nomem(w->db);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? FDSS_OK : rc;
}

static int put_str(cJSON *o, const char *key, const char *s)
{
	return (s ? cJSON_AddStringToObject(o, key, s)
		  : cJSON_AddNullToObject(o, key)) != NULL;
}

static int put_num(cJSON *o, const char *key, double v, int is_null)
{
	return (is_null ? cJSON_AddNullToObject(o, key)
			: cJSON_AddNumberToObject(o, key, v)) != NULL;
}

/* What one record says of group i of u. */
struct figures {
	long long census;	/* -1 for none */
	long long base;		/* the denominator used */
	const char *denominator;	/* "roster" or "census" */
	long long rate10;	/* rate × 10, rounded; -1 when base is 0 */
	int targeted;		/* the row carries the target */
};

static void figures_of(const struct walk *w, const struct unit *u, size_t i,
		       struct figures *f)
{
	const struct unit *b = w->by == FDSS_REPORT_BY_TEAM ? &w->total : u;

	f->census = b == u ? u->census[i] : -1;
	f->denominator = b->census[i] >= 0 ? "census" : "roster";
	f->base = b->census[i] >= 0 ? b->census[i] : b->res[i];
	/* to one decimal, half up: (1000 s / b + 1/2) */
	f->rate10 = f->base > 0 ? ((long long)u->sig[i] * 2000 + f->base) /
				  (2 * f->base) : -1;
	f->targeted = w->target[i] >= 0 &&
		      (w->by != FDSS_REPORT_BY_TEAM || u == &w->total);
}

/* "name · group", the label of the record's bar in the chart. */
static int put_label(cJSON *o, const char *name, const char *group)
{
	const char *n = name ? name : "";
	size_t len = strlen(n) + strlen(group) + sizeof(" · ");
	char *s = malloc(len);
	int ok;

	if (!s)
		return 0;
	snprintf(s, len, "%s · %s", n, group);
	ok = cJSON_AddStringToObject(o, "label", s) != NULL;
	free(s);
	return ok;
}

/* The record of group i of unit u (unit code key, name). */
static cJSON *record(const struct walk *w, const struct unit *u, size_t i,
		     const char *key, const char *name)
{
	static const char *const by_names[] = {
		NULL, "county", "township", "village", "team"
	};
	cJSON *o = cJSON_CreateObject();
	struct figures f;

	figures_of(w, u, i, &f);
	if (o && cJSON_AddStringToObject(o, "type", "coverage") &&
	    cJSON_AddStringToObject(o, "by", by_names[w->by]) &&
	    put_str(o, "unit", key) && put_str(o, "name", name) &&
	    cJSON_AddStringToObject(o, "group", fdss_population_group(i)) &&
	    put_num(o, "residents", (double)u->res[i], 0) &&
	    put_num(o, "census", (double)f.census, f.census < 0) &&
	    cJSON_AddStringToObject(o, "denominator", f.denominator) &&
	    put_num(o, "base", (double)f.base, 0) &&
	    put_num(o, "signed", (double)u->sig[i], 0) &&
	    put_num(o, "rate", (double)f.rate10 / 10, f.rate10 < 0) &&
	    put_num(o, "target", w->target[i], !f.targeted) &&
	    (f.targeted && f.rate10 >= 0
		     ? cJSON_AddBoolToObject(o, "target_met",
					     f.rate10 >= w->target[i] * 10 -
							  1e-6)
		     : cJSON_AddNullToObject(o, "target_met")) &&
	    put_label(o, name, fdss_population_group(i)))
		return o;
	cJSON_Delete(o);
	return NULL;
}

/* Every group's record of u, in the order of fdss_population_group(). */
static int emit(struct walk *w, const struct unit *u, const char *key,
		const char *name, fdss_report_fn fn, void *arg)
{
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; i < NG && rc == FDSS_OK; i++) {
		cJSON *o = record(w, u, i, key, name);

		if (!o)
			return nomem(w->db);
		rc = fn(arg, o);
		cJSON_Delete(o);
	}
	return rc;
}

static int emit_units(struct walk *w, fdss_report_fn fn, void *arg)
{
	char *name = NULL;
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; i < w->n && rc == FDSS_OK; i++) {
		struct unit *u = w->units[i];

		if (w->by != FDSS_REPORT_BY_TEAM &&
		    (rc = census_of(w, u->key, u)) != FDSS_OK)
			break;
		if ((rc = name_of(w, u->key, &name)) == FDSS_OK)
			rc = emit(w, u, u->key, name, fn, arg);
		free(name);
		name = NULL;
	}
	if (rc == FDSS_OK && w->by == FDSS_REPORT_BY_TEAM && !w->q->team &&
	    w->unsigned_row.res[G_ALL])
		rc = emit(w, &w->unsigned_row, NULL, "未签约", fn, arg);
	if (rc == FDSS_OK)
		rc = emit(w, &w->total, "TOTAL", "TOTAL", fn, arg);
	return rc;
}

/* --- options ----------------------------------------------------------- */

static int check_query(fdss_db *db, const fdss_report_query *q)
{
	if (q->program || q->min_days || q->signed_only || q->from || q->to ||
	    q->year)
		return fdss__db_fail(db, FDSS_EINVAL, "report coverage takes "
				     "only --as-of, --by, --area, --team and "
				     "--target");
	return FDSS_OK;
}

/* --by and --area: the digits of the unit's code. */
static int check_units(struct walk *w)
{
	static const size_t len[] = { 0, 6, 9, 12, 0 };
	const fdss_report_query *q = w->q;
	int level, rc;

	w->by = q->by ? q->by : FDSS_REPORT_BY_TOWNSHIP;
	if (w->by < FDSS_REPORT_BY_COUNTY || w->by > FDSS_REPORT_BY_TEAM)
		return fdss__db_fail(w->db, FDSS_EINVAL, "--by: expected "
				     "county, township, village or team");
	w->len = len[w->by];
	if (w->src && (w->by == FDSS_REPORT_BY_TEAM || q->team))
		return fdss__db_fail(w->db, FDSS_EINVAL, "--by team and --team:"
				     " not from PostgreSQL (a team code "
				     "names a team of one county)");
	if (!q->area)
		return FDSS_OK;
	/* the store's areas are the counties': a bad code is refused */
	if ((!w->src || !fdss_area_level_of(q->area)) &&
	    (rc = fdss_area_exists(w->db, q->area)) != FDSS_OK)
		return rc;
	level = fdss_area_level_of(q->area);
	if (w->len && strlen(q->area) > w->len)
		return fdss__db_fail(w->db, FDSS_EINVAL, "--by %s: coarser "
				     "than --area %s (a %s)",
				     w->by == FDSS_REPORT_BY_COUNTY ? "county"
							     : "township",
				     q->area, fdss_area_level_name(level));
	return FDSS_OK;
}

static int check_team(struct walk *w)
{
	char *name = NULL;
	int by = w->by, rc;

	if (!w->q->team)
		return FDSS_OK;
	w->by = FDSS_REPORT_BY_TEAM;
	rc = name_of(w, w->q->team, &name);
	w->by = by;
	if (rc == FDSS_OK && !name)
		rc = fdss__db_fail(w->db, FDSS_ENOTFOUND, "team '%s': no such "
				   "team", w->q->team);
	free(name);
	return rc;
}

/* The groups' bits and targets. */
static int check_targets(struct walk *w)
{
	const fdss_report_query *q = w->q;
	size_t i;
	int g;

	for (i = 0; i < NG; i++) {
		w->bit[i] = fdss_group_parse(fdss_population_group(i));
		w->target[i] = -1;
	}
	for (i = 0; i < q->ntargets; i++) {
		if ((g = fdss_population_group_index(q->targets[i].group)) < 0)
			return fdss__db_fail(w->db, FDSS_EINVAL, "--target "
					     "'%.40s': no such group (expected "
					     "%s)", q->targets[i].group,
					     fdss_population_group_names());
		w->target[g] = q->targets[i].percent;
	}
	return FDSS_OK;
}

int fdss__report_coverage(fdss_db *db, const fdss_report_query *q,
			  fdss_report_fn fn, void *arg)
{
	return fdss__report_coverage_src(db, NULL, q, fn, arg);
}

int fdss__report_coverage_src(fdss_db *db, const struct fdss__cov_src *src,
			      const fdss_report_query *q, fdss_report_fn fn,
			      void *arg)
{
	struct walk w;
	fdss_rules r;
	int y, m, d, rc;

	memset(&w, 0, sizeof(w));
	w.db = db;
	w.src = src;
	w.q = q;
	unit_init(&w.unsigned_row);
	unit_init(&w.total);
	fdss_date_to_ymd(q->ref, &y, &m, &d);
	w.year = y;
	if ((rc = check_query(db, q)) != FDSS_OK ||
	    (rc = check_units(&w)) != FDSS_OK ||
	    (rc = check_team(&w)) != FDSS_OK ||
	    (rc = check_targets(&w)) != FDSS_OK)
		return rc;
	rc = fdss_rules_load(db, &r);
	w.elderly_age = r.elderly.min_age;
	if (rc == FDSS_OK && src)
		rc = src->elderly_age(src->arg, db, &w.elderly_age);
	if (rc == FDSS_OK && (rc = walk_people(&w)) == FDSS_OK &&
	    (!q->area || (rc = census_of(&w, q->area, &w.total)) == FDSS_OK))
		rc = emit_units(&w, fn, arg);
	walk_release(&w);
	return rc;
}

/* --- the spec ---------------------------------------------------------- */

static const fdss_report_column columns[] = {
	{ "by", "统计单位", "By", FDSS_REPORT_TEXT },
	{ "unit", "代码", "Code", FDSS_REPORT_TEXT },
	{ "name", "名称", "Name", FDSS_REPORT_TEXT },
	{ "group", "人群", "Group", FDSS_REPORT_TEXT },
	{ "residents", "常住人口(花名册)", "Residents (roster)",
	  FDSS_REPORT_INT },
	{ "census", "统计人口", "Census", FDSS_REPORT_INT },
	{ "denominator", "分母来源", "Denominator", FDSS_REPORT_TEXT },
	{ "base", "分母", "Base", FDSS_REPORT_INT },
	{ "signed", "签约人数", "Signed", FDSS_REPORT_INT },
	{ "rate", "签约率", "Coverage rate", FDSS_REPORT_RATE },
	{ "target", "目标", "Target", FDSS_REPORT_RATE },
	{ "target_met", "是否达标", "Target met", FDSS_REPORT_BOOL },
};

/* One bar per record: unit and group, its rate against its target. */
/* One chart per headline group, a bar per unit and the TOTAL, against
 * the group's target: the shape of the bureau's report. */
static const fdss_report_chart charts[] = {
	{ "name", "rate", "target", "签约率：全体居民",
	  "Coverage: all residents", "group", "all" },
	{ "name", "rate", "target", "签约率：重点人群",
	  "Coverage: priority groups", "group", "priority" },
	{ "name", "rate", "target", "签约率：建档立卡贫困人口",
	  "Coverage: poverty registry", "group", "poverty" },
	{ "name", "rate", "target", "签约率：家庭户",
	  "Coverage: households", "group", "households" },
};

const fdss_report_spec fdss__report_coverage_spec = {
	.type = "coverage",
	.zh = "家庭医生签约率",
	.en = "Family doctor contract coverage",
	.cols = columns,
	.ncols = sizeof(columns) / sizeof(columns[0]),
	.charts = charts,
	.ncharts = sizeof(charts) / sizeof(charts[0]),
};
