/*
 * The signing and renewal batch on a small county: records of a listing
 * signed household by household (the repeats skipped), the fee rows
 * stored per member, package and year, a covered person rejected by
 * name, the doctor's limit counted only when somebody is added, and
 * every due contract renewed, more than one read of the due list's
 * worth.
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>

/*
 *   H1  P1 (1950, poverty)  P2 (1985)  P3 (2022, poverty)
 *   H2  P4 (1970, hypertension)
 *   H3  P5 (1990, moved out)  P6 (1991)
 * Team T01: 王医生 and a nurse.  Basic package 12 + 12 + 12 yuan, the
 * poverty registry's share paid by the subsidy.
 */
static const char seed[] =
	"INSERT INTO area VALUES"
	" ('140826100', '古绛镇', 'township', '140826'),"
	" ('140826100201', '城关村', 'village', '140826100');"
	"INSERT INTO household (household_no, village_code) VALUES"
	" ('H1', '140826100201'), ('H2', '140826100201'),"
	" ('H3', '140826100201');"
	"INSERT INTO person (id_number, name, sex, birth_date, household_no,"
	" relation, poverty, status) VALUES"
	" ('P1', '张一', 'M', '1950-05-01', 'H1', '户主', 1, 'active'),"
	" ('P2', '张二', 'F', '1985-01-01', 'H1', '之女', 0, 'active'),"
	" ('P3', '张三', 'M', '2022-03-01', 'H1', '之孙子', 1, 'active'),"
	" ('P4', '李四', 'M', '1970-01-01', 'H2', '户主', 0, 'active'),"
	" ('P5', '王五', 'M', '1990-06-01', 'H3', '户主', 0, 'moved'),"
	" ('P6', '王六', 'F', '1991-06-01', 'H3', '配偶', 0, 'active');"
	"INSERT INTO condition (id_number, kind, since, status) VALUES"
	" ('P4', 'hypertension', '2020-01-01', 'active');"
	"INSERT INTO team (code, name, institution, created) VALUES"
	" ('T01', '城关团队', '城关卫生院', '2026-01-01');"
	"INSERT INTO team_member (team_code, name, role) VALUES"
	" ('T01', '王医生', 'doctor'), ('T01', '李护士', 'nurse');";

static fdss_db *db;
static char dir[64], path[96];
static char rejected[1024];

static void open_db(void)
{
	fdss_error err = FDSS_ERROR_INIT;

	snprintf(dir, sizeof(dir), "/tmp/fdss-test-sign-XXXXXX");
	cr_assert(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE, &err),
		     FDSS_OK), "%s", err.msg);
	cr_assert(eq(int, fdss_db_exec(db, seed), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
	cr_assert(eq(int, fdss_db_set_actor(db, "tester", "fdss sign"),
		     FDSS_OK));
	rejected[0] = '\0';
}

static void close_db(void)
{
	char cmd[128];

	fdss_db_close(db);
	db = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert(eq(int, system(cmd), 0));
}

TestSuite(sign, .init = open_db, .fini = close_db);

static fdss_date d(const char *s)
{
	fdss_date out = 0;

	cr_assert(eq(int, fdss_date_parse(&out, s, NULL), FDSS_OK), "%s", s);
	return out;
}

/* "subject: reason; " for each rejection. */
static void on_reject(void *arg, const char *subject, const char *reason)
{
	size_t n = strlen(rejected);

	(void)arg;
	snprintf(rejected + n, sizeof(rejected) - n, "%s: %s; ", subject,
		 reason);
}

static fdss_contract_batch *batch(const char *ref, int approve)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_batch *b = NULL;

	o.ref = d(ref);
	o.approve = approve;
	o.reject = on_reject;
	cr_assert(eq(int, fdss_contract_batch_open(&b, db, &o), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	return b;
}

static fdss_contract_stats finish(fdss_contract_batch *b)
{
	fdss_contract_stats st;

	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
	fdss_contract_batch_free(b);
	return st;
}

/* The stored rows of sql (read on a connection of its own), "|"
 * between columns and "; " between rows. */
static const char *rows(const char *sql)
{
	static char out[2048];
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;
	size_t len = 0;
	int i;

	out[0] = '\0';
	cr_assert(eq(int, sqlite3_open(path, &s), SQLITE_OK));
	cr_assert(eq(int, sqlite3_prepare_v2(s, sql, -1, &st, NULL),
		     SQLITE_OK), "%s: %s", sql, sqlite3_errmsg(s));
	while (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < sqlite3_column_count(st); i++)
			len += (size_t)snprintf(out + len, sizeof(out) - len,
				"%s%s", i ? "|" : len ? "; " : "",
				(const char *)sqlite3_column_text(st, i));
	sqlite3_finalize(st);
	sqlite3_close(s);
	return out;
}

/* Sign one record of a person listing: its household and ID number. */
static int sign_record(fdss_contract_batch *b, const char *household,
		       const char *id)
{
	fdss_sign_req r;

	memset(&r, 0, sizeof(r));
	r.household_no = household;
	r.id_number = id;
	r.team = "T01";
	return fdss_contract_sign(b, &r);
}

Test(sign, listing_records_sign_each_household_once)
{
	fdss_contract_batch *b = batch("2026-11-22", 1);
	fdss_contract_stats st;

	cr_assert(eq(int, sign_record(b, "H1", "P1"), FDSS_OK));
	cr_assert(eq(int, sign_record(b, "H1", "P2"), FDSS_OK));
	cr_assert(eq(int, sign_record(b, "H2", "P4"), FDSS_OK));
	/* H1 again, not right after its own: found signed in the store */
	cr_assert(eq(int, sign_record(b, "H1", "P3"), FDSS_OK));
	cr_assert(eq(int, sign_record(b, "H3", "P6"), FDSS_OK));
	st = finish(b);
	cr_assert(eq(long, st.requests, 5));
	cr_assert(eq(long, st.contracts, 3));
	cr_assert(eq(long, st.members, 5));
	cr_assert(eq(long, st.skipped, 2));
	cr_assert(eq(long, st.rejected, 0));
	cr_assert(eq(str, (char *)rows("SELECT number, household_no, status,"
		" start_date, end_date FROM contract ORDER BY id"),
		"C140826-2026-000001|H1|active|2026-11-22|2027-11-21; "
		"C140826-2026-000002|H2|active|2026-11-22|2027-11-21; "
		"C140826-2026-000003|H3|active|2026-11-22|2027-11-21"));
	/* the moved P5 is not covered */
	cr_assert(eq(str, (char *)rows("SELECT contract_id, id_number FROM"
		" contract_member ORDER BY 1, 2"),
		"1|P1; 1|P2; 1|P3; 2|P4; 3|P6"));
	/* one fee row per member, package and year: poverty P1 and P3
	 * have the subsidy pay their share */
	cr_assert(eq(str, (char *)rows("SELECT id_number, package_code,"
		" year_start, public_health_fen, insurance_fen, resident_fen,"
		" subsidy_fen FROM contract_fee ORDER BY 1"),
		"P1|basic|2026-11-22|1200|1200|0|1200; "
		"P2|basic|2026-11-22|1200|1200|1200|0; "
		"P3|basic|2026-11-22|1200|1200|0|1200; "
		"P4|basic|2026-11-22|1200|1200|1200|0; "
		"P6|basic|2026-11-22|1200|1200|1200|0"));
	cr_assert(eq(str, (char *)rows("SELECT count(*) FROM audit_log"
		" WHERE table_name = 'contract'"), "3"));
}

static int keep_fees(const fdss_contract *c, void *arg)
{
	char *out = arg;
	size_t i, j, n;

	for (i = 0; i < c->nmembers; i++)
		for (j = 0; j < c->members[i].nfees; j++) {
			const fdss_contract_fee *f = &c->members[i].fees[j];
			char ys[FDSS_DATE_BUFSZ];

			n = strlen(out);
			snprintf(out + n, 1024 - n, "%s %s %s %s %lld; ",
				 c->members[i].id_number, f->package,
				 fdss_date_format(ys, f->year_start),
				 fdss_payer_name(f->payer),
				 (long long)f->amount_fen);
		}
	return 0;
}

Test(sign, three_years_read_back_as_fee_lines_by_year_and_payer)
{
	fdss_contract_batch *b = batch("2026-11-22", 0);
	fdss_sign_req r;
	char lines[1024] = "";

	memset(&r, 0, sizeof(r));
	r.household_no = "H2";
	r.team = "T01";
	r.years = 3;	/* P4 has hypertension */
	cr_assert(eq(int, fdss_contract_sign(b, &r), FDSS_OK), "%s", rejected);
	finish(b);
	cr_assert(eq(str, (char *)rows("SELECT count(*), sum(resident_fen)"
		" FROM contract_fee"), "3|3600"));
	cr_assert(eq(int, fdss_contract_get(db, "C140826-2026-000001", keep_fees,
					    lines), FDSS_OK));
	cr_assert(eq(str, lines,
		"P4 basic 2026-11-22 public_health 1200; "
		"P4 basic 2026-11-22 insurance 1200; "
		"P4 basic 2026-11-22 resident 1200; "
		"P4 basic 2027-11-22 public_health 1200; "
		"P4 basic 2027-11-22 insurance 1200; "
		"P4 basic 2027-11-22 resident 1200; "
		"P4 basic 2028-11-22 public_health 1200; "
		"P4 basic 2028-11-22 insurance 1200; "
		"P4 basic 2028-11-22 resident 1200; "));
}

Test(sign, a_covered_person_is_rejected_by_name)
{
	fdss_contract_batch *b = batch("2026-11-22", 0);
	fdss_contract_stats st;

	cr_assert(eq(int, sign_record(b, "H1", "P1"), FDSS_OK));
	finish(b);
	b = batch("2026-12-01", 0);
	cr_assert(eq(int, sign_record(b, "H1", "P2"), FDSS_EDATA));
	cr_assert(eq(int, sign_record(b, "H1", "P3"), FDSS_EDATA));
	st = finish(b);
	cr_assert(eq(long, st.rejected, 2));
	cr_assert(eq(str, rejected,
		"P2: already covered by contract C140826-2026-000001 (pending); "
		"P3: already covered by contract C140826-2026-000001 (pending); "));
	cr_assert(eq(str, (char *)rows("SELECT count(*) FROM contract"), "1"));
}

Test(sign, the_doctor_limit_counts_only_what_is_added)
{
	fdss_contract_batch *b;
	fdss_contract_stats st;

	cr_assert(eq(int, fdss_db_exec(db, "UPDATE setting SET value = '4'"
				       " WHERE key = 'doctor_limit'"), FDSS_OK));
	b = batch("2026-11-22", 1);
	cr_assert(eq(int, sign_record(b, "H1", "P1"), FDSS_OK));
	cr_assert(eq(int, sign_record(b, "H2", "P4"), FDSS_OK));
	cr_assert(eq(int, sign_record(b, "H3", "P6"), FDSS_EDATA));
	finish(b);
	cr_assert(eq(str, rejected, "H3: doctor 王医生 of team T01 has 4 "
		     "signed residents; 1 more would pass the limit of 4 "
		     "(setting doctor_limit)"
		     "; "));
	/* renewing with the same doctor adds nobody */
	b = batch("2027-11-10", 1);
	cr_assert(eq(int, fdss_contract_renew_due(b, 30, NULL), FDSS_OK),
		  "%s", rejected);
	st = finish(b);
	cr_assert(eq(long, st.contracts, 2));
	cr_assert(eq(long, st.members, 4));
}

Test(sign, every_due_contract_is_renewed_once)
{
	char sql[256];
	fdss_contract_batch *b;
	fdss_contract_stats st;
	int i;

	/* 300 households of one person each, beyond a read of the due list */
	for (i = 0; i < 300; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO household (household_no,"
			 " village_code) VALUES ('X%03d', '140826100201');"
			 "INSERT INTO person (id_number, name, sex, birth_date,"
			 " household_no, relation) VALUES ('Q%03d', '某', 'M',"
			 " '1980-01-01', 'X%03d', '户主')", i, i, i);
		cr_assert(eq(int, fdss_db_exec(db, sql), FDSS_OK));
	}
	b = batch("2026-11-22", 1);
	for (i = 0; i < 300; i++) {
		char h[16], p[16];

		snprintf(h, sizeof(h), "X%03d", i);
		snprintf(p, sizeof(p), "Q%03d", i);
		cr_assert(eq(int, sign_record(b, h, p), FDSS_OK), "%s",
			  rejected);
	}
	finish(b);
	b = batch("2027-11-10", 1);
	cr_assert(eq(int, fdss_contract_renew_due(b, 30, NULL), FDSS_OK),
		  "%s", rejected);
	st = finish(b);
	cr_assert(eq(long, st.requests, 300));
	cr_assert(eq(long, st.contracts, 300));
	cr_assert(eq(long, st.members, 300));
	cr_assert(eq(str, (char *)rows("SELECT count(*), min(n.number),"
		" max(n.number), min(n.start_date), max(n.end_date),"
		" sum(o.household_no = n.household_no)"
		" FROM contract n JOIN contract o ON o.id = n.renews"),
		"300|C140826-2027-000001|C140826-2027-000300|2027-11-22|2028-11-21|300"));
	cr_assert(eq(str, (char *)rows("SELECT count(*),"
		" sum(resident_fen + subsidy_fen) FROM contract_fee"
		" WHERE year_start = '2027-11-22'"), "300|360000"));
	/* nothing left to renew */
	b = batch("2027-11-10", 1);
	cr_assert(eq(int, fdss_contract_renew_due(b, 30, NULL), FDSS_OK));
	st = finish(b);
	cr_assert(eq(long, st.contracts, 0));
}

/* Sign only the n people given of household on day ref, approved. */
static void sign_only(const char *ref, const char *household,
		      const char *const *only, size_t n)
{
	fdss_contract_batch *b = batch(ref, 1);
	fdss_sign_req r;

	memset(&r, 0, sizeof(r));
	r.household_no = household;
	r.only = only;
	r.nonly = n;
	r.team = "T01";
	cr_assert(eq(int, fdss_contract_sign(b, &r), FDSS_OK), "%s", rejected);
	finish(b);
}

/*
 * P1 is a member of two contracts due in one run: A (P1 alone, his
 * cover ended three days in) and B (P1 and P2, signed the day A's cover
 * of him ended, his cover ending again before the renewal).  Neither
 * covers him when A is renewed; A's renewal does when B's would start,
 * so B's renewal is refused.  A renewal that read B's members before A
 * was renewed would miss that.
 */
Test(sign, a_renewal_sees_the_renewals_made_before_it_in_the_run)
{
	const char *a[] = { "P1" }, *both[] = { "P1", "P2" };
	fdss_contract_batch *b;
	fdss_contract_stats st;

	sign_only("2026-11-22", "H1", a, 1);
	cr_assert(eq(int, fdss_db_exec(db, "UPDATE contract_member SET"
		" ended_on = '2026-11-25', end_reason = 'other'"), FDSS_OK));
	sign_only("2026-11-25", "H1", both, 2);
	cr_assert(eq(int, fdss_db_exec(db, "UPDATE contract_member SET"
		" ended_on = '2027-11-01', end_reason = 'other'"
		" WHERE contract_id = 2 AND id_number = 'P1'"), FDSS_OK));
	b = batch("2027-11-10", 1);
	cr_assert(eq(int, fdss_contract_renew_due(b, 30, NULL), FDSS_EDATA));
	st = finish(b);
	cr_assert(eq(long, st.contracts, 1));
	cr_assert(eq(str, rejected, "P1: already covered by contract "
		     "C140826-2027-000001 (approved); "));
	cr_assert(eq(str, (char *)rows("SELECT n.number, o.number,"
		" group_concat(m.id_number) FROM contract n"
		" JOIN contract o ON o.id = n.renews"
		" JOIN contract_member m ON m.contract_id = n.id GROUP BY n.id"),
		"C140826-2027-000001|C140826-2026-000001|P1"));
}

/* The packages of each member of contract number, "id: a b; ". */
static int keep_packages(const fdss_contract *c, void *arg)
{
	char *out = arg;
	size_t i, j, n;

	for (i = 0; i < c->nmembers; i++) {
		n = strlen(out);
		snprintf(out + n, 256 - n, "%s:", c->members[i].id_number);
		for (j = 0; j < c->members[i].npackages; j++) {
			n = strlen(out);
			snprintf(out + n, 256 - n, " %s",
				 c->members[i].packages[j]);
		}
		n = strlen(out);
		snprintf(out + n, 256 - n, "; ");
	}
	return 0;
}

/*
 * A package that needs a condition reads the member's conditions: P4's
 * hypertension lets him have its package, P1 has none.  A package
 * nobody pays for is still stored, a row of nothing to pay per year.
 * The renewal after P4's hypertension ended drops its package.
 */
Test(sign, packages_that_need_a_condition)
{
	const char *pkgs[] = { "pain", "hypertension" };
	fdss_contract_batch *b = batch("2026-11-22", 1);
	fdss_sign_req r;
	char got[256] = "";

	memset(&r, 0, sizeof(r));
	r.team = "T01";
	r.packages = pkgs;
	r.npackages = 2;
	r.household_no = "H2";
	cr_assert(eq(int, fdss_contract_sign(b, &r), FDSS_OK), "%s", rejected);
	r.household_no = "H1";
	r.npackages = 1;
	r.packages = pkgs + 1;
	cr_assert(eq(int, fdss_contract_sign(b, &r), FDSS_EDATA));
	finish(b);
	cr_assert(eq(str, rejected, "P1: package 'hypertension' is for "
		     "people with hypertension; none recorded (张一); "));
	cr_assert(eq(str, (char *)rows("SELECT package_code, year_start,"
		" public_health_fen + insurance_fen + resident_fen"
		" + subsidy_fen FROM contract_fee ORDER BY 1"),
		"basic|2026-11-22|3600; hypertension|2026-11-22|0; "
		"pain|2026-11-22|0"));
	cr_assert(eq(int, fdss_contract_get(db, "C140826-2026-000001", keep_packages,
					    got), FDSS_OK));
	cr_assert(eq(str, got, "P4: basic hypertension pain; "));

	b = batch("2027-11-10", 1);
	cr_assert(eq(int, fdss_contract_renew_due(b, 30, NULL), FDSS_OK),
		  "%s", rejected);
	finish(b);
	got[0] = '\0';
	cr_assert(eq(int, fdss_contract_get(db, "C140826-2027-000001", keep_packages,
					    got), FDSS_OK));
	cr_assert(eq(str, got, "P4: basic hypertension pain; "));

	cr_assert(eq(int, fdss_db_exec(db, "UPDATE condition SET status ="
				       " 'ended' WHERE id_number = 'P4'"),
		     FDSS_OK));
	b = batch("2028-11-10", 1);
	cr_assert(eq(int, fdss_contract_renew_due(b, 30, NULL), FDSS_OK),
		  "%s", rejected);
	finish(b);
	got[0] = '\0';
	cr_assert(eq(int, fdss_contract_get(db, "C140826-2028-000001", keep_packages,
					    got), FDSS_OK));
	cr_assert(eq(str, got, "P4: basic pain; "));
}
