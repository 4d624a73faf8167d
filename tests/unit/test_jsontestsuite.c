/*
 * The JSONTestSuite cases (tests/fixtures/json/jsontestsuite.tsv, from
 * github.com/nst/JSONTestSuite): every must-reject (n_) text is refused
 * by the strict check, and every must-accept (y_) text is read, except
 * the few that fdss refuses on purpose, each named here with its reason.
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/jsonl.h"

#define SUITE "tests/fixtures/json/jsontestsuite.tsv"

/* Must-accept texts that fdss refuses, and the message's end. */
static const struct {
	const char *name;
	const char *why;
} refused[] = {
	/* one key, two meanings: readers keep the first or the last */
	{ "y_object_duplicated_key.json", "duplicate key \"a\"" },
	{ "y_object_duplicated_key_and_value.json", "duplicate key \"a\"" },
	/* C strings end at U+0000: a value would be cut short there */
	{ "y_object_escaped_null_in_key.json",
	  "a key contains a NUL character (U+0000)" },
	{ "y_string_null_escape.json",
	  "contains a NUL character (U+0000)" },
	/* cJSON reads 63 characters of a number: a longer one, refused */
	{ "y_number_double_close_to_zero.json",
	  "number longer than 63 characters" },
};

static int hexval(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Decode "HEX", "HEX*COUNT" or "HEX*COUNT+HEX" into a new buffer. */
static char *bytes_of(const char *hex, size_t *n)
{
	const char *star = strchr(hex, '*'), *plus = strchr(hex, '+');
	size_t unit = (star ? (size_t)(star - hex) : strlen(hex)) / 2;
	long count = star ? strtol(star + 1, NULL, 10) : 1;
	size_t rest = plus ? strlen(plus + 1) / 2 : 0, i, k;
	char *b = malloc(unit * (size_t)count + rest + 1);

	cr_assert(b != NULL);
	for (k = 0; k < (size_t)count; k++)
		for (i = 0; i < unit; i++)
			b[k * unit + i] = (char)(hexval(hex[2 * i]) << 4 |
						 hexval(hex[2 * i + 1]));
	for (i = 0; i < rest; i++)
		b[unit * (size_t)count + i] =
			(char)(hexval(plus[1 + 2 * i]) << 4 |
			       hexval(plus[2 + 2 * i]));
	*n = unit * (size_t)count + rest;
	return b;
}

static const char *refusal(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (strcmp(refused[i].name, name) == 0)
			return refused[i].why;
	return NULL;
}

Test(jsontestsuite, every_case_as_the_suite_or_fdss_says)
{
	static char line[300000];
	fdss_error err = FDSS_ERROR_INIT;
	FILE *f = fopen(SUITE, "r");
	int n_cases = 0, y_cases = 0, refusals = 0;

	cr_assert(f != NULL, "%s: cannot open", SUITE);
	while (fgets(line, sizeof(line), f)) {
		char *name = line, *kind = strchr(line, '\t'), *hex, *text;
		const char *why;
		size_t n;
		int rc;

		/* NAME, y or n, the hex of the bytes (empty for no bytes) */
		cr_assert(kind && kind[1] && kind[2] == '\t', "%s: bad line",
			  SUITE);
		*kind++ = '\0';
		hex = kind + 2;
		hex[strcspn(hex, "\n")] = '\0';
		why = refusal(name);
		text = bytes_of(hex, &n);
		rc = fdss_json_check(text, n, &err);
		if (*kind == 'n') {
			cr_expect(eq(int, rc, FDSS_EDATA), "%s: accepted",
				  name);
			cr_expect(strncmp(err.msg, "column ", 7) == 0, "%s: %s",
				  name, err.msg);
			n_cases++;
		} else if (why) {
			size_t m = strlen(err.msg), w = strlen(why);

			cr_expect(eq(int, rc, FDSS_EDATA), "%s: accepted",
				  name);
			cr_expect(m >= w && strcmp(err.msg + m - w, why) == 0,
				  "%s: %s", name, err.msg);
			refusals++;
		} else {
			cr_expect(eq(int, rc, FDSS_OK), "%s: %s", name,
				  err.msg);
			y_cases++;
		}
		free(text);
	}
	fclose(f);
	cr_assert(eq(int, n_cases, 188));
	cr_assert(eq(int, y_cases + refusals, 95));
	cr_assert(eq(int, refusals,
		     (int)(sizeof(refused) / sizeof(refused[0]))));
}
