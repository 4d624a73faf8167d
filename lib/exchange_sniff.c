/*
 * Is a JSON-lines input an export?  Its first line says (its "type"); the
 * line is read off the input and played again in front of the rest by a
 * stream made with fopencookie, so a pipe can be sniffed too.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "internal.h"

struct replay {
	char *head;	/* the first line, its newline included */
	size_t len;
	size_t pos;	/* of head played */
	FILE *in;	/* the rest */
};

static ssize_t replay_read(void *cookie, char *buf, size_t n)
{
	struct replay *r = cookie;
	size_t k;

	if (r->pos < r->len) {
		k = r->len - r->pos < n ? r->len - r->pos : n;
		memcpy(buf, r->head + r->pos, k);
		r->pos += k;
		return (ssize_t)k;
	}
	k = fread(buf, 1, n, r->in);
	return k == 0 && ferror(r->in) ? -1 : (ssize_t)k;
}

static int replay_close(void *cookie)
{
	struct replay *r = cookie;

	free(r->head);
	free(r);
	return 0;
}

int fdss_exchange_sniff(FILE **out, FILE *in, int *is_export, fdss_error *err)
{
	static const cookie_io_functions_t io = {
		.read = replay_read, .close = replay_close,
	};
	struct replay *r;
	size_t cap = 0;
	ssize_t n;

	*out = NULL;
	*is_export = 0;
	if (!(r = calloc(1, sizeof(*r))))
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	r->in = in;
	n = getline(&r->head, &cap, in);
	if (n < 0 && ferror(in)) {
		replay_close(r);
		return fdss_error_set(err, FDSS_EIO, "cannot read the input");
	}
	r->len = n < 0 ? 0 : (size_t)n;
	*is_export = r->len > 0 && fdss_exchange_is_export(r->head, r->len);
	if (!(*out = fopencookie(r, "r", io))) {
		replay_close(r);
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	}
	return FDSS_OK;
}
