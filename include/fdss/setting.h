#ifndef FDSS_SETTING_H
#define FDSS_SETTING_H

#include <stddef.h>
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Settings: the numbers domain.md marks "(cfg)", stored in the setting
 * table with their defaults seeded by the migrations.  Changes are
 * audited.
 */
/* Signed residents one doctor may have (2000). */
#define FDSS_SETTING_DOCTOR_LIMIT "doctor_limit"
/* Days after its end a contract can still be renewed (90). */
#define FDSS_SETTING_RENEWAL_GRACE "renewal_grace_days"
/* Days before its end a contract's renewal is due (30). */
#define FDSS_SETTING_RENEWAL_REMINDER "renewal_reminder_days"
/* The county of the database, 6 digits, "" unset (fdss_county_code()). */
#define FDSS_SETTING_COUNTY "county"

/*
 * Copy the value of key into out (size n).  FDSS_ENOTFOUND for an
 * unknown key, FDSS_EINVAL if n is too small.
 */
int fdss_setting_get(fdss_db *db, const char *key, char *out, size_t n);

/*
 * The value of key as a whole number.  FDSS_ENOTFOUND for an unknown
 * key, FDSS_EDATA if the stored value is not a whole number.
 */
int fdss_setting_get_int(fdss_db *db, const char *key, long long *out);

/*
 * Change the value of an existing key, with reason (may be NULL) in the
 * audit log; transaction as fdss_team_add().  A key whose value is a
 * whole number only takes a whole number >= 0 (FDSS_EINVAL otherwise).
 * FDSS_ENOTFOUND for an unknown key.
 */
int fdss_setting_set(fdss_db *db, const char *key, const char *value,
		     const char *reason);

/*
 * Call fn for each setting, by key; the strings are valid during the
 * call.  A non-zero return from fn stops the walk and is returned.
 */
int fdss_setting_list(fdss_db *db,
		      int (*fn)(const char *key, const char *value, void *arg),
		      void *arg);

#ifdef __cplusplus
}
#endif

#endif
