/*
 * condition_batch.c: a batch of condition changes in one transaction —
 * open, add (fields or a JSON record), reject, count and finish through
 * the batch core (batch.c) as the contract and follow-up batches do.
 */
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "condition_int.h"
#include "internal.h"

struct fdss_condition_batch {
	struct fdss__batch core;	/* first: the transaction, the counts */
	fdss_condition_opts o;
	fdss_condition_stats st;	/* added, reactivated, unchanged;
					 * the rest from core at the end */
};

int fdss_condition_batch_open(fdss_condition_batch **out, fdss_db *db,
			      const fdss_condition_opts *o)
{
	const struct fdss__batch core = FDSS__BATCH_INIT(db, o, "conditions");

	if (!(*out = fdss__batch_open(sizeof(**out), &core, 0)))
		return fdss_db_error(db)->code;
	(*out)->o = *o;
	return FDSS_OK;
}

void fdss_condition_batch_reject(fdss_condition_batch *b, const char *subject,
				 const char *reason)
{
	fdss__batch_reject_input(&b->core, subject, reason);
}

int fdss_condition_batch_add(fdss_condition_batch *b, const char *id_number,
			     const char *kind, fdss_date since)
{
	char id[24], reason[FDSS_ERRMSG_MAX];
	int rc, change = 0;

	rc = fdss__condition_check_args(b->core.db, id, id_number, kind);
	if (rc != FDSS_OK)
		return rc;
	b->core.read++;
	rc = fdss__condition_add_one(b->core.db, id, kind, since, b->o.ref,
				     b->o.source, &change);
	if (rc == FDSS_EDATA || rc == FDSS_ENOTFOUND) {
		fdss__copy(reason, sizeof(reason), fdss_db_errmsg(b->core.db));
		fdss__condition_name_refusal(b->core.db, id, rc);
		return fdss__batch_rejected(&b->core, id, reason);
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

	rc = fdss__condition_read_record(b->core.db, rec, &id, &kind, &since);
	if (rc == FDSS_EDATA)
		fdss_condition_batch_reject(b, NULL,
					    fdss_db_errmsg(b->core.db));
	if (rc != FDSS_OK)
		return rc;
	return fdss_condition_batch_add(b, id, kind, since);
}

int fdss_condition_batch_finish(fdss_condition_batch *b,
				fdss_condition_stats *stats)
{
	int rc = fdss__batch_finish(&b->core, FDSS_OK);

	FDSS__BATCH_STATS(&b->st, &b->core, read);
	if (stats)
		*stats = b->st;
	return rc;
}

void fdss_condition_batch_free(fdss_condition_batch *b)
{
	fdss__batch_free(b ? &b->core : NULL);
}
