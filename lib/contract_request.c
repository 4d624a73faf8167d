/*
 * contract_request.c: a signing request — a household named, or the
 * household of a person (a record of a person listing, or ID numbers on
 * the command line) — resolved to its household, its members gathered
 * and their packages chosen, then signed by contract_plan.c.  Records of
 * one household in a row sign it once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"

/* The village, and whether this batch (contracts after ?2) signed it.
 * "+renews": by contract_household, not by every renews IS NULL. */
static const char sql_household[] =
	"SELECT h.village_code, EXISTS (SELECT 1 FROM contract c"
	" WHERE c.household_no = h.household_no AND c.id > ?2"
	" AND +c.renews IS NULL) FROM household h WHERE h.household_no = ?1";

static const char sql_person_household[] =
	"SELECT household_no, status FROM person WHERE id_number = ?1";

/* Find the household by number, or of the person, and its village (in
 * b->cur's strings); *again 1 when this batch signed it before. */
static int resolve(fdss_contract_batch *b, const fdss_sign_req *r,
		   const char **household, const char **village, int *again)
{
	sqlite3_stmt *st;
	const char *subject = r->household_no ? r->household_no : r->id_number;
	int rc;

	if (!subject)
		return fdss__batch_reject(b, "-", "no household_no or "
					  "id_number");
	if (!r->household_no) {
		if (!(st = fdss__db_prepare(b->db, sql_person_household)))
			return fdss_db_error(b->db)->code;
		if (fdss__bind_text(st, 1, r->id_number, 0))
			return fdss__db_bindfail(b->db, st, "cannot read person");
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && !(*household = fdss__carena_strdup(
					&b->cur.strings, fdss__col(st, 0))))
			rc = SQLITE_NOMEM;
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return fdss__batch_reject(b, subject, "no such person");
		if (rc != SQLITE_ROW)
			return fdss__db_sqlfail(b->db, rc, "cannot read person");
	} else {
		*household = r->household_no;
	}
	if (!(st = fdss__db_prepare(b->db, sql_household)))
		return fdss_db_error(b->db)->code;
	if (fdss__bind_text(st, 1, *household, 0) ||
	    sqlite3_bind_int64(st, 2, b->last_id))
		return fdss__db_bindfail(b->db, st, "cannot read household");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(*village = fdss__carena_strdup(&b->cur.strings,
						     fdss__col(st, 0))))
			rc = SQLITE_NOMEM;
		*again = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return fdss__batch_reject(b, subject, "no such household");
	return rc == SQLITE_ROW ? FDSS_OK
				: fdss__db_sqlfail(b->db, rc, "cannot read household");
}

/* basic, then the packages asked for in code order, each eligible. */
static int choose_packages(fdss_contract_batch *b, const fdss_sign_req *r,
			   fdss_date start)
{
	const char *list[PACKAGE_SLOTS + 1];
	size_t n = 0, i, j, k;
	char why[256];
	int rc;

	list[n++] = "basic";
	for (i = 0; i < r->npackages; i++) {
		const fdss_package *p = fdss__batch_package(b, r->packages[i]);

		if (!p)
			return fdss__batch_reject(b, r->packages[i],
						  "no such package");
		for (j = 0; j < n && strcmp(list[j], p->code) != 0; j++)
			;
		if (j < n || n == PACKAGE_SLOTS)
			continue;
		for (j = n; j > 1 && strcmp(list[j - 1], p->code) > 0; j--)
			list[j] = list[j - 1];
		list[j] = p->code;
		n++;
	}
	for (k = 0; k < b->cur.nm; k++) {
		struct cmember *m = &b->cur.m[k];
		int age = fdss_date_age(m->birth_date, start);

		for (i = 0; i < n; i++) {
			const fdss_package *p = fdss__batch_package(b, list[i]);

			if (p->condition &&
			    (rc = fdss__member_conditions(b, m)) != FDSS_OK)
				return rc;
			if (!fdss_package_eligible(p, m->sex, age, m->conditions,
						   why, sizeof(why)))
				return fdss__batch_reject(b, m->id_number,
							  "%s (%s)", why, m->name);
			if ((rc = fdss__cbuild_package(&b->cur, m, list[i])))
				return fdss__db_fail(b->db, rc, "out of memory");
		}
	}
	return FDSS_OK;
}

/* Members named in only[] that belong to household, or every active
 * one, with their cover from date from on. */
static int gather(fdss_contract_batch *b, const fdss_sign_req *r,
		  const char *household, fdss_date from)
{
	size_t i, before;
	int rc;

	if (!r->only)
		return fdss__sign_members(b, household, NULL, from);
	for (i = 0; i < r->nonly; i++) {
		before = b->cur.nm;
		if ((rc = fdss__sign_members(b, household, r->only[i], from)))
			return rc;
		if (b->cur.nm == before)
			return fdss__batch_reject(b, r->only[i], "not an "
				"active member of household %s", household);
	}
	return FDSS_OK;
}

/* The person of the request is covered from date from on: rejected,
 * naming them. */
static int person_covered(fdss_contract_batch *b, const char *id,
			  fdss_date from)
{
	size_t i;

	for (i = 0; i < b->cur.nm; i++)
		if (strcmp(b->cur.m[i].id_number, id) == 0)
			return b->cur.m[i].covered_by
				       ? fdss__sign_covered(b, id,
						     b->cur.m[i].covered_by)
				       : FDSS_OK;
	return fdss__sign_current(b, id, 0, from);
}

int fdss_contract_sign(fdss_contract_batch *b, const fdss_sign_req *r)
{
	struct sign_plan p;
	const char *household = NULL, *village = NULL;
	fdss_date start = r->start ? r->start : b->o.ref;
	fdss_date from = start < b->o.ref ? start : b->o.ref;
	int again = 0, rc;

	b->core.read++;
	/* the members of a household come one after another: the first
	 * signs it, the others need no look-up */
	if (r->household_no && !r->only &&
	    strcmp(r->household_no, b->last_signed) == 0) {
		b->st.skipped++;
		return FDSS_OK;
	}
	fdss__cbuild_reset(&b->cur);
	if ((rc = resolve(b, r, &household, &village, &again)) != FDSS_OK)
		return rc;
	if (again) {
		b->st.skipped++;
		return FDSS_OK;
	}
	if ((rc = gather(b, r, household, from)) != FDSS_OK ||
	    (r->id_number && !r->only &&
	     (rc = person_covered(b, r->id_number, from)) != FDSS_OK))
		return rc;
	if (!b->cur.nm)
		return fdss__batch_reject(b, household, "no active members");
	memset(&p, 0, sizeof(p));
	p.household_no = household;
	p.village_code = village;
	p.team = r->team;
	p.doctor = r->doctor;
	p.years = r->years ? r->years : 1;
	p.start = start;
	if (!p.team)
		return fdss__batch_reject(b, household, "no team");
	if ((rc = choose_packages(b, r, p.start)) != FDSS_OK)
		return rc;
	return fdss__sign_plan(b, &p);
}

/* The operands of a signing resolved: each one's reading, or why it
 * has none (rc, reason). */
struct named {
	fdss_operand op;
	int rc;
	char *reason;
};

/*
 * Resolve names[0..n) into v, each as accept[i] allows: FDSS_OK, or
 * FDSS_EINVAL (on the handle, "NAME: both ...") for the first that is
 * both a person's ID number and a household number, before anything is
 * signed.  A name that names nothing keeps its reason for the batch.
 */
static int resolve_all(fdss_contract_batch *b, const char *const *names,
		       const unsigned *accept, size_t n, struct named *v)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = fdss_operand_resolve(&v[i].op, b->db, names[i],
					  accept ? accept[i] : 0);
		if (rc == FDSS_EINVAL) {
			char why[FDSS_ERRMSG_MAX];

			fdss__copy(why, sizeof(why), fdss_db_errmsg(b->db));
			return fdss__db_fail(b->db, rc, "%s: %s", names[i],
					     why);
		}
		if (rc != FDSS_OK && rc != FDSS_ENOTFOUND)
			return rc;
		v[i].rc = rc;
		if (rc && !(v[i].reason = strdup(fdss_db_errmsg(b->db))))
			return fdss__db_fail(b->db, FDSS_ENOMEM,
					     "out of memory");
	}
	return FDSS_OK;
}

/* The request for v[i]: its household, or the people named of one
 * household (marked done), into one and only. */
static void request_of(fdss_sign_req *one, const char **only,
		       struct named *v, char *done, size_t i, size_t n)
{
	size_t j, k;

	one->household_no = one->id_number = NULL;
	one->only = NULL;
	one->nonly = 0;
	if (v[i].op.kind == FDSS_OPERAND_HOUSEHOLD) {
		one->household_no = v[i].op.household_no;
		return;
	}
	one->id_number = v[i].op.id_number;
	one->only = only;
	for (k = 0, j = i; j < n; j++)
		if (j == i || (!done[j] && v[j].rc == FDSS_OK &&
			       v[j].op.kind == FDSS_OPERAND_PERSON &&
			       strcmp(v[i].op.household_no,
				      v[j].op.household_no) == 0)) {
			only[k++] = v[j].op.id_number;
			done[j] = 1;
		}
	one->nonly = k;
}

int fdss_contract_sign_operands(fdss_contract_batch *b,
				const char *const *names,
				const unsigned *accept, size_t n,
				const fdss_sign_req *r)
{
	fdss_sign_req one = *r;
	const char **only = NULL;
	struct named *v = NULL;
	char *done = NULL;
	size_t i;
	int rc = FDSS_OK, first = FDSS_OK;

	if (!(only = calloc(n + 1, sizeof(*only))) ||
	    !(v = calloc(n + 1, sizeof(*v))) || !(done = calloc(n + 1, 1))) {
		rc = fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
		goto out;
	}
	rc = resolve_all(b, names, accept, n, v);
	for (i = 0; i < n && rc == FDSS_OK; i++) {
		if (done[i])
			continue;
		if (v[i].rc != FDSS_OK) {
			fdss_contract_batch_reject(b, names[i], v[i].reason);
			first = FDSS_EDATA;
			continue;
		}
		request_of(&one, only, v, done, i, n);
		rc = fdss_contract_sign(b, &one);
		if (rc == FDSS_EDATA) {
			first = rc;
			rc = FDSS_OK;
		}
	}
	if (rc == FDSS_OK)
		rc = first;
out:
	for (i = 0; v && i < n; i++) {
		fdss_operand_release(&v[i].op);
		free(v[i].reason);
	}
	free(only);
	free(v);
	free(done);
	return rc;
}

int fdss_contract_sign_names(fdss_contract_batch *b, const char *const *names,
			     size_t n, const fdss_sign_req *r)
{
	return fdss_contract_sign_operands(b, names, NULL, n, r);
}
