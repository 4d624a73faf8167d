/*
 * report.c: the reports fdss knows, and what their options mean
 * (fdss-report(1)).  Each report lives in a module of its own
 * (report_overdue.c, report_coverage.c, …) and is listed here once.
 */
#include <string.h>

#include "fdss/report.h"
#include "fdss/text.h"
#include "internal.h"
#include "report_int.h"

static const fdss_report_def reports[] = {
	{ "overdue", &fdss__report_overdue_spec, fdss__report_overdue },
	{ "coverage", &fdss__report_coverage_spec, fdss__report_coverage },
	{ NULL, NULL, NULL }	/* the reports are listed above this row */
};

#define NREPORTS (sizeof(reports) / sizeof(reports[0]) - 1)

const fdss_report_def *fdss_report_all(size_t *n)
{
	*n = NREPORTS;
	return reports;
}

const fdss_report_def *fdss_report_find(const char *name)
{
	size_t i;

	for (i = 0; name && reports[i].name; i++)
		if (!strcmp(reports[i].name, name))
			return &reports[i];
	return NULL;
}

int fdss_report_by_parse(const char *name)
{
	static const char *const names[] = {
		NULL, "county", "township", "village", "team"
	};
	int i;

	for (i = FDSS_REPORT_BY_COUNTY; name && i <= FDSS_REPORT_BY_TEAM; i++)
		if (!strcmp(name, names[i]))
			return i;
	return 0;
}

/* One "group=percent" of --target, len bytes at s. */
static int parse_target(fdss_report_target *t, char *s, fdss_error *err)
{
	char *eq = strchr(s, '=');
	const char *why = NULL;

	if (!eq || eq == s)
		return fdss_error_set(err, FDSS_EINVAL, "--target '%s': expected "
				      "GROUP=PERCENT, such as all=30", s);
	*eq = '\0';
	if (fdss_decimal_parse(&t->percent, eq + 1, 0, 100, &why) != FDSS_OK)
		return fdss_error_set(err, FDSS_EINVAL, "--target '%s': "
				      "percent '%s' %s (0 to 100)", s, eq + 1,
				      why);
	t->group = s;
	return FDSS_OK;
}

/*
 * The groups point into text, which the caller keeps: --target's
 * argument, split in place at each ',' and '='.
 */
int fdss_report_targets_parse(fdss_report_query *q, char *text,
			      fdss_error *err)
{
	char *s = text, *next;
	size_t i;
	int rc;

	for (; s; s = next) {
		if ((next = strchr(s, ',')))
			*next++ = '\0';
		if (q->ntargets == FDSS_REPORT_MAX_TARGETS)
			return fdss_error_set(err, FDSS_EINVAL, "--target: more "
					      "than %d groups",
					      FDSS_REPORT_MAX_TARGETS);
		if ((rc = parse_target(&q->targets[q->ntargets], s, err)))
			return rc;
		for (i = 0; i < q->ntargets; i++)
			if (!strcmp(q->targets[i].group, s))
				return fdss_error_set(err, FDSS_EINVAL,
						      "--target: '%s' twice", s);
		q->ntargets++;
	}
	return FDSS_OK;
}
