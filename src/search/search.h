/*
 * check.h - internals of the explorers, for tests.
 */
#ifndef PIRQSIM_CHECK_H
#define PIRQSIM_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "pirqsim.h"
#include "search/canon.h"
#include "model/next_state.h"
#include "versions/scenario.h"

#define VIOLATIONS_MAX 16

struct pirqsim_result {
	enum pirqsim_verdict verdict;
	struct pirqsim_progress stats;
	char limit[160];
	unsigned violation_count;
	struct violation violation[VIOLATIONS_MAX];
	unsigned trail_length;
	uint8_t trail[PIRQSIM_TRAIL_MAX];
	uint64_t walk, walk_seed;   /* random walks: the walk that ended the run */
	struct scenario_spec spec;
};

double now_seconds(void);

/* Breadth-first node arrays (check.c, parallel.c): each node is this
 * header followed by a packed state. */
struct node_header {
	uint32_t parent;
	uint8_t actor;
};
/* The trail to the successor by `actor` of node `index`, into r. */
void trail_from_nodes(struct pirqsim_result *r, const uint8_t *nodes, size_t node_size, uint64_t index, int actor);
/* Parallel breadth-first search over `threads` threads (parallel.c). */
void parallel_bfs_run(const pirqsim_model *model, const struct pirqsim_check_options *options,
                      struct pirqsim_result *result, unsigned threads);

/* The REDUCE_* bits (canon.h) the options leave on. */
unsigned check_reductions(const struct pirqsim_check_options *options);

struct check_hooks;
/* The exhaustive depth-first search on `threads` workers (explore.c), with
 * `memory` bytes for the state stores; `hooks` (tests) needs one worker. */
void explore_run(const pirqsim_model *model, const struct pirqsim_check_options *options,
                 struct pirqsim_result *result, struct check_hooks *hooks, unsigned threads, uint64_t memory);

/* pirqsim_check with `explore` in place of the built-in explorers (the
 * MPI explorer of pirqsim-mpi, src/mpi_explorer.c): it fills the result's
 * verdict, statistics, limit and, on a violation, the trail to the
 * violating state; the trail is then run on to quiescence, annotated and
 * sealed as pirqsim_check does. */
typedef void (*check_explorer_fn)(const pirqsim_model *model, const struct pirqsim_check_options *options,
                                  struct pirqsim_result *result, void *data);
struct pirqsim_result *check_with_explorer(const pirqsim_model *model, const struct pirqsim_check_options *options,
                                           check_explorer_fn explore, void *data);

/* Explore every reachable state without stopping at violations: call
 * `quiescent` with the canonical packed form of every quiescent state
 * reached, and collect the violated properties (bit per enum property). */
struct check_hooks {
	void (*quiescent)(const uint8_t *packed, unsigned size, void *data);
	void *data;
	unsigned violated_mask;
	bool audit;               /* check every step's footprint (por_audit) */
	uint64_t audit_failures;
};

/* Returns 0, or -1 if the search did not finish (a bound).  `reductions`:
 * REDUCE_* bits (canon.h). */
int check_explore_all(const pirqsim_model *model, unsigned reductions, struct check_hooks *hooks,
                      uint64_t *states_stored);

#endif
