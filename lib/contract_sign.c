/*
 * contract_sign.c: signing — a household's members and packages are
 * gathered into the batch's contract under construction, then checked
 * (no other current contract, a team that can sign, the doctor's limit,
 * the term), priced year by year from the fee schedule, stored and
 * audited.  A signing request (contract_request.c) and a renewal
 * (contract_db.c) come this way.
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

/* ?1 is "C140826-2026-": the county's last number of the year */
static const char sql_last_number[] =
	"SELECT max(CAST(substr(number, 14) AS INTEGER)) FROM contract"
	" WHERE number LIKE ?1 || '%'";

static const char sql_contract_insert[] =
	"INSERT INTO contract (number, household_no, team_code, doctor,"
	" start_date, end_date, years, status, renews, created, reviewed_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?10)";

static const char sql_member_insert[] =
	"INSERT INTO contract_member (contract_id, id_number) VALUES (?1, ?2)";

/* A member's package for a contract year, also when nobody pays for
 * it; ?5 to ?8: the payers of enum fdss_payer in order. */
static const char sql_fee_insert[] =
	"INSERT INTO contract_fee (contract_id, id_number, package_code,"
	" year_start, public_health_fen, insurance_fen, resident_fen,"
	" subsidy_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/* Step a statement that returns no rows; reset it. */
static int exec(fdss_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FDSS_OK : fdss__db_sqlfail(db, rc, what);
}

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

/* --- fees ------------------------------------------------------------------ */

static size_t fee_hash(const char *pkg, const char *village, fdss_date d)
{
	size_t h = 5381 + (size_t)d;

	while (*pkg)
		h = h * 33 + (unsigned char)*pkg++;
	while (*village)
		h = h * 33 + (unsigned char)*village++;
	return h % FEE_SLOTS;
}

static int rate_of(fdss_contract_batch *b, const char *pkg,
		   const char *village, fdss_date ys, fdss_contract_rate *out)
{
	struct fee_slot *s = &b->fees[fee_hash(pkg, village, ys)];
	fdss_fee fee;
	int rc;

	if (s->used && s->year_start == ys && strcmp(s->package, pkg) == 0 &&
	    strcmp(s->village, village) == 0) {
		*out = s->rate;
		return FDSS_OK;
	}
	rc = fdss_fee_lookup(b->db, pkg, village, ys, &fee);
	if (rc != FDSS_OK && rc != FDSS_ENOTFOUND)
		return rc;
	memset(&s->rate, 0, sizeof(s->rate));
	if (rc == FDSS_OK) {
		s->rate.public_health = fee.public_health;
		s->rate.insurance = fee.insurance;
		s->rate.resident = fee.resident;
		s->rate.poverty_subsidy = fee.poverty_subsidy;
	}
	snprintf(s->package, sizeof(s->package), "%s", pkg);
	snprintf(s->village, sizeof(s->village), "%s", village);
	s->year_start = ys;
	s->used = 1;
	*out = s->rate;
	return FDSS_OK;
}

/* The start of each contract year, as a date and as text: worked out
 * once per contract, not per member. */
struct years {
	int n;
	fdss_date at[FDSS_TERM_MAX];
	char text[FDSS_TERM_MAX][FDSS_DATE_BUFSZ];
};

static void years_of(struct years *y, fdss_date start, int n)
{
	int k;

	y->n = n < FDSS_TERM_MAX ? n : FDSS_TERM_MAX;
	for (k = 0; k < y->n; k++) {
		y->at[k] = fdss_contract_year_start(start, k);
		fdss_date_format(y->text[k], y->at[k]);
	}
}

/* Each member's fee lines, member by member, year by year. */
static int price(fdss_contract_batch *b, const struct sign_plan *p,
		 const struct years *y)
{
	struct cbuild *cb = &b->cur;
	fdss_contract_rate rate;
	fdss_contract_fee *f;
	size_t i, j;
	int k, rc;

	for (i = 0; i < cb->nm; i++) {
		struct cmember *m = &cb->m[i];

		m->fee0 = cb->nfees;
		for (k = 0; k < y->n; k++) {
			fdss_date ys = y->at[k];

			for (j = 0; j < m->npkg; j++) {
				const char *pkg = cb->pkgs[m->pkg0 + j];
				size_t n;

				if ((rc = rate_of(b, pkg, p->village_code, ys,
						  &rate)) != FDSS_OK)
					return rc;
				if (!(f = fdss__cbuild_fees(cb, 3)))
					return fdss__db_fail(b->db, FDSS_ENOMEM,
							     "out of memory");
				n = fdss_contract_fee_lines(f, pkg, ys, &rate,
							    m->poverty);
				cb->nfees += n;
				m->nfee += n;
			}
		}
	}
	return FDSS_OK;
}

/* --- storing ---------------------------------------------------------------- */

/* "C" COUNTY "-" YYYY "-" NNNNNN (schema/0012_county_numbers.sql). */
static int next_number(fdss_contract_batch *b, char *out, size_t n)
{
	int y, rc;
	sqlite3_stmt *st;

	fdss_date_to_ymd(b->o.ref, &y, NULL, NULL);
	if (b->seq < 0) {
		/* not the record's fault: the whole batch stops */
		if ((rc = fdss_county_code(b->db, b->county)) == FDSS_EDATA)
			fdss__db_err(b->db)->code = rc = FDSS_ECONFLICT;
		if (rc != FDSS_OK)
			return rc;
		snprintf(b->prefix, sizeof(b->prefix), "C%s-%04d-",
			 b->county, y);
		if (!(st = fdss__db_prepare(b->db, sql_last_number)))
			return fdss_db_error(b->db)->code;
		if (fdss__bind_text(st, 1, b->prefix, 0))
			return fdss__db_bindfail(b->db, st, "cannot number");
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_reset(st);
			return fdss__db_sqlfail(b->db, rc, "cannot number");
		}
		b->seq = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	snprintf(out, n, "%s%06ld", b->prefix, ++b->seq);
	return FDSS_OK;
}

/* Bind a row of sql_fee_insert: by[] is indexed by enum fdss_payer. */
static int bind_fee(sqlite3_stmt *st, int64_t id, const char *id_number,
		    const char *pkg, const char *year_start, const int64_t *by)
{
	int p, rc;

	if ((rc = sqlite3_bind_int64(st, 1, id)) ||
	    (rc = fdss__bind_text(st, 2, id_number, 0)) ||
	    (rc = fdss__bind_text(st, 3, pkg, 0)) ||
	    (rc = fdss__bind_text(st, 4, year_start, 0)))
		return rc;
	for (p = FDSS_PAYER_PUBLIC_HEALTH; p <= FDSS_PAYER_SUBSIDY; p++)
		if ((rc = sqlite3_bind_int64(st, 4 + p, by[p])))
			return rc;
	return SQLITE_OK;
}

/*
 * The packages of m, one row for each package and year with what each
 * payer pays: price() made m's fee lines year by year and package by
 * package, none for a payer who pays nothing.
 */
static int store_member(fdss_contract_batch *b, int64_t id,
			const struct cmember *m, const struct years *y)
{
	const struct cbuild *cb = &b->cur;
	const fdss_contract_fee *f = cb->fees + m->fee0;
	sqlite3_stmt *st;
	size_t i = 0, j;
	int k, rc;

	if (!(st = fdss__db_prepare(b->db, sql_member_insert)))
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(st, 1, id) ||
	    fdss__bind_text(st, 2, m->id_number, 0))
		return fdss__db_bindfail(b->db, st, "cannot store the contract");
	if ((rc = exec(b->db, st, "cannot store the contract")) != FDSS_OK)
		return rc;
	for (k = 0; k < y->n; k++) {
		fdss_date ys = y->at[k];

		for (j = 0; j < m->npkg; j++) {
			const char *pkg = cb->pkgs[m->pkg0 + j];
			int64_t by[FDSS_PAYER_SUBSIDY + 1] = { 0 };

			for (; i < m->nfee && f[i].year_start == ys &&
			       strcmp(f[i].package, pkg) == 0; i++)
				if (f[i].payer >= FDSS_PAYER_PUBLIC_HEALTH &&
				    f[i].payer <= FDSS_PAYER_SUBSIDY)
					by[f[i].payer] += f[i].amount_fen;
			if (!(st = fdss__db_prepare(b->db, sql_fee_insert)))
				return fdss_db_error(b->db)->code;
			if ((rc = bind_fee(st, id, m->id_number, pkg,
					   y->text[k], by)) != SQLITE_OK)
				return fdss__db_bindfail(b->db, st, "cannot "
							 "store the contract");
			if ((rc = exec(b->db, st, "cannot store the contract")))
				return rc;
		}
	}
	return FDSS_OK;
}

static int audit_new(fdss_contract_batch *b, const fdss_contract *c)
{
	fdss_jbuf *j = &b->text;
	char d[FDSS_DATE_BUFSZ];
	int rc;

	fdss_jbuf_reset(j);
	fdss_jbuf_open(j, '{');
	fdss_jbuf_kstr(j, "household_no", c->household_no);
	fdss_jbuf_kstr(j, "team", c->team);
	fdss_jbuf_kstr(j, "doctor", c->doctor);
	fdss_jbuf_kstr(j, "start_date", fdss_date_format(d, c->start));
	fdss_jbuf_kstr(j, "end_date", fdss_date_format(d, c->end));
	fdss_jbuf_kint(j, "years", c->years);
	fdss_jbuf_kstr(j, "status", c->status);
	if (c->renews)
		fdss_jbuf_kstr(j, "renews", c->renews);
	fdss_jbuf_kint(j, "members", (int64_t)c->nmembers);
	fdss_jbuf_close(j, '}');
	if ((rc = fdss_jbuf_rc(j)) != FDSS_OK)
		return fdss__db_fail(b->db, rc, "out of memory");
	return fdss_audit_record(b->db, "contract", c->number, NULL, j->s,
				 c->renews ? "renewal" : NULL);
}

static int store(fdss_contract_batch *b, const struct sign_plan *p,
		 const struct years *y)
{
	fdss_contract *c = &b->cur.c;
	char number[64];
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = next_number(b, number, sizeof(number))) != FDSS_OK)
		return rc;
	if (!(c->number = fdss__carena_strdup(&b->cur.strings, number)))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	if (!(st = fdss__db_prepare(b->db, sql_contract_insert)))
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, c->number, 0) ||
	    fdss__bind_text(st, 2, c->household_no, 0) ||
	    fdss__bind_text(st, 3, c->team, 0) ||
	    fdss__bind_text(st, 4, c->doctor, 0) ||
	    fdss__bind_date(st, 5, c->start) || fdss__bind_date(st, 6, c->end) ||
	    sqlite3_bind_int(st, 7, c->years) ||
	    fdss__bind_text(st, 8, c->status, 0) ||
	    (p->renews && sqlite3_bind_int64(st, 9, p->renews)) ||
	    (b->o.approve && fdss__bind_date(st, 10, b->o.ref)))
		return fdss__db_bindfail(b->db, st, "cannot store the contract");
	if ((rc = exec(b->db, st, "cannot store the contract")) != FDSS_OK)
		return rc;
	c->id = sqlite3_last_insert_rowid(fdss__db_sqlite(b->db));
	for (i = 0; i < b->cur.nm; i++)
		if ((rc = store_member(b, c->id, &b->cur.m[i], y)) != FDSS_OK)
			return rc;
	if (!p->renews)
		snprintf(b->last_signed, sizeof(b->last_signed), "%s",
			 c->household_no);
	if ((rc = fdss__cbuild_finish(&b->cur)) != FDSS_OK)
		return rc;
	if (b->o.approve && !(c->reviewed_at = fdss__carena_strdup(
				&b->cur.strings, fdss_date_format(number, b->o.ref))))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	return audit_new(b, c);
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
	years_of(&y, p->start, p->years);
	if ((rc = price(b, p, &y)) != FDSS_OK ||
	    (rc = store(b, p, &y)) != FDSS_OK)
		return rc;
	d->count += adding;
	b->st.contracts++;
	b->st.members += (long)cb->nm;
	return b->o.contract ? b->o.contract(b->o.arg, c) : FDSS_OK;
}

/* --- fixes (fix.c) ---------------------------------------------------------- */

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

/* The household's contract active at ?2, with its village. */
static const char sql_household_active[] =
	"SELECT c.id, c.number, c.team_code, c.doctor, c.start_date, c.years,"
	" h.village_code, (SELECT ifnull(m.ended_on, '') FROM contract_member m"
	"  WHERE m.contract_id = c.id AND m.id_number = ?3)"
	" FROM contract c JOIN household h ON h.household_no = c.household_no"
	" WHERE c.household_no = ?1"
	" AND " FDSS__CONTRACT_STATUS("c", "?2") " = 'active'"
	" ORDER BY c.start_date DESC LIMIT 1";

/* The contract years of a contract from start (n of them) that are not
 * over before on: the fee lines of somebody who joins on on. */
static void years_from(struct years *y, fdss_date start, int n, fdss_date on)
{
	struct years all;
	fdss_date next;
	int k;

	years_of(&all, start, n);
	y->n = 0;
	for (k = 0; k < all.n; k++) {
		next = k + 1 < all.n ? all.at[k + 1]
				     : fdss_contract_end(start, n) + 1;
		if (next <= on)
			continue;
		y->at[y->n] = all.at[k];
		memcpy(y->text[y->n], all.text[k], sizeof(all.text[k]));
		y->n++;
	}
}

/* id_number, now of household, joins contract (the row of st). */
static int join(fdss_contract_batch *b, sqlite3_stmt *st,
		const char *id_number, const char *household, fdss_date on)
{
	struct cbuild *cb = &b->cur;
	struct sign_plan p;
	struct years y;
	const char *doctor;
	char d[FDSS_DATE_BUFSZ];
	fdss_jbuf bj = FDSS_JBUF_INIT;
	int64_t id = sqlite3_column_int64(st, 0);
	fdss_date start = fdss__col_date(st, 4);
	int rc;

	memset(&p, 0, sizeof(p));
	p.village_code = fdss__carena_strdup(&cb->strings, fdss__col(st, 6));
	cb->c.number = fdss__carena_strdup(&cb->strings, fdss__col(st, 1));
	if (!p.village_code || !cb->c.number)
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	years_from(&y, start, sqlite3_column_int(st, 5), on);
	if ((rc = fdss__sign_doctor(b, fdss__col(st, 2), fdss__col(st, 3), 1,
				    household, &doctor)) != FDSS_OK ||
	    (rc = fdss__sign_members(b, household, id_number, on)) != FDSS_OK)
		return rc;
	if (cb->nm != 1)
		return FDSS_OK;		/* not active: nobody joins */
	if (cb->m[0].covered_by)
		return fdss__sign_covered(b, id_number, cb->m[0].covered_by);
	if ((rc = fdss__cbuild_package(cb, &cb->m[0], "basic")) != FDSS_OK ||
	    (rc = price(b, &p, &y)) != FDSS_OK ||
	    (rc = store_member(b, id, &cb->m[0], &y)) != FDSS_OK)
		return rc;
	fdss_jbuf_open(&bj, '{');
	fdss_jbuf_kstr(&bj, "member", id_number);
	fdss_jbuf_close(&bj, '}');
	fdss_jbuf_reset(&b->text);
	fdss_jbuf_open(&b->text, '{');
	fdss_jbuf_kstr(&b->text, "member", id_number);
	fdss_jbuf_kstr(&b->text, "joined_on", fdss_date_format(d, on));
	fdss_jbuf_close(&b->text, '}');
	if (fdss_jbuf_rc(&bj) != FDSS_OK || fdss_jbuf_rc(&b->text) != FDSS_OK)
		rc = fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	else
		rc = fdss_audit_record(b->db, "contract", cb->c.number, bj.s,
				       b->text.s, b->note);
	fdss_jbuf_release(&bj);
	b->ndoctors = 0;	/* counts changed */
	return rc;
}

static const char sql_member_reopen[] =
	"UPDATE contract_member SET ended_on = NULL, end_reason = NULL,"
	" refund_fen = 0 WHERE contract_id = ?1 AND id_number = ?2";

/* Whose cover in the contract of st ended the day they come back: it
 * never ended (a move undone the same day). */
static int reopen(fdss_contract_batch *b, sqlite3_stmt *st,
		  const char *id_number)
{
	sqlite3_stmt *up = fdss__db_prepare(b->db, sql_member_reopen);
	struct cbuild *cb = &b->cur;
	fdss_jbuf bj = FDSS_JBUF_INIT;
	int rc;

	if (!up)
		return fdss_db_error(b->db)->code;
	if (!(cb->c.number = fdss__carena_strdup(&cb->strings,
						 fdss__col(st, 1))))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	fdss_jbuf_open(&bj, '{');
	fdss_jbuf_kstr(&bj, "member", id_number);
	fdss_jbuf_kstr(&bj, "ended_on", fdss__col(st, 7));
	fdss_jbuf_close(&bj, '}');
	if (sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0)) ||
	    fdss__bind_text(up, 2, id_number, 0)) {
		fdss_jbuf_release(&bj);
		return fdss__db_bindfail(b->db, up, "cannot store the contract");
	}
	if ((rc = exec(b->db, up, "cannot store the contract")) == FDSS_OK) {
		fdss_jbuf_reset(&b->text);
		fdss_jbuf_open(&b->text, '{');
		fdss_jbuf_kstr(&b->text, "member", id_number);
		fdss_jbuf_kstr(&b->text, "ended_on", NULL);
		fdss_jbuf_close(&b->text, '}');
		rc = fdss_jbuf_rc(&bj) || fdss_jbuf_rc(&b->text)
		     ? fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory")
		     : fdss_audit_record(b->db, "contract", cb->c.number, bj.s,
					 b->text.s, b->note);
	}
	fdss_jbuf_release(&bj);
	b->ndoctors = 0;
	return rc;
}

int fdss__sign_join(fdss_contract_batch *b, const char *id_number,
		    const char *household, fdss_date on, char *number,
		    size_t n)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_household_active);
	int rc;

	number[0] = '\0';
	if (!st)
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, household, 0) || fdss__bind_date(st, 2, on) ||
	    fdss__bind_text(st, 3, id_number, 0))
		return fdss__db_bindfail(b->db, st, "cannot read contracts");
	fdss__cbuild_reset(&b->cur);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
		sqlite3_reset(st);
		return FDSS_OK;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(b->db, rc, "cannot read contracts");
	}
	if (sqlite3_column_type(st, 7) != SQLITE_NULL &&
	    fdss__col_date(st, 7) == on)
		rc = reopen(b, st, id_number);
	else if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		rc = fdss__batch_reject(b, id_number, "was a member of contract "
					"%s until %s: it cannot take them again",
					fdss__col(st, 1), fdss__col(st, 7));
	else
		rc = join(b, st, id_number, household, on);
	sqlite3_reset(st);
	if (rc == FDSS_OK && (b->cur.nm == 1 || b->cur.c.number))
		fdss__copy(number, n, b->cur.c.number);
	return rc;
}
