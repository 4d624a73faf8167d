#ifndef FDSS_FIX_INT_H
#define FDSS_FIX_INT_H
/*
 * Private to the fix modules: the batch (fix.c), the tables' own
 * changes (fix_person.c, fix_followup.c), the revert (fix_revert.c).
 */
#include "internal.h"
#include "contract_int.h"

struct fdss_fix_batch {
	fdss_db *db;
	fdss_fix_opts o;
	fdss_fix_stats st;
	fdss_contract_batch *cb;	/* holds the transaction; the contract
					 * rules of a move or a doctor */
	char *reason;			/* of requests without one, or NULL */
	char why[FDSS_ERRMSG_MAX];	/* the contract rules' last refusal */
	int finished;
};

/*
 * A table's own fields: change row key of table with the fields of set
 * that fix.c does not store itself, adding each changed field to
 * before and after (the row's audit entry, which fix.c writes).  A
 * refusal is FDSS_EDATA with "field 'value': why" on the handle.
 */
typedef int fdss__fix_fn(fdss_fix_batch *b, const char *key,
			 const cJSON *set, const char *reason, cJSON *before,
			 cJSON *after);

fdss__fix_fn fdss__fix_person;		/* id_number, household_no */
fdss__fix_fn fdss__fix_followup;	/* every field of a visit */
fdss__fix_fn fdss__fix_condition;	/* since, ended_on */
fdss__fix_fn fdss__fix_contract;	/* doctor */
fdss__fix_fn fdss__fix_team_member;	/* name */

/* The text of a set value: a string as it is, a number in decimal,
 * true "true", false "false"; null gives *out NULL.  An array or object
 * is FDSS_EDATA naming field.  *out is the caller's to free(). */
int fdss__fix_text(fdss_db *db, const char *field, const cJSON *v,
		   char **out);

/* Add field's old and new value (either NULL: null) to before and
 * after, as strings; FDSS_ENOMEM. */
int fdss__fix_note(fdss_db *db, cJSON *before, cJSON *after,
		   const char *field, const char *old, const char *now);

/* The refusal of the contract rules, after one returned FDSS_EDATA:
 * "field 'value': why" on the handle. */
int fdss__fix_refused(fdss_fix_batch *b, const char *field,
		      const char *value);

/* fix_record.c: the last audit entry's id into *out (0: none). */
int fdss__fix_last_entry(fdss_db *db, int64_t *out);

/* fix_record.c: the entries after mark, each a changed row, to
 * b->o.fixed; *n of them. */
int fdss__fix_report(fdss_fix_batch *b, int64_t mark, size_t *n);

/* fdss_fix_apply(), a refusal's subject as (NULL: "table 'key'"). */
int fdss__fix_apply_as(fdss_fix_batch *b, const fdss_fix_req *r,
		       const char *as);

/* Field name of table: 1 fixable, 0 derived from fixable ones (sex,
 * a visit's classification), -1 neither. */
int fdss__fix_field(int table, const char *name);

/* "field 'x' cannot be fixed ..." on the handle: FDSS_EDATA. */
int fdss__fix_unfixable(fdss_db *db, int table, const char *name);

#endif
