#ifndef FDSS_JSON_INT_H
#define FDSS_JSON_INT_H

/*
 * Between the strict JSON check (json_strict.c) and the JSON-lines
 * reader (jsonl.c): the check that also finds, in the same pass, the
 * members of the top-level object that a reader wants.
 */
#include <stddef.h>
#include "fdss/error.h"

/* A wanted member found: keys[key], its value at v[0..n) as written. */
struct fdss__json_member {
	size_t key;
	const char *v;
	size_t n;
};

/* What fdss__json_check_keys() is asked for and finds. */
struct fdss__json_want {
	const char *const *keys;	/* NULL-terminated, at most 64 */
	struct fdss__json_member *found;	/* room for 64, text order */
	size_t nfound;
	int unsure;	/* not an object, or a key at its top with an
			 * escape: found[] may be short, parse it whole */
};

/*
 * fdss_json_check() of text[0..n), and the members of its top-level
 * object named in w->keys (bytes as written, no escapes) into w->found,
 * the first of each.  The same result and message as fdss_json_check().
 */
int fdss__json_check_keys(const char *text, size_t n,
			  struct fdss__json_want *w, fdss_error *err);

#endif
