/*
 * rule.c: the stored follow-up rules (the rule table) — listed, loaded
 * into fdss_rules and changed with an audit entry.  What a rule means and
 * the values it takes are followup_rules.c's (fdss__rule_defs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "followup_int.h"

static const char sql_rules_all[] =
	"SELECT program, key, value, description FROM rule"
	" WHERE ?1 IS NULL OR program = ?1 ORDER BY program, key";
static const char sql_rule_get[] =
	"SELECT value, description FROM rule WHERE program = ?1 AND key = ?2";
static const char sql_rule_set[] =
	"UPDATE rule SET value = ?3 WHERE program = ?1 AND key = ?2";

static void read_rule(sqlite3_stmt *st, fdss_rule *rule)
{
	rule->program = fdss__col(st, 0);
	rule->key = fdss__col(st, 1);
	rule->value = fdss__col(st, 2);
	rule->description = fdss__col(st, 3);
}

FDSS__WALK_ROW(rule, fdss_rule, read_rule)

int fdss_rules_list(fdss_db *db, const char *program,
		    int (*fn)(const fdss_rule *rule, void *arg), void *arg)
{
	struct rule_walk w = { fn, arg };
	sqlite3_stmt *st;
	int rc;

	if (program && !fdss_program_parse(program) &&
	    strcmp(program, "referral") != 0 && strcmp(program, "general") != 0)
		return fdss__db_fail(db, FDSS_EINVAL, "no programme '%s'",
				     program);
	if (program && fdss_program_parse(program))
		program = fdss_program_name(fdss_program_parse(program));
	if (!(st = fdss__db_prepare(db, sql_rules_all)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, program, 1)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the rules");
	return fdss__walk(db, st, "cannot read the rules", rule_row, &w);
}

static int load_one(const fdss_rule *rule, void *arg)
{
	const struct fdss__rule_def *def = fdss__rule_find(rule->program,
							   rule->key);
	fdss_error err = FDSS_ERROR_INIT;
	void **a = arg;

	if (!def || fdss__rule_apply(a[1], def, rule->value, &err) == FDSS_OK)
		return 0;
	return fdss__db_fail(a[0], FDSS_EDATA, "rule %s.%s: %s", rule->program,
			     rule->key, err.msg);
}

int fdss_rules_load(fdss_db *db, fdss_rules *r)
{
	void *a[2] = { db, r };

	fdss_rules_defaults(r);
	return fdss_rules_list(db, NULL, load_one, a);
}

/* The rule's JSON for the audit log. */
static cJSON *rule_json(const char *program, const char *key,
			const char *value, const char *description)
{
	fdss_rule rule = { program, key, value, description };

	return fdss_rule_to_json(&rule);
}

static int rule_change(fdss_db *db, const char *program, const char *key,
		       const char *value, const char *reason)
{
	sqlite3_stmt *st;
	cJSON *before = NULL, *after = NULL;
	char *keybuf = NULL;
	size_t n;
	int rc;

	if (!(st = fdss__db_prepare(db, sql_rule_get)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, program, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC))
		return fdss__db_bindfail(db, st, "cannot read the rules");
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? fdss__db_fail(db, FDSS_ENOTFOUND,
				"no rule %s.%s", program, key)
			: fdss__db_sqlfail(db, rc, "cannot read the rules");
	}
	before = rule_json(program, key, fdss__col(st, 0), fdss__col(st, 1));
	after = rule_json(program, key, value, fdss__col(st, 1));
	sqlite3_reset(st);
	if (!before || !after) {
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
		goto out;
	}
	if (!(st = fdss__db_prepare(db, sql_rule_set))) {
		rc = fdss_db_error(db)->code;
		goto out;
	}
	if (sqlite3_bind_text(st, 1, program, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC)) {
		rc = fdss__db_bindfail(db, st, "cannot change the rule");
		goto out;
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = fdss__db_sqlfail(db, rc, "cannot change the rule");
		goto out;
	}
	n = strlen(program) + strlen(key) + 2;
	if (!(keybuf = malloc(n))) {
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
		goto out;
	}
	snprintf(keybuf, n, "%s.%s", program, key);
	rc = fdss__audit_json(db, "rule", keybuf, before, after, reason);
out:
	free(keybuf);
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

int fdss_rules_set(fdss_db *db, const char *program, const char *key,
		   const char *value, const char *reason)
{
	const struct fdss__rule_def *def = fdss__rule_find(program, key);
	fdss_error err = FDSS_ERROR_INIT;
	fdss_rules r;
	int nested, rc;

	if (!def)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no rule %s.%s "
				     "(see 'fdss rules list')",
				     program ? program : "", key ? key : "");
	if (fdss__rule_apply(&r, def, value, &err) != FDSS_OK)
		return fdss__db_fail(db, FDSS_EINVAL, "rule %s.%s: %s",
				     program, key, err.msg);
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	rc = rule_change(db, program, key, value, reason);
	return fdss__tx_end(db, nested, rc);
}
