#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <string.h>

#include <fdss/fdss.h>

#define FIXTURES "tests/fixtures/divisions/"

static fdss_db *db;

/* Messages passed to the reject callback. */
static char rejects[16][FDSS_ERRMSG_MAX];
static int nrejects;

static void open_db(void)
{
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", FDSS_DB_CREATE, &err),
		     FDSS_OK), "%s", err.msg);
	cr_assert(eq(int, fdss_db_set_actor(db, "tester", "fdss area test"),
		     FDSS_OK));
	nrejects = 0;
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

TestSuite(area, .init = open_db, .fini = close_db);

static void on_reject(void *arg, const char *msg)
{
	(void)arg;
	if (nrejects < 16)
		snprintf(rejects[nrejects], sizeof(rejects[0]), "%s", msg);
	nrejects++;
}

/* Import the fixture file; name in messages is the file's own. */
static int import_file(const char *file, int atomic, fdss_area_stats *st)
{
	char path[256];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), FIXTURES "%s", file);
	f = fopen(path, "rb");
	cr_assert(f != NULL, "cannot open %s (run from the checkout's top)",
		  path);
	rc = fdss_area_import(db, f, file, atomic, st, on_reject, NULL);
	fclose(f);
	return rc;
}

static int import_str(const char *name, const char *text, int atomic,
		      fdss_area_stats *st)
{
	FILE *f = tmpfile();
	int rc;

	cr_assert(f != NULL);
	fputs(text, f);
	rewind(f);
	rc = fdss_area_import(db, f, name, atomic, st, on_reject, NULL);
	fclose(f);
	return rc;
}

static void import_all(void)
{
	static const char *const files[] = {
		"villages.csv", "streets.csv", "areas.csv", "cities.csv",
		"provinces.csv"
	};
	fdss_area_stats st = { 0, 0, 0, 0, 0 };
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		cr_assert(eq(int, import_file(files[i], 0, &st), FDSS_OK),
			  "%s: %s", files[i], fdss_db_errmsg(db));
	cr_assert(eq(long, st.read, 625));
	cr_assert(eq(long, st.inserted, 625));
	cr_assert(eq(long, st.rejected, 0));
}

static void expect_stats(const fdss_area_stats *st, long read, long ins,
			 long upd, long same, long rej)
{
	cr_assert(eq(long, st->read, read));
	cr_assert(eq(long, st->inserted, ins));
	cr_assert(eq(long, st->updated, upd));
	cr_assert(eq(long, st->unchanged, same));
	cr_assert(eq(long, st->rejected, rej));
}

/* Areas collected by a walk. */
struct seen {
	long n;
	char code[8][16];
	char path[8][256];
	int level[8];
};

static int collect(const fdss_area *a, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8) {
		snprintf(s->code[s->n], sizeof(s->code[0]), "%s", a->code);
		snprintf(s->path[s->n], sizeof(s->path[0]), "%s", a->path);
		s->level[s->n] = a->level;
	}
	s->n++;
	return 0;
}

static long count(const char *under, int level)
{
	fdss_area_query q = FDSS_AREA_QUERY_INIT;
	struct seen s = { 0 };

	q.under = under;
	q.level = level;
	cr_assert(eq(int, fdss_area_list(db, &q, collect, &s), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	return s.n;
}

static int count_audit(const fdss_audit_entry *e, void *arg)
{
	(void)e;
	++*(long *)arg;
	return 0;
}

/* A walk whose callback lists the area's descendants: the outer walk
 * must not start over when the inner one prepares the same query. */
struct nested {
	long outer, inner, provinces;
	int depth;
};

static int count_inner(const fdss_area *a, void *arg)
{
	(void)a;
	((struct nested *)arg)->inner++;
	return 0;
}

static int list_below(const fdss_area *a, void *arg)
{
	struct nested *n = arg;
	fdss_area_query q = FDSS_AREA_QUERY_INIT;
	char code[16];

	n->outer++;
	if (a->level != FDSS_AREA_PROVINCE)
		return 0;
	n->provinces++;
	snprintf(code, sizeof(code), "%s", a->code);
	q.under = code;
	return fdss_area_list(db, &q, count_inner, n);
}

Test(area, list_called_from_its_own_callback)
{
	struct nested n = { 0, 0, 0, 0 };

	import_all();
	cr_assert(eq(int, fdss_area_list(db, NULL, list_below, &n), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	cr_assert(eq(long, n.outer, 625), "each row once");
	cr_assert(eq(long, n.provinces, 31));
	cr_assert(eq(long, n.inner, 625 - 31), "each below its province");
	/* and the cache gives the statement back afterwards */
	cr_assert(eq(long, count(NULL, 0), 625));
}

Test(area, level_of_code)
{
	cr_assert(eq(int, fdss_area_level_of("45"), FDSS_AREA_PROVINCE));
	cr_assert(eq(int, fdss_area_level_of("4510"), FDSS_AREA_CITY));
	cr_assert(eq(int, fdss_area_level_of("451026"), FDSS_AREA_COUNTY));
	cr_assert(eq(int, fdss_area_level_of("451026100"), FDSS_AREA_TOWNSHIP));
	cr_assert(eq(int, fdss_area_level_of("451026100212"),
		     FDSS_AREA_VILLAGE));
	cr_assert(eq(int, fdss_area_level_of(""), FDSS_AREA_INVALID));
	cr_assert(eq(int, fdss_area_level_of("4"), FDSS_AREA_INVALID));
	cr_assert(eq(int, fdss_area_level_of("12345"), FDSS_AREA_INVALID));
	cr_assert(eq(int, fdss_area_level_of("45102610021a"),
		     FDSS_AREA_INVALID));
	cr_assert(eq(int, fdss_area_level_of("4510261002120"),
		     FDSS_AREA_INVALID));
	cr_assert(eq(int, fdss_area_level_of(NULL), FDSS_AREA_INVALID));
}

Test(area, level_names_round_trip)
{
	int lv;

	for (lv = FDSS_AREA_PROVINCE; lv <= FDSS_AREA_VILLAGE; lv++)
		cr_assert(eq(int, fdss_area_level_parse(
				     fdss_area_level_name(lv)), lv));
	cr_assert(eq(str, (char *)fdss_area_level_name(FDSS_AREA_TOWNSHIP),
		     "township"));
	cr_assert(fdss_area_level_name(0) == NULL);
	cr_assert(fdss_area_level_name(6) == NULL);
	cr_assert(eq(int, fdss_area_level_parse("town"), FDSS_AREA_INVALID));
	cr_assert(eq(int, fdss_area_level_parse(NULL), FDSS_AREA_INVALID));
}

Test(area, import_fixtures_and_count_exactly)
{
	import_all();
	cr_assert(eq(long, count(NULL, 0), 625));
	cr_assert(eq(long, count("140826", 0), 157));
	cr_assert(eq(long, count("140826", FDSS_AREA_TOWNSHIP), 11));
	cr_assert(eq(long, count("140826", FDSS_AREA_VILLAGE), 146));
	cr_assert(eq(long, count("140826100", 0), 32));
	cr_assert(eq(long, count("45", FDSS_AREA_TOWNSHIP), 12));
	cr_assert(eq(long, count("45", FDSS_AREA_CITY), 14));
	cr_assert(eq(long, count(NULL, FDSS_AREA_PROVINCE), 31));
	cr_assert(eq(long, count("451026100212", 0), 0), "strict descendants");
}

Test(area, reimport_changes_nothing)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };
	long n = 0;

	import_all();
	cr_assert(eq(int, import_file("villages.csv", 0, &st), FDSS_OK));
	expect_stats(&st, 311, 0, 0, 311, 0);
	cr_assert(eq(int, fdss_audit_foreach(db, "area", NULL, count_audit,
					     &n), FDSS_OK));
	cr_assert(eq(long, n, 0), "inserts are not audited");
}

static int check_rename(const fdss_audit_entry *e, void *arg)
{
	(void)arg;
	cr_assert(eq(str, (char *)e->table_name, "area"));
	cr_assert(eq(str, (char *)e->row_key, "140826"));
	cr_assert(eq(str, (char *)e->operator_name, "tester"));
	cr_assert(eq(str, (char *)e->before, "{\"code\":\"140826\",\"name\":"
		     "\"绛县\",\"level\":\"county\",\"parent\":\"1408\"}"));
	cr_assert(eq(str, (char *)e->after, "{\"code\":\"140826\",\"name\":"
		     "\"新绛县\",\"level\":\"county\",\"parent\":\"1408\"}"));
	return 0;
}

Test(area, rename_is_updated_and_audited)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };
	struct seen s = { 0 };
	long n = 0;

	cr_assert(eq(int, import_str("a.csv", "code,name\n140826,绛县\n"
				     "140827,垣曲县\n", 0, &st), FDSS_OK));
	cr_assert(eq(int, import_str("b.csv", "name,code\n新绛县,140826\n"
				     "垣曲县,140827\n 闻喜县 , 140823 \n", 0,
				     &st), FDSS_OK));
	expect_stats(&st, 5, 3, 1, 1, 0);
	cr_assert(eq(int, fdss_audit_foreach(db, "area", NULL, count_audit,
					     &n), FDSS_OK));
	cr_assert(eq(long, n, 1));
	cr_assert(eq(int, fdss_audit_foreach(db, "area", "140826",
					     check_rename, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_area_find(db, "闻喜县", collect, &s, &n),
		     FDSS_OK));
	cr_assert(eq(long, n, 1), "blanks trimmed");
	cr_assert(eq(str, s.code[0], "140823"));
}

Test(area, bad_rows_are_rejected_and_good_rows_land)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };

	cr_assert(eq(int, import_file("bad-rows.csv", 0, &st), FDSS_OK));
	expect_stats(&st, 9, 3, 0, 0, 6);
	cr_assert(eq(int, nrejects, 6));
	cr_assert(eq(str, rejects[0], "bad-rows.csv:3: code '12345': 2, 4, 6, "
		     "9 or 12 digits expected"));
	cr_assert(eq(str, rejects[1], "bad-rows.csv:4: code '140826101': "
		     "empty name"));
	cr_assert(eq(str, rejects[2], "bad-rows.csv:5: code '14082610a': 2, "
		     "4, 6, 9 or 12 digits expected"));
	cr_assert(eq(str, rejects[3], "bad-rows.csv:6: text after closing "
		     "quote in field 2"));
	cr_assert(eq(str, rejects[4], "bad-rows.csv:7: stray quote in "
		     "unquoted field 2"));
	cr_assert(eq(str, rejects[5], "bad-rows.csv:9: 1 field, the header "
		     "has 3"));
	cr_assert(eq(long, count(NULL, 0), 3));
}

Test(area, atomic_rolls_the_file_back)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };

	cr_assert(eq(int, import_file("bad-rows.csv", 1, &st), FDSS_EDATA));
	expect_stats(&st, 9, 0, 0, 0, 6);
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "bad-rows.csv: 6 of 9 "
		     "rows rejected, nothing imported"));
	cr_assert(eq(long, count(NULL, 0), 0));
}

Test(area, unterminated_quote_and_bad_encoding)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };

	cr_assert(eq(int, import_file("unterminated.csv", 0, &st), FDSS_OK));
	expect_stats(&st, 3, 2, 0, 0, 1);
	cr_assert(eq(str, rejects[0], "unterminated.csv:3: unterminated "
		     "quoted field"));
	cr_assert(eq(int, import_file("gb18030.csv", 0, &st), FDSS_OK));
	expect_stats(&st, 5, 2, 0, 0, 3);
	cr_assert(eq(str, rejects[1], "gb18030.csv:2: not valid UTF-8 at "
		     "byte 11 (convert the file, e.g. iconv -f GB18030 -t "
		     "UTF-8)"));
	cr_assert(eq(int, nrejects, 3));
}

Test(area, missing_columns)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };

	cr_assert(eq(int, import_file("no-code.csv", 0, &st), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "no-code.csv: no 'code' column in the header"));
	cr_assert(eq(int, import_str("x.csv", "code,title\n45,广西\n", 0, &st),
		     FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "x.csv: no 'name' column in the header"));
	cr_assert(eq(int, import_str("e.csv", "", 0, &st), FDSS_EDATA));
	cr_assert(eq(long, st.read, 0));
}

Test(area, inside_a_caller_transaction)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };

	cr_assert(eq(int, fdss_db_begin(db), FDSS_OK));
	cr_assert(eq(int, import_file("streets.csv", 1, &st), FDSS_OK));
	cr_assert(eq(int, import_file("bad-rows.csv", 1, &st), FDSS_EDATA));
	cr_assert(eq(long, count(NULL, 0), 23), "only the bad file undone");
	fdss_db_rollback(db);
	cr_assert(eq(long, count(NULL, 0), 0), "the caller decides");
}

Test(area, find_lists_every_duplicate_with_its_path)
{
	struct seen s = { 0 };
	long n = -1;

	import_all();
	cr_assert(eq(int, fdss_area_find(db, "永乐村委会", collect, &s, &n),
		     FDSS_OK));
	cr_assert(eq(long, n, 2));
	cr_assert(eq(str, s.code[0], "140826106207"));
	cr_assert(eq(str, s.path[0], "山西省 / 运城市 / 绛县 / 安峪镇 / "
		     "永乐村委会"));
	cr_assert(eq(str, s.code[1], "451026100212"));
	cr_assert(eq(str, s.path[1], "广西壮族自治区 / 百色市 / 那坡县 / "
		     "城厢镇 / 永乐村委会"));
	cr_assert(eq(int, s.level[1], FDSS_AREA_VILLAGE));
}

Test(area, find_puts_exact_matches_first)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };
	struct seen s = { 0 };
	long n = 0;

	cr_assert(eq(int, import_str("t.csv", "code,name\n4501,城厢村\n"
				     "450101,城厢\n450102,老城厢\n"
				     "450103,别处\n", 0, &st), FDSS_OK));
	cr_assert(eq(int, fdss_area_find(db, "城厢", collect, &s, &n),
		     FDSS_OK));
	cr_assert(eq(long, n, 3));
	cr_assert(eq(str, s.code[0], "450101"));
	cr_assert(eq(str, s.code[1], "4501"));
	cr_assert(eq(str, s.code[2], "450102"));
	n = 5;
	cr_assert(eq(int, fdss_area_find(db, "nowhere", collect, &s, &n),
		     FDSS_OK));
	cr_assert(eq(long, n, 0));
	cr_assert(eq(int, fdss_area_find(db, "", collect, &s, &n),
		     FDSS_EINVAL));
}

Test(area, path_falls_back_to_the_built_in_table)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };
	struct seen s = { 0 };
	long n = 0;

	cr_assert(eq(int, import_file("villages.csv", 0, &st), FDSS_OK));
	cr_assert(eq(int, import_str("t.csv", "code,name\n110101,东城区\n", 0,
				     &st), FDSS_OK));
	cr_assert(eq(int, fdss_area_find(db, "永乐村委会", collect, &s, &n),
		     FDSS_OK));
	cr_assert(eq(str, s.path[0], "山西省 / 运城市 / 绛县 / 永乐村委会"),
		  "townships are not built in");
	s.n = 0;
	cr_assert(eq(int, fdss_area_find(db, "东城区", collect, &s, &n),
		     FDSS_OK));
	cr_assert(eq(str, s.path[0], "北京市 / 东城区"), "no 市辖区");
	cr_assert(eq(long, count("140826", FDSS_AREA_VILLAGE), 146),
		  "under a county known only by its villages");
}

Test(area, list_by_name_and_unknown_codes)
{
	fdss_area_query q = FDSS_AREA_QUERY_INIT;
	struct seen s = { 0 };

	import_all();
	q.name = "永乐村委会";
	cr_assert(eq(int, fdss_area_list(db, &q, collect, &s), FDSS_OK));
	cr_assert(eq(long, s.n, 2));
	q.name = NULL;
	q.under = "140899";
	cr_assert(eq(int, fdss_area_list(db, &q, collect, &s),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no area '140899' (load "
		     "it with 'fdss area import')"));
	q.under = "1408x";
	cr_assert(eq(int, fdss_area_list(db, &q, collect, &s), FDSS_EINVAL));
}

static int stop_at_third(const fdss_area *a, void *arg)
{
	(void)a;
	return ++*(int *)arg == 3 ? 42 : 0;
}

Test(area, callback_stops_the_walk)
{
	int n = 0;

	import_all();
	cr_assert(eq(int, fdss_area_list(db, NULL, stop_at_third, &n), 42));
	cr_assert(eq(int, n, 3));
}

/* The check of every --area filter: any level, or a code below it. */
Test(area, exists_for_filters)
{
	import_all();
	cr_assert(eq(int, fdss_area_exists(db, "14"), FDSS_OK));
	cr_assert(eq(int, fdss_area_exists(db, "140826"), FDSS_OK));
	cr_assert(eq(int, fdss_area_exists(db, "999999"), FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "area '999999': no such "
		     "area (load it with 'fdss area import')"));
	cr_assert(eq(int, fdss_area_exists(db, "14082"), FDSS_EINVAL));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "area '14082': 2, 4, 6, "
		     "9 or 12 digits expected"));
	cr_assert(eq(int, fdss_area_exists(db, NULL), FDSS_EINVAL));
}
