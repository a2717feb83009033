/*
 * region.c - address space for the stores (see region.h).
 */
#include "search/region.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

/* A thread keeps at most this many small regions (a tree store has one
 * table a level, a hash store a table and an arena). */
#define KEPT_MAX 16u

struct kept_region {
	void *p;
	size_t bytes;
};
static __thread struct kept_region kept[KEPT_MAX];
static pthread_key_t kept_key;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;

/* The thread's exit unmaps what it kept. */
static void kept_release(void *unused)
{
	(void)unused;
	for (unsigned i = 0; i < KEPT_MAX; i++)
		if (kept[i].p) {
			munmap(kept[i].p, kept[i].bytes);
			kept[i].p = NULL;
		}
}

static void kept_key_create(void) { (void)pthread_key_create(&kept_key, kept_release); }

void *region_reserve(size_t bytes)
{
	for (unsigned i = 0; i < KEPT_MAX; i++)
		if (kept[i].p && kept[i].bytes == bytes) {
			void *p = kept[i].p;
			kept[i].p = NULL;
			return p;
		}
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void region_advise_huge(void *p, size_t bytes) { (void)madvise(p, bytes, MADV_HUGEPAGE); }

void region_release(void *p, size_t bytes, size_t dirty)
{
	if (!p)
		return;
	if (dirty > bytes)
		dirty = bytes; /* a shared arena's counter may run past its end */
	if (dirty < REGION_HUGE_FROM)
		for (unsigned i = 0; i < KEPT_MAX; i++)
			if (!kept[i].p) {
				(void)pthread_once(&kept_once, kept_key_create);
				(void)pthread_setspecific(kept_key, (void *)1); /* the destructor runs only for a non-NULL value */
				memset(p, 0, dirty);
				kept[i] = (struct kept_region){p, bytes};
				return;
			}
	munmap(p, bytes);
}
