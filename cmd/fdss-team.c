/*
 * fdss-team: add family doctor teams and their members, make members
 * inactive, list the teams and show one with its members.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_AREA = CLI_OPT_FIRST_OWN,
	OPT_INSTITUTION,
	OPT_NAME,
	OPT_PHONE,
	OPT_REASON,
	OPT_ROLE,
	OPT_TITLE
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("name", OPT_NAME, "NAME",
		   "the team's or the member's name"),
	OPT_STRING("institution", OPT_INSTITUTION, "NAME",
		   "the health centre the team belongs to"),
	OPT_STRING("area", OPT_AREA, "CODE", "the division the team serves"),
	OPT_STRING("role", OPT_ROLE, "ROLE",
		   "doctor, lead, nurse, public-health, pharmacist,\n"
		   "health-manager, psychologist, social-worker or "
		   "specialist"),
	OPT_STRING("title", OPT_TITLE, "TITLE",
		   "professional title (主治医师 ...)"),
	OPT_STRING("phone", OPT_PHONE, "PHONE", "the member's phone number"),
	OPT_STRING("reason", OPT_REASON, "TEXT",
		   "why a member is removed (audit log)"),
	OPT_END
};

static const char *const verbs[] = { "add", "member", "list", "show", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-team",
	.usage = "fdss team add CODE --name NAME --institution NAME "
		 "[--area CODE]\n"
		 "       fdss team member add TEAM --name NAME --role ROLE "
		 "[--title TITLE] [--phone PHONE]\n"
		 "       fdss team member remove TEAM --name NAME [--role ROLE] "
		 "[--reason TEXT]\n"
		 "       fdss team list\n"
		 "       fdss team show CODE",
	.help = "\n"
		"Add a family doctor team or a member of one, make a member "
		"inactive (remove),\n"
		"list the teams, or show teams with their members.  A team "
		"signs contracts\n"
		"while it has an active doctor and nurse; contracts keep a "
		"removed doctor.\n"
		"\n",
	.opts = opts,
	.help_width = 21,
	.verbs = verbs,
};

/* What the options asked for. */
struct args {
	const char *name, *institution, *area, *role, *title, *phone;
	const char *reason;
	const char *member_verb;	/* "add" or "remove" */
};

static const char *const team_columns[] = {
	"code", "name", "institution", "area_code", "members", "doctors",
	"nurses", "can_sign"
};
static const char *const member_columns[] = {
	"id", "team", "name", "role", "title", "phone", "active"
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* The writer and why a walk stopped, if it did. */
/* A printer with columns for table and csv (the two tables of show). */
static struct cli_printer printer_new(const struct cli *c,
				      const char *const *columns, size_t n)
{
	struct cli_printer p;

	cli_printer_init(&p, c, columns, n);
	if (c->format == FDSS_FORMAT_CSV)
		fdss_out_columns(p.o, columns, n);
	return p;
}

static int print_team(const fdss_team *t, void *arg)
{
	return cli_printer_record(arg, fdss_team_to_json(t));
}

static int print_member(const fdss_team_member *m, void *arg)
{
	return cli_printer_record(arg, fdss_team_member_to_json(m));
}

static int add(const struct cli *c, const struct args *a, fdss_db *db,
	       const char *code)
{
	struct cli_printer p = printer_new(c, team_columns, NCOLS(team_columns));
	fdss_team t;
	int rc;

	rc = fdss_team_add(db, code, a->name, a->institution, a->area,
			   c->today);
	if (rc == FDSS_OK && (rc = fdss_team_get(db, code, &t)) == FDSS_OK)
		print_team(&t, &p);
	return cli_printer_end(&p, db, rc);
}

/* Print the member whose id is in the printer's filter. */
struct member_filter {
	struct cli_printer *p;
	int64_t id;
};

static int print_added(const fdss_team_member *m, void *arg)
{
	struct member_filter *f = arg;

	return m->id == f->id ? print_member(m, f->p) : 0;
}

static int member(const struct cli *c, const struct args *a, fdss_db *db,
		  const char *team)
{
	struct cli_printer p = printer_new(c, member_columns,
				       NCOLS(member_columns));
	struct member_filter f = { &p, 0 };
	int rc;

	if (strcmp(a->member_verb, "remove") == 0)
		rc = fdss_team_member_remove(db, team, a->name, a->role,
					     a->reason, print_member, &p);
	else if ((rc = fdss_team_member_add(db, team, a->name, a->role,
					    a->title, a->phone,
					    &f.id)) == FDSS_OK)
		rc = fdss_team_members(db, team, print_added, &f);
	return cli_printer_end(&p, db, rc);
}

static int list(const struct cli *c, fdss_db *db)
{
	struct cli_printer p = printer_new(c, team_columns, NCOLS(team_columns));
	int rc = fdss_team_list(db, print_team, &p);

	return cli_printer_end(&p, db, rc);
}

/*
 * A team and its members.  jsonl and json write them as one stream of
 * records; table and csv as two tables, the members under the team.
 */
static int show(const struct cli *c, fdss_db *db, const char *code)
{
	struct cli_printer p = printer_new(c, team_columns, NCOLS(team_columns));
	fdss_team t;
	int rc;

	if ((rc = fdss_team_get(db, code, &t)) != FDSS_OK ||
	    (rc = print_team(&t, &p)) != FDSS_OK)
		return cli_printer_end(&p, db, rc);
	if (c->format == FDSS_FORMAT_TABLE || c->format == FDSS_FORMAT_CSV) {
		if (fdss_out_finish(p.o) != FDSS_OK)
			return cli_finish(c, p.o, EXIT_IOERR);
		fdss_out_free(p.o);
		p = printer_new(c, member_columns, NCOLS(member_columns));
		if (t.members)
			fputs(c->format == FDSS_FORMAT_CSV ? "\r\n" : "\n",
			      stdout);
	}
	rc = fdss_team_members(db, code, print_member, &p);
	return cli_printer_end(&p, db, rc);
}

/* The options a verb does not take: usage error if given. */
static void refuse_options(struct cli *c, const struct args *a,
			   const char *verb, int name, int team, int member)
{
	if ((!name && a->name) || (!team && (a->institution || a->area)) ||
	    (!member && (a->role || a->title || a->phone)))
		cli_usage_error(c, "%s takes no such option (see --help)",
				verb);
}

/* Read the options into a, checking --area and --role. */
static void read_opts(struct cli *c, struct args *a, int argc, char **argv)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_AREA:
			cli_check_area(c, "area", optarg);
			a->area = optarg;
			break;
		case OPT_INSTITUTION:
			a->institution = optarg;
			break;
		case OPT_NAME:
			a->name = optarg;
			break;
		case OPT_PHONE:
			a->phone = optarg;
			break;
		case OPT_REASON:
			a->reason = optarg;
			break;
		case OPT_ROLE:
			if (!fdss_team_role_valid(optarg))
				cli_usage_error(c, "--role '%s': expected %s",
						optarg, fdss_team_role_names());
			a->role = optarg;
			break;
		case OPT_TITLE:
			a->title = optarg;
			break;
		}
	}
}

/* Parse the options into a; returns the verb ("member" for member add). */
static const char *parse_args(struct cli *c, struct args *a, int argc,
			      char **argv)
{
	const char *verb;
	int nargs;

	read_opts(c, a, argc, argv);
	if (optind >= argc)
		cli_usage_error(c, "no command given");
	verb = argv[optind++];
	if (strcmp(verb, "member") == 0) {
		if (optind >= argc || (strcmp(argv[optind], "add") != 0 &&
				       strcmp(argv[optind], "remove") != 0))
			cli_usage_error(c, "expected 'member add TEAM' or "
					"'member remove TEAM'");
		a->member_verb = argv[optind++];
	}
	if (a->reason && !(a->member_verb &&
			   strcmp(a->member_verb, "remove") == 0))
		cli_usage_error(c, "--reason is for member remove");
	nargs = argc - optind;
	if (strcmp(verb, "add") == 0) {
		refuse_options(c, a, verb, 1, 1, 0);
		if (!a->name || !a->institution)
			cli_usage_error(c, "add needs --name and "
					"--institution");
	} else if (strcmp(verb, "member") == 0 &&
		   strcmp(a->member_verb, "remove") == 0) {
		if (a->institution || a->area || a->title || a->phone)
			cli_usage_error(c, "member remove takes --name, --role "
					"and --reason");
		if (!a->name)
			cli_usage_error(c, "member remove needs --name");
	} else if (strcmp(verb, "member") == 0) {
		refuse_options(c, a, "member add", 1, 0, 1);
		if (!a->name || !a->role)
			cli_usage_error(c, "member add needs --name and "
					"--role");
	} else if (strcmp(verb, "list") == 0) {
		refuse_options(c, a, verb, 0, 0, 0);
		if (nargs > 0)
			cli_usage_error(c, "unexpected argument '%s'",
					argv[optind]);
		return verb;
	} else if (strcmp(verb, "show") == 0) {
		refuse_options(c, a, verb, 0, 0, 0);
	} else {
		cli_usage_error(c, "unknown command '%s'", verb);
	}
	if (nargs != 1)
		cli_usage_error(c, "%s needs one %s", verb,
				strcmp(verb, "member") == 0 ? "TEAM" : "CODE");
	return verb;
}

int main(int argc, char **argv)
{
	struct args a = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	struct cli c;
	fdss_db *db = NULL;
	const char *verb;
	int status;

	cli_start(&c, &cmd, argc, argv);
	verb = parse_args(&c, &a, argc, argv);
	cli_defaults(&c);
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	if (strcmp(verb, "add") == 0)
		status = add(&c, &a, db, argv[optind]);
	else if (strcmp(verb, "member") == 0)
		status = member(&c, &a, db, argv[optind]);
	else if (strcmp(verb, "list") == 0)
		status = list(&c, db);
	else
		status = show(&c, db, argv[optind]);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
