/*
 * csv2xlsx: write a CSV roster as an .xlsx workbook (one sheet, 花名册),
 * every cell as text, as a careful export keeps ID numbers.  For
 * bench/import.sh, which times `fdss import` of the same rows as CSV and
 * as .xlsx.  libxlsxwriter's constant-memory mode writes rows as they
 * come (with inline strings), so a million rows take seconds.
 *
 *   cc -Iinclude bench/csv2xlsx.c build/libfdss.a $(pkg-config --libs
 *      sqlite3 libcjson xlsxwriter libzip expat freexl) -o csv2xlsx
 *   csv2xlsx roster.csv roster.xlsx
 */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#include "fdss/csv.h"

int main(int argc, char **argv)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE,
				     .tmpdir = NULL };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	fdss_error e = FDSS_ERROR_INIT;
	fdss_csv *r;
	FILE *in;
	lxw_row_t row = 0;
	size_t i;
	int rc;

	if (argc != 3) {
		fputs("usage: csv2xlsx IN.csv OUT.xlsx\n", stderr);
		return 64;
	}
	if (!(in = fopen(argv[1], "rb")) || fdss_csv_new(&r, in, argv[1])) {
		perror(argv[1]);
		return 66;
	}
	if (!(wb = workbook_new_opt(argv[2], &opt)) ||
	    !(ws = workbook_add_worksheet(wb, "花名册"))) {
		fputs("csv2xlsx: cannot make the workbook\n", stderr);
		return 74;
	}
	while ((rc = fdss_csv_next(r, &e)) != FDSS_EOF) {
		if (rc != FDSS_OK) {
			fprintf(stderr, "csv2xlsx: %s\n", e.msg);
			continue;
		}
		for (i = 0; i < fdss_csv_nfields(r); i++) {
			const char *s = fdss_csv_field(r, i, NULL);

			if (*s)
				worksheet_write_string(ws, row, (lxw_col_t)i, s,
						       NULL);
		}
		row++;
	}
	fdss_csv_free(r);
	fclose(in);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		fputs("csv2xlsx: cannot write the workbook\n", stderr);
		return 74;
	}
	return 0;
}
