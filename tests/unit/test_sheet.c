/*
 * The row source: the workbook fixtures of tests/fixtures/roster/, made
 * by tests/fixtures/make-workbooks.py (which says what each holds).
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>

#define FIXTURES "tests/fixtures/roster/"

static FILE *in;
static fdss_sheet *r;
static fdss_error err;

static void teardown(void)
{
	fdss_sheet_free(r);
	r = NULL;
	if (in)
		fclose(in);
	in = NULL;
}

TestSuite(sheet, .fini = teardown);

/* Open fixture name at sheet; the result code. */
static int open_book(const char *name, int format, const char *sheet)
{
	char path[256];

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	in = fopen(path, "rb");
	cr_assert(in != NULL, "%s", path);
	err = (fdss_error)FDSS_ERROR_INIT;
	return fdss_sheet_open_workbook(&r, format, in, name, sheet, &err);
}

static void expect_next(int rc)
{
	int got = fdss_sheet_next(r, &err);

	cr_assert(eq(int, got, rc), "next: %d (%s), expected %d", got,
		  err.msg, rc);
}

/* The next row: its number, fields (NULL-terminated) and raw CSV line. */
static void expect_row(long line, const char *const *fields, const char *raw)
{
	size_t i, n;

	expect_next(FDSS_OK);
	cr_assert(eq(long, fdss_sheet_line(r), line));
	for (n = 0; fields[n]; n++)
		;
	cr_assert(eq(sz, fdss_sheet_nfields(r), n), "row %ld", line);
	for (i = 0; i < n; i++)
		cr_assert(eq(str, (char *)fdss_sheet_field(r, i, NULL),
			     (char *)fields[i]), "row %ld field %zu", line, i);
	cr_assert(eq(str, (char *)fdss_sheet_raw(r, &n), (char *)raw));
	cr_assert(eq(sz, n, strlen(raw)));
}

Test(sheet, xlsx_cells_as_a_person_sees_them)
{
	cr_assert(eq(int, open_book("sheet-cases.xlsx", FDSS_SHEET_XLSX, NULL),
		     FDSS_OK), "%s", err.msg);
	cr_assert(eq(str, (char *)fdss_sheet_title(r), "花名册"));
	/* inline and shared strings; rich text runs joined, the phonetic
	 * run (ビコウ) left out */
	expect_row(1, (const char *[]){ "姓名", "证件号码", "备注", "日期", "数",
					NULL }, "姓名,证件号码,备注,日期,数");
	/* B2 missing: empty; a date style: the date; a whole number: its
	 * digits */
	expect_row(2, (const char *[]){ "张三", "", "a,\"b\"", "2023-01-01",
					"13835901234", NULL },
		   "张三,,\"a,\"\"b\"\"\",2023-01-01,13835901234");
	cr_assert(eq(int, fdss_sheet_kind(r, 3), FDSS_CELL_DATE));
	cr_assert(eq(int, fdss_sheet_kind(r, 4), FDSS_CELL_NUMBER));
	/* row 3 is not in the file; cells without references follow on */
	expect_row(4, (const char *[]){ "x", "1.5", "true", "#N/A", "f", NULL },
		   "x,1.5,true,#N/A,f");
	cr_assert(eq(int, fdss_sheet_kind(r, 0), FDSS_CELL_TEXT));
	cr_assert(eq(int, fdss_sheet_kind(r, 2), FDSS_CELL_BOOL));
	cr_assert(eq(int, fdss_sheet_kind(r, 3), FDSS_CELL_ERROR));
	/* a row without a number follows row 4; an 18-digit number keeps
	 * 15 digits, shown as Excel would; a custom Chinese date format */
	expect_row(5, (const char *[]){ "", "", "", "4.50102199001011E+17",
					"1990-01-01", NULL },
		   ",,,4.50102199001011E+17,1990-01-01");
	cr_assert(eq(int, fdss_sheet_kind(r, 3), FDSS_CELL_NUMBER));
	/* row 6 has only styled empty cells: skipped; row 7's styled empty
	 * H7 does not widen it */
	expect_row(7, (const char *[]){ "末", "", "", "", "", NULL }, "末,,,,");
	expect_next(FDSS_EOF);
	expect_next(FDSS_EOF);
	cr_assert(eq(int, (int)strlen(fdss_sheet_sha256(r)), 64));
}

Test(sheet, xlsx_sheet_by_name_and_number)
{
	cr_assert(eq(int, open_book("sheet-cases.xlsx", FDSS_SHEET_XLSX,
				    "第二页"), FDSS_OK), "%s", err.msg);
	expect_row(1, (const char *[]){ "second", NULL }, "second");
	expect_next(FDSS_EOF);
	teardown();
	cr_assert(eq(int, open_book("sheet-cases.xlsx", FDSS_SHEET_XLSX, "2"),
		     FDSS_OK), "%s", err.msg);
	cr_assert(eq(str, (char *)fdss_sheet_title(r), "第二页"));
	teardown();
	cr_assert(eq(int, open_book("sheet-cases.xlsx", FDSS_SHEET_XLSX, "3"),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, err.msg, "sheet-cases.xlsx: no sheet '3'; the sheets "
		     "are: 花名册, 第二页"));
}

Test(sheet, xlsx_location_of_a_row)
{
	char buf[128];

	cr_assert(eq(int, open_book("sheet-cases.xlsx", FDSS_SHEET_XLSX, NULL),
		     FDSS_OK));
	fdss_sheet_where(r, 12, buf, sizeof(buf));
	cr_assert(eq(str, buf, "sheet-cases.xlsx: sheet 花名册 row 12"));
	fdss_sheet_column_name(0, buf);
	cr_assert(eq(str, buf, "A"));
	fdss_sheet_column_name(25, buf);
	cr_assert(eq(str, buf, "Z"));
	fdss_sheet_column_name(26, buf);
	cr_assert(eq(str, buf, "AA"));
	fdss_sheet_column_name(16383, buf);
	cr_assert(eq(str, buf, "XFD"));
}

Test(sheet, not_a_workbook)
{
	cr_assert(eq(int, open_book("poverty-roster.csv", FDSS_SHEET_XLSX,
				    NULL), FDSS_EDATA));
	cr_assert(eq(str, err.msg, "poverty-roster.csv: not an .xlsx workbook: "
		     "not a zip archive"));
	teardown();
	cr_assert(eq(int, open_book("poverty-roster.csv", FDSS_SHEET_XLS,
				    NULL), FDSS_EDATA));
	cr_assert(eq(str, err.msg, "poverty-roster.csv: not an .xls workbook, "
		     "or a damaged one"));
}

/* A sheet whose XML breaks off: the rows before the break, then a
 * failure for good. */
Test(sheet, xlsx_damaged_sheet_fails_for_good)
{
	cr_assert(eq(int, open_book("damaged.xlsx", FDSS_SHEET_XLSX, NULL),
		     FDSS_OK), "%s", err.msg);
	expect_row(1, (const char *[]){ "ok", NULL }, "ok");
	expect_next(FDSS_EDATA);
	cr_assert(eq(int, fdss_sheet_fatal(r), 1));
	cr_assert(eq(int, strncmp(err.msg, "damaged.xlsx: sheet 花名册: "
				  "damaged: ", 37), 0), "%s", err.msg);
	expect_next(FDSS_EOF);
}

/* A stream that cannot seek (a pipe) is copied first, then read alike. */
Test(sheet, xlsx_from_a_pipe)
{
	char hex[65];
	long long size;

	cr_assert(eq(int, open_book("sheet-cases.xlsx", FDSS_SHEET_XLSX, NULL),
		     FDSS_OK));
	memcpy(hex, fdss_sheet_sha256(r), sizeof(hex));
	size = fdss_sheet_bytes(r);
	teardown();
	in = popen("cat " FIXTURES "sheet-cases.xlsx", "r");
	cr_assert(in != NULL);
	err = (fdss_error)FDSS_ERROR_INIT;
	cr_assert(eq(int, fdss_sheet_open_workbook(&r, FDSS_SHEET_XLSX, in,
		"<stdin>", "第二页", &err), FDSS_OK), "%s", err.msg);
	pclose(in);
	in = NULL;
	cr_assert(eq(str, (char *)fdss_sheet_sha256(r), hex));
	cr_assert(eq(i64, fdss_sheet_bytes(r), size));
	cr_assert(size > 1000);
	expect_row(1, (const char *[]){ "second", NULL }, "second");
}

Test(sheet, xls_cells_as_a_person_sees_them)
{
	cr_assert(eq(int, open_book("sheet-cases.xls", FDSS_SHEET_XLS, NULL),
		     FDSS_OK), "%s", err.msg);
	cr_assert(eq(str, (char *)fdss_sheet_title(r), "花名册"));
	expect_row(1, (const char *[]){ "姓名", "证件号码", "日期", "数", "大数",
					NULL }, "姓名,证件号码,日期,数,大数");
	expect_row(2, (const char *[]){ "张三", "", "2023-01-01", "13835901234",
					"4.50102199001011E+17", NULL },
		   "张三,,2023-01-01,13835901234,4.50102199001011E+17");
	cr_assert(eq(int, fdss_sheet_kind(r, 2), FDSS_CELL_DATE));
	cr_assert(eq(int, fdss_sheet_kind(r, 4), FDSS_CELL_NUMBER));
	/* row 3 empty: skipped; row 4 as wide as the rows before it */
	expect_row(4, (const char *[]){ "a,\"b\"", "", "", "", "", NULL },
		   "\"a,\"\"b\"\"\",,,,");
	expect_next(FDSS_EOF);
	teardown();
	cr_assert(eq(int, open_book("sheet-cases.xls", FDSS_SHEET_XLS, "第二页"),
		     FDSS_OK), "%s", err.msg);
	expect_row(1, (const char *[]){ "second", NULL }, "second");
	teardown();
	cr_assert(eq(int, open_book("sheet-cases.xls", FDSS_SHEET_XLS, "x"),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, err.msg, "sheet-cases.xls: no sheet 'x'; the sheets "
		     "are: 花名册, 第二页"));
}

Test(sheet, csv_through_the_same_interface)
{
	static const char text[] = "a,b\n\"x,y\",2\n";

	in = tmpfile();
	cr_assert(in != NULL);
	fputs(text, in);
	rewind(in);
	cr_assert(eq(int, fdss_sheet_open_csv(&r, in, "t.csv"), FDSS_OK));
	cr_assert(eq(ptr, (void *)fdss_sheet_title(r), NULL));
	expect_row(1, (const char *[]){ "a", "b", NULL }, "a,b");
	expect_row(2, (const char *[]){ "x,y", "2", NULL }, "\"x,y\",2");
	cr_assert(eq(int, fdss_sheet_kind(r, 1), FDSS_CELL_TEXT));
	expect_next(FDSS_EOF);
	{
		char buf[64];

		fdss_sheet_where(r, 2, buf, sizeof(buf));
		cr_assert(eq(str, buf, "t.csv:2"));
	}
}
