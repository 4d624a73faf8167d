/*
 * xlsx_pipe.c: the sheet of an .xlsx workbook parsed by a thread of its
 * own, so that inflating and parsing its XML (five times the size of
 * the same rows as CSV) overlaps the import's checks and writes instead
 * of adding to them.
 *
 * The thread parses rows into a row builder of its own (x->build) and
 * packs them into batches of BATCH_ROWS; two batches go back and forth
 * between it and the reader (fdss_sheet_next), under one mutex: the
 * thread fills one while the reader takes its rows from the other.  The
 * last batch carries how the sheet ended: FDSS_EOF, or a failure with
 * its message, after the rows read before it.  Freeing the reader stops
 * the thread at its next batch and joins it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "xlsx_int.h"

#define BATCH_ROWS 512

/* Rows handed from the thread to the reader. */
struct batch {
	char *data;		/* packed rows (fdss__sheet_row_pack) */
	size_t len, cap;
	size_t nrows;		/* rows in it */
	size_t next, pos;	/* the reader's next row, at data + pos */
	int rc;			/* FDSS_OK; else how the sheet ended */
	fdss_error err;		/* and why */
};

struct xlsx_pipe {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[2];
	int full[2];		/* batch i is the reader's */
	int stop;		/* the reader is gone */
	int taken;		/* the reader holds batch b[cur] */
	int cur;		/* the reader's batch */
};

/* Wait until batch i is free (0) or the reader left (-1). */
static int wait_free(struct xlsx_pipe *p, int i)
{
	int stop;

	pthread_mutex_lock(&p->mu);
	while (p->full[i] && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	stop = p->stop;
	pthread_mutex_unlock(&p->mu);
	return stop ? -1 : 0;
}

/* Fill batch b with rows until it is full or the sheet ends. */
static void fill(struct xlsx *x, struct batch *b)
{
	b->len = b->nrows = b->next = b->pos = 0;
	b->rc = FDSS_OK;
	fdss_error_clear(&b->err);
	while (b->nrows < BATCH_ROWS) {
		if ((b->rc = x->parse_row(x, &b->err)) != FDSS_OK)
			return;
		if (fdss__sheet_row_pack(&x->build, &b->data, &b->len,
					 &b->cap) != FDSS_OK) {
			b->rc = fdss_error_set(&b->err, FDSS_ENOMEM,
					       "out of memory");
			return;
		}
		b->nrows++;
	}
}

static void *produce(void *arg)
{
	struct xlsx *x = arg;
	struct xlsx_pipe *p = x->pipe;
	int i = 0, rc;

	do {
		if (wait_free(p, i) < 0)
			break;
		fill(x, &p->b[i]);
		rc = p->b[i].rc;
		pthread_mutex_lock(&p->mu);
		p->full[i] = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		i ^= 1;
	} while (rc == FDSS_OK);
	return NULL;
}

/* Start the thread on the first read. */
static int start(fdss_sheet *r, struct xlsx *x, fdss_error *err)
{
	struct xlsx_pipe *p = calloc(1, sizeof(*p));

	if (!p)
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	x->build.name = r->name;	/* borrowed, for messages */
	x->build.title = r->title;
	x->r = &x->build;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	x->pipe = p;
	if (pthread_create(&p->thread, NULL, produce, x) != 0) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
		free(p);
		x->pipe = NULL;
		return fdss_error_set(err, FDSS_ENOMEM, "%s: cannot start a "
				      "thread", r->name);
	}
	return FDSS_OK;
}

int fdss__xlsx_next(fdss_sheet *r, fdss_error *err)
{
	struct xlsx *x = r->impl;
	struct xlsx_pipe *p;
	struct batch *b;
	size_t used;
	int rc;

	if (!x->pipe && (rc = start(r, x, err)) != FDSS_OK)
		return rc;
	p = x->pipe;
	for (;;) {
		b = &p->b[p->cur];
		if (!p->taken) {
			pthread_mutex_lock(&p->mu);
			while (!p->full[p->cur])
				pthread_cond_wait(&p->cv, &p->mu);
			pthread_mutex_unlock(&p->mu);
			p->taken = 1;
		}
		if (b->next < b->nrows) {
			if ((rc = fdss__sheet_row_unpack(r, b->data + b->pos,
							 &used)) != FDSS_OK)
				return fdss_error_set(err, rc, "out of memory");
			b->pos += used;
			b->next++;
			return FDSS_OK;
		}
		if (b->rc != FDSS_OK) {
			if (err)
				*err = b->err;
			return b->rc;
		}
		pthread_mutex_lock(&p->mu);
		p->full[p->cur] = 0;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		p->taken = 0;
		p->cur ^= 1;
	}
}

void fdss__xlsx_pipe_free(struct xlsx *x)
{
	struct xlsx_pipe *p = x->pipe;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->b[0].data);
	free(p->b[1].data);
	free(p);
	x->pipe = NULL;
}
