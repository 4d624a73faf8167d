/*
 * cli_audit.c: the audit log as fdss audit and fdss person show --history
 * print it — an entry on a line, or one whole with its difference.
 */
#include <stdint.h>

#include "cli.h"

const char *const cli_audit_columns[] = {
	"id", "at", "operator", "table", "key", "change", "reason"
};
const size_t cli_naudit_columns = sizeof(cli_audit_columns) /
				  sizeof(cli_audit_columns[0]);

int cli_print_audit(const struct cli *c, fdss_out *o,
		    const fdss_audit_entry *e, unsigned extra)
{
	unsigned flags = extra;
	cJSON *rec;
	int rc;

	if (c->format == FDSS_FORMAT_TABLE || c->format == FDSS_FORMAT_CSV) {
		flags |= FDSS_AUDIT_JSON_CHANGE;
		if (c->format == FDSS_FORMAT_TABLE)
			flags |= FDSS_AUDIT_JSON_SHORT;
		if (!(c->out_flags & FDSS_OUT_NO_MASK))
			flags |= FDSS_AUDIT_JSON_MASK;
	}
	if (!(rec = fdss_audit_to_json(e, flags)))
		return FDSS_ENOMEM;
	rc = fdss_out_record(o, rec);
	cJSON_Delete(rec);
	return rc;
}

int cli_printer_audit(const fdss_audit_entry *e, void *arg)
{
	struct cli_printer *pr = arg;

	return pr->rc = cli_print_audit(pr->c, pr->o, e, 0);
}

static int get(fdss_db *db, const char *id, void *pr)
{
	return fdss_audit_history(db, id, cli_printer_audit, pr);
}

int cli_audit_history(const struct cli *c, fdss_db *db,
		      const char *const *ids, size_t n)
{
	struct cli_printer pr;

	cli_printer_init(&pr, c, cli_audit_columns, cli_naudit_columns);
	return cli_printer_each(&pr, db, get, ids, n);
}

/* A "changes" item as a row of the table, null as "-" (absent). */
static cJSON *diff_row(const cJSON *ch)
{
	static const char *const sides[] = { "before", "after" };
	cJSON *row = cJSON_Duplicate(ch, 1);
	int i;

	for (i = 0; row && i < 2; i++)
		if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(row,
								 sides[i])) &&
		    !cJSON_ReplaceItemInObjectCaseSensitive(row, sides[i],
				cJSON_CreateString("-"))) {
			cJSON_Delete(row);
			return NULL;
		}
	return row;
}

/* Write rec (an entry with "changes") as a table: its fields one to a
 * line, then the difference with a header. */
int cli_print_audit_table(const struct cli *c, const cJSON *rec)
{
	static const char *const head[] = {
		"id", "at", "operator", "command", "table", "key", "reason"
	};
	static const char *const diff[] = { "field", "before", "after" };
	fdss_out *o = NULL, *d = NULL;
	const cJSON *ch;
	size_t i;
	int rc;

	if ((rc = fdss_out_new(&o, stdout, FDSS_FORMAT_TABLE, c->out_flags |
			       FDSS_OUT_NO_HEADER | FDSS_OUT_NO_MASK)) ||
	    (rc = fdss_out_new(&d, stdout, FDSS_FORMAT_TABLE, c->out_flags |
			       FDSS_OUT_NO_MASK)) ||
	    (rc = fdss_out_columns(d, diff, 3)))
		goto out;
	for (i = 0; i < sizeof(head) / sizeof(head[0]) && !rc; i++) {
		cJSON *row = cJSON_CreateObject();
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, head[i]);

		rc = row && cJSON_AddStringToObject(row, "name", head[i]) &&
		     cJSON_AddItemToObject(row, "value", cJSON_Duplicate(v, 1))
		     ? fdss_out_record(o, row) : FDSS_ENOMEM;
		cJSON_Delete(row);
	}
	cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(rec, "changes")) {
		cJSON *row = rc ? NULL : diff_row(ch);

		rc = rc ? rc : row ? fdss_out_record(d, row) : FDSS_ENOMEM;
		cJSON_Delete(row);
	}
	if (!rc && !(rc = fdss_out_finish(o)) && fputc('\n', stdout) != EOF)
		rc = fdss_out_finish(d);
out:
	fdss_out_free(o);
	fdss_out_free(d);
	return rc;
}

/* What cli_audit_show() has printed. */
struct show {
	const struct cli *c;
	fdss_out *o;		/* NULL for the table format */
	long shown;		/* entries shown so far */
	int rc;			/* the last write's result */
};

static int show_one(const fdss_audit_entry *e, void *arg)
{
	struct show *s = arg;
	unsigned mask = s->c->out_flags & FDSS_OUT_NO_MASK ? 0
			: FDSS_AUDIT_JSON_MASK;
	cJSON *rec;

	if (s->c->format != FDSS_FORMAT_TABLE) {
		s->shown++;
		return s->rc = cli_print_audit(s->c, s->o, e,
					       FDSS_AUDIT_JSON_CHANGES);
	}
	if (!(rec = fdss_audit_to_json(e, FDSS_AUDIT_JSON_CHANGES | mask)))
		return s->rc = FDSS_ENOMEM;
	if (s->shown++ > 0)
		fputc('\n', stdout);
	s->rc = cli_print_audit_table(s->c, rec);
	cJSON_Delete(rec);
	return s->rc;
}

int cli_audit_show(const struct cli *c, fdss_db *db, fdss_audit_filter *f,
		   char **ids, int n)
{
	struct show s = { c, NULL, 0, FDSS_OK };
	const char *errstr;
	int status = EXIT_OK, i, rc;
	long before;

	s.o = c->format == FDSS_FORMAT_TABLE ? NULL : cli_output(c);
	for (i = 0; i < n && status == EXIT_OK; i++) {
		f->id = cli_strtonum(ids[i], 1, INT64_MAX, &errstr);
		before = s.shown;
		rc = fdss_audit_query(db, f, show_one, &s);
		if (rc == FDSS_OK && s.shown == before)
			rc = FDSS_ENOTFOUND;
		if (rc == FDSS_ENOTFOUND)
			cli_error(c, "no audit entry %s", ids[i]);
		status = rc == FDSS_ENOTFOUND ? EXIT_NOINPUT
			 : cli_walk_status(c, db, s.rc, rc);
	}
	return cli_finish(c, s.o, status);
}
