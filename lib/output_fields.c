/*
 * output_fields.c: a record handed to the writer as its fields
 * (fdss_out_fields()).  table and csv put the values in their columns as
 * the flat path of output_text.c does for a record's text, without the
 * text; anything else, or a value that path would not take, goes through
 * the record's text (fdss_out_json()).
 */
#include <stdlib.h>
#include <string.h>

#include "fdss/output.h"
#include "output_int.h"

/* The record as text, through fdss_out_json(). */
static int as_text(fdss_out *o, const fdss_jfield *f, size_t n)
{
	fdss_jbuf *b = fdss_out_buf(o);
	int rc;

	fdss_jbuf_fields(b, f, n);
	if ((rc = fdss_jbuf_rc(b)) != FDSS_OK)
		return rc;
	return fdss_out_json(o, b->s, b->len);
}

/* The fields as o->flat: 1, or 0 when one is not flat. */
static int flat_fields(fdss_out *o, const fdss_jfield *f, size_t n)
{
	struct flat v;
	size_t i, next = 0;
	long col;

	for (i = 0; i < o->ncols; i++)
		o->flat[i].present = 0;
	for (i = 0; i < n; i++) {
		if (i < o->nkeys && o->keys[i].seen == f[i].key) {
			col = o->keys[i].col;	/* as last time */
		} else {
			col = fdss__out_flat_key(o, i, f[i].key,
						 strlen(f[i].key), &next);
			if (i < o->nkeys)
				o->keys[i].seen = f[i].key;
		}
		if (col < 0 || o->flat[col].present || o->flat[col].heap)
			continue;	/* the first of a repeated key counts */
		memset(&v, 0, sizeof(v));
		if (f[i].kind == FDSS_JFIELD_STR) {
			v.s = f[i].s;
			v.n = f[i].n;
			v.present = 1;
		} else if (f[i].kind == FDSS_JFIELD_JSON &&
			   fdss__out_flat_value(f[i].s, f[i].s + f[i].n, &v) !=
			   f[i].s + f[i].n) {
			free(v.heap);
			return 0;
		}
		o->flat[col] = v;
	}
	return 1;
}

int fdss_out_fields(fdss_out *o, const fdss_jfield *f, size_t n)
{
	int rc;

	if (o->finished)
		return FDSS_EINVAL;
	if ((o->format != FDSS_FORMAT_CSV && o->format != FDSS_FORMAT_TABLE) ||
	    !o->have_cols || !o->ncols)
		return as_text(o, f, n);
	if (!o->flat && !(o->flat = calloc(o->ncols, sizeof(*o->flat))))
		return FDSS_ENOMEM;
	rc = flat_fields(o, f, n) ? fdss__out_flat_row(o) : -1;
	fdss__out_flat_release(o);
	return rc != -1 ? rc : as_text(o, f, n);
}
