/*
 * cli_team.c: the printers of fdss team — a team, a member, a member by
 * id, and show's team with its members.
 */
#include "cli.h"

static const char *const team_columns[] = {
	"code", "name", "institution", "area_code", "members", "doctors",
	"nurses", "can_sign"
};
static const char *const member_columns[] = {
	"id", "team", "name", "role", "title", "phone", "active"
};

/* The columns for table and csv (the two tables of show). */
struct cli_printer cli_team_printer(const struct cli *c, int members)
{
	const char *const *columns = members ? member_columns : team_columns;
	size_t n = members ? CLI_NCOLS(member_columns)
			   : CLI_NCOLS(team_columns);
	struct cli_printer p;

	cli_printer_init(&p, c, columns, n);
	if (c->format == FDSS_FORMAT_CSV)
		fdss_out_columns(p.o, columns, n);
	return p;
}

int cli_print_team(const fdss_team *t, void *pr)
{
	return cli_printer_record(pr, fdss_team_to_json(t));
}

int cli_print_member(const fdss_team_member *m, void *pr)
{
	return cli_printer_record(pr, fdss_team_member_to_json(m));
}

/* The member whose id is id, for the printer p. */
struct member_filter {
	struct cli_printer *p;
	int64_t id;
};

static int print_added(const fdss_team_member *m, void *arg)
{
	struct member_filter *f = arg;

	return m->id == f->id ? cli_print_member(m, f->p) : 0;
}

int cli_print_team_member(struct cli_printer *pr, fdss_db *db,
			  const char *team, int64_t id)
{
	struct member_filter f = { pr, id };

	return fdss_team_members(db, team, print_added, &f);
}

/*
 * A team and its members.  jsonl and json write them as one stream of
 * records; table and csv as two tables, the members under the team.
 */
int cli_team_show(const struct cli *c, fdss_db *db, const char *code)
{
	struct cli_printer p = cli_team_printer(c, 0);
	fdss_team t;
	int rc;

	if ((rc = fdss_team_get(db, code, &t)) != FDSS_OK ||
	    (rc = cli_print_team(&t, &p)) != FDSS_OK)
		return cli_printer_end(&p, db, rc);
	if (c->format == FDSS_FORMAT_TABLE || c->format == FDSS_FORMAT_CSV) {
		if (fdss_out_finish(p.o) != FDSS_OK)
			return cli_finish(c, p.o, EXIT_IOERR);
		fdss_out_free(p.o);
		p = cli_team_printer(c, 1);
		if (t.members)
			fputs(c->format == FDSS_FORMAT_CSV ? "\r\n" : "\n",
			      stdout);
	}
	rc = fdss_team_members(db, code, cli_print_member, &p);
	return cli_printer_end(&p, db, rc);
}
