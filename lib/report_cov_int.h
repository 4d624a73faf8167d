#ifndef FDSS_REPORT_COV_INT_H
#define FDSS_REPORT_COV_INT_H

/*
 * The coverage and overdue reports (report_coverage.c, report_overdue.c)
 * over rows from another engine: the provincial PostgreSQL store
 * (report_pg.c).  The reports' counting, groups, reasons and records are
 * the same C; the rows come from the same SQL text (the coverage walk's
 * differs only by SQLite's join-order and index hints; the due list's,
 * due_int.h, not at all).
 */
#include "fdss/due.h"
#include "fdss/report.h"
#include "internal.h"

#define FDSS__COV_COLS 9	/* the columns of the walk */

/* The walk, the area name and the census queries (parameters :lo, :hi,
 * :ref, :team; ?1; ?1 ?2). */
extern const char fdss__report_coverage_walk_pg[];
extern const char fdss__report_coverage_area_name[];
extern const char fdss__report_coverage_census[];

/* Where the rows come from; each returns an enum fdss_rc, failures on
 * db's handle. */
struct fdss__cov_src {
	void *arg;
	/* The walk's rows between lo and hi (village codes) at ref, in its
	 * order, each to row(w, columns as text). */
	int (*walk)(void *arg, fdss_db *db, const char *lo, const char *hi,
		    const char *ref,
		    int (*row)(void *w, const char *const *v), void *w);
	/* The census figures of code in year into census[] (by
	 * fdss_population_group_index()). */
	int (*census)(void *arg, fdss_db *db, const char *code, int year,
		      long long *census);
	/* The stored name of code into *out (free() it), NULL if none. */
	int (*name)(void *arg, fdss_db *db, const char *code, char **out);
	/* The rule elderly.min_age into *out. */
	int (*elderly_age)(void *arg, fdss_db *db, int *out);
};

int fdss__report_coverage_src(fdss_db *db, const struct fdss__cov_src *src,
			      const fdss_report_query *q, fdss_report_fn fn,
			      void *arg);

/* The due list of q to fn, as fdss_followup_due() gives it. */
typedef int (*fdss__due_fn)(void *due_arg, fdss_db *db,
			    const fdss_due_query *q,
			    int (*fn)(const fdss_due *d, void *arg),
			    void *arg);

/* fdss__report_overdue() over the due list of due (NULL: db's). */
int fdss__report_overdue_via(fdss_db *db, fdss__due_fn due, void *due_arg,
			     const fdss_report_query *q, fdss_report_fn fn,
			     void *arg);

#endif
