/*
 * explorer.h - the one interface of every explorer.  An explorer searches
 * the model's state graph through next_state.h and fills the result's
 * verdict, statistics, limit and, on a violation, the trail to the
 * violating state; the facade (check/check.c) chooses one from the options
 * and then has the trail run on and sealed (trace/replay.c).  One file
 * each:
 *
 *   dfs.c       exhaustive depth-first, every reduction, on every core
 *   bfs.c       exhaustive breadth-first, shortest trail (--bfs)
 *   parallel.c  the breadth-first search on several threads (--bfs --threads N)
 *   random.c    seeded random walks (--random)
 *   mpi.c       the search partitioned over MPI ranks (pirqsim-mpi only)
 *
 * A new explorer is a file that defines one more `const struct explorer`
 * and a line in explorer_for (check/check.c).
 */
#ifndef PIRQSIM_EXPLORER_H
#define PIRQSIM_EXPLORER_H

#include "search/search.h"

struct explorer {
	const char *name;
	void (*run)(const pirqsim_model *model, const struct pirqsim_check_options *options,
	            struct pirqsim_result *result, void *data);
};

extern const struct explorer explorer_dfs, explorer_bfs, explorer_parallel_bfs, explorer_random;
/* In pirqsim-mpi only (MPI is no dependency of libpirqsim). */
extern const struct explorer explorer_mpi;

/* Tests: explore every reachable state without stopping at violations;
 * call `quiescent` with the canonical packed form of every quiescent state
 * reached, and collect the violated properties (bit per enum property). */
struct check_hooks {
	void (*quiescent)(const uint8_t *packed, unsigned size, void *data);
	void *data;
	unsigned violated_mask;
	bool audit;               /* check every step's footprint (por_audit) */
	uint64_t audit_failures;
};

/* The depth-first search on `threads` workers (dfs.c), with `memory` bytes
 * for the state stores; `hooks` (tests) needs one worker. */
void explore_run(const pirqsim_model *model, const struct pirqsim_check_options *options,
                 struct pirqsim_result *result, struct check_hooks *hooks, unsigned threads, uint64_t memory);

#endif
