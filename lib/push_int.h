#ifndef FDSS_PUSH_INT_H
#define FDSS_PUSH_INT_H

/*
 * fdss push (push.c: the tables and the store; push_plan.c: what to
 * send and what was sent), fdss-push(1).
 */
#include <stdint.h>

#include "pg_int.h"

/* One column of a county table. */
struct col {
	char *name;		/* as in SQLite */
	const char *type;	/* its PostgreSQL type */
	int pk;			/* place in the primary key, 0 none */
};

/* One push: the handles, the options and stats, the table at hand. */
struct push {
	fdss_db *db;
	PGconn *pg;
	const fdss_push_opts *o;
	fdss_push_stats *st;
	const char *table;	/* the table being pushed */
	struct col *cols;
	int ncols, cap;
	int fresh;		/* its partition was empty */
	int64_t batch_from;	/* import batches after this one ... */
	int64_t batch_to;	/* ... up to this one are pushed */
};
/* Decide what to send (into p->st and the temp tables of push_plan.c). */
int fdss__push_plan(struct push *p);

/* The WHERE clause of the rows of p->table to send ("" all of them). */
const char *fdss__push_where(const struct push *p);

/* Record the audit entry and batch pushed, for the next push. */
int fdss__push_state_put(struct push *p);

#endif
