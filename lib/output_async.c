/*
 * output_async.c: a writer's stream written by a thread of its own
 * (fdss_out_async()), so that the kernel's copying of the records into
 * a file or a pipe overlaps the work that makes the next ones.
 *
 * The writer copies its text into one of NBLOCKS blocks; a full block
 * goes to the thread, which writes it to the stream with fwrite(), and
 * comes back empty.  Only the thread touches the stream until it is
 * drained (fdss_out_finish()) or stopped (fdss_out_free()); both first
 * hand it the block being filled, so nothing written is left behind.
 * A failed write is remembered with its errno, the blocks after it are
 * dropped, and the writer is marked failed at its next block and when
 * drained, as a failed fwrite() would have marked it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "output_int.h"

#define BLOCK ((size_t)256 << 10)
#define NBLOCKS 4

struct fdss__out_async {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* a block was handed over, either way */
	FILE *f;
	char *block[NBLOCKS];
	size_t len[NBLOCKS];
	/* block[i % NBLOCKS]: the thread's while head <= i < tail; the
	 * writer fills block[tail % NBLOCKS] */
	size_t head, tail;
	int failed;		/* a write failed, with errno err */
	int err;
	int stop;		/* no more blocks come */
};

static void *run(void *arg)
{
	struct fdss__out_async *a = arg;
	size_t i, n;
	int err;

	pthread_mutex_lock(&a->mu);
	for (;;) {
		while (a->head == a->tail && !a->stop)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->head == a->tail)
			break;
		i = a->head % NBLOCKS;
		pthread_mutex_unlock(&a->mu);
		n = a->len[i];
		errno = 0;
		err = a->failed || fwrite(a->block[i], 1, n, a->f) == n ? 0
			: errno ? errno : EIO;
		pthread_mutex_lock(&a->mu);
		if (err && !a->failed) {
			a->failed = 1;
			a->err = err;
		}
		a->head++;
		pthread_cond_broadcast(&a->cv);
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

static void async_free(struct fdss__out_async *a)
{
	size_t i;

	for (i = 0; i < NBLOCKS; i++)
		free(a->block[i]);
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
	free(a);
}

int fdss_out_async(fdss_out *o)
{
	struct fdss__out_async *a;
	size_t i;

	if (o->async || o->format == FDSS_FORMAT_XLSX)
		return FDSS_EINVAL;
	if (!(a = calloc(1, sizeof(*a))))
		return FDSS_ENOMEM;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	a->f = o->f;
	for (i = 0; i < NBLOCKS; i++)
		if (!(a->block[i] = malloc(BLOCK))) {
			async_free(a);
			return FDSS_ENOMEM;
		}
	if (pthread_create(&a->thread, NULL, run, a)) {
		async_free(a);
		return FDSS_ENOMEM;
	}
	o->async = a;
	return FDSS_OK;
}

/* Hand the block being filled, unless empty, to the thread; wait for a
 * free one, or with all for the thread to have written every block.
 * The thread's failure marks o failed, errno set to its. */
static void hand_over(fdss_out *o, int all)
{
	struct fdss__out_async *a = o->async;

	pthread_mutex_lock(&a->mu);
	if (a->len[a->tail % NBLOCKS]) {
		a->tail++;
		pthread_cond_broadcast(&a->cv);
	}
	while (all ? a->head != a->tail : a->tail - a->head == NBLOCKS)
		pthread_cond_wait(&a->cv, &a->mu);
	a->len[a->tail % NBLOCKS] = 0;	/* the writer's again */
	if (a->failed) {
		o->failed = 1;
		errno = a->err;
	}
	pthread_mutex_unlock(&a->mu);
}

void fdss__out_async_put(fdss_out *o, const char *s, size_t n)
{
	struct fdss__out_async *a = o->async;

	while (n) {
		size_t i = a->tail % NBLOCKS, k = BLOCK - a->len[i];

		if (k > n)
			k = n;
		memcpy(a->block[i] + a->len[i], s, k);
		a->len[i] += k;
		s += k;
		n -= k;
		if (a->len[i] == BLOCK)
			hand_over(o, 0);
	}
}

void fdss__out_async_drain(fdss_out *o)
{
	if (o->async)
		hand_over(o, 1);
}

void fdss__out_async_stop(fdss_out *o)
{
	struct fdss__out_async *a = o->async;
	int e = errno;

	if (!a)
		return;
	hand_over(o, 1);
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
	async_free(a);
	o->async = NULL;
	errno = e;
}
