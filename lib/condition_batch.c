/*
 * condition_batch.c: a batch of condition changes in one transaction —
 * open, add (fields or a JSON record), reject, count and finish through
 * fdss__batch_end() as the contract and follow-up batches do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "condition_int.h"
#include "internal.h"

struct fdss_condition_batch {
	fdss_db *db;
	fdss_condition_opts o;
	fdss_condition_stats st;
	int finished;
};

int fdss_condition_batch_open(fdss_condition_batch **out, fdss_db *db,
			      const fdss_condition_opts *o)
{
	fdss_condition_batch *b;
	int rc;

	*out = NULL;
	if (!(b = calloc(1, sizeof(*b))))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	b->db = db;
	b->o = *o;
	if ((rc = fdss_db_begin(db)) != FDSS_OK) {
		free(b);
		return rc;
	}
	*out = b;
	return FDSS_OK;
}

static void note_reject(fdss_condition_batch *b, const char *subject,
			const char *reason)
{
	b->st.rejected++;
	if (b->o.reject)
		b->o.reject(b->o.arg, subject, reason);
}

void fdss_condition_batch_reject(fdss_condition_batch *b, const char *subject,
				 const char *reason)
{
	b->st.read++;
	note_reject(b, subject, reason);
}

int fdss_condition_batch_add(fdss_condition_batch *b, const char *id_number,
			     const char *kind, fdss_date since)
{
	char id[24], reason[FDSS_ERRMSG_MAX];
	int rc, change = 0;

	rc = fdss__condition_check_args(b->db, id, id_number, kind);
	if (rc != FDSS_OK)
		return rc;
	b->st.read++;
	rc = fdss__condition_add_one(b->db, id, kind, since, b->o.ref,
				     b->o.source, &change);
	if (rc == FDSS_EDATA || rc == FDSS_ENOTFOUND) {
		fdss__copy(reason, sizeof(reason), fdss_db_errmsg(b->db));
		fdss__condition_name_refusal(b->db, id, rc);
		note_reject(b, id, reason);
		return FDSS_EDATA;
	}
	if (rc != FDSS_OK)
		return rc;
	b->st.added += change == FDSS_CONDITION_ADDED;
	b->st.reactivated += change == FDSS_CONDITION_REACTIVATED;
	b->st.unchanged += change == FDSS_CONDITION_UNCHANGED;
	return FDSS_OK;
}

int fdss_condition_batch_add_json(fdss_condition_batch *b, const cJSON *rec)
{
	const char *id, *kind;
	fdss_date since;
	int rc;

	rc = fdss__condition_read_record(b->db, rec, &id, &kind, &since);
	if (rc == FDSS_EDATA)
		fdss_condition_batch_reject(b, NULL, fdss_db_errmsg(b->db));
	if (rc != FDSS_OK)
		return rc;
	return fdss_condition_batch_add(b, id, kind, since);
}

int fdss_condition_batch_finish(fdss_condition_batch *b,
				fdss_condition_stats *stats)
{
	int rc;

	b->finished = 1;
	rc = fdss__batch_end(b->db, b->o.atomic, b->o.dry_run, b->st.rejected,
			     "conditions", &b->st.committed);
	if (stats)
		*stats = b->st;
	return rc;
}

void fdss_condition_batch_free(fdss_condition_batch *b)
{
	if (!b)
		return;
	if (!b->finished)
		fdss_db_rollback(b->db);
	free(b);
}
