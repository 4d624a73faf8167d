#ifndef FDSS_OPERAND_H
#define FDSS_OPERAND_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Operands: a string on a command line that names a person by ID number
 * or a household by its number (户编号).  The registry's household
 * numbers are often 18 digits, so length does not tell them apart; the
 * stored roster does.  One resolver for every command that takes either.
 */

/* What an operand may be read as, and what it was read as. */
enum fdss_operand_kind {
	FDSS_OPERAND_PERSON = 1 << 0,	/* a stored person, by ID number */
	FDSS_OPERAND_HOUSEHOLD = 1 << 1,	/* a stored household, by number */
	FDSS_OPERAND_ANY = FDSS_OPERAND_PERSON | FDSS_OPERAND_HOUSEHOLD
};

/* A resolved operand; release it with fdss_operand_release(). */
typedef struct fdss_operand {
	unsigned kind;		/* FDSS_OPERAND_PERSON or _HOUSEHOLD */
	char *id_number;	/* the person's, normalised ('X' upper, 15
				 * digits upgraded); NULL for a household */
	char *household_no;	/* the household named, or the person's */
} fdss_operand;

#define FDSS_OPERAND_INIT { 0, NULL, NULL }

/*
 * Resolve s, which may be read as accept (FDSS_OPERAND_* bits; 0 means
 * either), into *out (released first):
 *   - a valid ID number of a stored person is that person;
 *   - a stored household number is that household — also when s is a
 *     valid ID number that no stored person has;
 *   - when both readings are allowed and both find a record, neither is
 *     taken: FDSS_EINVAL, "both the ID number of a person and a household
 *     number: name it with --person or --household".
 * FDSS_ENOTFOUND when nothing allowed is found: "no such person" when s
 * is a valid ID number or only a person is allowed, else "no such
 * household"; " (a household number)" or " (the ID number of a person)"
 * is added when s names what was not allowed.  Messages (without s) are
 * left on db's handle; the caller prefixes s.  FDSS_ENOMEM, or a
 * database failure.
 */
int fdss_operand_resolve(fdss_operand *out, fdss_db *db, const char *s,
			 unsigned accept);

/* Free what op holds and reset it to FDSS_OPERAND_INIT; NULL harmless. */
void fdss_operand_release(fdss_operand *op);

#ifdef __cplusplus
}
#endif
#endif
