#ifndef FDSS_POPULATION_H
#define FDSS_POPULATION_H

#include <stdio.h>
#include "area.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Census figures: residents per area, year and group
 * (schema/0010_area_population.sql), which report coverage takes as the
 * denominator where they exist instead of the roster count.
 *
 * The groups are those of report coverage: "all" (every resident),
 * "priority" (重点人群, a person once), each priority group by its
 * fdss_group_name() ("elderly", "child", "disabled", "special_family",
 * "poverty", "low_income", "hypertension", "diabetes", "tb", "smi") and
 * "households".
 */

/* The number of coverage groups, and the name of group i (in the order
 * of the report's rows), or NULL past the end. */
size_t fdss_population_ngroups(void);
const char *fdss_population_group(size_t i);

/* The index of group name, or -1 if it is not one. */
int fdss_population_group_index(const char *name);

/* Every group name, "all, priority, ... or households", for messages. */
const char *fdss_population_group_names(void);

/* Counts of one import. */
typedef struct fdss_population_stats {
	long read;		/* data rows read */
	long inserted;		/* new (area, year, group) figures */
	long updated;		/* figures whose number changed */
	long unchanged;		/* figures already stored with that number */
	long rejected;		/* bad rows */
} fdss_population_stats;

/*
 * Import census figures from a CSV file whose header names the columns
 * area_code, year, group and residents (any order, case ignored, other
 * columns ignored).  area_code must be a stored area (any level), year
 * 1900 to 9999, group one of the groups above, residents a whole number
 * 0 or more.  Upserts by (area_code, year, group): a changed number is
 * updated and the change written to the audit log (table "population",
 * key "CODE:YEAR:GROUP").  A bad row is passed to reject as
 * "file:line: column 'value': why" and counted; the rest are imported.
 * With atomic set, any bad row rolls the file back (FDSS_EDATA).  One
 * transaction per file, or a savepoint in the caller's.  stats (may be
 * NULL) are added to.  FDSS_OK even when rows were rejected, FDSS_EDATA
 * for a missing column, FDSS_EIO, FDSS_EBUSY.
 */
int fdss_population_import(fdss_db *db, FILE *f, const char *name,
			   int atomic, fdss_population_stats *stats,
			   fdss_reject_fn reject, void *arg);

#ifdef __cplusplus
}
#endif

#endif
