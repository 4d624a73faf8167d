/*
 * roster_chunk.c: the chunk of a roster import — checked and rejected
 * rows waiting to be stored, in bounded memory.  A full chunk is stored
 * people first, in ID-number order, so that the unique index on the ID
 * number takes its inserts in sequence rather than at random (a quarter
 * off the import of a million rows); then, in line order, the households
 * and the rejections, so the caller sees rejected rows in the order of
 * the input.  The rows come from roster_row.c; roster_store.c writes
 * each person and household.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster_int.h"

static const char sql_hh_seen_written[] =
	"SELECT written FROM temp.fdss_seen_household WHERE household_no = ?1";

static const char sql_hh_seen_mark[] =
	"UPDATE temp.fdss_seen_household SET written = ?2"
	" WHERE household_no = ?1";


/* Copy s[0..n) and a NUL into the chunk's text; *off is its offset + 1. */
static int stash(struct import *im, const char *s, size_t n, size_t *off)
{
	size_t at = im->text.len;

	if (fdss__roster_buf_add(&im->text, s, n) != FDSS_OK ||
	    fdss__roster_buf_add(&im->text, "", 1) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	*off = at + 1;
	return FDSS_OK;
}

/* A new row at the end of the chunk, for the current input line. */
static int chunk_add(struct import *im, const char *raw, size_t rawlen,
		     struct staged **out)
{
	struct staged *r;
	int rc;

	if (!im->chunk) {
		im->chunk = malloc(CHUNK_ROWS * sizeof(*im->chunk));
		im->order = malloc(CHUNK_ROWS * sizeof(*im->order));
		if (!im->chunk || !im->order)
			return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	}
	r = &im->chunk[im->nchunk];
	memset(r, 0, sizeof(*r));
	r->line = im->line;
	r->rawlen = rawlen;
	if ((rc = stash(im, raw, rawlen, &r->raw)) != FDSS_OK)
		return rc;
	im->nchunk++;
	*out = r;
	return FDSS_OK;
}

/* Add the rejected current row, its reason in im->err. */
int fdss__roster_stage_reject(struct import *im, const char *raw, size_t rawlen)
{
	struct staged *r;
	int rc;

	if ((rc = chunk_add(im, raw, rawlen, &r)) != FDSS_OK)
		return rc;
	return stash(im, im->err.msg, strlen(im->err.msg), &r->reason);
}

/* Add the checked current row, its person's values in pv. */
int fdss__roster_stage_row(struct import *im, const char *raw, size_t rawlen,
			   const struct pvals *pv, int first)
{
	const struct roster_val *h = &im->row.v[F_HOUSEHOLD_NO],
		*a = &im->row.v[F_ADDRESS], *p = &im->row.v[F_POVERTY_ATTR];
	const char *lab = fdss__roster_label(im, F_ID_NUMBER);
	struct staged *r;
	size_t i;
	int rc;

	if ((rc = chunk_add(im, raw, rawlen, &r)) != FDSS_OK)
		return rc;
	memcpy(r->id, im->person.id.id, sizeof(r->id));
	memcpy(r->village, im->village, sizeof(r->village));
	r->present = pv->present;
	r->conditions = im->person.conditions;
	r->row_conditions = im->row.conditions;
	r->first = (unsigned char)first;
	r->normalised = (unsigned char)im->shape.nnorm;
	r->head = (unsigned char)roster_relation_is_head(
		im->row.v[F_RELATION].s, im->row.v[F_RELATION].n);
	r->has_address = a->s != NULL;
	r->has_poverty_attr = p->s != NULL;
	for (i = 0; i < NPCOLS && rc == FDSS_OK; i++)
		if (pv->v[i])
			rc = stash(im, pv->v[i], strlen(pv->v[i]), &r->v[i]);
	if (rc == FDSS_OK)
		rc = stash(im, lab, strlen(lab), &r->label);
	if (rc == FDSS_OK)
		rc = stash(im, h->s, h->n, &r->household);
	if (rc == FDSS_OK && a->n)
		rc = stash(im, a->s, a->n, &r->address);
	if (rc == FDSS_OK && p->n)
		rc = stash(im, p->s, p->n, &r->poverty_attr);
	return rc;
}

static int by_id(const void *a, const void *b)
{
	const struct staged *x = *(const struct staged *const *)a,
		*y = *(const struct staged *const *)b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Tell the caller about rejected row r. */
static void report(struct import *im, const struct staged *r)
{
	char msg[FDSS_ERRMSG_MAX + 256];
	fdss_import_reject rej;

	im->st->rejected++;
	if (!im->o->reject)
		return;
	if (im->sheet) {
		char where[256];

		fdss_sheet_where(im->sheet, r->line, where, sizeof(where));
		snprintf(msg, sizeof(msg), "%s: %s", where, roster_txt(im, r->reason));
	} else {
		snprintf(msg, sizeof(msg), "%s:%ld: %s", im->name, r->line,
			 roster_txt(im, r->reason));
	}
	rej.line = r->line;
	rej.message = msg;
	rej.reason = roster_txt(im, r->reason);
	rej.raw = roster_txt(im, r->raw);
	rej.rawlen = r->rawlen;
	im->o->reject(im->o->arg, &rej);
}

/*
 * Is household h to be written for an accepted row that is not its
 * first?  Only when the first row of the household was rejected.
 */
static int household_pending(struct import *im, const char *h, int *pending)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_hh_seen_written);
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	if ((rc = fdss__roster_bind_str(st, 1, h)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot look up a household");
	rc = sqlite3_step(st);
	*pending = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->db, rc, "cannot look up a household");
	return FDSS_OK;
}

static int household_mark(struct import *im, const char *h, int written)
{
	sqlite3_stmt *st = fdss__db_prepare(im->db, sql_hh_seen_mark);
	int rc;

	if (!st)
		return fdss_db_error(im->db)->code;
	if ((rc = fdss__roster_bind_str(st, 1, h)) ||
	    (rc = sqlite3_bind_int(st, 2, written)))
		return fdss__roster_bind_fail(im, st, rc,
					      "cannot note a household");
	return fdss__roster_step_done(im, st, "cannot note a household");
}

/* The households of the chunk's accepted rows, and its rejections, in
 * line order. */
static int flush_households(struct import *im)
{
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; i < im->nchunk && rc == FDSS_OK; i++) {
		struct staged *r = &im->chunk[i];
		const char *h;
		int pending = 0;

		if (r->reason) {
			report(im, r);
			/* the next accepted row of the household stores it */
			if (r->first)
				rc = household_mark(im, roster_txt(im, r->household), 0);
			continue;
		}
		h = roster_txt(im, r->household);
		if (!r->first && !(im->flush_household.s &&
				   strcmp(h, im->flush_household.s) == 0) &&
		    (rc = household_pending(im, h, &pending)) != FDSS_OK)
			break;
		if (r->first || pending || r->head)
			rc = fdss__roster_household_write(im, r);
		if (rc == FDSS_OK && pending)
			rc = household_mark(im, h, 1);
		im->flush_household.len = 0;
		if (rc == FDSS_OK &&
		    fdss__roster_buf_str(&im->flush_household, h) != FDSS_OK)
			rc = fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
		im->st->normalised += r->normalised;
		if (r->outcome == INSERTED)
			im->st->inserted++;
		else if (r->outcome == UPDATED)
			im->st->updated++;
		else
			im->st->unchanged++;
	}
	return rc;
}

/* Store the chunk: people in ID-number order, then the rest. */
int fdss__roster_flush(struct import *im)
{
	size_t i, n = 0;
	int rc = FDSS_OK;

	for (i = 0; i < im->nchunk; i++)
		if (!im->chunk[i].reason)
			im->order[n++] = &im->chunk[i];
	if (n > 1)	/* an empty chunk has no array to sort */
		qsort(im->order, n, sizeof(*im->order), by_id);
	for (i = 0; i < n; i++) {
		enum outcome out = UNCHANGED;

		im->cur = im->order[i];
		fdss_error_clear(&im->err);
		rc = fdss__roster_person_write(im, &out);
		if (rc == FDSS_EDATA && im->err.code == FDSS_EDATA)
			rc = stash(im, im->err.msg, strlen(im->err.msg),
				   &im->cur->reason);
		else if (rc != FDSS_OK)
			break;
		im->cur->outcome = out;
	}
	im->cur = NULL;
	if (rc == FDSS_OK)
		rc = flush_households(im);
	im->nchunk = 0;
	im->text.len = 0;
	return rc;
}
