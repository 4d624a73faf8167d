/*
 * contract_read.c: contracts read back — the loader that fills a
 * struct cbuild from the tables, the list and get functions, and the
 * buffers the contract modules share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract_int.h"
#include "cover_int.h"

/* --- the arena and the builder ------------------------------------------ */

struct carena_block {
	struct carena_block *next;
	size_t used, cap;
	char data[];
};

#define CARENA_BLOCK 8192

char *fdss__carena_strdup(struct carena *a, const char *s)
{
	struct carena_block *bl = a->head;
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if (!bl || bl->cap - bl->used < n) {
		size_t cap = n > CARENA_BLOCK ? n : CARENA_BLOCK;

		if (!(bl = malloc(sizeof(*bl) + cap)))
			return NULL;
		bl->next = a->head;
		bl->used = 0;
		bl->cap = cap;
		a->head = bl;
	}
	p = bl->data + bl->used;
	memcpy(p, s, n);
	bl->used += n;
	return p;
}

/* Free every block but the last one made (usually the only one). */
void fdss__carena_reset(struct carena *a)
{
	struct carena_block *bl = a->head, *next;

	if (!bl)
		return;
	for (next = bl->next, bl->next = NULL; next; next = bl) {
		bl = next->next;
		free(next);
	}
	a->head->used = 0;
}

static void carena_free(struct carena *a)
{
	fdss__carena_reset(a);
	free(a->head);
	a->head = NULL;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 8;
	void *q;

	if (need <= *cap)
		return FDSS_OK;
	while (n < need)
		n *= 2;
	if (!(q = realloc(*p, n * size)))
		return FDSS_ENOMEM;
	*p = q;
	*cap = n;
	return FDSS_OK;
}

void fdss__cbuild_reset(struct cbuild *b)
{
	fdss__carena_reset(&b->strings);
	memset(&b->c, 0, sizeof(b->c));
	b->nm = b->npkgs = b->nfees = 0;
}

void fdss__cbuild_release(struct cbuild *b)
{
	carena_free(&b->strings);
	free(b->m);
	free(b->pkgs);
	free(b->fees);
	free(b->out);
	memset(b, 0, sizeof(*b));
}

struct cmember *fdss__cbuild_member(struct cbuild *b)
{
	struct cmember *m;

	if (grow((void **)&b->m, &b->capm, b->nm + 1, sizeof(*b->m)))
		return NULL;
	m = &b->m[b->nm++];
	memset(m, 0, sizeof(*m));
	m->pkg0 = b->npkgs;
	m->fee0 = b->nfees;
	return m;
}

/* Add a package to member m; a member's packages must be added
 * together, before the next member's. */
int fdss__cbuild_package(struct cbuild *b, struct cmember *m,
			 const char *code)
{
	const char *s = fdss__carena_strdup(&b->strings, code);

	if (!s || grow((void **)&b->pkgs, &b->cappkgs, b->npkgs + 1,
		       sizeof(*b->pkgs)))
		return FDSS_ENOMEM;
	if (!m->npkg)
		m->pkg0 = b->npkgs;
	b->pkgs[b->npkgs++] = s;
	m->npkg++;
	return FDSS_OK;
}

/* Room for n more fees of the last member; the caller counts them in. */
fdss_contract_fee *fdss__cbuild_fees(struct cbuild *b, size_t n)
{
	if (grow((void **)&b->fees, &b->capfees, b->nfees + n,
		 sizeof(*b->fees)))
		return NULL;
	return b->fees + b->nfees;
}

int fdss__cbuild_finish(struct cbuild *b)
{
	size_t i;

	if (grow((void **)&b->out, &b->capout, b->nm ? b->nm : 1,
		 sizeof(*b->out)))
		return FDSS_ENOMEM;
	for (i = 0; i < b->nm; i++) {
		const struct cmember *m = &b->m[i];

		b->out[i].id_number = m->id_number;
		b->out[i].name = m->name;
		b->out[i].packages = b->pkgs + m->pkg0;
		b->out[i].npackages = m->npkg;
		b->out[i].fees = b->fees + m->fee0;
		b->out[i].nfees = m->nfee;
		b->out[i].ended_on = m->ended_on;
		b->out[i].end_reason = m->end_reason;
		b->out[i].refund_fen = m->refund_fen;
	}
	b->c.members = b->out;
	b->c.nmembers = b->nm;
	return FDSS_OK;
}

fdss_date fdss__contract_date(const unsigned char *s)
{
	fdss_date d = 0;

	if (s)
		fdss_date_parse(&d, (const char *)s, NULL);
	return d;
}

/* --- loading -------------------------------------------------------------- */

#define CONTRACT_COLS \
	"SELECT c.id, c.number, c.household_no, h.village_code, c.team_code," \
	" c.doctor, c.start_date, c.end_date, c.years, c.status," \
	" (SELECT r.number FROM contract r WHERE r.id = c.renews)," \
	" (SELECT s.number FROM contract s WHERE s.renews = c.id)," \
	" c.created, c.reviewed_at, c.review_reason, c.terminated_on," \
	" c.termination_reason, c.refund_fen" \
	" FROM contract c JOIN household h ON h.household_no = c.household_no"

static const char sql_load[] = CONTRACT_COLS " WHERE c.id = ?1";

static const char sql_members[] =
	"SELECT m.id_number, p.name, m.ended_on, m.end_reason, m.refund_fen"
	" FROM contract_member m"
	" JOIN person p ON p.id_number = m.id_number"
	" WHERE m.contract_id = ?1 ORDER BY m.id_number";

/* A member's packages: the rows of the first contract year (every year
 * has the same ones). */
static const char sql_packages[] =
	"SELECT id_number, package_code FROM contract_fee"
	" WHERE contract_id = ?1 AND year_start ="
	" (SELECT start_date FROM contract WHERE id = ?1)"
	" ORDER BY id_number, package_code <> 'basic', package_code";

/* Columns 3 to 6: the payers of enum fdss_payer in order. */
static const char sql_fees[] =
	"SELECT id_number, package_code, year_start, public_health_fen,"
	" insurance_fen, resident_fen, subsidy_fen"
	" FROM contract_fee WHERE contract_id = ?1"
	" ORDER BY id_number, year_start, package_code <> 'basic',"
	" package_code";

/* By number, or by the number it had before 0012 (C2026-000001). */
static const char sql_id[] =
	"SELECT id FROM contract WHERE number = ?1 OR old_number = ?1"
	" ORDER BY number = ?1 DESC, id LIMIT 1";

static const char *text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int load_row(struct cbuild *b, sqlite3_stmt *st)
{
	struct carena *a = &b->strings;
	fdss_contract *c = &b->c;

#define DUP(f, i) if (text(st, i) && !(c->f = fdss__carena_strdup(a, text(st, i)))) \
		return FDSS_ENOMEM
	c->id = sqlite3_column_int64(st, 0);
	DUP(number, 1);
	DUP(household_no, 2);
	DUP(village_code, 3);
	DUP(team, 4);
	DUP(doctor, 5);
	c->start = fdss__contract_date(sqlite3_column_text(st, 6));
	c->end = fdss__contract_date(sqlite3_column_text(st, 7));
	c->years = sqlite3_column_int(st, 8);
	DUP(status, 9);
	DUP(renews, 10);
	DUP(renewed_by, 11);
	DUP(created, 12);
	DUP(reviewed_at, 13);
	DUP(review_reason, 14);
	c->terminated_on = fdss__contract_date(sqlite3_column_text(st, 15));
	DUP(termination_reason, 16);
	c->refund_fen = sqlite3_column_int64(st, 17);
#undef DUP
	return FDSS_OK;
}

/* The member with id_number, searching from *at on (rows come sorted). */
static struct cmember *member_at(struct cbuild *b, const char *id, size_t *at)
{
	while (*at < b->nm && strcmp(b->m[*at].id_number, id) < 0)
		++*at;
	return *at < b->nm && strcmp(b->m[*at].id_number, id) == 0
		       ? &b->m[*at] : NULL;
}

/* A load's place: the contract being built, and the member of the row
 * before (rows come in member order). */
struct load {
	struct cbuild *b;
	size_t at;
};

static int member_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	struct cbuild *b = ctx;
	struct cmember *m;

	if (!(m = fdss__cbuild_member(b)) ||
	    !(m->id_number = fdss__carena_strdup(&b->strings, text(st, 0))) ||
	    !(m->name = fdss__carena_strdup(&b->strings, text(st, 1))) ||
	    (text(st, 3) && !(m->end_reason = fdss__carena_strdup(
		    &b->strings, text(st, 3)))))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	m->ended_on = fdss__contract_date(sqlite3_column_text(st, 2));
	m->refund_fen = sqlite3_column_int64(st, 4);
	return FDSS_OK;
}

static int load_members(fdss_db *db, int64_t id, struct cbuild *b)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_members);

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 1, id))
		return fdss__db_bindfail(db, st, "cannot read contract");
	return fdss__walk(db, st, "cannot read contract", member_row, b);
}

/* Packages, then fees: each row belongs to a member, in member order.
 * The arrays are laid out member by member, so the rows of one member
 * are appended contiguously. */
static int package_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	struct load *l = ctx;
	struct cbuild *b = l->b;
	const char **p;
	struct cmember *m;

	if (!(m = member_at(b, text(st, 0), &l->at)))
		return FDSS_OK;
	if (grow((void **)&b->pkgs, &b->cappkgs, b->npkgs + 1,
		 sizeof(*b->pkgs)) ||
	    !(*(p = &b->pkgs[b->npkgs]) =
		      fdss__carena_strdup(&b->strings, text(st, 1))))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	if (!m->npkg)
		m->pkg0 = b->npkgs;
	b->npkgs++;
	m->npkg++;
	return FDSS_OK;
}

static int load_packages(fdss_db *db, int64_t id, struct cbuild *b)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_packages);
	struct load l = { b, 0 };

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 1, id))
		return fdss__db_bindfail(db, st, "cannot read contract");
	return fdss__walk(db, st, "cannot read contract", package_row, &l);
}

/* A row's fee lines: its payers that are not zero, in payer order. */
static int fee_lines(struct cbuild *b, struct cmember *m, sqlite3_stmt *st)
{
	const char *pkg = fdss__carena_strdup(&b->strings, text(st, 1));
	fdss_date ys = fdss__contract_date(sqlite3_column_text(st, 2));
	fdss_contract_fee *f;
	int p;

	if (!pkg)
		return FDSS_ENOMEM;
	for (p = FDSS_PAYER_PUBLIC_HEALTH; p <= FDSS_PAYER_SUBSIDY; p++) {
		int64_t fen = sqlite3_column_int64(st, 2 + p);

		if (fen == 0)
			continue;
		if (!(f = fdss__cbuild_fees(b, 1)))
			return FDSS_ENOMEM;
		f->package = pkg;
		f->year_start = ys;
		f->payer = p;
		f->amount_fen = fen;
		if (!m->nfee)
			m->fee0 = b->nfees;
		b->nfees++;
		m->nfee++;
	}
	return FDSS_OK;
}

static int fee_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	struct load *l = ctx;
	struct cmember *m;

	if (!(m = member_at(l->b, text(st, 0), &l->at)))
		return FDSS_OK;
	if (fee_lines(l->b, m, st) != FDSS_OK)
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	return FDSS_OK;
}

static int load_fees(fdss_db *db, int64_t id, struct cbuild *b)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_fees);
	struct load l = { b, 0 };

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 1, id))
		return fdss__db_bindfail(db, st, "cannot read contract");
	return fdss__walk(db, st, "cannot read contract", fee_row, &l);
}

int fdss__contract_load(fdss_db *db, int64_t id, struct cbuild *b)
{
	return fdss__contract_load_part(db, id, b, 1);
}

int fdss__contract_load_part(fdss_db *db, int64_t id, struct cbuild *b,
			     int whole)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_load);
	int rc;

	fdss__cbuild_reset(b);
	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 1, id))
		return fdss__db_bindfail(db, st, "cannot read contract");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = load_row(b, st) == FDSS_OK
			     ? FDSS_OK
			     : fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	else if (rc == SQLITE_DONE)
		rc = fdss__db_fail(db, FDSS_ENOTFOUND, "no contract %lld",
				   (long long)id);
	else
		rc = fdss__db_sqlfail(db, rc, "cannot read contract");
	sqlite3_reset(st);
	if (!whole)
		return rc;
	if (rc == FDSS_OK && (rc = load_members(db, id, b)) == FDSS_OK &&
	    (rc = load_packages(db, id, b)) == FDSS_OK &&
	    (rc = load_fees(db, id, b)) == FDSS_OK &&
	    fdss__cbuild_finish(b) != FDSS_OK)
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	return rc;
}

int64_t fdss__contract_id(fdss_db *db, const char *number, int *rc)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_id);
	int64_t id = 0;
	int s;

	*rc = FDSS_OK;
	if (!st) {
		*rc = fdss_db_error(db)->code;
		return 0;
	}
	if (sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT)) {
		*rc = fdss__db_bindfail(db, st, "cannot read contract");
		return 0;
	}
	if ((s = sqlite3_step(st)) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (s != SQLITE_DONE)
		*rc = fdss__db_sqlfail(db, s, "cannot read contract");
	sqlite3_reset(st);
	return id;
}

/* --- listing -------------------------------------------------------------- */

/*
 * The ids of the matching contracts, collected first so that loading
 * each (other statements on the same handle) does not disturb the walk.
 * ?1 status at ?3 (name, or NULL), ?3 ref, ?4 team, ?5 area lo, ?6 area
 * hi, ?7 ending-within last date: active at ?3 and expired (not
 * terminated) the day after ?7.
 */
static const char sql_list[] =
	"SELECT c.id FROM contract c"
	" JOIN household h ON h.household_no = c.household_no"
	" WHERE (?1 IS NULL OR " FDSS__CONTRACT_STATUS("c", "?3") " = ?1)"
	" AND (?4 IS NULL OR c.team_code = ?4)"
	" AND (?5 IS NULL OR (h.village_code >= ?5 AND h.village_code < ?6))"
	" AND (?7 IS NULL OR (c.end_date >= ?3 AND c.end_date <= ?7"
	" AND " FDSS__CONTRACT_STATUS("c", "?3") " = 'active'"
	" AND " FDSS__CONTRACT_STATUS("c", "date(?7, '+1 day')")
	" = 'expired'))"
	" AND c.id > ?8 ORDER BY c.id LIMIT 256";

static int bind_query(fdss_db *db, sqlite3_stmt *st,
		      const fdss_contract_query *q)
{
	char ref[FDSS_DATE_BUFSZ], last[FDSS_DATE_BUFSZ], hi[16];
	int s = q->status, bad = 0;	/* an SQLite result: 0 while bound */

	if (s)
		bad |= sqlite3_bind_text(st, 1, fdss_contract_status_name(s),
					 -1, SQLITE_STATIC);
	bad |= sqlite3_bind_text(st, 3, fdss_date_format(ref, q->ref), -1,
				 SQLITE_TRANSIENT);
	if (q->team)
		bad |= sqlite3_bind_text(st, 4, q->team, -1, SQLITE_TRANSIENT);
	if (q->area) {
		if (!fdss_area_level_of(q->area))
			return fdss__db_fail(db, FDSS_EINVAL, "area '%.40s': 2, "
					     "4, 6, 9 or 12 digits expected",
					     q->area);
		snprintf(hi, sizeof(hi), "%s;", q->area);
		bad |= sqlite3_bind_text(st, 5, q->area, -1, SQLITE_TRANSIENT);
		bad |= sqlite3_bind_text(st, 6, hi, -1, SQLITE_TRANSIENT);
	}
	if (q->ending_within >= 0)
		bad |= sqlite3_bind_text(st, 7, fdss_date_format(last,
				fdss_date_add_days(q->ref, q->ending_within)),
				-1, SQLITE_TRANSIENT);
	return bad ? fdss__db_bindfail(db, st, "cannot list contracts")
		   : FDSS_OK;
}

/* A page of contract ids (sql_list gives at most 256). */
struct id_page {
	int64_t ids[256];
	size_t n;
};

static int id_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	struct id_page *pg = ctx;

	(void)db;
	pg->ids[pg->n++] = sqlite3_column_int64(st, 0);
	return FDSS_OK;
}

int fdss_contract_list(fdss_db *db, const fdss_contract_query *q,
		       int (*fn)(const fdss_contract *c, void *arg),
		       void *arg)
{
	fdss_contract_query all = FDSS_CONTRACT_QUERY_INIT;
	struct cbuild b;
	struct id_page pg;
	int64_t after = 0;
	size_t i;
	int rc = FDSS_OK;

	memset(&b, 0, sizeof(b));
	if (!q)
		q = &all;
	do {
		sqlite3_stmt *st = fdss__db_prepare(db, sql_list);

		if (!st)
			return fdss_db_error(db)->code;
		if ((rc = bind_query(db, st, q)) != FDSS_OK)
			break;
		if (sqlite3_bind_int64(st, 8, after)) {
			rc = fdss__db_bindfail(db, st, "cannot list contracts");
			break;
		}
		pg.n = 0;
		if ((rc = fdss__walk(db, st, "cannot list contracts", id_row,
				     &pg)) != FDSS_OK)
			break;
		for (i = 0; i < pg.n && rc == FDSS_OK; i++)
			if ((rc = fdss__contract_load(db, pg.ids[i], &b)) ==
			    FDSS_OK)
				rc = fn(&b.c, arg);
		after = pg.n ? pg.ids[pg.n - 1] : after;
	} while (rc == FDSS_OK && pg.n == 256);
	fdss__cbuild_release(&b);
	return rc;
}

int fdss_contract_get(fdss_db *db, const char *number,
		      int (*fn)(const fdss_contract *c, void *arg), void *arg)
{
	struct cbuild b;
	int64_t id;
	int rc;

	if (!(id = fdss__contract_id(db, number, &rc)))
		return rc != FDSS_OK ? rc : fdss__db_fail(db, FDSS_ENOTFOUND,
					"no contract '%s'", number);
	memset(&b, 0, sizeof(b));
	if ((rc = fdss__contract_load(db, id, &b)) == FDSS_OK)
		rc = fn(&b.c, arg);
	fdss__cbuild_release(&b);
	return rc;
}
