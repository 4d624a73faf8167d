/*
 * cli_condition.c: conditions as fdss condition adds and prints them —
 * a condition as it is now, the batch of add, the counts of a run.
 */
#include "cli.h"

const char *const cli_condition_columns[] = {
	"id_number", "name", "kind", "since", "status", "ended_on", "source"
};
const size_t cli_ncondition_columns = CLI_NCOLS(cli_condition_columns);

int cli_printer_condition(const fdss_condition_entry *e, void *arg)
{
	return cli_printer_record(arg, fdss_condition_to_json(e));
}

int cli_condition_print(struct cli_printer *pr, fdss_db *db, const char *id,
			const char *kind)
{
	fdss_condition_query q = { id, kind, NULL, "all" };

	return fdss_condition_list(db, &q, cli_printer_condition, pr);
}

int cli_condition_summary(struct cli_batch *r, const fdss_condition_stats *st,
			  long ended, const char *note, int *stored)
{
	const struct cli_count counts[] = {
		{ "read", st->read }, { "added", st->added },
		{ "reactivated", st->reactivated }, { "ended", ended },
		{ "unchanged", st->unchanged }, { "rejected", st->rejected }
	};

	if (!stored)
		return cli_batch_report(r, "condition", counts, 6, note);
	return cli_batch_close(r, "condition", counts, 6, note, st->rejected,
			       stored);
}

/* The batch of add, and where its conditions are printed. */
struct adding {
	struct cli_printer *pr;
	fdss_db *db;
	fdss_condition_batch *b;
};

/* One line of stdin into the batch: a bad one is rejected there. */
static int add_line(void *arg, const cJSON *obj, const char *bad)
{
	struct adding *a = arg;
	int rc;

	if (bad) {
		fdss_condition_batch_reject(a->b, NULL, bad);
		return FDSS_EDATA;
	}
	if ((rc = fdss_condition_batch_add_json(a->b, obj)) != FDSS_OK)
		return rc;
	return cli_condition_print(a->pr, a->db,
				   cJSON_GetObjectItemCaseSensitive(obj,
					"id_number")->valuestring,
				   cJSON_GetObjectItemCaseSensitive(obj,
					"kind")->valuestring);
}

/* add ID KIND in the batch and print it: FDSS_OK, or the failure; a
 * refusal's status in *refused. */
static int add_one(struct adding *a, char **args, fdss_date since,
		   int *refused)
{
	int rc = fdss_condition_batch_add(a->b, args[0], args[1], since);

	if (rc == FDSS_EDATA)
		*refused = fdss_db_error(a->db)->code;
	else if (rc == FDSS_OK)
		rc = cli_condition_print(a->pr, a->db, args[0], args[1]);
	return rc;
}

int cli_condition_add(struct cli_batch *r, struct cli_printer *pr,
		      fdss_condition_opts *o, char **args, int nargs,
		      fdss_date since, int *stored)
{
	struct adding a = { pr, r->db, NULL };
	fdss_condition_stats st;
	int rc, refused = 0;

	o->ref = r->c->today;
	o->source = "manual";
	o->reject = cli_batch_reject;
	o->arg = r;
	if ((rc = fdss_condition_batch_open(&a.b, r->db, o)) != FDSS_OK)
		return cli_fail(r->c, rc, fdss_db_error(r->db));
	if (nargs == 2)
		rc = add_one(&a, args, since, &refused);
	else
		rc = cli_batch_read(r, add_line, &a);
	if (rc == FDSS_OK)
		rc = fdss_condition_batch_finish(a.b, &st);
	fdss_condition_batch_free(a.b);
	if (refused)
		return cli_exit_code(refused);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		return cli_status(r->c, r->db, rc);
	return cli_condition_summary(r, &st, 0, cli_batch_note(o->dry_run, rc),
				     stored);
}
