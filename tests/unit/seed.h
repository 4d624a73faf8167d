#ifndef TESTS_UNIT_SEED_H
#define TESTS_UNIT_SEED_H

#include <fdss/fdss.h>

/* The fixture roster of tests/fixtures/roster-seed.sql. */
#define SEED "tests/fixtures/roster-seed.sql"

/* A new in-memory database with the SQL of file path run in it (the
 * tests run from the checkout's top). */
fdss_db *seed_db(const char *path);

#endif
