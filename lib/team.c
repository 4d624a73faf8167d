/*
 * team.c: family doctor teams and their members, the check that a team
 * can sign, and the "team" and "team_member" records.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const roles[] = {
	"doctor", "lead", "nurse", "public-health", "pharmacist",
	"health-manager", "psychologist", "social-worker", "specialist"
};

#define NROLES (sizeof(roles) / sizeof(roles[0]))

static const char sql_team_insert[] =
	"INSERT INTO team (code, name, institution, area_code, created)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_area_exists[] = "SELECT 1 FROM area WHERE code = ?1";

/* Columns read by read_team(), in order. */
#define TEAM_COLS \
	"SELECT t.code, t.name, t.institution, t.area_code, t.created," \
	" (SELECT count(*) FROM team_member m WHERE m.team_code = t.code" \
	" AND m.active)," \
	" (SELECT count(*) FROM team_member m WHERE m.team_code = t.code" \
	" AND m.active AND m.role IN ('doctor', 'lead'))," \
	" (SELECT count(*) FROM team_member m WHERE m.team_code = t.code" \
	" AND m.active AND m.role = 'nurse')" \
	" FROM team t"
static const char sql_team_get[] = TEAM_COLS " WHERE t.code = ?1";
static const char sql_team_list[] = TEAM_COLS " ORDER BY t.code";

static const char sql_member_exists[] =
	"SELECT 1 FROM team_member WHERE team_code = ?1 AND name = ?2"
	" AND role = ?3";
static const char sql_member_insert[] =
	"INSERT INTO team_member (team_code, name, role, title, phone)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_member_list[] =
	"SELECT id, team_code, name, role, title, phone, active"
	" FROM team_member WHERE team_code = ?1 ORDER BY active DESC, id";
static const char sql_member_find[] =
	"SELECT id, team_code, name, role, title, phone, active"
	" FROM team_member WHERE team_code = ?1 AND name = ?2"
	" AND (?3 IS NULL OR role = ?3) ORDER BY id";
static const char sql_member_change[] =
	"UPDATE team_member SET active = ?2, title = ?3, phone = ?4"
	" WHERE id = ?1";
static const char sql_signer[] =
	"SELECT name FROM team_member WHERE team_code = ?1 AND active"
	" AND role IN ('doctor', 'lead') AND (?2 IS NULL OR name = ?2)"
	" ORDER BY role = 'lead' DESC, id LIMIT 1";

/* ---- roles ----------------------------------------------------------- */

int fdss_team_role_valid(const char *role)
{
	size_t i;

	for (i = 0; role && i < NROLES; i++)
		if (strcmp(role, roles[i]) == 0)
			return 1;
	return 0;
}

int fdss_team_role_is_doctor(const char *role)
{
	return role && (strcmp(role, "doctor") == 0 ||
			strcmp(role, "lead") == 0);
}

const char *fdss_team_role_names(void)
{
	return "doctor, lead, nurse, public-health, pharmacist, "
	       "health-manager, psychologist, social-worker or specialist";
}

/* ---- checks ---------------------------------------------------------- */

/* 1 if code is 1..32 of A-Z a-z 0-9 - _ . */
static int code_valid(const char *code)
{
	size_t n = code ? strlen(code) : 0;

	if (n == 0 || n >= FDSS_TEAM_CODE_BUFSZ)
		return 0;
	return strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
			    "wxyz0123456789-_.") == n;
}

/* A required text field: non-empty and shorter than size. */
static int check_text(fdss_db *db, const char *what, const char *s,
		      size_t size, int required)
{
	if (required && (!s || !*s))
		return fdss__db_fail(db, FDSS_EINVAL, "%s is empty", what);
	if (s && strlen(s) >= size)
		return fdss__db_fail(db, FDSS_EINVAL, "%s is longer than %zu "
				     "bytes", what, size - 1);
	return FDSS_OK;
}

/* 1 if a statement with parameters bound by the caller returns a row. */
static int has_row(fdss_db *db, sqlite3_stmt *st, int *out)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	*out = 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(db, rc, "cannot read the teams");
	*out = rc == SQLITE_ROW;
	return FDSS_OK;
}

static int check_area(fdss_db *db, const char *area)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (!area || !*area)
		return FDSS_OK;
	if (!fdss_area_level_of(area))
		return fdss__db_fail(db, FDSS_EINVAL, "area '%s': 2, 4, 6, 9 "
				     "or 12 digits expected", area);
	if (!(st = fdss__db_prepare(db, sql_area_exists)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, area, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the areas");
	if ((rc = has_row(db, st, &found)) != FDSS_OK)
		return rc;
	if (!found)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no area '%s' (load "
				     "it with 'fdss area import')", area);
	return FDSS_OK;
}

/* ---- teams ----------------------------------------------------------- */

static void read_team(sqlite3_stmt *st, fdss_team *t)
{
	fdss__copy(t->code, sizeof(t->code), fdss__col(st, 0));
	fdss__copy(t->name, sizeof(t->name), fdss__col(st, 1));
	fdss__copy(t->institution, sizeof(t->institution), fdss__col(st, 2));
	fdss__copy(t->area_code, sizeof(t->area_code), fdss__col(st, 3));
	fdss__copy(t->created, sizeof(t->created), fdss__col(st, 4));
	t->members = sqlite3_column_int(st, 5);
	t->doctors = sqlite3_column_int(st, 6);
	t->nurses = sqlite3_column_int(st, 7);
}

int fdss_team_get(fdss_db *db, const char *code, fdss_team *out)
{
	sqlite3_stmt *st;
	int rc;

	if (!code)
		return fdss__db_fail(db, FDSS_EINVAL, "no team code");
	if (!(st = fdss__db_prepare(db, sql_team_get)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, code, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the teams");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_team(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return FDSS_OK;
	if (rc == SQLITE_DONE)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no team '%s'", code);
	return fdss__db_sqlfail(db, rc, "cannot read the teams");
}

FDSS__WALK_ROW(team, fdss_team, read_team)

int fdss_team_list(fdss_db *db, int (*fn)(const fdss_team *t, void *arg),
		   void *arg)
{
	struct team_walk w = { fn, arg };
	sqlite3_stmt *st;

	if (!(st = fdss__db_prepare(db, sql_team_list)))
		return fdss_db_error(db)->code;
	return fdss__walk(db, st, "cannot read the teams", team_row, &w);
}

static int team_add_in_tx(fdss_db *db, const char *code, const char *name,
			  const char *institution, const char *area,
			  fdss_date created)
{
	char date[FDSS_DATE_BUFSZ];
	fdss_team t;
	sqlite3_stmt *st;
	cJSON *after;
	int rc;

	rc = fdss_team_get(db, code, &t);
	if (rc == FDSS_OK)
		return fdss__db_fail(db, FDSS_EEXISTS, "team '%s' already "
				     "exists", code);
	if (rc != FDSS_ENOTFOUND)
		return rc;
	if ((rc = check_area(db, area)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, sql_team_insert)))
		return fdss_db_error(db)->code;
	fdss_date_format(date, created);
	if ((rc = fdss__bind_text(st, 1, code, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, name, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 3, institution, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 4, area, 1)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 5, date, 0)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot add the team");
	}
	sqlite3_reset(st);
	if ((rc = fdss_team_get(db, code, &t)) != FDSS_OK)
		return rc;
	if (!(after = fdss_team_to_json(&t)))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	rc = fdss__audit_json(db, "team", code, NULL, after, NULL);
	cJSON_Delete(after);
	return rc;
}

int fdss_team_add(fdss_db *db, const char *code, const char *name,
		  const char *institution, const char *area_code,
		  fdss_date created)
{
	int nested, rc;

	if (!code_valid(code))
		return fdss__db_fail(db, FDSS_EINVAL, "team code '%s': 1 to "
				     "%d letters, digits, '-', '_' or '.' "
				     "expected", code ? code : "",
				     FDSS_TEAM_CODE_BUFSZ - 1);
	if ((rc = check_text(db, "team name", name, FDSS_TEAM_TEXT_BUFSZ,
			     1)) != FDSS_OK ||
	    (rc = check_text(db, "institution", institution,
			     FDSS_TEAM_TEXT_BUFSZ, 1)) != FDSS_OK)
		return rc;
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	rc = team_add_in_tx(db, code, name, institution, area_code, created);
	return fdss__tx_end(db, nested, rc);
}

/* ---- members --------------------------------------------------------- */

static void read_member(sqlite3_stmt *st, fdss_team_member *m)
{
	m->id = sqlite3_column_int64(st, 0);
	fdss__copy(m->team, sizeof(m->team), fdss__col(st, 1));
	fdss__copy(m->name, sizeof(m->name), fdss__col(st, 2));
	fdss__copy(m->role, sizeof(m->role), fdss__col(st, 3));
	fdss__copy(m->title, sizeof(m->title), fdss__col(st, 4));
	fdss__copy(m->phone, sizeof(m->phone), fdss__col(st, 5));
	m->active = sqlite3_column_int(st, 6);
}

static int member_exists(fdss_db *db, const char *team, const char *name,
			 const char *role, int *found)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = fdss__db_prepare(db, sql_member_exists)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, team, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, name, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 3, role, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the teams");
	return has_row(db, st, found);
}

/* Audit a change of a member from before to after. */
static int audit_member(fdss_db *db, const fdss_team_member *before,
			const fdss_team_member *after, const char *reason)
{
	cJSON *bj = fdss_team_member_to_json(before);
	cJSON *aj = fdss_team_member_to_json(after);
	char key[24];
	int rc;

	snprintf(key, sizeof(key), "%lld", (long long)after->id);
	rc = bj && aj ? fdss__audit_json(db, "team_member", key, bj, aj,
					 reason)
		      : fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	cJSON_Delete(bj);
	cJSON_Delete(aj);
	return rc;
}

/* Store m (id, title, phone, active) over what was before; audited. */
static int member_change(fdss_db *db, const fdss_team_member *before,
			 const fdss_team_member *m, const char *reason)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = fdss__db_prepare(db, sql_member_change)))
		return fdss_db_error(db)->code;
	if ((rc = sqlite3_bind_int64(st, 1, m->id)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int(st, 2, m->active)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 3, m->title, 1)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 4, m->phone, 1)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot change the team member");
	}
	sqlite3_reset(st);
	return audit_member(db, before, m, reason);
}

/* The rows of member name of team (in role, or every role), up to max;
 * *n gets how many. */
static int find_member(fdss_db *db, const char *team, const char *name,
		       const char *role, fdss_team_member *out, size_t max,
		       size_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (!(st = fdss__db_prepare(db, sql_member_find)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, team, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, name, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 3, role, 1)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the teams");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		read_member(st, &out[(*n)++]);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(db, rc, "cannot read the teams");
	return FDSS_OK;
}

/* Adding a member who exists: an inactive one comes back, with the
 * title and phone given; an active one is a conflict. */
static int member_return(fdss_db *db, const fdss_team_member *m,
			 int64_t *out_id)
{
	fdss_team_member old, back;
	size_t n;
	int rc;

	if ((rc = find_member(db, m->team, m->name, m->role, &old, 1, &n)))
		return rc;
	if (n && old.active)
		return fdss__db_fail(db, FDSS_EEXISTS, "team '%s' already has "
				     "%s '%s'", m->team, m->role, m->name);
	if (!n)
		return fdss__db_fail(db, FDSS_EINTERNAL, "team member vanished");
	back = old;
	back.active = 1;
	if (m->title[0])
		fdss__copy(back.title, sizeof(back.title), m->title);
	if (m->phone[0])
		fdss__copy(back.phone, sizeof(back.phone), m->phone);
	if (out_id)
		*out_id = old.id;
	return member_change(db, &old, &back, "returns to the team");
}

static int member_add_in_tx(fdss_db *db, const fdss_team_member *m,
			    int64_t *out_id)
{
	fdss_team t;
	fdss_team_member added = *m;
	sqlite3_stmt *st;
	char key[24];
	cJSON *after;
	int rc, found = 0;

	if ((rc = fdss_team_get(db, m->team, &t)) != FDSS_OK)
		return rc;
	if ((rc = member_exists(db, m->team, m->name, m->role, &found)))
		return rc;
	if (found)
		return member_return(db, m, out_id);
	if (!(st = fdss__db_prepare(db, sql_member_insert)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, m->team, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, m->name, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 3, m->role, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 4, m->title, 1)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 5, m->phone, 1)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_DONE) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot add the team member");
	}
	sqlite3_reset(st);
	added.id = sqlite3_last_insert_rowid(fdss__db_sqlite(db));
	added.active = 1;
	if (out_id)
		*out_id = added.id;
	snprintf(key, sizeof(key), "%lld", (long long)added.id);
	if (!(after = fdss_team_member_to_json(&added)))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	rc = fdss__audit_json(db, "team_member", key, NULL, after, NULL);
	cJSON_Delete(after);
	return rc;
}

int fdss_team_member_add(fdss_db *db, const char *team, const char *name,
			 const char *role, const char *title,
			 const char *phone, int64_t *out_id)
{
	fdss_team_member m;
	int nested, rc;

	memset(&m, 0, sizeof(m));
	if (!fdss_team_role_valid(role))
		return fdss__db_fail(db, FDSS_EINVAL, "role '%s': expected %s",
				     role ? role : "", fdss_team_role_names());
	if ((rc = check_text(db, "team code", team, sizeof(m.team), 1)) ||
	    (rc = check_text(db, "member name", name, sizeof(m.name), 1)) ||
	    (rc = check_text(db, "title", title, sizeof(m.title), 0)) ||
	    (rc = check_text(db, "phone", phone, sizeof(m.phone), 0)))
		return rc;
	fdss__copy(m.team, sizeof(m.team), team);
	fdss__copy(m.name, sizeof(m.name), name);
	fdss__copy(m.role, sizeof(m.role), role);
	fdss__copy(m.title, sizeof(m.title), title);
	fdss__copy(m.phone, sizeof(m.phone), phone);
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	return fdss__tx_end(db, nested, member_add_in_tx(db, &m, out_id));
}

static int member_remove_in_tx(fdss_db *db, const char *team,
				const char *name, const char *role,
				const char *reason, fdss_team_member *out,
				size_t *n)
{
	fdss_team t;
	fdss_team_member rows[NROLES];
	size_t i, nrows;
	int rc;

	*n = 0;
	if ((rc = fdss_team_get(db, team, &t)) != FDSS_OK ||
	    (rc = find_member(db, team, name, role, rows, NROLES, &nrows)))
		return rc;
	if (!nrows)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "team '%s' has no "
				     "%s '%s'", team, role ? role : "member",
				     name);
	for (i = 0; i < nrows; i++) {
		fdss_team_member gone = rows[i];

		if (!rows[i].active)
			continue;
		gone.active = 0;
		if ((rc = member_change(db, &rows[i], &gone, reason)) != FDSS_OK)
			return rc;
		out[(*n)++] = gone;
	}
	if (!*n)
		return fdss__db_fail(db, FDSS_ECONFLICT, "%s '%s' of team '%s' "
				     "is inactive already", role ? role
				     : "member", name, team);
	return FDSS_OK;
}

int fdss_team_member_remove(fdss_db *db, const char *team, const char *name,
			    const char *role, const char *reason,
			    int (*fn)(const fdss_team_member *m, void *arg),
			    void *arg)
{
	fdss_team_member removed[NROLES];
	size_t i, n = 0;
	int nested, rc;

	if (role && !fdss_team_role_valid(role))
		return fdss__db_fail(db, FDSS_EINVAL, "role '%s': expected %s",
				     role, fdss_team_role_names());
	if (!team || !name || !*name)
		return fdss__db_fail(db, FDSS_EINVAL, "no team or member name");
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	rc = member_remove_in_tx(db, team, name, role, reason, removed, &n);
	if ((rc = fdss__tx_end(db, nested, rc)) != FDSS_OK)
		return rc;
	for (i = 0; fn && i < n; i++)
		if ((rc = fn(&removed[i], arg)) != 0)
			return rc;
	return FDSS_OK;
}

int fdss_team_doctor_active(fdss_db *db, const char *team, const char *name,
			    int *out)
{
	fdss_team_member rows[NROLES];
	size_t i, n;
	int rc;

	*out = 0;
	if ((rc = find_member(db, team, name, NULL, rows, NROLES, &n)))
		return rc;
	for (i = 0; i < n; i++)
		if (rows[i].active && fdss_team_role_is_doctor(rows[i].role))
			*out = 1;
	return FDSS_OK;
}

FDSS__WALK_ROW(member, fdss_team_member, read_member)

int fdss_team_members(fdss_db *db, const char *team,
		      int (*fn)(const fdss_team_member *m, void *arg),
		      void *arg)
{
	struct member_walk w = { fn, arg };
	fdss_team t;
	sqlite3_stmt *st;
	int rc;

	if ((rc = fdss_team_get(db, team, &t)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, sql_member_list)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, team, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the teams");
	return fdss__walk(db, st, "cannot read the teams", member_row, &w);
}

/* ---- signing --------------------------------------------------------- */

static int check_can_sign(fdss_db *db, const fdss_team *t)
{
	const char *missing;

	if (t->doctors && t->nurses)
		return FDSS_OK;
	missing = !t->doctors && !t->nurses ? "no doctor and no nurse"
		  : !t->doctors		    ? "no doctor"
					    : "no nurse";
	return fdss__db_fail(db, FDSS_ECONFLICT, "team '%s' cannot sign: it "
			     "has %s", t->code, missing);
}

/* Why doctor cannot sign for team: unknown, or no longer active. */
static int no_signer(fdss_db *db, const char *team, const char *doctor)
{
	fdss_team_member rows[NROLES];
	size_t i, n = 0;
	int rc, was = 0;

	if (doctor && (rc = find_member(db, team, doctor, NULL, rows, NROLES,
					&n)) != FDSS_OK)
		return rc;
	for (i = 0; i < n; i++)
		was |= fdss_team_role_is_doctor(rows[i].role);
	if (was)
		return fdss__db_fail(db, FDSS_ECONFLICT, "doctor '%s' of team "
				     "'%s' is inactive (removed from the "
				     "team)", doctor, team);
	return fdss__db_fail(db, FDSS_ENOTFOUND, "team '%s' has no doctor "
			     "'%s'", team, doctor ? doctor : "");
}

int fdss_team_signer(fdss_db *db, const char *team, const char *doctor,
		     char *out, size_t n)
{
	fdss_team t;
	sqlite3_stmt *st;
	int rc;

	if ((rc = fdss_team_get(db, team, &t)) != FDSS_OK ||
	    (rc = check_can_sign(db, &t)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(db, sql_signer)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, team, 0)) != SQLITE_OK ||
	    (rc = fdss__bind_text(st, 2, doctor, 0)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the teams");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = fdss__copy(out, n, fdss__col(st, 0))
			     ? FDSS_OK
			     : fdss__db_fail(db, FDSS_EINVAL, "doctor name "
					     "longer than the buffer");
	else if (rc == SQLITE_DONE)
		rc = FDSS_ENOTFOUND;
	else
		rc = fdss__db_sqlfail(db, rc, "cannot read the teams");
	sqlite3_reset(st);
	return rc == FDSS_ENOTFOUND ? no_signer(db, team, doctor) : rc;
}

/* ---- records --------------------------------------------------------- */

cJSON *fdss_team_to_json(const fdss_team *t)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "team") &&
	    fdss__put_str(rec, "code", t->code) &&
	    fdss__put_str(rec, "name", t->name) &&
	    fdss__put_str(rec, "institution", t->institution) &&
	    fdss__put_str(rec, "area_code", t->area_code) &&
	    fdss__put_str(rec, "created", t->created) &&
	    fdss__put_int(rec, "members", t->members, 0) &&
	    fdss__put_int(rec, "doctors", t->doctors, 0) &&
	    fdss__put_int(rec, "nurses", t->nurses, 0) &&
	    fdss__put_bool(rec, "can_sign", t->doctors && t->nurses))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

cJSON *fdss_team_member_to_json(const fdss_team_member *m)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "team_member") &&
	    fdss__put_int(rec, "id", m->id, 0) &&
	    fdss__put_str(rec, "team", m->team) &&
	    fdss__put_str(rec, "name", m->name) &&
	    fdss__put_str(rec, "role", m->role) &&
	    fdss__put_str(rec, "title", m->title) &&
	    fdss__put_str(rec, "phone", m->phone) &&
	    fdss__put_bool(rec, "active", m->active))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

int fdss_team_exists(fdss_db *db, const char *code)
{
	fdss_team t;
	int rc = fdss_team_get(db, code ? code : "", &t);

	if (rc == FDSS_ENOTFOUND)
		return fdss__db_fail(db, rc, "team '%s': no such team",
				     code ? code : "");
	return rc;
}

int fdss__team_text_check(fdss_db *db, const char *field, const char *s)
{
	fdss_team_member m;
	size_t size = strcmp(field, "phone") == 0 ? sizeof(m.phone)
		      : strcmp(field, "title") == 0 ? sizeof(m.title)
		      : sizeof(m.name);
	int rc = check_text(db, field, s, size, strcmp(field, "name") == 0);
	char why[FDSS_ERRMSG_MAX];

	if (rc != FDSS_EINVAL)
		return rc;
	fdss__copy(why, sizeof(why), fdss_db_errmsg(db));
	return fdss__db_fail(db, FDSS_EDATA, "%s", why);
}
