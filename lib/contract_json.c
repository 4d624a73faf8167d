/* contract_json.c: the "contract" record of fdss(7), and the requests
 * read from records. */
#include <stdio.h>

#include "fdss/contract.h"
#include "fdss/jsonl.h"

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *date_or_null(fdss_date d, int set)
{
	char buf[FDSS_DATE_BUFSZ];

	return set ? cJSON_CreateString(fdss_date_format(buf, d))
		   : cJSON_CreateNull();
}

static cJSON *fees_to_json(const fdss_contract_member *m)
{
	cJSON *a = cJSON_CreateArray(), *f;
	char buf[FDSS_DATE_BUFSZ];
	size_t i;

	for (i = 0; a && i < m->nfees; i++) {
		if (!(f = cJSON_CreateObject()) ||
		    !cJSON_AddItemToArray(a, f) ||
		    !cJSON_AddStringToObject(f, "package", m->fees[i].package) ||
		    !cJSON_AddStringToObject(f, "year_start",
				fdss_date_format(buf, m->fees[i].year_start)) ||
		    !cJSON_AddStringToObject(f, "payer",
				fdss_payer_name(m->fees[i].payer)) ||
		    !cJSON_AddNumberToObject(f, "amount_fen",
				(double)m->fees[i].amount_fen)) {
			cJSON_Delete(a);
			return NULL;
		}
	}
	return a;
}

static cJSON *member_to_json(const fdss_contract_member *m)
{
	cJSON *o = cJSON_CreateObject(), *fees;

	if (!o || !cJSON_AddStringToObject(o, "id_number", m->id_number) ||
	    !cJSON_AddItemToObject(o, "name", str_or_null(m->name)) ||
	    !cJSON_AddItemToObject(o, "packages", cJSON_CreateStringArray(
			m->packages, (int)m->npackages)) ||
	    !(fees = fees_to_json(m)) ||
	    !cJSON_AddItemToObject(o, "fees", fees)) {
		cJSON_Delete(o);
		return NULL;
	}
	if (m->ended_on) {
		char d[FDSS_DATE_BUFSZ];

		if (!cJSON_AddStringToObject(o, "ended_on",
					     fdss_date_format(d, m->ended_on)) ||
		    !cJSON_AddItemToObject(o, "end_reason",
					   str_or_null(m->end_reason)) ||
		    !cJSON_AddNumberToObject(o, "refund_fen",
					     (double)m->refund_fen)) {
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
}

cJSON *fdss_contract_to_json(const fdss_contract *c, fdss_date ref)
{
	cJSON *o = cJSON_CreateObject(), *members = cJSON_CreateArray(), *m;
	int terminated = c->terminated_on != 0 || c->termination_reason;
	size_t i;

	if (!o || !members)
		goto fail;
	cJSON_AddStringToObject(o, "type", "contract");
	cJSON_AddStringToObject(o, "number", c->number);
	cJSON_AddStringToObject(o, "household_no", c->household_no);
	cJSON_AddItemToObject(o, "village_code", str_or_null(c->village_code));
	cJSON_AddStringToObject(o, "team", c->team);
	cJSON_AddStringToObject(o, "doctor", c->doctor);
	cJSON_AddItemToObject(o, "start_date", date_or_null(c->start, 1));
	cJSON_AddItemToObject(o, "end_date", date_or_null(c->end, 1));
	cJSON_AddNumberToObject(o, "years", c->years);
	cJSON_AddStringToObject(o, "status", fdss_contract_status_name(
		fdss_contract_status_at(c->status, c->end, ref)));
	cJSON_AddItemToObject(o, "renews", str_or_null(c->renews));
	cJSON_AddItemToObject(o, "renewed_by", str_or_null(c->renewed_by));
	cJSON_AddItemToObject(o, "reviewed_at", str_or_null(c->reviewed_at));
	cJSON_AddItemToObject(o, "review_reason", str_or_null(c->review_reason));
	cJSON_AddItemToObject(o, "terminated_on",
			      date_or_null(c->terminated_on, terminated));
	cJSON_AddItemToObject(o, "termination_reason",
			      str_or_null(c->termination_reason));
	cJSON_AddNumberToObject(o, "refund_fen", (double)c->refund_fen);
	for (i = 0; i < c->nmembers; i++) {
		if (!(m = member_to_json(&c->members[i])))
			goto fail;
		cJSON_AddItemToArray(members, m);
	}
	cJSON_AddItemToObject(o, "members", members);
	return o;
fail:
	cJSON_Delete(members);
	cJSON_Delete(o);
	return NULL;
}

int fdss_sign_req_from_json(fdss_sign_req *q, const cJSON *obj,
			    const char **pkgs, size_t max, fdss_error *err)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, "packages"), *e;
	long long years;
	int rc;

	q->household_no = q->id_number = NULL;
	if ((rc = fdss_json_get_string(obj, "household_no", &q->household_no,
				       err)) == FDSS_EDATA ||
	    (rc = fdss_json_get_string(obj, "id_number", &q->id_number,
				       err)) == FDSS_EDATA ||
	    (rc = fdss_json_get_string(obj, "team", &q->team, err)) == FDSS_EDATA ||
	    (rc = fdss_json_get_string(obj, "doctor", &q->doctor, err)) == FDSS_EDATA ||
	    (rc = fdss_json_get_int(obj, "years", &years, err)) == FDSS_EDATA)
		return rc;
	if (rc == FDSS_OK && (years < 1 || years > FDSS_TERM_MAX))
		return fdss_error_set(err, FDSS_EDATA, "years: expected 1, 2 "
				      "or 3, not %lld", years);
	if (rc == FDSS_OK)
		q->years = (int)years;
	if (!a || cJSON_IsNull(a))
		return FDSS_OK;
	if (!cJSON_IsArray(a))
		return fdss_error_set(err, FDSS_EDATA, "packages: expected an "
				      "array of package codes");
	q->packages = pkgs;
	q->npackages = 0;
	cJSON_ArrayForEach(e, a) {
		if (!cJSON_IsString(e) || q->npackages == max)
			return fdss_error_set(err, FDSS_EDATA, "packages: "
					      "expected up to %zu codes", max);
		pkgs[q->npackages++] = e->valuestring;
	}
	return FDSS_OK;
}

int fdss_terminate_req_from_json(fdss_terminate_req *q, const cJSON *obj,
				 fdss_error *err)
{
	const char *date = NULL;
	char why[FDSS_ERRMSG_MAX];
	int rc;

	q->number = NULL;
	rc = fdss_json_get_string(obj, "number", &q->number, err);
	if (rc == FDSS_ENOTFOUND)
		return fdss_error_set(err, FDSS_EDATA, "no \"number\"");
	if (rc != FDSS_OK ||
	    (rc = fdss_json_get_string(obj, "reason", &q->reason,
				       err)) == FDSS_EDATA ||
	    (rc = fdss_json_get_string(obj, "date", &date, err)) == FDSS_EDATA)
		return rc;
	if (date && fdss_date_parse(&q->on, date, err) != FDSS_OK) {
		snprintf(why, sizeof(why), "%s", err->msg);
		return fdss_error_set(err, FDSS_EDATA, "date: %s", why);
	}
	return FDSS_OK;
}
