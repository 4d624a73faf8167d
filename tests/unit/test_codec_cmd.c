/*
 * The records and guesses that moved from cmd/ into the library (issue
 * 14): a division's record, an import's input format and --summary.
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>

/* rec printed compactly, compared with want. */
static void expect_json(cJSON *rec, const char *want)
{
	char *text;

	cr_assert(rec != NULL);
	text = cJSON_PrintUnformatted(rec);
	cr_assert(eq(str, text, (char *)want));
	cJSON_free(text);
	cJSON_Delete(rec);
}

Test(codec_cmd, area_record_with_parent_and_at_the_top)
{
	fdss_area v = { "141024", "洪洞县", FDSS_AREA_COUNTY, "1410",
			"山西省 / 临汾市 / 洪洞县" };
	fdss_area p = { "14", "山西省", FDSS_AREA_PROVINCE, NULL, "山西省" };

	expect_json(fdss_area_to_json(&v),
		    "{\"type\":\"area\",\"code\":\"141024\",\"name\":\"洪洞县\","
		    "\"level\":\"county\",\"parent\":\"1410\",\"path\":"
		    "\"山西省 / 临汾市 / 洪洞县\"}");
	expect_json(fdss_area_to_json(&p),
		    "{\"type\":\"area\",\"code\":\"14\",\"name\":\"山西省\","
		    "\"level\":\"province\",\"parent\":null,\"path\":\"山西省\"}");
}

Test(codec_cmd, import_format_by_option_name_and_first_byte)
{
	FILE *f = tmpfile();

	cr_assert(f != NULL);
	cr_assert(eq(int, fdss_import_format_guess(FDSS_IMPORT_CSV, "a.jsonl",
						   f), FDSS_IMPORT_CSV));
	cr_assert(eq(int, fdss_import_format_guess(0, "a.ndjson", f),
		     FDSS_IMPORT_JSONL));
	cr_assert(eq(int, fdss_import_format_guess(0, "a.json", f),
		     FDSS_IMPORT_JSONL));
	cr_assert(eq(int, fdss_import_format_guess(0, "A.XLSX", f),
		     FDSS_IMPORT_XLSX));
	cr_assert(eq(int, fdss_import_format_guess(0, "b.Xls", f),
		     FDSS_IMPORT_XLS));
	cr_assert(eq(int, fdss_import_format_guess(0, "roster.txt", f),
		     FDSS_IMPORT_CSV));
	/* stdin: '{' first is JSON lines, and the byte is put back */
	fputs("{\"id_number\":\"1\"}\n", f);
	rewind(f);
	cr_assert(eq(int, fdss_import_format_guess(0, "-", f),
		     FDSS_IMPORT_JSONL));
	cr_assert(eq(int, getc(f), '{'));
	rewind(f);
	fputs("x", f);
	rewind(f);
	cr_assert(eq(int, fdss_import_format_guess(0, "-", f),
		     FDSS_IMPORT_CSV));
	fclose(f);
}

Test(codec_cmd, import_summary_with_and_without_batch)
{
	fdss_import_opts o = FDSS_IMPORT_OPTS_INIT;
	fdss_import_stats s = { 5, 2, 1, 1, 1, 3, 7, "ab", 4, 1, 2 };

	o.name = "roster.csv";
	expect_json(fdss_import_summary_json(&o, &s),
		    "{\"type\":\"import\",\"file\":\"roster.csv\",\"batch\":7,"
		    "\"read\":5,\"inserted\":2,\"updated\":1,\"unchanged\":1,"
		    "\"rejected\":1,\"households\":3,\"header_row\":4,"
		    "\"footers\":1,\"normalised\":2,\"sha256\":\"ab\","
		    "\"dry_run\":false}");
	s.batch_id = 0;
	s.header_row = 0;
	o.dry_run = 1;
	expect_json(fdss_import_summary_json(&o, &s),
		    "{\"type\":\"import\",\"file\":\"roster.csv\",\"batch\":null,"
		    "\"read\":5,\"inserted\":2,\"updated\":1,\"unchanged\":1,"
		    "\"rejected\":1,\"households\":3,\"header_row\":null,"
		    "\"footers\":1,\"normalised\":2,\"sha256\":\"ab\","
		    "\"dry_run\":true}");
}
