/*
 * pagecache.c: where SQLite's page cache lives — its pages in slots of
 * one arena, the rest of SQLite's memory from SQLite's own allocator.
 *
 * A batch's page cache grows to 64 MiB (batch.c), an import's to 48 MiB,
 * an exchange import's to 128 MiB.  From malloc() it grows a heap page at
 * a time, and each new 4 KiB page is a page fault: under the virtual
 * machine of issue 18 those faults were an eighth of a signing's time
 * and a quarter of a renewal's.  Here the pages of the cache are slots of
 * one anonymous mapping, reserved as address space only (MAP_NORESERVE),
 * marked MADV_HUGEPAGE and made ready 2 MiB at a time as slots are first
 * handed out (MADV_POPULATE_WRITE), so the kernel backs it a huge page,
 * or a run of pages, per fault.  Memory is used as before: a slot is
 * memory once handed out, and a freed slot is handed out again first.
 *
 * Set once per process by fdss_db_program_init(), before SQLite starts
 * (SQLITE_CONFIG_MALLOC, wrapping the allocator SQLite had).  Only
 * blocks the size of a 4096-byte page with SQLite's header come from
 * the arena; every other block, pages of databases with larger pages,
 * and pages beyond the arena come from SQLite's own allocator.  With
 * its memory statistics off SQLite takes no lock around an allocation:
 * the arena has its own.
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, MAP_NORESERVE, madvise() */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#define PAGE 4096			/* the page size of fdss databases */
#define ARENA ((size_t)256 << 20)	/* address space: 60,000 pages */
#define STEP ((size_t)2 << 20)		/* made ready at a time */

static struct {
	sqlite3_mem_methods sys;	/* SQLite's allocator, for the rest */
	pthread_mutex_t mu;		/* over the fields below */
	char *start, *end;		/* the arena */
	char *next;			/* the first slot never handed out */
	char *ready;			/* made ready up to here */
	void *free;			/* slots handed back, each linking on */
	size_t slot;			/* a page and SQLite's header */
} a = { .mu = PTHREAD_MUTEX_INITIALIZER };

static int in_arena(const void *p)
{
	return (const char *)p >= a.start && (const char *)p < a.end;
}

static int is_page(int n)
{
	return n > PAGE && (size_t)n <= a.slot;
}

/* A slot of the arena, NULL when none is left. */
static void *slot_get(void)
{
	void *p = NULL;

	pthread_mutex_lock(&a.mu);
	if (a.free) {
		p = a.free;
		memcpy(&a.free, p, sizeof(a.free));
	} else if ((size_t)(a.end - a.next) >= a.slot) {
		p = a.next;
		a.next += a.slot;
		for (; a.ready < a.next; a.ready += STEP) {
#ifdef MADV_POPULATE_WRITE
			(void)madvise(a.ready, STEP, MADV_POPULATE_WRITE);
#endif
		}
	}
	pthread_mutex_unlock(&a.mu);
	return p;
}

static void *mem_malloc(int n)
{
	void *p;

	if (is_page(n) && (p = slot_get()))
		return p;
	return a.sys.xMalloc(n);
}

static void mem_free(void *p)
{
	if (!in_arena(p)) {
		a.sys.xFree(p);
		return;
	}
	pthread_mutex_lock(&a.mu);
	memcpy(p, &a.free, sizeof(a.free));
	a.free = p;
	pthread_mutex_unlock(&a.mu);
}

static void *mem_realloc(void *p, int n)
{
	void *q;

	if (!in_arena(p))
		return a.sys.xRealloc(p, n);
	if (is_page(n))
		return p;
	if (!(q = a.sys.xMalloc(n)))
		return NULL;
	memcpy(q, p, (size_t)n < a.slot ? (size_t)n : a.slot);
	mem_free(p);
	return q;
}

static int mem_size(void *p)
{
	return in_arena(p) ? (int)a.slot : a.sys.xSize(p);
}

static int mem_roundup(int n)
{
	return is_page(n) ? (int)a.slot : a.sys.xRoundup(n);
}

static int mem_init(void *app)
{
	(void)app;
	return a.sys.xInit(a.sys.pAppData);
}

static void mem_shutdown(void *app)
{
	(void)app;
	a.sys.xShutdown(a.sys.pAppData);
}

static void setup(void)
{
	static const sqlite3_mem_methods m = {
		mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup,
		mem_init, mem_shutdown, NULL
	};
	int hdr = 0;
	char *map;

	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &a.sys) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK)
		return;		/* SQLite had started */
	map = mmap(NULL, ARENA + STEP, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED)
		return;
	/* the slots start on a huge page's boundary */
	a.start = map + (STEP - (uintptr_t)map % STEP) % STEP;
	a.end = a.start + ARENA;
	a.next = a.ready = a.start;
	a.slot = ((size_t)PAGE + (size_t)hdr + 7) & ~(size_t)7;
#ifdef MADV_HUGEPAGE
	(void)madvise(a.start, ARENA, MADV_HUGEPAGE);
#endif
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
		munmap(map, ARENA + STEP);
		a.start = a.end = NULL;
	}
}

void fdss__pagecache_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	(void)pthread_once(&once, setup);
}
