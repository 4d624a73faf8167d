/*
 * fdss-audit: the audit log — revert entries through the rules of a
 * fix, the revert itself audited.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_ATOMIC = CLI_OPT_FIRST_OWN,
	OPT_DRY_RUN,
	OPT_REASON,
	OPT_REJECTS,
	OPT_SUMMARY
};

static const struct option options[] = {
	{ "atomic", no_argument, NULL, OPT_ATOMIC },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	CLI_COMMON_OPTIONS
};

static const char *const verbs[] = { "revert", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-audit",
	.usage = "fdss audit revert ENTRY ... --reason TEXT [--atomic] "
		 "[--dry-run] [--rejects FILE] [--summary FILE]",
	.help = "\nrevert undoes audit entries, each through the rules of a "
		"fix (fdss-fix(1)),\nand audits the revert: refused when a "
		"later entry changed the same row or the\nold value would "
		"break a rule now.  Prints the changed records; exit 65 if an\n"
		"entry could not be reverted.\n"
		"\n"
		"  --reason TEXT     why (required)\n"
		"  --dry-run         print each change as before and after, "
		"store nothing\n"
		"  --atomic          store nothing if any entry is refused\n"
		"  --rejects FILE    write refused entries there with an "
		"\"error\" key\n"
		"  --summary FILE    write the counts there as JSON\n",
	.options = options,
	.verbs = verbs,
};

/* What the revert's callbacks need. */
struct run {
	struct cli *c;
	struct cli_batch *r;
	fdss_db *db;
	int dry_run;
};

/* "fdss-audit: entry 12: why", and {"entry":"12","error":why}. */
/* A table shows each changed row as its change. */
static const char *const change_columns[] = {
	"entry", "table", "key", "before", "after"
};

static void on_reject(void *arg, const char *subject, const char *reason)
{
	struct run *run = arg;

	if (subject && strncmp(subject, "entry ", 6) == 0) {
		run->r->where = "entry ";
		subject += 6;
	}
	cli_batch_reject(run->r, subject, reason);
	run->r->where = "";
}

/* The changed rows: before/after under --dry-run, else the records. */
static int on_fixed(void *arg, const fdss_fix_change *ch, size_t n)
{
	struct run *run = arg;
	cJSON *rec = NULL;
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; i < n && rc == FDSS_OK; i++, rec = NULL) {
		fdss_fix_change c = ch[i];

		if (run->dry_run)
			c.entry = 0;	/* a dry run's entries are not kept */
		if (run->dry_run || run->c->format == FDSS_FORMAT_TABLE)
			rc = (rec = fdss_fix_change_json(&c)) ? FDSS_OK
							      : FDSS_ENOMEM;
		else
			rc = fdss_fix_record(run->db, &ch[i], run->c->today,
					     &rec);
		if (rec && (run->c->format == FDSS_FORMAT_TABLE ||
			    run->c->format == FDSS_FORMAT_CSV) &&
		    !(run->c->out_flags & FDSS_OUT_NO_MASK) &&
		    cJSON_GetObjectItemCaseSensitive(rec, "before"))
			fdss_fix_change_mask(rec);
		if (rc == FDSS_OK)
			rc = fdss_out_record(run->r->o, rec);
		cJSON_Delete(rec);
	}
	return rc;
}

static int write_summary(struct cli_batch *r, const fdss_fix_stats *st)
{
	const struct cli_count counts[] = {
		{ "read", st->read }, { "reverted", st->fixed },
		{ "unchanged", st->unchanged }, { "changes", st->changes },
		{ "rejected", st->rejected }
	};

	return cli_batch_summary(r, "revert", counts, 5);
}

/* fdss audit revert ENTRY ...: one batch, one transaction. */
static int revert(struct run *run, fdss_fix_opts *o, char **entries, int n,
		  const char *reason, int *stored)
{
	fdss_fix_batch *b = NULL;
	fdss_fix_stats st;
	const char *errstr;
	long long id;
	int i, rc, status;

	if ((rc = fdss_fix_batch_open(&b, run->db, o)) != FDSS_OK)
		return cli_fail(run->c, rc, fdss_db_error(run->db));
	for (i = 0, rc = FDSS_OK; i < n && (rc == FDSS_OK || rc == FDSS_EDATA);
	     i++) {
		id = cli_strtonum(entries[i], 1, INT64_MAX, &errstr);
		rc = errstr ? (fdss_fix_batch_reject(b, entries[i], "not an "
						     "entry number"), FDSS_EDATA)
			    : fdss_fix_revert(b, id, reason);
	}
	if (rc != FDSS_OK && rc != FDSS_EDATA) {
		status = cli_fail(run->c, rc, fdss_db_error(run->db));
		fdss_fix_batch_free(b);
		return status;
	}
	rc = fdss_fix_batch_finish(b, &st);
	fdss_fix_batch_free(b);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		return cli_fail(run->c, rc, fdss_db_error(run->db));
	fprintf(stderr, "%s: read %ld, reverted %ld, unchanged %ld, changes "
		"%ld, rejected %ld%s\n", cmd.name, st.read, st.fixed,
		st.unchanged, st.changes, st.rejected,
		cli_batch_note(o->dry_run, rc));
	if ((status = write_summary(run->r, &st)) != EXIT_OK)
		return status;
	return cli_batch_commit(run->r, st.rejected ? EXIT_DATAERR : EXIT_OK,
				stored);
}

int main(int argc, char **argv)
{
	fdss_fix_opts o = FDSS_FIX_OPTS_INIT;
	struct cli c;
	struct cli_batch r;
	struct run run = { NULL, NULL, NULL, 0 };
	const char *verb, *reason = NULL;
	int opt, status, stored = 0;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r, &c, "entry");
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (cli_option(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_ATOMIC: o.atomic = 1; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_REASON: reason = optarg; break;
		case OPT_REJECTS: r.rejects_path = optarg; break;
		case OPT_SUMMARY: r.summary_path = optarg; break;
		}
	}
	if (optind >= argc)
		cli_usage_error(&c, "no command given");
	verb = argv[optind++];
	if (strcmp(verb, "revert") != 0)
		cli_usage_error(&c, "'%s': unknown command", verb);
	if (optind >= argc)
		cli_usage_error(&c, "revert: no ENTRY given");
	if (!reason || !*reason)
		cli_usage_error(&c, "--reason is required");
	cli_defaults(&c);
	cli_check_outputs(&c, r.rejects_path, r.summary_path, NULL);
	run.c = &c;
	run.r = &r;
	run.dry_run = o.dry_run;
	if ((status = cli_open_db(&c, &run.db, 0)) != EXIT_OK ||
	    (status = cli_batch_start(&r, run.db, o.atomic, change_columns,
				      5)))
		goto out;
	o.ref = c.today;
	o.reject = on_reject;
	o.fixed = on_fixed;
	o.arg = &run;
	status = revert(&run, &o, argv + optind, argc - optind, reason,
			&stored);
out:
	status = cli_batch_end(&r, stored, status);
	fdss_db_close(run.db);
	cli_end(&c);
	return status;
}
