#ifndef FDSS_EXCHANGE_H
#define FDSS_EXCHANGE_H

#include <stdio.h>
#include "db.h"
#include "roster.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The exchange format (fdss(7) "EXPORT RECORDS"): JSON lines that carry a
 * county's records whole, so that another database can be rebuilt from
 * them.  The first line is a header {"type":"export","format":1,
 * "county":"140826","records":"all"}; each other line is one record with
 * its "type": area, setting, rule, package, fee, population, team,
 * household, person, condition, contract, followup, referral, in that
 * order (what a record names comes before it).  Contract numbers carry
 * their county already; team codes, visit and referral ids are written
 * with theirs ("140826-T01", "140826-V42", "140826-R7").
 */

/* What fdss_export() writes: bits of enum fdss_export_what. */
enum fdss_export_what {
	FDSS_EXPORT_PERSONS = 1 << 0,
	FDSS_EXPORT_HOUSEHOLDS = 1 << 1,
	FDSS_EXPORT_TEAMS = 1 << 2,
	FDSS_EXPORT_CONTRACTS = 1 << 3,
	FDSS_EXPORT_FOLLOWUPS = 1 << 4,
	FDSS_EXPORT_REFERRALS = 1 << 5,
	FDSS_EXPORT_CONDITIONS = 1 << 6,
	/* areas, settings, rules, packages, fees, census figures */
	FDSS_EXPORT_REFERENCE = 1 << 7,
	FDSS_EXPORT_ALL = (1 << 8) - 1
};

/* The bit of an operand: "persons" … "conditions", "all"; 0 if unknown. */
int fdss_export_what_parse(const char *name);

typedef struct fdss_export_opts {
	int what;		/* enum fdss_export_what bits */
	const char *since;	/* only records with an audit entry at or after
				 * this UTC time ("YYYY-MM-DD" or
				 * "YYYY-MM-DDTHH:MM:SSZ"), or NULL */
	const char *area;	/* only records within this division, or NULL */
	/* called with each line (no newline); non-zero stops the export
	 * and is returned */
	int (*line)(void *arg, const char *text, size_t len);
	void *arg;
	long records;		/* out: records written, the header left out */
} fdss_export_opts;

#define FDSS_EXPORT_OPTS_INIT { FDSS_EXPORT_ALL, NULL, NULL, NULL, NULL, 0 }

/*
 * Write the records o->what selects, header first, in a fixed order (by
 * type as above, then by key), inside one read transaction.  FDSS_EINVAL
 * for a bad --since or --area, FDSS_ENOTFOUND for an area not stored,
 * FDSS_EDATA when the database names no county (fdss_county_code());
 * message on the handle.
 */
int fdss_export(fdss_db *db, fdss_export_opts *o);

/*
 * Whether the JSON text of a line (its first line) is a record of the
 * exchange format: an object whose "type" is "export" or a record type
 * of the format other than "person" (which a roster in JSON lines also
 * has).  1 or 0.
 */
int fdss_exchange_is_export(const char *line, size_t len);

/*
 * Read the first line of in and give back, in *out, a stream that reads
 * that line again and then the rest of in (the caller fcloses *out,
 * which leaves in open); *is_export as fdss_exchange_is_export().
 * FDSS_EIO, FDSS_ENOMEM; err says why.
 */
int fdss_exchange_sniff(FILE **out, FILE *in, int *is_export,
			fdss_error *err);

/*
 * Import an export read from in: each record is checked (keys, types,
 * dates, ID numbers) and stored as it is — not re-derived by today's
 * rules — by its key (an upsert: a record already stored is updated, one
 * stored exactly so is unchanged; see fdss-import(1)).  Codes and ids
 * scoped with this database's county (or, in a database that names no
 * county, the header's) are stored without the scope; another county's
 * keep it.  Every change is audited.  A bad record is passed to
 * o->reject with its line and skipped.  o->name, atomic, dry_run,
 * reject, progress and arg are used; stats counts records (inserted,
 * updated, unchanged, rejected; households counts household records).
 * One transaction; returns as fdss_import_roster().
 */
int fdss_exchange_import(fdss_db *db, FILE *in, const fdss_import_opts *o,
			 fdss_import_stats *stats);

#ifdef __cplusplus
}
#endif

#endif
