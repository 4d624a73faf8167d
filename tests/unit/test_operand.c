/*
 * test_operand.c: fdss_operand_resolve() — what a string on a command
 * line names, a person by ID number or a household by number, on the
 * seed roster with three more households: HX, 18 digits that are no ID
 * number (140826100005000605); HP, numbered with its head's ID number
 * P1; HV, a valid ID number that no person has.
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"

#define P1 "140826196111220117"		/* of household H1 */
#define P7 "140826199005050728"		/* of H2, moved out */
#define HX "140826100005000605"
#define HV "140826197001010017"

static fdss_db *db;

static void open_db(void)
{
	db = seed_db(SEED);
	cr_assert(eq(int, fdss_db_exec(db,
		"INSERT INTO household (household_no, village_code) VALUES"
		" ('" HX "', '140826100201'), ('" P1 "', '140826100201'),"
		" ('" HV "', '140826100201')"), FDSS_OK), "%s",
		fdss_db_errmsg(db));
}

static void close_db(void)
{
	fdss_db_close(db);
}

TestSuite(operand, .init = open_db, .fini = close_db);

Test(operand, an_id_number_of_a_stored_person_is_the_person)
{
	fdss_operand op = FDSS_OPERAND_INIT;

	cr_assert(eq(int, fdss_operand_resolve(&op, db, P7, 0), FDSS_OK));
	cr_assert(eq(u32, op.kind, FDSS_OPERAND_PERSON));
	cr_assert(eq(str, op.id_number, P7));
	cr_assert(eq(str, op.household_no, "H2"));
	fdss_operand_release(&op);
	cr_assert(op.id_number == NULL && op.household_no == NULL);
}

Test(operand, a_lower_case_x_is_read_as_X)
{
	fdss_operand op = FDSS_OPERAND_INIT;

	cr_assert(eq(int, fdss_db_exec(db, "UPDATE person SET id_number ="
		" '11010519491231002X' WHERE id_number = '" P7 "'"), FDSS_OK));
	cr_assert(eq(int, fdss_operand_resolve(&op, db, "11010519491231002x",
					       FDSS_OPERAND_ANY), FDSS_OK));
	cr_assert(eq(str, op.id_number, "11010519491231002X"));
	fdss_operand_release(&op);
}

Test(operand, eighteen_digits_that_are_no_id_number_are_a_household)
{
	fdss_operand op = FDSS_OPERAND_INIT;

	cr_assert(eq(int, fdss_operand_resolve(&op, db, HX, 0), FDSS_OK));
	cr_assert(eq(u32, op.kind, FDSS_OPERAND_HOUSEHOLD));
	cr_assert(op.id_number == NULL);
	cr_assert(eq(str, op.household_no, HX));
	fdss_operand_release(&op);
	cr_assert(eq(int, fdss_operand_resolve(&op, db, "H1", 0), FDSS_OK));
	cr_assert(eq(str, op.household_no, "H1"));
	fdss_operand_release(&op);
}

Test(operand, a_valid_id_number_nobody_has_may_be_a_household)
{
	fdss_operand op = FDSS_OPERAND_INIT;

	cr_assert(eq(int, fdss_operand_resolve(&op, db, HV, 0), FDSS_OK));
	cr_assert(eq(u32, op.kind, FDSS_OPERAND_HOUSEHOLD));
	cr_assert(eq(str, op.household_no, HV));
	fdss_operand_release(&op);
	cr_assert(eq(int, fdss_operand_resolve(&op, db, HV,
					       FDSS_OPERAND_PERSON),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "no such person (a household number)"));
}

Test(operand, both_readings_are_refused_until_one_is_chosen)
{
	fdss_operand op = FDSS_OPERAND_INIT;

	cr_assert(eq(int, fdss_operand_resolve(&op, db, P1, 0), FDSS_EINVAL));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "both the ID number of a person and a household number: "
		     "name it with --person or --household"));
	cr_assert(eq(u32, op.kind, 0));
	cr_assert(eq(int, fdss_operand_resolve(&op, db, P1,
					       FDSS_OPERAND_PERSON), FDSS_OK));
	cr_assert(eq(u32, op.kind, FDSS_OPERAND_PERSON));
	cr_assert(eq(str, op.household_no, "H1"));
	/* resolving again releases what op held */
	cr_assert(eq(int, fdss_operand_resolve(&op, db, P1,
					       FDSS_OPERAND_HOUSEHOLD),
		     FDSS_OK));
	cr_assert(eq(u32, op.kind, FDSS_OPERAND_HOUSEHOLD));
	cr_assert(op.id_number == NULL);
	cr_assert(eq(str, op.household_no, P1));
	fdss_operand_release(&op);
}

Test(operand, what_names_nothing_says_which_reading_failed)
{
	fdss_operand op = FDSS_OPERAND_INIT;

	/* a valid ID number: the person is missing */
	cr_assert(eq(int, fdss_operand_resolve(&op, db, "140826198002020027",
					       0), FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no such person"));
	/* no ID number: the household is */
	cr_assert(eq(int, fdss_operand_resolve(&op, db, "140826198002020028",
					       0), FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no such household"));
	cr_assert(eq(int, fdss_operand_resolve(&op, db, "H1",
					       FDSS_OPERAND_PERSON),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "no such person (a household number)"));
	cr_assert(eq(int, fdss_operand_resolve(&op, db, P7,
					       FDSS_OPERAND_HOUSEHOLD),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "no such household (the ID number of a person)"));
	cr_assert(eq(int, fdss_operand_resolve(&op, db, "", 0), FDSS_EINVAL));
	cr_assert(eq(u32, op.kind, 0));
}
