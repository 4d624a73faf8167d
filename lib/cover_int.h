#ifndef FDSS_COVER_INT_H
#define FDSS_COVER_INT_H

/*
 * "Covered by a contract at a date", one definition for C and SQL.  The
 * rules are fdss_contract_status_at(), fdss_contract_cover_at() and
 * fdss_contract_status_signed() (contract.c); every connection gets
 * them as SQL functions (cover.c), and queries read a person's cover
 * rows from the view contract_cover (schema/0009_contract_cover.sql)
 * through the macros below instead of writing the rule again:
 *
 *   fdss_contract_status(status, reviewed_at, start_date, end_date,
 *                        terminated_on, ref)      a contract's status name
 *   fdss_cover_status(... terminated_on, ended_on, ref)
 *                                                 a member's cover status
 *   fdss_cover_signed(... terminated_on, ended_on, ref)
 *                                                 1 when signed at ref
 *
 * Dates are YYYY-MM-DD text; a NULL ref gives NULL.
 */
#include "internal.h"

/* Register the functions above on sql.  An SQLite result code. */
int fdss__cover_register(sqlite3 *sql);

/* SQL: the status inputs of contract row (or contract_cover row) c. */
#define FDSS__CONTRACT_ARGS(c) \
	c ".status, " c ".reviewed_at, " c ".start_date, " c ".end_date, " \
	c ".terminated_on"

/* SQL: the status name at ref of contract c ("contract" alias c). */
#define FDSS__CONTRACT_STATUS(c, ref) \
	"fdss_contract_status(" FDSS__CONTRACT_ARGS(c) ", " ref ")"

/* SQL: the status name at ref of the cover of contract_cover row v. */
#define FDSS__COVER_STATUS(v, ref) \
	"fdss_cover_status(" FDSS__CONTRACT_ARGS(v) ", " v ".ended_on, " \
	ref ")"

/* SQL: 1 when the person of contract_cover row v is signed at ref
 * (pending, approved or active), else 0. */
#define FDSS__COVER_SIGNED(v, ref) \
	"fdss_cover_signed(" FDSS__CONTRACT_ARGS(v) ", " v ".ended_on, " \
	ref ")"

/*
 * The rule above as a table, for an engine that cannot call C (the
 * provincial PostgreSQL store, pg.c): the statuses depend only on the
 * stored status, whether reviewed, and where each date (start, end,
 * terminated_on, ended_on) lies against ref: 'n' NULL, '<' before, '='
 * on, '>' after.  fn gets every combination once, in the order of
 * i = 512 × stored (pending, active, rejected, terminated) + 256 ×
 * reviewed + start + 4 × end + 16 × terminated_on + 64 × ended_on (each
 * place 0 to 3 in the order "n<=>"), its key "STORED:R SETE" (R 0 or 1,
 * then the four places), the contract's and the cover's status (enum
 * fdss_contract_status, 0 for none); a non-zero return from fn stops
 * and is returned.
 */
int fdss__cover_rule_rows(int (*fn)(void *arg, int i, const char *key,
				    int contract_status, int cover_status),
			  void *arg);

#endif
