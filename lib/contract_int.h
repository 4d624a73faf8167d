#ifndef FDSS_CONTRACT_INT_H
#define FDSS_CONTRACT_INT_H

/*
 * Private to the contract modules: a contract being built or read back,
 * with its strings and arrays, and the loader shared by the batch and
 * the listing (contract_read.c).  The family reads in one direction:
 * requests (contract_request.c signs, contract_renew.c renews,
 * contract_end.c reviews, terminates and ends a leaver's cover,
 * contract_fix.c serves fix.c) → the plan (contract_plan.c: members,
 * checks, doctor) → the store (contract_price.c, contract_store.c,
 * contract_number.c, contract_batch.c, contract_read.c).  Each file
 * calls only files after it in that line, through this header.
 */
#include "batch.h"
#include "internal.h"

/* Strings that stay put until the arena is reset. */
struct carena_block;
struct carena {
	struct carena_block *head;
};

char *fdss__carena_strdup(struct carena *a, const char *s);
void fdss__carena_reset(struct carena *a);

/* A covered member while a contract is built. */
struct cmember {
	const char *id_number, *name;
	char sex;
	fdss_date birth_date;
	int serious;			/* serious illness */
	unsigned conditions;		/* enum fdss_condition bits, */
	int conditions_read;		/* once read: a rule needs them */
	int poverty;
	size_t pkg0, npkg;		/* its packages in cbuild.pkgs */
	size_t fee0, nfee;		/* its fees in cbuild.fees */
	int64_t covered_by;		/* another contract covering them, 0 */
	fdss_date ended_on;		/* 0 while covered */
	const char *end_reason;
	int64_t refund_fen;
};

/* A contract with its members, packages and fees; reused. */
struct cbuild {
	struct carena strings;
	fdss_contract c;
	struct cmember *m;
	size_t nm, capm;
	const char **pkgs;
	size_t npkgs, cappkgs;
	fdss_contract_fee *fees;
	size_t nfees, capfees;
	fdss_contract_member *out;	/* c.members, made by finish */
	size_t capout;
};

void fdss__cbuild_reset(struct cbuild *b);
void fdss__cbuild_release(struct cbuild *b);
struct cmember *fdss__cbuild_member(struct cbuild *b);
int fdss__cbuild_package(struct cbuild *b, struct cmember *m,
			 const char *code);
fdss_contract_fee *fdss__cbuild_fees(struct cbuild *b, size_t n);
/* Point c.members at the members; FDSS_ENOMEM. */
int fdss__cbuild_finish(struct cbuild *b);

/* Read contract id into b (reset first).  FDSS_ENOTFOUND if none. */
int fdss__contract_load(fdss_db *db, int64_t id, struct cbuild *b);

/* The same, but only the contract's own row when whole is 0. */
int fdss__contract_load_part(fdss_db *db, int64_t id, struct cbuild *b,
			     int whole);

/* The id of contract number, 0 if none (or a failure: see the handle). */
int64_t fdss__contract_id(fdss_db *db, const char *number, int *rc);

/* Date text to day number; 0 for NULL or malformed. */
fdss_date fdss__contract_date(const unsigned char *s);

/* --- the batch (contract_batch.c) ----------------------------------- */

#define FEE_SLOTS 4096
#define DOCTOR_SLOTS 32
#define PACKAGE_SLOTS 32

/* A fee looked up for package in village from year_start. */
struct fee_slot {
	char package[FDSS_PACKAGE_CODE_BUFSZ];
	char village[16];
	fdss_date year_start;
	fdss_contract_rate rate;
	int used;
};

/* A team's signing doctor and how many people they have signed. */
struct doctor_slot {
	char team[FDSS_TEAM_CODE_BUFSZ];
	char asked[FDSS_TEAM_TEXT_BUFSZ];	/* "" for the team's own */
	char doctor[FDSS_TEAM_TEXT_BUFSZ];
	long count;		/* people signed, -1 until needed */
};

struct fdss_contract_batch {
	struct fdss__batch core;	/* first: the transaction, the counts */
	fdss_db *db;			/* core.db */
	fdss_contract_opts o;
	fdss_contract_stats st;
	long long doctor_limit, grace_days;	/* the settings, as seeded */
	long long reminder_days;	/* setting renewal_reminder_days */
	int elderly_age;		/* the rule elderly.min_age */
	size_t fee_key_len;		/* the longest area prefix of the fee
					 * schedule: the village's characters
					 * a fee can depend on */
	long seq;			/* last number used this year, -1 unknown */
	char county[7];			/* fdss_county_code(), once seq is known */
	char prefix[32];		/* "C140826-2026-", the numbers' start */
	int64_t last_id;		/* the last contract before the batch */
	struct cbuild cur;		/* the contract being made */
	fdss_package pkgs[PACKAGE_SLOTS];
	size_t npkgs;
	struct fee_slot fees[FEE_SLOTS];
	struct doctor_slot doctors[DOCTOR_SLOTS];
	size_t ndoctors;
	fdss_jbuf text;			/* an audit entry being written */
	char why[FDSS_ERRMSG_MAX];
	char last_signed[64];		/* household signed last, or "" */
	const char *note;		/* the reason of a fix's entries, or
					 * NULL (fix.c) */
};

/* What to sign once the members and their packages are in b->cur. */
struct sign_plan {
	const char *household_no, *village_code;
	const char *team, *doctor;	/* doctor asked for, or NULL */
	int years, renewal;
	fdss_date start;
	int64_t renews;			/* the renewed contract, or 0 */
	const char *renews_number;	/* its number */
	const char *old_team, *old_doctor; /* of the renewed contract */
};

/* Reject the request about subject: report, count, FDSS_EDATA. */
int fdss__batch_reject(fdss_contract_batch *b, const char *subject,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A package from the cache loaded at open; NULL if unknown. */
const fdss_package *fdss__batch_package(fdss_contract_batch *b,
					const char *code);

/* Step a statement that returns no rows; reset it. */
int fdss__batch_exec(fdss_db *db, sqlite3_stmt *st, const char *what);

/* Load contract number into b->cur (whole, or only its own row); a
 * missing one is rejected. */
int fdss__batch_find(fdss_contract_batch *b, const char *number, int whole);

/* Start an audit entry: the object before in *bj (the caller's,
 * released by fdss__batch_audit_end()), the object after in b->text. */
void fdss__batch_audit_begin(fdss_contract_batch *b, fdss_jbuf *bj);

/* Close the objects and write the entry of table row key; releases
 * *bj. */
int fdss__batch_audit_end(fdss_contract_batch *b, const char *table,
			  const char *key, fdss_jbuf *bj, const char *reason);

/* The next contract number of the county's year into out (size n)
 * (contract_number.c). */
int fdss__batch_number(fdss_contract_batch *b, char *out, size_t n);

/* --- pricing and storing (contract_price.c, contract_store.c) ------- */

/* The start of each contract year, as a date and as text: worked out
 * once per contract, not per member. */
struct years {
	int n;
	fdss_date at[FDSS_TERM_MAX];
	char text[FDSS_TERM_MAX][FDSS_DATE_BUFSZ];
};

/* The n contract years of a contract from start. */
void fdss__contract_years(struct years *y, fdss_date start, int n);

/* Each member's fee lines in b->cur, member by member, year by year,
 * at the fees of p's village. */
int fdss__sign_price(fdss_contract_batch *b, const struct sign_plan *p,
		     const struct years *y);

/* Store member m of contract id with a fee row for each package and
 * year. */
int fdss__store_member(fdss_contract_batch *b, int64_t id,
		       const struct cmember *m, const struct years *y);

/* Number, store and audit the contract planned in b->cur. */
int fdss__store_contract(fdss_contract_batch *b, const struct sign_plan *p,
			 const struct years *y);

/* --- the plan (contract_plan.c) -------------------------------------- */

/* Add the active people of household (or only person id, when not
 * NULL) to b->cur as members, without packages, each with the contract
 * that covers them from date from on (covered_by). */
int fdss__sign_members(fdss_contract_batch *b, const char *household,
		       const char *id, fdss_date from);

/* Add the members of contract old still active in household to b->cur,
 * by ID number, without packages, each with the contract other than old
 * that covers them from date from on. */
int fdss__sign_renewal_members(fdss_contract_batch *b, int64_t old,
			       const char *household, fdss_date from);

/* Reject subject, covered by the contract with id k: FDSS_EDATA. */
int fdss__sign_covered(fdss_contract_batch *b, const char *subject, int64_t k);

/* Reject person id if a contract other than exclude, pending or current
 * from date from on, covers them: FDSS_EDATA naming it; else FDSS_OK. */
int fdss__sign_current(fdss_contract_batch *b, const char *id,
		       int64_t exclude, fdss_date from);

/* Read the conditions of member m, unless read already: rules that
 * depend on them ask for them first. */
int fdss__member_conditions(fdss_contract_batch *b, struct cmember *m);

/* The doctor signing for team (asked for, or the team's own: NULL) in
 * this batch so far, NULL if none yet: an asked doctor found here is an
 * active member of the team. */
struct doctor_slot *fdss__batch_doctor(fdss_contract_batch *b,
				       const char *team, const char *asked);

/* Check, number, store and report the contract in b->cur. */
int fdss__sign_plan(fdss_contract_batch *b, const struct sign_plan *p);

/* --- fixes (contract_fix.c, for fix.c) ----------------------------- */

/* The doctor of team (asked for, or NULL: the team's own) who may take
 * adding more people: an active doctor of the team, within the doctor
 * limit — else subject is rejected.  *out names them (b's cache). */
int fdss__sign_doctor(fdss_contract_batch *b, const char *team,
		      const char *doctor, long adding, const char *subject,
		      const char **out);

/* id_number, who moved into household on on, joins its contract active
 * then, if any, with the basic package and fee lines for the contract
 * years not over by on; audited with b->note.  number (size n) gets
 * the contract's number, "" when none took them. */
int fdss__sign_join(fdss_contract_batch *b, const char *id_number,
		    const char *household, fdss_date on, char *number,
		    size_t n);

/* The cover of id_number ends on on, as `person leave --reason moved`
 * ends it, in every contract covering them then or later. */
int fdss__contract_person_moves(fdss_contract_batch *b,
				const char *id_number, fdss_date on);

/* The contracts of team that name doctor from name to instead (the
 * member was renamed), each audited with b->note. */
int fdss__contract_rename_doctor(fdss_contract_batch *b, const char *team,
				 const char *from, const char *to);

/* Contract number gets doctor (checked with fdss__sign_doctor()),
 * audited with b->note; *changed 0 when it had them already. */
int fdss__contract_set_doctor(fdss_contract_batch *b, const char *number,
			      const char *doctor, int *changed);

#endif
