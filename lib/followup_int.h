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

#endif
