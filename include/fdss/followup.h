#ifndef FDSS_FOLLOWUP_H
#define FDSS_FOLLOWUP_H

#include <stdint.h>
#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Chronic-care follow-up (domain.md §5, schema/0005_followup.sql): the
 * rules as data, the classification of a visit with its next due date
 * and action, and the visits stored in chains per person and programme.
 * The rules are pure functions over plain structs (lib/followup_rules.c);
 * storing (lib/followup.c) and the JSON shapes (lib/followup_json.c) sit
 * beside them.
 */

/* --- programmes ---------------------------------------------------- */

/* Follow-up programmes; 0 is "none / any". */
enum fdss_program {
	FDSS_PROGRAM_HYPERTENSION = 1,
	FDSS_PROGRAM_DIABETES,
	FDSS_PROGRAM_SMI,		/* severe mental disorder */
	FDSS_PROGRAM_TB,		/* tuberculosis */
	FDSS_PROGRAM_ELDERLY,		/* aged 65+ (elderly.min_age) */
	FDSS_PROGRAM_CHRONIC		/* copd and other chronic conditions */
};
#define FDSS_PROGRAM_COUNT 6

/* "hypertension", "diabetes", "smi", "tb", "elderly", "chronic" ↔ enum
 * ("copd" parses as chronic); name of anything else is NULL, parse of
 * an unknown name 0. */
const char *fdss_program_name(int program);
int fdss_program_parse(const char *name);

/* The programme a condition kind (person.h bits) enrols in; 0 if none. */
int fdss_program_of_condition(unsigned condition_bit);

/* --- rules --------------------------------------------------------- */

/*
 * The intervals (days, months) and thresholds of the standard, as the
 * rule table holds them.  Comparisons: "limit" values are upper bounds
 * of control (controlled below), "emergency_*" at or above, except
 * heart rate and temperature (above) and fpg_low (at or below).
 */
typedef struct fdss_rules {
	struct {
		int controlled_days, uncontrolled_days, adverse_days;
		int referral_check_days, emergency_days;
		double sbp_limit, dbp_limit;	/* mmHg, under elderly_age */
		int elderly_age;
		double sbp_limit_65, dbp_limit_65;	/* at elderly_age+ */
		double emergency_sbp, emergency_dbp;
		int visits_per_year;
	} hypertension;
	struct {
		int controlled_days, uncontrolled_days, adverse_days;
		int referral_check_days, emergency_days;
		double fpg_limit;			/* mmol/L */
		double emergency_fpg_high, emergency_fpg_low;
		double emergency_sbp, emergency_dbp;
		double heart_rate_emergency;		/* beats/min */
		double temperature_emergency;		/* °C */
		int visits_per_year;
	} diabetes;
	struct {
		int stable_days, basic_days, basic_again_days, unstable_days;
		int unstable_risk, basic_risk;		/* risk levels 0-5 */
		int visits_per_year;
	} smi;
	struct {
		int intensive_days, continuation_days, staff_days;
		int first_visit_hours, stopped_days, referral_days;
	} tb;
	struct {
		int min_age, interval_months, visits_per_year;
	} elderly;
	struct {
		int interval_months, visits_per_year, emergency_days;
	} chronic;
	struct {
		int followup_days;	/* every referral obliges a visit within */
	} referral;
	struct {
		int year_start_month;	/* management year's first month, 1-12 */
	} general;
} fdss_rules;

/* Fill r with the defaults (the numbers schema/0005 seeds). */
void fdss_rules_defaults(fdss_rules *r);

/*
 * Fill r from the rule table: the defaults, overridden by each stored
 * row of a known key.  FDSS_EDATA if a stored value is not a number in
 * its key's range (the message names program.key).
 */
int fdss_rules_load(fdss_db *db, fdss_rules *r);

/* One rule as stored.  Strings are borrowed. */
typedef struct fdss_rule {
	const char *program;	/* a programme name, "referral", "general" */
	const char *key;
	const char *value;	/* decimal text */
	const char *description;
} fdss_rule;

/*
 * Call fn for each rule of program (NULL: all) by program and key; a
 * non-zero return from fn stops the walk and is returned.  FDSS_EINVAL
 * for an unknown program name.
 */
int fdss_rules_list(fdss_db *db, const char *program,
		    int (*fn)(const fdss_rule *rule, void *arg), void *arg);

/*
 * Change the value of program.key, with reason (may be NULL) in the
 * audit log, in a transaction of its own (or a savepoint of the
 * caller's).  FDSS_ENOTFOUND for an unknown program or key;
 * FDSS_EINVAL for a value that is not a number in the key's range
 * (days 1-3650, months 1-120, month 1-12, whole numbers where the key
 * counts).  Visits recorded afterwards use the new value; stored ones
 * keep theirs.
 */
int fdss_rules_set(fdss_db *db, const char *program, const char *key,
		   const char *value, const char *reason);

/* The record {"type":"rule","program","key","value","description"};
 * value is a JSON number.  The caller cJSON_Delete()s it. */
cJSON *fdss_rule_to_json(const fdss_rule *rule);

/* --- visits -------------------------------------------------------- */

/* A measurement that was not taken (int fields; double fields < 0). */
#define FDSS_ABSENT (-1)

enum fdss_visit_mode {
	FDSS_MODE_CLINIC = 1,
	FDSS_MODE_HOME,
	FDSS_MODE_PHONE
};

/* SMI: insight (自知力), symptoms, social function; 0 = not assessed. */
enum fdss_insight { FDSS_INSIGHT_GOOD = 1, FDSS_INSIGHT_PARTIAL,
		    FDSS_INSIGHT_NONE };
enum fdss_symptoms { FDSS_SYMPTOMS_NONE = 1, FDSS_SYMPTOMS_SOME,
		     FDSS_SYMPTOMS_MARKED };
enum fdss_social { FDSS_SOCIAL_GOOD = 1, FDSS_SOCIAL_FAIR,
		   FDSS_SOCIAL_POOR };

/* TB: phase of treatment and who supervises it; 0 = not given. */
enum fdss_tb_phase { FDSS_PHASE_INTENSIVE = 1, FDSS_PHASE_CONTINUATION,
		     FDSS_PHASE_STOPPED, FDSS_PHASE_COMPLETED };
enum fdss_supervisor { FDSS_SUPERVISOR_STAFF = 1, FDSS_SUPERVISOR_FAMILY };

/* Names of the enums above ↔ values; unknown → NULL / 0. */
const char *fdss_visit_mode_name(int mode);
int fdss_visit_mode_parse(const char *name);
const char *fdss_insight_name(int v);
int fdss_insight_parse(const char *name);
const char *fdss_symptoms_name(int v);
int fdss_symptoms_parse(const char *name);
const char *fdss_social_name(int v);
int fdss_social_parse(const char *name);
const char *fdss_tb_phase_name(int v);
int fdss_tb_phase_parse(const char *name);
const char *fdss_supervisor_name(int v);
int fdss_supervisor_parse(const char *name);

/*
 * One visit as recorded.  Strings are borrowed.  Initialise with
 * FDSS_VISIT_INIT: every measurement absent, no flags.
 */
typedef struct fdss_visit {
	const char *id_number;	/* the patient */
	int program;		/* enum fdss_program */
	fdss_date date;		/* the visit's date */
	fdss_date birth_date;	/* the patient's (the 65+ limits, checks) */
	int mode;		/* enum fdss_visit_mode */
	const char *doctor;	/* or NULL */
	int sbp, dbp;		/* mmHg, or FDSS_ABSENT */
	int heart_rate;		/* beats/min, or FDSS_ABSENT */
	double fpg;		/* fasting glucose mmol/L, < 0 absent */
	double temperature;	/* °C, < 0 absent */
	int risk_level;		/* SMI 0-5, or FDSS_ABSENT */
	int insight;		/* enum fdss_insight, 0 not assessed */
	int symptoms;		/* enum fdss_symptoms, 0 not assessed */
	int social_function;	/* enum fdss_social, 0 not assessed */
	int phase;		/* enum fdss_tb_phase, 0 not given */
	int supervisor;		/* enum fdss_supervisor, 0 not given
				 * (classified as family) */
	int doses_taken, doses_due;	/* TB, or FDSS_ABSENT */
	int adverse_reaction;	/* 1: drug adverse reaction */
	int new_complication;	/* 1: new or worse complication (SMI:
				 * serious physical illness) */
	int emergency;		/* 1: symptoms the standard lists as
				 * an emergency */
} fdss_visit;

#define FDSS_VISIT_INIT { NULL, 0, 0, 0, FDSS_MODE_CLINIC, NULL, \
	FDSS_ABSENT, FDSS_ABSENT, FDSS_ABSENT, -1.0, -1.0, FDSS_ABSENT, \
	0, 0, 0, 0, 0, FDSS_ABSENT, FDSS_ABSENT, 0, 0, 0 }

/* What the rules make of a visit. */
enum fdss_class {
	FDSS_CLASS_CONTROLLED = 1,	/* hypertension, diabetes, chronic */
	FDSS_CLASS_UNCONTROLLED,
	FDSS_CLASS_ADVERSE,		/* drug adverse reaction */
	FDSS_CLASS_REFERRAL,		/* refer (not urgent) */
	FDSS_CLASS_EMERGENCY,		/* refer urgently */
	FDSS_CLASS_STABLE,		/* SMI */
	FDSS_CLASS_BASICALLY_STABLE,
	FDSS_CLASS_UNSTABLE,		/* SMI, refers */
	FDSS_CLASS_INTENSIVE,		/* TB, by phase */
	FDSS_CLASS_CONTINUATION,
	FDSS_CLASS_STOPPED,		/* TB treatment stopped, refers */
	FDSS_CLASS_CLOSED		/* TB treatment completed */
};

/* "controlled", ..., "basically_stable", ... ↔ enum; unknown NULL / 0. */
const char *fdss_class_name(int cls);
int fdss_class_parse(const char *name);

#define FDSS_ACTION_MAX 160

typedef struct fdss_visit_result {
	int classification;	/* enum fdss_class */
	fdss_date next_due;	/* next visit due by; 0: none (TB closed) */
	int refers;		/* 1: the visit makes a referral ... */
	fdss_date referral_due;	/* ... whose follow-up is due by this */
	char action[FDSS_ACTION_MAX];	/* e.g. "uncontrolled twice in a
					 * row: refer, and check the
					 * referral by 2026-12-06" */
} fdss_visit_result;

/*
 * Reject what cannot be right, naming the field: sbp 60-299, dbp 30-199
 * and below sbp, both or neither; heart_rate 20-250; fpg 1-35;
 * temperature 30-45; risk_level 0-5; doses 0-366, taken <= due; a
 * date before birth_date or after ref; an unknown program or mode; a
 * programme's own measurements missing (hypertension sbp and dbp,
 * diabetes fpg, smi risk_level, tb phase; a tb visit without supervisor
 * counts as family-supervised).
 * FDSS_EDATA with "field: why" in err; FDSS_OK.
 */
int fdss_visit_check(const fdss_visit *v, fdss_date ref, fdss_error *err);

/*
 * Classify v (already checked) under r, given prev, the visit before it
 * in the same programme (NULL for the first), and fill out: the
 * classification, next due date, referral and action (domain.md §5).
 * Consecutive means v and prev both uncontrolled by their own
 * measurements (each at its own age), or both with adverse reactions.
 * FDSS_OK; FDSS_EINVAL for an unknown programme.
 */
int fdss_followup_classify(fdss_visit_result *out, const fdss_rules *r,
			   const fdss_visit *v, const fdss_visit *prev);

/* --- stored visits ------------------------------------------------- */

/* A visit as stored, with its result. */
typedef struct fdss_followup {
	int64_t id;
	fdss_visit visit;
	fdss_visit_result result;
	int latest;		/* 1: the last visit of its chain */
	const char *recorded;	/* UTC time stored, or NULL */
} fdss_followup;

/*
 * Fill v from a record: "id_number", "program", "date" (or
 * "visit_date"), "mode" (default clinic), "doctor", the measurements
 * (numbers) and names ("insight", "symptoms", "social_function", "phase",
 * "supervisor"; insight and symptoms also as true/false) and the flags
 * "adverse_reaction", "new_complication", "emergency" (true/false or
 * 0/1).  Other keys are ignored, so a "followup" record reads back.
 * Strings are borrowed from obj; birth_date is left as it was.
 * FDSS_EDATA with err naming the key.
 */
int fdss_visit_from_json(fdss_visit *v, const cJSON *obj, fdss_error *err);

/*
 * The record {"type":"followup","id",...,"classification","next_due",
 * "refers","action"}: absent measurements are left out.  The caller
 * cJSON_Delete()s it; NULL when out of memory.
 */
cJSON *fdss_followup_to_json(const fdss_followup *f);

/* Options of a batch of visits. */
typedef struct fdss_followup_opts {
	fdss_date ref;		/* today (--as-of): no visit after it */
	int atomic;		/* any rejection rolls everything back */
	int dry_run;		/* check and classify, store nothing */
	/* Each rejected visit: subject names it (the ID number), reason
	 * says why ("risk_level: 7 is not 0-5").  May be NULL. */
	void (*reject)(void *arg, const char *subject, const char *reason);
	/* Each visit stored.  A non-zero return stops the batch with it. */
	int (*visit)(void *arg, const fdss_followup *f);
	void *arg;
} fdss_followup_opts;

#define FDSS_FOLLOWUP_OPTS_INIT { 0, 0, 0, NULL, NULL, NULL }

/* Counts of a batch. */
typedef struct fdss_followup_stats {
	long visits;		/* visits offered */
	long recorded;		/* stored */
	long rejected;
	long recomputed;	/* later visits reclassified by a back-dated one */
	long referrals;		/* referrals created */
	int committed;		/* 1 when the batch was stored */
} fdss_followup_stats;

typedef struct fdss_followup_batch fdss_followup_batch;

/*
 * Open a batch on db: loads the rules and begins the transaction.  o is
 * copied.  The caller ends it with fdss_followup_batch_finish() and
 * frees it.  FDSS_EBUSY, FDSS_EDATA (bad rule table), FDSS_ENOMEM.
 */
int fdss_followup_batch_open(fdss_followup_batch **out, fdss_db *db,
			     const fdss_followup_opts *o);

/*
 * Record one visit (birth_date is looked up): rejected when the person
 * is unknown or not in the programme (no active condition of its kind;
 * under elderly.min_age), when fdss_visit_check() fails, or when the
 * chain already has a visit that day.  A visit dated before the chain's
 * latest reclassifies every later visit of the chain, with their
 * referrals.  A visit that refers creates a referral due within
 * referral.followup_days; each visit satisfies the person's open
 * referrals of the programme made before its date.  FDSS_OK when
 * stored; FDSS_EDATA when rejected (reported to o->reject, nothing
 * changed); other codes fail the batch (message on the handle).
 */
int fdss_followup_record(fdss_followup_batch *b, const fdss_visit *v);

/* Report a visit rejected before it reached the batch (a bad record):
 * counts it as offered and rejected and calls o->reject (subject may be
 * NULL). */
void fdss_followup_batch_reject(fdss_followup_batch *b, const char *subject,
				const char *reason);

/*
 * End the batch: commit, or roll back for a dry run or (atomic) when a
 * visit was rejected.  stats (may be NULL) gets the counts.  FDSS_OK
 * when committed or rolled back as asked; FDSS_EDATA when atomic rolled
 * back; FDSS_EBUSY, FDSS_EIO.  With fdss_db_defer_commit() the commit is
 * left to the caller.
 */
int fdss_followup_batch_finish(fdss_followup_batch *b,
			       fdss_followup_stats *stats);

/* Free the batch, rolling back if it was not finished.  NULL is harmless. */
void fdss_followup_batch_free(fdss_followup_batch *b);

/*
 * Call fn for each stored visit of id_number (a final 'x' read as 'X')
 * in program (0: all), by programme then date; a non-zero return from
 * fn stops and is returned.  FDSS_ENOTFOUND for an unknown person.
 */
int fdss_followup_list(fdss_db *db, const char *id_number, int program,
		       int (*fn)(const fdss_followup *f, void *arg),
		       void *arg);

#ifdef __cplusplus
}
#endif

#endif
