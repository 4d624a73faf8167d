/*
 * batch.c: the one core of a batch (batch.h) — its transaction, its
 * rejections and counts, its rollback and its end.
 */
#include <stdlib.h>

#include "batch.h"

void *fdss__batch_open(size_t size, const struct fdss__batch *core,
		       unsigned flags)
{
	struct fdss__batch *b;

	if (!(b = calloc(1, size))) {
		fdss__db_fail(core->db, FDSS_ENOMEM, "out of memory");
		return NULL;
	}
	*b = *core;
	if (((flags & FDSS__BATCH_BIG_CACHE) &&
	     fdss_db_exec(b->db, "PRAGMA cache_size = -65536") != FDSS_OK) ||
	    fdss_db_begin(b->db) != FDSS_OK) {
		free(b);
		return NULL;
	}
	return b;
}

int fdss__batch_rejected(struct fdss__batch *b, const char *subject,
			 const char *reason)
{
	b->rejected++;
	if (b->reject)
		b->reject(b->arg, subject, reason);
	return FDSS_EDATA;
}

void fdss__batch_reject_input(struct fdss__batch *b, const char *subject,
			      const char *reason)
{
	b->read++;
	fdss__batch_rejected(b, subject, reason);
}

int fdss__batch_finish(struct fdss__batch *b, int rc)
{
	b->finished = 1;
	if (rc != FDSS_OK) {
		fdss_db_rollback(b->db);
		return rc;
	}
	return fdss__batch_end(b->db, b->atomic, b->dry_run, b->rejected,
			       b->what, &b->committed);
}

void fdss__batch_free(struct fdss__batch *b)
{
	if (!b)
		return;
	if (!b->finished)
		fdss_db_rollback(b->db);
	free(b);
}
