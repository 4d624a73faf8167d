/*
 * contract_number.c: contract numbers, "C" COUNTY "-" YYYY "-" NNNNNN,
 * the next of the county's year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"

/* ?1 is "C140826-2026-": the county's last number of the year */
static const char sql_last_number[] =
	"SELECT max(CAST(substr(number, 14) AS INTEGER)) FROM contract"
	" WHERE number LIKE ?1 || '%'";

/* "C" COUNTY "-" YYYY "-" NNNNNN (schema/0012_county_numbers.sql). */
int fdss__batch_number(fdss_contract_batch *b, char *out, size_t n)
{
	int y, rc;
	sqlite3_stmt *st;

	fdss_date_to_ymd(b->o.ref, &y, NULL, NULL);
	if (b->seq < 0) {
		/* not the record's fault: the whole batch stops */
		if ((rc = fdss_county_code(b->db, b->county)) == FDSS_EDATA)
			fdss__db_err(b->db)->code = rc = FDSS_ECONFLICT;
		if (rc != FDSS_OK)
			return rc;
		snprintf(b->prefix, sizeof(b->prefix), "C%s-%04d-",
			 b->county, y);
		if (!(st = fdss__db_prepare(b->db, sql_last_number)))
			return fdss_db_error(b->db)->code;
		if (fdss__bind_text(st, 1, b->prefix, 0))
			return fdss__db_bindfail(b->db, st, "cannot number");
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_reset(st);
			return fdss__db_sqlfail(b->db, rc, "cannot number");
		}
		b->seq = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	snprintf(out, n, "%s%06ld", b->prefix, ++b->seq);
	return FDSS_OK;
}
