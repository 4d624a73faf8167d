/*
 * roster.c: `fdss import` — one run reads a roster (CSV or JSON lines,
 * through the decoder), checks every row, upserts households and people
 * by number, and records the run in import_batch, all in one
 * transaction.  Rows that fail are passed to the caller with their
 * reason; the others are stored.
 *
 * This file holds the run: its transaction, its record in import_batch
 * and its temporary tables.  The files read in one direction: reading
 * the rows in roster_read.c, checking a row in roster_row.c, the chunk
 * of checked rows in roster_chunk.c, storing them in roster_store.c;
 * what they share in roster_util.c (roster_int.h), what a row means in
 * roster_fields.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster_int.h"

static const char sql_batch_insert[] =
	"INSERT INTO import_batch (file, sha256, format, encoding, operator,"
	" command, started) VALUES (?1, '', ?2, ?3, ?4, ?5,"
	" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

static const char sql_batch_finish[] =
	"UPDATE import_batch SET sha256 = ?2,"
	" finished = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), rows_read = ?3,"
	" inserted = ?4, updated = ?5, unchanged = ?6, rejected = ?7,"
	" households = ?8 WHERE id = ?1";

static const char sql_households_seen[] =
	"SELECT count(*) FROM temp.fdss_seen_household WHERE written";

static const char sql_temp_tables[] =
	"CREATE TEMP TABLE IF NOT EXISTS fdss_seen_person ("
	" id_number TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID;"
	"CREATE TEMP TABLE IF NOT EXISTS fdss_seen_household ("
	" household_no TEXT PRIMARY KEY, village_code TEXT, line INTEGER,"
	" written INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;"
	"DELETE FROM temp.fdss_seen_person;"
	"DELETE FROM temp.fdss_seen_household;";

/*
 * import_batch.format allows 'csv' and 'jsonl' only (0002): a workbook's
 * rows are recorded as csv, with "xlsx" or "xls" where a CSV's encoding
 * goes.
 */
static const char *workbook_kind(const struct import *im)
{
	return im->o->format == FDSS_IMPORT_XLSX ? "xlsx" : "xls";
}

static int batch_start(struct import *im)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_batch_insert);
	const char *what = "cannot record the import";
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	if ((rc = fdss__roster_bind_str(st, 1, im->name)) ||
	    (rc = fdss__roster_bind_str(st, 2, im->o->format == FDSS_IMPORT_JSONL
					       ? "jsonl" : "csv")) ||
	    (rc = fdss__roster_bind_str(st, 3, im->sheet && !im->dec
					       ? workbook_kind(im)
					       : im->o->encoding
					       ? im->o->encoding : "utf-8")) ||
	    (rc = fdss__roster_bind_str(st, 4, fdss__db_operator(im->db))) ||
	    (rc = fdss__roster_bind_str(st, 5, fdss__db_command(im->db))))
		return fdss__roster_bind_fail(im, st, rc, what);
	if ((rc = fdss__roster_step_done(im, st,
					 "cannot record the import")) != FDSS_OK)
		return rc;
	im->batch = sqlite3_last_insert_rowid(fdss__db_sqlite(im->db));
	return FDSS_OK;
}

static int batch_finish(struct import *im)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_households_seen);
	fdss_import_stats *s = im->st;
	const char *what = "cannot record the import";
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW)
		return fdss__db_sqlfail(im->db, rc, "cannot count households");
	s->households = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!(st = fdss__db_prepare(im->db, sql_batch_finish)))
		return fdss_db_error(im->db)->code;
	if ((rc = sqlite3_bind_int64(st, 1, im->batch)) ||
	    (rc = fdss__roster_bind_str(st, 2, s->sha256)) ||
	    (rc = sqlite3_bind_int64(st, 3, s->read)) ||
	    (rc = sqlite3_bind_int64(st, 4, s->inserted)) ||
	    (rc = sqlite3_bind_int64(st, 5, s->updated)) ||
	    (rc = sqlite3_bind_int64(st, 6, s->unchanged)) ||
	    (rc = sqlite3_bind_int64(st, 7, s->rejected)) ||
	    (rc = sqlite3_bind_int64(st, 8, s->households)))
		return fdss__roster_bind_fail(im, st, rc, what);
	return fdss__roster_step_done(im, st, what);
}

/* --- the run ------------------------------------------------------------- */

static void import_release(struct import *im)
{
	size_t i;

	fdss__roster_vcache_clear(im);
	for (i = 0; i < im->ncols; i++) {
		free(im->colname[i]);
		free(im->colhead[i]);
	}
	free(im->colname);
	free(im->colhead);
	free(im->colfield);
	if (im->o->format != FDSS_IMPORT_JSONL)
		for (i = 0; i < NFIELDS; i++)
			free((char *)im->row.label[i]);
	fdss_jbuf_release(&im->extra);
	fdss_jbuf_release(&im->old);
	fdss_jbuf_release(&im->hh_old);
	fdss_jbuf_release(&im->last_household);
	fdss_jbuf_release(&im->flush_household);
	fdss_jbuf_release(&im->audit_before);
	fdss_jbuf_release(&im->audit_after);
	free(im->merged);
	free(im->chunk);
	free(im->order);
	fdss_jbuf_release(&im->text);
	fdss_jbuf_release(&im->scratch);
	fdss__shape_release(im);
}

/* The input: a workbook's sheet, or the decoded text of CSV or JSON
 * lines. */
static int open_input(struct import *im, FILE *in, fdss_decoder **dec,
		      FILE **text, fdss_error *e)
{
	const fdss_import_opts *o = im->o;

	if (o->format == FDSS_IMPORT_XLSX || o->format == FDSS_IMPORT_XLS)
		return fdss_sheet_open_workbook(&im->sheet, o->format ==
			FDSS_IMPORT_XLSX ? FDSS_SHEET_XLSX : FDSS_SHEET_XLS,
			in, im->name, o->sheet, e);
	if (o->sheet)
		return fdss_error_set(e, FDSS_EINVAL, "%s: --sheet is for "
				      "workbooks (.xlsx, .xls)", im->name);
	return fdss_decoder_new(dec, text, in, im->name,
				o->encoding ? o->encoding : "utf-8", e);
}

/* Read every row, then check the end of the input and record the run
 * in import_batch; FDSS_OK to commit. */
static int import_rows(struct import *im, FILE *text)
{
	const fdss_import_opts *o = im->o;
	fdss_import_stats *stats = im->st;
	fdss_error e = FDSS_ERROR_INIT;
	int rc;

	rc = o->format == FDSS_IMPORT_JSONL ? fdss__roster_read_jsonl(im, text)
	   : im->dec ? fdss__roster_read_csv(im, text)
	   : fdss__roster_read_sheet(im, im->sheet);
	/* a decoding error ends the input early: the run fails whole */
	if (im->dec && fdss_decoder_status(im->dec, &e) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_EDATA, "%s", e.msg);
	if (rc == FDSS_OK && stats->read == 0)
		rc = fdss__db_fail(im->db, FDSS_EDATA, "%s: %s: nothing to "
				   "import", im->name, o->format ==
				   FDSS_IMPORT_JSONL ? "no records"
				   : "a header but no rows");
	if (rc != FDSS_OK)
		return rc;
	if (im->dec)
		fdss_decoder_sha256(im->dec, stats->sha256);
	else
		memcpy(stats->sha256, fdss_sheet_sha256(im->sheet), 65);
	stats->header_row = im->shape.header_line;
	stats->footers = im->shape.footers;
	if ((rc = batch_finish(im)) != FDSS_OK)
		return rc;
	if (o->atomic && stats->rejected)
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: %ld rows "
				     "rejected; nothing imported (--atomic)",
				     im->name, stats->rejected);
	return FDSS_OK;
}

/* The options, the map and the input of a new run. */
static int import_open(struct import *im, FILE *in, fdss_decoder **dec,
		       FILE **text)
{
	const fdss_import_opts *o = im->o;
	fdss_error e = FDSS_ERROR_INIT;
	int rc;

	if (o->format == FDSS_IMPORT_JSONL && (o->header_row || o->fill_down))
		return fdss__db_fail(im->db, FDSS_EINVAL, "--header-row and "
				     "--fill-down are for tables, not JSON "
				     "lines");
	if ((rc = roster_map_init(&im->map, o->preset, o->map, &e)) != FDSS_OK ||
	    (rc = open_input(im, in, dec, text, &e)) != FDSS_OK)
		return fdss__db_fail(im->db, rc, "%s", e.msg);
	im->dec = *dec;
	/*
	 * A page cache sized to a chunk's work, not to the input: a chunk's
	 * inserts, sorted by ID number, touch at most one leaf of each index
	 * per row, and half a KiB per row of the chunk holds the leaves the
	 * next chunk comes back to.  The temporary tables stay on disk, so
	 * memory does not grow with the input: the same for 100,000 rows
	 * and for 1,000,000 (bench/import.sh).  32 MiB: CHUNK_ROWS / 2 KiB.
	 */
	return fdss_db_exec(im->db, "PRAGMA cache_size = -32768; "
			    "PRAGMA temp.cache_size = -16384");
}

int fdss_import_roster(fdss_db *db, FILE *in, const fdss_import_opts *o,
		       fdss_import_stats *stats)
{
	fdss_import_stats local;
	fdss_decoder *dec = NULL;
	struct import *im;
	FILE *text = NULL;
	int rc, committed = 0;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (!(im = calloc(1, sizeof(*im))))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	im->db = db;
	im->o = o;
	im->st = stats;
	im->name = o->name ? o->name : "<stdin>";
	if ((rc = import_open(im, in, &dec, &text)) != FDSS_OK ||
	    (rc = fdss_db_begin(db)) != FDSS_OK)
		goto out;
	if ((rc = fdss_db_exec(db, sql_temp_tables)) != FDSS_OK ||
	    (rc = batch_start(im)) != FDSS_OK ||
	    (rc = import_rows(im, text)) != FDSS_OK || o->dry_run)
		fdss_db_rollback(db);
	else if ((rc = fdss__batch_commit(db, &committed)) == FDSS_OK)
		stats->batch_id = im->batch;
out:
	if (o->progress)
		o->progress(o->arg, -1, 0);
	fdss_sheet_free(im->sheet);
	import_release(im);
	free(im);
	fdss_decoder_free(dec);
	return rc;
}
