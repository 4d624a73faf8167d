/*
 * followup.c: recording visits — a batch admits each visit (the person,
 * the programme, one visit a day), classifies it after the one before it
 * (followup_rules.c), stores it with its referral (referral.c) and audit
 * entry, and re-classifies the visits after a back-dated one
 * (followup_chain.c); and storing a corrected visit (fix_followup.c).
 * The rule table is rule.c's, reading visits followup_read.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "internal.h"
#include "followup_int.h"

/* Audit entries kept before they are written together: a flush opens
 * one statement journal (64 KiB) where each entry would open its own. */
#define AUDIT_FLUSH 4096

/*
 * What the batch knows of the person of its last visit, so that the next
 * visit of the same person asks the database only what it does not know:
 * the person's birth date; the programme found enrolled; and, while the
 * last visit stored is the latest of its chain (the input goes person by
 * person, by date), that visit as stored.  A later visit of that chain
 * has it as the visit before, none after and no other that day.  Only
 * this batch writes visits and nothing here writes people or conditions,
 * so what is known stays true for the transaction.
 *
 * The latest flag of a chain recorded visit after visit is set once, on
 * its last: each visit is stored with latest = 0 and the last one of the
 * run is set (settle()) before a visit of another chain or out of date
 * order, and before the commit.  Nothing in the batch reads the flag
 * between.
 */
struct visit_known {
	char id[24];		/* the person (normalised), "" none */
	fdss_date birth_date;
	int enrolled;		/* a programme found enrolled, 0 none */
	int chain;		/* 1: last is its chain's latest visit */
	int64_t last_id;
	int64_t pending;	/* the latest of its chain, stored with
				 * latest = 0 until settle() */
	fdss_visit last;	/* as stored; id_number and doctor NULL */
};

struct fdss_followup_batch {
	struct fdss__batch core;	/* first: the transaction, the counts */
	fdss_db *db;			/* core.db */
	fdss_followup_opts o;
	fdss_rules rules;
	fdss_followup_stats st;
	struct fdss__chain chain;	/* the visits after a back-dated one */
	struct visit_known known;	/* of the last visit's person */
	fdss_jbuf text;			/* a visit's audit entry */
};

static const char sql_enrolled[] =
	"SELECT 1 FROM condition WHERE id_number = ?1 AND status = 'active'"
	" AND fdss_program_of(kind) = ?2";
static const char sql_same_day[] =
	"SELECT 1 FROM followup"
	" WHERE id_number = ?1 AND program = ?2 AND visit_date = ?3";
static const char sql_latest[] =
	"SELECT id FROM followup INDEXED BY followup_person"
	" WHERE id_number = ?1 AND program = ?2 AND latest = 1";
static const char sql_unlatest[] =
	"UPDATE followup SET latest = 0 WHERE id = ?1";
static const char sql_relatest[] =
	"UPDATE followup SET latest = 1 WHERE id = ?1";
static const char sql_insert[] =
	"INSERT INTO followup (id_number, program, visit_date, mode, doctor,"
	" sbp, dbp, heart_rate, fpg, temperature, risk_level, insight,"
	" symptoms, social_function, phase, supervisor, doses_taken,"
	" doses_due, adverse_reaction, new_complication, emergency,"
	" classification, next_due, action, latest, recorded)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25,"
	" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
int fdss_followup_batch_open(fdss_followup_batch **out, fdss_db *db,
			     const fdss_followup_opts *o)
{
	const struct fdss__batch core = FDSS__BATCH_INIT(db, o, "visits");
	fdss_followup_batch *b;
	int rc;

	*out = NULL;
	/* a bigger page cache for the run, as the contract batch has */
	if (!(b = fdss__batch_open(sizeof(*b), &core, FDSS__BATCH_BIG_CACHE)))
		return fdss_db_error(db)->code;
	b->db = b->chain.db = db;
	b->o = *o;
	b->chain.rules = &b->rules;
	b->chain.defer = 1;
	if ((rc = fdss__audit_queue(db)) != FDSS_OK ||
	    (rc = fdss_rules_load(db, &b->rules)) != FDSS_OK) {
		fdss_followup_batch_free(b);
		return rc;
	}
	*out = b;
	return FDSS_OK;
}

void fdss_followup_batch_reject(fdss_followup_batch *b, const char *subject,
				const char *reason)
{
	fdss__batch_reject_input(&b->core, subject, reason);
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
	return fdss__batch_rejected(&b->core, v->id_number, reason);
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

/* The birth date of v's person into v: 1, 0 no such person (rejected),
 * negative on failure.  A new person forgets what was known. */
static int person(fdss_followup_batch *b, fdss_visit *v)
{
	struct visit_known *k = &b->known;
	sqlite3_stmt *st;
	int rc;

	if (strcmp(k->id, v->id_number) == 0) {
		v->birth_date = k->birth_date;
		return 1;
	}
	k->id[0] = '\0';
	k->enrolled = 0;
	k->chain = 0;
	if (!(st = fdss__db_prepare(b->db, fdss__followup_sql_person)))
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
	fdss__copy(k->id, sizeof(k->id), v->id_number);
	k->birth_date = v->birth_date;
	return 1;
}

/* Is v after the latest visit of its chain, the one known?  1 or 0. */
static int after_known(const fdss_followup_batch *b, const fdss_visit *v)
{
	const struct visit_known *k = &b->known;

	return k->chain && k->last.program == v->program &&
	       v->date > k->last.date && strcmp(k->id, v->id_number) == 0;
}

/* v's person enrolled in its programme: 1, 0 rejected, negative. */
static int enrolled(fdss_followup_batch *b, const fdss_visit *v)
{
	sqlite3_stmt *st;
	int rc;

	if (b->known.enrolled == v->program)
		return 1;
	if (!(st = fdss__chain_stmt(b->db, sql_enrolled, v, 0)))
		return fdss_db_error(b->db)->code;
	if ((rc = fdss__chain_step(b->db, st,
				   "cannot read the conditions")) == 0)
		return reject(b, v, "not in the %s programme: no active %s "
			      "condition (fdss condition add)",
			      fdss_program_name(v->program),
			      fdss_program_name(v->program)), 0;
	if (rc > 0)
		b->known.enrolled = v->program;
	return rc;
}

/* Who may be visited: 1 yes, 0 rejected, negative on failure. */
static int admit(fdss_followup_batch *b, fdss_visit *v)
{
	fdss_error err = FDSS_ERROR_INIT;
	sqlite3_stmt *st;
	char d[FDSS_DATE_BUFSZ];
	int rc;

	if ((rc = person(b, v)) <= 0)
		return rc;
	if (fdss_visit_check(v, b->o.ref, &err) != FDSS_OK)
		return reject(b, v, "%s", err.msg), 0;
	if (v->program == FDSS_PROGRAM_ELDERLY)
		return elderly_ok(b, v);
	if ((rc = enrolled(b, v)) <= 0)
		return rc;
	if (after_known(b, v))	/* no visit of the chain that day */
		return 1;
	if (!(st = fdss__chain_stmt(b->db, sql_same_day, v, 1)))
		return fdss_db_error(b->db)->code;
	if ((rc = fdss__chain_step(b->db, st, "cannot read visits")) == 1)
		return reject(b, v, "a %s visit on %s is already recorded",
			      fdss_program_name(v->program),
			      fdss_date_format(d, v->date)), 0;
	return rc < 0 ? rc : 1;
}

static int bind_visit(sqlite3_stmt *st, const fdss_followup *f, int latest)
{
	const fdss_visit *v = &f->visit;
	int rc;

	if ((rc = sqlite3_bind_text(st, 1, v->id_number, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(st, 2, fdss_program_name(v->program), -1,
				    SQLITE_STATIC)) ||
	    (rc = fdss__bind_opt_date(st, 3, v->date)) ||
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
	    (rc = fdss__bind_opt_date(st, 23, f->result.next_due)) ||
	    (rc = sqlite3_bind_text(st, 24, f->result.action, -1,
				    SQLITE_STATIC)))
		return rc;
	return sqlite3_bind_int(st, 25, latest);
}

/*
 * The chain of v loses its latest visit (latest = 0), row by row: an
 * UPDATE of one row by its id needs no statement journal, which one over
 * the chain would open and fill for every visit recorded.  The walk goes
 * by the index followup_person, which latest is not in.
 */
static int set_latest(fdss_followup_batch *b, const char *sql, int64_t id)
{
	sqlite3_stmt *up;

	if (!(up = fdss__db_prepare(b->db, sql)))
		return fdss_db_error(b->db)->code;
	if (sqlite3_bind_int64(up, 1, id))
		return fdss__db_bindfail(b->db, up, "cannot store the visit");
	return fdss__chain_step(b->db, up, "cannot store the visit");
}

static int unlatest(fdss_followup_batch *b, const fdss_visit *v)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = fdss__chain_stmt(b->db, sql_latest, v, 0)))
		return fdss_db_error(b->db)->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = set_latest(b, sql_unlatest,
				     sqlite3_column_int64(st, 0))) < 0) {
			sqlite3_reset(st);
			return rc;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FDSS_OK
		: fdss__db_sqlfail(b->db, rc, "cannot read visits");
}

static int insert(fdss_followup_batch *b, fdss_followup *f, int latest)
{
	sqlite3_stmt *st;
	char key[24];
	int rc;

	if (latest && !after_known(b, &f->visit) &&
	    (rc = unlatest(b, &f->visit)) != FDSS_OK)
		return rc;
	if (!(st = fdss__db_prepare(b->db, sql_insert)))
		return fdss_db_error(b->db)->code;
	if ((rc = bind_visit(st, f, 0)) != SQLITE_OK) {
		sqlite3_reset(st);
		return fdss__db_sqlfail(b->db, rc, "cannot store the visit");
	}
	if ((rc = fdss__chain_step(b->db, st, "cannot store the visit")) < 0)
		return rc;
	f->id = sqlite3_last_insert_rowid(fdss__db_sqlite(b->db));
	f->latest = latest;
	if (latest)		/* set by settle() */
		b->known.pending = f->id;
	if (f->result.refers) {
		if ((rc = fdss__referral_visit(b->db, f)) < 0)
			return rc;
		b->st.referrals++;
	}
	if (fdss__followup_text(&b->text, f) != FDSS_OK)
		return fdss__db_fail(b->db, FDSS_ENOMEM, "out of memory");
	snprintf(key, sizeof(key), "%lld", (long long)f->id);
	b->chain.queued++;
	return fdss__audit_defer_text(b->db, "followup", key, NULL,
				      b->text.s, NULL);
}

/* The visit before f's in its chain into *prev and the visits after it
 * into *later, *n (the known latest when f comes after it): as
 * fdss__chain_prev (1, 0, negative). */
static int chain_of(fdss_followup_batch *b, const fdss_visit *v,
		    fdss_visit *prev, fdss_followup **later, size_t *n)
{
	int rc;

	*later = NULL;
	*n = 0;
	if (after_known(b, v)) {
		*prev = b->known.last;
		prev->id_number = v->id_number;
		return 1;
	}
	if ((rc = fdss__chain_prev(b->db, v, prev)) < 0)
		return rc;
	return fdss__chain_later(b->db, v, later, n) == FDSS_OK ? rc
		: fdss_db_error(b->db)->code;
}

/* f, stored as the latest of its chain, is known as the chain's latest,
 * its fields as fdss__followup_read_row would read them back. */
static void know_latest(fdss_followup_batch *b, const fdss_followup *f)
{
	struct visit_known *k = &b->known;
	fdss_visit *l = &k->last;

	*l = f->visit;
	l->id_number = NULL;
	l->doctor = NULL;
	l->mode = fdss_visit_mode_parse(fdss_visit_mode_name(l->mode));
	l->insight = fdss_insight_parse(fdss_insight_name(l->insight));
	l->symptoms = fdss_symptoms_parse(fdss_symptoms_name(l->symptoms));
	l->social_function =
		fdss_social_parse(fdss_social_name(l->social_function));
	l->phase = fdss_tb_phase_parse(fdss_tb_phase_name(l->phase));
	l->supervisor =
		fdss_supervisor_parse(fdss_supervisor_name(l->supervisor));
	if (l->fpg < 0)
		l->fpg = -1.0;
	if (l->temperature < 0)
		l->temperature = -1.0;
	k->last_id = f->id;
	k->chain = 1;
}

/* The latest visit of the last chain recorded gets its flag. */
static int settle(fdss_followup_batch *b)
{
	int64_t id = b->known.pending;

	b->known.pending = 0;
	return id ? set_latest(b, sql_relatest, id) : FDSS_OK;
}

int fdss_followup_record(fdss_followup_batch *b, const fdss_visit *v)
{
	fdss_followup f, *later = NULL;
	fdss_visit prev;
	char id[24];
	size_t n = 0;
	int rc;

	b->core.read++;
	memset(&f, 0, sizeof(f));
	f.visit = *v;
	f.visit.id_number = fdss__followup_norm_id(id, sizeof(id),
						   v->id_number);
	if (!after_known(b, &f.visit) && (rc = settle(b)) < 0)
		return rc;
	if ((rc = admit(b, &f.visit)) <= 0) {
		b->known.chain = 0;
		return rc == 0 ? FDSS_EDATA : rc;
	}
	if ((rc = chain_of(b, &f.visit, &prev, &later, &n)) < 0 ||
	    (rc = fdss_followup_classify(&f.result, &b->rules, &f.visit,
					 rc ? &prev : NULL)) != FDSS_OK) {
		free(later);
		return rc;
	}
	rc = insert(b, &f, n == 0);
	b->known.chain = 0;
	if (rc == FDSS_OK &&
	    (rc = fdss__chain_recompute(&b->chain, &f.visit, later, n)) ==
	    FDSS_OK && (rc = fdss__referral_satisfy(b->db, &f.visit)) >= 0) {
		b->st.recorded++;
		if (n == 0)
			know_latest(b, &f);
		rc = b->o.visit ? b->o.visit(b->o.arg, &f) : FDSS_OK;
	}
	free(later);
	if (rc == FDSS_OK && b->chain.queued >= AUDIT_FLUSH) {
		b->chain.queued = 0;
		rc = fdss__audit_flush(b->db);
	}
	return rc;
}

int fdss_followup_batch_finish(fdss_followup_batch *b,
			       fdss_followup_stats *stats)
{
	int rc = settle(b);

	if (rc == FDSS_OK)
		rc = fdss__audit_flush(b->db);
	rc = fdss__batch_finish(&b->core, rc);
	b->st.recomputed = b->chain.recomputed;
	FDSS__BATCH_STATS(&b->st, &b->core, visits);
	if (stats)
		*stats = b->st;
	return rc;
}

void fdss_followup_batch_free(fdss_followup_batch *b)
{
	if (b)
		fdss_jbuf_release(&b->text);
	fdss__batch_free(b ? &b->core : NULL);
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
	b.core.reject = refuse;
	b.core.arg = db;
	if (fdss_visit_check(&f->visit, ref, &err) != FDSS_OK)
		return fdss__db_fail(db, FDSS_EDATA, "%s", err.msg);
	if ((rc = fdss_rules_load(db, &b.rules)) != FDSS_OK)
		return rc;
	if (f->visit.program == FDSS_PROGRAM_ELDERLY &&
	    !elderly_ok(&b, &f->visit))
		return FDSS_EDATA;
	if (!(st = fdss__chain_stmt(db, sql_same_day_other, &f->visit, 1)))
		return fdss_db_error(db)->code;
	if (sqlite3_bind_int64(st, 4, f->id))
		return fdss__db_bindfail(db, st, "cannot read visits");
	if ((rc = fdss__chain_step(db, st, "cannot read visits")) != 0)
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
	rc = fdss__chain_step(db, st, "cannot store the visit");
	return rc < 0 ? rc : FDSS_OK;
}
