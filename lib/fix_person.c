/*
 * fix_person.c: the fixes that set something off — a person's ID number
 * (sex and birth date derived again, every reference moved along), a
 * person's household (the contracts of the move), a contract's doctor,
 * a condition's dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix_int.h"
#include "followup_int.h"

/* ---- household ------------------------------------------------------------ */

static const char sql_person_home[] =
	"SELECT household_no, status FROM person WHERE id_number = ?1";
static const char sql_household[] =
	"SELECT 1 FROM household WHERE household_no = ?1";
static const char sql_move[] =
	"UPDATE person SET household_no = ?2 WHERE id_number = ?1";

/* Step st (bound, returning one row or none): 1 row, 0 none, <0. */
static int one_row(fdss_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fdss__db_sqlfail(db, rc, what);
}

/* Run st, bound, returning no row. */
static int run(fdss_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FDSS_OK : fdss__db_sqlfail(db, rc, what);
}

/* The contracts of a move on b's date: the old cover ends, the new
 * household's active contract takes them. */
static int move_contracts(fdss_fix_batch *b, const char *id, const char *to)
{
	char number[64];
	int rc;

	b->why[0] = '\0';
	if ((rc = fdss__contract_person_moves(b->cb, id, b->o.ref)) ==
	    FDSS_OK)
		rc = fdss__sign_join(b->cb, id, to, b->o.ref, number,
				     sizeof(number));
	return rc == FDSS_EDATA ? fdss__fix_refused(b, "household_no", to)
				: rc;
}

/* Whether household to is stored: 1, 0, or a failure. */
static int household_exists(fdss_db *db, const char *to)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_household);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, to, 0))
		return fdss__db_bindfail(db, st, "cannot read households");
	if ((rc = one_row(db, st, "cannot read households")) > 0)
		sqlite3_reset(st);
	return rc;
}

/* Person id now lives in household to, checked; an active person's
 * contracts follow. */
static int rehome(fdss_fix_batch *b, const char *id, const char *to,
		  int active)
{
	sqlite3_stmt *st;
	int rc;

	if (!to || !*to)
		return fdss__db_fail(b->db, FDSS_EDATA, "household_no: empty");
	if ((rc = household_exists(b->db, to)) <= 0)
		return rc < 0 ? rc : fdss__db_fail(b->db, FDSS_EDATA,
			"household_no '%s': no such household", to);
	if (!(st = fdss__db_prepare(b->db, sql_move)))
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, id, 0) || fdss__bind_text(st, 2, to, 0))
		return fdss__db_bindfail(b->db, st, "cannot move the person");
	if ((rc = run(b->db, st, "cannot move the person")) != FDSS_OK)
		return rc;
	return active ? move_contracts(b, id, to) : FDSS_OK;
}

static int move(fdss_fix_batch *b, const char *id, const char *to,
		cJSON *before, cJSON *after)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_person_home);
	char *from;
	int active, rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, id, 0))
		return fdss__db_bindfail(b->db, st, "cannot read the person");
	if ((rc = one_row(b->db, st, "cannot read the person")) <= 0)
		return rc;
	from = strdup(fdss__col(st, 0));
	active = strcmp(fdss__col(st, 1), "active") == 0;
	sqlite3_reset(st);
	if (!from)
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	if (!to || strcmp(from, to) != 0) {
		if ((rc = rehome(b, id, to, active)) == FDSS_OK)
			rc = fdss__fix_note(b->db, before, after,
					    "household_no", from, to);
	}
	free(from);
	return rc;
}

/* ---- ID number ------------------------------------------------------------ */

static const char sql_person_id[] =
	"SELECT name, sex, birth_date FROM person WHERE id_number = ?1";

/* The rows that name a person by ID number, each with its audit key:
 * read before the move, written after it. */
static const struct ref {
	const char *table, *field, *select, *update;
} refs[] = {
	{ "condition", "id_number",
	  "SELECT id_number || ':' || kind FROM condition WHERE id_number = ?1",
	  "UPDATE condition SET id_number = ?2 WHERE id_number = ?1" },
	{ "contract", "member",
	  "SELECT c.number FROM contract_member m"
	  " JOIN contract c ON c.id = m.contract_id WHERE m.id_number = ?1",
	  "UPDATE contract_member SET id_number = ?2 WHERE id_number = ?1" },
	{ NULL, NULL, NULL,
	  "UPDATE contract_fee SET id_number = ?2 WHERE id_number = ?1" },
	{ "followup", "id_number",
	  "SELECT id FROM followup WHERE id_number = ?1",
	  "UPDATE followup SET id_number = ?2 WHERE id_number = ?1" },
	{ "referral", "id_number",
	  "SELECT id FROM referral WHERE id_number = ?1",
	  "UPDATE referral SET id_number = ?2 WHERE id_number = ?1" },
	{ "person", NULL, NULL,
	  "UPDATE person SET id_number = ?2, sex = ?3, birth_date = ?4"
	  " WHERE id_number = ?1" },
};

/* Audit each row of r naming old: its field becomes now. */
static int audit_refs(fdss_fix_batch *b, const struct ref *r,
		      const char *old, const char *now, const char *reason)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, r->select);
	cJSON *before = cJSON_CreateObject(), *after = cJSON_CreateObject();
	int rc = FDSS_OK, s;

	if (!st || !before || !after ||
	    !cJSON_AddStringToObject(before, r->field, old) ||
	    !cJSON_AddStringToObject(after, r->field, now))
		rc = st ? fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory")
			: fdss_db_error(b->db)->code;
	else if (fdss__bind_text(st, 1, old, 0))
		rc = fdss__db_bindfail(b->db, st, "cannot read references");
	while (rc == FDSS_OK && (s = sqlite3_step(st)) == SQLITE_ROW)
		rc = fdss__audit_json(b->db, r->table, fdss__col(st, 0), before,
				      after, reason);
	if (st && rc == FDSS_OK && s != SQLITE_DONE)
		rc = fdss__db_sqlfail(b->db, s, "cannot read references");
	if (st)
		sqlite3_reset(st);
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

/* Every row naming old names now; the person's sex and birth date
 * come from info.  Foreign keys are checked at the commit. */
static int move_refs(fdss_fix_batch *b, const char *old,
		     const fdss_id_info *info, const char *reason)
{
	char birth[FDSS_DATE_BUFSZ], sex[2] = { info->sex, '\0' };
	sqlite3_stmt *st;
	size_t i;
	int rc = fdss_db_exec(b->db, "PRAGMA defer_foreign_keys = ON");

	fdss_date_format(birth, info->birth);
	for (i = 0; rc == FDSS_OK && i < sizeof(refs) / sizeof(refs[0]); i++) {
		if (refs[i].select &&
		    (rc = audit_refs(b, &refs[i], old, info->id, reason)))
			break;
		if (!(st = fdss__db_prepare(b->db, refs[i].update)))
			return fdss_db_error(b->db)->code;
		if (fdss__bind_text(st, 1, old, 0) ||
		    fdss__bind_text(st, 2, info->id, 0) ||
		    (!refs[i].table || strcmp(refs[i].table, "person") != 0 ? 0
		     : fdss__bind_text(st, 3, sex, 0) ||
		       fdss__bind_text(st, 4, birth, 0)))
			return fdss__db_bindfail(b->db, st, "cannot move "
						 "references");
		rc = run(b->db, st, "cannot move references");
	}
	return rc;
}

static const char sql_programs[] =
	"SELECT DISTINCT program FROM followup WHERE id_number = ?1";

/* id's visits classified again: the 65+ limits follow the birth date. */
static int reclassify(fdss_fix_batch *b, const char *id)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_programs);
	int prog[FDSS_PROGRAM_COUNT], n = 0, i, rc;
	long changed;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, id, 0))
		return fdss__db_bindfail(b->db, st, "cannot read visits");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < FDSS_PROGRAM_COUNT)
		prog[n++] = fdss_program_parse(fdss__col(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fdss__db_sqlfail(b->db, rc, "cannot read visits");
	for (i = 0, rc = FDSS_OK; i < n && rc == FDSS_OK; i++)
		rc = fdss__followup_rechain(b->db, id, prog[i], 0, 0, NULL,
					    "the ID number was corrected",
					    &changed);
	return rc;
}

static int rekey(fdss_fix_batch *b, const char *id, const char *to,
		 const char *reason, cJSON *before, cJSON *after)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_id_info info;
	char birth[FDSS_DATE_BUFSZ], sex[2] = "";
	sqlite3_stmt *st;
	int rc;

	if (fdss_id_parse(&info, to ? to : "", b->o.ref, &err) != FDSS_OK)
		return fdss__db_fail(b->db, FDSS_EDATA, "id_number '%s': %s",
				     to ? to : "", err.msg);
	if (strcmp(info.id, id) == 0)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(b->db, sql_person_id)))
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, info.id, 0))
		return fdss__db_bindfail(b->db, st, "cannot read the person");
	if ((rc = one_row(b->db, st, "cannot read the person")) > 0) {
		rc = fdss__db_fail(b->db, FDSS_EDATA, "id_number '%s': already "
				   "the ID number of %s", info.id,
				   fdss__col(st, 0));
		sqlite3_reset(st);
		return rc;
	}
	if (rc < 0 || (rc = fdss__bind_text(st, 1, id, 0)) != SQLITE_OK)
		return rc < 0 ? rc : fdss__db_bindfail(b->db, st, "cannot read");
	if ((rc = one_row(b->db, st, "cannot read the person")) <= 0)
		return rc;
	sex[0] = fdss__col(st, 1)[0];
	sex[1] = '\0';
	fdss__copy(birth, sizeof(birth), fdss__col(st, 2));
	sqlite3_reset(st);
	if ((rc = move_refs(b, id, &info, reason)) != FDSS_OK ||
	    (rc = fdss__fix_note(b->db, before, after, "id_number", id,
				 info.id)) != FDSS_OK)
		return rc;
	if (sex[0] != info.sex) {
		char now[2] = { info.sex, '\0' };

		if ((rc = fdss__fix_note(b->db, before, after, "sex", sex,
					 now)) != FDSS_OK)
			return rc;
	}
	{
		char now[FDSS_DATE_BUFSZ];

		fdss_date_format(now, info.birth);
		if (strcmp(now, birth) != 0 &&
		    ((rc = fdss__fix_note(b->db, before, after, "birth_date",
					  birth, now)) != FDSS_OK ||
		     (rc = reclassify(b, info.id)) != FDSS_OK))
			return rc;
	}
	return fdss_db_exec(b->db, "PRAGMA defer_foreign_keys = OFF");
}

int fdss__fix_person(fdss_fix_batch *b, const char *key, const cJSON *set,
		     const char *reason, cJSON *before, cJSON *after)
{
	const cJSON *hh = cJSON_GetObjectItemCaseSensitive(set, "household_no");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(set, "id_number");
	char *text = NULL;
	int rc = FDSS_OK;

	if (hh && (rc = fdss__fix_text(b->db, "household_no", hh, &text)) ==
	    FDSS_OK)
		rc = move(b, key, text, before, after);
	free(text);
	text = NULL;
	if (rc == FDSS_OK && id &&
	    (rc = fdss__fix_text(b->db, "id_number", id, &text)) == FDSS_OK)
		rc = rekey(b, key, text, reason, before, after);
	free(text);
	return rc;
}

/* ---- contract ------------------------------------------------------------- */

int fdss__fix_contract(fdss_fix_batch *b, const char *key, const cJSON *set,
		       const char *reason, cJSON *before, cJSON *after)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(set, "doctor");
	char *doctor = NULL;
	int rc, changed;

	(void)reason;
	(void)before;
	(void)after;
	if ((rc = fdss__fix_text(b->db, "doctor", v, &doctor)) != FDSS_OK)
		return rc;
	b->why[0] = '\0';
	if (!doctor || !*doctor)
		rc = fdss__db_fail(b->db, FDSS_EDATA, "doctor: empty");
	else if ((rc = fdss__contract_set_doctor(b->cb, key, doctor,
						 &changed)) == FDSS_EDATA)
		rc = fdss__fix_refused(b, "doctor", doctor);
	free(doctor);
	return rc;
}

/* ---- team member ---------------------------------------------------------- */

static const char sql_member[] =
	"SELECT team_code, name, role FROM team_member WHERE id = ?1";
static const char sql_member_taken[] =
	"SELECT 1 FROM team_member WHERE team_code = ?1 AND name = ?2"
	" AND role = ?3 AND id <> ?4";
static const char sql_member_rename[] =
	"UPDATE team_member SET name = ?2 WHERE id = ?1";

/* The member's team, name, role into the strings (sizes n). */
struct member {
	char team[64], name[256], role[32];
};

static int rename_member(fdss_fix_batch *b, const char *key,
			 const struct member *m, const char *to)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_member_taken);
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, m->team, 0) || fdss__bind_text(st, 2, to, 0)
	    || fdss__bind_text(st, 3, m->role, 0) ||
	    fdss__bind_text(st, 4, key, 0))
		return fdss__db_bindfail(b->db, st, "cannot read teams");
	if ((rc = one_row(b->db, st, "cannot read teams")) != 0) {
		if (rc > 0)
			sqlite3_reset(st);
		return rc < 0 ? rc : fdss__db_fail(b->db, FDSS_EDATA, "name "
			"'%s': team '%s' has a %s of that name already", to,
			m->team, m->role);
	}
	if (!(st = fdss__db_prepare(b->db, sql_member_rename)))
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, key, 0) || fdss__bind_text(st, 2, to, 0))
		return fdss__db_bindfail(b->db, st, "cannot rename a member");
	if ((rc = run(b->db, st, "cannot rename a member")) != FDSS_OK)
		return rc;
	return fdss_team_role_is_doctor(m->role)
		? fdss__contract_rename_doctor(b->cb, m->team, m->name, to)
		: FDSS_OK;
}

int fdss__fix_team_member(fdss_fix_batch *b, const char *key,
			  const cJSON *set, const char *reason, cJSON *before,
			  cJSON *after)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(set, "name");
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_member);
	struct member m;
	char *to = NULL;
	int rc;

	(void)reason;
	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, key, 0))
		return fdss__db_bindfail(b->db, st, "cannot read teams");
	if ((rc = one_row(b->db, st, "cannot read teams")) <= 0)
		return rc;
	fdss__copy(m.team, sizeof(m.team), fdss__col(st, 0));
	fdss__copy(m.name, sizeof(m.name), fdss__col(st, 1));
	fdss__copy(m.role, sizeof(m.role), fdss__col(st, 2));
	sqlite3_reset(st);
	if ((rc = fdss__fix_text(b->db, "name", v, &to)) == FDSS_OK &&
	    (rc = fdss__team_text_check(b->db, "name", to)) == FDSS_OK &&
	    strcmp(to, m.name) != 0 &&
	    (rc = rename_member(b, key, &m, to)) == FDSS_OK)
		rc = fdss__fix_note(b->db, before, after, "name", m.name, to);
	free(to);
	return rc;
}

/* ---- condition ------------------------------------------------------------ */

static const char sql_condition[] =
	"SELECT c.since, c.ended_on, c.status, p.birth_date FROM condition c"
	" JOIN person p ON p.id_number = c.id_number"
	" WHERE c.id_number = ?1 AND c.kind = ?2";
static const char sql_condition_set[] =
	"UPDATE condition SET since = ?3, ended_on = ?4"
	" WHERE id_number = ?1 AND kind = ?2";

/* A date field of set into *d (kept when absent, 0 for null). */
static int date_field(fdss_db *db, const cJSON *set, const char *field,
		      fdss_date *d)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(set, field);
	fdss_error err = FDSS_ERROR_INIT;

	if (!v)
		return FDSS_OK;
	if (cJSON_IsNull(v))
		return *d = 0, FDSS_OK;
	if (!cJSON_IsString(v) || fdss_date_parse(d, v->valuestring, &err))
		return fdss__db_fail(db, FDSS_EDATA, "%s '%s': expected a date "
				     "YYYY-MM-DD", field, cJSON_IsString(v)
				     ? v->valuestring : "");
	return FDSS_OK;
}

/* old → now of a date field into before/after, if it changed. */
static int note_date(fdss_db *db, cJSON *before, cJSON *after,
		     const char *field, fdss_date old, fdss_date now)
{
	char o[FDSS_DATE_BUFSZ], n[FDSS_DATE_BUFSZ];

	if (old == now)
		return FDSS_OK;
	return fdss__fix_note(db, before, after, field,
			      old ? fdss_date_format(o, old) : NULL,
			      now ? fdss_date_format(n, now) : NULL);
}

static int condition_dates(fdss_fix_batch *b, const char *id,
			   const char *kind, const cJSON *set, cJSON *before,
			   cJSON *after)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_condition);
	fdss_error err = FDSS_ERROR_INIT;
	fdss_date since, ended, birth, s, e;
	int active, rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, id, 0) || fdss__bind_text(st, 2, kind, 0))
		return fdss__db_bindfail(b->db, st, "cannot read conditions");
	if ((rc = one_row(b->db, st, "cannot read conditions")) <= 0)
		return rc ? rc : fdss__db_fail(b->db, FDSS_EDATA, "no condition "
					       "'%s:%s'", id, kind);
	s = since = fdss__col_date(st, 0);
	e = ended = fdss__col_date(st, 1);
	active = strcmp(fdss__col(st, 2), "active") == 0;
	birth = fdss__col_date(st, 3);
	sqlite3_reset(st);
	if ((rc = date_field(b->db, set, "since", &s)) ||
	    (rc = date_field(b->db, set, "ended_on", &e)))
		return rc;
	if (active && e)
		return fdss__db_fail(b->db, FDSS_EDATA, "ended_on: the condition "
				     "is active ('fdss condition end' ends it)");
	if (fdss_condition_dates_check(birth, s, e, b->o.ref, &err))
		return fdss__db_fail(b->db, FDSS_EDATA, "%s: %s",
				     s != since ? "since" : "ended_on", err.msg);
	if (s == since && e == ended)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(b->db, sql_condition_set)))
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, id, 0) || fdss__bind_text(st, 2, kind, 0) ||
	    (s ? fdss__bind_date(st, 3, s) : sqlite3_bind_null(st, 3)) ||
	    (e ? fdss__bind_date(st, 4, e) : sqlite3_bind_null(st, 4)))
		return fdss__db_bindfail(b->db, st, "cannot fix the condition");
	if ((rc = run(b->db, st, "cannot fix the condition")) != FDSS_OK ||
	    (rc = note_date(b->db, before, after, "since", since, s)))
		return rc;
	return note_date(b->db, before, after, "ended_on", ended, e);
}

int fdss__fix_condition(fdss_fix_batch *b, const char *key, const cJSON *set,
			const char *reason, cJSON *before, cJSON *after)
{
	const char *colon = strchr(key, ':');
	char id[64];

	(void)reason;
	if (!colon || colon == key || (size_t)(colon - key) >= sizeof(id))
		return fdss__db_fail(b->db, FDSS_EDATA, "key '%s': expected "
				     "ID_NUMBER:KIND", key);
	memcpy(id, key, (size_t)(colon - key));
	id[colon - key] = '\0';
	if (id[colon - key - 1] == 'x')
		id[colon - key - 1] = 'X';
	return condition_dates(b, id, colon + 1, set, before, after);
}
