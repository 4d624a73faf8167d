/*
 * contract_batch.c: the batch — one transaction in which contracts are
 * signed, reviewed, renewed and terminated request by request, and what
 * every request shares: the rejection, the package cache, a contract
 * found by number, the audit entry of a change.  A rejected request is
 * reported with its reason and changes nothing; the batch commits the
 * rest, or nothing with atomic or dry_run.  Every change is audited in
 * the same transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"

static const char sql_temp[] =
	"CREATE TEMP TABLE IF NOT EXISTS fdss_due ("
	" id INTEGER PRIMARY KEY);"
	"CREATE TEMP TABLE IF NOT EXISTS fdss_ended ("
	" id INTEGER PRIMARY KEY);"
	"DELETE FROM temp.fdss_due; DELETE FROM temp.fdss_ended;";


static const char sql_last_id[] = "SELECT ifnull(max(id), 0) FROM contract";

/* How much of a village code the fee schedule can tell apart. */
static const char sql_fee_key_len[] =
	"SELECT ifnull(max(length(area_prefix)), 0) FROM fee_schedule";

/* Step a statement that returns no rows; reset it. */
int fdss__batch_exec(fdss_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FDSS_OK : fdss__db_sqlfail(db, rc, what);
}

int fdss__batch_reject(fdss_contract_batch *b, const char *subject,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->why, sizeof(b->why), fmt, ap);
	va_end(ap);
	return fdss__batch_rejected(&b->core, subject, b->why);
}

void fdss_contract_batch_reject(fdss_contract_batch *b, const char *subject,
				const char *reason)
{
	b->core.read++;
	fdss__batch_reject(b, subject, "%s", reason);
}

const fdss_package *fdss__batch_package(fdss_contract_batch *b,
					const char *code)
{
	size_t i;

	for (i = 0; code && i < b->npkgs; i++)
		if (strcmp(b->pkgs[i].code, code) == 0)
			return &b->pkgs[i];
	return NULL;
}

static int cache_package(const fdss_package *p, void *arg)
{
	fdss_contract_batch *b = arg;

	if (b->npkgs < PACKAGE_SLOTS)
		b->pkgs[b->npkgs++] = *p;
	return 0;
}

/* The one integer sql selects into *out; what names it on a failure. */
static int scalar(fdss_contract_batch *b, const char *sql, int64_t *out,
		  const char *what)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql);
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? FDSS_OK : fdss__db_sqlfail(b->db, rc, what);
}

/* The last contract id before the batch: the batch's come after. */
static int last_id(fdss_contract_batch *b)
{
	return scalar(b, sql_last_id, &b->last_id, "cannot read contracts");
}

/* The fee cache's key is the village cut to the longest area prefix
 * of the schedule: only those characters can match (fee.c). */
static int fee_key_len(fdss_contract_batch *b)
{
	int64_t n = 0;
	int rc = scalar(b, sql_fee_key_len, &n,
			"cannot read the fee schedule");

	b->fee_key_len = (size_t)n;
	return rc;
}

/* A setting of the batch: its defaults are the seeded rows, nowhere else. */
static int setting(fdss_contract_batch *b, const char *key, long long *v)
{
	return fdss_setting_get_int(b->db, key, v);
}

int fdss_contract_batch_open(fdss_contract_batch **out, fdss_db *db,
			     const fdss_contract_opts *o)
{
	const struct fdss__batch core = FDSS__BATCH_INIT(db, o, "requests");
	fdss_contract_batch *b;
	fdss_rules rules;
	int rc;

	*out = NULL;
	/* a bigger page cache for the run, as an import has */
	if (!(b = fdss__batch_open(sizeof(*b), &core, FDSS__BATCH_BIG_CACHE)))
		return fdss_db_error(db)->code;
	b->db = db;
	b->o = *o;
	b->seq = -1;
	if ((rc = fdss_db_exec(db, sql_temp)) != FDSS_OK ||
	    (rc = last_id(b)) != FDSS_OK ||
	    (rc = fee_key_len(b)) != FDSS_OK ||
	    (rc = setting(b, FDSS_SETTING_DOCTOR_LIMIT, &b->doctor_limit)) ||
	    (rc = setting(b, FDSS_SETTING_RENEWAL_GRACE, &b->grace_days)) ||
	    (rc = setting(b, FDSS_SETTING_RENEWAL_REMINDER,
			  &b->reminder_days)) ||
	    (rc = fdss_rules_load(db, &rules)) != FDSS_OK ||
	    (rc = fdss_package_list(db, cache_package, b)) != FDSS_OK) {
		fdss_contract_batch_free(b);
		return rc;
	}
	b->elderly_age = rules.elderly.min_age;
	*out = b;
	return FDSS_OK;
}

int fdss_contract_batch_finish(fdss_contract_batch *b,
			       fdss_contract_stats *stats)
{
	int rc = fdss__batch_finish(&b->core, FDSS_OK);

	FDSS__BATCH_STATS(&b->st, &b->core, requests);
	if (stats)
		*stats = b->st;
	return rc;
}

void fdss_contract_batch_free(fdss_contract_batch *b)
{
	if (!b)
		return;
	fdss__cbuild_release(&b->cur);
	fdss_jbuf_release(&b->text);
	fdss__batch_free(&b->core);
}

/* --- changing one contract ------------------------------------------------- */

/* Load contract number into b->cur (whole, or only its own row); a
 * missing one is rejected. */
int fdss__batch_find(fdss_contract_batch *b, const char *number, int whole)
{
	int64_t id;
	int rc;

	fdss__cbuild_reset(&b->cur);
	if (!(id = fdss__contract_id(b->db, number, &rc)))
		return rc != FDSS_OK ? rc
		       : fdss__batch_reject(b, number, "no such contract");
	return fdss__contract_load_part(b->db, id, &b->cur, whole);
}

/* Start an audit entry: the object before in *bj (the caller's,
 * released by audit_end()), the object after in b->text. */
void fdss__batch_audit_begin(fdss_contract_batch *b, fdss_jbuf *bj)
{
	fdss_jbuf_reset(&b->text);
	fdss_jbuf_open(bj, '{');
	fdss_jbuf_open(&b->text, '{');
}

/* Close the objects and write the entry of table row key; releases
 * *bj.  The JSON writer escapes every value whole, whatever its length
 * and content. */
int fdss__batch_audit_end(fdss_contract_batch *b, const char *table,
		     const char *key, fdss_jbuf *bj, const char *reason)
{
	int rc;

	fdss_jbuf_close(bj, '}');
	fdss_jbuf_close(&b->text, '}');
	if (fdss_jbuf_rc(bj) != FDSS_OK || fdss_jbuf_rc(&b->text) != FDSS_OK)
		rc = fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	else
		rc = fdss_audit_record(b->db, table, key, bj->s, b->text.s,
				       reason);
	fdss_jbuf_release(bj);
	return rc;
}
