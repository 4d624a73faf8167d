/*
 * test_output_xlsx.c: the record writer's xlsx form — a workbook on the
 * stream, its failures told.  The cells themselves are read back by
 * tests/cli/t-xlsx-list.sh (Python's zipfile).
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <string.h>

#include <fdss/fdss.h>

static cJSON *record(void)
{
	cJSON *rec = cJSON_Parse("{\"type\":\"person\",\"id_number\":"
				 "\"140826195003150110\",\"age\":76,"
				 "\"poverty\":true,\"phone\":null}");

	cr_assert(rec != NULL);
	return rec;
}

Test(output_xlsx, a_workbook_goes_to_the_stream)
{
	FILE *f = tmpfile();
	fdss_out *o = NULL;
	cJSON *rec = record();
	char head[4] = "";

	cr_assert(f != NULL);
	cr_assert(eq(int, fdss_out_new(&o, f, FDSS_FORMAT_XLSX, 0), FDSS_OK));
	cr_assert(eq(int, fdss_out_xlsx(o, NULL, "花名册"), FDSS_OK));
	cr_assert(eq(int, fdss_out_record(o, rec), FDSS_OK));
	/* too late to choose where it is built */
	cr_assert(eq(int, fdss_out_xlsx(o, "/tmp", NULL), FDSS_EINVAL));
	cr_assert(eq(int, fdss_out_finish(o), FDSS_OK));
	cr_assert(eq(str, (char *)fdss_out_errmsg(o), ""));
	rewind(f);
	cr_assert(eq(sz, fread(head, 1, 2, f), 2));
	cr_assert(eq(str, head, "PK"), "a zip file");
	fdss_out_free(o);
	cJSON_Delete(rec);
	fclose(f);
}

Test(output_xlsx, a_temporary_file_that_cannot_be_made_is_told)
{
	FILE *f = tmpfile();
	fdss_out *o = NULL;
	cJSON *rec = record();

	cr_assert(eq(int, fdss_out_new(&o, f, FDSS_FORMAT_XLSX, 0), FDSS_OK));
	cr_assert(eq(int, fdss_out_xlsx(o, "/nonexistent", NULL), FDSS_OK));
	cr_assert(eq(int, fdss_out_record(o, rec), FDSS_EIO));
	cr_assert(strstr(fdss_out_errmsg(o), "cannot make a temporary file "
			 "in '/nonexistent' for the workbook") != NULL,
		  "%s", fdss_out_errmsg(o));
	cr_assert(eq(int, fdss_out_finish(o), FDSS_EIO));
	fseek(f, 0, SEEK_END);
	cr_assert(eq(long, ftell(f), 0L), "nothing written");
	fdss_out_free(o);
	cJSON_Delete(rec);
	fclose(f);
}

Test(output_xlsx, other_formats_are_still_refused)
{
	fdss_out *o = NULL;

	cr_assert(eq(int, fdss_out_new(&o, stdout, 5, 0), FDSS_EINVAL));
	cr_assert(eq(int, fdss_out_new(&o, stdout, 7, 0), FDSS_EINVAL));
	cr_assert(eq(int, fdss_format_parse("xlsx"), 0),
		  "only the commands that write a workbook take it");
}
