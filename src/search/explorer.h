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
	/* It can search on past violations, collecting every kind into
	 * result->distinct (search.h) with a trail each; the facade refuses
	 * options.all_violations for an explorer that cannot. */
	bool all_violations;
	/* It notes a degraded state on the way and searches on (search.h
	 * degraded_watch); the facade runs the others twice, the second time
	 * on a model that stops at a degraded state. */
	bool degraded_in_search;
};

extern const struct explorer explorer_dfs, explorer_bfs, explorer_parallel_bfs, explorer_random;
/* In pirqsim-mpi only (MPI is no dependency of libpirqsim). */
extern const struct explorer explorer_mpi;

/* The audits of a search with hooks (dfs.c: bookkeeping in por.c,
 * renumber.c and canon.c; first principles in audit.c). */
enum check_audit {
	CHECK_AUDIT_FOOTPRINT = 0, /* writes inside the footprint, footprint inside the future (por_audit) */
	CHECK_AUDIT_FREES,         /* no step frees a pirq the renumbering fixed (renumber_audit) */
	CHECK_AUDIT_DEAD,          /* dead shadows are read by no rule (canon_audit_dead) */
	CHECK_AUDIT_SYMMETRY,      /* permuted devices, same canonical successors (audit_symmetry) */
	CHECK_AUDIT_RENUMBER,      /* renamed pirqs, same canonical successors (audit_renumber) */
	CHECK_AUDIT_READS,         /* no step reads outside its footprint (audit_reads) */
	CHECK_AUDIT_COMMUTATION,   /* the ample step commutes along the others' walks (audit_commutation) */
	CHECK_AUDIT_POOL,          /* renamed clean pirqs, same successors up to renaming (audit_pool) */
	CHECK_AUDIT_COUNT
};

/* Tests: explore every reachable state without stopping at violations;
 * call `quiescent` with the canonical packed form of every quiescent state
 * reached, and collect the violated properties (bit per enum property: the
 * first violation of each state) and every kind of violation
 * (violation_same_kind; the first CHECK_KINDS_MAX, `kinds_over` past them).
 * With `audit`, run every audit on every expanded state. */
#define CHECK_KINDS_MAX 64
struct check_hooks {
	void (*quiescent)(const uint8_t *packed, unsigned size, void *data);
	void *data;
	unsigned violated_mask;
	struct violation kind[CHECK_KINDS_MAX];
	unsigned kind_count;
	bool kinds_over;
	bool audit;
	uint64_t audit_failures;  /* states x audits that flagged */
	unsigned audit_flagged;   /* bit per enum check_audit that flagged */
};

/* The depth-first search on `threads` workers (dfs.c), with `memory` bytes
 * for the state stores; `hooks` (tests) needs one worker. */
void explore_run(const pirqsim_model *model, const struct pirqsim_check_options *options,
                 struct pirqsim_result *result, struct check_hooks *hooks, unsigned threads, uint64_t memory);

#endif
