/*
 * cli_verb.c: the verbs of a command — the verb found in its table,
 * checked, and run over the database.
 */
#include <string.h>

#include "cli.h"

/* Does name ("member add") begin with the word w ("member")?  Sets
 * *second to the word after it, or NULL for a verb of one word. */
static int first_word(const char *name, const char *w, const char **second)
{
	size_t n = strlen(w);

	if (strncmp(name, w, n) != 0 || (name[n] && name[n] != ' '))
		return 0;
	*second = name[n] ? name + n + 1 : NULL;
	return 1;
}

const struct cli_verb *cli_verb_find(struct cli *c,
				     const struct cli_verb *verbs, int argc,
				     char **argv)
{
	const struct cli_verb *v, *first = NULL;
	const char *verb, *second;

	if (optind >= argc)
		cli_usage_error(c, "no command given");
	verb = argv[optind++];
	for (v = verbs; v->name; v++) {
		if (!first_word(v->name, verb, &second))
			continue;
		if (!second)
			return v;
		if (!first)
			first = v;
		if (optind < argc && strcmp(argv[optind], second) == 0) {
			optind++;
			return v;
		}
	}
	if (first)
		cli_usage_error(c, "%s", first->second);
	return NULL;
}

void cli_verb_args_error(struct cli *c, const char *verb, int nargs)
{
	cli_usage_error(c, "'%s' with %d argument%s", verb, nargs,
			nargs == 1 ? "" : "s");
}

void cli_verb_check(struct cli *c, const struct cli_verb *v, void *arg,
		    int argc, char **argv)
{
	struct cli_verb_run r = { c, NULL, arg, argc - optind,
				  argv + optind };

	if (!v)
		cli_usage_error(c, "unknown command '%s'", argv[optind - 1]);
	if (v->nargs >= 0 && r.nargs != v->nargs)
		cli_verb_args_error(c, v->name, r.nargs);
	if (v->check)
		v->check(&r);
}

const struct cli_verb *cli_verb(struct cli *c, const struct cli_verb *verbs,
				void *arg, int argc, char **argv)
{
	const struct cli_verb *v = cli_verb_find(c, verbs, argc, argv);

	cli_verb_check(c, v, arg, argc, argv);
	return v;
}

const struct cli_verb *cli_verb_counted(struct cli *c,
					const struct cli_verb *verbs,
					void *arg, int argc, char **argv)
{
	const struct cli_verb *v = cli_verb_find(c, verbs, argc, argv);

	if (!v)
		cli_verb_args_error(c, argv[optind - 1], argc - optind);
	cli_verb_check(c, v, arg, argc, argv);
	return v;
}

int cli_verb_run(struct cli *c, const struct cli_verb *v, void *arg,
		 int argc, char **argv)
{
	struct cli_verb_run r = { c, NULL, arg, argc - optind,
				  argv + optind };
	int status;

	cli_defaults(c);
	if ((status = cli_open_db(c, &r.db, 0)) == EXIT_OK)
		status = v->run(&r);
	fdss_db_close(r.db);
	return status;
}
