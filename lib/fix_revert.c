/*
 * fix_revert.c: `fdss audit revert` — an audit entry undone as a fix
 * that sets its row's fields back to what the entry says they were,
 * through the same rules, itself audited.  Refused when a later entry
 * changed the same row (it would be overwritten), when the entry holds
 * a field no fix can set (an entry of another command), or when the
 * old value breaks a rule now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix_int.h"

/* The entry, copied out of the audit log. */
struct entry {
	int64_t id;
	char *table, *key;
	cJSON *before, *after;
};

static int copy_entry(const fdss_audit_entry *e, void *arg)
{
	struct entry *en = arg;

	en->id = e->id;
	if (!(en->table = strdup(e->table_name)) ||
	    !(en->key = strdup(e->row_key)))
		return FDSS_ENOMEM;
	if (e->before && fdss_json_parse(&en->before, e->before,
					 strlen(e->before), NULL) != FDSS_OK)
		return FDSS_ENOMEM;
	if (e->after && fdss_json_parse(&en->after, e->after,
					strlen(e->after), NULL) != FDSS_OK)
		return FDSS_ENOMEM;
	return FDSS_OK;
}

static void entry_release(struct entry *en)
{
	free(en->table);
	free(en->key);
	cJSON_Delete(en->before);
	cJSON_Delete(en->after);
}

/* The row's key now: a person's (or their condition's) ID number as
 * the entry left it; *out the caller's to free(). */
static char *key_now(const struct entry *en, int table)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(en->after,
							   "id_number");
	const char *colon = strchr(en->key, ':');
	size_t n;
	char *k;

	if (!cJSON_IsString(id) || (table != FDSS_FIX_PERSON &&
				    !(table == FDSS_FIX_CONDITION && colon)))
		return strdup(en->key);
	n = strlen(id->valuestring) + (colon ? strlen(colon) : 0) + 1;
	if ((k = malloc(n)))
		snprintf(k, n, "%s%s", id->valuestring,
			 table == FDSS_FIX_CONDITION ? colon : "");
	return k;
}

static const char sql_later[] =
	"SELECT id, operator, at, after FROM audit_log WHERE id > ?1"
	" AND table_name = ?2 AND (row_key = ?3 OR row_key = ?4)"
	" ORDER BY id";

/* Whether after (JSON text, NULL: a deletion) sets a field of en's
 * (one the rules compute, such as a visit's classification, does not
 * count: it follows the others). */
static int overlaps(const struct entry *en, const char *after)
{
	cJSON *a = NULL;
	const cJSON *v;
	int hit = 0;

	if (!after || fdss_json_parse(&a, after, strlen(after), NULL))
		return 1;
	cJSON_ArrayForEach(v, a)
		if (cJSON_GetObjectItemCaseSensitive(en->after, v->string) &&
		    fdss__fix_field(fdss_fix_table_parse(en->table),
				    v->string) != 0)
			hit = 1;
	cJSON_Delete(a);
	return hit;
}

/* A later entry that set a field of en's row that en set too (its
 * change would be overwritten): FDSS_EDATA naming it on the handle. */
static int later_change(fdss_db *db, const struct entry *en, const char *now)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_later);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 1, en->id) ||
	    fdss__bind_text(st, 2, en->table, 0) ||
	    fdss__bind_text(st, 3, en->key, 0) || fdss__bind_text(st, 4, now, 0))
		return fdss__db_bindfail(db, st, "cannot read the audit log");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (overlaps(en, (const char *)sqlite3_column_text(st, 3)))
			break;
	if (rc == SQLITE_ROW)
		rc = fdss__db_fail(db, FDSS_EDATA, "%s '%s' was changed again "
				   "by entry %lld (%s, %s): revert that first",
				   en->table, now,
				   (long long)sqlite3_column_int64(st, 0),
				   fdss__col(st, 1), fdss__col(st, 2));
	else if (rc == SQLITE_DONE)
		rc = FDSS_OK;
	else
		rc = fdss__db_sqlfail(db, rc, "cannot read the audit log");
	sqlite3_reset(st);
	return rc;
}

/* The fields to set back: each fixable one of the entry's after, to
 * its value before (null when it had none). */
static int old_values(fdss_db *db, const struct entry *en, int table,
		      cJSON *set)
{
	const cJSON *v, *old;
	int k;

	if (!cJSON_IsObject(en->before) || !cJSON_IsObject(en->after))
		return fdss__db_fail(db, FDSS_EDATA, "%s: nothing to set back",
				     en->before ? "a deletion" : "an insertion");
	cJSON_ArrayForEach(v, en->after) {
		if ((k = fdss__fix_field(table, v->string)) < 0)
			return fdss__fix_unfixable(db, table, v->string);
		old = cJSON_GetObjectItemCaseSensitive(en->before, v->string);
		if (k && !cJSON_AddItemToObject(set, v->string, old
				? cJSON_Duplicate(old, 1) : cJSON_CreateNull()))
			return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	}
	return FDSS_OK;
}

/* The request that undoes en, into r (set and key the caller's). */
static int undo_request(fdss_fix_batch *b, const struct entry *en,
			fdss_fix_req *r, cJSON *set, char **key)
{
	int table = fdss_fix_table_parse(en->table), rc;

	if (!table)
		return fdss__db_fail(b->db, FDSS_EDATA, "table '%s': no fix "
				     "sets its rows", en->table);
	if (!(*key = key_now(en, table)))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	if ((rc = later_change(b->db, en, *key)) != FDSS_OK ||
	    (rc = old_values(b->db, en, table, set)) != FDSS_OK)
		return rc;
	r->table = fdss_fix_table_name(table);
	r->key = *key;
	r->set = set;
	return FDSS_OK;
}

int fdss_fix_revert(fdss_fix_batch *b, int64_t entry, const char *reason)
{
	struct entry en = { 0, NULL, NULL, NULL, NULL };
	fdss_fix_req r = { NULL, NULL, NULL, NULL };
	cJSON *set = cJSON_CreateObject();
	char subject[32], *why = NULL, *key = NULL;
	size_t n;
	int rc;

	snprintf(subject, sizeof(subject), "entry %lld", (long long)entry);
	if (!set)
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	rc = fdss_audit_get(b->db, entry, copy_entry, &en);
	if (rc == FDSS_ENOMEM)
		rc = fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	if (rc == FDSS_OK || rc == FDSS_ENOTFOUND)
		rc = rc == FDSS_OK ? undo_request(b, &en, &r, set, &key)
				   : FDSS_EDATA;
	if (rc == FDSS_EDATA) {
		fdss_fix_batch_reject(b, subject, fdss_db_errmsg(b->db));
	} else if (rc == FDSS_OK) {
		n = strlen(reason ? reason : "") + 40;
		if (!(why = malloc(n)))
			rc = fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
		else if (snprintf(why, n, "revert of entry %lld%s%s",
				  (long long)entry, reason && *reason ? ": " : "",
				  reason ? reason : ""), 1) {
			r.reason = why;
			rc = fdss__fix_apply_as(b, &r, subject);
		}
	}
	free(why);
	free(key);
	cJSON_Delete(set);
	entry_release(&en);
	return rc;
}
