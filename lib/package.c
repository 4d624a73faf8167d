/*
 * package.c: service packages — the eligibility rule, reading and
 * changing the packages, and the "package" record.  Fees are in fee.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define PACKAGE_COLS \
	"SELECT code, name, name_zh, min_age, max_age, sex, condition," \
	" personalised, description FROM package"
static const char sql_get[] = PACKAGE_COLS " WHERE code = ?1";
static const char sql_list[] = PACKAGE_COLS " ORDER BY rowid";
static const char sql_set[] =
	"UPDATE package SET min_age = ?2, max_age = ?3, sex = ?4,"
	" condition = ?5 WHERE code = ?1";

/* ---- the rule -------------------------------------------------------- */

/* "ages 0 to 6", "ages 65 and over", "ages up to 6" into buf. */
static void age_range(char *buf, size_t n, const fdss_package *p)
{
	if (p->min_age >= 0 && p->max_age >= 0)
		snprintf(buf, n, "ages %d to %d", p->min_age, p->max_age);
	else if (p->min_age >= 0)
		snprintf(buf, n, "ages %d and over", p->min_age);
	else
		snprintf(buf, n, "ages up to %d", p->max_age);
}

static int age_fits(const fdss_package *p, int age)
{
	if (p->min_age < 0 && p->max_age < 0)
		return 1;
	return age >= 0 && (p->min_age < 0 || age >= p->min_age) &&
	       (p->max_age < 0 || age <= p->max_age);
}

/* Write the reason into why (size n, may be NULL) and return 0. */
static int refuse(char *why, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (why && n) {
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return 0;
}

int fdss_package_eligible(const fdss_package *p, char sex, int age,
			  unsigned conditions, char *why, size_t n)
{
	char range[64];

	if (p->sex && sex != p->sex)
		return refuse(why, n, "package '%s' is for %s only; this "
			      "person is %s", p->code,
			      p->sex == 'F' ? "women" : "men",
			      sex == 'F' ? "a woman" : "a man");
	if (!age_fits(p, age)) {
		age_range(range, sizeof(range), p);
		if (age < 0)
			return refuse(why, n, "package '%s' is for %s; not "
				      "born yet", p->code, range);
		return refuse(why, n, "package '%s' is for %s; %d year%s old",
			      p->code, range, age, age == 1 ? "" : "s");
	}
	if (p->condition == FDSS_COND_CHRONIC && !conditions)
		return refuse(why, n, "package '%s' is for people with a "
			      "chronic condition or serious illness; none "
			      "recorded", p->code);
	if (p->condition && p->condition != FDSS_COND_CHRONIC &&
	    !(conditions & p->condition))
		return refuse(why, n, "package '%s' is for people with %s; "
			      "none recorded", p->code,
			      fdss_condition_name(p->condition));
	if (why && n)
		why[0] = '\0';
	return 1;
}

/* ---- reading --------------------------------------------------------- */

static int col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? -1
		       : sqlite3_column_int(st, i);
}

static void read_package(sqlite3_stmt *st, fdss_package *p)
{
	fdss__copy(p->code, sizeof(p->code), fdss__col(st, 0));
	fdss__copy(p->name, sizeof(p->name), fdss__col(st, 1));
	fdss__copy(p->name_zh, sizeof(p->name_zh), fdss__col(st, 2));
	p->min_age = col_int(st, 3);
	p->max_age = col_int(st, 4);
	p->sex = fdss__col(st, 5)[0];
	p->condition = fdss_condition_parse(fdss__col(st, 6));
	p->personalised = sqlite3_column_int(st, 7);
	fdss__copy(p->description, sizeof(p->description), fdss__col(st, 8));
}

int fdss_package_get(fdss_db *db, const char *code, fdss_package *out)
{
	sqlite3_stmt *st;
	int rc;

	if (!code)
		return fdss__db_fail(db, FDSS_EINVAL, "no package code");
	if (!(st = fdss__db_prepare(db, sql_get)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, code, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the packages");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_package(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return FDSS_OK;
	if (rc == SQLITE_DONE)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no package '%s'",
				     code);
	return fdss__db_sqlfail(db, rc, "cannot read the packages");
}

FDSS__WALK_ROW(package, fdss_package, read_package)

int fdss_package_list(fdss_db *db,
		      int (*fn)(const fdss_package *p, void *arg), void *arg)
{
	struct package_walk w = { fn, arg };
	sqlite3_stmt *st;

	if (!(st = fdss__db_prepare(db, sql_list)))
		return fdss_db_error(db)->code;
	return fdss__walk(db, st, "cannot read the packages", package_row,
			  &w);
}

/* ---- changing -------------------------------------------------------- */

static int check_eligibility(fdss_db *db, const fdss_package *p)
{
	const char *code = p->code;

	if (p->min_age < -1 || p->min_age > FDSS_PACKAGE_AGE_MAX ||
	    p->max_age < -1 || p->max_age > FDSS_PACKAGE_AGE_MAX)
		return fdss__db_fail(db, FDSS_EINVAL, "package '%s': ages "
				     "must be 0 to %d", code,
				     FDSS_PACKAGE_AGE_MAX);
	if (p->min_age >= 0 && p->max_age >= 0 && p->min_age > p->max_age)
		return fdss__db_fail(db, FDSS_EINVAL, "package '%s': minimum "
				     "age %d is above the maximum %d", code,
				     p->min_age, p->max_age);
	if (p->sex && p->sex != 'M' && p->sex != 'F')
		return fdss__db_fail(db, FDSS_EINVAL, "package '%s': sex must "
				     "be M, F or any", code);
	if (p->condition && !fdss_condition_name(p->condition))
		return fdss__db_fail(db, FDSS_EINVAL, "package '%s': one "
				     "condition expected", code);
	return FDSS_OK;
}

static int bind_age(sqlite3_stmt *st, int i, int age)
{
	return age < 0 ? sqlite3_bind_null(st, i)
		       : sqlite3_bind_int(st, i, age);
}

static int set_in_tx(fdss_db *db, const fdss_package *p, const char *reason)
{
	fdss_package old, now;
	char sex[2] = { p->sex, '\0' };
	cJSON *before = NULL, *after = NULL;
	sqlite3_stmt *st;
	int rc;

	if ((rc = fdss_package_get(db, p->code, &old)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, sql_set)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, p->code, 0)) != SQLITE_OK ||
	    (rc = bind_age(st, 2, p->min_age)) != SQLITE_OK ||
	    (rc = bind_age(st, 3, p->max_age)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 4, sex, 1)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 5, fdss_condition_name(p->condition),
				  1)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot change the package");
	}
	sqlite3_reset(st);
	if ((rc = fdss_package_get(db, p->code, &now)) != FDSS_OK)
		return rc;
	if (!(before = fdss_package_to_json(&old)) ||
	    !(after = fdss_package_to_json(&now)))
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	else
		rc = fdss__audit_json(db, "package", p->code, before, after,
				      reason);
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

int fdss_package_set(fdss_db *db, const fdss_package *p, const char *reason)
{
	int nested, rc;

	if ((rc = check_eligibility(db, p)) != FDSS_OK)
		return rc;
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	return fdss__tx_end(db, nested, set_in_tx(db, p, reason));
}

/* ---- the record ------------------------------------------------------ */

cJSON *fdss_package_to_json(const fdss_package *p)
{
	char sex[2] = { p->sex, '\0' };
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "package") &&
	    fdss__put_str(rec, "code", p->code) &&
	    fdss__put_str(rec, "name", p->name) &&
	    fdss__put_str(rec, "name_zh", p->name_zh) &&
	    fdss__put_int(rec, "min_age", p->min_age, p->min_age < 0) &&
	    fdss__put_int(rec, "max_age", p->max_age, p->max_age < 0) &&
	    fdss__put_str(rec, "sex", sex) &&
	    fdss__put_str(rec, "condition",
			  fdss_condition_name(p->condition)) &&
	    fdss__put_bool(rec, "personalised", p->personalised) &&
	    fdss__put_str(rec, "description", p->description))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}
