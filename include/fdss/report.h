#ifndef FDSS_REPORT_H
#define FDSS_REPORT_H

#include <stdio.h>
#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reports: the overdue follow-up list, coverage statistics, renewals,
 * team performance and fees (fdss-report(1) holds every definition).
 *
 * A report is a walk that hands records (cJSON objects with a "type")
 * to a callback, and a spec that says what its columns are: the key of
 * each in the records, its caption in Chinese and English, and its kind,
 * so that the writers (fdss_report_out) can print a terminal table, CSV,
 * JSON lines, a JSON array, an HTML page with bar charts or an Excel
 * workbook from the same records.  The records are the truth: every
 * other form is made from them.
 */

/* What a column holds; the writers format and type cells by it. */
enum fdss_report_kind {
	FDSS_REPORT_TEXT = 1,	/* a string */
	FDSS_REPORT_INT,	/* a whole number (JSON number) */
	FDSS_REPORT_RATE,	/* a percentage to one decimal, 73.4 (JSON
				 * number, null when the denominator is 0) */
	FDSS_REPORT_DATE,	/* "YYYY-MM-DD", or null */
	FDSS_REPORT_ID,		/* a personal identifier (ID or phone
				 * number): text, masked in table/csv/html
				 * unless FDSS_OUT_NO_MASK */
	FDSS_REPORT_YUAN,	/* money in yuan, two decimals (JSON number) */
	FDSS_REPORT_BOOL	/* true/false (a target met), or null */
};

/* One column of a report. */
typedef struct fdss_report_column {
	const char *key;	/* key in the records */
	const char *zh;		/* caption in Chinese (html, xlsx) */
	const char *en;		/* caption in English (--lang en) */
	int kind;		/* enum fdss_report_kind */
} fdss_report_column;

/*
 * A bar chart of the HTML page: one bar per record, labelled by the
 * text of the key label, long as the number under value; target, when
 * set, is the key of a number (same scale) drawn as a line.  When value
 * is NULL the chart counts: one bar per distinct value of label (null
 * as one bar of its own), as long as the number of records with it, in
 * the order each label first appears (report overdue: by team, by
 * reason_code).
 */
typedef struct fdss_report_chart {
	const char *label;	/* key of the bar's label */
	const char *value;	/* key of the bar's length */
	const char *target;	/* key of the target line, or NULL */
	const char *zh, *en;	/* caption of the chart */
	const char *only_key;	/* drawn from only the records whose */
	const char *only_value;	/* only_key is this string; NULL: all */
} fdss_report_chart;

/* What a report prints: its record type, title, columns and charts. */
typedef struct fdss_report_spec {
	const char *type;	/* the records' "type", e.g. "overdue" */
	const char *zh, *en;	/* title of the page and of the sheet */
	const fdss_report_column *cols;
	size_t ncols;
	const fdss_report_chart *charts;
	size_t ncharts;
} fdss_report_spec;

/* The unit a report groups by (--by). */
enum fdss_report_by {
	FDSS_REPORT_BY_COUNTY = 1,
	FDSS_REPORT_BY_TOWNSHIP,
	FDSS_REPORT_BY_VILLAGE,
	FDSS_REPORT_BY_TEAM
};

/* A target of report coverage (--target all=30,priority=60). */
typedef struct fdss_report_target {
	const char *group;	/* "all", "priority", a group name … */
	double percent;		/* 0 to 100 */
} fdss_report_target;

#define FDSS_REPORT_MAX_TARGETS 16

/* The options of every report; each report reads those it knows. */
typedef struct fdss_report_query {
	fdss_date ref;		/* --as-of */
	const char *team;	/* --team, or NULL */
	const char *area;	/* --area CODE (any level), or NULL */
	const char *program;	/* --program, or NULL */
	int min_days;		/* --min-days N (overdue), 0 = all */
	int signed_only;	/* --signed-only (overdue) */
	int by;			/* enum fdss_report_by, 0 = the report's */
	fdss_report_target targets[FDSS_REPORT_MAX_TARGETS];
	size_t ntargets;	/* --target */
	fdss_date from, to;	/* --from, --to (renewals), 0 = unset */
	int year;		/* --year (team, fees), 0 = of ref */
} fdss_report_query;

#define FDSS_REPORT_QUERY_INIT { 0 }

/* Called with each record of a report; a non-zero return stops it. */
typedef int (*fdss_report_fn)(void *arg, const cJSON *rec);

/* A report: its name (the verb of fdss report), spec and walk. */
typedef struct fdss_report_def {
	const char *name;
	const fdss_report_spec *spec;
	/* Call fn with each record; FDSS_EINVAL (message on the handle)
	 * for options it cannot take. */
	int (*run)(fdss_db *db, const fdss_report_query *q,
		   fdss_report_fn fn, void *arg);
} fdss_report_def;

/* The report named name, or NULL. */
const fdss_report_def *fdss_report_find(const char *name);

/* The reports in the order fdss-report(1) lists them; *n is set. */
const fdss_report_def *fdss_report_all(size_t *n);

/* Parse --by ("county", "township", "village", "team"); 0 if unknown. */
int fdss_report_by_parse(const char *name);

/*
 * Parse --target "all=30,priority=60,poverty=100" into q->targets,
 * splitting text in place: the groups point into it.
 * FDSS_EINVAL with a message in err naming the bad part.
 */
int fdss_report_targets_parse(fdss_report_query *q, char *text,
			      fdss_error *err);

/* --- writers ------------------------------------------------------------ */

/* The formats of reports beyond enum fdss_format (output.h). */
enum fdss_report_format {
	FDSS_FORMAT_HTML = 5,	/* one self-contained page with charts */
	FDSS_FORMAT_XLSX = 6	/* an Excel workbook (libxlsxwriter) */
};

/* --lang of the captions in html and xlsx. */
enum fdss_report_lang { FDSS_LANG_ZH = 0, FDSS_LANG_EN = 1 };

/* Parse a report's --format: the four of fdss_format_parse(), "html"
 * and "xlsx"; 0 if unknown. */
int fdss_report_format_parse(const char *name);

typedef struct fdss_report_out fdss_report_out;

/*
 * A writer of the records of spec to f (not closed by it) in format
 * (enum fdss_format or fdss_report_format), with the FDSS_OUT_* flags
 * (output.h) and lang.  table, csv, jsonl and json stream; html and xlsx
 * keep what they need until fdss_report_out_finish().
 */
int fdss_report_out_new(fdss_report_out **out, FILE *f, int format,
			unsigned flags, int lang,
			const fdss_report_spec *spec);

/*
 * xlsx: the directory of the temporary file the workbook is built in
 * (libxlsxwriter writes a file by name; it is copied to f at the end and
 * removed), and of libxlsxwriter's own; copied.  NULL or not called:
 * /tmp.  A command passes $TMPDIR.  Call before the first record.
 */
int fdss_report_out_tmpdir(fdss_report_out *w, const char *dir);

/*
 * html: head a group of table rows with the values of keys (borrowed,
 * NULL-terminated; NULL: none) each time one of them changes from the
 * row before (the records come in that order).  Call before finishing.
 */
int fdss_report_out_group(fdss_report_out *w, const char *const *keys);

/* Write one record (not taken).  Usable as an fdss_report_fn. */
int fdss_report_out_record(void *w, const cJSON *rec);

/* Finish and flush; FDSS_EIO if a write failed. */
int fdss_report_out_finish(fdss_report_out *w);

/*
 * What failed in the last failing call, beyond a write to f: "" for a
 * write error of f itself (the caller knows its stream), else a message
 * such as "cannot make a temporary file in '/x' for the workbook: …".
 */
const char *fdss_report_out_errmsg(const fdss_report_out *w);

/* Free; NULL is harmless.  Does not finish. */
void fdss_report_out_free(fdss_report_out *w);

/*
 * Run def over the provincial PostgreSQL store at url (fdss-push(1))
 * instead of db's tables: every county pushed there, or those of
 * q->area.  db holds the failure (any database; fdss report opens one in
 * memory).  The coverage report only for now: FDSS_EINVAL for another,
 * and for --by team or --team; FDSS_EIO when the server fails.
 */
int fdss_report_run_from(fdss_db *db, const char *url,
			 const fdss_report_def *def,
			 const fdss_report_query *q, fdss_report_fn fn,
			 void *arg);

#ifdef __cplusplus
}
#endif

#endif
