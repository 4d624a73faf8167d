#ifndef FDSS_CONTRACT_H
#define FDSS_CONTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"
#include "jbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Contracts (签约服务协议): a household signs with one team; each covered
 * member has packages and fee lines for every contract year
 * (schema/0004_contracts.sql).  The rules — terms, dates, statuses,
 * refunds, fee lines — are pure functions; the rest works on a batch:
 * one transaction in which contracts are signed, reviewed, renewed and
 * terminated one by one, rejected requests changing nothing.
 *
 * Numbers are "C" YYYY "-" NNNNNN: the year of the signing date (as-of)
 * and a sequence within that year, from 000001.
 */

/*
 * Statuses at a reference date.  Only pending, active, rejected and
 * terminated are stored; the status at a date is computed from the
 * stored one and the dates by fdss_contract_status_at(), the one
 * definition that C and SQL use alike (the SQL function
 * fdss_contract_status() calls it).
 */
enum fdss_contract_status {
	FDSS_CONTRACT_PENDING = 1,	/* signed, awaiting review */
	FDSS_CONTRACT_ACTIVE = 2,	/* approved, running at the date */
	FDSS_CONTRACT_EXPIRED = 3,	/* past its end date */
	FDSS_CONTRACT_REJECTED = 4,	/* returned by the review */
	FDSS_CONTRACT_TERMINATED = 5,	/* ended early (解约): from the
					 * termination date on */
	FDSS_CONTRACT_APPROVED = 6	/* approved, not started yet */
};

/* "pending", "active", ... ↔ enum; 0 for an unknown name. */
const char *fdss_contract_status_name(int status);
int fdss_contract_status_parse(const char *name);

/*
 * The status at ref of a contract stored with status stored ("pending",
 * "active", "rejected", "terminated"), reviewed (non-zero when its
 * reviewed_at is set: a terminated contract had been approved), running
 * from start to end inclusive and terminated on terminated_on, the
 * first day without service (0 if not terminated).  In this order:
 * rejected is REJECTED at any date; from terminated_on on, TERMINATED
 * (the termination date itself is not covered, as the refund counts
 * it); after end, EXPIRED, approved or not; not approved, PENDING;
 * before start, APPROVED; else ACTIVE.  The review counts as it is now
 * (a contract approved after its start is active from its start); the
 * dates count as they fall.  0 for an unknown stored status.
 */
int fdss_contract_status_at(const char *stored, int reviewed, fdss_date start,
			    fdss_date end, fdss_date terminated_on,
			    fdss_date ref);

/*
 * The status at ref of one member's cover in a contract whose status at
 * ref is status: TERMINATED from ended_on (the first day without their
 * cover when they died or moved; 0: none) on while the contract would
 * still be pending, approved or active, else the contract's status.
 */
int fdss_contract_cover_at(int status, fdss_date ended_on, fdss_date ref);

/*
 * 1 when a person whose cover has status at a date is signed at that
 * date: PENDING, APPROVED or ACTIVE, a contract signed and not over.
 * Such a person is not "unsigned", counts against the doctor's limit
 * and cannot sign another contract from that date.  Coverage (served by
 * a contract at the date) is ACTIVE alone.
 */
int fdss_contract_status_signed(int status);

/* Who pays a fee line. */
enum fdss_payer {
	FDSS_PAYER_PUBLIC_HEALTH = 1,	/* public-health fund */
	FDSS_PAYER_INSURANCE = 2,	/* medical insurance */
	FDSS_PAYER_RESIDENT = 3,	/* the resident */
	FDSS_PAYER_SUBSIDY = 4		/* poverty subsidy, for the resident */
};

/* "public_health", "insurance", "resident", "subsidy" ↔ enum. */
const char *fdss_payer_name(int payer);
int fdss_payer_parse(const char *name);

/* Termination reasons: "moved", "unreachable", "refused", "request",
 * "death", "duplicate", "other".  1 if name is one. */
int fdss_termination_reason_valid(const char *name);

/* The longest term, in years. */
#define FDSS_TERM_MAX 3

/* What the term rule needs to know of a covered member. */
typedef struct fdss_term_member {
	fdss_date birth_date;
	unsigned conditions;	/* enum fdss_condition bits (active) */
} fdss_term_member;

/*
 * Check a term of years: 1 always; 2 or 3 only for a renewal or when a
 * member is elderly_age (the rule elderly.min_age) or older at start or
 * has hypertension or diabetes.  FDSS_EDATA with the reason in err
 * otherwise.
 */
int fdss_contract_term_check(int years, int renewal, fdss_date start,
			     int elderly_age, const fdss_term_member *m,
			     size_t n, fdss_error *err);

/*
 * The start of contract year k (0-based) of a contract starting on
 * start: its k-th anniversary, a 29 February start falling on 1 March in
 * common years (as birthdays do in fdss_date_age()).
 */
fdss_date fdss_contract_year_start(fdss_date start, int k);

/* The inclusive end date of a term of years: the day before the
 * anniversary, so 2026-03-01 + 1 year ends 2027-02-28. */
fdss_date fdss_contract_end(fdss_date start, int years);

/* One year's fee of a package per person, in fen, by payer. */
typedef struct fdss_contract_rate {
	int64_t public_health;
	int64_t insurance;
	int64_t resident;
	int poverty_subsidy;	/* a poverty-registry resident's share is
				 * paid by the subsidy */
} fdss_contract_rate;

/* One fee line of a covered member. */
typedef struct fdss_contract_fee {
	const char *package;	/* package code */
	fdss_date year_start;	/* the contract year it pays for */
	int payer;		/* enum fdss_payer */
	int64_t amount_fen;
} fdss_contract_fee;

/*
 * The fee lines of one package for one contract year into out (room for
 * 3), for a person who is (poverty != 0) or is not on the poverty
 * registry.  Lines of zero fen are left out.  Returns how many.
 */
size_t fdss_contract_fee_lines(fdss_contract_fee *out, const char *package,
			       fdss_date year_start,
			       const fdss_contract_rate *rate, int poverty);

/*
 * The refund, in fen, of the resident's own share (payer resident; the
 * subsidy is not refunded to the resident) when a contract from start to
 * end is terminated on date on, the first day without service: each
 * contract year's resident amount times its unused days over its days,
 * rounded down to the fen.  Terminating on the start date refunds all,
 * on or after the day after the end nothing.
 */
int64_t fdss_contract_refund(const fdss_contract_fee *fees, size_t n,
			     fdss_date start, fdss_date end, fdss_date on);

/* A covered member of a contract as read or signed. */
typedef struct fdss_contract_member {
	const char *id_number;
	const char *name;
	const char *const *packages;	/* package codes, basic first */
	size_t npackages;
	const fdss_contract_fee *fees;	/* by year, package, payer */
	size_t nfees;
	fdss_date ended_on;		/* 0, or the first day without cover
					 * when the member died or moved */
	const char *end_reason;		/* or NULL */
	int64_t refund_fen;		/* refunded when the member left */
} fdss_contract_member;

/* A contract.  Strings are borrowed: valid during a callback only. */
typedef struct fdss_contract {
	int64_t id;
	const char *number;		/* "C2026-000001" */
	const char *household_no;
	const char *village_code;	/* the household's */
	const char *team;
	const char *doctor;
	fdss_date start, end;		/* inclusive */
	int years;
	const char *status;		/* as stored */
	const char *renews;		/* number of the renewed one, or NULL */
	const char *renewed_by;		/* number of the successor, or NULL */
	const char *created;		/* UTC time of signing */
	const char *reviewed_at;	/* or NULL */
	const char *review_reason;	/* or NULL */
	fdss_date terminated_on;	/* 0 unless terminated */
	const char *termination_reason;	/* or NULL */
	int64_t refund_fen;		/* refunded on termination */
	const fdss_contract_member *members;
	size_t nmembers;
} fdss_contract;

/*
 * The "contract" record: every field, "status" computed at ref,
 * "members" with packages and fees.  The caller cJSON_Delete()s it; NULL
 * when out of memory.
 */
cJSON *fdss_contract_to_json(const fdss_contract *c, fdss_date ref);

/*
 * The same record as compact JSON text, appended to b: what
 * cJSON_PrintUnformatted() makes of fdss_contract_to_json(), without
 * the tree.  FDSS_OK or FDSS_ENOMEM.
 */
int fdss_contract_json(fdss_jbuf *b, const fdss_contract *c, fdss_date ref);

/* --- batches ------------------------------------------------------- */

/* Options of a batch of contract changes. */
typedef struct fdss_contract_opts {
	fdss_date ref;		/* today (--as-of) */
	int atomic;		/* any rejection rolls everything back */
	int dry_run;		/* check and report, store nothing */
	int approve;		/* new contracts are active, not pending */
	/* Each rejected request: subject names it (an ID or household or
	 * contract number), reason says why.  May be NULL. */
	void (*reject)(void *arg, const char *subject, const char *reason);
	/* Each contract signed, renewed, reviewed or terminated, as it now
	 * is.  A non-zero return stops the batch with that code. */
	int (*contract)(void *arg, const fdss_contract *c);
	void *arg;
} fdss_contract_opts;

#define FDSS_CONTRACT_OPTS_INIT { 0, 0, 0, 0, NULL, NULL, NULL }

/* One signing request.  NULL / 0 fields take the batch defaults. */
typedef struct fdss_sign_req {
	const char *household_no;	/* the household, or NULL ... */
	const char *id_number;		/* ... the household of this person */
	const char *const *only;	/* cover only these ID numbers (NULL:
					 * every active member) */
	size_t nonly;
	const char *team;		/* required */
	const char *doctor;		/* NULL: the team's family doctor */
	int years;			/* 0: 1 */
	fdss_date start;		/* 0: the reference date */
	const char *const *packages;	/* for every member; basic is added */
	size_t npackages;
} fdss_sign_req;

/*
 * Fill q from a record on a signing input: "household_no", "id_number",
 * and the record's own "team", "doctor", "years" (1 to 3) and
 * "packages" (an array of codes, stored as borrowed pointers into pkgs,
 * room for max) over what q holds.  Strings are borrowed from obj.
 * FDSS_EDATA with err naming the key.
 */
int fdss_sign_req_from_json(fdss_sign_req *q, const cJSON *obj,
			    const char **pkgs, size_t max, fdss_error *err);

/* The keys fdss_sign_req_from_json() reads, NULL-terminated: what
 * fdss_jsonl_next_keys() needs to build of a signing record. */
extern const char *const fdss_sign_req_keys[];

/* Counts of a batch. */
typedef struct fdss_contract_stats {
	long requests;		/* requests made */
	long contracts;		/* contracts signed, renewed or changed */
	long members;		/* people covered by the new contracts */
	long rejected;		/* requests rejected */
	long skipped;		/* requests for a household signed earlier
				 * in the same batch, or to terminate a
				 * renewal it ended already */
	int committed;		/* 1 when the batch was stored */
	long renewals_ended;	/* renewals terminated with the contract
				 * they renew (counted in contracts) */
} fdss_contract_stats;

typedef struct fdss_contract_batch fdss_contract_batch;

/*
 * Open a batch on db: begins the transaction.  o is copied.  The caller
 * ends it with fdss_contract_batch_finish() and frees it.
 * FDSS_EBUSY, FDSS_ENOMEM.
 */
int fdss_contract_batch_open(fdss_contract_batch **out, fdss_db *db,
			     const fdss_contract_opts *o);

/*
 * Sign one household as r says.  A household signed earlier in the same
 * batch is skipped (FDSS_OK, counted in skipped).  FDSS_OK when signed;
 * FDSS_EDATA when rejected (reported to o->reject, nothing changed);
 * other codes are failures of the batch (message on the handle).
 */
int fdss_contract_sign(fdss_contract_batch *b, const fdss_sign_req *r);

/*
 * Reject a request the caller could not make (a record that is not one):
 * counted as a request and a rejection, reported to o->reject, so that
 * atomic rolls the batch back.
 */
void fdss_contract_batch_reject(fdss_contract_batch *b, const char *subject,
				const char *reason);

/*
 * Sign for names[0..n), each read by fdss_operand_resolve() as
 * accept[i] allows (accept NULL: either reading for every name): a
 * household (every active member) or a person's ID number (only the
 * people named, one contract per household), with the other fields of
 * r.  A name that is both a person's ID number and a household number
 * where both readings are allowed fails the batch before anything is
 * signed: FDSS_EINVAL, "NAME: both ...: name it with --person or
 * --household" on the handle.  A name that names nothing is rejected
 * ("no such person", "no such household").  Otherwise returns as
 * fdss_contract_sign(), the first rejection if any.
 */
int fdss_contract_sign_operands(fdss_contract_batch *b,
				const char *const *names,
				const unsigned *accept, size_t n,
				const fdss_sign_req *r);

/* fdss_contract_sign_operands() with either reading for every name. */
int fdss_contract_sign_names(fdss_contract_batch *b, const char *const *names,
			     size_t n, const fdss_sign_req *r);

/* Approve (approve != 0) or reject a pending contract; reason may be
 * NULL.  Returns as fdss_contract_sign(). */
int fdss_contract_review(fdss_contract_batch *b, const char *number,
			 int approve, const char *reason);

/* Options of a renewal. */
typedef struct fdss_renew_req {
	const char *team;	/* NULL: the same team */
	int years;		/* 0: the renewed contract's term */
} fdss_renew_req;

/*
 * Renew the contract number: a successor from the day after its end,
 * linked by renews, covering its members still active with the packages
 * still eligible.  Only an approved contract, not renewed before, no
 * later than renewal_grace_days after its end.  Returns as
 * fdss_contract_sign().
 */
int fdss_contract_renew(fdss_contract_batch *b, const char *number,
			const fdss_renew_req *r);

/*
 * Renew every approved contract not yet renewed that ends within days
 * after the reference date (or ended within the grace period, setting
 * renewal_grace_days); days < 0 is the setting renewal_reminder_days.
 */
int fdss_contract_renew_due(fdss_contract_batch *b, int days,
			    const fdss_renew_req *r);

/*
 * Terminate the contract number on date on (0: the reference date) for
 * reason (see fdss_termination_reason_valid()), recording the refund of
 * the residents' share.  Its renewal, if pending or active, has not
 * started by then: it is terminated too, on the same date for the same
 * reason, refunding the whole resident share (and so on down a chain of
 * renewals), counted in renewals_ended; naming such a renewal later in
 * the batch is skipped.  Returns as fdss_contract_sign().
 */
int fdss_contract_terminate(fdss_contract_batch *b, const char *number,
			    const char *reason, fdss_date on);

/* One termination request. */
typedef struct fdss_terminate_req {
	const char *number;	/* the contract */
	const char *reason;	/* see fdss_termination_reason_valid() */
	fdss_date on;		/* the first day without service; 0: the
				 * reference date */
} fdss_terminate_req;

/*
 * Fill q from a record on a termination input: "number" (required), and
 * the record's own "reason" and "date" (YYYY-MM-DD) over what q holds.
 * Strings are borrowed from obj.  FDSS_EDATA with err naming the key.
 */
int fdss_terminate_req_from_json(fdss_terminate_req *q, const cJSON *obj,
				 fdss_error *err);

/*
 * A person leaves the roster on date on (0: the reference date) for
 * reason "death", "moved" or "removed": their status becomes deceased,
 * moved or removed (audited, with note as the reason), and their cover
 * ends the same day in every pending or running contract — the whole
 * contract is terminated (reason death, moved or other) when they were
 * its last covered member, otherwise only their membership ends, with
 * the refund of their own share.  Each changed contract is reported.
 * Returns as fdss_contract_sign(): a person unknown or not active is
 * rejected.
 */
int fdss_contract_person_leaves(fdss_contract_batch *b, const char *id_number,
				const char *reason, fdss_date on,
				const char *note);

/*
 * End the batch: commit, or roll back for a dry run or (atomic) when a
 * request was rejected.  stats (may be NULL) gets the counts.  FDSS_OK
 * when committed or rolled back as asked; FDSS_EDATA when atomic rolled
 * back; FDSS_EBUSY, FDSS_EIO.  With fdss_db_defer_commit() the commit is
 * left to the caller.
 */
int fdss_contract_batch_finish(fdss_contract_batch *b,
			       fdss_contract_stats *stats);

/* Free the batch, rolling back if it was not finished.  NULL is harmless. */
void fdss_contract_batch_free(fdss_contract_batch *b);

/* --- reading ------------------------------------------------------- */

/* Filters of fdss_contract_list(). */
typedef struct fdss_contract_query {
	int status;		/* enum fdss_contract_status at ref, 0 any */
	const char *team;	/* or NULL */
	const char *area;	/* division code prefix of the village, or NULL */
	int ending_within;	/* active at ref and expiring (not
				 * terminated) within days of it; -1 off */
	fdss_date ref;		/* reference date */
} fdss_contract_query;

#define FDSS_CONTRACT_QUERY_INIT { 0, NULL, NULL, -1, 0 }

/*
 * Call fn for each contract matching q (NULL: all) by number; a
 * non-zero return from fn stops and is returned.  FDSS_EINVAL for a
 * malformed area code.
 */
int fdss_contract_list(fdss_db *db, const fdss_contract_query *q,
		       int (*fn)(const fdss_contract *c, void *arg),
		       void *arg);

/* Call fn once for the contract number; FDSS_ENOTFOUND if none. */
int fdss_contract_get(fdss_db *db, const char *number,
		      int (*fn)(const fdss_contract *c, void *arg),
		      void *arg);

#ifdef __cplusplus
}
#endif

#endif
