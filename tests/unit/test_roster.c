#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <string.h>

#include <fdss/fdss.h>
#include "roster_int.h"

static fdss_date ref(void)
{
	return fdss_date_from_ymd(2026, 11, 22);
}

/* A row from alternating field/value pairs, labels the field names. */
static void fill(struct roster_row *row, const int *f, const char *const *v,
		 size_t n)
{
	size_t i;

	memset(row, 0, sizeof(*row));
	for (i = 0; i < n; i++) {
		row->v[f[i]].s = v[i];
		row->v[f[i]].n = strlen(v[i]);
		row->label[f[i]] = roster_field_name(f[i]);
	}
}

static const int base_fields[] = {
	F_ID_NUMBER, F_NAME, F_RELATION, F_HOUSEHOLD_NO, F_HEALTH,
	F_POVERTY_ATTR, F_POVERTY_EXIT_YEAR
};

static int check(const char *id, const char *name, const char *relation,
		 const char *health, const char *attr, const char *year,
		 struct roster_person *p, fdss_error *err)
{
	const char *v[] = { id, name, relation, "H1", health, attr, year };
	struct roster_row row;

	fill(&row, base_fields, v, 7);
	roster_row_trim(&row);
	return roster_row_check(&row, ref(), p, err);
}

Test(roster, preset_and_english_names)
{
	struct roster_map m;
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, roster_map_init(&m, NULL, NULL, &err), FDSS_OK));
	cr_assert(eq(int, roster_map_field(&m, "id_number"), F_ID_NUMBER));
	cr_assert(eq(int, roster_map_field(&m, "证件号码"), F_NONE));
	cr_assert(eq(int, roster_map_field(&m, "type"), F_IGNORE));
	cr_assert(eq(int, roster_map_init(&m, "poverty-registry", NULL, &err),
		     FDSS_OK));
	cr_assert(eq(int, roster_map_field(&m, "证件号码"), F_ID_NUMBER));
	cr_assert(eq(int, roster_map_field(&m, "乡（镇）"), F_TOWNSHIP));
	cr_assert(eq(int, roster_map_field(&m, "县"), F_COUNTY));
	cr_assert(eq(int, roster_map_field(&m, "household_no"), F_HOUSEHOLD_NO));
	cr_assert(eq(int, roster_map_field(&m, "备注"), F_NONE));
	cr_assert(eq(int, roster_map_init(&m, "other", NULL, &err), FDSS_EINVAL));
	cr_assert(eq(str, err.msg, "unknown preset 'other' (known: poverty-registry)"));
}

Test(roster, map_renames_and_rejects_unknown_fields)
{
	struct roster_map m;
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, roster_map_init(&m, NULL, "身份证号=id_number,户号="
					  "household_no", &err), FDSS_OK));
	cr_assert(eq(int, roster_map_field(&m, "身份证号"), F_ID_NUMBER));
	cr_assert(eq(int, roster_map_field(&m, "户号"), F_HOUSEHOLD_NO));
	cr_assert(eq(int, roster_map_init(&m, NULL, "a=nope", &err),
		     FDSS_EINVAL));
	cr_assert(eq(str, err.msg, "--map 'a=nope': unknown field 'nope' (see "
		     "fdss-import(1))"));
	cr_assert(eq(int, roster_map_init(&m, NULL, "a", &err), FDSS_EINVAL));
	cr_assert(eq(str, err.msg, "--map 'a': expected COLUMN=field"));
}

Test(roster, a_good_row_derives_sex_birth_and_flags)
{
	struct roster_person p;
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, check(" 11010519491231002x ", "张三", "户主",
				"长期慢性病、残疾", "低保贫困户", "2019", &p,
				&err), FDSS_OK), "%s", err.msg);
	cr_assert(eq(str, p.id.id, "11010519491231002X"));
	cr_assert(eq(chr, p.id.sex, 'F'));
	cr_assert(eq(str, p.birth, "1949-12-31"));
	cr_assert(eq(int, p.disabled, 1));
	cr_assert(eq(int, p.poverty, 1));
	cr_assert(eq(int, p.low_income, 1));
	cr_assert(eq(int, p.exit_year, 2019));
	cr_assert(eq(u32, p.conditions, FDSS_COND_CHRONIC));
	cr_assert(eq(int, check("11010519491231002X", "张三", "户主", "健康",
				"", "", &p, &err), FDSS_OK));
	cr_assert(eq(int, p.poverty, 0));
	cr_assert(eq(int, p.disabled, 0));
	cr_assert(eq(u32, p.conditions, 0));
}

Test(roster, each_bad_cell_is_named)
{
	static const struct {
		const char *id, *name, *relation, *health, *attr, *year, *msg;
	} cases[] = {
		{ "110105194912310021", "张三", "户主", "", "", "",
		  "id_number '110105194912310021': check character should be "
		  "'X', not '1'" },
		{ "", "张三", "户主", "", "", "", "id_number: empty" },
		{ "11010519491231002X", "", "户主", "", "", "", "name: empty" },
		{ "11010519491231002X", "张三", "朋友", "", "", "",
		  "relation '朋友': unknown relation (户主, 配偶, 之子, 之女, "
		  "之父, 之母, 之孙子, 其他 ...)" },
		{ "11010519491231002X", "张三", "户主", "良好", "", "",
		  "health '良好': expected 健康, 长期慢性病, 患有大病 or 残疾" },
		{ "11010519491231002X", "张三", "户主", "", "富裕户", "",
		  "poverty_attr '富裕户': expected 一般贫困户, 低保贫困户 or "
		  "特困供养贫困户" },
		{ "11010519491231002X", "张三", "户主", "", "", "2030",
		  "poverty_exit_year '2030': expected a year from 1978 to "
		  "this year" },
		{ "11010519491231002X", "张三", "户主", "", "", "20x9",
		  "poverty_exit_year '20x9': expected a year" },
	};
	struct roster_person p;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fdss_error err = FDSS_ERROR_INIT;

		cr_assert(eq(int, check(cases[i].id, cases[i].name,
					cases[i].relation, cases[i].health,
					cases[i].attr, cases[i].year, &p, &err),
			     FDSS_EDATA), "case %zu", i);
		cr_assert(eq(str, err.msg, (char *)cases[i].msg), "case %zu", i);
	}
}

Test(roster, sex_and_birth_columns_must_agree)
{
	static const int f[] = {
		F_ID_NUMBER, F_NAME, F_RELATION, F_HOUSEHOLD_NO, F_SEX,
		F_BIRTH_DATE
	};
	const char *ok[] = { "11010519491231002X", "张三", "户主", "H", "女",
			     "19491231" };
	const char *sex[] = { "11010519491231002X", "张三", "户主", "H", "男",
			      "1949-12-31" };
	const char *birth[] = { "11010519491231002X", "张三", "户主", "H", "F",
				"1949/12/30" };
	struct roster_row row;
	struct roster_person p;
	fdss_error err = FDSS_ERROR_INIT;

	fill(&row, f, ok, 6);
	cr_assert(eq(int, roster_row_check(&row, ref(), &p, &err), FDSS_OK),
		  "%s", err.msg);
	fill(&row, f, sex, 6);
	cr_assert(eq(int, roster_row_check(&row, ref(), &p, &err), FDSS_EDATA));
	cr_assert(eq(str, err.msg, "sex '男': the ID number says 女 (F)"));
	fill(&row, f, birth, 6);
	cr_assert(eq(int, roster_row_check(&row, ref(), &p, &err), FDSS_EDATA));
	cr_assert(eq(str, err.msg,
		     "birth_date '1949/12/30': the ID number says 1949-12-31"));
}

/* The import end to end on an in-memory database. */
static fdss_db *seeded(void)
{
	fdss_db *db = NULL;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", 0, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_db_exec(db,
		"INSERT INTO area VALUES ('140826', '绛县', 'county', '1408'),"
		" ('140826100', '古绛镇', 'township', '140826'),"
		" ('140826100200', '东关村委会', 'village', '140826100'),"
		" ('140826100201', '城内村委会', 'village', '140826100')"),
		FDSS_OK));
	return db;
}

struct seen {
	int n;
	char last[512];
};

static void on_reject(void *arg, const fdss_import_reject *r)
{
	struct seen *s = arg;

	s->n++;
	snprintf(s->last, sizeof(s->last), "%s", r->message);
}

static int import_text(fdss_db *db, const char *text, int format,
		       fdss_import_stats *st, struct seen *seen)
{
	fdss_import_opts o = FDSS_IMPORT_OPTS_INIT;
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	cr_assert(f != NULL);
	o.name = "t.csv";
	o.format = format;
	o.ref = ref();
	o.reject = on_reject;
	o.arg = seen;
	rc = fdss_import_roster(db, f, &o, st);
	fclose(f);
	return rc;
}

static int count_one(const fdss_person *p, void *arg)
{
	(void)p;
	(*(int *)arg)++;
	return 0;
}

static int people(fdss_db *db)
{
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;
	int n = 0;

	q.ref = ref();
	cr_assert(eq(int, fdss_person_list(db, &q, count_one, &n), FDSS_OK));
	return n;
}

Test(roster, import_upserts_and_counts)
{
	static const char csv[] =
		"household_no,county,township,village,name,id_number,relation,"
		"phone\r\n"
		"H1,绛县,古绛镇,东关村委会,张三,11010519491231002X,户主,1\r\n"
		"H1,绛县,古绛镇,东关村委会,李四,110105194912310038,配偶,\r\n"
		"H2,绛县,古绛镇,城内村委会,王五,110105194912310046,户主,\r\n"
		"H2,绛县,古绛镇,城内村委会,王五,110105194912310046,户主,\r\n";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();

	cr_assert(eq(int, import_text(db, csv, FDSS_IMPORT_CSV, &st, &seen),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
	cr_assert(eq(long, st.read, 4));
	cr_assert(eq(long, st.inserted, 3));
	cr_assert(eq(long, st.rejected, 1));
	cr_assert(eq(long, st.households, 2));
	cr_assert(eq(i64, st.batch_id, 1));
	cr_assert(eq(int, people(db), 3));
	cr_assert(eq(str, seen.last, "t.csv:5: id_number '110105194912310046': "
		     "appears again, first on line 4"));
	seen.n = 0;
	cr_assert(eq(int, import_text(db, csv, FDSS_IMPORT_CSV, &st, &seen),
		     FDSS_OK));
	cr_assert(eq(long, st.inserted, 0));
	cr_assert(eq(long, st.unchanged, 3));
	cr_assert(eq(long, st.rejected, 1), "the duplicate of an unchanged row");
	cr_assert(eq(str, seen.last, "t.csv:5: id_number '110105194912310046': "
		     "appears again, first on line 4"));
	fdss_db_close(db);
}

Test(roster, bad_encoding_fails_whole)
{
	static const char csv[] =
		"household_no,village_code,name,id_number,relation\n"
		"H1,140826100200,张三,11010519491231002X,户主\n"
		"H1,140826100200,\xd5\xc5,110105194912310038,配偶\n";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();

	cr_assert(eq(int, import_text(db, csv, FDSS_IMPORT_CSV, &st, &seen),
		     FDSS_EDATA));
	cr_assert(strstr(fdss_db_errmsg(db), "t.csv:3: byte 17: not valid "
			 "UTF-8") != NULL, "%s", fdss_db_errmsg(db));
	cr_assert(eq(int, people(db), 0));
	fdss_db_close(db);
}

/* The n-th of a run of distinct valid ID numbers (n < 1,200,000). */
static void nth_id(char out[FDSS_ID_BUFSZ], long n)
{
	char digits[64];

	snprintf(digits, sizeof(digits), "110105%04ld%02ld01%03ld",
		 1930 + n / 12000, 1 + n / 1000 % 12, n % 1000);
	memcpy(out, digits, 17);
	out[17] = fdss_id_check_char(out);
	out[18] = '\0';
}

struct lines {
	long n, line[8];
	char msg[8][256];
	int ordered;
};

static void on_reject_line(void *arg, const fdss_import_reject *r)
{
	struct lines *s = arg;

	if (s->n && r->line <= s->line[(s->n - 1) % 8])
		s->ordered = 0;
	s->line[s->n % 8] = r->line;
	snprintf(s->msg[s->n % 8], sizeof(s->msg[0]), "%s", r->message);
	s->n++;
}

static char *scalar(fdss_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v;

	cr_assert(eq(int, sqlite3_prepare_v2(fdss__db_sqlite(db), sql, -1, &st,
					     NULL), SQLITE_OK));
	cr_assert(eq(int, sqlite3_step(st), SQLITE_ROW));
	v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/*
 * More rows than one chunk holds: people are stored in ID order chunk by
 * chunk, yet rejections come in line order, a duplicate names the line of
 * the first row across chunks, and a household whose first row is a
 * duplicate is stored from its next row.
 */
Test(roster, chunks_keep_line_order_and_households, .timeout = 60)
{
	enum { ROWS = 70000 };
	fdss_import_opts o = FDSS_IMPORT_OPTS_INIT;
	fdss_import_stats st;
	struct lines seen = { 0, { 0 }, { "" }, 1 };
	char id[FDSS_ID_BUFSZ], expect[256], *text, *v;
	size_t cap = (size_t)ROWS * 80 + 256, len = 0;
	fdss_db *db = seeded();
	FILE *f;
	long i;

	text = malloc(cap);
	cr_assert(text != NULL);
	len += (size_t)snprintf(text, cap, "household_no,village_code,name,"
				"id_number,relation,address\n");
	for (i = 0; i < ROWS; i++) {
		/* line i + 2; two people a household; ids in reverse */
		long n = ROWS - i;

		/* the first row of H34500 and the second of H34501 repeat
		 * line 5, a chunk earlier */
		if (i == 69000 || i == 69003)
			n = ROWS - 3;
		nth_id(id, n);
		len += (size_t)snprintf(text + len, cap - len,
					"H%ld,140826100200,某,%s,%s,%s\n",
					i / 2, id, i % 2 ? "配偶" : "户主",
					i == 69001 ? "村东" : "");
	}
	f = fmemopen(text, len, "r");
	cr_assert(f != NULL);
	o.name = "big.csv";
	o.ref = ref();
	o.reject = on_reject_line;
	o.arg = &seen;
	cr_assert(eq(int, fdss_import_roster(db, f, &o, &st), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
	fclose(f);
	free(text);
	cr_assert(eq(long, st.read, ROWS));
	cr_assert(eq(long, st.rejected, 2));
	cr_assert(eq(long, st.inserted, ROWS - 2));
	cr_assert(eq(long, st.households, ROWS / 2));
	cr_assert(eq(int, seen.ordered, 1));
	nth_id(id, ROWS - 3);
	snprintf(expect, sizeof(expect), "big.csv:69002: id_number '%s': "
		 "appears again, first on line 5", id);
	cr_assert(eq(str, seen.msg[0], expect));
	cr_assert(eq(long, seen.line[1], 69005));
	/* H34500's first row was the duplicate: its second row stores it */
	v = scalar(db, "SELECT ifnull(address, 'NULL') || count(*) FROM"
		   " household JOIN person USING (household_no)"
		   " WHERE household_no = 'H34500'");
	cr_assert(eq(str, v, "村东1"));
	free(v);
	v = scalar(db, "SELECT count(*) FROM person");
	cr_assert(eq(str, v, "69998"));
	free(v);
	fdss_db_close(db);
}

/* --- issue 10: nothing lost, nothing corrupted ------------------------- */

static int import_with(fdss_db *db, const char *text, size_t len, int format,
		       int accept_renames, fdss_import_stats *st,
		       struct seen *seen)
{
	fdss_import_opts o = FDSS_IMPORT_OPTS_INIT;
	FILE *f = fmemopen((void *)text, len, "r");
	int rc;

	cr_assert(f != NULL);
	o.name = "t.csv";
	o.format = format;
	o.ref = ref();
	o.reject = on_reject;
	o.arg = seen;
	o.accept_renames = accept_renames;
	rc = fdss_import_roster(db, f, &o, st);
	fclose(f);
	return rc;
}

/* Every audit row is valid JSON, as SQLite's json_valid() reads it. */
static void expect_audit_valid(fdss_db *db)
{
	char *v = scalar(db, "SELECT count(*) FROM audit_log WHERE NOT"
			 " json_valid(before) OR NOT json_valid(after)");

	cr_assert(eq(str, v, "0"));
	free(v);
}

/*
 * A stored address of 1,530 bytes, and a re-import of the household
 * without an address but with a new 贫困户属性: the address stays whole
 * and the audit log has the one change.
 */
Test(roster, stored_household_values_are_kept_whole)
{
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();
	char *line = malloc(4096), *v, addr[1531];
	size_t i, n;

	cr_assert(line != NULL);
	for (i = 0; i < 510; i++)
		memcpy(addr + 3 * i, "东", 3);
	addr[1530] = '\0';
	n = (size_t)snprintf(line, 4096, "{\"id_number\":\"11010519491231002X\","
		"\"name\":\"张三\",\"relation\":\"户主\",\"household_no\":"
		"\"H1\",\"village_code\":\"140826100200\",\"address\":\"%s\","
		"\"poverty_attr\":\"一般贫困户\"}\n", addr);
	cr_assert(eq(int, import_with(db, line, n, FDSS_IMPORT_JSONL, 0, &st,
				      &seen), FDSS_OK), "%s", fdss_db_errmsg(db));
	n = (size_t)snprintf(line, 4096, "{\"id_number\":\"11010519491231002X\","
		"\"name\":\"张三\",\"relation\":\"户主\",\"household_no\":"
		"\"H1\",\"village_code\":\"140826100200\","
		"\"poverty_attr\":\"低保贫困户\"}\n");
	cr_assert(eq(int, import_with(db, line, n, FDSS_IMPORT_JSONL, 0, &st,
				      &seen), FDSS_OK), "%s", fdss_db_errmsg(db));
	v = scalar(db, "SELECT length(CAST(address AS BLOB)) || ' ' ||"
		   " poverty_attr FROM household WHERE household_no = 'H1'");
	cr_assert(eq(str, v, "1530 低保贫困户"));
	free(v);
	v = scalar(db, "SELECT address FROM household");
	cr_assert(eq(str, v, addr));
	free(v);
	v = scalar(db, "SELECT group_concat(before || ' ' || after, ';')"
		   " FROM audit_log WHERE table_name = 'household'");
	cr_assert(eq(str, v, "{\"poverty_attr\":\"一般贫困户\"} "
		     "{\"poverty_attr\":\"低保贫困户\"}"));
	free(v);
	expect_audit_valid(db);
	free(line);
	fdss_db_close(db);
}

/* A header cell of any length is kept whole as the key in extra. */
Test(roster, long_header_cells_are_kept_whole)
{
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();
	char col[301], text[1024], want[512], *v;
	size_t n;

	memset(col, 'c', 300);
	col[300] = '\0';
	n = (size_t)snprintf(text, sizeof(text), "household_no,village_code,"
			     "name,id_number,relation,%s\nH1,140826100200,"
			     "张三,11010519491231002X,户主,x\n", col);
	cr_assert(eq(int, import_with(db, text, n, FDSS_IMPORT_CSV, 0, &st,
				      &seen), FDSS_OK), "%s", fdss_db_errmsg(db));
	snprintf(want, sizeof(want), "{\"%s\":\"x\"}", col);
	v = scalar(db, "SELECT extra FROM person");
	cr_assert(eq(str, v, want));
	free(v);
	fdss_db_close(db);
}

/* A stored extra that is not JSON still gives a valid audit record. */
Test(roster, audit_records_are_valid_json_whatever_the_value)
{
	static const char csv[] =
		"household_no,village_code,name,id_number,relation,note\n"
		"H1,140826100200,张三,11010519491231002X,户主,\"a\"\"b\\\x01\"\n";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();
	char *v;

	cr_assert(eq(int, fdss_db_exec(db,
		"INSERT INTO household (household_no, village_code)"
		" VALUES ('H1', '140826100200');"
		"INSERT INTO person (id_number, name, sex, birth_date,"
		" household_no, relation, extra) VALUES ('11010519491231002X',"
		" '张三', 'F', '1949-12-31', 'H1', '户主', 'not {json')"),
		FDSS_OK));
	cr_assert(eq(int, import_with(db, csv, sizeof(csv) - 1,
				      FDSS_IMPORT_CSV, 0, &st, &seen),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
	cr_assert(eq(long, st.updated, 1));
	expect_audit_valid(db);
	v = scalar(db, "SELECT before || ' ' || after FROM audit_log");
	cr_assert(eq(str, v, "{\"extra\":\"not {json\"} "
		     "{\"extra\":{\"note\":\"a\\\"b\\\\\\u0001\"}}"));
	free(v);
	fdss_db_close(db);
}

/* Nothing to import is said, and stores nothing (and, under UBSan, the
 * empty chunk is not sorted). */
Test(roster, empty_inputs_say_so)
{
	static const char header[] =
		"household_no,village_code,name,id_number,relation\r\n\r\n";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();
	char *v;

	cr_assert(eq(int, import_with(db, header, sizeof(header) - 1,
				      FDSS_IMPORT_CSV, 0, &st, &seen),
		     FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "t.csv: a header but no rows: nothing to import"));
	cr_assert(eq(int, import_with(db, "\n", 1, FDSS_IMPORT_JSONL, 0, &st,
				      &seen), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "t.csv: no records: nothing to import"));
	cr_assert(eq(int, import_with(db, "", 0, FDSS_IMPORT_CSV, 0, &st,
				      &seen), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "t.csv: empty input, no header"));
	cr_assert(eq(long, st.read, 0));
	v = scalar(db, "SELECT count(*) FROM import_batch");
	cr_assert(eq(str, v, "0"));
	free(v);
	fdss_db_close(db);
}

/* Excel's "CSV (Macintosh)": lines end with CR alone. */
Test(roster, cr_only_line_ends_import)
{
	static const char csv[] =
		"household_no,village_code,name,id_number,relation\r"
		"H1,140826100200,张三,11010519491231002X,户主\r"
		"H1,140826100200,李四,110105194912310038,配偶\r";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();

	cr_assert(eq(int, import_with(db, csv, sizeof(csv) - 1,
				      FDSS_IMPORT_CSV, 0, &st, &seen),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
	cr_assert(eq(long, st.read, 2));
	cr_assert(eq(long, st.inserted, 2));
	cr_assert(eq(int, people(db), 2));
	fdss_db_close(db);
}

/* A line longer than the reader takes, without a line end: the run
 * fails naming the line, not "empty input". */
Test(roster, a_huge_header_line_is_named, .timeout = 60)
{
	size_t n = 17u << 20;
	char *text = malloc(n);
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();

	cr_assert(text != NULL);
	memset(text, 'a', n);
	cr_assert(eq(int, import_with(db, text, n, FDSS_IMPORT_CSV, 0, &st,
				      &seen), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "t.csv:1: record longer "
		     "than 16777216 bytes; cannot read the header"));
	free(text);
	fdss_db_close(db);
}

/* A NUL byte in a CSV field rejects the row, naming line, field and
 * column; a BOM at the start of a data row is not kept in the value. */
Test(roster, nul_bytes_and_boms_in_csv_rows)
{
	static const char csv[] =
		"household_no,village_code,name,id_number,relation\n"
		"H1,140826100200,张\0三,11010519491231002X,户主\n"
		"\xEF\xBB\xBFH2,140826100200,李四,110105194912310038,户主\n";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();
	char *v;

	cr_assert(eq(int, import_with(db, csv, sizeof(csv) - 1,
				      FDSS_IMPORT_CSV, 0, &st, &seen),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
	cr_assert(eq(long, st.rejected, 1));
	cr_assert(eq(str, seen.last, "t.csv:2: NUL byte in field 3 (name)"));
	v = scalar(db, "SELECT group_concat(household_no || ':' || name)"
		   " FROM person");
	cr_assert(eq(str, v, "H2:李四"));
	free(v);
	v = scalar(db, "SELECT group_concat(household_no) FROM household");
	cr_assert(eq(str, v, "H2"));
	free(v);
	fdss_db_close(db);
}

/*
 * The same ID number under another name is a conflict: rejected naming
 * both, the stored person untouched, unless renames are accepted.
 */
Test(roster, another_name_for_a_stored_id_is_a_conflict)
{
	static const char first[] =
		"household_no,village_code,name,id_number,relation\n"
		"H1,140826100200,邹仁生,11010519491231002X,户主\n";
	static const char again[] =
		"household_no,village_code,name,id_number,relation\n"
		"H9,140826100201,陆丽,11010519491231002X,户主\n";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();
	char *v;

	cr_assert(eq(int, import_with(db, first, sizeof(first) - 1,
				      FDSS_IMPORT_CSV, 0, &st, &seen), FDSS_OK));
	cr_assert(eq(int, import_with(db, again, sizeof(again) - 1,
				      FDSS_IMPORT_CSV, 0, &st, &seen), FDSS_OK));
	cr_assert(eq(long, st.rejected, 1));
	cr_assert(eq(long, st.updated, 0));
	cr_assert(eq(str, seen.last, "t.csv:2: id_number '11010519491231002X': "
		     "name '陆丽' differs from the stored '邹仁生'; check the "
		     "ID number, or use --accept-renames"));
	v = scalar(db, "SELECT name || ' ' || household_no FROM person");
	cr_assert(eq(str, v, "邹仁生 H1"));
	free(v);
	v = scalar(db, "SELECT count(*) FROM household WHERE household_no = 'H9'");
	cr_assert(eq(str, v, "0"));
	free(v);
	cr_assert(eq(int, import_with(db, again, sizeof(again) - 1,
				      FDSS_IMPORT_CSV, 1, &st, &seen), FDSS_OK));
	cr_assert(eq(long, st.updated, 1));
	v = scalar(db, "SELECT name || ' ' || household_no FROM person");
	cr_assert(eq(str, v, "陆丽 H9"));
	free(v);
	v = scalar(db, "SELECT json_extract(before, '$.name') || ' ' ||"
		   " json_extract(after, '$.name') FROM audit_log"
		   " WHERE table_name = 'person'");
	cr_assert(eq(str, v, "邹仁生 陆丽"));
	free(v);
	fdss_db_close(db);
}

/* A row that appears again in one input never replaces the first. */
Test(roster, a_row_that_appears_again_leaves_the_first)
{
	static const char csv[] =
		"household_no,village_code,name,id_number,relation,phone\n"
		"H1,140826100200,邹仁生,11010519491231002X,户主,1\n"
		"H9,140826100201,陆丽,11010519491231002X,户主,2\n"
		"H1,140826100200,邹仁生,11010519491231002X,户主,3\n";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();
	char *v;

	cr_assert(eq(int, import_with(db, csv, sizeof(csv) - 1,
				      FDSS_IMPORT_CSV, 1, &st, &seen), FDSS_OK));
	cr_assert(eq(long, st.rejected, 2));
	cr_assert(eq(str, seen.last, "t.csv:4: id_number '11010519491231002X': "
		     "appears again, first on line 2"));
	v = scalar(db, "SELECT name || household_no || phone FROM person");
	cr_assert(eq(str, v, "邹仁生H11"));
	free(v);
	v = scalar(db, "SELECT group_concat(household_no) FROM household");
	cr_assert(eq(str, v, "H1"));
	free(v);
	fdss_db_close(db);
}

/*
 * A member who moves into a stored household does not rewrite its
 * 贫困户属性 or address; its head's row does.
 */
Test(roster, a_member_row_leaves_the_household_fields)
{
	static const char first[] =
		"household_no,village_code,name,id_number,relation,"
		"poverty_attr,address\n"
		"H1,140826100200,张三,11010519491231002X,户主,一般贫困户,东街\n"
		"H2,140826100200,李四,110105194912310038,户主,低保贫困户,西街\n"
		"H2,140826100200,王五,110105194912310046,之子,低保贫困户,西街\n";
	static const char move[] =
		"household_no,village_code,name,id_number,relation,"
		"poverty_attr,address\n"
		"H1,140826100201,王五,110105194912310046,之子,低保贫困户,西街\n";
	static const char head[] =
		"household_no,village_code,name,id_number,relation,"
		"poverty_attr,address\n"
		"H1,140826100200,王五,110105194912310046,之子,低保贫困户,西街\n"
		"H1,140826100200,张三,11010519491231002X,户主,特困供养贫困户,"
		"北街\n";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();
	char *v;

	cr_assert(eq(int, import_with(db, first, sizeof(first) - 1,
				      FDSS_IMPORT_CSV, 0, &st, &seen), FDSS_OK));
	cr_assert(eq(int, import_with(db, move, sizeof(move) - 1,
				      FDSS_IMPORT_CSV, 0, &st, &seen), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	cr_assert(eq(long, st.updated, 1));
	v = scalar(db, "SELECT household_no || poverty_attr FROM person"
		   " WHERE name = '王五'");
	cr_assert(eq(str, v, "H1低保贫困户"));
	free(v);
	v = scalar(db, "SELECT village_code || poverty_attr || address"
		   " FROM household WHERE household_no = 'H1'");
	cr_assert(eq(str, v, "140826100200一般贫困户东街"));
	free(v);
	v = scalar(db, "SELECT count(*) FROM audit_log"
		   " WHERE table_name = 'household'");
	cr_assert(eq(str, v, "0"));
	free(v);
	/* the head's row, though not the household's first, changes it */
	cr_assert(eq(int, import_with(db, head, sizeof(head) - 1,
				      FDSS_IMPORT_CSV, 0, &st, &seen), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	v = scalar(db, "SELECT poverty_attr || address FROM household"
		   " WHERE household_no = 'H1'");
	cr_assert(eq(str, v, "特困供养贫困户北街"));
	free(v);
	expect_audit_valid(db);
	fdss_db_close(db);
}

/* A value SQLite will not take fails the run instead of storing NULL. */
Test(roster, a_failed_bind_fails_the_run)
{
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();
	char csv[2048], *v;
	int n;

	n = snprintf(csv, sizeof(csv), "household_no,village_code,name,"
		     "id_number,relation,address\nH1,140826100200,张三,"
		     "11010519491231002X,户主,%01000d\n", 7);
	sqlite3_limit(fdss__db_sqlite(db), SQLITE_LIMIT_LENGTH, 800);
	cr_assert(ne(int, import_with(db, csv, (size_t)n, FDSS_IMPORT_CSV, 0,
				      &st, &seen), FDSS_OK));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "cannot store a "
		     "household: string or blob too big"));
	sqlite3_limit(fdss__db_sqlite(db), SQLITE_LIMIT_LENGTH, 1000000);
	v = scalar(db, "SELECT count(*) FROM household");
	cr_assert(eq(str, v, "0"));
	free(v);
	fdss_db_close(db);
}

/* fdss_db_defer_commit(): the import leaves its transaction open with
 * the batch id it will have; a rollback stores nothing. */
Test(roster, a_deferred_import_is_committed_by_the_caller)
{
	static const char csv[] =
		"household_no,county,township,village,name,id_number,relation\n"
		"H1,绛县,古绛镇,东关村委会,张三,11010519491231002X,户主\n";
	fdss_import_stats st;
	struct seen seen = { 0, "" };
	fdss_db *db = seeded();

	fdss_db_defer_commit(db, 1);
	cr_assert(eq(int, import_text(db, csv, FDSS_IMPORT_CSV, &st, &seen),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
	cr_assert(eq(i64, st.batch_id, 1));
	cr_assert(eq(int, fdss_db_commit_pending(db), 1));
	fdss_db_rollback(db);
	cr_assert(eq(int, people(db), 0));
	cr_assert(eq(int, import_text(db, csv, FDSS_IMPORT_CSV, &st, &seen),
		     FDSS_OK));
	cr_assert(eq(int, fdss_db_commit(db), FDSS_OK));
	cr_assert(eq(int, fdss_db_commit_pending(db), 0));
	cr_assert(eq(int, people(db), 1));
	fdss_db_close(db);
}
