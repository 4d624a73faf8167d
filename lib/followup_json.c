/*
 * followup_json.c: the JSON shapes of the follow-up module — the visit
 * a record describes, the "followup" record and the "rule" record.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "followup_int.h"

/* ---- reading a visit ------------------------------------------------- */

static int bad_name(const char *key, const char *s, const char *want,
		    fdss_error *err)
{
	return fdss_error_set(err, FDSS_EDATA, "%s: '%s' should be %s", key,
			      s, want);
}

/* An optional whole number into *out (left as it is when absent). */
static int get_int(const cJSON *obj, const char *key, int *out,
		   fdss_error *err)
{
	long long n;
	int rc = fdss_json_get_int(obj, key, &n, err);

	if (rc == FDSS_ENOTFOUND)
		return FDSS_OK;
	if (rc != FDSS_OK)
		return rc;
	if (n < -100000 || n > 100000)
		return fdss_error_set(err, FDSS_EDATA, "%s: %lld is not a "
				      "possible value", key, n);
	*out = (int)n;
	return FDSS_OK;
}

static int get_real(const cJSON *obj, const char *key, double *out,
		    fdss_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v || cJSON_IsNull(v))
		return FDSS_OK;
	if (!cJSON_IsNumber(v))
		return fdss_error_set(err, FDSS_EDATA, "key '%s': expected a "
				      "number", key);
	if (!(v->valuedouble >= 0 && v->valuedouble < 1e6))
		return fdss_error_set(err, FDSS_EDATA, "%s: %g is not a "
				      "possible value", key, v->valuedouble);
	*out = v->valuedouble;
	return FDSS_OK;
}

/* A flag: true/false or 0/1. */
static int get_flag(const cJSON *obj, const char *key, int *out,
		    fdss_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v || cJSON_IsNull(v))
		return FDSS_OK;
	if (cJSON_IsBool(v))
		*out = cJSON_IsTrue(v);
	else if (cJSON_IsNumber(v) && (v->valuedouble == 0 ||
				       v->valuedouble == 1))
		*out = v->valuedouble == 1;
	else
		return fdss_error_set(err, FDSS_EDATA, "key '%s': expected "
				      "true or false", key);
	return FDSS_OK;
}

/*
 * A name of an enum into *out; a boolean maps to yes (true) or no
 * (false) when they are not 0.
 */
static int get_name(const cJSON *obj, const char *key, int *out,
		    int (*parse)(const char *), const char *want, int yes,
		    int no, fdss_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v || cJSON_IsNull(v))
		return FDSS_OK;
	if (yes && cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v) ? yes : no;
		return FDSS_OK;
	}
	if (!cJSON_IsString(v))
		return fdss_error_set(err, FDSS_EDATA, "key '%s': expected "
				      "%s", key, want);
	if (!(*out = parse(v->valuestring)))
		return bad_name(key, v->valuestring, want, err);
	return FDSS_OK;
}

static int get_ids(fdss_visit *v, const cJSON *obj, fdss_error *err)
{
	const char *s = NULL;
	int rc;

	if ((rc = fdss_json_get_string(obj, "id_number", &v->id_number, err)))
		return rc == FDSS_ENOTFOUND ? fdss_error_set(err, FDSS_EDATA,
				"id_number: missing") : rc;
	if ((rc = fdss_json_get_string(obj, "program", &s, err)))
		return rc == FDSS_ENOTFOUND ? fdss_error_set(err, FDSS_EDATA,
				"program: missing") : rc;
	if (!(v->program = fdss_program_parse(s)))
		return bad_name("program", s, "hypertension, diabetes, smi, "
				"tb, elderly or chronic", err);
	rc = fdss_json_get_string(obj, "date", &s, err);
	if (rc == FDSS_ENOTFOUND)
		rc = fdss_json_get_string(obj, "visit_date", &s, err);
	if (rc == FDSS_ENOTFOUND)
		return fdss_error_set(err, FDSS_EDATA, "date: missing");
	if (rc)
		return rc;
	if (fdss_date_parse(&v->date, s, NULL) != FDSS_OK)
		return fdss_error_set(err, FDSS_EDATA, "date: '%s' is not a "
				      "date (YYYY-MM-DD)", s);
	s = NULL;
	if ((rc = fdss_json_get_string(obj, "doctor", &s, err)) &&
	    rc != FDSS_ENOTFOUND)
		return rc;
	v->doctor = s;
	return get_name(obj, "mode", &v->mode, fdss_visit_mode_parse,
			"clinic, home or phone", 0, 0, err);
}

int fdss_visit_from_json(fdss_visit *v, const cJSON *obj, fdss_error *err)
{
	int rc;

	if ((rc = get_ids(v, obj, err)) ||
	    (rc = get_int(obj, "sbp", &v->sbp, err)) ||
	    (rc = get_int(obj, "dbp", &v->dbp, err)) ||
	    (rc = get_int(obj, "heart_rate", &v->heart_rate, err)) ||
	    (rc = get_real(obj, "fpg", &v->fpg, err)) ||
	    (rc = get_real(obj, "temperature", &v->temperature, err)) ||
	    (rc = get_int(obj, "risk_level", &v->risk_level, err)) ||
	    (rc = get_name(obj, "insight", &v->insight, fdss_insight_parse,
			   "good, partial or none", FDSS_INSIGHT_GOOD,
			   FDSS_INSIGHT_NONE, err)) ||
	    (rc = get_name(obj, "symptoms", &v->symptoms, fdss_symptoms_parse,
			   "none, some or marked", FDSS_SYMPTOMS_SOME,
			   FDSS_SYMPTOMS_NONE, err)) ||
	    (rc = get_name(obj, "social_function", &v->social_function,
			   fdss_social_parse, "good, fair or poor", 0, 0,
			   err)) ||
	    (rc = get_name(obj, "phase", &v->phase, fdss_tb_phase_parse,
			   "intensive, continuation, stopped or completed", 0,
			   0, err)) ||
	    (rc = get_name(obj, "supervisor", &v->supervisor,
			   fdss_supervisor_parse, "staff or family", 0, 0,
			   err)) ||
	    (rc = get_int(obj, "doses_taken", &v->doses_taken, err)) ||
	    (rc = get_int(obj, "doses_due", &v->doses_due, err)) ||
	    (rc = get_flag(obj, "adverse_reaction", &v->adverse_reaction,
			   err)) ||
	    (rc = get_flag(obj, "new_complication", &v->new_complication,
			   err)) ||
	    (rc = get_flag(obj, "emergency", &v->emergency, err)))
		return FDSS_EDATA;
	return FDSS_OK;
}

/* ---- records --------------------------------------------------------- */

static int put_num(cJSON *rec, const char *key, double n)
{
	cJSON *item = cJSON_CreateNumber(n);

	if (item && cJSON_AddItemToObjectCS(rec, key, item))
		return 1;
	cJSON_Delete(item);
	return 0;
}

static int put_opt_int(cJSON *rec, const char *key, int n)
{
	return n == FDSS_ABSENT || put_num(rec, key, n);
}

static int put_opt_real(cJSON *rec, const char *key, double n)
{
	return n < 0 || put_num(rec, key, n);
}

static int put_opt_name(cJSON *rec, const char *key, const char *name)
{
	return !name || fdss__put_str(rec, key, name);
}

static int put_date(cJSON *rec, const char *key, fdss_date d)
{
	char buf[FDSS_DATE_BUFSZ];

	return fdss__put_str(rec, key, d ? fdss_date_format(buf, d) : NULL);
}

static int put_measures(cJSON *rec, const fdss_visit *v)
{
	return put_opt_int(rec, "sbp", v->sbp) &&
	       put_opt_int(rec, "dbp", v->dbp) &&
	       put_opt_int(rec, "heart_rate", v->heart_rate) &&
	       put_opt_real(rec, "fpg", v->fpg) &&
	       put_opt_real(rec, "temperature", v->temperature) &&
	       put_opt_int(rec, "risk_level", v->risk_level) &&
	       put_opt_name(rec, "insight", fdss_insight_name(v->insight)) &&
	       put_opt_name(rec, "symptoms", fdss_symptoms_name(v->symptoms)) &&
	       put_opt_name(rec, "social_function",
			    fdss_social_name(v->social_function)) &&
	       put_opt_name(rec, "phase", fdss_tb_phase_name(v->phase)) &&
	       put_opt_name(rec, "supervisor",
			    fdss_supervisor_name(v->supervisor)) &&
	       put_opt_int(rec, "doses_taken", v->doses_taken) &&
	       put_opt_int(rec, "doses_due", v->doses_due) &&
	       fdss__put_bool(rec, "adverse_reaction", v->adverse_reaction) &&
	       fdss__put_bool(rec, "new_complication", v->new_complication) &&
	       fdss__put_bool(rec, "emergency", v->emergency);
}

cJSON *fdss_followup_to_json(const fdss_followup *f)
{
	const fdss_visit *v = &f->visit;
	const fdss_visit_result *res = &f->result;
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "followup") &&
	    fdss__put_int(rec, "id", f->id, f->id == 0) &&
	    fdss__put_str(rec, "id_number", v->id_number) &&
	    fdss__put_str(rec, "program", fdss_program_name(v->program)) &&
	    put_date(rec, "date", v->date) &&
	    fdss__put_str(rec, "mode", fdss_visit_mode_name(v->mode)) &&
	    fdss__put_str(rec, "doctor", v->doctor) &&
	    put_measures(rec, v) &&
	    fdss__put_str(rec, "classification",
			  fdss_class_name(res->classification)) &&
	    put_date(rec, "next_due", res->next_due) &&
	    fdss__put_bool(rec, "refers", res->refers) &&
	    put_date(rec, "referral_due", res->referral_due) &&
	    fdss__put_str(rec, "action", res->action))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

cJSON *fdss_rule_to_json(const fdss_rule *rule)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "rule") &&
	    fdss__put_str(rec, "program", rule->program) &&
	    fdss__put_str(rec, "key", rule->key) &&
	    put_num(rec, "value", strtod(rule->value, NULL)) &&
	    fdss__put_str(rec, "description", rule->description))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

/* ---- the record as text, for the audit log ---------------------------- */

/* key and n as cJSON prints a number: "%d" when whole, else 15
 * significant digits, or 17 when 15 do not read back as n. */
static void text_real(fdss_jbuf *b, const char *key, double n)
{
	char buf[32];
	double back, d, m;

	if (n < 0)
		return;
	if (n < 1e9 && n == (double)(int)n) {
		fdss_jbuf_kint(b, key, (int)n);
		return;
	}
	snprintf(buf, sizeof(buf), "%1.15g", n);
	back = strtod(buf, NULL);
	d = back > n ? back - n : n - back;
	m = back > n ? back : n;
	if (d > m * DBL_EPSILON)
		snprintf(buf, sizeof(buf), "%1.17g", n);
	fdss_jbuf_key(b, key);
	fdss_jbuf_raw(b, buf, strlen(buf));
}

/* As fdss__put_str: "" as null. */
static void text_str(fdss_jbuf *b, const char *key, const char *s)
{
	fdss_jbuf_kstr(b, key, s && *s ? s : NULL);
}

static void text_opt_int(fdss_jbuf *b, const char *key, int n)
{
	if (n != FDSS_ABSENT)
		fdss_jbuf_kint(b, key, n);
}

static void text_opt_name(fdss_jbuf *b, const char *key, const char *name)
{
	if (name)
		text_str(b, key, name);
}

static void text_bool(fdss_jbuf *b, const char *key, int v)
{
	fdss_jbuf_key(b, key);
	fdss_jbuf_bool(b, v);
}

static void text_date(fdss_jbuf *b, const char *key, fdss_date d)
{
	char buf[FDSS_DATE_BUFSZ];

	text_str(b, key, d ? fdss_date_format(buf, d) : NULL);
}

static void text_measures(fdss_jbuf *b, const fdss_visit *v)
{
	text_opt_int(b, "sbp", v->sbp);
	text_opt_int(b, "dbp", v->dbp);
	text_opt_int(b, "heart_rate", v->heart_rate);
	text_real(b, "fpg", v->fpg);
	text_real(b, "temperature", v->temperature);
	text_opt_int(b, "risk_level", v->risk_level);
	text_opt_name(b, "insight", fdss_insight_name(v->insight));
	text_opt_name(b, "symptoms", fdss_symptoms_name(v->symptoms));
	text_opt_name(b, "social_function",
		      fdss_social_name(v->social_function));
	text_opt_name(b, "phase", fdss_tb_phase_name(v->phase));
	text_opt_name(b, "supervisor", fdss_supervisor_name(v->supervisor));
	text_opt_int(b, "doses_taken", v->doses_taken);
	text_opt_int(b, "doses_due", v->doses_due);
	text_bool(b, "adverse_reaction", v->adverse_reaction);
	text_bool(b, "new_complication", v->new_complication);
	text_bool(b, "emergency", v->emergency);
}

int fdss__followup_text(fdss_jbuf *b, const fdss_followup *f)
{
	const fdss_visit *v = &f->visit;
	const fdss_visit_result *res = &f->result;

	fdss_jbuf_reset(b);
	fdss_jbuf_open(b, '{');
	text_str(b, "type", "followup");
	fdss_jbuf_key(b, "id");
	if (f->id == 0)
		fdss_jbuf_null(b);
	else
		fdss_jbuf_int(b, f->id);
	text_str(b, "id_number", v->id_number);
	text_str(b, "program", fdss_program_name(v->program));
	text_date(b, "date", v->date);
	text_str(b, "mode", fdss_visit_mode_name(v->mode));
	text_str(b, "doctor", v->doctor);
	text_measures(b, v);
	text_str(b, "classification", fdss_class_name(res->classification));
	text_date(b, "next_due", res->next_due);
	text_bool(b, "refers", res->refers);
	text_date(b, "referral_due", res->referral_due);
	text_str(b, "action", res->action);
	fdss_jbuf_close(b, '}');
	return fdss_jbuf_rc(b);
}
