/*
 * fee.c: the fee schedule — annual fees per package, person, payer,
 * area prefix and effective date — its lookup, the payer split and the
 * yuan/fen conversions.  Money is integer fen throughout.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define YUAN_DIGITS_MAX 12	/* digits before the point */
#define FEN_MAX 100000000000000LL /* 10^12 yuan, in fen */

#define FEE_COLS \
	"SELECT f.id, f.package_code, f.effective_from, f.area_prefix," \
	" f.public_health_fen, f.insurance_fen, f.resident_fen," \
	" f.poverty_subsidy FROM fee_schedule f"
static const char sql_lookup[] =
	FEE_COLS " WHERE f.package_code = ?1 AND f.effective_from <= ?2"
	" AND substr(?3, 1, length(f.area_prefix)) = f.area_prefix"
	" ORDER BY length(f.area_prefix) DESC, f.effective_from DESC LIMIT 1";
static const char sql_find[] =
	FEE_COLS " WHERE f.package_code = ?1 AND f.area_prefix = ?2"
	" AND f.effective_from = ?3";
static const char sql_list[] =
	FEE_COLS " JOIN package p ON p.code = f.package_code"
	" WHERE ?1 IS NULL OR f.package_code = ?1"
	" ORDER BY p.rowid, f.area_prefix, f.effective_from";
static const char sql_insert[] =
	"INSERT INTO fee_schedule (package_code, area_prefix, effective_from,"
	" public_health_fen, insurance_fen, resident_fen, poverty_subsidy)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_update[] =
	"UPDATE fee_schedule SET public_health_fen = ?4, insurance_fen = ?5,"
	" resident_fen = ?6, poverty_subsidy = ?7"
	" WHERE package_code = ?1 AND area_prefix = ?2 AND effective_from = ?3";

/* ---- money ----------------------------------------------------------- */

int fdss_yuan_parse(const char *s, int64_t *fen)
{
	int64_t yuan = 0, cents = 0;
	size_t i = 0, nfrac;

	if (!s)
		return FDSS_EINVAL;
	while (s[i] >= '0' && s[i] <= '9') {
		if (i == YUAN_DIGITS_MAX)
			return FDSS_EINVAL;
		yuan = yuan * 10 + (s[i++] - '0');
	}
	if (i == 0)
		return FDSS_EINVAL;
	if (s[i] == '.') {
		s += i + 1;
		nfrac = strspn(s, "0123456789");
		if (nfrac < 1 || nfrac > 2 || s[nfrac])
			return FDSS_EINVAL;
		cents = (s[0] - '0') * 10 + (nfrac == 2 ? s[1] - '0' : 0);
	} else if (s[i]) {
		return FDSS_EINVAL;
	}
	*fen = yuan * 100 + cents;
	return FDSS_OK;
}

char *fdss_fen_format(char *buf, size_t n, int64_t fen)
{
	uint64_t abs = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;

	snprintf(buf, n, "%s%llu.%02llu", fen < 0 ? "-" : "",
		 (unsigned long long)(abs / 100),
		 (unsigned long long)(abs % 100));
	return buf;
}

/* ---- the rules ------------------------------------------------------- */

int64_t fdss_fee_total(const fdss_fee *f)
{
	return f->public_health + f->insurance + f->resident;
}

/* ---- reading --------------------------------------------------------- */

static void read_fee(sqlite3_stmt *st, fdss_fee *f)
{
	fdss__copy(f->package, sizeof(f->package), fdss__col(st, 1));
	fdss__copy(f->effective_from, sizeof(f->effective_from),
		   fdss__col(st, 2));
	fdss__copy(f->area_prefix, sizeof(f->area_prefix), fdss__col(st, 3));
	f->public_health = sqlite3_column_int64(st, 4);
	f->insurance = sqlite3_column_int64(st, 5);
	f->resident = sqlite3_column_int64(st, 6);
	f->poverty_subsidy = sqlite3_column_int(st, 7);
}

/* Step st once: a row into *out (FDSS_OK) or FDSS_ENOTFOUND, no message. */
static int step_one(fdss_db *db, sqlite3_stmt *st, fdss_fee *out,
		    int64_t *id)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		read_fee(st, out);
		if (id)
			*id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return FDSS_OK;
	if (rc == SQLITE_DONE)
		return FDSS_ENOTFOUND;
	return fdss__db_sqlfail(db, rc, "cannot read the fee schedule");
}

int fdss_fee_lookup(fdss_db *db, const char *package,
		    const char *village_code, fdss_date on, fdss_fee *out)
{
	char date[FDSS_DATE_BUFSZ];
	sqlite3_stmt *st;
	int rc;

	if (!package)
		return fdss__db_fail(db, FDSS_EINVAL, "no package code");
	if (!village_code)
		village_code = "";
	if (!(st = fdss__db_prepare(db, sql_lookup)))
		return fdss_db_error(db)->code;
	fdss_date_format(date, on);
	if ((rc = fdss__bind_text(st, 1, package, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, date, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 3, village_code, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the fee schedule");
	rc = step_one(db, st, out, NULL);
	if (rc == FDSS_ENOTFOUND)
		return fdss__db_fail(db, rc, "no fee for package '%s' in '%s' "
				     "on %s", package, village_code, date);
	return rc;
}

FDSS__WALK_ROW(fee, fdss_fee, read_fee)

int fdss_fee_list(fdss_db *db, const char *package,
		  int (*fn)(const fdss_fee *f, void *arg), void *arg)
{
	struct fee_walk w = { fn, arg };
	fdss_package p;
	sqlite3_stmt *st;
	int rc;

	if (package && (rc = fdss_package_get(db, package, &p)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, sql_list)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, package, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the fee schedule");
	return fdss__walk(db, st, "cannot read the fee schedule", fee_row, &w);
}

/* ---- changing -------------------------------------------------------- */

static int prefix_valid(const char *s)
{
	size_t n = strlen(s);

	return strspn(s, "0123456789") == n &&
	       (n == 0 || fdss_area_level_of(s) != FDSS_AREA_INVALID);
}

static int check_fee(fdss_db *db, const fdss_fee *f)
{
	fdss_date d;

	if (fdss_date_parse(&d, f->effective_from, NULL) != FDSS_OK)
		return fdss__db_fail(db, FDSS_EINVAL, "effective date '%s': "
				     "YYYY-MM-DD expected", f->effective_from);
	if (!prefix_valid(f->area_prefix))
		return fdss__db_fail(db, FDSS_EINVAL, "area prefix '%s': "
				     "empty or 2, 4, 6, 9 or 12 digits "
				     "expected", f->area_prefix);
	if (f->public_health < 0 || f->insurance < 0 || f->resident < 0 ||
	    f->public_health > FEN_MAX || f->insurance > FEN_MAX ||
	    f->resident > FEN_MAX)
		return fdss__db_fail(db, FDSS_EINVAL, "fee amounts must be 0 "
				     "or more (and sensible)");
	return FDSS_OK;
}

/* Bind f's key (package, area prefix, date) to ?1..?3. */
static int bind_key(sqlite3_stmt *st, const fdss_fee *f)
{
	int rc;

	if ((rc = fdss__bind_text(st, 1, f->package, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, f->area_prefix, 0)) != SQLITE_OK)
		return rc;
	return fdss__bind_text(st, 3, f->effective_from, 0);
}

/* Bind f's key and its amounts to ?1..?7. */
static int bind_fee(sqlite3_stmt *st, const fdss_fee *f)
{
	int rc;

	if ((rc = bind_key(st, f)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(st, 4, f->public_health)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(st, 5, f->insurance)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(st, 6, f->resident)) != SQLITE_OK)
		return rc;
	return sqlite3_bind_int(st, 7, f->poverty_subsidy ? 1 : 0);
}

/* The stored row of f's key into *old and its id; FDSS_ENOTFOUND if none. */
static int find_row(fdss_db *db, const fdss_fee *f, fdss_fee *old,
		    int64_t *id)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_find);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if ((rc = bind_key(st, f)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the fee schedule");
	return step_one(db, st, old, id);
}

static int write_row(fdss_db *db, const char *sql, const fdss_fee *f)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if ((rc = bind_fee(st, f)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot write the fees");
	}
	sqlite3_reset(st);
	return FDSS_OK;
}

static int set_in_tx(fdss_db *db, const fdss_fee *f, const char *reason,
		     int *replaced)
{
	fdss_package p;
	fdss_fee old, now;
	cJSON *before = NULL, *after = NULL;
	int64_t id = 0;
	char key[24];
	int rc, found;

	if ((rc = fdss_package_get(db, f->package, &p)) != FDSS_OK)
		return rc;
	rc = find_row(db, f, &old, &id);
	if (rc != FDSS_OK && rc != FDSS_ENOTFOUND)
		return rc;
	found = rc == FDSS_OK;
	if ((rc = write_row(db, found ? sql_update : sql_insert, f)) ||
	    (rc = find_row(db, f, &now, &id)) != FDSS_OK)
		return rc == FDSS_ENOTFOUND ? FDSS_EINTERNAL : rc;
	if (replaced)
		*replaced = found;
	snprintf(key, sizeof(key), "%lld", (long long)id);
	if ((found && !(before = fdss_fee_to_json(&old))) ||
	    !(after = fdss_fee_to_json(&now)))
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	else
		rc = fdss__audit_json(db, "fee_schedule", key, before, after,
				      reason);
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

int fdss_fee_set(fdss_db *db, const fdss_fee *f, const char *reason,
		 int *replaced)
{
	int nested, rc;

	if ((rc = check_fee(db, f)) != FDSS_OK)
		return rc;
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	return fdss__tx_end(db, nested, set_in_tx(db, f, reason, replaced));
}

/* ---- the record ------------------------------------------------------ */

cJSON *fdss_fee_to_json(const fdss_fee *f)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "fee") &&
	    fdss__put_str(rec, "package", f->package) &&
	    fdss__put_str(rec, "effective_from", f->effective_from) &&
	    cJSON_AddStringToObject(rec, "area_prefix", f->area_prefix) &&
	    fdss__put_int(rec, "public_health_fen", f->public_health, 0) &&
	    fdss__put_int(rec, "insurance_fen", f->insurance, 0) &&
	    fdss__put_int(rec, "resident_fen", f->resident, 0) &&
	    fdss__put_int(rec, "total_fen", fdss_fee_total(f), 0) &&
	    fdss__put_bool(rec, "poverty_subsidy", f->poverty_subsidy))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}
