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

/* What the options asked for. */
struct args {
	const char *name, *institution, *area, *role, *title, *phone;
	const char *reason;
};

/* add CODE: the team added, printed. */
static int add(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	struct cli_printer p = cli_team_printer(r->c, 0);
	const char *code = r->args[0];
	fdss_team t;
	int rc;

	rc = fdss_team_add(r->db, code, a->name, a->institution, a->area,
			   r->c->today);
	if (rc == FDSS_OK && (rc = fdss_team_get(r->db, code, &t)) == FDSS_OK)
		cli_print_team(&t, &p);
	return cli_printer_end(&p, r->db, rc);
}

/* member add TEAM: the member added, printed. */
static int member_add(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	struct cli_printer p = cli_team_printer(r->c, 1);
	int64_t id = 0;
	int rc;

	rc = fdss_team_member_add(r->db, r->args[0], a->name, a->role,
				  a->title, a->phone, &id);
	if (rc == FDSS_OK)
		rc = cli_print_team_member(&p, r->db, r->args[0], id);
	return cli_printer_end(&p, r->db, rc);
}

/* member remove TEAM: the members made inactive, printed. */
static int member_remove(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	struct cli_printer p = cli_team_printer(r->c, 1);
	int rc;

	rc = fdss_team_member_remove(r->db, r->args[0], a->name, a->role,
				     a->reason, cli_print_member, &p);
	return cli_printer_end(&p, r->db, rc);
}

static int list(const struct cli_verb_run *r)
{
	struct cli_printer p = cli_team_printer(r->c, 0);
	int rc = fdss_team_list(r->db, cli_print_team, &p);

	return cli_printer_end(&p, r->db, rc);
}

static int show(const struct cli_verb_run *r)
{
	return cli_team_show(r->c, r->db, r->args[0]);
}

/* The options a verb does not take: usage error if given. */
static void refuse_options(const struct cli_verb_run *r, const char *verb,
			   int name, int team, int member)
{
	const struct args *a = r->arg;

	if ((!name && a->name) || (!team && (a->institution || a->area)) ||
	    (!member && (a->role || a->title || a->phone)))
		cli_usage_error(r->c, "%s takes no such option (see --help)",
				verb);
}

/* Exit 64 unless the verb was given one operand, what. */
static void one_operand(const struct cli_verb_run *r, const char *verb,
			const char *what)
{
	if (r->nargs != 1)
		cli_usage_error(r->c, "%s needs one %s", verb, what);
}

static void check_add(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	refuse_options(r, "add", 1, 1, 0);
	if (!a->name || !a->institution)
		cli_usage_error(r->c, "add needs --name and --institution");
	one_operand(r, "add", "CODE");
}

static void check_member_add(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	refuse_options(r, "member add", 1, 0, 1);
	if (!a->name || !a->role)
		cli_usage_error(r->c, "member add needs --name and --role");
	one_operand(r, "member", "TEAM");
}

static void check_member_remove(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	if (a->institution || a->area || a->title || a->phone)
		cli_usage_error(r->c, "member remove takes --name, --role and "
				"--reason");
	if (!a->name)
		cli_usage_error(r->c, "member remove needs --name");
	one_operand(r, "member", "TEAM");
}

static void check_list(const struct cli_verb_run *r)
{
	refuse_options(r, "list", 0, 0, 0);
	if (r->nargs > 0)
		cli_usage_error(r->c, "unexpected argument '%s'", r->args[0]);
}

static void check_show(const struct cli_verb_run *r)
{
	refuse_options(r, "show", 0, 0, 0);
	one_operand(r, "show", "CODE");
}

#define MEMBER_VERBS "expected 'member add TEAM' or 'member remove TEAM'"

static const struct cli_verb verb_table[] = {
	{ "add", -1, check_add, add, NULL },
	{ "member add", -1, check_member_add, member_add, MEMBER_VERBS },
	{ "member remove", -1, check_member_remove, member_remove,
	  MEMBER_VERBS },
	{ "list", -1, check_list, list, NULL },
	{ "show", -1, check_show, show, NULL },
	CLI_VERB_END
};

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
	.verb_table = verb_table,
};

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
		case OPT_INSTITUTION: a->institution = optarg; break;
		case OPT_NAME: a->name = optarg; break;
		case OPT_PHONE: a->phone = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_ROLE:
			if (!fdss_team_role_valid(optarg))
				cli_usage_error(c, "--role '%s': expected %s",
						optarg, fdss_team_role_names());
			a->role = optarg;
			break;
		case OPT_TITLE: a->title = optarg; break;
		}
	}
}

int main(int argc, char **argv)
{
	struct args a = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const struct cli_verb *v;
	struct cli c;
	int status;

	cli_start(&c, &cmd, argc, argv);
	read_opts(&c, &a, argc, argv);
	v = cli_verb_find(&c, verb_table, argc, argv);
	if (a.reason && !(v && v->run == member_remove))
		cli_usage_error(&c, "--reason is for member remove");
	cli_verb_check(&c, v, &a, argc, argv);
	status = cli_verb_run(&c, v, &a, argc, argv);
	cli_end(&c);
	return status;
}
