#ifndef FDSS_AREA_H
#define FDSS_AREA_H

#include <stdio.h>
#include <cjson/cJSON.h>
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Administrative divisions (statistical division codes): province (2
 * digits), prefecture city (4), county (6, GB/T 2260), township or street
 * (9) and village or residents' committee (12).  The level and the parent
 * follow from the code: a village's parent is its first 9 digits, a
 * township's its first 6, a county's its first 4, a city's its first 2.
 */
enum fdss_area_level {
	FDSS_AREA_INVALID = 0,
	FDSS_AREA_PROVINCE = 1,
	FDSS_AREA_CITY = 2,
	FDSS_AREA_COUNTY = 3,
	FDSS_AREA_TOWNSHIP = 4,
	FDSS_AREA_VILLAGE = 5
};

/* Level of a code from its length and digits; FDSS_AREA_INVALID if it
 * is not 2, 4, 6, 9 or 12 digits. */
int fdss_area_level_of(const char *code);

/* "province", "city", "county", "township", "village" (NULL if bad). */
const char *fdss_area_level_name(int level);

/* Inverse of fdss_area_level_name(); FDSS_AREA_INVALID if unknown. */
int fdss_area_level_parse(const char *name);

/* One division as read back.  Strings are valid during a callback only. */
typedef struct fdss_area {
	const char *code;	/* 2..12 digits */
	const char *name;	/* e.g. "古绛镇" */
	int level;		/* enum fdss_area_level */
	const char *parent;	/* parent code derived from code, NULL at top */
	const char *path;	/* names from the province down to this one,
				 * separated by " / "; levels not loaded
				 * come from the built-in county table */
} fdss_area;

/*
 * The record of a division: {"type":"area","code":C,"name":N,"level":L,
 * "parent":P|null,"path":"…"}, the caller's to free; NULL when out of
 * memory.
 */
cJSON *fdss_area_to_json(const fdss_area *a);

/* Counts of one import. */
typedef struct fdss_area_stats {
	long read;		/* data rows read */
	long inserted;		/* new codes */
	long updated;		/* codes whose name changed */
	long unchanged;		/* codes already stored with that name */
	long rejected;		/* bad rows */
} fdss_area_stats;

/* Called for every rejected row; msg is "file:line: why". */
typedef void (*fdss_reject_fn)(void *arg, const char *msg);

/*
 * Import divisions from a CSV file whose header has a "code" and a "name"
 * column (other columns are ignored), such as the statistical bureau
 * exports.  Upserts by code: a known code with a new name is updated and
 * the change is written to the audit log; the same name changes nothing.
 * Bad rows (bad code, empty name, malformed CSV) are passed to reject and
 * counted; the rest are imported.  With atomic set, any bad row rolls
 * the whole file back (FDSS_EDATA).  One transaction per file: the
 * database holds all of a file's good rows or none of them.  stats
 * (may be NULL) are added to, not reset.  Returns FDSS_OK even when rows
 * were rejected (see stats->rejected), FDSS_EDATA for a missing column,
 * FDSS_EIO, FDSS_EBUSY.
 */
int fdss_area_import(fdss_db *db, FILE *f, const char *name, int atomic,
		     fdss_area_stats *stats, fdss_reject_fn reject, void *arg);

/* What fdss_area_list() returns. */
typedef struct fdss_area_query {
	const char *under;	/* only strict descendants of this code, or NULL */
	int level;		/* only this level, or 0 for any */
	const char *name;	/* only exact name, or NULL */
} fdss_area_query;

#define FDSS_AREA_QUERY_INIT { NULL, 0, NULL }

/*
 * Call fn for each area that matches q, in code order.  A non-zero
 * return from fn stops the walk and is returned.  FDSS_ENOTFOUND if
 * q->under names a code that is not stored.
 */
int fdss_area_list(fdss_db *db, const fdss_area_query *q,
		   int (*fn)(const fdss_area *a, void *arg), void *arg);

/*
 * Whether code (any level) names a stored area, or one below it: the
 * check of an --area filter.  FDSS_OK if so; FDSS_EINVAL "area '1408':
 * 2, 4, 6, 9 or 12 digits expected" for a malformed code, FDSS_ENOTFOUND
 * "area '999999': no such area (load it with 'fdss area import')";
 * message on the handle.
 */
int fdss_area_exists(fdss_db *db, const char *code);

/*
 * Call fn for each area whose name contains pattern (exact matches
 * first, then by code), with its path.  *nfound receives how many.
 */
int fdss_area_find(fdss_db *db, const char *pattern,
		   int (*fn)(const fdss_area *a, void *arg), void *arg,
		   long *nfound);

/* Bytes of a county code with its NUL: 6 digits. */
#define FDSS_COUNTY_BUFSZ 7

/*
 * The county of the database, 6 digits and a NUL into out: the setting
 * 'county' when it is set, else the one county of the villages that
 * hold households, else the one county of the villages in the area
 * table.  It scopes the numbers that leave the county (contract numbers
 * C140826-2026-000001, team codes and visit ids in an export, the
 * partitions of the provincial store).
 * FDSS_EDATA "the database names no county: set it with `fdss setting
 * set county CODE`" when none of these names exactly one county; message
 * on the handle.
 */
int fdss_county_code(fdss_db *db, char out[FDSS_COUNTY_BUFSZ]);

#ifdef __cplusplus
}
#endif

#endif
