/*
 * setting.c: the settings table (domain.md "(cfg)").
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fdss/text.h"

/* ---- settings -------------------------------------------------------- */

static const char sql_get[] = "SELECT value FROM setting WHERE key = ?1";
static const char sql_set[] = "UPDATE setting SET value = ?2 WHERE key = ?1";
static const char sql_list[] = "SELECT key, value FROM setting ORDER BY key";

/* 1 if s is a whole number >= 0 that fits a long long, into *out. */
static int whole(const char *s, long long *out)
{
	long long v;

	if (fdss_int_parse(&v, s, 0, LLONG_MAX, NULL) != FDSS_OK)
		return 0;
	if (out)
		*out = v;
	return 1;
}

int fdss_setting_get(fdss_db *db, const char *key, char *out, size_t n)
{
	sqlite3_stmt *st;
	int rc;

	if (!key)
		return fdss__db_fail(db, FDSS_EINVAL, "no setting named");
	if (!(st = fdss__db_prepare(db, sql_get)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, key, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the settings");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rc = fdss__copy(out, n, fdss__col(st, 0))
			     ? FDSS_OK
			     : fdss__db_fail(db, FDSS_EINVAL, "setting '%s': "
					     "value too long", key);
	} else if (rc == SQLITE_DONE) {
		rc = fdss__db_fail(db, FDSS_ENOTFOUND, "no setting '%s'", key);
	} else {
		rc = fdss__db_sqlfail(db, rc, "cannot read the settings");
	}
	sqlite3_reset(st);
	return rc;
}

int fdss_setting_get_int(fdss_db *db, const char *key, long long *out)
{
	char buf[64];
	int rc;

	if ((rc = fdss_setting_get(db, key, buf, sizeof(buf))) != FDSS_OK)
		return rc;
	if (!whole(buf, out))
		return fdss__db_fail(db, FDSS_EDATA, "setting '%s': '%s' is "
				     "not a whole number", key, buf);
	return FDSS_OK;
}

/* {"key":…, "value":…} for the audit log. */
static cJSON *setting_json(const char *key, const char *value)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "key", key) &&
	    fdss__put_str(rec, "value", value))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

/* The value of setting key, whole, into *out (the caller's to free()). */
static int get_copy(fdss_db *db, const char *key, char **out)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (!(st = fdss__db_prepare(db, sql_get)))
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, key, 0))
		return fdss__db_bindfail(db, st, "cannot read the settings");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = (*out = strdup(fdss__col(st, 0)))
			     ? FDSS_OK
			     : fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	else if (rc == SQLITE_DONE)
		rc = fdss__db_fail(db, FDSS_ENOTFOUND, "no setting '%s'", key);
	else
		rc = fdss__db_sqlfail(db, rc, "cannot read the settings");
	sqlite3_reset(st);
	return rc;
}

static int set_value(fdss_db *db, const char *key, const char *old,
		     const char *value, const char *reason)
{
	cJSON *before = NULL, *after = NULL;
	sqlite3_stmt *st;
	int rc;

	if (whole(old, NULL) && !whole(value, NULL))
		return fdss__db_fail(db, FDSS_EINVAL, "setting '%s': '%s' is "
				     "not a whole number", key, value);
	if (strcmp(key, FDSS_SETTING_COUNTY) == 0 && *value &&
	    fdss_area_level_of(value) != FDSS_AREA_COUNTY)
		return fdss__db_fail(db, FDSS_EINVAL, "setting '%s': '%s' is "
				     "not a county code (6 digits)", key, value);
	if (!(st = fdss__db_prepare(db, sql_set)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, key, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, value, 0)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot change the settings");
	}
	sqlite3_reset(st);
	if (!(before = setting_json(key, old)) ||
	    !(after = setting_json(key, value)))
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	else
		rc = fdss__audit_json(db, "setting", key, before, after,
				      reason);
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

static int set_in_tx(fdss_db *db, const char *key, const char *value,
		     const char *reason)
{
	char *old;
	int rc;

	if ((rc = get_copy(db, key, &old)) != FDSS_OK)
		return rc;
	rc = set_value(db, key, old, value, reason);
	free(old);
	return rc;
}

int fdss_setting_set(fdss_db *db, const char *key, const char *value,
		     const char *reason)
{
	int nested, rc;

	if (!key || !value)
		return fdss__db_fail(db, FDSS_EINVAL, "no setting or value");
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	return fdss__tx_end(db, nested, set_in_tx(db, key, value, reason));
}

/* What fdss_setting_list() hands to each row. */
struct setting_walk {
	int (*fn)(const char *key, const char *value, void *arg);
	void *arg;
};

static int setting_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct setting_walk *w = ctx;

	(void)db;
	return w->fn(fdss__col(st, 0), fdss__col(st, 1), w->arg);
}

int fdss_setting_list(fdss_db *db,
		      int (*fn)(const char *key, const char *value, void *arg),
		      void *arg)
{
	struct setting_walk w = { fn, arg };
	sqlite3_stmt *st;

	if (!(st = fdss__db_prepare(db, sql_list)))
		return fdss_db_error(db)->code;
	return fdss__walk(db, st, "cannot read the settings", setting_row, &w);
}
