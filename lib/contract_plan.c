/*
 * contract_plan.c: the plan of a signing — a household's members and
 * packages are gathered into the batch's contract under construction,
 * then checked (no other current contract, a team that can sign, the
 * doctor's limit, the term), priced (contract_price.c), stored and
 * audited (contract_store.c).  A signing request (contract_request.c)
 * and a renewal (contract_renew.c) come this way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"
#include "cover_int.h"

/*
 * A member's row, with the contract other than ?3 that covers them from
 * ?4 on (signed at ?4: pending, approved or active for them), if any:
 * read with the people, not asked person by person.  "v.contract_id <>
 * ?3" is tested on contract_member_person before any row is read, so
 * the renewed contract costs nothing.  Conditions are read only when a rule
 * asks for them (fdss__member_conditions()): most contracts are for a year
 * and the basic package, which need none.
 */
#define MEMBER_COLS \
	"SELECT p.id_number, p.name, p.sex, p.birth_date, p.poverty," \
	" p.serious_illness, p.status, (SELECT v.contract_id" \
	" FROM contract_cover v" \
	" WHERE v.id_number = p.id_number AND v.contract_id <> ?3" \
	" AND " FDSS__COVER_SIGNED("v", "?4") " LIMIT 1)" \
	" FROM person p"

static const char sql_household_members[] =
	MEMBER_COLS " WHERE p.household_no = ?1 AND p.status = 'active'";

static const char sql_person_member[] =
	MEMBER_COLS " WHERE p.id_number = ?1 AND p.household_no = ?2";

/* By household, as a signing reads it, not by ID number: the people
 * of contracts renewed in turn are then near each other. */
static const char sql_renewal_members[] =
	MEMBER_COLS " WHERE p.household_no = ?2 AND p.status = 'active'"
	" AND EXISTS (SELECT 1 FROM contract_member o"
	" WHERE o.contract_id = ?1 AND o.id_number = p.id_number)";

static const char sql_conditions[] =
	"SELECT group_concat(kind) FROM condition"
	" WHERE id_number = ?1 AND status = 'active'";

/* A contract's number and status at ?2. */
static const char sql_number_status[] =
	"SELECT c.number, " FDSS__CONTRACT_STATUS("c", "?2")
	" FROM contract c WHERE c.id = ?1";

static const char sql_current[] =
	"SELECT v.number, " FDSS__COVER_STATUS("v", "?3")
	" FROM contract_cover v WHERE v.id_number = ?1"
	" AND v.contract_id <> ?2 AND " FDSS__COVER_SIGNED("v", "?3")
	" LIMIT 1";

static const char sql_doctor_count[] =
	"SELECT count(DISTINCT v.id_number) FROM contract_cover v"
	" WHERE v.team_code = ?1 AND v.doctor = ?2"
	" AND " FDSS__COVER_SIGNED("v", "?3");

/* --- members --------------------------------------------------------------- */

/* The bits of a comma-separated list of condition kinds: each kind
 * copied on its own (a longer one is no kind), the list never cut. */
static unsigned conditions_of(const char *list, int serious)
{
	char kind[64];
	unsigned bits = serious ? FDSS_COND_CHRONIC : 0;
	size_t n;

	for (; list && *list; list += n + (list[n] == ',')) {
		n = strcspn(list, ",");
		if (n >= sizeof(kind))
			continue;
		memcpy(kind, list, n);
		kind[n] = '\0';
		bits |= fdss_condition_parse(kind);
	}
	return bits;
}

static int add_member(fdss_contract_batch *b, sqlite3_stmt *st)
{
	struct cmember *m = fdss__cbuild_member(&b->cur);
	struct carena *a = &b->cur.strings;

	if (!m || !(m->id_number = fdss__carena_strdup(a, fdss__col(st, 0))) ||
	    !(m->name = fdss__carena_strdup(a, fdss__col(st, 1))))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	m->sex = fdss__col(st, 2)[0];
	m->birth_date = fdss__contract_date(sqlite3_column_text(st, 3));
	m->poverty = sqlite3_column_int(st, 4);
	m->serious = sqlite3_column_int(st, 5);
	m->covered_by = sqlite3_column_int64(st, 7);
	return FDSS_OK;
}

/* The conditions of member m, read once. */
int fdss__member_conditions(fdss_contract_batch *b, struct cmember *m)
{
	sqlite3_stmt *st;
	int rc;

	if (m->conditions_read)
		return FDSS_OK;
	if (!(st = fdss__db_prepare(b->db, sql_conditions)))
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_text(st, 1, m->id_number, -1, SQLITE_STATIC))
		return fdss__db_bindfail(b->db, st, "cannot read conditions");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m->conditions = conditions_of(fdss__col(st, 0), m->serious);
		m->conditions_read = 1;
		rc = FDSS_OK;
	} else {
		rc = fdss__db_sqlfail(b->db, rc, "cannot read conditions");
	}
	sqlite3_reset(st);
	return rc;
}

static int by_id_number(const void *a, const void *b)
{
	return strcmp(((const struct cmember *)a)->id_number,
		      ((const struct cmember *)b)->id_number);
}

int fdss__sign_members(fdss_contract_batch *b, const char *household,
		       const char *id, fdss_date from)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, id ? sql_person_member
						      : sql_household_members);
	int rc = FDSS_OK, s;

	if (!st)
		return fdss_db_error(b->db)->code;
	if ((id ? fdss__bind_text(st, 1, id, 0) ||
		  fdss__bind_text(st, 2, household, 0)
		: fdss__bind_text(st, 1, household, 0)) ||
	    sqlite3_bind_int64(st, 3, 0) || fdss__bind_date(st, 4, from))
		return fdss__db_bindfail(b->db, st, "cannot read the members");
	while (rc == FDSS_OK && (s = sqlite3_step(st)) == SQLITE_ROW)
		if (!id || strcmp(fdss__col(st, 6), "active") == 0)
			rc = add_member(b, st);
	if (rc == FDSS_OK && s != SQLITE_DONE)
		rc = fdss__db_sqlfail(b->db, s, "cannot read the members");
	sqlite3_reset(st);
	/* sorted here: an ORDER BY would sort in a temporary b-tree */
	if (!id && b->cur.nm > 1)
		qsort(b->cur.m, b->cur.nm, sizeof(*b->cur.m), by_id_number);
	return rc;
}

int fdss__sign_renewal_members(fdss_contract_batch *b, int64_t old,
			       const char *household, fdss_date from)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_renewal_members);
	int rc = FDSS_OK, s;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, old) ||
	    fdss__bind_text(st, 2, household, 0) ||
	    sqlite3_bind_int64(st, 3, old) || fdss__bind_date(st, 4, from))
		return fdss__db_bindfail(b->db, st, "cannot read the members");
	while (rc == FDSS_OK && (s = sqlite3_step(st)) == SQLITE_ROW)
		rc = add_member(b, st);
	if (rc == FDSS_OK && s != SQLITE_DONE)
		rc = fdss__db_sqlfail(b->db, s, "cannot read the members");
	sqlite3_reset(st);
	if (b->cur.nm > 1)
		qsort(b->cur.m, b->cur.nm, sizeof(*b->cur.m), by_id_number);
	return rc;
}

/* --- checks ---------------------------------------------------------------- */

int fdss__sign_covered(fdss_contract_batch *b, const char *subject, int64_t k)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_number_status);
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, k) || fdss__bind_date(st, 2, b->o.ref))
		return fdss__db_bindfail(b->db, st, "cannot read contracts");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = fdss__batch_reject(b, subject, "already covered by "
					"contract %s (%s)", fdss__col(st, 0),
					fdss__col(st, 1));
	else
		rc = fdss__db_sqlfail(b->db, rc == SQLITE_DONE ? SQLITE_CORRUPT
				      : rc, "cannot read contracts");
	sqlite3_reset(st);
	return rc;
}

int fdss__sign_current(fdss_contract_batch *b, const char *id,
		       int64_t exclude, fdss_date from)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_current);
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, id, 0) || sqlite3_bind_int64(st, 2, exclude) ||
	    fdss__bind_date(st, 3, from))
		return fdss__db_bindfail(b->db, st, "cannot read contracts");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = fdss__batch_reject(b, id, "already covered by contract "
					"%s (%s)", fdss__col(st, 0), fdss__col(st, 1));
	else if (rc == SQLITE_DONE)
		rc = FDSS_OK;
	else
		rc = fdss__db_sqlfail(b->db, rc, "cannot read contracts");
	sqlite3_reset(st);
	return rc;
}

static int doctor_count(fdss_contract_batch *b, struct doctor_slot *d)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_doctor_count);
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, d->team, 0) ||
	    fdss__bind_text(st, 2, d->doctor, 0) ||
	    fdss__bind_date(st, 3, b->o.ref))
		return fdss__db_bindfail(b->db, st, "cannot count contracts");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d->count = sqlite3_column_int64(st, 0);
		rc = FDSS_OK;
	} else {
		rc = fdss__db_sqlfail(b->db, rc, "cannot count contracts");
	}
	sqlite3_reset(st);
	return rc;
}

struct doctor_slot *fdss__batch_doctor(fdss_contract_batch *b,
				       const char *team, const char *asked)
{
	size_t i;

	for (i = 0; i < b->ndoctors; i++)
		if (strcmp(b->doctors[i].team, team) == 0 &&
		    strcmp(b->doctors[i].asked, asked ? asked : "") == 0)
			return &b->doctors[i];
	return NULL;
}

/* The doctor limit (setting doctor_limit): subject is rejected when
 * adding more people would pass it. */
static int doctor_room(fdss_contract_batch *b, struct doctor_slot *d,
		       long adding, const char *subject)
{
	int rc;

	if (adding && d->count < 0 && (rc = doctor_count(b, d)) != FDSS_OK)
		return rc;
	if (adding && d->count + adding > b->doctor_limit)
		return fdss__batch_reject(b, subject, "doctor %s of "
			"team %s has %ld signed residents; %ld more would "
			"pass the limit of %lld (setting doctor_limit)",
			d->doctor, d->team, d->count, adding, b->doctor_limit);
	return FDSS_OK;
}

/* The doctor who signs for team (asked for, or the team's own), from
 * the cache or the store. */
static int signer(fdss_contract_batch *b, const char *team,
		  const char *asked, struct doctor_slot **out)
{
	struct doctor_slot *d;
	int rc;

	if ((*out = fdss__batch_doctor(b, team, asked)))
		return FDSS_OK;
	if (b->ndoctors == DOCTOR_SLOTS)
		b->ndoctors = 0;
	d = &b->doctors[b->ndoctors];
	rc = fdss_team_signer(b->db, team, asked, d->doctor, sizeof(d->doctor));
	if (rc == FDSS_ENOTFOUND || rc == FDSS_ECONFLICT || rc == FDSS_EINVAL)
		return fdss__batch_reject(b, team, "%s", fdss_db_errmsg(b->db));
	if (rc != FDSS_OK)
		return rc;
	snprintf(d->team, sizeof(d->team), "%s", team);
	snprintf(d->asked, sizeof(d->asked), "%s", asked ? asked : "");
	d->count = -1;	/* counted when somebody is added */
	b->ndoctors++;
	*out = d;
	return FDSS_OK;
}

static int check_term(fdss_contract_batch *b, const struct sign_plan *p)
{
	fdss_term_member tm[64];
	fdss_error err = FDSS_ERROR_INIT;
	size_t i, n = b->cur.nm < 64 ? b->cur.nm : 64;
	int rc;

	for (i = 0; i < n; i++) {
		/* a longer term for a new contract depends on them */
		if (p->years > 1 && !p->renewal &&
		    (rc = fdss__member_conditions(b, &b->cur.m[i])))
			return rc;
		tm[i].birth_date = b->cur.m[i].birth_date;
		tm[i].conditions = b->cur.m[i].conditions;
	}
	if (fdss_contract_term_check(p->years, p->renewal, p->start,
				     b->elderly_age, tm, n, &err) != FDSS_OK)
		return fdss__batch_reject(b, p->household_no, "%s", err.msg);
	return FDSS_OK;
}

int fdss__sign_plan(fdss_contract_batch *b, const struct sign_plan *p)
{
	struct cbuild *cb = &b->cur;
	fdss_contract *c = &cb->c;
	struct doctor_slot *d = NULL;
	struct years y;
	long adding;
	size_t i;
	int rc;

	for (i = 0; i < cb->nm; i++)
		if (cb->m[i].covered_by &&
		    (rc = fdss__sign_covered(b, cb->m[i].id_number,
						 cb->m[i].covered_by)))
			return rc;
	if ((rc = signer(b, p->team, p->doctor, &d)) != FDSS_OK ||
	    (rc = check_term(b, p)) != FDSS_OK)
		return rc;
	adding = (long)cb->nm;
	if (p->renews && strcmp(p->old_team, d->team) == 0 &&
	    strcmp(p->old_doctor, d->doctor) == 0)
		adding = 0;	/* already counted for this doctor */
	if ((rc = doctor_room(b, d, adding, p->household_no)) != FDSS_OK)
		return rc;
	c->household_no = p->household_no;
	c->village_code = p->village_code;
	c->team = d->team;
	c->doctor = d->doctor;
	c->start = p->start;
	c->years = p->years;
	c->end = fdss_contract_end(p->start, p->years);
	c->status = b->o.approve ? "active" : "pending";
	c->renews = p->renews_number;
	fdss__contract_years(&y, p->start, p->years);
	if ((rc = fdss__sign_price(b, p, &y)) != FDSS_OK ||
	    (rc = fdss__store_contract(b, p, &y)) != FDSS_OK)
		return rc;
	d->count += adding;
	b->st.contracts++;
	b->st.members += (long)cb->nm;
	return b->o.contract ? b->o.contract(b->o.arg, c) : FDSS_OK;
}

/* --- the doctor of a fix (contract_fix.c) ---------------------------------- */

int fdss__sign_doctor(fdss_contract_batch *b, const char *team,
		      const char *doctor, long adding, const char *subject,
		      const char **out)
{
	struct doctor_slot *d;
	int rc;

	if ((rc = signer(b, team, doctor, &d)) != FDSS_OK ||
	    (rc = doctor_room(b, d, adding, subject)) != FDSS_OK)
		return rc;
	*out = d->doctor;
	return FDSS_OK;
}
