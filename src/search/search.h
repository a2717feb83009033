/*
 * search.h - what every explorer shares (search.c): the result an explorer
 * fills, the clock, the memory budget, which actors can move, the
 * reductions the options leave on, and breadth-first node arrays.  The
 * explorers themselves and their interface are in explorer.h.
 */
#ifndef PIRQSIM_SEARCH_H
#define PIRQSIM_SEARCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "pirqsim.h"
#include "search/canon.h"
#include "model/next_state.h"
#include "versions/scenario.h"

/* Violations one result keeps (a replay collects every property along the
 * trail); more are counted in violations_omitted and said so. */
#define VIOLATIONS_MAX 64

struct distinct;

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
	/* All violations (pirqsim_check_options.all_violations): the kinds the
	 * search found, each with its trail and that trail's replay; NULL
	 * otherwise. */
	struct distinct *distinct;
	/* A replay of one kind's trail: the kind it was written for (`target`)
	 * and the first violation of that kind on the way (`shown`). */
	bool target_set, target_seen;
	struct violation target, shown;
	struct scenario_spec spec;
	/* Real guest code (src/real/explore.c): complete schedules the search
	 * covered, and the mean bytes of a stored state's snapshot. */
	double real_schedules;
	uint64_t real_snapshot_bytes;
	/* --differential found a difference: the limit says it, the trail
	 * (sealed like a violation's) reaches it. */
	bool divergence;
};

/*
 * The all-violations search: one entry per kind of violation
 * (violation_same_kind: property, cause, mechanism) with the shortest
 * trail found to a state that shows it.  `capacity` entries are reserved
 * before the search, so the hot path never allocates; the explorers look
 * a kind up without a lock (`count` is published once an entry is whole)
 * and take `lock` only to add a kind or to shorten its trail.  A kind
 * beyond the capacity sets `full`: the explorer ends inconclusive.
 */
struct distinct_entry {
	struct violation v;     /* as the search saw it: the representative's numbering, no text */
	unsigned trail_length;  /* steps; read without the lock, written under it */
	uint64_t node;          /* breadth-first: the node whose successor shows it ... */
	int actor;              /* ... by this actor (-1: the node itself); the trail comes after the search */
	uint8_t trail[PIRQSIM_TRAIL_MAX]; /* depth-first: the trail, written when found */
};
struct distinct {
	unsigned capacity, count;
	bool full;
	pthread_mutex_t lock;
	struct distinct_entry *entry;
	struct pirqsim_result **replay; /* after the search: each entry's trail replayed (trace/replay.c) */
};

#define DISTINCT_DEFAULT 64u   /* pirqsim_check_options.violations_max 0 */
#define DISTINCT_MAX 1024u     /* the largest violations_max */

/* A table of `capacity` kinds, or NULL (out of memory). */
struct distinct *distinct_new(unsigned capacity);
void distinct_free(struct distinct *d);
/* Every violation of `w` (check_all_kinds; at quiescence the quiescent
 * ones too) into `d`: for a kind not seen yet, or seen only with a trail
 * longer than `length`, `fill` writes the entry's trail (depth-first) or
 * node and actor (breadth-first) under the lock.  Returns false when a
 * new kind found no room (d->full). */
bool distinct_note(struct distinct *d, const struct world *w, const struct config *cfg, unsigned length,
                   void (*fill)(struct distinct_entry *e, void *data), void *data);
/* The limit an explorer reports when the table is full. */
void distinct_full_limit(const struct distinct *d, char *out, size_t size);

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
/*
 * Degraded on the way (explorer.degraded_in_search, check.c).  Degraded is
 * not a failure, so it must not stop the search.  An explorer that watches
 * for it notes the first quiescent state, with no failure, where a driver
 * runs degraded (check_degraded) and searches on; when the search ends with
 * the four failure properties holding, that state's trail is the result.
 * The same space, searched once: the search used to run twice.
 */
struct degraded_watch {
	bool on;              /* the model may degrade, and no other check looks for it */
	bool seen;
	struct violation v;
	unsigned trail_length;
	uint8_t trail[PIRQSIM_TRAIL_MAX];
};
/* On unless cfg checks vectors-granted as a stopping property already
 * (config.check_degraded) or the search collects every kind (r->distinct),
 * or no driver can end degraded (model_may_degrade). */
void degraded_watch_init(struct degraded_watch *d, const struct config *cfg, const struct pirqsim_result *r);
/* A search that ended with every failure property holding takes the
 * degraded state's trail, if it saw one: the result is then a violation of
 * vectors-granted (check.c replays it so). */
void degraded_watch_finish(const struct degraded_watch *d, struct pirqsim_result *r);
/* The trail to the successor by `actor` of node `index`, into r. */
void trail_from_nodes(struct pirqsim_result *r, const uint8_t *nodes, size_t node_size, uint64_t index, int actor);
/* The same into `trail`; returns its length. */
unsigned trail_from_nodes_into(uint8_t *trail, const uint8_t *nodes, size_t node_size, uint64_t index, int actor);
/* All violations, breadth-first: every entry's trail from its node and actor. */
void distinct_trails_from_nodes(struct distinct *d, const uint8_t *nodes, size_t node_size);
/* distinct_note's `fill` for the breadth-first searches: data is a
 * struct node_step. */
struct node_step {
	uint64_t node;
	int actor;
};
void distinct_fill_node(struct distinct_entry *e, void *data);

#endif
