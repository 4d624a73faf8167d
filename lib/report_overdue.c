/*
 * report_overdue.c: fdss report overdue — one record per open follow-up
 * obligation past its date at --as-of (fdss-report(1)).  The obligations
 * are those of the due list (due.c, every reason with all_reasons); this
 * module only chooses the overdue ones and writes their records.
 */
#include <string.h>

#include "fdss/due.h"
#include "fdss/report.h"
#include "internal.h"
#include "report_cov_int.h"
#include "report_int.h"

static const fdss_report_column cols[] = {
	{ "team", "团队", "Team", FDSS_REPORT_TEXT },
	{ "doctor", "家庭医生", "Doctor", FDSS_REPORT_TEXT },
	{ "township", "乡镇", "Township", FDSS_REPORT_TEXT },
	{ "village", "村", "Village", FDSS_REPORT_TEXT },
	{ "name", "姓名", "Name", FDSS_REPORT_TEXT },
	{ "id_number", "证件号码", "ID number", FDSS_REPORT_ID },
	{ "phone", "联系电话", "Phone", FDSS_REPORT_ID },
	{ "program", "项目", "Programme", FDSS_REPORT_TEXT },
	{ "reason", "原因", "Reason", FDSS_REPORT_TEXT },
	{ "last_visit", "末次随访", "Last visit", FDSS_REPORT_DATE },
	{ "due_date", "应随访日期", "Due date", FDSS_REPORT_DATE },
	{ "days_overdue", "逾期天数", "Days overdue", FDSS_REPORT_INT }
};

/* value NULL: one bar per distinct label, as long as its record count */
static const fdss_report_chart charts[] = {
	{ "team", NULL, NULL,
	  "逾期随访（按团队）", "Overdue by team", NULL, NULL },
	{ "reason_code", NULL, NULL, "逾期随访（按原因）",
	  "Overdue by reason", NULL, NULL }
};

const fdss_report_spec fdss__report_overdue_spec = {
	"overdue", "逾期随访", "Overdue follow-up",
	cols, sizeof(cols) / sizeof(cols[0]),
	charts, sizeof(charts) / sizeof(charts[0])
};

/* The walk's state: the query and where the records go. */
struct walk {
	const fdss_report_query *q;
	fdss_report_fn fn;
	void *arg;
	int rc;		/* fn's last non-zero return, or FDSS_ENOMEM */
};

/* The reason_code of a due row (fdss-report(1)). */
static const char *reason_code(int why)
{
	switch (why) {
	case FDSS_DUE_NEXT: return "next_due";
	case FDSS_DUE_FIRST: return "first_visit";
	case FDSS_DUE_TB_FIRST: return "tb_first_visit";
	case FDSS_DUE_REFERRAL: return "referral";
	case FDSS_DUE_ELDERLY_FIRST: return "yearly";
	default: return NULL;
	}
}

/* The record of d, or NULL when out of memory. */
static cJSON *overdue_json(const fdss_due *d)
{
	char due[FDSS_DATE_BUFSZ], last[FDSS_DATE_BUFSZ] = "";
	cJSON *rec = cJSON_CreateObject();

	fdss_date_format(due, d->due_date);
	if (d->last_visit)
		fdss_date_format(last, d->last_visit);
	if (rec && fdss__put_str(rec, "type", "overdue") &&
	    fdss__put_str(rec, "team", d->team) &&
	    fdss__put_str(rec, "team_name", d->team_name) &&
	    fdss__put_str(rec, "doctor", d->doctor) &&
	    fdss__put_str(rec, "township_code", d->township_code) &&
	    fdss__put_str(rec, "township", d->township) &&
	    fdss__put_str(rec, "village_code", d->village_code) &&
	    fdss__put_str(rec, "village", d->village) &&
	    fdss__put_str(rec, "name", d->name) &&
	    fdss__put_str(rec, "id_number", d->id_number) &&
	    fdss__put_str(rec, "phone", d->phone) &&
	    fdss__put_str(rec, "program", d->program) &&
	    fdss__put_str(rec, "reason_code", reason_code(d->why)) &&
	    fdss__put_str(rec, "reason", d->reason) &&
	    fdss__put_str(rec, "last_visit", last) &&
	    fdss__put_str(rec, "due_date", due) &&
	    fdss__put_int(rec, "days_overdue", d->days_overdue, 0))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

/*
 * One due row: past its date by at least --min-days (1 when not given),
 * not the quarterly count of visits (FDSS_DUE_YEARLY: a statistic, whose
 * missing visit is the row of another reason), signed when asked.
 */
static int on_due(const fdss_due *d, void *arg)
{
	struct walk *w = arg;
	int min = w->q->min_days > 1 ? w->q->min_days : 1;
	cJSON *rec;

	if (d->why == FDSS_DUE_YEARLY || d->days_overdue < min ||
	    (w->q->signed_only && !d->team))
		return 0;
	if (!(rec = overdue_json(d)))
		return w->rc = FDSS_ENOMEM;
	w->rc = w->fn(w->arg, rec);
	cJSON_Delete(rec);
	return w->rc;
}

/* The options of fdss_report_query that overdue does not take. */
static const char *refused(const fdss_report_query *q)
{
	if (q->by)
		return "--by";
	if (q->ntargets)
		return "--target";
	if (q->from)
		return "--from";
	if (q->to)
		return "--to";
	if (q->year)
		return "--year";
	return NULL;
}

int fdss__report_overdue(fdss_db *db, const fdss_report_query *q,
			 fdss_report_fn fn, void *arg)
{
	return fdss__report_overdue_via(db, NULL, NULL, q, fn, arg);
}

int fdss__report_overdue_via(fdss_db *db, fdss__due_fn due, void *due_arg,
			     const fdss_report_query *q, fdss_report_fn fn,
			     void *arg)
{
	fdss_due_query dq = FDSS_DUE_QUERY_INIT;
	struct walk w = { q, fn, arg, 0 };
	const char *opt = refused(q);
	int rc;

	if (opt)
		return fdss__db_fail(db, FDSS_EINVAL, "report overdue: %s is "
				     "not one of its options", opt);
	if (q->min_days < 0)
		return fdss__db_fail(db, FDSS_EINVAL, "--min-days %d: a number "
				     "of days >= 0 expected", q->min_days);
	dq.ref = q->ref;
	dq.team = q->team;
	dq.area = q->area;
	dq.program = q->program;
	dq.all_reasons = 1;
	rc = due ? due(due_arg, db, &dq, on_due, &w)
		 : fdss_followup_due(db, &dq, on_due, &w);
	return rc != FDSS_OK && w.rc ? w.rc : rc;
}
