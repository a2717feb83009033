/*
 * region.h - address space for the stores' tables and arenas (store.c,
 * tree_store.c): reserved lazily (a page costs memory only once touched),
 * with huge pages only for large regions, and small regions kept by the
 * thread for its next store.
 *
 * Why keep them: a caller that runs thousands of small checks (a matrix:
 * 10,626 sub-checks of a few hundred states each) would otherwise map,
 * fault in and unmap every table each time; with huge pages each table's
 * first touch zeroed 2 MiB.  For the whole version table that was 19.8 s
 * of system time against 8.6 s of user time.
 */
#ifndef PIRQSIM_SEARCH_REGION_H
#define PIRQSIM_SEARCH_REGION_H

#include <stddef.h>

/* Past this many bytes in use a region asks for huge pages (fewer page
 * faults and TLB misses for tables touched at random), and is not kept. */
#define REGION_HUGE_FROM ((size_t)4 << 20)

/* `bytes` of zeroed address space: a region of that size the thread kept,
 * or a fresh mapping; NULL when the mapping fails. */
void *region_reserve(size_t bytes);
/* Ask for huge pages: for a region of which REGION_HUGE_FROM bytes or more
 * are in use (callers advise once, when their use crosses it). */
void region_advise_huge(void *p, size_t bytes);
/* Done with a region whose first `dirty` bytes were written: kept for the
 * thread's next region_reserve (zeroed), or unmapped when REGION_HUGE_FROM
 * bytes or more were written (so a kept region was never advised huge) or
 * the thread keeps enough already.  NULL: nothing. */
void region_release(void *p, size_t bytes, size_t dirty);

#endif
