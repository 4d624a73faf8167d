#ifndef FDSS_FOLLOWUP_INT_H
#define FDSS_FOLLOWUP_INT_H

/*
 * Private to the follow-up modules — followup_rules.c (pure rules),
 * followup_json.c (records) and followup.c (storage).
 */
#include <stddef.h>
#include "fdss/followup.h"

/* How a rule's value is read and which values it takes. */
enum fdss__rule_kind {
	FDSS__RULE_INT = 1,	/* a whole number in [min, max] */
	FDSS__RULE_REAL		/* a decimal number in [min, max] */
};

/* One known rule: where it lives in fdss_rules and its default. */
struct fdss__rule_def {
	const char *program;	/* "hypertension" ... "general" */
	const char *key;
	size_t offset;		/* of the int or double in fdss_rules */
	int kind;		/* enum fdss__rule_kind */
	double value;		/* default, as schema/0005 seeds it */
	double min, max;	/* accepted values */
};

extern const struct fdss__rule_def fdss__rule_defs[];
extern const size_t fdss__nrule_defs;

/* The definition of program.key, or NULL. */
const struct fdss__rule_def *fdss__rule_find(const char *program,
					     const char *key);

/*
 * Parse text as the value of def into r: FDSS_OK, or FDSS_EINVAL with a
 * message in err ("'x' is not a whole number from 1 to 3650").
 */
int fdss__rule_apply(fdss_rules *r, const struct fdss__rule_def *def,
		     const char *text, fdss_error *err);

/*
 * Call fn with visit id as stored (strings valid during the call);
 * FDSS_ENOTFOUND "no visit N".  fn's return is returned.
 */
int fdss__followup_get(fdss_db *db, int64_t id,
		       int (*fn)(const fdss_followup *f, void *arg), void *arg);

/*
 * Store the fields of visit f->id as f has them (its result and latest
 * flag as they were: fdss__followup_rechain() then sets them), checked
 * as a recorded visit is: fdss_visit_check() at ref, the elderly
 * programme's age, no other visit of the chain that day.  FDSS_EDATA
 * with the reason on the handle.
 */
int fdss__followup_store(fdss_db *db, fdss_date ref, const fdss_followup *f);

/*
 * Re-classify the chain (id_number, program) from its first visit on or
 * after from, each visit after the one before it, as a back-dated visit
 * does: a changed one is stored with its referral and audited with why.
 * Visit own (a corrected one, 0 none) is stored too but not audited,
 * its new result into *own_res (may be NULL).  Then the chain's latest
 * visit and the referrals its visits satisfy are set again.
 * *recomputed: the visits other than own that changed.
 */
int fdss__followup_rechain(fdss_db *db, const char *id_number, int program,
			   fdss_date from, int64_t own,
			   fdss_visit_result *own_res, const char *why,
			   long *recomputed);

#endif
