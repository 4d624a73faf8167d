/*
 * cli_visit.c: visits as fdss followup takes and prints them — the
 * visit of the options, a batch of visits from them or from stdin, the
 * records of a visit and of a follow-up due.
 */
#include "cli.h"

/* What the value of a field's option is. */
enum field_kind { TEXT, NUMBER, FLAG };

#define FIELD(first, i, name, key, kind) { key, kind },
static const struct field {
	const char *key;	/* in the visit's record */
	int kind;		/* enum field_kind */
} fields[] = { CLI_VISIT_FIELDS(FIELD, 0) };

const char *const cli_visit_columns[] = {
	"id", "id_number", "date", "program", "mode", "sbp", "dbp", "fpg",
	"risk_level", "phase", "classification", "next_due", "action"
};
const size_t cli_nvisit_columns = CLI_NCOLS(cli_visit_columns);
const char *const cli_due_columns[] = {
	"due_date", "days_overdue", "program", "id_number", "name", "reason",
	"doctor", "team", "village_code"
};
const size_t cli_ndue_columns = CLI_NCOLS(cli_due_columns);

void cli_visit_option(const struct cli *c, cJSON *obj, int i,
		      const char *arg)
{
	const struct field *f = &fields[i];
	double n;

	cJSON_DeleteItemFromObjectCaseSensitive(obj, f->key);
	if (f->kind == FLAG) {
		cJSON_AddTrueToObject(obj, f->key);
		return;
	}
	if (f->kind == TEXT) {
		cJSON_AddStringToObject(obj, f->key, arg);
		return;
	}
	if (fdss_decimal_parse(&n, arg, -1e6, 1e6, NULL) != FDSS_OK)
		cli_usage_error(c, "--%s '%s': expected a number in decimal, "
				"such as 150 or 7.2", f->key, arg);
	cJSON_AddNumberToObject(obj, f->key, n);
}

/* The visit callback of the batch (arg is the struct cli_batch). */
static int on_visit(void *arg, const fdss_followup *f)
{
	return cli_out_record(((struct cli_batch *)arg)->o,
			      fdss_followup_to_json(f));
}

/* The walk callback of a listing (arg is the struct cli_batch). */
static int on_listed(const fdss_followup *f, void *arg)
{
	return on_visit(arg, f);
}

int cli_due_print(const fdss_due *d, void *arg)
{
	return cli_out_record(arg, fdss_due_to_json(d));
}

/* One record into the batch; a bad record is rejected here. */
static int record_one(fdss_followup_batch *b, const cJSON *obj)
{
	fdss_visit v = FDSS_VISIT_INIT;
	fdss_error err = FDSS_ERROR_INIT;
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id_number");

	if (fdss_visit_from_json(&v, obj, &err) != FDSS_OK) {
		fdss_followup_batch_reject(b, cJSON_IsString(id)
					   ? id->valuestring : NULL, err.msg);
		return FDSS_EDATA;
	}
	return fdss_followup_record(b, &v);
}

static int record_line(void *arg, const cJSON *obj, const char *bad)
{
	if (bad) {
		fdss_followup_batch_reject(arg, NULL, bad);
		return FDSS_EDATA;
	}
	return record_one(arg, obj);
}

/* "fdss-followup: read N, recorded N, ..." on stderr, --summary and the
 * commit. */
static int close_batch(struct cli_batch *r, const fdss_followup_stats *st,
		       const char *note, int *stored)
{
	const struct cli_count counts[] = {
		{ "read", st->visits }, { "recorded", st->recorded },
		{ "recomputed", st->recomputed },
		{ "referrals", st->referrals }, { "rejected", st->rejected }
	};

	return cli_batch_close(r, "followup", counts, 5, note, st->rejected,
			       stored);
}

int cli_visit_record(struct cli_batch *r, fdss_followup_opts *o,
		     const cJSON *one, int *stored)
{
	fdss_followup_batch *b = NULL;
	fdss_followup_stats st;
	int rc, status;

	o->ref = r->c->today;
	o->reject = cli_batch_reject;
	o->visit = on_visit;
	o->arg = r;
	if ((rc = fdss_followup_batch_open(&b, r->db, o)) != FDSS_OK)
		return cli_fail(r->c, rc, fdss_db_error(r->db));
	rc = one ? record_one(b, one) : cli_batch_read(r, record_line, b);
	if (rc != FDSS_OK && rc != FDSS_EDATA) {
		status = cli_status(r->c, r->db, rc);
		fdss_followup_batch_free(b);
		return status;
	}
	rc = fdss_followup_batch_finish(b, &st);
	fdss_followup_batch_free(b);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		return cli_fail(r->c, rc, fdss_db_error(r->db));
	return close_batch(r, &st, cli_batch_note(o->dry_run, rc), stored);
}

int cli_visit_list(struct cli_batch *r, struct cli_operands *ops, int program)
{
	int status, rc = FDSS_OK;
	char **ids = NULL;
	size_t n = 0, i;

	if ((status = cli_operands_resolve(r->c, r->db, ops)) != EXIT_OK ||
	    (status = cli_operands_people(r->c, r->db, ops, "all", &ids, &n)))
		return status;
	for (i = 0; i < n && rc == FDSS_OK; i++)
		rc = fdss_followup_list(r->db, ids[i], program, on_listed, r);
	cli_operands_free_ids(ids, n);
	return cli_status(r->c, r->db, rc);
}
