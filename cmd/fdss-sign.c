/*
 * fdss-sign: sign households with a family doctor team — named on the
 * command line, or one per JSON record on stdin (what `fdss person list`
 * prints), each household once.
 */
#include <errno.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_APPROVE = CLI_OPT_FIRST_OWN,
	OPT_ATOMIC,
	OPT_DOCTOR,
	OPT_DRY_RUN,
	OPT_PACKAGE,
	OPT_REJECTS,
	OPT_START,
	OPT_SUMMARY,
	OPT_TEAM,
	OPT_YEARS
};

static const struct option options[] = {
	{ "approve", no_argument, NULL, OPT_APPROVE },
	{ "atomic", no_argument, NULL, OPT_ATOMIC },
	{ "doctor", required_argument, NULL, OPT_DOCTOR },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "package", required_argument, NULL, OPT_PACKAGE },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "start", required_argument, NULL, OPT_START },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	{ "team", required_argument, NULL, OPT_TEAM },
	{ "years", required_argument, NULL, OPT_YEARS },
	CLI_COMMON_OPTIONS
};

static const struct cli_cmd cmd = {
	.name = "fdss-sign",
	.usage = "fdss sign --team T [--doctor NAME] [--years N] [--start DATE] "
		 "[--package CODE]...\n"
		 "                 [--approve] [--atomic] [--dry-run] "
		 "[--rejects FILE] [--summary FILE]\n"
		 "                 [HOUSEHOLD_NO | ID_NUMBER ...]",
	.help = "\nSign each household named, or named by a JSON record on "
		"stdin (household_no\nor id_number; its team, doctor, packages "
		"and years override the options),\nonce.  A household covers "
		"its active members; ID numbers cover only the people\nnamed.  "
		"Exit 65 if a request was rejected.\n"
		"\n"
		"  --team T          the family doctor team\n"
		"  --doctor NAME     its doctor who signs (default: the team's "
		"first)\n"
		"  --years N         term, 1 to 3 (default 1)\n"
		"  --start DATE      first day (default: --as-of)\n"
		"  --package CODE    a package for every member besides basic\n"
		"  --approve         store the contracts as reviewed and active\n"
		"  --atomic          store nothing if any request is rejected\n"
		"  --dry-run         check and print, store nothing\n"
		"  --rejects FILE    write rejected records there with an "
		"\"error\" key\n"
		"  --summary FILE    write the counts there as JSON\n",
	.options = options,
};

#define MAX_PACKAGES 16

/* Columns of the table format; jsonl, json and csv carry every key. */
static const char *const table_columns[] = {
	"number", "household_no", "team", "doctor", "start_date", "end_date",
	"years", "status", "renews", "refund_fen"
};

struct run {
	struct cli *c;
	fdss_out *o;
	FILE *rejects;
	const char *where;	/* "<stdin>:3: " of the record, or "" */
	const char *raw;	/* the record's text, or NULL */
	int failed_write;
	long bad;		/* records that are not requests */
};

static void on_reject(void *arg, const char *subject, const char *reason)
{
	struct run *r = arg;
	cJSON *obj;
	char *text;

	cli_error(r->c, "%s%s: %s", r->where, subject, reason);
	if (!r->rejects)
		return;
	obj = r->raw ? cJSON_Parse(r->raw) : NULL;
	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "name", subject);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, "error");
	cJSON_AddStringToObject(obj, "error", reason);
	if (!(text = cJSON_PrintUnformatted(obj)) ||
	    fprintf(r->rejects, "%s\n", text) < 0)
		r->failed_write = 1;
	cJSON_free(text);
	cJSON_Delete(obj);
}

static int on_contract(void *arg, const fdss_contract *k)
{
	struct run *r = arg;
	cJSON *rec = fdss_contract_to_json(k, r->c->today);
	int rc = rec ? fdss_out_record(r->o, rec) : FDSS_ENOMEM;

	cJSON_Delete(rec);
	return rc;
}

static int read_records(struct run *r, fdss_contract_batch *b,
			const fdss_sign_req *defaults)
{
	const char *pkgs[MAX_PACKAGES];
	char where[64];
	fdss_error err = FDSS_ERROR_INIT;
	fdss_jsonl *in = NULL;
	fdss_sign_req q;
	cJSON *obj = NULL;
	size_t len;
	int rc;

	if (fdss_jsonl_new(&in, stdin, "<stdin>") != FDSS_OK)
		return FDSS_ENOMEM;
	r->where = where;
	while ((rc = fdss_jsonl_next(in, &obj, &err)) != FDSS_EOF) {
		if (rc == FDSS_EIO)
			break;
		snprintf(where, sizeof(where), "<stdin>:%ld: ",
			 fdss_jsonl_line(in));
		r->raw = fdss_jsonl_raw(in, &len);
		q = *defaults;
		if (rc == FDSS_OK)
			rc = fdss_sign_req_from_json(&q, obj, pkgs, MAX_PACKAGES,
						     &err);
		if (rc == FDSS_OK)
			rc = fdss_contract_sign(b, &q);
		else {
			r->bad++;
			on_reject(r, "record", err.msg);
		}
		cJSON_Delete(obj);
		obj = NULL;
		if (rc != FDSS_OK && rc != FDSS_EDATA)
			break;
		rc = FDSS_OK;
	}
	fdss_jsonl_free(in);
	r->where = "";
	r->raw = NULL;
	return rc == FDSS_EOF ? FDSS_OK : rc;
}

/* Copy the contracts held back by --atomic to stdout if they were
 * stored; the writer is then finished and freed. */
static int release_held(struct run *r, FILE *held, int stored, int status)
{
	char buf[8192];
	size_t n;

	if (fdss_out_finish(r->o) != FDSS_OK)
		return EXIT_IOERR;
	fdss_out_free(r->o);
	r->o = NULL;
	rewind(held);
	while (stored && (n = fread(buf, 1, sizeof(buf), held)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return EXIT_IOERR;
	return ferror(held) ? EXIT_IOERR : status;
}

int main(int argc, char **argv)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_stats st;
	fdss_contract_batch *b = NULL;
	fdss_sign_req q = { 0 };
	const char *pkgs[MAX_PACKAGES], *rejects = NULL, *summary = NULL;
	const char *errstr, *start = NULL;
	fdss_error err = FDSS_ERROR_INIT;
	struct cli c;
	struct run r = { &c, NULL, NULL, "", NULL, 0, 0 };
	fdss_db *db = NULL;
	FILE *held = NULL;
	int opt, status, rc;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (cli_option(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_APPROVE: o.approve = 1; break;
		case OPT_ATOMIC: o.atomic = 1; break;
		case OPT_DOCTOR: q.doctor = optarg; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_PACKAGE:
			if (q.npackages == MAX_PACKAGES)
				cli_usage_error(&c, "too many --package");
			pkgs[q.npackages++] = optarg;
			q.packages = pkgs;
			break;
		case OPT_REJECTS: rejects = optarg; break;
		case OPT_START: start = optarg; break;
		case OPT_SUMMARY: summary = optarg; break;
		case OPT_TEAM: q.team = optarg; break;
		case OPT_YEARS:
			q.years = (int)cli_strtonum(optarg, 1, 3, &errstr);
			if (errstr)
				cli_usage_error(&c, "--years '%s': expected 1, "
						"2 or 3", optarg);
			break;
		}
	}
	if (argc - optind == 1 && strcmp(argv[optind], "-") == 0)
		optind++;	/* "-" is stdin, as no operand */
	if (optind < argc && !q.team)
		cli_usage_error(&c, "--team is required");
	cli_defaults(&c);
	if (start && fdss_date_parse(&q.start, start, &err) != FDSS_OK)
		cli_usage_error(&c, "--start %s", err.msg);
	if ((status = cli_open_db(&c, &db, 0)))
		goto out;
	if (rejects && !(r.rejects = fopen(rejects, "w"))) {
		cli_error(&c, "cannot write '%s': %s", rejects, strerror(errno));
		status = EXIT_IOERR;
		goto out;
	}
	/* --atomic: hold the contracts until they are stored */
	if (o.atomic && (!(held = tmpfile()) || fdss_out_new(&r.o, held,
			 c.format, c.out_flags) != FDSS_OK)) {
		cli_error(&c, "cannot make a temporary file: %s", strerror(errno));
		status = EXIT_IOERR;
		goto out;
	}
	if (!r.o)
		r.o = cli_output(&c);
	if (c.format == FDSS_FORMAT_TABLE)
		fdss_out_columns(r.o, table_columns, sizeof(table_columns) /
				 sizeof(table_columns[0]));
	o.ref = c.today;
	o.reject = on_reject;
	o.contract = on_contract;
	o.arg = &r;
	if ((rc = fdss_contract_batch_open(&b, db, &o)) != FDSS_OK) {
		status = cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	if (optind < argc)
		rc = fdss_contract_sign_names(b, (const char *const *)argv + optind,
					      (size_t)(argc - optind), &q);
	else
		rc = read_records(&r, b, &q);
	if (rc != FDSS_OK && rc != FDSS_EDATA) {
		status = rc == FDSS_EIO ? EXIT_IOERR
					: cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	rc = fdss_contract_batch_finish(b, &st);
	if (rc != FDSS_OK && rc != FDSS_EDATA) {
		status = cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	fprintf(stderr, "%s: read %ld, signed %ld covering %ld people, "
		"skipped %ld, rejected %ld%s\n", cmd.name, st.requests +
		r.bad, st.contracts, st.members, st.skipped,
		st.rejected, o.dry_run ? " (dry run, nothing stored)"
		: rc != FDSS_OK ? " (--atomic: nothing stored)" : "");
	status = st.rejected || r.bad ? EXIT_DATAERR : EXIT_OK;
	if (held && (status = release_held(&r, held, st.committed,
					   status)) == EXIT_IOERR)
		goto out;
	if (summary) {
		FILE *f = fopen(summary, "w");

		if (!f || fprintf(f, "{\"type\":\"sign\",\"read\":%ld,"
				  "\"contracts\":%ld,\"members\":%ld,"
				  "\"skipped\":%ld,\"rejected\":%ld,"
				  "\"stored\":%s}\n", st.requests + r.bad, st.contracts,
				  st.members, st.skipped, st.rejected + r.bad,
				  st.committed ? "true" : "false") < 0 ||
		    fclose(f) != 0) {
			cli_error(&c, "cannot write '%s'", summary);
			status = EXIT_IOERR;
		}
	}
out:
	fdss_contract_batch_free(b);
	if (r.rejects && (fclose(r.rejects) != 0 || r.failed_write)) {
		cli_error(&c, "cannot write '%s'", rejects);
		status = EXIT_IOERR;
	}
	status = cli_finish(&c, r.o, status);
	if (held)
		fclose(held);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
