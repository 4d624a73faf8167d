/*
 * cover.c: the contract status rules of contract.c as SQL functions, so
 * that a query asks the definition the C code uses instead of a copy of
 * it (cover_int.h).
 */
#include <stdio.h>

#include "cover_int.h"

/* Argument i as a date into *out: NULL is 0.  0 when it is not a date
 * (the error is set on ctx). */
static int arg_date(sqlite3_context *ctx, sqlite3_value **argv, int i,
		    fdss_date *out)
{
	const char *s;
	char msg[96];

	*out = 0;
	if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
		return 1;
	if (!(s = (const char *)sqlite3_value_text(argv[i]))) {
		sqlite3_result_error_nomem(ctx);
		return 0;
	}
	if (fdss_date_parse(out, s, NULL) == FDSS_OK)
		return 1;
	snprintf(msg, sizeof(msg), "contract status: '%.40s': not a "
		 "YYYY-MM-DD date", s);
	sqlite3_result_error(ctx, msg, -1);
	return 0;
}

/*
 * The status at ref (the last argument) of the contract in argv[0..4]
 * (status, reviewed_at, start_date, end_date, terminated_on), and with
 * argv[5] ended_on when cover is set, of that member's cover.  -1 for a
 * NULL ref, 0 for an unknown stored status, -2 after an error (set on
 * ctx).
 */
static int status_of(sqlite3_context *ctx, int argc, sqlite3_value **argv,
		     int cover)
{
	fdss_date start, end, on, ended = 0, ref;
	int s;

	if (sqlite3_value_type(argv[argc - 1]) == SQLITE_NULL)
		return -1;
	if (!arg_date(ctx, argv, 2, &start) || !arg_date(ctx, argv, 3, &end) ||
	    !arg_date(ctx, argv, 4, &on) ||
	    (cover && !arg_date(ctx, argv, 5, &ended)) ||
	    !arg_date(ctx, argv, argc - 1, &ref))
		return -2;
	s = fdss_contract_status_at((const char *)sqlite3_value_text(argv[0]),
				    sqlite3_value_type(argv[1]) != SQLITE_NULL,
				    start, end, on, ref);
	return cover ? fdss_contract_cover_at(s, ended, ref) : s;
}

static void result_status(sqlite3_context *ctx, int s)
{
	const char *name = fdss_contract_status_name(s);

	if (s == -2)
		return;
	if (name)
		sqlite3_result_text(ctx, name, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(ctx);
}

static void sql_contract_status(sqlite3_context *ctx, int argc,
				sqlite3_value **argv)
{
	result_status(ctx, status_of(ctx, argc, argv, 0));
}

static void sql_cover_status(sqlite3_context *ctx, int argc,
			     sqlite3_value **argv)
{
	result_status(ctx, status_of(ctx, argc, argv, 1));
}

static void sql_cover_signed(sqlite3_context *ctx, int argc,
			     sqlite3_value **argv)
{
	int s = status_of(ctx, argc, argv, 1);

	if (s == -1)
		sqlite3_result_null(ctx);
	else if (s != -2)
		sqlite3_result_int(ctx, fdss_contract_status_signed(s));
}

#ifndef SQLITE_INNOCUOUS
#define SQLITE_INNOCUOUS 0
#endif

int fdss__cover_register(sqlite3 *sql)
{
	static const struct {
		const char *name;
		int argc;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{ "fdss_contract_status", 6, sql_contract_status },
		{ "fdss_cover_status", 7, sql_cover_status },
		{ "fdss_cover_signed", 7, sql_cover_signed },
	};
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; rc == SQLITE_OK && i < sizeof(fns) / sizeof(fns[0]); i++)
		rc = sqlite3_create_function(sql, fns[i].name, fns[i].argc,
			SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
			NULL, fns[i].fn, NULL, NULL);
	return rc;
}

/* A date in place p ('n', '<', '=', '>') against ref. */
static fdss_date place_date(char p, fdss_date ref)
{
	return p == 'n' ? 0 : p == '<' ? ref - 1 : p == '=' ? ref : ref + 1;
}

int fdss__cover_rule_rows(int (*fn)(void *arg, int i, const char *key,
				    int contract_status, int cover_status),
			  void *arg)
{
	static const char *const stored[] = {
		"pending", "active", "rejected", "terminated"
	};
	static const char places[] = "n<=>";
	const fdss_date ref = 20000;
	char key[32];
	int i, k, r, s, rc;

	for (i = 0; i < 4; i++)
		for (r = 0; r < 2; r++)
			for (k = 0; k < 256; k++) {
				char p[4] = { places[k & 3], places[k >> 2 & 3],
					      places[k >> 4 & 3],
					      places[k >> 6 & 3] };

				s = fdss_contract_status_at(stored[i], r,
					place_date(p[0], ref),
					place_date(p[1], ref),
					place_date(p[2], ref), ref);
				snprintf(key, sizeof(key), "%s:%d%.4s",
					 stored[i], r, p);
				if ((rc = fn(arg, 512 * i + 256 * r + k, key, s,
					     fdss_contract_cover_at(s,
						place_date(p[3], ref), ref))))
					return rc;
			}
	return 0;
}
