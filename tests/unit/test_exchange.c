/*
 * The county of a database (fdss_county_code), and the exchange format:
 * export, import into an empty database, export again; bad records.
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"

static fdss_db *empty(void)
{
	fdss_db *db = NULL;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", 0, NULL), FDSS_OK));
	return db;
}

/* --- fdss_county_code ---------------------------------------------------- */

Test(county, the_setting_then_the_households_then_the_villages)
{
	fdss_db *db = empty();
	char c[7] = "x";

	cr_assert(eq(int, fdss_county_code(db, c), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "the database names no "
		     "county: set it with `fdss setting set county CODE`"));
	cr_assert(eq(str, c, ""));
	cr_assert(eq(int, fdss_db_exec(db, "INSERT INTO area VALUES"
		" ('140826100201', '城关村', 'village', '140826100'),"
		" ('451026100212', '那坡村', 'village', '451026100')"), FDSS_OK));
	cr_assert(eq(int, fdss_county_code(db, c), FDSS_EDATA));
	cr_assert(eq(int, fdss_db_exec(db, "INSERT INTO household"
		" (household_no, village_code) VALUES ('H1', '451026100212')"),
		FDSS_OK));
	cr_assert(eq(int, fdss_county_code(db, c), FDSS_OK));
	cr_assert(eq(str, c, "451026"));
	cr_assert(eq(int, fdss_setting_set(db, "county", "140826", NULL),
		     FDSS_OK));
	cr_assert(eq(int, fdss_county_code(db, c), FDSS_OK));
	cr_assert(eq(str, c, "140826"));
	cr_assert(eq(int, fdss_setting_set(db, "county", "1408", NULL),
		     FDSS_EINVAL));
	fdss_db_close(db);
}

Test(county, one_county_of_villages_without_households)
{
	fdss_db *db = empty();
	char c[7];

	cr_assert(eq(int, fdss_db_exec(db, "INSERT INTO area VALUES"
		" ('140826', '绛县', 'county', '1408'),"
		" ('140826100201', '城关村', 'village', '140826100'),"
		" ('140826101201', '横水村', 'village', '140826101')"), FDSS_OK));
	cr_assert(eq(int, fdss_county_code(db, c), FDSS_OK));
	cr_assert(eq(str, c, "140826"));
	fdss_db_close(db);
}

/* --- export and import --------------------------------------------------- */

struct text {
	char *s;
	size_t n;
};

static int add_line(void *arg, const char *line, size_t len)
{
	struct text *t = arg;

	t->s = realloc(t->s, t->n + len + 2);
	cr_assert(t->s != NULL);
	memcpy(t->s + t->n, line, len);
	t->n += len;
	t->s[t->n++] = '\n';
	t->s[t->n] = '\0';
	return FDSS_OK;
}

static char *export_all(fdss_db *db, long *records)
{
	fdss_export_opts o = FDSS_EXPORT_OPTS_INIT;
	struct text t = { NULL, 0 };

	o.line = add_line;
	o.arg = &t;
	cr_assert(eq(int, fdss_export(db, &o), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
	*records = o.records;
	return t.s;
}

static char rejected[4][256];
static int nrejected;

static void on_reject(void *arg, const fdss_import_reject *r)
{
	(void)arg;
	if (nrejected < 4)
		snprintf(rejected[nrejected], sizeof(rejected[0]), "%s",
			 r->message);
	nrejected++;
}

static int import_text(fdss_db *db, const char *text, fdss_import_stats *st)
{
	fdss_import_opts o = FDSS_IMPORT_OPTS_INIT;
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	cr_assert(f != NULL);
	o.name = "x.jsonl";
	o.reject = on_reject;
	nrejected = 0;
	rc = fdss_exchange_import(db, f, &o, st);
	fclose(f);
	return rc;
}

Test(exchange, export_import_export_is_the_same_text)
{
	fdss_db *a = seed_db(SEED), *b = empty();
	fdss_import_stats st;
	long na, nb;
	char *ta, *tb;

	cr_assert(eq(int, fdss_team_add(a, "T01", "城关团队", "城关镇卫生院",
					NULL, fdss_date_from_ymd(2026, 1, 1)),
		     FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(a, "T01", "王医生", "doctor",
					       NULL, NULL, NULL), FDSS_OK));
	ta = export_all(a, &na);
	cr_assert(strncmp(ta, "{\"type\":\"export\",\"format\":1,\"county\":"
			  "\"140826\",\"records\":\"all\"}\n", 63) == 0, "%.80s",
		  ta);
	cr_assert(strstr(ta, "{\"type\":\"team\",\"code\":\"140826-T01\","
			 "\"name\":\"城关团队\"") != NULL);
	cr_assert(eq(int, import_text(b, ta, &st), FDSS_OK), "%s",
		  fdss_db_errmsg(b));
	cr_assert(eq(long, st.read, na));
	cr_assert(eq(long, st.rejected, 0));
	tb = export_all(b, &nb);
	cr_assert(eq(str, tb, ta));
	cr_assert(eq(int, import_text(b, ta, &st), FDSS_OK));
	cr_assert(eq(long, st.unchanged, na));
	free(ta);
	free(tb);
	fdss_db_close(a);
	fdss_db_close(b);
}

Test(exchange, bad_records_are_refused_with_their_line)
{
	fdss_db *db = empty();
	fdss_import_stats st;

	cr_assert(eq(int, import_text(db,
		"{\"type\":\"export\",\"format\":1,\"county\":\"140826\","
		"\"records\":\"all\"}\n"
		"{\"type\":\"area\",\"code\":\"140826\",\"name\":\"绛县\","
		"\"level\":\"county\",\"colour\":1}\n"
		"{\"type\":\"area\",\"code\":\"140826\",\"name\":\"绛县\"}\n"
		"{\"type\":\"household\",\"household_no\":\"H1\","
		"\"village_code\":\"140826100201\"}\n"
		"{\"type\":\"setting\",\"key\":\"doctor_limit\",\"value\":\"1500\"}\n",
		&st), FDSS_OK));
	cr_assert(eq(long, st.read, 4));
	cr_assert(eq(long, st.rejected, 3));
	cr_assert(eq(long, st.updated, 1));
	cr_assert(eq(str, rejected[0], "x.jsonl:2: area '140826': colour: "
		     "unknown key"));
	cr_assert(eq(str, rejected[1], "x.jsonl:3: area '140826': level: "
		     "missing"));
	cr_assert(eq(str, rejected[2], "x.jsonl:4: household 'H1': FOREIGN "
		     "KEY constraint failed"));
	fdss_db_close(db);
}

Test(exchange, a_header_of_another_format_stops_the_import)
{
	fdss_db *db = empty();

	cr_assert(eq(int, import_text(db, "{\"type\":\"export\",\"format\":2,"
				      "\"county\":\"140826\"}\n", NULL),
		     FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "x.jsonl:1: export "
		     "format not 1: this fdss reads format 1"));
	fdss_db_close(db);
}

Test(exchange, what_is_an_export)
{
	cr_assert(eq(int, fdss_exchange_is_export("{\"type\":\"export\"}\n",
						 18), 1));
	cr_assert(eq(int, fdss_exchange_is_export("{\"type\":\"contract\"}",
						 19), 1));
	cr_assert(eq(int, fdss_exchange_is_export("{\"type\":\"person\"}",
						 17), 0));
	cr_assert(eq(int, fdss_exchange_is_export("{\"id_number\":\"1\"}",
						 17), 0));
	cr_assert(eq(int, fdss_exchange_is_export("{\"type\":", 8), 0));
	cr_assert(eq(int, fdss_export_what_parse("teams"), FDSS_EXPORT_TEAMS));
	cr_assert(eq(int, fdss_export_what_parse("all"), FDSS_EXPORT_ALL));
	cr_assert(eq(int, fdss_export_what_parse("team"), 0));
}
