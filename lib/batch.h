/*
 * batch.h: the one core of a batch (DESIGN.md "Batches"): the contract,
 * follow-up and condition batches open their transaction, reject,
 * count, roll back and finish through it.  A module embeds struct
 * fdss__batch first in its own batch and keeps only its records and its
 * wording, as a CSV import does with csv_run.h.
 */
#ifndef FDSS_BATCH_H
#define FDSS_BATCH_H

#include <stddef.h>

#include "internal.h"

struct fdss__batch {
	fdss_db *db;
	int atomic;		/* any rejection rolls everything back */
	int dry_run;		/* check and count, store nothing */
	/* each rejected record: subject names it (or NULL), reason says
	 * why; may be NULL */
	void (*reject)(void *arg, const char *subject, const char *reason);
	void *arg;		/* reject's */
	const char *what;	/* the records, plural, for the --atomic
				 * refusal: "visits" */
	long read;		/* records offered */
	long rejected;		/* records rejected */
	int committed;		/* 1 once stored */
	int finished;		/* ended: freeing it rolls nothing back */
};

/* The core of a batch on db whose records are what, with the options o
 * (a module's: any struct with atomic, dry_run, reject and arg). */
#define FDSS__BATCH_INIT(db, o, what) \
	{ (db), (o)->atomic, (o)->dry_run, (o)->reject, (o)->arg, (what), \
	  0, 0, 0, 0 }

/* How fdss__batch_open() opens a batch. */
enum fdss__batch_flags {
	FDSS__BATCH_BIG_CACHE = 1 << 0	/* a 64 MiB page cache for the run */
};

/*
 * Open a batch: a zeroed block of size bytes — the module's batch, whose
 * first member is its struct fdss__batch — starting with *core, the
 * transaction begun on core->db (flags: enum fdss__batch_flags).  The
 * module frees it with fdss__batch_free().  NULL on failure, the reason
 * on the handle (fdss_db_error(core->db)->code: FDSS_ENOMEM, FDSS_EBUSY
 * ...), as fdss__db_prepare() does.
 */
void *fdss__batch_open(size_t size, const struct fdss__batch *core,
		       unsigned flags);

/* Count a record as rejected and report it to b->reject (subject names
 * it, or NULL; reason says why).  Returns FDSS_EDATA. */
int fdss__batch_rejected(struct fdss__batch *b, const char *subject,
			 const char *reason);

/* A record refused before it reached the batch (a line that is not a
 * record): counted as offered, then as fdss__batch_rejected(). */
void fdss__batch_reject_input(struct fdss__batch *b, const char *subject,
			      const char *reason);

/*
 * End the batch, whose module's own last work returned rc: roll back
 * when rc is a failure and return it; else roll back under --atomic
 * when something was rejected (FDSS_EDATA, "N <what> rejected; nothing
 * stored (--atomic)"), roll back a dry run, or commit (fdss__batch_end()).
 * Freeing the batch rolls nothing back after this.
 */
int fdss__batch_finish(struct fdss__batch *b, int rc);

/* Free a batch opened with fdss__batch_open() (NULL: nothing), the
 * module's own parts released first: roll back unless finished. */
void fdss__batch_free(struct fdss__batch *b);

/* Copy the counts of core into a module's stats st, whose count of the
 * records offered is named read_. */
#define FDSS__BATCH_STATS(st, core, read_)                               \
	((st)->read_ = (core)->read, (st)->rejected = (core)->rejected,   \
	 (st)->committed = (core)->committed)

#endif
