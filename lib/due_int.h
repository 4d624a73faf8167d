#ifndef FDSS_DUE_INT_H
#define FDSS_DUE_INT_H

/*
 * due.c's query, its parameters and the reading of its rows, for the
 * due list over another engine: the provincial PostgreSQL store
 * (report_pg.c), which runs the same text (fdss-push(1)).
 */
#include "fdss/due.h"
#include "fdss/followup.h"
#include "internal.h"

#define FDSS__DUE_COLS 16	/* the columns of fdss__due_sql */
#define FDSS__DUE_PARAMS 24

/* The due list's query; its parameters are named (:ref, :n1 ...). */
extern const char fdss__due_sql[];

/* One parameter as text (NULL: SQL NULL), integer or not. */
struct fdss__due_param {
	const char *name;	/* ":ref" */
	const char *text;	/* the value, or NULL */
	int is_int;		/* an integer (also :all, a truth value) */
	char buf[24];		/* where text is when made here */
};

struct fdss__due_params {
	struct fdss__due_param p[FDSS__DUE_PARAMS];
	int n;
	char lo[16], hi[16];
};

/* Check q: FDSS_EINVAL with the message on db. */
int fdss__due_check(fdss_db *db, const fdss_due_query *q);

/* The parameters of fdss__due_sql for q under rules r (q's strings are
 * borrowed). */
void fdss__due_params_of(struct fdss__due_params *p, const fdss_due_query *q,
			 const fdss_rules *r);

/* Row v (FDSS__DUE_COLS columns as text, NULL for NULL) to fn; fn's
 * return. */
int fdss__due_row(const char *const *v, const fdss_due_query *q,
		  const fdss_rules *r,
		  int (*fn)(const fdss_due *d, void *arg), void *arg);

#endif
