#ifndef FDSS_PACKAGE_H
#define FDSS_PACKAGE_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Service packages and their fees (schema/0003_teams.sql, domain.md §4).
 * The basic package (基础服务包) and nine personalised packages are
 * seeded by `fdss init`: basic, child (0–6), maternal (women 15–49),
 * hypertension, diabetes, copd (each for people with that condition),
 * pain (low-back and leg pain, 40+), elderly (home elderly care, 65+),
 * serious (serious-illness follow-up: anyone with an active condition of
 * any kind, or flagged as seriously ill by the roster) and smi (severe
 * mental disorder).  This module owns the JSON shape of the "package"
 * and "fee" records.  Money is always integer fen (1 yuan = 100 fen).
 */

#define FDSS_PACKAGE_CODE_BUFSZ 33	/* codes: 1..32 characters */
#define FDSS_PACKAGE_TEXT_BUFSZ 256	/* names and descriptions */

/* One package as read back (a copy: the caller owns it). */
typedef struct fdss_package {
	char code[FDSS_PACKAGE_CODE_BUFSZ];	/* "child" */
	char name[FDSS_PACKAGE_TEXT_BUFSZ];	/* "child health" */
	char name_zh[FDSS_PACKAGE_TEXT_BUFSZ];	/* "儿童健康服务包" */
	int min_age;		/* youngest eligible age in years, -1: none */
	int max_age;		/* oldest eligible age (inclusive), -1: none */
	char sex;		/* 'M' or 'F' only, 0 for anyone */
	unsigned condition;	/* one enum fdss_condition bit required, 0
				 * none; FDSS_COND_CHRONIC means any
				 * condition at all (see eligible()) */
	int personalised;	/* 1 for the nine, 0 for basic */
	char description[FDSS_PACKAGE_TEXT_BUFSZ]; /* who it is for */
} fdss_package;

/* The oldest age a package bound may name. */
#define FDSS_PACKAGE_AGE_MAX 150

/*
 * The eligibility rule, pure.  1 if a person of sex ('M'/'F'), age in
 * whole years (at the contract start; -1 if not born yet) and active
 * conditions (enum fdss_condition bits) may have package p, else 0 with
 * the reason in why (size n, may be NULL), e.g. "package 'child' is for
 * ages 0 to 6; 40 years old".  A package whose condition is
 * FDSS_COND_CHRONIC takes anyone with any condition bit: callers add
 * FDSS_COND_CHRONIC for a person the roster flags as seriously ill.
 */
int fdss_package_eligible(const fdss_package *p, char sex, int age,
			  unsigned conditions, char *why, size_t n);

/* Fill *out with package code; FDSS_ENOTFOUND "no package 'x'". */
int fdss_package_get(fdss_db *db, const char *code, fdss_package *out);

/*
 * Call fn for each package, basic first then the personalised ones in
 * the order of domain.md §4.  A non-zero return from fn stops the walk
 * and is returned.
 */
int fdss_package_list(fdss_db *db,
		      int (*fn)(const fdss_package *p, void *arg), void *arg);

/*
 * Change the eligibility of package p->code to p's min_age, max_age,
 * sex and condition (the other fields are ignored), with reason (may be
 * NULL) in the audit log; transaction as fdss_team_add().  FDSS_EINVAL
 * for an age outside 0..FDSS_PACKAGE_AGE_MAX, min_age > max_age, a sex
 * other than 'M', 'F' or 0, or more than one condition bit;
 * FDSS_ENOTFOUND for an unknown package.
 */
int fdss_package_set(fdss_db *db, const fdss_package *p,
		     const char *reason);

/*
 * The "package" record: code, name, name_zh, min_age, max_age, sex and
 * condition (null when unrestricted), personalised (bool), description.
 * The caller cJSON_Delete()s it; NULL when out of memory.
 */
cJSON *fdss_package_to_json(const fdss_package *p);

/* ---- fees ------------------------------------------------------------ */

/*
 * One row of the fee schedule: the annual fee per person of a package,
 * split by payer, effective from a date, for the villages whose code
 * starts with area_prefix ("" is nationwide).
 */
typedef struct fdss_fee {
	int64_t public_health;	/* fen paid by the public-health fund */
	int64_t insurance;	/* fen paid by medical insurance */
	int64_t resident;	/* fen paid by the resident */
	int poverty_subsidy;	/* 1: a poverty-registry resident's own
				 * share is paid by the subsidy line */
	char effective_from[FDSS_DATE_BUFSZ];	/* "YYYY-MM-DD" */
	char area_prefix[13];	/* "", or 2, 4, 6, 9 or 12 digits */
	char package[FDSS_PACKAGE_CODE_BUFSZ];	/* package code */
} fdss_fee;

/* public_health + insurance + resident of f, in fen. */
int64_t fdss_fee_total(const fdss_fee *f);

/*
 * The fee of package for a person living in village_code (any division
 * code; the longest area_prefix that starts it wins) on date on: among
 * the rows of the longest matching prefix, the one with the latest
 * effective_from on or before on.  FDSS_ENOTFOUND when no row applies
 * (also for an unknown package): the package costs nothing there and
 * then — callers treat it as a zero fee.  A person's payer lines are
 * split by fdss_contract_fee_lines() (contract.h).
 * Personalised packages have no row until one is set.
 */
int fdss_fee_lookup(fdss_db *db, const char *package,
		    const char *village_code, fdss_date on, fdss_fee *out);

/*
 * Record f for package f->package (replacing the row with the same
 * package, area_prefix and effective_from), with reason (may be NULL)
 * in the audit log; transaction as fdss_team_add().  FDSS_EINVAL for a
 * malformed date or prefix or a negative amount, FDSS_ENOTFOUND for an
 * unknown package.  *replaced (may be NULL) is set to 1 when a row was
 * replaced, 0 when added.
 */
int fdss_fee_set(fdss_db *db, const fdss_fee *f, const char *reason,
		 int *replaced);

/*
 * Call fn for each schedule row of package (NULL: all), by package in
 * list order, area prefix, then effective date.  FDSS_ENOTFOUND for an
 * unknown package.
 */
int fdss_fee_list(fdss_db *db, const char *package,
		  int (*fn)(const fdss_fee *f, void *arg), void *arg);

/*
 * The "fee" record: package, effective_from, area_prefix,
 * public_health_fen, insurance_fen, resident_fen, total_fen,
 * poverty_subsidy (bool).  The caller cJSON_Delete()s it.
 */
cJSON *fdss_fee_to_json(const fdss_fee *f);

/*
 * Parse yuan ("12", "12.5", "12.50", "0.05") into fen, pure.  Rejects
 * signs, more than two decimals, a missing digit before or after the
 * point, anything else and more than 12 digits of yuan (FDSS_EINVAL);
 * *fen is untouched then.
 */
int fdss_yuan_parse(const char *s, int64_t *fen);

/* fen as yuan with two decimals ("36.00", "-0.05") into buf (size n). */
char *fdss_fen_format(char *buf, size_t n, int64_t fen);

/* Room for any fdss_fen_format() result. */
#define FDSS_FEN_BUFSZ 24

#ifdef __cplusplus
}
#endif

#endif
