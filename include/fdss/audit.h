#ifndef FDSS_AUDIT_H
#define FDSS_AUDIT_H

#include <stdint.h>
#include <cjson/cJSON.h>
#include "db.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The audit log: every change to stored records, with who made it, the
 * command, the row before and after as JSON, and the reason.  Mutating
 * modules call fdss_audit_record() inside the transaction of the change
 * itself, so a change and its log entry are committed or lost together.
 */

/*
 * Record one change.  table and key name the row ("person",
 * "110105194912310021"); before/after are compact JSON text or NULL (NULL
 * before: an insert; NULL after: a delete); reason may be NULL.  The
 * operator and command line come from fdss_db_set_actor().  Must be
 * called inside a transaction (FDSS_EINVAL otherwise).
 */
int fdss_audit_record(fdss_db *db, const char *table, const char *key,
		      const char *before, const char *after,
		      const char *reason);

/*
 * Record, in a transaction of its own, that a run shows ID and phone
 * numbers unmasked (--no-mask): an entry of table "unmasked" keyed by
 * what (the command's name), with the operator and the command line.
 * A program calls it before it writes any unmasked output, and writes
 * none when it fails.
 */
int fdss_audit_unmasked(fdss_db *db, const char *what);

/* One audit entry as read back. */
typedef struct fdss_audit_entry {
	int64_t id;		/* row id, increasing */
	const char *at;		/* UTC time "YYYY-MM-DDTHH:MM:SSZ" */
	const char *operator_name; /* who acted */
	const char *command;	/* command line */
	const char *table_name;	/* table changed */
	const char *row_key;	/* key of the row */
	const char *before;	/* JSON or NULL */
	const char *after;	/* JSON or NULL */
	const char *reason;	/* reason or NULL */
} fdss_audit_entry;

/*
 * Call fn for each entry of table (NULL: all) and key (NULL: all), oldest
 * first.  The strings are valid during the call only.  A non-zero return
 * from fn stops the walk and is returned.
 */
int fdss_audit_foreach(fdss_db *db, const char *table, const char *key,
		       int (*fn)(const fdss_audit_entry *e, void *arg),
		       void *arg);

/* --- reading the log: fdss audit, fdss person show --history ---------- */

/*
 * What fdss_audit_query() selects: each field given narrows the walk,
 * NULL (0 for id) selects every entry.
 */
typedef struct fdss_audit_filter {
	int64_t id;		/* one entry, or 0 */
	const char *table;	/* table_name; one the database does not
				 * have and the log never named is
				 * FDSS_ENOTFOUND */
	const char *key;	/* row_key, exactly */
	const char *since;	/* at >= since, UTC "YYYY-MM-DDTHH:MM:SSZ"
				 * (fdss_audit_time_parse(), end 0) */
	const char *until;	/* at <= until (fdss_audit_time_parse(),
				 * end 1) */
	const char *operator_name; /* operator, exactly */
	const char *command;	/* the program: "sign" or "fdss-sign"
				 * matches a command line "fdss-sign ...";
				 * more words ("condition end") must be
				 * the line's next words */
} fdss_audit_filter;

#define FDSS_AUDIT_FILTER_INIT { 0, NULL, NULL, NULL, NULL, NULL, NULL }

/*
 * Call fn for each entry f selects, oldest first (by id).  The strings
 * are valid during the call only.  A non-zero return from fn stops the
 * walk and is returned.  FDSS_ENOTFOUND for an unknown f->table.
 */
int fdss_audit_query(fdss_db *db, const fdss_audit_filter *f,
		     int (*fn)(const fdss_audit_entry *e, void *arg),
		     void *arg);

/*
 * Call fn for each entry about the person id_number, oldest first: their
 * person row (under this ID number and under any it was corrected from
 * or to: a person entry with "id_number" in its before or after), their
 * conditions ("ID:KIND"), each household they have belonged to (now, or
 * named in their person entries), the contracts they are a member of
 * (an entry about one member only when it names them), their visits and
 * their referrals.  FDSS_ENOTFOUND when there is no such person and no
 * entry; otherwise as fdss_audit_query().
 */
int fdss_audit_history(fdss_db *db, const char *id_number,
		       int (*fn)(const fdss_audit_entry *e, void *arg),
		       void *arg);

/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define FDSS_AUDIT_TIME_BUFSZ 21

/*
 * Parse a --since or --until value into the UTC timestamp the log
 * stores, in out (FDSS_AUDIT_TIME_BUFSZ bytes): "YYYY-MM-DD", or
 * "YYYY-MM-DDTHH:MM[:SS]" (T, t or a space) with an optional zone "Z",
 * "+HH:MM" or "+HHMM" (none: UTC).  When end is 1 a bare date means its
 * last second and a time without seconds the last second of its minute,
 * so that the bound includes what it names; otherwise the first.
 * FDSS_EINVAL (message in err, which may be NULL) when malformed.
 */
int fdss_audit_time_parse(char *out, const char *s, int end,
			  fdss_error *err);

/* What fdss_audit_to_json() adds or changes. */
enum fdss_audit_json_flags {
	FDSS_AUDIT_JSON_MASK = 1 << 0,	 /* mask identifiers (ID numbers
					  * anywhere, values of personal
					  * keys such as "phone") */
	FDSS_AUDIT_JSON_CHANGE = 1 << 1, /* "change": the one-line summary */
	FDSS_AUDIT_JSON_CHANGES = 1 << 2, /* "changes": [{"field","before",
					  * "after"}] of each field that
					  * differs */
	FDSS_AUDIT_JSON_SHORT = 1 << 3	 /* "change" cut at
					  * FDSS_AUDIT_CHANGE_COLUMNS with "…"
					  * (a table's cell) */
};

/* The widest "change" of FDSS_AUDIT_JSON_SHORT, in terminal columns. */
#define FDSS_AUDIT_CHANGE_COLUMNS 80

/*
 * The record {"type":"audit","id","at","operator","command","table",
 * "key","before","after","reason"} of e, before and after as JSON
 * values (null for an insert or a delete; the text itself if it is not
 * JSON), with what flags add.  A new tree the caller frees with
 * cJSON_Delete(); NULL when out of memory.
 */
cJSON *fdss_audit_to_json(const fdss_audit_entry *e, unsigned flags);

/*
 * The one-line summary of e's change, for tables: "phone: 138****1234 →
 * 139****0000; village_code: … → …" for an update (a field absent on
 * one side shows as "-"), "new: KEY=VALUE, …" for an insert,
 * "deleted: …" for a delete, "no change" when the two are equal.
 * mask as FDSS_AUDIT_JSON_MASK.  The caller's to free(); NULL when out
 * of memory.
 */
char *fdss_audit_change(const fdss_audit_entry *e, int mask);

/*
 * Call fn once with entry id (strings valid during the call); its
 * return is returned.  FDSS_ENOTFOUND "no audit entry N" when there is
 * none.
 */
int fdss_audit_get(fdss_db *db, int64_t id,
		   int (*fn)(const fdss_audit_entry *e, void *arg), void *arg);

#ifdef __cplusplus
}
#endif

#endif
