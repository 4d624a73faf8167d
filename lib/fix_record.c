/*
 * fix_record.c: a changed row as its listing prints it, so that the
 * output of `fdss fix` and `fdss audit revert` is the changed records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix_int.h"
#include "followup_int.h"

cJSON *fdss_fix_change_json(const fdss_fix_change *c)
{
	cJSON *rec = cJSON_CreateObject(), *b = NULL, *a = NULL;

	if (c->before && fdss_json_parse(&b, c->before, strlen(c->before),
					 NULL) != FDSS_OK)
		b = NULL;
	if (c->after && fdss_json_parse(&a, c->after, strlen(c->after),
					NULL) != FDSS_OK)
		a = NULL;
	if (!b)
		b = cJSON_CreateNull();
	if (!a)
		a = cJSON_CreateNull();
	if (rec && a && b && fdss__put_str(rec, "type", "change") &&
	    fdss__put_int(rec, "entry", c->entry, c->entry == 0) &&
	    fdss__put_str(rec, "table", c->table) &&
	    fdss__put_str(rec, "key", c->key) &&
	    cJSON_AddItemToObject(rec, "before", b) &&
	    cJSON_AddItemToObject(rec, "after", a))
		return rec;
	cJSON_Delete(rec);
	cJSON_Delete(b);
	cJSON_Delete(a);
	return NULL;
}

/* The string item as its mask. */
static void mask_item(cJSON *item)
{
	char buf[64], id[32], masked[32];
	const char *colon;

	if (!cJSON_IsString(item))
		return;
	colon = strchr(item->valuestring, ':');
	if (colon && (size_t)(colon - item->valuestring) < sizeof(id)) {
		/* a condition's ID_NUMBER:KIND */
		memcpy(id, item->valuestring, (size_t)(colon - item->valuestring));
		id[colon - item->valuestring] = '\0';
		snprintf(buf, sizeof(buf), "%s%.20s",
			 fdss_mask(masked, sizeof(masked), id), colon);
	} else {
		fdss_mask(buf, sizeof(buf), item->valuestring);
	}
	cJSON_SetValuestring(item, buf);
}

void fdss_fix_change_mask(cJSON *rec)
{
	const char *table = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(rec, "table"));
	const char *sides[] = { "before", "after" };
	cJSON *side, *v;
	size_t i;

	if (table && (strcmp(table, "person") == 0 ||
		      strcmp(table, "condition") == 0))
		mask_item(cJSON_GetObjectItemCaseSensitive(rec, "key"));
	for (i = 0; i < 2; i++) {
		side = cJSON_GetObjectItemCaseSensitive(rec, sides[i]);
		for (v = cJSON_IsObject(side) ? side->child : NULL; v;
		     v = v->next)
			if (fdss_out_is_personal(v->string) ||
			    strcmp(v->string, "member") == 0)
				mask_item(v);
	}
}

/* What the callbacks below fill. */
struct found {
	cJSON *rec;
	fdss_date ref;
	const char *kind;	/* a condition's */
	int64_t id;		/* a team member's */
};

static int person_rec(const fdss_person *p, void *arg)
{
	struct found *f = arg;

	return (f->rec = fdss_person_to_json(p, f->ref)) ? 0 : FDSS_ENOMEM;
}

static int household_rec(const fdss_household *h, void *arg)
{
	struct found *f = arg;

	return (f->rec = fdss_household_to_json(h)) ? 0 : FDSS_ENOMEM;
}

static int contract_rec(const fdss_contract *k, void *arg)
{
	struct found *f = arg;

	return (f->rec = fdss_contract_to_json(k, f->ref)) ? 0 : FDSS_ENOMEM;
}

static int visit_rec(const fdss_followup *v, void *arg)
{
	struct found *f = arg;

	return (f->rec = fdss_followup_to_json(v)) ? 0 : FDSS_ENOMEM;
}

static int condition_rec(const fdss_condition_entry *e, void *arg)
{
	struct found *f = arg;

	if (strcmp(e->kind, f->kind) != 0 || f->rec)
		return 0;
	return (f->rec = fdss_condition_to_json(e)) ? 0 : FDSS_ENOMEM;
}

static int member_rec(const fdss_team_member *m, void *arg)
{
	struct found *f = arg;

	if (m->id != f->id || f->rec)
		return 0;
	return (f->rec = fdss_team_member_to_json(m)) ? 0 : FDSS_ENOMEM;
}

static const char sql_member_team[] =
	"SELECT team_code FROM team_member WHERE id = ?1";

static int member_get(fdss_db *db, struct found *f, const char *key)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_member_team);
	char team[64];
	long long id;
	int rc;

	if (fdss_int_parse(&id, key, 1, INT64_MAX, NULL) != FDSS_OK)
		return FDSS_ENOTFOUND;
	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 1, id))
		return fdss__db_bindfail(db, st, "cannot read teams");
	rc = sqlite3_step(st);
	fdss__copy(team, sizeof(team), rc == SQLITE_ROW ? fdss__col(st, 0) : "");
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? FDSS_ENOTFOUND
		       : fdss__db_sqlfail(db, rc, "cannot read teams");
	f->id = id;
	return fdss_team_members(db, team, member_rec, f);
}

/* The key of c's row now: a person's new ID number. */
static char *key_now(const fdss_fix_change *c)
{
	cJSON *a = NULL;
	const cJSON *id;
	const char *colon = strchr(c->key, ':');
	char *k = NULL;
	size_t n;

	if (c->after && fdss_json_parse(&a, c->after, strlen(c->after),
					NULL) == FDSS_OK &&
	    cJSON_IsString(id = cJSON_GetObjectItemCaseSensitive(a,
							      "id_number")) &&
	    (strcmp(c->table, "person") == 0 ||
	     (strcmp(c->table, "condition") == 0 && colon))) {
		n = strlen(id->valuestring) + (colon ? strlen(colon) : 0) + 1;
		if ((k = malloc(n)))
			snprintf(k, n, "%s%s", id->valuestring,
				 strcmp(c->table, "condition") == 0 ? colon : "");
	} else {
		k = strdup(c->key);
	}
	cJSON_Delete(a);
	return k;
}

static int condition_get(fdss_db *db, struct found *f, char *key)
{
	fdss_condition_query q = FDSS_CONDITION_QUERY_INIT;
	char *colon = strchr(key, ':');

	if (!colon)
		return FDSS_ENOTFOUND;
	*colon = '\0';
	q.id_number = key;
	q.status = "all";
	f->kind = colon + 1;
	return fdss_condition_list(db, &q, condition_rec, f);
}

int fdss_fix_record(fdss_db *db, const fdss_fix_change *c, fdss_date ref,
		    cJSON **out)
{
	struct found f = { NULL, ref, NULL, 0 };
	char *key = key_now(c);
	long long id;
	int rc = FDSS_ENOTFOUND;

	if (!key)
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	if (strcmp(c->table, "person") == 0)
		rc = fdss_person_get(db, key, person_rec, &f);
	else if (strcmp(c->table, "household") == 0)
		rc = fdss_household_get(db, key, household_rec, &f);
	else if (strcmp(c->table, "contract") == 0)
		rc = fdss_contract_get(db, key, contract_rec, &f);
	else if (strcmp(c->table, "followup") == 0 &&
		 fdss_int_parse(&id, key, 1, INT64_MAX, NULL) == FDSS_OK)
		rc = fdss__followup_get(db, id, visit_rec, &f);
	else if (strcmp(c->table, "condition") == 0)
		rc = condition_get(db, &f, key);
	else if (strcmp(c->table, "team_member") == 0)
		rc = member_get(db, &f, key);
	free(key);
	if (rc == FDSS_OK && !f.rec)
		rc = FDSS_ENOTFOUND;
	if (rc == FDSS_ENOTFOUND) {
		cJSON_Delete(f.rec);
		f.rec = fdss_fix_change_json(c);
		rc = f.rec ? FDSS_OK
			   : fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	}
	if (rc != FDSS_OK) {
		cJSON_Delete(f.rec);
		f.rec = NULL;
	}
	*out = f.rec;
	return rc;
}

/* ---- the changed rows of a fix, from the audit log ----------------- */

static const char sql_last_entry[] = "SELECT ifnull(max(id), 0) FROM audit_log";
static const char sql_entries_after[] =
	"SELECT id, table_name, row_key, before, after FROM audit_log"
	" WHERE id > ?1 ORDER BY id";

int fdss__fix_last_entry(fdss_db *db, int64_t *out)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_last_entry);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	rc = sqlite3_step(st);
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? FDSS_OK
	       : fdss__db_sqlfail(db, rc, "cannot read the audit log");
}

int fdss__fix_report(fdss_fix_batch *b, int64_t mark, size_t *n)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_entries_after);
	fdss_fix_change *ch = NULL, *grown;
	size_t cap = 0, i;
	int rc;

	*n = 0;
	if (!st)
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, mark))
		return fdss__db_bindfail(b->db, st, "cannot read the audit log");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			if (!(grown = realloc(ch, cap * sizeof(*ch)))) {
				rc = SQLITE_NOMEM;
				break;
			}
			ch = grown;
		}
		ch[*n].entry = sqlite3_column_int64(st, 0);
		ch[*n].table = strdup(fdss__col(st, 1));
		ch[*n].key = strdup(fdss__col(st, 2));
		ch[*n].before = sqlite3_column_type(st, 3) == SQLITE_NULL
				? NULL : strdup(fdss__col(st, 3));
		ch[*n].after = sqlite3_column_type(st, 4) == SQLITE_NULL
			       ? NULL : strdup(fdss__col(st, 4));
		if (!ch[*n].table || !ch[*n].key ||
		    (!ch[*n].before && sqlite3_column_type(st, 3) != SQLITE_NULL) ||
		    (!ch[*n].after && sqlite3_column_type(st, 4) != SQLITE_NULL))
			rc = SQLITE_NOMEM;
		(*n)++;
		if (rc == SQLITE_NOMEM)
			break;
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_NOMEM ? fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory")
	     : rc == SQLITE_DONE ? FDSS_OK
	     : fdss__db_sqlfail(b->db, rc, "cannot read the audit log");
	if (rc == FDSS_OK && b->o.fixed)
		rc = b->o.fixed(b->o.arg, ch, *n);
	for (i = 0; i < *n; i++) {
		free((char *)ch[i].table);
		free((char *)ch[i].key);
		free((char *)ch[i].before);
		free((char *)ch[i].after);
	}
	free(ch);
	return rc;
}

