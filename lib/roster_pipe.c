/*
 * roster_pipe.c: the import of a table (CSV, .xlsx, .xls) on two
 * threads.  A reading thread of its own reads, decodes, lays out and
 * checks the rows (roster_read.c, roster_shape.c, roster_fields.c)
 * into batches; the caller's thread, which owns the SQLite connection,
 * takes them in order and does all that touches the store: the
 * village, the households seen by the run, the rows stored a chunk at a
 * time (roster_row.c, roster_chunk.c).  The connection is never used
 * from the reading thread: its run has a handle of its own for its
 * errors only.
 *
 * Everything reaches the store and the caller in the order one thread
 * gives: a batch's rows are copied into the chunk as roster_chunk.c
 * would have staged them, so the chunks end where they would have, and
 * the fill-down's "rejected above" is decided on the storing side,
 * which alone knows which rows the store rejects.
 *
 * In the manner of xlsx_pipe.c: one mutex, one condition variable, a
 * ring of PIPE_SLOTS batches (a chunk's worth of rows at most waiting),
 * the last batch carrying how the input ended — FDSS_EOF, or the
 * reading's failure and its message, after the rows read before it.
 * When the storing side fails it stops the thread at its next batch
 * and joins it.  With one CPU to run on, or for JSON lines (cJSON's
 * parser writes a process-wide error slot that the storing side's own
 * parses would race on), the import reads on the caller's thread.
 */
#define _GNU_SOURCE		/* sched_getaffinity */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roster_int.h"

#define PIPE_ROWS 8192		/* rows in a batch */
#define PIPE_BYTES (8u << 20)	/* or bytes of their texts */
#define PIPE_SLOTS 8		/* batches handed over, not yet stored */

/* What the store needs of a row besides its staged form. */
enum { V_CODE, V_COUNTY, V_TOWNSHIP, V_VILLAGE, V_HOUSEHOLD, NVALS };

static const int val_field[NVALS] = {
	F_VILLAGE_CODE, F_COUNTY, F_TOWNSHIP, F_VILLAGE, F_HOUSEHOLD_NO,
};

struct pipe_row {
	size_t end;		/* the row's texts for the chunk end here */
	size_t val[NVALS];	/* the cells above: offset + 1 (0: absent) */
	size_t len[NVALS];	/* and their lengths */
	long long bytes;	/* the input read up to the row */
	size_t first;		/* roster_shape: first cell filled */
	unsigned char began, head, broken; /* roster_shape's */
};

/* Rows handed from the reading thread to the storing one. */
struct batch {
	struct staged *rows;	/* in line order */
	struct pipe_row *px;	/* beside each */
	size_t n;
	fdss_jbuf text;		/* the texts of both */
	int rc;			/* FDSS_OK; else how the input ended */
	fdss_error err;		/* and why */
	int header;		/* the header was read before these rows */
};

/* The header, as the storing side needs it for messages. */
struct header {
	fdss_jbuf raw;		/* its line as read */
	char *label[NFIELDS];	/* the input's name for each field */
	char **colhead;		/* each column's name */
	size_t ncols, nfill;
};

struct roster_pipe {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch slot[PIPE_SLOTS];
	size_t head, count;	/* the full slots, from head on */
	int stop;		/* the storing side is gone */
	struct import *im;	/* the storing run, the caller's */
	struct import *rd;	/* the reading run */
	FILE *text;		/* its input (CSV) */
	fdss_import_stats rstats; /* its counts */
	struct pipe_row *px;	/* its rows besides rd->chunk */
	int header;		/* the next batch follows the header */
	struct header hdr;
};

int fdss__roster_pipe_wanted(const struct import *im)
{
#ifdef __linux__
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) < 2)
		return 0;
#endif
	return im->o->format != FDSS_IMPORT_JSONL &&
	       sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

/* --- the reading thread ------------------------------------------------- */

/* Hand the rows read over, with rc: FDSS_OK, more follow. */
static int hand_over(struct roster_pipe *p, int rc, const fdss_error *err)
{
	struct import *rd = p->rd;
	struct batch *b, t;
	struct pipe_row *px;
	int stop;

	pthread_mutex_lock(&p->mu);
	while (p->count == PIPE_SLOTS && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	stop = p->stop;
	b = &p->slot[(p->head + p->count) % PIPE_SLOTS];
	pthread_mutex_unlock(&p->mu);
	if (stop)
		return fdss__db_fail(rd->db, FDSS_EINTERNAL, "stopped");
	t = *b;
	b->rows = rd->chunk, rd->chunk = t.rows;
	b->text = rd->text, rd->text = t.text;
	px = b->px, b->px = p->px, p->px = px;
	b->n = rd->nchunk;
	rd->nchunk = rd->text.len = 0;
	b->rc = rc;
	b->err = err ? *err : (fdss_error)FDSS_ERROR_INIT;
	b->header = p->header;
	p->header = 0;
	pthread_mutex_lock(&p->mu);
	p->count++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return FDSS_OK;
}

/* Note what the store needs of the row just staged. */
static int note_row(struct roster_pipe *p)
{
	struct import *rd = p->rd;
	struct roster_shape *s = &rd->shape;
	struct pipe_row *x;
	size_t k;

	if (!p->px && !(p->px = malloc(PIPE_ROWS * sizeof(*p->px))))
		return fdss__db_fail(rd->db, FDSS_ENOMEM, "out of memory");
	x = &p->px[rd->nchunk - 1];
	x->end = rd->text.len;
	x->bytes = rd->dec ? fdss_decoder_bytes(rd->dec)
		 : fdss_sheet_bytes(rd->sheet);
	x->first = s->first;
	x->began = (unsigned char)s->began;
	x->head = (unsigned char)s->head;
	x->broken = (unsigned char)s->broken;
	s->broken = 0;
	for (k = 0; k < NVALS; k++) {
		const struct roster_val *v = &rd->row.v[val_field[k]];

		x->val[k] = x->len[k] = 0;
		if (rd->chunk[rd->nchunk - 1].reason || !v->s)
			continue;
		x->val[k] = rd->text.len + 1;
		x->len[k] = v->n;
		if (fdss__roster_buf_add(&rd->text, v->s, v->n) != FDSS_OK ||
		    fdss__roster_buf_add(&rd->text, "", 1) != FDSS_OK)
			return fdss__db_fail(rd->db, FDSS_ENOMEM, "out of memory");
	}
	return FDSS_OK;
}

/* im->piped of the reading run: after each row, and at the end. */
static int piped(struct import *rd, int rc, const char *raw, size_t rawlen)
{
	struct roster_pipe *p = rd->pipe;

	if (rc == FDSS_EOF)
		return hand_over(p, FDSS_EOF, NULL);
	if (rc == FDSS_EDATA && rd->err.code == FDSS_EDATA)
		rc = fdss__roster_stage_reject(rd, raw, rawlen);
	if (rc == FDSS_OK)
		rc = note_row(p);
	if (rc == FDSS_OK &&
	    (rd->nchunk == PIPE_ROWS || rd->text.len >= PIPE_BYTES))
		rc = hand_over(p, FDSS_OK, NULL);
	return rc;
}

/* im->piped_header: keep what the storing side needs of the header. */
static int piped_header(struct import *rd, const char *raw, size_t rawlen)
{
	struct roster_pipe *p = rd->pipe;
	struct header *h = &p->hdr;
	size_t i;

	p->header = 1;
	h->ncols = rd->ncols;
	h->nfill = rd->shape.nfill;
	if (fdss__roster_buf_add(&h->raw, raw, rawlen) != FDSS_OK ||
	    !(h->colhead = calloc(rd->ncols, sizeof(*h->colhead))))
		return fdss__db_fail(rd->db, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < rd->ncols; i++)
		if (!(h->colhead[i] = strdup(rd->colhead[i])))
			return fdss__db_fail(rd->db, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < NFIELDS; i++)
		if (rd->row.label[i] && !(h->label[i] = strdup(rd->row.label[i])))
			return fdss__db_fail(rd->db, FDSS_ENOMEM, "out of memory");
	return FDSS_OK;
}

static void *reading(void *arg)
{
	struct roster_pipe *p = arg;
	struct import *rd = p->rd;
	int rc, stop;

	rc = rd->dec ? fdss__roster_read_csv(rd, p->text)
	   : fdss__roster_read_sheet(rd, rd->sheet);
	pthread_mutex_lock(&p->mu);
	stop = p->stop;
	pthread_mutex_unlock(&p->mu);
	if (rc != FDSS_OK && !stop)
		hand_over(p, rc, fdss_db_error(rd->db));
	return NULL;
}

/* --- the storing side ---------------------------------------------------- */

/* Take the header's names over; tell the caller its line. */
static int adopt_header(struct roster_pipe *p)
{
	struct import *im = p->im;
	struct header *h = &p->hdr;

	if (!(im->colname = calloc(h->ncols, sizeof(*im->colname))))
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	im->colhead = h->colhead;
	h->colhead = NULL;
	im->ncols = h->ncols;
	im->shape.nfill = h->nfill;
	memcpy(im->row.label, h->label, sizeof(h->label));
	memset(h->label, 0, sizeof(h->label));
	if (im->o->header)
		im->o->header(im->o->arg, h->raw.s, h->raw.len);
	return FDSS_OK;
}

/* The checks of row i of b that need the store, then the row staged. */
static int store_row(struct roster_pipe *p, const struct batch *b, size_t i)
{
	struct import *im = p->im;
	const struct staged *src = &b->rows[i];
	const struct pipe_row *x = &b->px[i];
	struct staged *r;
	size_t k;
	int rc = FDSS_OK, first = 0, keep;

	im->line = src->line;
	im->st->read++;
	fdss_error_clear(&im->err);
	if (x->broken) {
		fdss__shape_row_broken(im);
	} else {
		im->shape.began = x->began;
		im->shape.head = x->head;
		im->shape.first = x->first;
		rc = fdss__shape_above_rejected(im);
		for (k = 0; k < NVALS && rc == FDSS_OK && !src->reason; k++) {
			im->row.v[val_field[k]].s = x->val[k] ? b->text.s +
						    x->val[k] - 1 : NULL;
			im->row.v[val_field[k]].n = x->len[k];
		}
		if (rc == FDSS_OK && !src->reason)
			rc = fdss__roster_check_store(im, &first);
		fdss__shape_row_end(im, src->reason || (rc == FDSS_EDATA &&
					im->err.code == FDSS_EDATA));
	}
	if (rc != FDSS_OK && !(rc == FDSS_EDATA && im->err.code == FDSS_EDATA))
		return rc;
	keep = rc == FDSS_OK;
	if ((rc = fdss__roster_stage_copy(im, src, b->text.s, x->end, keep,
					  &r)) != FDSS_OK)
		return rc;
	if (keep && !src->reason) {
		memcpy(r->village, im->village, sizeof(r->village));
		r->first = (unsigned char)first;
	}
	return fdss__roster_row_stored(im, x->bytes);
}

/* Take the next batch (waiting for it), store it, give its slot back;
 * *end when it was the last. */
static int store_batch(struct roster_pipe *p, int *end)
{
	struct batch *b;
	size_t i;
	int rc = FDSS_OK;

	pthread_mutex_lock(&p->mu);
	while (p->count == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	b = &p->slot[p->head];
	pthread_mutex_unlock(&p->mu);
	if (b->header)
		rc = adopt_header(p);
	for (i = 0; i < b->n && rc == FDSS_OK; i++)
		rc = store_row(p, b, i);
	*end = b->rc != FDSS_OK;
	if (rc == FDSS_OK && b->rc == FDSS_EOF)
		rc = fdss__roster_flush(p->im);
	else if (rc == FDSS_OK && b->rc != FDSS_OK)
		rc = fdss__db_fail(p->im->db, b->rc, "%s", b->err.msg);
	pthread_mutex_lock(&p->mu);
	p->head = (p->head + 1) % PIPE_SLOTS;
	p->count--;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return rc;
}

/* --- the pipe ------------------------------------------------------------ */

void fdss__roster_release(struct import *im)
{
	size_t i;

	fdss__roster_vcache_clear(im);
	for (i = 0; i < im->ncols; i++) {
		free(im->colname[i]);
		free(im->colhead[i]);
	}
	free(im->colname);
	free(im->colhead);
	free(im->colfield);
	if (im->o->format != FDSS_IMPORT_JSONL)
		for (i = 0; i < NFIELDS; i++)
			free((char *)im->row.label[i]);
	fdss_jbuf_release(&im->extra);
	fdss_jbuf_release(&im->old);
	fdss_jbuf_release(&im->hh_old);
	fdss_jbuf_release(&im->last_household);
	fdss_jbuf_release(&im->flush_household);
	fdss_jbuf_release(&im->audit_before);
	fdss_jbuf_release(&im->audit_after);
	free(im->merged);
	free(im->chunk);
	free(im->order);
	fdss_jbuf_release(&im->text);
	fdss_jbuf_release(&im->scratch);
	fdss__shape_release(im);
}

static void pipe_free(struct roster_pipe *p)
{
	size_t i;

	for (i = 0; i < PIPE_SLOTS; i++) {
		free(p->slot[i].rows);
		free(p->slot[i].px);
		fdss_jbuf_release(&p->slot[i].text);
	}
	if (p->rd) {
		fdss__db_errors_free(p->rd->db);
		fdss__roster_release(p->rd);
		free(p->rd);
	}
	free(p->px);
	fdss_jbuf_release(&p->hdr.raw);
	for (i = 0; p->hdr.colhead && i < p->hdr.ncols; i++)
		free(p->hdr.colhead[i]);
	free(p->hdr.colhead);
	for (i = 0; i < NFIELDS; i++)
		free(p->hdr.label[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}

/* A pipe whose reading run reads what im would have read. */
static struct roster_pipe *pipe_new(struct import *im, FILE *text)
{
	struct roster_pipe *p = calloc(1, sizeof(*p));
	struct import *rd;

	if (!p)
		return NULL;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (!(rd = p->rd = calloc(1, sizeof(*rd)))) {
		pipe_free(p);
		return NULL;
	}
	rd->o = im->o;
	if (!(rd->db = fdss__db_errors_new())) {
		pipe_free(p);
		return NULL;
	}
	p->im = im;
	p->text = text;
	rd->st = &p->rstats;
	rd->map = im->map;
	rd->name = im->name;
	rd->dec = im->dec;
	rd->sheet = im->sheet;
	rd->reading = 1;
	rd->chunk_rows = PIPE_ROWS;
	rd->piped = piped;
	rd->piped_header = piped_header;
	rd->pipe = p;
	return p;
}

int fdss__roster_pipe_run(struct import *im, FILE *text, int *ended)
{
	struct roster_pipe *p = pipe_new(im, text);
	int rc = FDSS_OK, end = 0;

	*ended = 1;
	if (!p)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	if (pthread_create(&p->thread, NULL, reading, p) != 0) {
		pipe_free(p);
		return fdss__db_fail(im->db, FDSS_ENOMEM, "%s: cannot start a "
				     "thread", im->name);
	}
	while (rc == FDSS_OK && !end)
		rc = store_batch(p, &end);
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	*ended = end;
	im->shape.header_line = p->rd->shape.header_line;
	if (end) {
		im->st->read = p->rstats.read;
		im->shape.footers = p->rd->shape.footers;
	}
	pipe_free(p);
	return rc;
}
