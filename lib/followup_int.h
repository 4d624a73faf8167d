#ifndef FDSS_FOLLOWUP_INT_H
#define FDSS_FOLLOWUP_INT_H

/*
 * Private to the follow-up modules, which read in one direction:
 * followup.c (recording a visit, storing a corrected one) over
 * followup_chain.c (the chain and its re-classification) over
 * referral.c (the referral a visit writes) and followup_read.c (reading
 * visits, statement helpers); rule.c (the rule table) and
 * followup_rules.c (pure rules), followup_json.c (records) below all.
 */
#include <stddef.h>
#include <sqlite3.h>
#include "fdss/followup.h"
#include "fdss/jbuf.h"

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

/* ---- followup_read.c ---- */

/* The columns of a visit row and where they come from: a visit f, its
 * person p (birth date) and its referral r (due date). */
#define FDSS__VISIT_COLUMNS \
	"f.id, f.id_number, f.program, f.visit_date, f.mode, f.doctor," \
	" f.sbp, f.dbp, f.heart_rate, f.fpg, f.temperature, f.risk_level," \
	" f.insight, f.symptoms, f.social_function, f.phase, f.supervisor," \
	" f.doses_taken, f.doses_due, f.adverse_reaction, f.new_complication," \
	" f.emergency, f.classification, f.next_due, f.action, f.latest," \
	" f.recorded, p.birth_date, r.due_date"
#define FDSS__VISIT_FROM \
	" FROM followup f JOIN person p ON p.id_number = f.id_number" \
	" LEFT JOIN referral r ON r.followup_id = f.id"

/* The row of FDSS__VISIT_COLUMNS into f; strings borrowed from st. */
void fdss__followup_read_row(sqlite3_stmt *st, fdss_followup *f);

/* id (NULL as "") into buf of n bytes, a final 'x' as 'X'; buf. */
const char *fdss__followup_norm_id(char *buf, size_t n, const char *id);

/* SELECT birth_date FROM person WHERE id_number = ?1 */
extern const char fdss__followup_sql_person[];

/* Bind date d to parameter i, 0 as NULL: an SQLite result. */
int fdss__bind_opt_date(sqlite3_stmt *st, int i, fdss_date d);

/*
 * Step st, a statement that returns no rows or at most one, and reset
 * it: 1 for a row, 0 for none, a negative code on failure (recorded on
 * the handle with what).
 */
int fdss__chain_step(fdss_db *db, sqlite3_stmt *st, const char *what);

/*
 * sql prepared with the chain key of v bound — ?1 id_number, ?2 program,
 * and ?3 the date when with_date; NULL on failure (on the handle).
 */
sqlite3_stmt *fdss__chain_stmt(fdss_db *db, const char *sql,
			       const fdss_visit *v, int with_date);

/*
 * Call fn with visit id as stored (strings valid during the call);
 * FDSS_ENOTFOUND "no visit N".  fn's return is returned.
 */
int fdss__followup_get(fdss_db *db, int64_t id,
		       int (*fn)(const fdss_followup *f, void *arg), void *arg);

/* ---- followup_json.c ---- */

/*
 * f as the text cJSON_PrintUnformatted() prints for
 * fdss_followup_to_json(f), into b (reset first): FDSS_OK or
 * FDSS_ENOMEM.
 */
int fdss__followup_text(fdss_jbuf *b, const fdss_followup *f);

/* ---- referral.c ---- */

/*
 * Create, update or drop (f->result.refers 0) the referral that stored
 * visit f makes, keyed by f->id; not audited (the visit's entry has it).
 * FDSS_OK or 0, a negative code on failure.
 */
int fdss__referral_visit(fdss_db *db, const fdss_followup *f);

/*
 * Set again which visit satisfies each referral of v's person in v's
 * programme (or in none): the first one after the referral's date.
 */
int fdss__referral_satisfy(fdss_db *db, const fdss_visit *v);

/* ---- followup_chain.c ---- */

/* The re-classification of a chain of visits. */
struct fdss__chain {
	fdss_db *db;
	const fdss_rules *rules;
	const char *why;	/* the audit reason, NULL: the default */
	int64_t own;		/* a corrected visit (fdss__followup_rechain) */
	fdss_visit_result own_res;	/* its new result */
	long recomputed;	/* visits re-classified and audited */
	int defer;		/* audit entries kept (fdss__audit_defer) */
	long queued;		/* entries kept since the last flush */
};

/* The visit before v's date in its chain into *prev: 1 found, 0 none,
 * negative on failure.  prev->id_number is v's, its doctor NULL. */
int fdss__chain_prev(fdss_db *db, const fdss_visit *v, fdss_visit *prev);

/* The visits after v's date in its chain, in date order, into a new
 * array *out of *n (the caller frees it; id_number borrowed from v). */
int fdss__chain_later(fdss_db *db, const fdss_visit *v, fdss_followup **out,
		      size_t *n);

/*
 * Re-classify the n visits later (after prev, NULL: the first of the
 * chain), each after the one before it; a changed one is stored with its
 * referral and audited with c->why (c->own: not audited, its result into
 * c->own_res).
 */
int fdss__chain_recompute(struct fdss__chain *c, const fdss_visit *prev,
			  fdss_followup *later, size_t n);

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
