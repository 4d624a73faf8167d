#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <string.h>

#include <fdss/fdss.h>

static fdss_date d(const char *s)
{
	fdss_date out = 0;

	cr_assert(eq(int, fdss_date_parse(&out, s, NULL), FDSS_OK), "%s", s);
	return out;
}

static const char *fmt(char *buf, fdss_date date)
{
	return date ? fdss_date_format(buf, date) : "none";
}

/* Flags of a step. */
enum { ADV = 1, COMP = 2, EMERG = 4 };

/*
 * One visit of a sequence and what the rules must make of it.  Zero
 * measurements are absent; risk is a string so that "0" is a level.
 */
struct step {
	const char *date;
	int sbp, dbp, hr;
	double fpg, temp;
	const char *risk;
	int insight, symptoms, phase, supervisor, flags;
	const char *cls, *next;
	int refers;
};

struct seq {
	const char *name;
	int program;
	const char *birth;
	struct step steps[12];
};

static void to_visit(fdss_visit *v, const struct seq *s, const struct step *p)
{
	fdss_visit init = FDSS_VISIT_INIT;

	*v = init;
	v->id_number = "X";
	v->program = s->program;
	v->birth_date = d(s->birth);
	v->date = d(p->date);
	if (p->sbp)
		v->sbp = p->sbp, v->dbp = p->dbp;
	if (p->hr)
		v->heart_rate = p->hr;
	if (p->fpg > 0)
		v->fpg = p->fpg;
	if (p->temp > 0)
		v->temperature = p->temp;
	if (p->risk)
		v->risk_level = p->risk[0] - '0';
	v->insight = p->insight;
	v->symptoms = p->symptoms;
	v->phase = p->phase;
	v->supervisor = p->supervisor;
	v->adverse_reaction = !!(p->flags & ADV);
	v->new_complication = !!(p->flags & COMP);
	v->emergency = !!(p->flags & EMERG);
}

static const struct seq seqs[] = {
	{ "hypertension, 47", FDSS_PROGRAM_HYPERTENSION, "1978-11-22", {
		{ "2026-01-10", 130, 85, .cls = "controlled", .next = "2026-04-10" },
		{ "2026-04-10", 140, 85, .cls = "uncontrolled", .next = "2026-04-24" },
		{ "2026-04-24", 135, 90, .cls = "referral", .next = "2026-05-08", .refers = 1 },
		{ "2026-05-08", 150, 95, .cls = "referral", .next = "2026-05-22", .refers = 1 },
		{ "2026-05-22", 128, 78, .cls = "controlled", .next = "2026-08-20" },
		{ "2026-08-20", 182, 100, .cls = "emergency", .next = "2026-09-03", .refers = 1 },
		{ "2026-09-03", 125, 80, .flags = ADV, .cls = "adverse", .next = "2026-09-17" },
		{ "2026-09-17", 125, 80, .flags = COMP, .cls = "referral", .next = "2026-10-01", .refers = 1 },
		{ "2026-10-01", 170, 110, .cls = "emergency", .next = "2026-10-15", .refers = 1 },
		{ "2026-10-15", 120, 70, .flags = EMERG, .cls = "emergency", .next = "2026-10-29", .refers = 1 },
		{ NULL } } },
	{ "hypertension, 76: limits 150/90", FDSS_PROGRAM_HYPERTENSION, "1950-03-15", {
		{ "2026-01-05", 148, 88, .cls = "controlled", .next = "2026-04-05" },
		{ "2026-04-05", 150, 85, .cls = "uncontrolled", .next = "2026-04-19" },
		{ "2026-04-19", 145, 90, .cls = "referral", .next = "2026-05-03", .refers = 1 },
		{ "2026-05-03", 140, 80, .cls = "controlled", .next = "2026-08-01" },
		{ "2026-08-01", 179, 89, .cls = "uncontrolled", .next = "2026-08-15" },
		{ NULL } } },
	{ "hypertension, turning 65 between visits", FDSS_PROGRAM_HYPERTENSION, "1961-06-01", {
		{ "2026-05-20", 145, 85, .cls = "uncontrolled", .next = "2026-06-03" },
		{ "2026-06-03", 155, 85, .cls = "referral", .next = "2026-06-17", .refers = 1 },
		{ "2026-06-17", 145, 85, .cls = "controlled", .next = "2026-09-15" },
		{ NULL } } },
	{ "diabetes", FDSS_PROGRAM_DIABETES, "1985-06-07", {
		{ "2026-01-10", .fpg = 6.5, .cls = "controlled", .next = "2026-04-10" },
		{ "2026-04-10", .fpg = 7.0, .cls = "uncontrolled", .next = "2026-04-24" },
		{ "2026-04-24", .fpg = 8.2, .cls = "referral", .next = "2026-05-08", .refers = 1 },
		{ "2026-05-08", .fpg = 16.7, .cls = "emergency", .next = "2026-05-22", .refers = 1 },
		{ "2026-05-22", .fpg = 3.9, .cls = "emergency", .next = "2026-06-05", .refers = 1 },
		{ "2026-06-05", .fpg = 5.5, .hr = 101, .cls = "emergency", .next = "2026-06-19", .refers = 1 },
		{ "2026-06-19", .fpg = 5.5, .hr = 100, .cls = "controlled", .next = "2026-09-17" },
		{ "2026-09-17", .fpg = 6.0, .temp = 39.5, .cls = "emergency", .next = "2026-10-01", .refers = 1 },
		{ "2026-10-01", .fpg = 6.0, .flags = ADV, .cls = "adverse", .next = "2026-10-15" },
		{ "2026-10-15", .fpg = 6.0, .flags = ADV, .cls = "referral", .next = "2026-10-29", .refers = 1 },
		{ "2026-10-29", 180, 100, .fpg = 6.0, .cls = "emergency", .next = "2026-11-12", .refers = 1 },
		{ NULL } } },
	{ "severe mental disorder", FDSS_PROGRAM_SMI, "1987-09-12", {
		{ "2026-01-10", .risk = "0", .cls = "stable", .next = "2026-04-10" },
		{ "2026-04-10", .risk = "1", .cls = "basically_stable", .next = "2026-04-24" },
		{ "2026-04-24", .risk = "2", .cls = "basically_stable", .next = "2026-05-08" },
		{ "2026-05-08", .risk = "3", .cls = "unstable", .next = "2026-05-22", .refers = 1 },
		{ "2026-05-22", .risk = "0", .cls = "stable", .next = "2026-08-20" },
		{ "2026-08-20", .risk = "0", .insight = FDSS_INSIGHT_NONE, .cls = "unstable", .next = "2026-09-03", .refers = 1 },
		{ "2026-09-03", .risk = "0", .symptoms = FDSS_SYMPTOMS_SOME, .cls = "basically_stable", .next = "2026-09-17" },
		{ "2026-09-17", .risk = "5", .cls = "unstable", .next = "2026-10-01", .refers = 1 },
		{ "2026-10-01", .risk = "0", .symptoms = FDSS_SYMPTOMS_MARKED, .cls = "unstable", .next = "2026-10-15", .refers = 1 },
		{ NULL } } },
	{ "tuberculosis", FDSS_PROGRAM_TB, "1960-11-22", {
		{ "2026-09-03", .phase = FDSS_PHASE_INTENSIVE, .supervisor = FDSS_SUPERVISOR_FAMILY, .cls = "intensive", .next = "2026-09-13" },
		{ "2026-09-13", .phase = FDSS_PHASE_INTENSIVE, .supervisor = FDSS_SUPERVISOR_STAFF, .cls = "intensive", .next = "2026-10-13" },
		{ "2026-10-13", .phase = FDSS_PHASE_CONTINUATION, .supervisor = FDSS_SUPERVISOR_FAMILY, .cls = "continuation", .next = "2026-11-12" },
		{ "2026-10-20", .phase = FDSS_PHASE_CONTINUATION, .supervisor = FDSS_SUPERVISOR_FAMILY, .flags = ADV, .cls = "referral", .next = "2026-11-03", .refers = 1 },
		{ "2026-11-12", .phase = FDSS_PHASE_STOPPED, .cls = "stopped", .next = "2026-11-26", .refers = 1 },
		{ "2026-11-20", .phase = FDSS_PHASE_COMPLETED, .cls = "closed", .next = "none" },
		{ NULL } } },
	{ "tuberculosis, supervisor not given: family", FDSS_PROGRAM_TB, "1960-11-22", {
		{ "2026-09-03", .phase = FDSS_PHASE_INTENSIVE, .cls = "intensive", .next = "2026-09-13" },
		{ NULL } } },
	{ "elderly", FDSS_PROGRAM_ELDERLY, "1940-01-01", {
		{ "2026-03-10", 130, 80, .cls = "controlled", .next = "2027-03-10" },
		{ "2027-03-10", 155, 80, .cls = "uncontrolled", .next = "2028-03-10" },
		{ "2028-02-29", .cls = "controlled", .next = "2029-02-28" },
		{ "2029-03-01", 185, 80, .cls = "emergency", .next = "2029-03-15", .refers = 1 },
		{ NULL } } },
	{ "other chronic", FDSS_PROGRAM_CHRONIC, "1970-01-01", {
		{ "2026-03-10", .cls = "controlled", .next = "2027-03-10" },
		{ "2027-03-10", .fpg = 8.0, .cls = "uncontrolled", .next = "2028-03-10" },
		{ NULL } } },
};

Test(followup, sequences_by_programme)
{
	char got[FDSS_DATE_BUFSZ];
	fdss_visit v, prev;
	fdss_visit_result res;
	fdss_error err = FDSS_ERROR_INIT;
	fdss_rules r;
	size_t i, k;

	fdss_rules_defaults(&r);
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		for (k = 0; seqs[i].steps[k].date; k++) {
			const struct step *p = &seqs[i].steps[k];

			to_visit(&v, &seqs[i], p);
			cr_assert(eq(int, fdss_visit_check(&v, d("2030-01-01"),
							   &err), FDSS_OK),
				  "%s %s: %s", seqs[i].name, p->date, err.msg);
			cr_assert(eq(int, fdss_followup_classify(&res, &r, &v,
					k ? &prev : NULL), FDSS_OK));
			cr_assert(eq(str, (char *)fdss_class_name(
					res.classification), (char *)p->cls),
				  "%s %s: %s", seqs[i].name, p->date, res.action);
			cr_assert(eq(str, (char *)fmt(got, res.next_due),
				     (char *)p->next), "%s %s", seqs[i].name,
				  p->date);
			cr_assert(eq(int, res.refers, p->refers), "%s %s",
				  seqs[i].name, p->date);
			prev = v;
		}
	}
}

Test(followup, actions_say_what_to_do)
{
	fdss_visit v = FDSS_VISIT_INIT, prev = FDSS_VISIT_INIT;
	fdss_visit_result res;
	fdss_rules r;

	fdss_rules_defaults(&r);
	v.program = prev.program = FDSS_PROGRAM_HYPERTENSION;
	v.birth_date = prev.birth_date = d("1970-01-01");
	prev.date = d("2026-11-08");
	prev.sbp = 150, prev.dbp = 95;
	v.date = d("2026-11-22");
	v.sbp = 160, v.dbp = 100;
	fdss_followup_classify(&res, &r, &v, &prev);
	cr_assert(eq(str, res.action, "uncontrolled twice in a row: refer, "
		     "and check the referral by 2026-12-06"));
	cr_assert(eq(int, res.referral_due, d("2026-12-06")));
	fdss_followup_classify(&res, &r, &v, NULL);
	cr_assert(eq(str, res.action, "uncontrolled (BP 160/100, target "
		     "below 140/90): adjust treatment, next visit by "
		     "2026-12-06"));
}

Test(followup, a_changed_rule_changes_the_next_due_date)
{
	fdss_visit v = FDSS_VISIT_INIT;
	fdss_visit_result res;
	fdss_rules r;

	fdss_rules_defaults(&r);
	v.program = FDSS_PROGRAM_HYPERTENSION;
	v.birth_date = d("1970-01-01");
	v.date = d("2026-01-10");
	v.sbp = 120, v.dbp = 80;
	r.hypertension.controlled_days = 60;
	fdss_followup_classify(&res, &r, &v, NULL);
	cr_assert(eq(int, res.next_due, d("2026-03-11")));
	r.hypertension.sbp_limit = 120;		/* stricter target */
	fdss_followup_classify(&res, &r, &v, NULL);
	cr_assert(eq(str, (char *)fdss_class_name(res.classification),
		     "uncontrolled"));
	v.program = FDSS_PROGRAM_SMI;
	v.sbp = v.dbp = FDSS_ABSENT;
	v.risk_level = 1;
	r.smi.basic_days = 30;
	fdss_followup_classify(&res, &r, &v, NULL);
	cr_assert(eq(int, res.next_due, d("2026-02-09")));
}

Test(followup, impossible_values_name_the_field)
{
	static const struct {
		int sbp, dbp;
		double fpg;
		int risk, mode, program;
		const char *date, *want;
	} cases[] = {
		{ 300, 20, -1, -1, 1, 1, "2026-05-01", "sbp: 300 is not a possible value" },
		{ 150, 20, -1, -1, 1, 1, "2026-05-01", "dbp: 20 is not a possible value" },
		{ 120, 130, -1, -1, 1, 1, "2026-05-01", "sbp: 120 is not above dbp 130" },
		{ 120, -1, -1, -1, 1, 1, "2026-05-01", "dbp: missing" },
		{ -1, -1, -1, -1, 1, 1, "2026-05-01", "sbp: required for a hypertension visit" },
		{ -1, -1, 0.5, -1, 1, 2, "2026-05-01", "fpg: 0.5 is not a possible value" },
		{ -1, -1, 36, -1, 1, 2, "2026-05-01", "fpg: 36 is not a possible value" },
		{ -1, -1, -1, 6, 1, 3, "2026-05-01", "risk_level: 6 is not a possible value" },
		{ -1, -1, -1, -1, 1, 3, "2026-05-01", "risk_level: required" },
		{ 120, 80, -1, -1, 1, 1, "1969-12-31", "date: 1969-12-31 is before the birth date 1970-01-01" },
		{ 120, 80, -1, -1, 1, 1, "2026-11-23", "date: 2026-11-23 is after today (2026-11-22)" },
		{ 120, 80, -1, -1, 0, 1, "2026-05-01", "mode: should be clinic, home or phone" },
		{ 120, 80, -1, -1, 1, 9, "2026-05-01", "program: should be" },
	};
	fdss_error err = FDSS_ERROR_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fdss_visit v = FDSS_VISIT_INIT;

		v.program = cases[i].program;
		v.mode = cases[i].mode;
		v.birth_date = d("1970-01-01");
		v.date = d(cases[i].date);
		v.sbp = cases[i].sbp;
		v.dbp = cases[i].dbp;
		v.fpg = cases[i].fpg;
		v.risk_level = cases[i].risk;
		cr_assert(eq(int, fdss_visit_check(&v, d("2026-11-22"), &err),
			     FDSS_EDATA), "case %zu", i);
		cr_assert(eq(int, strncmp(err.msg, cases[i].want,
					  strlen(cases[i].want)), 0),
			  "case %zu: %s", i, err.msg);
	}
}

Test(followup, names_round_trip)
{
	int i;

	for (i = 1; i <= FDSS_PROGRAM_COUNT; i++)
		cr_assert(eq(int, fdss_program_parse(fdss_program_name(i)), i));
	for (i = FDSS_CLASS_CONTROLLED; i <= FDSS_CLASS_CLOSED; i++)
		cr_assert(eq(int, fdss_class_parse(fdss_class_name(i)), i));
	cr_assert(eq(int, fdss_program_parse("copd"), FDSS_PROGRAM_CHRONIC));
	cr_assert(eq(int, fdss_program_parse("asthma"), 0));
	cr_assert(eq(int, fdss_program_of_condition(FDSS_COND_COPD),
		     FDSS_PROGRAM_CHRONIC));
}

/* ---- stored visits --------------------------------------------------- */

static fdss_db *db;

static const char seed[] =
	"INSERT INTO area VALUES ('140826100201', '城关村', 'village',"
	" '140826100');"
	"INSERT INTO household (household_no, village_code) VALUES"
	" ('H1', '140826100201');"
	"INSERT INTO person (id_number, name, sex, birth_date, household_no,"
	" relation) VALUES ('P1', '张一', 'M', '1970-05-01', 'H1', '户主'),"
	" ('P2', '张二', 'F', '1990-01-01', 'H1', '配偶');"
	"INSERT INTO condition (id_number, kind, since, status) VALUES"
	" ('P1', 'hypertension', '2020-01-01', 'active');";

static void open_db(void)
{
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", 0, &err), FDSS_OK),
		  "%s", err.msg);
	cr_assert(eq(int, fdss_db_exec(db, seed), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

struct log {
	char text[2048];
	long rejected;
};

static void on_reject(void *arg, const char *subject, const char *reason)
{
	struct log *l = arg;
	size_t n = strlen(l->text);

	snprintf(l->text + n, sizeof(l->text) - n, "%s: %s\n", subject, reason);
	l->rejected++;
}

static int record(const char *id, const char *date, int sbp, int dbp,
		  struct log *l)
{
	fdss_followup_opts o = FDSS_FOLLOWUP_OPTS_INIT;
	fdss_followup_batch *b = NULL;
	fdss_visit v = FDSS_VISIT_INIT;
	int rc;

	o.ref = d("2026-11-22");
	o.reject = on_reject;
	o.arg = l;
	v.id_number = id;
	v.program = FDSS_PROGRAM_HYPERTENSION;
	v.date = d(date);
	v.sbp = sbp, v.dbp = dbp;
	cr_assert(eq(int, fdss_followup_batch_open(&b, db, &o), FDSS_OK));
	rc = fdss_followup_record(b, &v);
	cr_assert(eq(int, fdss_followup_batch_finish(b, NULL), FDSS_OK));
	fdss_followup_batch_free(b);
	return rc;
}

static int history_line(const fdss_followup *f, void *arg)
{
	char *buf = arg, a[FDSS_DATE_BUFSZ], b[FDSS_DATE_BUFSZ];
	size_t n = strlen(buf);

	snprintf(buf + n, 1024 - n, "%s %s %s%s%s\n",
		 fdss_date_format(a, f->visit.date),
		 fdss_class_name(f->result.classification),
		 fdss_date_format(b, f->result.next_due),
		 f->result.refers ? " refers" : "", f->latest ? " latest" : "");
	return 0;
}

Test(followup, a_back_dated_visit_recomputes_the_chain, .init = open_db,
     .fini = close_db)
{
	struct log l = { "", 0 };
	char buf[1024] = "";

	cr_assert(eq(int, record("P1", "2026-03-01", 150, 95, &l), FDSS_OK));
	cr_assert(eq(int, record("P1", "2026-03-15", 152, 92, &l), FDSS_OK));
	cr_assert(eq(int, record("P1", "2026-03-29", 130, 80, &l), FDSS_OK));
	fdss_followup_list(db, "P1", 0, history_line, buf);
	cr_assert(eq(str, buf,
		     "2026-03-01 uncontrolled 2026-03-15\n"
		     "2026-03-15 referral 2026-03-29 refers\n"
		     "2026-03-29 controlled 2026-06-27 latest\n"));
	/* a controlled visit between the two uncontrolled ones */
	cr_assert(eq(int, record("P1", "2026-03-08", 128, 82, &l), FDSS_OK));
	buf[0] = '\0';
	fdss_followup_list(db, "P1", 0, history_line, buf);
	cr_assert(eq(str, buf,
		     "2026-03-01 uncontrolled 2026-03-15\n"
		     "2026-03-08 controlled 2026-06-06\n"
		     "2026-03-15 uncontrolled 2026-03-29\n"
		     "2026-03-29 controlled 2026-06-27 latest\n"));
	cr_assert(eq(long, l.rejected, 0));
}

Test(followup, rejections_change_nothing, .init = open_db, .fini = close_db)
{
	struct log l = { "", 0 };
	char buf[1024] = "";

	cr_assert(eq(int, record("P2", "2026-03-01", 150, 95, &l), FDSS_EDATA));
	cr_assert(eq(int, record("P9", "2026-03-01", 150, 95, &l), FDSS_EDATA));
	cr_assert(eq(int, record("P1", "2026-03-01", 300, 20, &l), FDSS_EDATA));
	cr_assert(eq(int, record("P1", "2026-03-01", 140, 90, &l), FDSS_OK));
	cr_assert(eq(int, record("P1", "2026-03-01", 140, 90, &l), FDSS_EDATA));
	cr_assert(eq(str, l.text,
		     "P2: not in the hypertension programme: no active "
		     "hypertension condition (fdss condition add)\n"
		     "P9: no such person\n"
		     "P1: sbp: 300 is not a possible value (60 to 299)\n"
		     "P1: a hypertension visit on 2026-03-01 is already "
		     "recorded\n"));
	fdss_followup_list(db, "P1", 0, history_line, buf);
	cr_assert(eq(str, buf, "2026-03-01 uncontrolled 2026-03-15 latest\n"));
}

static int rule_equal(const fdss_rule *rule, void *arg)
{
	(void)rule;
	(*(int *)arg)++;
	return 0;
}

Test(followup, the_rule_table_holds_the_defaults, .init = open_db,
     .fini = close_db)
{
	fdss_rules def, got;
	int n = 0;

	fdss_rules_defaults(&def);
	cr_assert(eq(int, fdss_rules_load(db, &got), FDSS_OK));
	cr_assert(eq(int, memcmp(&def, &got, sizeof(def)), 0));
	cr_assert(eq(int, fdss_rules_list(db, NULL, rule_equal, &n), FDSS_OK));
	cr_assert(eq(int, n, 47));
	cr_assert(eq(int, fdss_rules_set(db, "hypertension", "controlled_days",
					 "60", "province"), FDSS_OK));
	cr_assert(eq(int, fdss_rules_load(db, &got), FDSS_OK));
	cr_assert(eq(int, got.hypertension.controlled_days, 60));
	cr_assert(eq(int, fdss_rules_set(db, "hypertension", "controlled_days",
					 "0", NULL), FDSS_EINVAL));
	cr_assert(eq(int, fdss_rules_set(db, "diabetes", "fpg_limit", "x",
					 NULL), FDSS_EINVAL));
	cr_assert(eq(int, fdss_rules_set(db, "tb", "nosuch", "1", NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(int, fdss_rules_set(db, "diabetes", "fpg_limit", "6.1",
					 NULL), FDSS_OK));
	cr_assert(eq(int, fdss_rules_load(db, &got), FDSS_OK));
	cr_assert(got.diabetes.fpg_limit == 6.1);
}

/* The audit entry of a recorded visit is written as text straight from
 * the record (fdss__followup_text): the bytes cJSON prints for
 * fdss_followup_to_json, odd values included. */
int fdss__followup_text(fdss_jbuf *b, const fdss_followup *f);

static void same_text(const fdss_followup *f)
{
	fdss_jbuf b = FDSS_JBUF_INIT;
	cJSON *rec = fdss_followup_to_json(f);
	char *want = cJSON_PrintUnformatted(rec);

	cr_assert(eq(int, fdss__followup_text(&b, f), FDSS_OK));
	cr_assert(eq(str, b.s, want));
	fdss_jbuf_release(&b);
	cJSON_free(want);
	cJSON_Delete(rec);
}

Test(followup, audit_text_is_what_cjson_prints)
{
	fdss_followup f;
	fdss_rules r;
	const double reals[] = { 6.2, 7.0, 0.1, 12.345678901234567, 36.6,
				 999999.99, 1.0 / 3 };
	size_t i;

	memset(&f, 0, sizeof(f));
	f.visit = (fdss_visit)FDSS_VISIT_INIT;
	f.visit.id_number = "11010519491231002X";
	f.visit.program = FDSS_PROGRAM_DIABETES;
	fdss_date_parse(&f.visit.date, "2026-03-01", NULL);
	fdss_rules_defaults(&r);
	fdss_followup_classify(&f.result, &r, &f.visit, NULL);
	same_text(&f);			/* id 0 (null), nothing measured */
	f.id = 4294967296LL;
	f.visit.doctor = "王\"医生\\\n\t\x01 x";
	f.visit.sbp = 150;
	f.visit.dbp = -3;
	f.visit.insight = FDSS_INSIGHT_GOOD;
	f.visit.phase = 1;
	f.visit.adverse_reaction = 1;
	f.result.refers = 1;
	f.result.referral_due = f.visit.date + 14;
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		f.visit.fpg = reals[i];
		f.visit.temperature = reals[(i + 3) % 7];
		same_text(&f);
	}
	f.visit.doctor = "";		/* as null */
	f.result.action[0] = '\0';
	same_text(&f);
}
