/*
 * fix.c: administrators' one-off fixes (fdss-fix(1)) — the fixable
 * fields of each table, the batch and its savepoint per request, the
 * plain fields stored here, one audit entry per changed row, and the
 * changed rows reported from the audit log.  What a table's own fields
 * set off is in fix_person.c and fix_followup.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix_int.h"
#include "roster_int.h"

/* How a field's value is checked and stored. */
enum col_kind {
	K_TEXT,		/* free text as an import stores it; "" is NULL */
	K_ROSTER,	/* fdss__roster_field_value(), as text */
	K_ROSTER_INT,	/* the same, stored as a number ("": NULL) */
	K_TEAM,		/* fdss__team_text_check() */
	K_VILLAGE,	/* fdss__roster_village_known() */
	K_OWN		/* the table's own function (fix_int.h) */
};

/* SQL of a person's, household's, member's column c. */
#define PERSON(c) "SELECT " c " FROM person WHERE id_number = ?1", \
	"UPDATE person SET " c " = ?2 WHERE id_number = ?1"
#define HOUSEHOLD(c) "SELECT " c " FROM household WHERE household_no = ?1", \
	"UPDATE household SET " c " = ?2 WHERE household_no = ?1"
#define MEMBER(c) "SELECT " c " FROM team_member WHERE id = ?1", \
	"UPDATE team_member SET " c " = ?2 WHERE id = ?1"
#define OWN NULL, NULL

static const struct col {
	int table;		/* enum fdss_fix_table */
	const char *name;
	int kind;		/* enum col_kind */
	const char *get, *set;	/* ?1 the key, ?2 the value */
	const char *rule, *sets_off;
} cols[] = {
	{ FDSS_FIX_PERSON, "id_number", K_OWN, OWN,
	  "a valid resident ID number (as at import), not another person's",
	  "sex and birth_date are derived again; conditions, contract "
	  "memberships and fee lines, visits and referrals move with it" },
	{ FDSS_FIX_PERSON, "name", K_ROSTER, PERSON("name"), "not empty",
	  NULL },
	{ FDSS_FIX_PERSON, "household_no", K_OWN, OWN,
	  "a stored household",
	  "the person's cover in the old household's contracts ends on the "
	  "--as-of date as 'person leave --reason moved' ends it; where the "
	  "new household has an active contract they join it with the basic "
	  "package and fee lines for its years from that date" },
	{ FDSS_FIX_PERSON, "relation", K_ROSTER, PERSON("relation"),
	  "a known relation (户主, 配偶, 之子 ...)", NULL },
	{ FDSS_FIX_PERSON, "phone", K_TEXT, PERSON("phone"), "text", NULL },
	{ FDSS_FIX_PERSON, "person_no", K_TEXT, PERSON("person_no"), "text",
	  NULL },
	{ FDSS_FIX_PERSON, "ethnicity", K_TEXT, PERSON("ethnicity"), "text",
	  NULL },
	{ FDSS_FIX_PERSON, "education", K_TEXT, PERSON("education"), "text",
	  NULL },
	{ FDSS_FIX_PERSON, "health_record_no", K_TEXT,
	  PERSON("health_record_no"), "text", NULL },
	{ FDSS_FIX_PERSON, "insurance_no", K_TEXT, PERSON("insurance_no"),
	  "text", NULL },
	{ FDSS_FIX_PERSON, "disabled", K_ROSTER_INT, PERSON("disabled"),
	  "true or false (是 or 否)", "the person's groups" },
	{ FDSS_FIX_PERSON, "serious_illness", K_ROSTER_INT,
	  PERSON("serious_illness"), "true or false (是 or 否)",
	  "package eligibility (serious)" },
	{ FDSS_FIX_PERSON, "special_family", K_ROSTER_INT,
	  PERSON("special_family"), "true or false (是 or 否)",
	  "the person's groups" },
	{ FDSS_FIX_PERSON, "low_income", K_ROSTER_INT, PERSON("low_income"),
	  "true or false (是 or 否)", "the person's groups" },
	{ FDSS_FIX_PERSON, "poverty_exit_year", K_ROSTER_INT,
	  PERSON("poverty_exit_year"), "a year from 1978 to this year, or "
	  "null", NULL },
	{ FDSS_FIX_HOUSEHOLD, "village_code", K_VILLAGE,
	  HOUSEHOLD("village_code"), "a stored village (12 digits), as at "
	  "import", "its people count in the new village's area in listings "
	  "and reports; the fees of contracts already signed stay" },
	{ FDSS_FIX_HOUSEHOLD, "address", K_TEXT, HOUSEHOLD("address"), "text",
	  NULL },
	{ FDSS_FIX_HOUSEHOLD, "phone", K_TEXT, HOUSEHOLD("phone"), "text",
	  NULL },
	{ FDSS_FIX_CONTRACT, "doctor", K_OWN, OWN,
	  "an active doctor or lead of the contract's team, within the "
	  "doctor limit (setting doctor_limit)",
	  "the members signed at --as-of count for the new doctor" },
	{ FDSS_FIX_FOLLOWUP, "date", K_OWN, OWN,
	  "as at recording: not before birth nor after --as-of, no other "
	  "visit of the programme that day",
	  "the visit and every later one of its chain are classified again, "
	  "with their next due dates and referrals" },
#define VISIT(f, r) { FDSS_FIX_FOLLOWUP, f, K_OWN, OWN, r, \
	"the visit and every later one of its chain are classified again" }
	VISIT("mode", "clinic, home or phone"),
	VISIT("doctor", "text"),
	VISIT("sbp", "60-299 mmHg, above dbp"),
	VISIT("dbp", "30-199 mmHg, below sbp"),
	VISIT("heart_rate", "20-250 beats/min"),
	VISIT("fpg", "1-35 mmol/L"),
	VISIT("temperature", "30-45 °C"),
	VISIT("risk_level", "0-5"),
	VISIT("insight", "good, partial or none"),
	VISIT("symptoms", "none, some or marked"),
	VISIT("social_function", "good, fair or poor"),
	VISIT("phase", "intensive, continuation, stopped or completed"),
	VISIT("supervisor", "staff or family"),
	VISIT("doses_taken", "0-366, not above doses_due"),
	VISIT("doses_due", "0-366"),
	VISIT("adverse_reaction", "true or false"),
	VISIT("new_complication", "true or false"),
	VISIT("emergency", "true or false"),
#undef VISIT
	{ FDSS_FIX_CONDITION, "since", K_OWN, OWN,
	  "a date not before birth nor after --as-of, nor after ended_on, "
	  "or null", NULL },
	{ FDSS_FIX_CONDITION, "ended_on", K_OWN, OWN,
	  "an ended condition's date, not before since, or null", NULL },
	{ FDSS_FIX_TEAM_MEMBER, "name", K_OWN, OWN,
	  "not empty, at most 255 bytes, no other member of the team in the "
	  "same role by that name",
	  "the team's contracts that name them as their doctor name the new "
	  "name" },
	{ FDSS_FIX_TEAM_MEMBER, "title", K_TEAM, MEMBER("title"),
	  "text of at most 255 bytes", NULL },
	{ FDSS_FIX_TEAM_MEMBER, "phone", K_TEAM, MEMBER("phone"),
	  "text of at most 32 bytes", NULL },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

/* Fields that can be changed only another way, and why. */
static const struct {
	int table;
	const char *name, *why;
} derived[] = {
	{ FDSS_FIX_PERSON, "sex", "derived from the ID number: fix id_number" },
	{ FDSS_FIX_PERSON, "birth_date",
	  "derived from the ID number: fix id_number" },
	{ FDSS_FIX_PERSON, "status", "changed by 'fdss person leave'" },
	{ FDSS_FIX_FOLLOWUP, "classification", "computed by the rules" },
	{ FDSS_FIX_FOLLOWUP, "next_due", "computed by the rules" },
	{ FDSS_FIX_FOLLOWUP, "action", "computed by the rules" },
	{ FDSS_FIX_FOLLOWUP, "refers", "computed by the rules" },
	{ FDSS_FIX_FOLLOWUP, "referral_due", "computed by the rules" },
	{ FDSS_FIX_CONDITION, "status",
	  "changed by 'fdss condition add' and 'fdss condition end'" },
	{ FDSS_FIX_TEAM_MEMBER, "active",
	  "changed by 'fdss team member add' and 'remove'" },
};

/* Each table: its names, how its rows are found, its own function. */
static const struct table {
	int table;
	const char *name, *audit;	/* as named here, in the audit log */
	const char *noun;		/* "no NOUN 'KEY'" */
	const char *exists;		/* ?1 the key; NULL: own function */
	fdss__fix_fn *own;
} tables[] = {
	{ FDSS_FIX_PERSON, "person", "person", "person",
	  "SELECT 1 FROM person WHERE id_number = ?1", fdss__fix_person },
	{ FDSS_FIX_HOUSEHOLD, "household", "household", "household",
	  "SELECT 1 FROM household WHERE household_no = ?1", NULL },
	{ FDSS_FIX_CONTRACT, "contract", "contract", "contract",
	  "SELECT 1 FROM contract WHERE number = ?1", fdss__fix_contract },
	{ FDSS_FIX_FOLLOWUP, "followup", "followup", "visit",
	  NULL, fdss__fix_followup },
	{ FDSS_FIX_CONDITION, "condition", "condition", "condition",
	  NULL, fdss__fix_condition },
	{ FDSS_FIX_TEAM_MEMBER, "team-member", "team_member", "team member",
	  "SELECT 1 FROM team_member WHERE id = ?1", fdss__fix_team_member },
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static const struct table *table_of(int t)
{
	size_t i;

	for (i = 0; i < NTABLES; i++)
		if (tables[i].table == t)
			return &tables[i];
	return NULL;
}

const char *fdss_fix_table_name(int table)
{
	const struct table *t = table_of(table);

	return t ? t->name : NULL;
}

cJSON *fdss_fix_field_to_json(const fdss_fix_field *f)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "fix_field") &&
	    fdss__put_str(rec, "table", fdss_fix_table_name(f->table)) &&
	    fdss__put_str(rec, "field", f->name) &&
	    fdss__put_str(rec, "rule", f->rule) &&
	    fdss__put_str(rec, "sets_off", f->sets_off))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

int fdss_fix_table_parse(const char *name)
{
	size_t i;

	for (i = 0; name && i < NTABLES; i++)
		if (strcmp(name, tables[i].name) == 0 ||
		    strcmp(name, tables[i].audit) == 0)
			return tables[i].table;
	return 0;
}

const fdss_fix_field *fdss_fix_fields(size_t *n)
{
	static fdss_fix_field out[NCOLS];
	size_t i;

	for (i = 0; i < NCOLS; i++) {
		out[i].table = cols[i].table;
		out[i].name = cols[i].name;
		out[i].rule = cols[i].rule;
		out[i].sets_off = cols[i].sets_off;
	}
	*n = NCOLS;
	return out;
}

static const struct col *col_of(int table, const char *name)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		if (cols[i].table == table && strcmp(cols[i].name, name) == 0)
			return &cols[i];
	return NULL;
}

/* "field 'sex' cannot be fixed: why" for a field that is not one. */
static int not_fixable(fdss_db *db, int table, const char *name)
{
	char list[512] = "";
	size_t i, len = 0;

	for (i = 0; i < sizeof(derived) / sizeof(derived[0]); i++)
		if (derived[i].table == table &&
		    strcmp(derived[i].name, name) == 0)
			return fdss__db_fail(db, FDSS_EDATA, "field '%s' cannot "
					     "be fixed: %s", name,
					     derived[i].why);
	for (i = 0; i < NCOLS; i++)
		if (cols[i].table == table && len < sizeof(list))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? ", " : "",
						cols[i].name);
	return fdss__db_fail(db, FDSS_EDATA, "field '%s' cannot be fixed "
			     "(%s fields: %s)", name,
			     fdss_fix_table_name(table), list);
}

/* ---- values ------------------------------------------------------------- */

int fdss__fix_text(fdss_db *db, const char *field, const cJSON *v,
		   char **out)
{
	char buf[64];
	const char *s = buf;

	*out = NULL;
	if (cJSON_IsNull(v))
		return FDSS_OK;
	if (cJSON_IsString(v))
		s = v->valuestring;
	else if (cJSON_IsBool(v))
		s = cJSON_IsTrue(v) ? "true" : "false";
	else if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)
		 v->valuedouble)
		snprintf(buf, sizeof(buf), "%lld", (long long)v->valuedouble);
	else if (cJSON_IsNumber(v))
		snprintf(buf, sizeof(buf), "%.15g", v->valuedouble);
	else
		return fdss__db_fail(db, FDSS_EDATA, "%s: expected a string, "
				     "number, true, false or null", field);
	if (!(*out = strdup(s)))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	return FDSS_OK;
}

static int put_value(cJSON *obj, const char *field, const char *s, int num)
{
	cJSON *item = !s ? cJSON_CreateNull()
		      : num ? cJSON_CreateNumber(strtod(s, NULL))
		      : cJSON_CreateString(s);

	if (item && cJSON_AddItemToObject(obj, field, item))
		return 1;
	cJSON_Delete(item);
	return 0;
}

static int note(fdss_db *db, cJSON *before, cJSON *after, const char *field,
		const char *old, const char *now, int num)
{
	if (put_value(before, field, old, num) &&
	    put_value(after, field, now, num))
		return FDSS_OK;
	return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
}

int fdss__fix_note(fdss_db *db, cJSON *before, cJSON *after,
		   const char *field, const char *old, const char *now)
{
	return note(db, before, after, field, old, now, 0);
}

int fdss__fix_refused(fdss_fix_batch *b, const char *field,
		      const char *value)
{
	return fdss__db_fail(b->db, FDSS_EDATA, "%s '%s': %s", field,
			     value ? value : "", b->why);
}

/* The value to store for text s of column c: *out (the caller's), NULL
 * for SQL NULL; FDSS_EDATA naming the field. */
static int checked(fdss_fix_batch *b, const struct col *c, const char *s,
		   char **out)
{
	fdss_error err = FDSS_ERROR_INIT;
	size_t n = (s ? strlen(s) : 0) + 8;
	int rc;

	*out = NULL;
	if (c->kind == K_TEXT || (c->kind == K_TEAM && (!s || !*s)))
		return s && *s && !(*out = strdup(s))
			? fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory")
			: FDSS_OK;
	if (c->kind == K_VILLAGE) {
		const char *why = NULL;

		if ((rc = fdss__roster_village_known(b->db, s ? s : "",
						     s ? strlen(s) : 0, &why)) < 0)
			return rc;
		if (!rc)
			return fdss__db_fail(b->db, FDSS_EDATA, "%s '%s': %s",
					     c->name, s ? s : "", why);
		return (*out = strdup(s)) ? FDSS_OK
			: fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	}
	if (c->kind == K_TEAM)
		return (rc = fdss__team_text_check(b->db, c->name, s)) != FDSS_OK
			? rc : (*out = strdup(s)) ? FDSS_OK
			: fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	if (!(*out = malloc(n)))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	if (fdss__roster_field_value(c->name, s, b->o.ref, *out, n, &err)) {
		free(*out);
		*out = NULL;
		return fdss__db_fail(b->db, FDSS_EDATA, "%s", err.msg);
	}
	if (!**out) {
		free(*out);
		*out = NULL;
	}
	return FDSS_OK;
}

/* Column c of row key as text into *out (NULL: SQL NULL). */
static int get_col(fdss_db *db, const struct col *c, const char *key,
		   char **out)
{
	sqlite3_stmt *st = fdss__db_prepare(db, c->get);
	int rc;

	*out = NULL;
	if (!st)
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, key, 0))
		return fdss__db_bindfail(db, st, "cannot read the row");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    !(*out = strdup(fdss__col(st, 0))))
		rc = SQLITE_NOMEM;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return FDSS_OK;
	return fdss__db_sqlfail(db, rc, "cannot read the row");
}

static int set_col(fdss_db *db, const struct col *c, const char *key,
		   const char *value)
{
	sqlite3_stmt *st = fdss__db_prepare(db, c->set);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, key, 0) ||
	    (c->kind == K_ROSTER_INT && value
	     ? sqlite3_bind_int64(st, 2, strtoll(value, NULL, 10))
	     : fdss__bind_text(st, 2, value, 0)))
		return fdss__db_bindfail(db, st, "cannot fix the row");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FDSS_OK
				 : fdss__db_sqlfail(db, rc, "cannot fix the row");
}

/* One plain field of row key: checked, stored when it differs. */
static int set_plain(fdss_fix_batch *b, const struct col *c, const char *key,
		     const cJSON *v, cJSON *before, cJSON *after)
{
	char *text = NULL, *now = NULL, *old = NULL;
	int rc;

	if ((rc = fdss__fix_text(b->db, c->name, v, &text)) == FDSS_OK &&
	    (rc = checked(b, c, text, &now)) == FDSS_OK &&
	    (rc = get_col(b->db, c, key, &old)) == FDSS_OK &&
	    !(old == now || (old && now && strcmp(old, now) == 0)) &&
	    (rc = set_col(b->db, c, key, now)) == FDSS_OK)
		rc = note(b->db, before, after, c->name, old, now,
			  c->kind == K_ROSTER_INT);
	free(text);
	free(now);
	free(old);
	return rc;
}

/* ---- the batch ------------------------------------------------------------ */

/* A refusal of the contract rules, kept for fdss__fix_refused(). */
static void contract_refusal(void *arg, const char *subject,
			     const char *reason)
{
	fdss_fix_batch *b = arg;

	(void)subject;
	fdss__copy(b->why, sizeof(b->why), reason);
}

int fdss_fix_batch_open(fdss_fix_batch **out, fdss_db *db,
			const fdss_fix_opts *o)
{
	fdss_contract_opts co = FDSS_CONTRACT_OPTS_INIT;
	fdss_fix_batch *b;
	int rc;

	*out = NULL;
	if (!(b = calloc(1, sizeof(*b))))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	b->db = db;
	b->o = *o;
	co.ref = o->ref;
	co.reject = contract_refusal;
	co.arg = b;
	if ((rc = fdss_contract_batch_open(&b->cb, db, &co)) != FDSS_OK) {
		free(b);
		return rc;
	}
	*out = b;
	return FDSS_OK;
}

int fdss_fix_batch_reason(fdss_fix_batch *b, const char *reason)
{
	free(b->reason);
	b->reason = NULL;
	if (reason && !(b->reason = strdup(reason)))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	return FDSS_OK;
}

void fdss_fix_batch_reject(fdss_fix_batch *b, const char *subject,
			   const char *reason)
{
	b->st.read++;
	b->st.rejected++;
	if (b->o.reject)
		b->o.reject(b->o.arg, subject, reason);
}

/* Row key of t exists: FDSS_OK, else FDSS_EDATA "no NOUN 'KEY'". */
static int exists(fdss_db *db, const struct table *t, const char *key)
{
	sqlite3_stmt *st;
	int rc;

	if (!t->exists)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(db, t->exists)))
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, key, 0))
		return fdss__db_bindfail(db, st, "cannot read the row");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return FDSS_OK;
	if (rc == SQLITE_DONE)
		return fdss__db_fail(db, FDSS_EDATA, "no %s '%s'", t->noun, key);
	return fdss__db_sqlfail(db, rc, "cannot read the row");
}

/* The request's changes, in the savepoint begun for it. */
static int apply_in_tx(fdss_fix_batch *b, const struct table *t,
		       const char *key, const cJSON *set, const char *reason)
{
	cJSON *before = cJSON_CreateObject(), *after = cJSON_CreateObject();
	const struct col *c;
	const cJSON *v;
	int rc = exists(b->db, t, key), own = 0;

	if (!before || !after)
		rc = fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	cJSON_ArrayForEach(v, set) {
		if (rc != FDSS_OK)
			break;
		if (!(c = col_of(t->table, v->string)))
			rc = not_fixable(b->db, t->table, v->string);
		else if (c->kind == K_OWN)
			own = 1;
		else
			rc = set_plain(b, c, key, v, before, after);
	}
	if (rc == FDSS_OK && own)
		rc = t->own(b, key, set, reason, before, after);
	if (rc == FDSS_OK && cJSON_GetArraySize(before) > 0)
		rc = fdss__audit_json(b->db, t->audit, key, before, after,
				      reason);
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

/* A person's key with a final 'x' as 'X', as the store has it. */
static char *norm_key(const struct table *t, const char *key)
{
	char *k = strdup(key);
	size_t n = k ? strlen(k) : 0;

	if (k && t->table == FDSS_FIX_PERSON && n && k[n - 1] == 'x')
		k[n - 1] = 'X';
	return k;
}

/* Reject the request about table's row key, or about as (not NULL). */
static int refuse_as(fdss_fix_batch *b, const char *as, const char *table,
		     const char *key, const char *why)
{
	char subject[160];

	snprintf(subject, sizeof(subject), "%s '%.100s'", table ? table : "",
		 key ? key : "");
	b->st.rejected++;
	if (b->o.reject)
		b->o.reject(b->o.arg, as ? as : table ? subject : NULL, why);
	return FDSS_EDATA;
}

#define refuse(b, table, key, why) refuse_as(b, NULL, table, key, why)

int fdss__fix_field(int table, const char *name)
{
	size_t i;

	if (col_of(table, name))
		return 1;
	for (i = 0; i < sizeof(derived) / sizeof(derived[0]); i++)
		if (derived[i].table == table &&
		    strcmp(derived[i].name, name) == 0 &&
		    strcmp(derived[i].why, "computed by the rules") == 0)
			return 0;
	return table == FDSS_FIX_PERSON && (strcmp(name, "sex") == 0 ||
					    strcmp(name, "birth_date") == 0)
		? 0 : -1;
}

int fdss__fix_unfixable(fdss_db *db, int table, const char *name)
{
	return not_fixable(db, table, name);
}

int fdss_fix_apply(fdss_fix_batch *b, const fdss_fix_req *r)
{
	return fdss__fix_apply_as(b, r, NULL);
}

int fdss__fix_apply_as(fdss_fix_batch *b, const fdss_fix_req *r,
		       const char *as)
{
	const struct table *t = table_of(fdss_fix_table_parse(r->table));
	const char *reason = r->reason ? r->reason : b->reason;
	char why[FDSS_ERRMSG_MAX], *key = NULL;
	int64_t mark = 0;
	size_t n;
	int nested, rc;

	b->st.read++;
	if (!t)
		return refuse_as(b, as, NULL, NULL, "table: expected person, "
			      "household, contract, followup, condition or "
			      "team-member");
	if (!r->key || !*r->key)
		return refuse_as(b, as, t->name, "", "key: missing");
	if (!cJSON_IsObject(r->set) || !r->set->child)
		return refuse_as(b, as, t->name, r->key, "set: no field to fix");
	if (!reason || !*reason)
		return refuse_as(b, as, t->name, r->key,
				 "reason: required (--reason)");
	if (!(key = norm_key(t, r->key)))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	if ((rc = fdss__fix_last_entry(b->db, &mark)) != FDSS_OK ||
	    (rc = fdss__tx_begin(b->db, &nested)) != FDSS_OK)
		goto out;
	b->cb->note = reason;
	rc = fdss__tx_end(b->db, nested, apply_in_tx(b, t, key, r->set,
						     reason));
	b->cb->note = NULL;
	if (rc == FDSS_EDATA || rc == FDSS_ENOTFOUND) {
		fdss__copy(why, sizeof(why), fdss_db_errmsg(b->db));
		rc = refuse_as(b, as, t->name, key, why);
	} else if (rc == FDSS_OK &&
		   (rc = fdss__fix_report(b, mark, &n)) == FDSS_OK) {
		b->st.changes += (long)n;
		if (n)
			b->st.fixed++;
		else
			b->st.unchanged++;
	}
out:
	free(key);
	return rc;
}

/* A string member of obj, NULL when absent; *bad set when not one. */
static const char *member(const cJSON *obj, const char *name, int *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (v && !cJSON_IsString(v))
		*bad = 1;
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int fdss_fix_apply_json(fdss_fix_batch *b, const cJSON *obj)
{
	fdss_fix_req r;
	int bad = 0;

	memset(&r, 0, sizeof(r));
	r.table = member(obj, "table", &bad);
	r.key = member(obj, "key", &bad);
	r.reason = member(obj, "reason", &bad);
	r.set = cJSON_GetObjectItemCaseSensitive(obj, "set");
	if (bad || !r.table || !r.key || !cJSON_IsObject(r.set)) {
		b->st.read++;
		return refuse(b, r.table, r.key, "expected "
			      "{\"table\":T,\"key\":K,\"set\":{FIELD:VALUE,...},"
			      "\"reason\":R} with strings for table, key and "
			      "reason");
	}
	return fdss_fix_apply(b, &r);
}

int fdss_fix_batch_finish(fdss_fix_batch *b, fdss_fix_stats *stats)
{
	int rc;

	b->finished = 1;
	b->cb->core.finished = 1;
	rc = fdss__batch_end(b->db, b->o.atomic, b->o.dry_run, b->st.rejected,
			     "fixes", &b->st.committed);
	if (stats)
		*stats = b->st;
	return rc;
}

void fdss_fix_batch_free(fdss_fix_batch *b)
{
	if (!b)
		return;
	if (!b->finished)
		fdss_db_rollback(b->db);
	if (b->cb)
		b->cb->core.finished = 1;
	fdss_contract_batch_free(b->cb);
	free(b->reason);
	free(b);
}
