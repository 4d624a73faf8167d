/* contract_json.c: the "contract" record of fdss(7), and the requests
 * read from records. */
#include <stdio.h>
#include <string.h>

#include "fdss/contract.h"
#include "fdss/jsonl.h"

/* "key":"YYYY-MM-DD", or null when unset. */
static void kdate(fdss_jbuf *b, const char *key, fdss_date d, int set)
{
	char buf[FDSS_DATE_BUFSZ];

	fdss_jbuf_kstr(b, key, set ? fdss_date_format(buf, d) : NULL);
}

static void fees_json(fdss_jbuf *b, const fdss_contract_member *m)
{
	size_t i;

	fdss_jbuf_key(b, "fees");
	fdss_jbuf_open(b, '[');
	for (i = 0; i < m->nfees; i++) {
		const fdss_contract_fee *f = &m->fees[i];

		fdss_jbuf_open(b, '{');
		fdss_jbuf_kstr(b, "package", f->package);
		kdate(b, "year_start", f->year_start, 1);
		fdss_jbuf_kstr(b, "payer", fdss_payer_name(f->payer));
		fdss_jbuf_kint(b, "amount_fen", f->amount_fen);
		fdss_jbuf_close(b, '}');
	}
	fdss_jbuf_close(b, ']');
}

static void member_json(fdss_jbuf *b, const fdss_contract_member *m)
{
	size_t i;

	fdss_jbuf_open(b, '{');
	fdss_jbuf_kstr(b, "id_number", m->id_number);
	fdss_jbuf_kstr(b, "name", m->name);
	fdss_jbuf_key(b, "packages");
	fdss_jbuf_open(b, '[');
	for (i = 0; i < m->npackages; i++)
		fdss_jbuf_str(b, m->packages[i]);
	fdss_jbuf_close(b, ']');
	fees_json(b, m);
	if (m->ended_on) {
		kdate(b, "ended_on", m->ended_on, 1);
		fdss_jbuf_kstr(b, "end_reason", m->end_reason);
		fdss_jbuf_kint(b, "refund_fen", m->refund_fen);
	}
	fdss_jbuf_close(b, '}');
}

int fdss_contract_json(fdss_jbuf *b, const fdss_contract *c, fdss_date ref)
{
	int terminated = c->terminated_on != 0 || c->termination_reason;
	size_t i;

	fdss_jbuf_open(b, '{');
	fdss_jbuf_kstr(b, "type", "contract");
	fdss_jbuf_kstr(b, "number", c->number);
	fdss_jbuf_kstr(b, "household_no", c->household_no);
	fdss_jbuf_kstr(b, "village_code", c->village_code);
	fdss_jbuf_kstr(b, "team", c->team);
	fdss_jbuf_kstr(b, "doctor", c->doctor);
	kdate(b, "start_date", c->start, 1);
	kdate(b, "end_date", c->end, 1);
	fdss_jbuf_kint(b, "years", c->years);
	fdss_jbuf_kstr(b, "status", fdss_contract_status_name(
		fdss_contract_status_at(c->status, c->reviewed_at != NULL,
					c->start, c->end, c->terminated_on,
					ref)));
	fdss_jbuf_kstr(b, "renews", c->renews);
	fdss_jbuf_kstr(b, "renewed_by", c->renewed_by);
	fdss_jbuf_kstr(b, "reviewed_at", c->reviewed_at);
	fdss_jbuf_kstr(b, "review_reason", c->review_reason);
	kdate(b, "terminated_on", c->terminated_on, terminated);
	fdss_jbuf_kstr(b, "termination_reason", c->termination_reason);
	fdss_jbuf_kint(b, "refund_fen", c->refund_fen);
	fdss_jbuf_key(b, "members");
	fdss_jbuf_open(b, '[');
	for (i = 0; i < c->nmembers; i++)
		member_json(b, &c->members[i]);
	fdss_jbuf_close(b, ']');
	fdss_jbuf_close(b, '}');
	return fdss_jbuf_rc(b);
}

cJSON *fdss_contract_to_json(const fdss_contract *c, fdss_date ref)
{
	fdss_jbuf b = FDSS_JBUF_INIT;
	cJSON *rec = NULL;

	if (fdss_contract_json(&b, c, ref) == FDSS_OK)
		rec = cJSON_ParseWithLength(b.s, b.len);
	fdss_jbuf_release(&b);
	return rec;
}

const char *const fdss_sign_req_keys[] = {
	"household_no", "id_number", "team", "doctor", "years", "packages",
	NULL
};

/* Is key there and not null?  A record of a person listing has no team,
 * doctor or years: not asking fdss_json_get_*() spares their message. */
static int given(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return v && !cJSON_IsNull(v);
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
	    (given(obj, "team") && (rc = fdss_json_get_string(obj, "team",
				&q->team, err)) == FDSS_EDATA) ||
	    (given(obj, "doctor") && (rc = fdss_json_get_string(obj, "doctor",
				&q->doctor, err)) == FDSS_EDATA))
		return rc;
	rc = given(obj, "years") ? fdss_json_get_int(obj, "years", &years, err)
				 : FDSS_ENOTFOUND;
	if (rc == FDSS_EDATA)
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
