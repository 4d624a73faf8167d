#ifndef FDSS_PERSON_INT_H
#define FDSS_PERSON_INT_H

/* Private to person.c (the rules) and person_query.c (the queries). */
#include "internal.h"

/* The groups that make a person a priority (重点人群) resident. */
#define PRIORITY_OF (FDSS_GROUP_ELDERLY | FDSS_GROUP_CHILD | \
		     FDSS_GROUP_DISABLED | FDSS_GROUP_SPECIAL_FAMILY | \
		     FDSS_GROUP_POVERTY | FDSS_GROUP_LOW_INCOME | \
		     FDSS_GROUP_HYPERTENSION | FDSS_GROUP_DIABETES | \
		     FDSS_GROUP_TB | FDSS_GROUP_SMI)

#endif
