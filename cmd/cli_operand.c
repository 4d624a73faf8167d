/*
 * cli_operand.c: what the commands over people and households share —
 * their operands (sign, household show, person show and leave), read by
 * fdss_operand_resolve(): those on the command line either way, those
 * given with --household or --person one way; and the roster workbook of
 * person list and household list (--format xlsx).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void out_of_memory(const struct cli *c)
{
	cli_error(c, "out of memory");
	exit(EXIT_SOFTWARE);
}

void cli_operands_add(const struct cli *c, struct cli_operands *ops,
		      const char *name, unsigned accept)
{
	size_t cap = ops->cap ? 2 * ops->cap : 8;
	const char **names;
	unsigned *acc;

	if (ops->n == ops->cap) {
		if (!(names = realloc(ops->names, cap * sizeof(*names))))
			out_of_memory(c);
		ops->names = names;
		if (!(acc = realloc(ops->accept, cap * sizeof(*acc))))
			out_of_memory(c);
		ops->accept = acc;
		ops->cap = cap;
	}
	ops->names[ops->n] = name;
	ops->accept[ops->n++] = accept;
}

int cli_operands_resolve(const struct cli *c, fdss_db *db,
			 struct cli_operands *ops)
{
	int status = EXIT_OK, rc;
	size_t i;

	if (!(ops->v = calloc(ops->n + 1, sizeof(*ops->v))))
		out_of_memory(c);
	for (i = 0; i < ops->n; i++) {
		rc = fdss_operand_resolve(&ops->v[i], db, ops->names[i],
					  ops->accept[i]);
		if (rc == FDSS_ENOTFOUND) {
			cli_error(c, "%s: %s", ops->names[i],
				  fdss_db_errmsg(db));
			status = EXIT_NOINPUT;
		} else if (rc == FDSS_EINVAL) {
			cli_error(c, "%s: %s", ops->names[i],
				  fdss_db_errmsg(db));
			return EXIT_USAGE;
		} else if (rc != FDSS_OK) {
			return cli_fail(c, rc, fdss_db_error(db));
		}
	}
	return status;
}

/* The walk of a household's members into a list of ID numbers. */
struct collect {
	char **ids;
	size_t n, cap;
};

static int push(struct collect *k, const char *id)
{
	char **ids;

	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 8;
		if (!(ids = realloc(k->ids, k->cap * sizeof(*ids))))
			return FDSS_ENOMEM;
		k->ids = ids;
	}
	if (!(k->ids[k->n] = strdup(id)))
		return FDSS_ENOMEM;
	k->n++;
	return FDSS_OK;
}

static int collect_one(const fdss_person *p, void *arg)
{
	return push(arg, p->id_number);
}

int cli_operands_people(const struct cli *c, fdss_db *db,
			const struct cli_operands *ops, const char *status,
			char ***ids, size_t *n)
{
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;
	struct collect k = { NULL, 0, 0 };
	int rc = FDSS_OK;
	size_t i;

	q.status = status;
	q.ref = c->today;
	for (i = 0; i < ops->n && rc == FDSS_OK; i++) {
		if (ops->v[i].kind == FDSS_OPERAND_HOUSEHOLD) {
			q.household_no = ops->v[i].household_no;
			rc = fdss_person_list(db, &q, collect_one, &k);
		} else if (ops->v[i].kind == FDSS_OPERAND_PERSON) {
			rc = push(&k, ops->v[i].id_number);
		}
	}
	*ids = k.ids;
	*n = k.n;
	if (rc == FDSS_ENOMEM)
		out_of_memory(c);
	return rc == FDSS_OK ? EXIT_OK : cli_fail(c, rc, fdss_db_error(db));
}

void cli_operands_free_ids(char **ids, size_t n)
{
	size_t i;

	for (i = 0; ids && i < n; i++)
		free(ids[i]);
	free(ids);
}

int cli_operands_households(const struct cli *c,
			    const struct cli_operands *ops, char ***nos)
{
	int n = 0;
	size_t i;

	if (!(*nos = calloc(ops->n + 1, sizeof(**nos))))
		out_of_memory(c);
	for (i = 0; i < ops->n; i++)
		if (ops->v[i].kind)
			(*nos)[n++] = ops->v[i].household_no;
	return n;
}

void cli_operands_release(struct cli_operands *ops)
{
	size_t i;

	for (i = 0; ops->v && i < ops->n; i++)
		fdss_operand_release(&ops->v[i]);
	free(ops->v);
	free(ops->names);
	free(ops->accept);
	memset(ops, 0, sizeof(*ops));
}

/* --- roster workbooks: person list and household list --format xlsx ---- */

int cli_option_xlsx(struct cli *c, int opt, const char *arg)
{
	if (opt != CLI_OPT_FORMAT || !arg || strcmp(arg, "xlsx") != 0)
		return 0;
	c->format = FDSS_FORMAT_XLSX;
	c->format_set = 1;
	return 1;
}

void cli_check_xlsx(const struct cli *c, const char *verb)
{
	if (c->format != FDSS_FORMAT_XLSX)
		return;
	if (strcmp(verb, "list") != 0)
		cli_usage_error(c, "--format xlsx goes with list");
	if (isatty(STDOUT_FILENO))
		cli_usage_error(c, "--format xlsx: will not write a workbook "
				"to a terminal (redirect it to a file)");
}

int cli_roster_sheet(const struct cli *c, fdss_db *db,
		     const fdss_person_query *q, int by_household)
{
	fdss_out *o = cli_output(c);
	int rc = fdss_out_xlsx(o, getenv("TMPDIR"), "花名册"), status;

	/* the roster workbook holds ID and phone numbers whole, for fdss
	 * import to read back: kept in the audit log as --no-mask is */
	if (rc == FDSS_OK && !(c->out_flags & FDSS_OUT_NO_MASK))
		rc = fdss_audit_unmasked(db, c->cmd->name);
	if (rc == FDSS_OK)
		rc = fdss_roster_sheet(db, q, by_household, o);
	if (rc == FDSS_OK)
		rc = fdss_out_finish(o);
	if (rc == FDSS_OK || (rc == FDSS_EIO && !*fdss_out_errmsg(o)))
		return cli_finish(c, o, rc == FDSS_OK ? EXIT_OK : EXIT_IOERR);
	/* no workbook: nothing goes to stdout */
	if (*fdss_out_errmsg(o)) {
		cli_error(c, "%s", fdss_out_errmsg(o));
		status = cli_exit_code(rc);
	} else {
		status = cli_fail(c, rc, fdss_db_error(db));
	}
	fdss_out_free(o);
	return cli_finish(c, NULL, status);
}
