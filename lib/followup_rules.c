/*
 * followup_rules.c: the follow-up rules of domain.md §5 as pure
 * functions — the names of programmes and classifications, the known
 * rules and their defaults, the checks of a visit and its
 * classification with the next due date.  No database here.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "followup_int.h"
#include "fdss/text.h"
#include "fdss/person.h"

/* ---- names ----------------------------------------------------------- */

static const char *name_of(const char *const *names, size_t n, int v)
{
	return v >= 1 && (size_t)v <= n ? names[v - 1] : NULL;
}

static int parse_in(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i + 1;
	return 0;
}

#define NAMES(fn, ...) \
	static const char *const fn##_names[] = { __VA_ARGS__ }; \
	const char *fdss_##fn##_name(int v) \
	{ \
		return name_of(fn##_names, sizeof(fn##_names) / \
			       sizeof(fn##_names[0]), v); \
	} \
	int fdss_##fn##_parse(const char *s) \
	{ \
		return parse_in(fn##_names, sizeof(fn##_names) / \
				sizeof(fn##_names[0]), s); \
	}

static const char *const program_names[] = {
	"hypertension", "diabetes", "smi", "tb", "elderly", "chronic"
};

const char *fdss_program_name(int v)
{
	return name_of(program_names, FDSS_PROGRAM_COUNT, v);
}

int fdss_program_parse(const char *s)
{
	int p = parse_in(program_names, FDSS_PROGRAM_COUNT, s);

	/* a condition's name is its programme's: copd is chronic's */
	return p ? p : fdss_program_of_condition(fdss_condition_parse(s));
}

NAMES(visit_mode, "clinic", "home", "phone")
NAMES(insight, "good", "partial", "none")
NAMES(symptoms, "none", "some", "marked")
NAMES(social, "good", "fair", "poor")
NAMES(tb_phase, "intensive", "continuation", "stopped", "completed")
NAMES(supervisor, "staff", "family")
NAMES(class, "controlled", "uncontrolled", "adverse", "referral",
      "emergency", "stable", "basically_stable", "unstable", "intensive",
      "continuation", "stopped", "closed")

int fdss_program_of_condition(unsigned bit)
{
	switch (bit) {
	case FDSS_COND_HYPERTENSION: return FDSS_PROGRAM_HYPERTENSION;
	case FDSS_COND_DIABETES: return FDSS_PROGRAM_DIABETES;
	case FDSS_COND_TB: return FDSS_PROGRAM_TB;
	case FDSS_COND_SMI: return FDSS_PROGRAM_SMI;
	case FDSS_COND_COPD:
	case FDSS_COND_CHRONIC: return FDSS_PROGRAM_CHRONIC;
	}
	return 0;
}

/* ---- the known rules ------------------------------------------------- */

#define R(prog, key, kind, value, min, max) \
	{ #prog, #key, offsetof(fdss_rules, prog.key), kind, value, min, max }
#define DAYS(prog, key, value) R(prog, key, FDSS__RULE_INT, value, 1, 3650)
#define LIMIT(prog, key, value, max) R(prog, key, FDSS__RULE_REAL, value, 0, max)
#define COUNT(prog, key, value, min, max) R(prog, key, FDSS__RULE_INT, value, min, max)

/* The order of schema/0005_followup.sql, which seeds the same numbers. */
const struct fdss__rule_def fdss__rule_defs[] = {
	DAYS(hypertension, controlled_days, 90),
	DAYS(hypertension, uncontrolled_days, 14),
	DAYS(hypertension, adverse_days, 14),
	DAYS(hypertension, referral_check_days, 14),
	DAYS(hypertension, emergency_days, 14),
	LIMIT(hypertension, sbp_limit, 140, 300),
	LIMIT(hypertension, dbp_limit, 90, 200),
	COUNT(hypertension, elderly_age, 65, 0, 150),
	LIMIT(hypertension, sbp_limit_65, 150, 300),
	LIMIT(hypertension, dbp_limit_65, 90, 200),
	LIMIT(hypertension, emergency_sbp, 180, 300),
	LIMIT(hypertension, emergency_dbp, 110, 200),
	COUNT(hypertension, visits_per_year, 4, 0, 366),
	DAYS(diabetes, controlled_days, 90),
	DAYS(diabetes, uncontrolled_days, 14),
	DAYS(diabetes, adverse_days, 14),
	DAYS(diabetes, referral_check_days, 14),
	DAYS(diabetes, emergency_days, 14),
	LIMIT(diabetes, fpg_limit, 7.0, 35),
	LIMIT(diabetes, emergency_fpg_high, 16.7, 35),
	LIMIT(diabetes, emergency_fpg_low, 3.9, 35),
	LIMIT(diabetes, emergency_sbp, 180, 300),
	LIMIT(diabetes, emergency_dbp, 110, 200),
	LIMIT(diabetes, heart_rate_emergency, 100, 250),
	LIMIT(diabetes, temperature_emergency, 39, 45),
	COUNT(diabetes, visits_per_year, 4, 0, 366),
	DAYS(smi, stable_days, 90),
	DAYS(smi, basic_days, 14),
	DAYS(smi, basic_again_days, 14),
	DAYS(smi, unstable_days, 14),
	COUNT(smi, unstable_risk, 3, 0, 6),
	COUNT(smi, basic_risk, 1, 0, 6),
	COUNT(smi, visits_per_year, 4, 0, 366),
	DAYS(tb, intensive_days, 10),
	DAYS(tb, continuation_days, 30),
	DAYS(tb, staff_days, 30),
	COUNT(tb, first_visit_hours, 72, 1, 8760),
	DAYS(tb, stopped_days, 14),
	DAYS(tb, referral_days, 14),
	COUNT(elderly, min_age, FDSS_ELDERLY_AGE, 1, 150),
	COUNT(elderly, interval_months, 12, 1, 120),
	COUNT(elderly, visits_per_year, 1, 0, 366),
	COUNT(chronic, interval_months, 12, 1, 120),
	COUNT(chronic, visits_per_year, 1, 0, 366),
	DAYS(chronic, emergency_days, 14),
	DAYS(referral, followup_days, 14),
	COUNT(general, year_start_month, 1, 1, 12),
};
const size_t fdss__nrule_defs = sizeof(fdss__rule_defs) /
				sizeof(fdss__rule_defs[0]);

const struct fdss__rule_def *fdss__rule_find(const char *program,
					     const char *key)
{
	size_t i;

	for (i = 0; program && key && i < fdss__nrule_defs; i++)
		if (strcmp(fdss__rule_defs[i].program, program) == 0 &&
		    strcmp(fdss__rule_defs[i].key, key) == 0)
			return &fdss__rule_defs[i];
	return NULL;
}

static void store(fdss_rules *r, const struct fdss__rule_def *d, double v)
{
	char *p = (char *)r + d->offset;

	if (d->kind == FDSS__RULE_INT)
		*(int *)(void *)p = (int)v;
	else
		*(double *)(void *)p = v;
}

void fdss_rules_defaults(fdss_rules *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < fdss__nrule_defs; i++)
		store(r, &fdss__rule_defs[i], fdss__rule_defs[i].value);
}

int fdss__rule_apply(fdss_rules *r, const struct fdss__rule_def *d,
		     const char *text, fdss_error *err)
{
	int whole = d->kind == FDSS__RULE_INT;
	double v = 0;

	if (fdss_decimal_parse(&v, text, d->min, d->max, NULL) != FDSS_OK ||
	    (whole && v != floor(v)))
		return fdss_error_set(err, FDSS_EINVAL, "'%s' is not a %s "
				      "from %g to %g", text ? text : "",
				      whole ? "whole number" : "number",
				      d->min, d->max);
	store(r, d, v);
	return FDSS_OK;
}

/* ---- checks ---------------------------------------------------------- */

static int range(const char *field, double v, double min, double max,
		 fdss_error *err)
{
	if (v >= min && v <= max)
		return FDSS_OK;
	return fdss_error_set(err, FDSS_EDATA, "%s: %g is not a possible "
			      "value (%g to %g)", field, v, min, max);
}

static int missing(const char *field, int program, fdss_error *err)
{
	return fdss_error_set(err, FDSS_EDATA, "%s: required for a %s visit",
			      field, fdss_program_name(program));
}

static int check_measures(const fdss_visit *v, fdss_error *err)
{
	int rc = FDSS_OK;

	if ((v->sbp == FDSS_ABSENT) != (v->dbp == FDSS_ABSENT))
		return fdss_error_set(err, FDSS_EDATA, "%s: missing (give "
				      "sbp and dbp together)",
				      v->sbp == FDSS_ABSENT ? "sbp" : "dbp");
	if (v->sbp != FDSS_ABSENT &&
	    ((rc = range("sbp", v->sbp, 60, 299, err)) ||
	     (rc = range("dbp", v->dbp, 30, 199, err))))
		return rc;
	if (v->sbp != FDSS_ABSENT && v->sbp <= v->dbp)
		return fdss_error_set(err, FDSS_EDATA, "sbp: %d is not above "
				      "dbp %d", v->sbp, v->dbp);
	if (v->heart_rate != FDSS_ABSENT &&
	    (rc = range("heart_rate", v->heart_rate, 20, 250, err)))
		return rc;
	if (v->fpg >= 0 && (rc = range("fpg", v->fpg, 1, 35, err)))
		return rc;
	if (v->temperature >= 0 &&
	    (rc = range("temperature", v->temperature, 30, 45, err)))
		return rc;
	if (v->risk_level != FDSS_ABSENT &&
	    (rc = range("risk_level", v->risk_level, 0, 5, err)))
		return rc;
	if (v->doses_due != FDSS_ABSENT &&
	    (rc = range("doses_due", v->doses_due, 0, 366, err)))
		return rc;
	if (v->doses_taken != FDSS_ABSENT &&
	    (rc = range("doses_taken", v->doses_taken, 0,
			v->doses_due != FDSS_ABSENT ? v->doses_due : 366, err)))
		return rc;
	return FDSS_OK;
}

static int check_required(const fdss_visit *v, fdss_error *err)
{
	switch (v->program) {
	case FDSS_PROGRAM_HYPERTENSION:
		if (v->sbp == FDSS_ABSENT)
			return missing("sbp", v->program, err);
		break;
	case FDSS_PROGRAM_DIABETES:
		if (v->fpg < 0)
			return missing("fpg", v->program, err);
		break;
	case FDSS_PROGRAM_SMI:
		if (v->risk_level == FDSS_ABSENT)
			return missing("risk_level", v->program, err);
		break;
	case FDSS_PROGRAM_TB:
		if (!v->phase)
			return missing("phase", v->program, err);
		break;
	}
	return FDSS_OK;
}

int fdss_visit_check(const fdss_visit *v, fdss_date ref, fdss_error *err)
{
	char d[FDSS_DATE_BUFSZ], o[FDSS_DATE_BUFSZ];
	int rc;

	if (!fdss_program_name(v->program))
		return fdss_error_set(err, FDSS_EDATA, "program: should be "
				      "hypertension, diabetes, smi, tb, "
				      "elderly or chronic");
	if (!fdss_visit_mode_name(v->mode))
		return fdss_error_set(err, FDSS_EDATA, "mode: should be "
				      "clinic, home or phone");
	if (v->date < v->birth_date)
		return fdss_error_set(err, FDSS_EDATA, "date: %s is before "
				      "the birth date %s",
				      fdss_date_format(d, v->date),
				      fdss_date_format(o, v->birth_date));
	if (v->date > ref)
		return fdss_error_set(err, FDSS_EDATA, "date: %s is after "
				      "today (%s)", fdss_date_format(d, v->date),
				      fdss_date_format(o, ref));
	if ((rc = check_measures(v, err)) != FDSS_OK)
		return rc;
	return check_required(v, err);
}

/* ---- classification -------------------------------------------------- */

/* Write out's action text. */
static void say(fdss_visit_result *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(fdss_visit_result *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->action, sizeof(out->action), fmt, ap);
	va_end(ap);
}

static void set(fdss_visit_result *out, const fdss_rules *r, int cls,
		fdss_date date, int days, int refers)
{
	out->classification = cls;
	out->next_due = fdss_date_add_days(date, days);
	out->refers = refers;
	out->referral_due = refers ? fdss_date_add_days(date,
				r->referral.followup_days) : 0;
}

/* The blood pressure limits at v's age, into lim[2]. */
static void bp_limits(const fdss_rules *r, const fdss_visit *v, double *lim)
{
	int age = fdss_date_age(v->birth_date, v->date);
	int old = age >= r->hypertension.elderly_age;

	lim[0] = old ? r->hypertension.sbp_limit_65 : r->hypertension.sbp_limit;
	lim[1] = old ? r->hypertension.dbp_limit_65 : r->hypertension.dbp_limit;
}

static int bp_high(const fdss_rules *r, const fdss_visit *v)
{
	double lim[2];

	if (!v || v->sbp == FDSS_ABSENT)
		return 0;
	bp_limits(r, v, lim);
	return v->sbp >= lim[0] || v->dbp >= lim[1];
}

static int fpg_high(const fdss_rules *r, const fdss_visit *v)
{
	return v && v->fpg >= 0 && v->fpg >= r->diabetes.fpg_limit;
}

static int uncontrolled(const fdss_rules *r, const fdss_visit *v, int program)
{
	return program == FDSS_PROGRAM_DIABETES ? fpg_high(r, v)
						: bp_high(r, v);
}

/* Why v is an emergency, into why (size n); 0 if it is not. */
static int emergency(const fdss_rules *r, const fdss_visit *v, int diabetes,
		     char *why, size_t n)
{
	double esbp = diabetes ? r->diabetes.emergency_sbp
			       : r->hypertension.emergency_sbp;
	double edbp = diabetes ? r->diabetes.emergency_dbp
			       : r->hypertension.emergency_dbp;

	if (v->sbp != FDSS_ABSENT && (v->sbp >= esbp || v->dbp >= edbp))
		snprintf(why, n, "BP %d/%d", v->sbp, v->dbp);
	else if (diabetes && v->fpg >= 0 &&
		 (v->fpg >= r->diabetes.emergency_fpg_high ||
		  v->fpg <= r->diabetes.emergency_fpg_low))
		snprintf(why, n, "FPG %.1f", v->fpg);
	else if (diabetes && v->heart_rate != FDSS_ABSENT &&
		 v->heart_rate > r->diabetes.heart_rate_emergency)
		snprintf(why, n, "heart rate %d", v->heart_rate);
	else if (diabetes && v->temperature >= 0 &&
		 v->temperature > r->diabetes.temperature_emergency)
		snprintf(why, n, "temperature %.1f", v->temperature);
	else if (v->emergency)
		snprintf(why, n, "listed symptoms");
	else
		return 0;
	return 1;
}

/* "BP 150/95, target below 140/90" or "FPG 8.1, target below 7.0". */
static void measured(const fdss_rules *r, const fdss_visit *v, int program,
		     char *buf, size_t n)
{
	double lim[2];

	if (program == FDSS_PROGRAM_DIABETES) {
		snprintf(buf, n, "FPG %.1f, target below %.1f", v->fpg,
			 r->diabetes.fpg_limit);
		return;
	}
	bp_limits(r, v, lim);
	snprintf(buf, n, "BP %d/%d, target below %g/%g", v->sbp, v->dbp,
		 lim[0], lim[1]);
}

/* Hypertension and diabetes: the same ladder with their own numbers. */
static void classify_cd(fdss_visit_result *out, const fdss_rules *r,
			const fdss_visit *v, const fdss_visit *prev)
{
	int dm = v->program == FDSS_PROGRAM_DIABETES;
	int controlled_days = dm ? r->diabetes.controlled_days
				 : r->hypertension.controlled_days;
	int uncontrolled_days = dm ? r->diabetes.uncontrolled_days
				   : r->hypertension.uncontrolled_days;
	int adverse_days = dm ? r->diabetes.adverse_days
			      : r->hypertension.adverse_days;
	int referral_days = dm ? r->diabetes.referral_check_days
			       : r->hypertension.referral_check_days;
	int emergency_days = dm ? r->diabetes.emergency_days
				: r->hypertension.emergency_days;
	int high = uncontrolled(r, v, v->program);
	char why[64], d[FDSS_DATE_BUFSZ];

	if (emergency(r, v, dm, why, sizeof(why))) {
		set(out, r, FDSS_CLASS_EMERGENCY, v->date, emergency_days, 1);
		say(out, "emergency (%s): refer urgently, and check the "
		    "referral by %s", why, fdss_date_format(d, out->next_due));
	} else if (v->new_complication) {
		set(out, r, FDSS_CLASS_REFERRAL, v->date, referral_days, 1);
		say(out, "new or worse complication: refer, and check the "
		    "referral by %s", fdss_date_format(d, out->next_due));
	} else if (high && uncontrolled(r, prev, v->program)) {
		set(out, r, FDSS_CLASS_REFERRAL, v->date, referral_days, 1);
		say(out, "uncontrolled twice in a row: refer, and check the "
		    "referral by %s", fdss_date_format(d, out->next_due));
	} else if (v->adverse_reaction && prev && prev->adverse_reaction) {
		set(out, r, FDSS_CLASS_REFERRAL, v->date, referral_days, 1);
		say(out, "adverse reaction twice in a row: refer, and check "
		    "the referral by %s", fdss_date_format(d, out->next_due));
	} else if (high) {
		set(out, r, FDSS_CLASS_UNCONTROLLED, v->date,
		    uncontrolled_days, 0);
		measured(r, v, v->program, why, sizeof(why));
		say(out, "uncontrolled (%s): adjust treatment, next visit by "
		    "%s", why, fdss_date_format(d, out->next_due));
	} else if (v->adverse_reaction) {
		set(out, r, FDSS_CLASS_ADVERSE, v->date, adverse_days, 0);
		say(out, "drug adverse reaction: adjust treatment, next visit "
		    "by %s", fdss_date_format(d, out->next_due));
	} else {
		set(out, r, FDSS_CLASS_CONTROLLED, v->date, controlled_days, 0);
		say(out, "controlled: next visit by %s",
		    fdss_date_format(d, out->next_due));
	}
}

/* SMI stability of one visit, with the reason in why. */
static int smi_state(const fdss_rules *r, const fdss_visit *v, char *why,
		     size_t n)
{
	const char *w = NULL;
	int cls = FDSS_CLASS_STABLE;

	if (v->risk_level >= r->smi.unstable_risk)
		cls = FDSS_CLASS_UNSTABLE;
	else if (v->symptoms == FDSS_SYMPTOMS_MARKED)
		cls = FDSS_CLASS_UNSTABLE, w = "marked symptoms";
	else if (v->insight == FDSS_INSIGHT_NONE)
		cls = FDSS_CLASS_UNSTABLE, w = "no insight";
	else if (v->adverse_reaction)
		cls = FDSS_CLASS_UNSTABLE, w = "serious adverse reaction";
	else if (v->new_complication)
		cls = FDSS_CLASS_UNSTABLE, w = "serious physical illness";
	else if (v->emergency)
		cls = FDSS_CLASS_UNSTABLE, w = "emergency";
	else if (v->risk_level >= r->smi.basic_risk)
		cls = FDSS_CLASS_BASICALLY_STABLE;
	else if (v->symptoms == FDSS_SYMPTOMS_SOME)
		cls = FDSS_CLASS_BASICALLY_STABLE, w = "some symptoms";
	else if (v->insight == FDSS_INSIGHT_PARTIAL)
		cls = FDSS_CLASS_BASICALLY_STABLE, w = "partial insight";
	else if (v->social_function == FDSS_SOCIAL_POOR)
		cls = FDSS_CLASS_BASICALLY_STABLE, w = "poor social function";
	if (w)
		snprintf(why, n, "%s", w);
	else
		snprintf(why, n, "risk level %d", v->risk_level);
	return cls;
}

static void classify_smi(fdss_visit_result *out, const fdss_rules *r,
			 const fdss_visit *v, const fdss_visit *prev)
{
	char why[64], pwhy[64], d[FDSS_DATE_BUFSZ];
	int cls = smi_state(r, v, why, sizeof(why));

	if (cls == FDSS_CLASS_UNSTABLE) {
		set(out, r, cls, v->date, r->smi.unstable_days, 1);
		say(out, "unstable (%s): refer now, and check the referral "
		    "by %s", why, fdss_date_format(d, out->next_due));
	} else if (cls == FDSS_CLASS_BASICALLY_STABLE && prev &&
		   smi_state(r, prev, pwhy, sizeof(pwhy)) == cls) {
		set(out, r, cls, v->date, r->smi.basic_again_days, 0);
		say(out, "basically stable twice in a row (%s): seek a "
		    "psychiatrist's guidance, next visit by %s", why,
		    fdss_date_format(d, out->next_due));
	} else if (cls == FDSS_CLASS_BASICALLY_STABLE) {
		set(out, r, cls, v->date, r->smi.basic_days, 0);
		say(out, "basically stable (%s): adjust treatment, next "
		    "visit by %s", why, fdss_date_format(d, out->next_due));
	} else {
		set(out, r, cls, v->date, r->smi.stable_days, 0);
		say(out, "stable: next visit by %s",
		    fdss_date_format(d, out->next_due));
	}
}

static void classify_tb(fdss_visit_result *out, const fdss_rules *r,
			const fdss_visit *v)
{
	char d[FDSS_DATE_BUFSZ], missed[32] = "";
	int staff = v->supervisor == FDSS_SUPERVISOR_STAFF;
	int intensive = v->phase == FDSS_PHASE_INTENSIVE;

	if (v->phase == FDSS_PHASE_COMPLETED) {
		set(out, r, FDSS_CLASS_CLOSED, v->date, 0, 0);
		out->next_due = 0;
		say(out, "treatment completed: closure assessment, no "
		    "further visit");
	} else if (v->emergency || v->adverse_reaction || v->new_complication) {
		set(out, r, v->emergency ? FDSS_CLASS_EMERGENCY
			 : FDSS_CLASS_REFERRAL, v->date, r->tb.referral_days, 1);
		say(out, "%s: refer%s, and check the referral by %s",
		    v->emergency ? "emergency" : v->adverse_reaction
		    ? "adverse reaction" : "complication",
		    v->emergency ? " urgently" : "",
		    fdss_date_format(d, out->next_due));
	} else if (v->phase == FDSS_PHASE_STOPPED) {
		set(out, r, FDSS_CLASS_STOPPED, v->date, r->tb.stopped_days, 1);
		say(out, "treatment stopped: refer, and follow up by phone "
		    "by %s", fdss_date_format(d, out->next_due));
	} else {
		set(out, r, intensive ? FDSS_CLASS_INTENSIVE
			 : FDSS_CLASS_CONTINUATION, v->date, staff
			 ? r->tb.staff_days : intensive ? r->tb.intensive_days
			 : r->tb.continuation_days, 0);
		if (v->doses_due != FDSS_ABSENT && v->doses_taken != FDSS_ABSENT
		    && v->doses_taken < v->doses_due)
			snprintf(missed, sizeof(missed), ", %d doses missed",
				 v->doses_due - v->doses_taken);
		say(out, "%s phase, %s-supervised%s: next visit by %s",
		    intensive ? "intensive" : "continuation",
		    staff ? "staff" : "family", missed,
		    fdss_date_format(d, out->next_due));
	}
}

/* Elderly and other chronic: a yearly visit, an emergency refers. */
static void classify_yearly(fdss_visit_result *out, const fdss_rules *r,
			    const fdss_visit *v)
{
	int months = v->program == FDSS_PROGRAM_ELDERLY
			     ? r->elderly.interval_months
			     : r->chronic.interval_months;
	char why[64], d[FDSS_DATE_BUFSZ];
	int high = bp_high(r, v) || fpg_high(r, v);

	if (emergency(r, v, 1, why, sizeof(why))) {
		set(out, r, FDSS_CLASS_EMERGENCY, v->date,
		    r->chronic.emergency_days, 1);
		say(out, "emergency (%s): refer urgently, and check the "
		    "referral by %s", why, fdss_date_format(d, out->next_due));
		return;
	}
	set(out, r, high ? FDSS_CLASS_UNCONTROLLED : FDSS_CLASS_CONTROLLED,
	    v->date, 0, 0);
	out->next_due = fdss_date_add_months(v->date, months);
	if (high)
		measured(r, v, bp_high(r, v) ? FDSS_PROGRAM_HYPERTENSION
			 : FDSS_PROGRAM_DIABETES, why, sizeof(why));
	say(out, "%s%s%s: next %s by %s", high ? "uncontrolled (" : "",
	    high ? why : v->program == FDSS_PROGRAM_ELDERLY
	    ? "health check done" : "visit done", high ? ")" : "",
	    v->program == FDSS_PROGRAM_ELDERLY ? "health check" : "visit",
	    fdss_date_format(d, out->next_due));
}

int fdss_followup_classify(fdss_visit_result *out, const fdss_rules *r,
			   const fdss_visit *v, const fdss_visit *prev)
{
	memset(out, 0, sizeof(*out));
	if (prev && prev->program != v->program)
		prev = NULL;
	switch (v->program) {
	case FDSS_PROGRAM_HYPERTENSION:
	case FDSS_PROGRAM_DIABETES:
		classify_cd(out, r, v, prev);
		return FDSS_OK;
	case FDSS_PROGRAM_SMI:
		classify_smi(out, r, v, prev);
		return FDSS_OK;
	case FDSS_PROGRAM_TB:
		classify_tb(out, r, v);
		return FDSS_OK;
	case FDSS_PROGRAM_ELDERLY:
	case FDSS_PROGRAM_CHRONIC:
		classify_yearly(out, r, v);
		return FDSS_OK;
	}
	return FDSS_EINVAL;
}
