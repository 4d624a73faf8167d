/*
 * operand.c: what a string on a command line names — a person by ID
 * number, or a household by number.  The registry's household numbers
 * are often 18 digits, so the string's length decides nothing: a valid
 * ID number of a stored person is the person, a stored household number
 * the household, and a string that is both is refused until the caller
 * says which (--person, --household).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char sql_person[] =
	"SELECT household_no FROM person WHERE id_number = ?1";

static const char sql_household[] =
	"SELECT 1 FROM household WHERE household_no = ?1";

/* The household of the person id into *out (malloc'd), NULL if there
 * is no such person. */
static int person_household(fdss_db *db, const char *id, char **out)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_person);
	int rc;

	*out = NULL;
	if (!st)
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, id, 0))
		return fdss__db_bindfail(db, st, "cannot read the roster");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    !(*out = strdup(fdss__col(st, 0))))
		rc = SQLITE_NOMEM;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return FDSS_OK;
	return fdss__db_sqlfail(db, rc, "cannot read the roster");
}

/* *found = 1 if household no is stored. */
static int household_exists(fdss_db *db, const char *no, int *found)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_household);
	int rc;

	*found = 0;
	if (!st)
		return fdss_db_error(db)->code;
	if (fdss__bind_text(st, 1, no, 0))
		return fdss__db_bindfail(db, st, "cannot read the roster");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(db, rc, "cannot read the roster");
	*found = rc == SQLITE_ROW;
	return FDSS_OK;
}

/* The failure when nothing allowed was found: is_id says whether s is
 * a valid ID number, person and household what s names otherwise. */
static int not_found(fdss_db *db, unsigned accept, int is_id, int person,
		     int household)
{
	if (accept == FDSS_OPERAND_HOUSEHOLD)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no such household%s",
				     person ? " (the ID number of a person)"
					    : "");
	if (accept == FDSS_OPERAND_PERSON)
		return fdss__db_fail(db, FDSS_ENOTFOUND, "no such person%s",
				     household ? " (a household number)" : "");
	return fdss__db_fail(db, FDSS_ENOTFOUND, is_id ? "no such person"
					       : "no such household");
}

void fdss_operand_release(fdss_operand *op)
{
	if (!op)
		return;
	free(op->id_number);
	free(op->household_no);
	op->kind = 0;
	op->id_number = op->household_no = NULL;
}

int fdss_operand_resolve(fdss_operand *out, fdss_db *db, const char *s,
			 unsigned accept)
{
	fdss_id_info id;
	char *of_person = NULL;
	int is_id, household = 0, rc;

	fdss_operand_release(out);
	accept &= FDSS_OPERAND_ANY;
	if (!accept)
		accept = FDSS_OPERAND_ANY;
	if (!s || !*s)
		return fdss__db_fail(db, FDSS_EINVAL, "no ID number or "
				     "household number given");
	/* no birth date bound: a stored person was checked at import */
	is_id = fdss_id_parse(&id, s, fdss_date_from_ymd(9999, 12, 31),
			      NULL) == FDSS_OK;
	if ((is_id && (rc = person_household(db, id.id, &of_person))) ||
	    (rc = household_exists(db, s, &household)))
		goto out;
	if (of_person && household && accept == FDSS_OPERAND_ANY) {
		rc = fdss__db_fail(db, FDSS_EINVAL, "both the ID number of a "
				   "person and a household number: name it "
				   "with --person or --household");
	} else if (of_person && (accept & FDSS_OPERAND_PERSON)) {
		out->kind = FDSS_OPERAND_PERSON;
		out->household_no = of_person;
		of_person = NULL;
		if (!(out->id_number = strdup(id.id)))
			rc = FDSS_ENOMEM;
	} else if (household && (accept & FDSS_OPERAND_HOUSEHOLD)) {
		out->kind = FDSS_OPERAND_HOUSEHOLD;
		if (!(out->household_no = strdup(s)))
			rc = FDSS_ENOMEM;
	} else {
		rc = not_found(db, accept, is_id, of_person != NULL,
			       household);
	}
	if (rc == FDSS_ENOMEM)
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
out:
	free(of_person);
	if (rc != FDSS_OK)
		fdss_operand_release(out);
	return rc;
}
