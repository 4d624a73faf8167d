/*
 * condition_int.h: what condition_batch.c takes from condition.c —
 * checking a change, adding it, naming a refusal, reading a record.
 */
#ifndef FDSS_CONDITION_INT_H
#define FDSS_CONDITION_INT_H

#include "internal.h"

/* The ID number (normalised into id) and kind of a change, checked:
 * FDSS_EINVAL when either is not one. */
int fdss__condition_check_args(fdss_db *db, char id[24],
			       const char *id_number, const char *kind);
/* A refusal (FDSS_EDATA, FDSS_ENOTFOUND) names the person: rc, with
 * "id: " put before the reason on the handle. */
int fdss__condition_name_refusal(fdss_db *db, const char *id, int rc);
/* Add (id, kind), both checked, in a transaction or a savepoint. */
int fdss__condition_add_one(fdss_db *db, const char *id, const char *kind,
			    fdss_date since, fdss_date ref,
			    const char *source, int *change);
/* The fields of a condition record, checked: FDSS_EDATA naming the key
 * of a missing or malformed one.  The strings are borrowed from rec. */
int fdss__condition_read_record(fdss_db *db, const cJSON *rec,
				const char **idp, const char **kindp,
				fdss_date *sincep);

#endif
