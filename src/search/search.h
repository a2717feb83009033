/*
 * search.h - what every explorer shares (search.c): the result an explorer
 * fills, the clock, the memory budget, which actors can move, the
 * reductions the options leave on, and breadth-first node arrays.  The
 * explorers themselves and their interface are in explorer.h.
 */
#ifndef PIRQSIM_SEARCH_H
#define PIRQSIM_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "pirqsim.h"
#include "search/canon.h"
#include "model/next_state.h"
#include "versions/scenario.h"

/* Violations one result keeps (a replay collects every property along the
 * trail); more are counted in violations_omitted and said so. */
#define VIOLATIONS_MAX 64

/* pirqsim_result (pirqsim.h): an explorer fills the verdict, statistics,
 * limit and trail; the replay (trace/replay.c) adds the violations seen
 * along the trail and the accessors read it. */
struct pirqsim_result {
	enum pirqsim_verdict verdict;
	struct pirqsim_progress stats;
	char limit[512];
	/* What the explorer saw at the end of its trail, where it says (dfs,
	 * bfs, random walks): replay_finish holds the replay against it. */
	bool search_saw;
	struct violation search_violation;
	unsigned violation_count;
	unsigned violations_omitted;
	struct violation violation[VIOLATIONS_MAX];
	unsigned trail_length;
	uint8_t trail[PIRQSIM_TRAIL_MAX];
	uint64_t walk, walk_seed;   /* random walks: the walk that ended the run */
	struct scenario_spec spec;
};

/* A zeroed result for `model` (its spec copied in), or NULL. */
struct pirqsim_result *search_result_new(const pirqsim_model *model);

/* A stop was requested (pirqsim_check_options.stop): explorers ask where
 * they already poll their time bound, and end with SEARCH_INTERRUPTED. */
static inline bool search_interrupted(const struct pirqsim_check_options *o)
{
	return o->stop && *o->stop;
}
#define SEARCH_INTERRUPTED "interrupted"

/* Monotonic seconds. */
double now_seconds(void);
/* Default store budget: half of the machine's memory (at least 64 MiB). */
uint64_t search_default_memory(void);

/* Can any actor move?  (Every explorer asks it of every new state.) */
static inline bool any_enabled(const struct world *w, const struct config *cfg)
{
	for (unsigned a = 0; a < cfg->actor_count; a++)
		if (actor_enabled(w, a))
			return true;
	return false;
}

/* The lowest actor that can move, or -1. */
static inline int lowest_enabled(const struct world *w, const struct config *cfg)
{
	for (unsigned a = 0; a < cfg->actor_count; a++)
		if (actor_enabled(w, a))
			return (int)a;
	return -1;
}

/* The REDUCE_* bits (canon.h) the options leave on. */
unsigned search_reductions(const struct pirqsim_check_options *options);

/* Breadth-first node arrays (bfs.c, parallel.c): each node is this
 * header followed by a packed state. */
struct node_header {
	uint32_t parent;
	uint8_t actor;
};
/* The trail to the successor by `actor` of node `index`, into r. */
void trail_from_nodes(struct pirqsim_result *r, const uint8_t *nodes, size_t node_size, uint64_t index, int actor);

#endif
