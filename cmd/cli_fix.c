/*
 * cli_fix.c: what fdss fix and fdss audit revert share — the changed rows
 * they print, and the end of their batch (the counts, --summary, the
 * commit).
 */
#include <stdio.h>

#include "cli.h"

const char *const cli_change_columns[CLI_NCHANGE_COLUMNS] = {
	"entry", "table", "key", "before", "after"
};

int cli_print_fix_changes(const struct cli *c, fdss_db *db, fdss_out *o,
			  const fdss_fix_change *ch, size_t n, int dry_run)
{
	cJSON *rec = NULL;
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; i < n && rc == FDSS_OK; i++, rec = NULL) {
		fdss_fix_change one = ch[i];

		if (dry_run)
			one.entry = 0;	/* a dry run's entries are not kept */
		if (dry_run || c->format == FDSS_FORMAT_TABLE)
			rc = (rec = fdss_fix_change_json(&one)) ? FDSS_OK
								: FDSS_ENOMEM;
		else
			rc = fdss_fix_record(db, &ch[i], c->today, &rec);
		if (rec && (c->format == FDSS_FORMAT_TABLE ||
			    c->format == FDSS_FORMAT_CSV) &&
		    !(c->out_flags & FDSS_OUT_NO_MASK) &&
		    cJSON_GetObjectItemCaseSensitive(rec, "before"))
			fdss_fix_change_mask(rec);
		if (rc == FDSS_OK)
			rc = fdss_out_record(o, rec);
		cJSON_Delete(rec);
	}
	return rc;
}

/* The --summary record of a fix batch: "fixed" counted as done. */
static int summary(struct cli_batch *r, const char *type, const char *done,
		   const fdss_fix_stats *st)
{
	const struct cli_count counts[] = {
		{ "read", st->read }, { done, st->fixed },
		{ "unchanged", st->unchanged }, { "changes", st->changes },
		{ "rejected", st->rejected }
	};

	return cli_batch_summary(r, type, counts, 5);
}

int cli_fix_end(struct cli_batch *r, fdss_fix_batch *b, const char *type,
		const char *done, int dry_run, int *stored)
{
	fdss_fix_stats st;
	int rc = fdss_fix_batch_finish(b, &st), status;

	fdss_fix_batch_free(b);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		return cli_fail(r->c, rc, fdss_db_error(r->db));
	fprintf(stderr, "%s: read %ld, %s %ld, unchanged %ld, changes %ld, "
		"rejected %ld%s\n", r->c->cmd->name, st.read, done, st.fixed,
		st.unchanged, st.changes, st.rejected,
		cli_batch_note(dry_run, rc));
	if ((status = summary(r, type, done, &st)) != EXIT_OK)
		return status;
	return cli_batch_commit(r, st.rejected ? EXIT_DATAERR : EXIT_OK,
				stored);
}
