/*
 * followup.c: the stored side of follow-up — the rule table, batches of
 * visits (classified by followup_rules.c, chains recomputed when a visit
 * is back-dated, referrals created and satisfied) and a person's history.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "followup_int.h"

/* ---- rules ----------------------------------------------------------- */

static const char sql_rules_all[] =
	"SELECT program, key, value, description FROM rule"
	" WHERE ?1 IS NULL OR program = ?1 ORDER BY program, key";
static const char sql_rule_get[] =
	"SELECT value, description FROM rule WHERE program = ?1 AND key = ?2";
static const char sql_rule_set[] =
	"UPDATE rule SET value = ?3 WHERE program = ?1 AND key = ?2";

int fdss_rules_list(fdss_db *db, const char *program,
		    int (*fn)(const fdss_rule *rule, void *arg), void *arg)
{
	sqlite3_stmt *st;
	fdss_rule rule;
	int rc;

	if (program && !fdss_program_parse(program) &&
	    strcmp(program, "referral") != 0 && strcmp(program, "general") != 0)
		return fdss__db_fail(db, FDSS_EINVAL, "no programme '%s'",
				     program);
	if (program && fdss_program_parse(program))
		program = fdss_program_name(fdss_program_parse(program));
	if (!(st = fdss__db_prepare(db, sql_rules_all)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__bind_text(st, 1, program, 1)) != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the rules");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rule.program = fdss__col(st, 0);
		rule.key = fdss__col(st, 1);
		rule.value = fdss__col(st, 2);
		rule.description = fdss__col(st, 3);
		if (fn && (rc = fn(&rule, arg)) != 0) {
			sqlite3_reset(st);
			return rc;
		}
	}
	rc = rc == SQLITE_DONE ? FDSS_OK
			       : fdss__db_sqlfail(db, rc, "cannot read the rules");
	sqlite3_reset(st);
	return rc;
}

static int load_one(const fdss_rule *rule, void *arg)
{
	const struct fdss__rule_def *def = fdss__rule_find(rule->program,
							   rule->key);
	fdss_error err = FDSS_ERROR_INIT;
	void **a = arg;

	if (!def || fdss__rule_apply(a[1], def, rule->value, &err) == FDSS_OK)
		return 0;
	return fdss__db_fail(a[0], FDSS_EDATA, "rule %s.%s: %s", rule->program,
			     rule->key, err.msg);
}

int fdss_rules_load(fdss_db *db, fdss_rules *r)
{
	void *a[2] = { db, r };

	fdss_rules_defaults(r);
	return fdss_rules_list(db, NULL, load_one, a);
}

/* The rule's JSON for the audit log. */
static cJSON *rule_json(const char *program, const char *key,
			const char *value, const char *description)
{
	fdss_rule rule = { program, key, value, description };

	return fdss_rule_to_json(&rule);
}

static int rule_change(fdss_db *db, const char *program, const char *key,
		       const char *value, const char *reason)
{
	sqlite3_stmt *st;
	cJSON *before = NULL, *after = NULL;
	char *keybuf = NULL;
	size_t n;
	int rc;

	if (!(st = fdss__db_prepare(db, sql_rule_get)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, program, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC))
		return fdss__db_bindfail(db, st, "cannot read the rules");
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? fdss__db_fail(db, FDSS_ENOTFOUND,
				"no rule %s.%s", program, key)
			: fdss__db_sqlfail(db, rc, "cannot read the rules");
	}
	before = rule_json(program, key, fdss__col(st, 0), fdss__col(st, 1));
	after = rule_json(program, key, value, fdss__col(st, 1));
	sqlite3_reset(st);
	if (!before || !after) {
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
		goto out;
	}
	if (!(st = fdss__db_prepare(db, sql_rule_set))) {
		rc = fdss_db_error(db)->code;
		goto out;
	}
	if (sqlite3_bind_text(st, 1, program, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC)) {
		rc = fdss__db_bindfail(db, st, "cannot change the rule");
		goto out;
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = fdss__db_sqlfail(db, rc, "cannot change the rule");
		goto out;
	}
	n = strlen(program) + strlen(key) + 2;
	if (!(keybuf = malloc(n))) {
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
		goto out;
	}
	snprintf(keybuf, n, "%s.%s", program, key);
	rc = fdss__audit_json(db, "rule", keybuf, before, after, reason);
out:
	free(keybuf);
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

int fdss_rules_set(fdss_db *db, const char *program, const char *key,
		   const char *value, const char *reason)
{
	const struct fdss__rule_def *def = fdss__rule_find(program, key);
	fdss_error err = FDSS_ERROR_INIT;
	fdss_rules r;
	int nested, rc;

	if (!def)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no rule %s.%s "
				     "(see 'fdss rules list')",
				     program ? program : "", key ? key : "");
	if (fdss__rule_apply(&r, def, value, &err) != FDSS_OK)
		return fdss__db_fail(db, FDSS_EINVAL, "rule %s.%s: %s",
				     program, key, err.msg);
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		return rc;
	rc = rule_change(db, program, key, value, reason);
	return fdss__tx_end(db, nested, rc);
}

/* ---- reading visits -------------------------------------------------- */

#define VISIT_COLUMNS \
	"f.id, f.id_number, f.program, f.visit_date, f.mode, f.doctor," \
	" f.sbp, f.dbp, f.heart_rate, f.fpg, f.temperature, f.risk_level," \
	" f.insight, f.symptoms, f.social_function, f.phase, f.supervisor," \
	" f.doses_taken, f.doses_due, f.adverse_reaction, f.new_complication," \
	" f.emergency, f.classification, f.next_due, f.action, f.latest," \
	" f.recorded, p.birth_date, r.due_date"
#define VISIT_FROM \
	" FROM followup f JOIN person p ON p.id_number = f.id_number" \
	" LEFT JOIN referral r ON r.followup_id = f.id"

static const char sql_history[] =
	"SELECT " VISIT_COLUMNS VISIT_FROM
	" WHERE f.id_number = ?1 AND (?2 IS NULL OR f.program = ?2)"
	" ORDER BY f.program, f.visit_date";
static const char sql_prev[] =
	"SELECT " VISIT_COLUMNS VISIT_FROM
	" WHERE f.id_number = ?1 AND f.program = ?2 AND f.visit_date < ?3"
	" ORDER BY f.visit_date DESC LIMIT 1";
static const char sql_later[] =
	"SELECT " VISIT_COLUMNS VISIT_FROM
	" WHERE f.id_number = ?1 AND f.program = ?2 AND f.visit_date > ?3"
	" ORDER BY f.visit_date";

static int col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? FDSS_ABSENT : sqlite3_column_int(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? -1.0 : sqlite3_column_double(st, i);
}

static const char *col_opt(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The row of VISIT_COLUMNS into f; strings borrowed from st. */
static void read_row(sqlite3_stmt *st, fdss_followup *f)
{
	fdss_visit *v = &f->visit;

	f->id = sqlite3_column_int64(st, 0);
	v->id_number = fdss__col(st, 1);
	v->program = fdss_program_parse(fdss__col(st, 2));
	v->date = fdss__col_date(st, 3);
	v->mode = fdss_visit_mode_parse(fdss__col(st, 4));
	v->doctor = col_opt(st, 5);
	v->sbp = col_int(st, 6);
	v->dbp = col_int(st, 7);
	v->heart_rate = col_int(st, 8);
	v->fpg = col_real(st, 9);
	v->temperature = col_real(st, 10);
	v->risk_level = col_int(st, 11);
	v->insight = fdss_insight_parse(col_opt(st, 12));
	v->symptoms = fdss_symptoms_parse(col_opt(st, 13));
	v->social_function = fdss_social_parse(col_opt(st, 14));
	v->phase = fdss_tb_phase_parse(col_opt(st, 15));
	v->supervisor = fdss_supervisor_parse(col_opt(st, 16));
	v->doses_taken = col_int(st, 17);
	v->doses_due = col_int(st, 18);
	v->adverse_reaction = sqlite3_column_int(st, 19);
	v->new_complication = sqlite3_column_int(st, 20);
	v->emergency = sqlite3_column_int(st, 21);
	f->result.classification = fdss_class_parse(fdss__col(st, 22));
	f->result.next_due = fdss__col_date(st, 23);
	fdss__copy(f->result.action, sizeof(f->result.action),
		   fdss__col(st, 24));
	f->latest = sqlite3_column_int(st, 25);
	f->recorded = col_opt(st, 26);
	v->birth_date = fdss__col_date(st, 27);
	f->result.referral_due = fdss__col_date(st, 28);
	f->result.refers = f->result.referral_due != 0;
}

/* A final 'x' of an ID number as 'X', into buf (19 bytes). */
static const char *norm_id(char *buf, size_t n, const char *id)
{
	size_t len;

	snprintf(buf, n, "%s", id ? id : "");
	len = strlen(buf);
	if (len && buf[len - 1] == 'x')
		buf[len - 1] = 'X';
	return buf;
}

static const char sql_person[] =
	"SELECT birth_date FROM person WHERE id_number = ?1";

int fdss_followup_list(fdss_db *db, const char *id_number, int program,
		       int (*fn)(const fdss_followup *f, void *arg),
		       void *arg)
{
	sqlite3_stmt *st;
	fdss_followup f;
	char id[24];
	int rc;

	norm_id(id, sizeof(id), id_number);
	if (!(st = fdss__db_prepare(db, sql_person)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC))
		return fdss__db_bindfail(db, st, "cannot read the person");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no person '%s'", id);
	if (rc != SQLITE_ROW)
		return fdss__db_sqlfail(db, rc, "cannot read the person");
	if (!(st = fdss__db_prepare(db, sql_history)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) ||
	    (program && sqlite3_bind_text(st, 2, fdss_program_name(program),
					  -1, SQLITE_STATIC)))
		return fdss__db_bindfail(db, st, "cannot read the visits");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&f, 0, sizeof(f));
		read_row(st, &f);
		if (fn && (rc = fn(&f, arg)) != 0) {
			sqlite3_reset(st);
			return rc;
		}
	}
	rc = rc == SQLITE_DONE ? FDSS_OK
			       : fdss__db_sqlfail(db, rc, "cannot read visits");
	sqlite3_reset(st);
	return rc;
}

/* ---- batches --------------------------------------------------------- */

struct fdss_followup_batch {
	fdss_db *db;
	fdss_followup_opts o;
	fdss_rules rules;
	fdss_followup_stats st;
	const char *why;	/* reason of a reclassification, or NULL */
	int64_t own;		/* a corrected visit (fdss__followup_rechain) */
	fdss_visit_result own_res;	/* its new result */
	int finished;
};

static const char sql_enrolled[] =
	"SELECT 1 FROM condition WHERE id_number = ?1 AND status = 'active'"
	" AND fdss_program_of(kind) = ?2";
static const char sql_same_day[] =
	"SELECT 1 FROM followup"
	" WHERE id_number = ?1 AND program = ?2 AND visit_date = ?3";
static const char sql_unlatest[] =
	"UPDATE followup SET latest = 0"
	" WHERE id_number = ?1 AND program = ?2 AND latest = 1";
static const char sql_insert[] =
	"INSERT INTO followup (id_number, program, visit_date, mode, doctor,"
	" sbp, dbp, heart_rate, fpg, temperature, risk_level, insight,"
	" symptoms, social_function, phase, supervisor, doses_taken,"
	" doses_due, adverse_reaction, new_complication, emergency,"
	" classification, next_due, action, latest, recorded)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25,"
	" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
static const char sql_reclassify[] =
	"UPDATE followup SET classification = ?2, next_due = ?3, action = ?4"
	" WHERE id = ?1";
static const char sql_referral_put[] =
	"INSERT INTO referral (id_number, program, referral_date, reason,"
	" followup_id, due_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT (followup_id) DO UPDATE SET reason = excluded.reason,"
	" due_date = excluded.due_date,"
	" referral_date = excluded.referral_date";
static const char sql_referral_drop[] =
	"DELETE FROM referral WHERE followup_id = ?1";
static const char sql_satisfy[] =
	"UPDATE referral SET satisfied_by = (SELECT f.id FROM followup f"
	"  WHERE f.id_number = referral.id_number"
	"  AND (referral.program IS NULL OR f.program = referral.program)"
	"  AND f.visit_date > referral.referral_date"
	"  ORDER BY f.visit_date, f.id LIMIT 1)"
	" WHERE id_number = ?1 AND (program IS NULL OR program = ?2)";

int fdss_followup_batch_open(fdss_followup_batch **out, fdss_db *db,
			     const fdss_followup_opts *o)
{
	fdss_followup_batch *b;
	int rc;

	*out = NULL;
	if (!(b = calloc(1, sizeof(*b))))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	b->db = db;
	b->o = *o;
	if ((rc = fdss_db_begin(db)) != FDSS_OK) {
		free(b);
		return rc;
	}
	if ((rc = fdss_rules_load(db, &b->rules)) != FDSS_OK) {
		fdss_followup_batch_free(b);
		return rc;
	}
	*out = b;
	return FDSS_OK;
}

static void note_reject(fdss_followup_batch *b, const char *subject,
			const char *reason)
{
	b->st.rejected++;
	if (b->o.reject)
		b->o.reject(b->o.arg, subject, reason);
}

void fdss_followup_batch_reject(fdss_followup_batch *b, const char *subject,
				const char *reason)
{
	b->st.visits++;
	note_reject(b, subject, reason);
}

static int reject(fdss_followup_batch *b, const fdss_visit *v,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int reject(fdss_followup_batch *b, const fdss_visit *v,
		  const char *fmt, ...)
{
	char reason[FDSS_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	note_reject(b, v->id_number, reason);
	return FDSS_EDATA;
}

static int bind_opt_int(sqlite3_stmt *st, int i, int n)
{
	return n == FDSS_ABSENT ? sqlite3_bind_null(st, i)
				: sqlite3_bind_int(st, i, n);
}

static int bind_opt_real(sqlite3_stmt *st, int i, double n)
{
	return n < 0 ? sqlite3_bind_null(st, i) : sqlite3_bind_double(st, i, n);
}

static int bind_date(sqlite3_stmt *st, int i, fdss_date d)
{
	char buf[FDSS_DATE_BUFSZ];

	return d ? sqlite3_bind_text(st, i, fdss_date_format(buf, d), -1,
				     SQLITE_TRANSIENT)
		 : sqlite3_bind_null(st, i);
}

/* Step a statement that returns no rows, or at most one: 1 for a row,
 * 0 for none, a negative code (recorded on the handle) on failure. */
static int step(fdss_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fdss__db_sqlfail(db, rc, what);
}

/* The chain key (id_number, program) and optionally a date, bound;
 * NULL on failure (recorded on the handle). */
static sqlite3_stmt *chain_stmt(fdss_db *db, const char *sql,
				const fdss_visit *v, int with_date)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql);

	if (!st)
		return NULL;
	if (sqlite3_bind_text(st, 1, v->id_number, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, fdss_program_name(v->program), -1,
			      SQLITE_STATIC) ||
	    (with_date && bind_date(st, 3, v->date))) {
		fdss__db_bindfail(db, st, "cannot read the visits");
		return NULL;
	}
	return st;
}

/* An elderly programme visit at the programme's age: 1, else 0
 * (rejected). */
static int elderly_ok(fdss_followup_batch *b, const fdss_visit *v)
{
	char d[FDSS_DATE_BUFSZ];

	if (fdss_date_age(v->birth_date, v->date) >= b->rules.elderly.min_age)
		return 1;
	return reject(b, v, "not in the elderly programme: aged %d on "
		      "%s, the programme starts at %d",
		      fdss_date_age(v->birth_date, v->date),
		      fdss_date_format(d, v->date),
		      b->rules.elderly.min_age), 0;
}

/* Who may be visited: 1 yes, 0 rejected, negative on failure. */
static int admit(fdss_followup_batch *b, fdss_visit *v)
{
	fdss_error err = FDSS_ERROR_INIT;
	sqlite3_stmt *st;
	char d[FDSS_DATE_BUFSZ];
	int rc;

	if (!(st = fdss__db_prepare(b->db, sql_person)))
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_text(st, 1, v->id_number, -1, SQLITE_STATIC))
		return fdss__db_bindfail(b->db, st, "cannot read the person");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fdss_date_parse(&v->birth_date, fdss__col(st, 0), NULL);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return reject(b, v, "no such person"), 0;
	if (rc != SQLITE_ROW)
		return fdss__db_sqlfail(b->db, rc, "cannot read the person");
	if (fdss_visit_check(v, b->o.ref, &err) != FDSS_OK)
		return reject(b, v, "%s", err.msg), 0;
	if (v->program == FDSS_PROGRAM_ELDERLY)
		return elderly_ok(b, v);
	if (!(st = chain_stmt(b->db, sql_enrolled, v, 0)))
		return fdss_db_error(b->db)->code;
	if ((rc = step(b->db, st, "cannot read the conditions")) == 0)
		return reject(b, v, "not in the %s programme: no active %s "
			      "condition (fdss condition add)",
			      fdss_program_name(v->program),
			      fdss_program_name(v->program)), 0;
	if (rc < 0)
		return rc;
	if (!(st = chain_stmt(b->db, sql_same_day, v, 1)))
		return fdss_db_error(b->db)->code;
	if ((rc = step(b->db, st, "cannot read visits")) == 1)
		return reject(b, v, "a %s visit on %s is already recorded",
			      fdss_program_name(v->program),
			      fdss_date_format(d, v->date)), 0;
	return rc < 0 ? rc : 1;
}

/* The visit before v in its chain into *prev: 1 found, 0 none. */
static int find_prev(fdss_followup_batch *b, const fdss_visit *v,
		     fdss_visit *prev)
{
	sqlite3_stmt *st = chain_stmt(b->db, sql_prev, v, 1);
	fdss_followup f;
	int rc;

	if (!st)
		return fdss_db_error(b->db)->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &f);
		*prev = f.visit;
		prev->id_number = v->id_number;
		prev->doctor = NULL;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return fdss__db_sqlfail(b->db, rc, "cannot read visits");
}

static int bind_visit(sqlite3_stmt *st, const fdss_followup *f, int latest)
{
	const fdss_visit *v = &f->visit;
	int rc;

	if ((rc = sqlite3_bind_text(st, 1, v->id_number, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(st, 2, fdss_program_name(v->program), -1,
				    SQLITE_STATIC)) ||
	    (rc = bind_date(st, 3, v->date)) ||
	    (rc = sqlite3_bind_text(st, 4, fdss_visit_mode_name(v->mode), -1,
				    SQLITE_STATIC)) ||
	    (rc = fdss__bind_text(st, 5, v->doctor, 1)) ||
	    (rc = bind_opt_int(st, 6, v->sbp)) ||
	    (rc = bind_opt_int(st, 7, v->dbp)) ||
	    (rc = bind_opt_int(st, 8, v->heart_rate)) ||
	    (rc = bind_opt_real(st, 9, v->fpg)) ||
	    (rc = bind_opt_real(st, 10, v->temperature)) ||
	    (rc = bind_opt_int(st, 11, v->risk_level)) ||
	    (rc = fdss__bind_text(st, 12, fdss_insight_name(v->insight), 0)) ||
	    (rc = fdss__bind_text(st, 13, fdss_symptoms_name(v->symptoms), 0)) ||
	    (rc = fdss__bind_text(st, 14, fdss_social_name(v->social_function),
				  0)) ||
	    (rc = fdss__bind_text(st, 15, fdss_tb_phase_name(v->phase), 0)) ||
	    (rc = fdss__bind_text(st, 16, fdss_supervisor_name(v->supervisor),
				  0)) ||
	    (rc = bind_opt_int(st, 17, v->doses_taken)) ||
	    (rc = bind_opt_int(st, 18, v->doses_due)) ||
	    (rc = sqlite3_bind_int(st, 19, v->adverse_reaction)) ||
	    (rc = sqlite3_bind_int(st, 20, v->new_complication)) ||
	    (rc = sqlite3_bind_int(st, 21, v->emergency)) ||
	    (rc = sqlite3_bind_text(st, 22,
				    fdss_class_name(f->result.classification),
				    -1, SQLITE_STATIC)) ||
	    (rc = bind_date(st, 23, f->result.next_due)) ||
	    (rc = sqlite3_bind_text(st, 24, f->result.action, -1,
				    SQLITE_STATIC)))
		return rc;
	return sqlite3_bind_int(st, 25, latest);
}

/* Create, update or drop the referral that visit f makes. */
static int put_referral(fdss_followup_batch *b, const fdss_followup *f)
{
	sqlite3_stmt *st;

	if (!f->result.refers) {
		if (!(st = fdss__db_prepare(b->db, sql_referral_drop)))
			return fdss_db_error(b->db)->code;
		if (sqlite3_bind_int64(st, 1, f->id))
			return fdss__db_bindfail(b->db, st, "cannot drop a "
						 "referral");
		return step(b->db, st, "cannot drop a referral");
	}
	if (!(st = chain_stmt(b->db, sql_referral_put, &f->visit, 1)))
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_text(st, 4, f->result.action, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 5, f->id) ||
	    bind_date(st, 6, f->result.referral_due))
		return fdss__db_bindfail(b->db, st, "cannot store the referral");
	return step(b->db, st, "cannot store the referral");
}

static int insert(fdss_followup_batch *b, fdss_followup *f, int latest)
{
	sqlite3_stmt *st;
	cJSON *rec;
	char key[24];
	int rc;

	if (latest) {
		if (!(st = chain_stmt(b->db, sql_unlatest, &f->visit, 0)))
			return fdss_db_error(b->db)->code;
		if ((rc = step(b->db, st, "cannot store the visit")) < 0)
			return rc;
	}
	if (!(st = fdss__db_prepare(b->db, sql_insert)))
		return fdss_db_error(b->db)->code;
	if ((rc = bind_visit(st, f, latest)) != SQLITE_OK) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(b->db, rc, "cannot store the visit");
	}
	if ((rc = step(b->db, st, "cannot store the visit")) < 0)
		return rc;
	f->id = sqlite3_last_insert_rowid(fdss__db_sqlite(b->db));
	f->latest = latest;
	if (f->result.refers) {
		if ((rc = put_referral(b, f)) < 0)
			return rc;
		b->st.referrals++;
	}
	if (!(rec = fdss_followup_to_json(f)))
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	snprintf(key, sizeof(key), "%lld", (long long)f->id);
	rc = fdss__audit_json(b->db, "followup", key, NULL, rec, NULL);
	cJSON_Delete(rec);
	return rc;
}

/* The visits after v in its chain, into a new array *out (n of them). */
static int load_later(fdss_followup_batch *b, const fdss_visit *v,
		      fdss_followup **out, size_t *n)
{
	sqlite3_stmt *st = chain_stmt(b->db, sql_later, v, 1);
	fdss_followup *a = NULL, *grown;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return fdss_db_error(b->db)->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			if (!(grown = realloc(a, cap * sizeof(*a)))) {
				sqlite3_reset(st);
				free(a);
				return fdss__db_fail(b->db, FDSS_ENOMEM,
						     "out of memory");
			}
			a = grown;
		}
		read_row(st, &a[*n]);
		a[*n].visit.id_number = v->id_number;	/* borrowed from st */
		a[*n].visit.doctor = NULL;
		a[*n].recorded = NULL;
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(a);
		*n = 0;
		return fdss__db_sqlfail(b->db, rc, "cannot read visits");
	}
	*out = a;
	return FDSS_OK;
}

/* {"classification","next_due","action"} of r, for the audit log. */
static cJSON *result_json(const fdss_visit_result *r)
{
	char d[FDSS_DATE_BUFSZ];
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "classification",
				 fdss_class_name(r->classification)) &&
	    fdss__put_str(rec, "next_due", r->next_due
			  ? fdss_date_format(d, r->next_due) : NULL) &&
	    fdss__put_str(rec, "action", r->action))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

/* Store later's new result res, with its referral and audit entry. */
static int reclassify(fdss_followup_batch *b, fdss_followup *later,
		      const fdss_visit_result *res)
{
	sqlite3_stmt *st = fdss__db_prepare(b->db, sql_reclassify);
	cJSON *before = result_json(&later->result), *after = result_json(res);
	char key[24];
	int rc;

	if (!st || !before || !after) {
		rc = st ? fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory")
			: fdss_db_error(b->db)->code;
		goto out;
	}
	if (sqlite3_bind_int64(st, 1, later->id) ||
	    sqlite3_bind_text(st, 2, fdss_class_name(res->classification), -1,
			      SQLITE_STATIC) ||
	    bind_date(st, 3, res->next_due) ||
	    sqlite3_bind_text(st, 4, res->action, -1, SQLITE_STATIC)) {
		rc = fdss__db_bindfail(b->db, st, "cannot reclassify a visit");
		goto out;
	}
	if ((rc = step(b->db, st, "cannot reclassify a visit")) < 0)
		goto out;
	later->result = *res;
	if ((rc = put_referral(b, later)) < 0)
		goto out;
	if (b->own && later->id == b->own) {	/* its fix audits it */
		b->own_res = *res;
		rc = FDSS_OK;
		goto out;
	}
	snprintf(key, sizeof(key), "%lld", (long long)later->id);
	rc = fdss__audit_json(b->db, "followup", key, before, after,
			      b->why ? b->why : "an earlier visit was recorded");
	b->st.recomputed++;
out:
	cJSON_Delete(before);
	cJSON_Delete(after);
	return rc;
}

/* Reclassify the n visits after prev (NULL: the first of the chain),
 * each after the one before it. */
static int recompute(fdss_followup_batch *b, const fdss_visit *prev,
		     fdss_followup *later, size_t n)
{
	fdss_visit_result res;
	size_t i;
	int rc;

	for (i = 0; i < n; prev = &later[i++].visit) {
		fdss_followup_classify(&res, &b->rules, &later[i].visit, prev);
		if (b->own == later[i].id)
			b->own_res = res;
		if (res.classification == later[i].result.classification &&
		    res.next_due == later[i].result.next_due &&
		    res.refers == later[i].result.refers &&
		    res.referral_due == later[i].result.referral_due &&
		    strcmp(res.action, later[i].result.action) == 0)
			continue;
		if ((rc = reclassify(b, &later[i], &res)) != FDSS_OK)
			return rc;
	}
	return FDSS_OK;
}

static int satisfy(fdss_followup_batch *b, const fdss_visit *v)
{
	sqlite3_stmt *st = chain_stmt(b->db, sql_satisfy, v, 0);

	if (!st)
		return fdss_db_error(b->db)->code;
	return step(b->db, st, "cannot update referrals");
}

int fdss_followup_record(fdss_followup_batch *b, const fdss_visit *v)
{
	fdss_followup f, *later = NULL;
	fdss_visit prev;
	char id[24];
	size_t n = 0;
	int rc;

	b->st.visits++;
	memset(&f, 0, sizeof(f));
	f.visit = *v;
	f.visit.id_number = norm_id(id, sizeof(id), v->id_number);
	if ((rc = admit(b, &f.visit)) <= 0)
		return rc == 0 ? FDSS_EDATA : rc;
	if ((rc = find_prev(b, &f.visit, &prev)) < 0 ||
	    (rc = fdss_followup_classify(&f.result, &b->rules, &f.visit,
					 rc ? &prev : NULL)) != FDSS_OK)
		return rc;
	if ((rc = load_later(b, &f.visit, &later, &n)) != FDSS_OK)
		return rc;
	if ((rc = insert(b, &f, n == 0)) == FDSS_OK &&
	    (rc = recompute(b, &f.visit, later, n)) == FDSS_OK &&
	    (rc = satisfy(b, &f.visit)) >= 0) {
		b->st.recorded++;
		rc = b->o.visit ? b->o.visit(b->o.arg, &f) : FDSS_OK;
	}
	free(later);
	return rc;
}

int fdss_followup_batch_finish(fdss_followup_batch *b,
			       fdss_followup_stats *stats)
{
	int rc;

	b->finished = 1;
	rc = fdss__batch_end(b->db, b->o.atomic, b->o.dry_run, b->st.rejected,
			     "visits", &b->st.committed);
	if (stats)
		*stats = b->st;
	return rc;
}

void fdss_followup_batch_free(fdss_followup_batch *b)
{
	if (!b)
		return;
	if (!b->finished)
		fdss_db_rollback(b->db);
	free(b);
}

/* ---- corrections (fix_followup.c) ------------------------------------ */

static const char sql_by_id[] =
	"SELECT " VISIT_COLUMNS VISIT_FROM " WHERE f.id = ?1";
static const char sql_relatest[] =
	"UPDATE followup SET latest = (visit_date = (SELECT max(g.visit_date)"
	" FROM followup g WHERE g.id_number = ?1 AND g.program = ?2))"
	" WHERE id_number = ?1 AND program = ?2";

int fdss__followup_get(fdss_db *db, int64_t id,
		       int (*fn)(const fdss_followup *f, void *arg), void *arg)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_by_id);
	fdss_followup f;
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 1, id))
		return fdss__db_bindfail(db, st, "cannot read visits");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&f, 0, sizeof(f));
		read_row(st, &f);
		rc = fn(&f, arg);
	} else if (rc == SQLITE_DONE) {
		rc = fdss__db_fail(db, FDSS_ENOTFOUND, "no visit %lld",
				   (long long)id);
	} else {
		rc = fdss__db_sqlfail(db, rc, "cannot read visits");
	}
	sqlite3_reset(st);
	return rc;
}

int fdss__followup_rechain(fdss_db *db, const char *id_number, int program,
			   fdss_date from, int64_t own,
			   fdss_visit_result *own_res, const char *why,
			   long *recomputed)
{
	fdss_followup_batch b;
	fdss_visit key = FDSS_VISIT_INIT, prev;
	fdss_followup *later = NULL;
	size_t n = 0;
	int rc, has_prev;

	memset(&b, 0, sizeof(b));
	b.db = db;
	b.why = why;
	b.own = own;
	key.id_number = id_number;
	key.program = program;
	key.date = from;
	if ((rc = fdss_rules_load(db, &b.rules)) != FDSS_OK ||
	    (rc = has_prev = find_prev(&b, &key, &prev)) < 0)
		return rc;
	key.date = from - 1;	/* the visits on from and after */
	if ((rc = load_later(&b, &key, &later, &n)) == FDSS_OK &&
	    (rc = recompute(&b, has_prev ? &prev : NULL, later, n)) ==
	    FDSS_OK) {
		sqlite3_stmt *st = chain_stmt(db, sql_relatest, &key, 0);

		rc = st ? step(db, st, "cannot store the visit")
			: fdss_db_error(db)->code;
		if (rc >= 0)
			rc = satisfy(&b, &key);
		rc = rc < 0 ? rc : FDSS_OK;
	}
	free(later);
	if (own_res)
		*own_res = b.own_res;
	*recomputed = b.st.recomputed;
	return rc;
}

static const char sql_same_day_other[] =
	"SELECT 1 FROM followup WHERE id_number = ?1 AND program = ?2"
	" AND visit_date = ?3 AND id <> ?4";
static const char sql_store[] =
	"UPDATE followup SET id_number = ?1, program = ?2, visit_date = ?3,"
	" mode = ?4, doctor = ?5, sbp = ?6, dbp = ?7, heart_rate = ?8,"
	" fpg = ?9, temperature = ?10, risk_level = ?11, insight = ?12,"
	" symptoms = ?13, social_function = ?14, phase = ?15,"
	" supervisor = ?16, doses_taken = ?17, doses_due = ?18,"
	" adverse_reaction = ?19, new_complication = ?20, emergency = ?21,"
	" classification = ?22, next_due = ?23, action = ?24, latest = ?25"
	" WHERE id = ?26";

/* A rejection of the checks below, as the handle's failure. */
static void refuse(void *arg, const char *subject, const char *reason)
{
	(void)subject;
	fdss__db_fail(arg, FDSS_EDATA, "%s", reason);
}

int fdss__followup_store(fdss_db *db, fdss_date ref, const fdss_followup *f)
{
	fdss_followup_batch b;
	fdss_error err = FDSS_ERROR_INIT;
	char d[FDSS_DATE_BUFSZ];
	sqlite3_stmt *st;
	int rc;

	memset(&b, 0, sizeof(b));
	b.db = db;
	b.o.reject = refuse;
	b.o.arg = db;
	if (fdss_visit_check(&f->visit, ref, &err) != FDSS_OK)
		return fdss__db_fail(db, FDSS_EDATA, "%s", err.msg);
	if ((rc = fdss_rules_load(db, &b.rules)) != FDSS_OK)
		return rc;
	if (f->visit.program == FDSS_PROGRAM_ELDERLY &&
	    !elderly_ok(&b, &f->visit))
		return FDSS_EDATA;
	if (!(st = chain_stmt(db, sql_same_day_other, &f->visit, 1)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 4, f->id))
		return fdss__db_bindfail(db, st, "cannot read visits");
	if ((rc = step(db, st, "cannot read visits")) != 0)
		return rc < 0 ? rc : fdss__db_fail(db, FDSS_EDATA, "date: a %s "
				"visit on %s is already recorded",
				fdss_program_name(f->visit.program),
				fdss_date_format(d, f->visit.date));
	if (!(st = fdss__db_prepare(db, sql_store)))
		return fdss_db_error(db)->code;
	if ((rc = bind_visit(st, f, f->latest)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(st, 26, f->id)) != SQLITE_OK) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(db, rc, "cannot store the visit");
	}
	rc = step(db, st, "cannot store the visit");
	return rc < 0 ? rc : FDSS_OK;
}
