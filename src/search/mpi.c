/*
 * mpi.c - breadth-first search distributed over MPI ranks, with
 * the states partitioned by hash (the scheme of Stern and Dill's parallel
 * Murphi, DiVinE and LTSmin): rank k owns the states whose owner hash is k
 * modulo the number of ranks, and only the owner stores a state.
 *
 * The search is level-synchronous and, by construction, the sequential
 * breadth-first search of check.c (bfs_run) spread over the ranks: the same
 * states stored, the same transitions and matches, the same depth, the
 * same representative of every state (the first one found) and so the same
 * counterexample, whatever the number of ranks.
 *
 *  - Every state of the search has a global position: its index in
 *    bfs_run's queue (the initial state is 0).  Each rank keeps the states
 *    it owns of the current level, in the order of their positions, as
 *    their *actual* packed worlds (under symmetry reduction the successors
 *    are computed from the world first reached, as bfs_run does; the store
 *    holds the canonical form).
 *  - A transition's key is (position of its parent, actor): bfs_run makes
 *    its transitions in the order of their keys, and a new state's first
 *    transition (the least key) decides its representative, its parent and
 *    its position.
 *  - A level is expanded in rounds, each the parents whose positions fall
 *    in one range [lo, end): every rank proposes how far it can go with at
 *    most `parents_per_round` of its own parents (which bounds its send
 *    buffer), and the round ends at the least proposal.  Each rank expands
 *    its parents of the round and sends every successor (key, parent's
 *    local index, canonical packed state, actual packed state) to the
 *    state's owner, in one MPI_Alltoallv of all ranks.  The owner inserts
 *    what it receives in key order into its store (store_insert): since
 *    every key of an earlier round or level is smaller, the first insertion
 *    of a state is its least key, as in bfs_run.  New states are checked
 *    there (check_state, and check_quiescent when no actor can move).
 *  - Positions of the round's new states: each owner marks, for every
 *    parent of the round, the actors whose successor was new (a bit mask a
 *    parent); an MPI_Allreduce(BOR) of these masks over the round's range
 *    gives every rank the prefix counts, so a new state's position is the
 *    number of new states with a smaller key.  (This is the price of
 *    matching bfs_run exactly: 4 bytes a parent for every rank, against
 *    some 500 bytes a transition for the states themselves.)
 *  - Violations: after each round the least violating key over all ranks
 *    (MPI_Allreduce MIN) is the one bfs_run stops at; the counts are taken
 *    up to it (the states and transitions with a key up to it, summed over
 *    the ranks), and its trail is read back by following parent references
 *    (rank, local index) across the ranks, one small MPI_Bcast from the
 *    rank that holds each node, one per step.
 *  - The search ends when a level adds no state, or at a bound (the depth
 *    and time bounds are checked at the start of each level, as bfs_run
 *    does; a rank's full store stops every rank).
 *
 * Owner hash: XXH3-64 of the canonical packed state, seeded, modulo the
 * number of ranks.  The seed makes it independent of the store's own
 * (unseeded) XXH3, whose top bits choose the slot and whose value is the
 * fingerprint under --hash-compact: with the store's hash itself every
 * rank's states would share its residue, which the store does not expect.
 *
 * Reduced search (the default; --bfs asks for the above): every rank
 * expands the canonical representative of each state with the partial-
 * order reduction, as the depth-first search does (canon.h), so the
 * successors of a state are a function of the state alone and the states,
 * matches and transitions are those of `pirqsim check` on one thread or
 * many; only the depth differs (here the number of levels, the deepest
 * state's distance from the initial one in the reduced graph).  Its trail
 * is read back as above and mapped from the representatives' numbering
 * of the devices to the real run (canon_trail_to_real).
 *
 * Memory: each rank has options->memory_max, half for its store and half
 * for its levels and its parent references (12 bytes a stored state), as
 * bfs_run splits its budget.  Buffers of a round: at most 32 MiB of
 * successors sent by a rank (parents_per_round); what it receives is
 * grown as needed.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xxhash.h>

#include "search/canon.h"
#include "search/explorer.h"
#include "model/next_state.h"
#include "search/por.h"
#include "search/store.h"
#include "search/symmetry.h"

#define OWNER_SEED 0x70697271u  /* "pirq" */
#define SEND_BUDGET (32u << 20) /* bytes of successors a rank sends in one round */
#define NO_KEY UINT64_MAX
#define ROOT UINT32_MAX         /* parent rank of the initial state */
#define ACTOR_BITS 8

/* A parent's new successors: a mask of mask_words (1 .. MASK_WORDS_MAX)
 * 32-bit words, as many as the run's actors need. */
#define MASK_WORDS_MAX ((PIRQSIM_ACTORS_MAX + 31) / 32)
_Static_assert(PIRQSIM_ACTORS_MAX <= (1 << ACTOR_BITS), "a key keeps the actor in its low bits");

/* Parent reference of a stored state: where its parent is and which actor
 * led from it. */
struct tree_node {
	uint32_t parent_index;
	uint32_t parent_rank;   /* ROOT for the initial state */
	uint32_t actor;
};

/* A successor on the wire: this header, the canonical packed state, then
 * (under symmetry reduction) the actual packed state. */
struct wire {
	uint64_t key;           /* parent's position << ACTOR_BITS | actor */
	uint32_t parent_index;  /* the parent's index in its rank's tree */
	uint32_t pad;
};

/* A received successor, sorted by key. */
struct arrival {
	uint64_t key;
	uint32_t index, source;
};

struct search {
	MPI_Comm comm;
	int rank, ranks;
	MPI_Datatype wire_type;
	const struct config *cfg;
	const struct pirqsim_check_options *o;
	struct pirqsim_result *r;
	bool symmetry;                  /* breadth-first: store canonical forms, expand actual states */
	uint8_t class_of[PIRQSIM_DEVICES_MAX];
	bool reduced;                   /* the reduced search: expand canonical states (canon.h) */
	struct canon canon;
	bool por_on;
	struct por por;
	struct world w, child, canonical;
	unsigned state_size;
	size_t node_size, wire_size;    /* level node: position + actual packed state */
	uint8_t *base;
	struct store store;
	/* Every state this rank stored, in order: its parent reference. */
	struct tree_node *tree;
	uint64_t tree_count, capacity;
	/* The level being expanded and the next one (this rank's states). */
	uint8_t *current, *next;
	uint64_t current_count, next_count, current_tree_base;
	/* One round. */
	uint8_t *made, *sent;           /* successors in the order made; grouped by owner */
	int *owner_of;
	uint64_t made_count, made_max;
	uint8_t *received;
	uint64_t received_max;
	struct arrival *arrivals;
	uint64_t arrivals_max;
	uint32_t *mask;                 /* mask_words a parent */
	unsigned mask_words;
	uint64_t *prefix;
	uint64_t span_max;
	int *send_counts, *send_displs, *recv_counts, *recv_displs;
	unsigned parents_per_round;
	/* This rank's counts and what stopped it. */
	uint64_t transitions, matched;
	uint64_t violation_key;         /* least violating key this round, NO_KEY */
	struct tree_node violation;     /* its parent and actor */
	bool full, model_error;
	char unsupported[160];
	double start;
	unsigned depth;
};

static void *map_lazily(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static uint64_t position_of(const uint8_t *node) { uint64_t p; memcpy(&p, node, 8); return p; }
static void set_position(uint8_t *node, uint64_t p) { memcpy(node, &p, 8); }

static bool violates(const struct world *w, const struct config *cfg)
{
	struct ctx c = {.w = (struct world *)w, .cfg = cfg, .actor = -1};
	return check_state(&c, NULL) || (!any_enabled(w, cfg) && check_quiescent(&c, NULL));
}

static int owner_of(const struct search *s, const uint8_t *canonical)
{
	if (s->ranks == 1)
		return 0;
	return (int)(XXH3_64bits_withSeed(canonical, s->state_size, OWNER_SEED) % (uint64_t)s->ranks);
}

static void limit(struct search *s, enum pirqsim_verdict verdict, const char *why)
{
	s->r->verdict = verdict;
	snprintf(s->r->limit, sizeof(s->r->limit), "%s", why);
}

/* Grow *buffer to hold `count` items of `size` bytes; false when out of memory. */
static bool reserve(void **buffer, uint64_t *have, uint64_t count, size_t size)
{
	if (count <= *have)
		return true;
	uint64_t want = count > 2 * *have ? count : 2 * *have;
	void *p = realloc(*buffer, want * size);
	if (!p)
		return false;
	*buffer = p;
	*have = want;
	return true;
}

/* ---- one round ----------------------------------------------------------- */

/* The successor in s->child by actor a of the parent at `index` (position
 * `position`) goes into `made`. */
static void emit(struct search *s, uint64_t index, uint64_t position, unsigned a)
{
	s->transitions++;
	uint8_t *out = s->made + s->made_count * s->wire_size;
	struct wire header = {.key = position << ACTOR_BITS | a, .parent_index = (uint32_t)(s->current_tree_base + index)};
	memcpy(out, &header, sizeof(header));
	uint8_t *canonical = out + sizeof(header);
	const struct world *stored = &s->child;
	if (s->reduced)
		canon_apply(&s->canon, &s->child, NULL);
	else if (s->symmetry)
		stored = symmetry_canonical_view(&s->child, s->cfg, s->class_of, &s->canonical);
	world_pack(stored, s->cfg, canonical);
	if (s->symmetry)
		world_pack(&s->child, s->cfg, canonical + s->state_size);
	s->owner_of[s->made_count++] = owner_of(s, canonical);
}

/* Expand this rank's parent at `index` of the current level into `made`:
 * every enabled actor, or the reduced search's one (por.h). */
static void expand(struct search *s, uint64_t index)
{
	const uint8_t *node = s->current + index * s->node_size;
	uint64_t position = position_of(node);
	world_unpack(&s->w, s->cfg, node + 8);
	int ample = s->por_on ? por_ample(&s->por, &s->w, &s->child) : -1;
	if (ample >= 0) {
		emit(s, index, position, (unsigned)ample); /* its successor is in s->child */
		return;
	}
	for (unsigned a = 0; a < s->cfg->actor_count; a++) {
		if (!actor_enabled(&s->w, a))
			continue;
		world_copy(&s->child, &s->w, s->cfg);
		struct ctx c = {.w = &s->child, .cfg = s->cfg, .actor = (int)a};
		if (step(&c, a) != 0) {
			if (!s->model_error)
				snprintf(s->unsupported, sizeof(s->unsupported), "model does not cover: %s", c.unsupported);
			s->model_error = true;
			return;
		}
		emit(s, index, position, a);
	}
}

/* Group the round's successors by owner and exchange them; returns the
 * number received, or -1 when out of memory. */
static int64_t exchange(struct search *s)
{
	for (int k = 0; k < s->ranks; k++)
		s->send_counts[k] = 0;
	for (uint64_t i = 0; i < s->made_count; i++)
		s->send_counts[s->owner_of[i]]++;
	int offset = 0;
	for (int k = 0; k < s->ranks; k++) {
		s->send_displs[k] = offset;
		offset += s->send_counts[k];
	}
	for (uint64_t i = 0; i < s->made_count; i++) /* stable: each owner's part stays in key order */
		memcpy(s->sent + (size_t)s->send_displs[s->owner_of[i]]++ * s->wire_size, s->made + i * s->wire_size,
		       s->wire_size);
	for (int k = 0; k < s->ranks; k++)
		s->send_displs[k] -= s->send_counts[k];
	MPI_Alltoall(s->send_counts, 1, MPI_INT, s->recv_counts, 1, MPI_INT, s->comm);
	uint64_t total = 0;
	for (int k = 0; k < s->ranks; k++) {
		s->recv_displs[k] = (int)total;
		total += (uint64_t)s->recv_counts[k];
	}
	/* Every rank takes part in the exchange even when it cannot hold what
	 * it receives (then it receives nothing and reports a full store). */
	int ok = total < (uint64_t)INT32_MAX && reserve((void **)&s->received, &s->received_max, total, s->wire_size) &&
	         reserve((void **)&s->arrivals, &s->arrivals_max, total, sizeof(struct arrival));
	if (!ok)
		for (int k = 0; k < s->ranks; k++)
			s->recv_counts[k] = s->recv_displs[k] = 0;
	/* Senders must not send what a receiver refused: agree first. */
	int all_ok = ok;
	MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, s->comm);
	if (!all_ok)
		return -1;
	MPI_Alltoallv(s->sent, s->send_counts, s->send_displs, s->wire_type, s->received, s->recv_counts,
	              s->recv_displs, s->wire_type, s->comm);
	return (int64_t)total;
}

static int by_key(const void *a, const void *b)
{
	const struct arrival *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Insert what arrived, in key order: new states go to the next level (their
 * position holds their key until the round's positions are known). */
static void insert_arrivals(struct search *s, uint64_t total)
{
	for (int k = 0; k < s->ranks; k++)
		for (int i = 0; i < s->recv_counts[k]; i++) {
			uint64_t index = (uint64_t)s->recv_displs[k] + (uint64_t)i;
			struct wire header;
			memcpy(&header, s->received + index * s->wire_size, sizeof(header));
			s->arrivals[index] = (struct arrival){.key = header.key, .index = (uint32_t)index, .source = (uint32_t)k};
		}
	if (total > 0)
		qsort(s->arrivals, total, sizeof(*s->arrivals), by_key);
	for (uint64_t i = 0; i < total; i++) {
		const uint8_t *wire = s->received + (uint64_t)s->arrivals[i].index * s->wire_size;
		struct wire header;
		memcpy(&header, wire, sizeof(header));
		const uint8_t *canonical = wire + sizeof(header);
		const uint8_t *actual = s->symmetry ? canonical + s->state_size : canonical;
		enum store_result result = store_insert(&s->store, canonical);
		if (result == STORE_SEEN) {
			s->matched++;
			continue;
		}
		if (result == STORE_FULL || s->tree_count >= s->capacity) {
			s->full = true;
			return;
		}
		struct tree_node parent = {.parent_index = header.parent_index, .parent_rank = s->arrivals[i].source,
		                           .actor = (uint32_t)(header.key & ((1u << ACTOR_BITS) - 1))};
		s->tree[s->tree_count++] = parent;
		world_unpack(&s->w, s->cfg, actual);
		if (violates(&s->w, s->cfg)) {
			s->violation_key = header.key; /* the least of this rank: the rest cannot matter */
			s->violation = parent;
			return;
		}
		uint8_t *node = s->next + s->next_count++ * s->node_size;
		set_position(node, header.key);
		memcpy(node + 8, actual, s->state_size);
	}
}

/* The positions of the round's new states (next[first..]), from every
 * rank's masks over the parents [lo, end); returns how many there are in
 * all.  `base` is the position of the round's first new state. */
static int64_t place(struct search *s, uint64_t first, uint64_t lo, uint64_t end, uint64_t base)
{
	uint64_t span = end - lo;
	unsigned words = s->mask_words;
	if (!reserve((void **)&s->mask, &s->span_max, span, words * sizeof(*s->mask)))
		return -1;
	uint64_t *prefix = realloc(s->prefix, (span + 1) * sizeof(*prefix));
	if (!prefix)
		return -1;
	s->prefix = prefix;
	if (span > 0) /* span is the same on every rank */
		memset(s->mask, 0, span * words * sizeof(*s->mask));
	for (uint64_t i = first; i < s->next_count; i++) {
		uint64_t key = position_of(s->next + i * s->node_size), parent = key >> ACTOR_BITS;
		if (parent < lo || parent >= end)
			return -1; /* cannot happen: a round's parents are in [lo, end) */
		unsigned actor = (unsigned)(key & ((1u << ACTOR_BITS) - 1));
		s->mask[(parent - lo) * words + actor / 32] |= 1u << (actor % 32);
	}
	for (uint64_t done = 0; done < span * words;) { /* counts are ints */
		int n = span * words - done > (1u << 30) ? 1 << 30 : (int)(span * words - done);
		MPI_Allreduce(MPI_IN_PLACE, s->mask + done, n, MPI_UINT32_T, MPI_BOR, s->comm);
		done += (uint64_t)n;
	}
	prefix[0] = 0;
	for (uint64_t i = 0; i < span; i++) {
		uint64_t count = 0;
		for (unsigned k = 0; k < words; k++)
			count += (uint64_t)__builtin_popcount(s->mask[i * words + k]);
		prefix[i + 1] = prefix[i] + count;
	}
	for (uint64_t i = first; i < s->next_count; i++) {
		uint8_t *node = s->next + i * s->node_size;
		uint64_t key = position_of(node), parent = (key >> ACTOR_BITS) - lo;
		unsigned actor = (unsigned)(key & ((1u << ACTOR_BITS) - 1));
		const uint32_t *m = s->mask + parent * words;
		uint64_t before = 0;
		for (unsigned k = 0; k < actor / 32; k++)
			before += (uint64_t)__builtin_popcount(m[k]);
		before += (uint64_t)__builtin_popcount(m[actor / 32] & ((1u << (actor % 32)) - 1));
		set_position(node, base + prefix[parent] + before);
	}
	return (int64_t)prefix[span];
}

/* ---- the trail ------------------------------------------------------------ */

/* Follow parent references from the violating transition (known to rank
 * `holder`) back to the initial state, one broadcast a step. */
static void read_trail(struct search *s, int holder)
{
	uint8_t reversed[PIRQSIM_TRAIL_MAX + 1];
	unsigned length = 0;
	struct tree_node at = s->violation; /* valid on `holder` */
	MPI_Bcast(&at, 3, MPI_UINT32_T, holder, s->comm);
	reversed[length++] = (uint8_t)at.actor;
	while (length <= PIRQSIM_TRAIL_MAX) {
		struct tree_node up = {0};
		if (s->rank == (int)at.parent_rank)
			up = s->tree[at.parent_index];
		MPI_Bcast(&up, 3, MPI_UINT32_T, (int)at.parent_rank, s->comm);
		if (up.parent_rank == ROOT)
			break;
		reversed[length++] = (uint8_t)up.actor;
		at = up;
	}
	if (length > PIRQSIM_TRAIL_MAX)
		length = PIRQSIM_TRAIL_MAX; /* cannot happen: the depth bound is below it */
	s->r->trail_length = length;
	for (unsigned i = 0; i < length; i++)
		s->r->trail[i] = reversed[length - 1 - i];
	s->r->verdict = PIRQSIM_VIOLATED;
	/* Every rank maps it the same way. */
	if (s->reduced && canon_trail_to_real(&s->canon, s->r->trail, length, s->r->trail) != 0)
		limit(s, PIRQSIM_INPUT_ERROR, "model error: the search's trail does not replay");
}

/* ---- the search ----------------------------------------------------------- */

struct totals {
	uint64_t stored, transitions, matched; /* global */
};

/* Returns true when the search stopped in this round (violation, full
 * store, model error); the counts of this rank are then final. */
static bool round_end(struct search *s, uint64_t round_first, uint64_t stored_before, uint64_t transitions_before)
{
	uint64_t local[3] = {s->violation_key, s->model_error ? (uint64_t)s->rank : NO_KEY, s->full ? 0 : 1};
	uint64_t global[3];
	MPI_Allreduce(local, global, 3, MPI_UINT64_T, MPI_MIN, s->comm);
	if (global[1] != NO_KEY) {
		MPI_Bcast(s->unsupported, sizeof(s->unsupported), MPI_CHAR, (int)global[1], s->comm);
		limit(s, PIRQSIM_INPUT_ERROR, s->unsupported);
		return true;
	}
	if (global[0] != NO_KEY) {
		/* bfs_run stops at key v: count what it counted. */
		uint64_t v = global[0], transitions = transitions_before, stored = stored_before;
		for (uint64_t i = 0; i < s->made_count; i++) {
			struct wire header;
			memcpy(&header, s->made + i * s->wire_size, sizeof(header));
			transitions += header.key <= v;
		}
		for (uint64_t i = round_first; i < s->next_count; i++)
			stored += position_of(s->next + i * s->node_size) <= v;
		stored += s->violation_key == v;
		s->transitions = transitions;
		s->store.count = stored;
		int mine = s->violation_key == v ? s->rank : s->ranks, holder = 0;
		MPI_Allreduce(&mine, &holder, 1, MPI_INT, MPI_MIN, s->comm);
		read_trail(s, holder);
		return true;
	}
	if (global[2] == 0) {
		limit(s, PIRQSIM_INCONCLUSIVE, "state store full (raise --memory-max)");
		return true;
	}
	return false;
}

/* One level: returns the number of states it added (all ranks), or -1 when
 * the search stopped. */
static int64_t expand_level(struct search *s, uint64_t level_begin, uint64_t level_size)
{
	uint64_t next_begin = level_begin + level_size, added = 0, lo = level_begin, cursor = 0;
	s->next_count = 0;
	for (;;) {
		uint64_t proposal = cursor + s->parents_per_round < s->current_count
		                        ? position_of(s->current + (cursor + s->parents_per_round) * s->node_size)
		                        : NO_KEY;
		uint64_t end;
		MPI_Allreduce(&proposal, &end, 1, MPI_UINT64_T, MPI_MIN, s->comm);
		uint64_t stored_before = s->store.count, transitions_before = s->transitions, first = s->next_count;
		s->made_count = 0;
		s->violation_key = NO_KEY;
		while (cursor < s->current_count && position_of(s->current + cursor * s->node_size) < end &&
		       !s->model_error)
			expand(s, cursor++);
		int64_t received = exchange(s);
		if (received < 0)
			s->full = true;
		else
			insert_arrivals(s, (uint64_t)received);
		if (round_end(s, first, stored_before, transitions_before))
			return -1;
		uint64_t span_end = end < next_begin ? end : next_begin;
		int64_t placed = place(s, first, lo, span_end, next_begin + added);
		int ok = placed >= 0, all_ok = ok;
		MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, s->comm);
		if (!all_ok) {
			limit(s, PIRQSIM_INCONCLUSIVE, "out of memory placing a level (raise --memory-max or add ranks)");
			return -1;
		}
		added += (uint64_t)placed;
		if (end == NO_KEY)
			return (int64_t)added;
		lo = end;
	}
}

static void run(struct search *s, const struct world *w0)
{
	unsigned depth_bound = s->o->depth_max && s->o->depth_max < PIRQSIM_TRAIL_MAX ? s->o->depth_max
	                                                                               : PIRQSIM_TRAIL_MAX;
	/* The initial state: position 0, on its owner. */
	const struct world *stored = s->symmetry ? symmetry_canonical_view(w0, s->cfg, s->class_of, &s->canonical) : w0;
	if (s->reduced) {
		world_copy(&s->canonical, w0, s->cfg);
		canon_apply(&s->canon, &s->canonical, NULL);
		w0 = stored = &s->canonical;
	}
	uint8_t *packed = s->made; /* scratch */
	world_pack(stored, s->cfg, packed);
	int violated = 0, any_violated = 0;
	if (owner_of(s, packed) == s->rank) {
		store_insert(&s->store, packed);
		s->tree[s->tree_count++] = (struct tree_node){.parent_rank = ROOT};
		set_position(s->current, 0);
		world_pack(w0, s->cfg, s->current + 8);
		s->current_count = 1;
		violated = violates(w0, s->cfg);
	}
	MPI_Allreduce(&violated, &any_violated, 1, MPI_INT, MPI_MAX, s->comm);
	s->r->verdict = PIRQSIM_HOLDS;
	if (any_violated) {
		s->r->verdict = PIRQSIM_VIOLATED;
		s->r->trail_length = 0;
		return;
	}
	uint64_t level_begin = 0, level_size = 1;
	for (s->depth = 0;; s->depth++) {
		/* A new level: the bounds, and the progress line. */
		double t = now_seconds() - s->start;
		uint64_t local[4] = {s->o->time_max > 0 && t > s->o->time_max, s->transitions, s->matched,
		                     search_interrupted(s->o)}, global[4];
		MPI_Allreduce(local, global, 4, MPI_UINT64_T, MPI_SUM, s->comm);
		if (s->o->progress && s->rank == 0) {
			struct pirqsim_progress p = {.states_stored = level_begin + level_size, .states_matched = global[2],
			                             .transitions = global[1], .depth = s->depth, .depth_max = s->depth,
			                             .seconds = t, .memory_bytes = s->store.arena_used + 16 * s->store.count};
			s->o->progress(&p, s->o->progress_data);
		}
		if (s->depth > 0 && s->depth >= depth_bound) {
			limit(s, PIRQSIM_INCONCLUSIVE, "depth bound reached (raise --depth-max)");
			return;
		}
		if (s->depth > 0 && global[0]) {
			limit(s, PIRQSIM_INCONCLUSIVE, "time bound reached (raise --time-max)");
			return;
		}
		if (global[3]) { /* a rank was interrupted: all stop at this level barrier */
			limit(s, PIRQSIM_INCONCLUSIVE, SEARCH_INTERRUPTED);
			return;
		}
		s->current_tree_base = s->tree_count - s->current_count;
		int64_t added = expand_level(s, level_begin, level_size);
		if (added <= 0)
			return; /* as bfs_run: the depth is the deepest level expanded */
		uint8_t *swap = s->current;
		s->current = s->next;
		s->next = swap;
		s->current_count = s->next_count;
		level_begin += level_size;
		level_size = (uint64_t)added;
	}
}

static bool setup(struct search *s, uint64_t memory)
{
	s->state_size = world_packed_size(s->cfg);
	s->node_size = (8 + s->state_size + 7) & ~(size_t)7;
	s->wire_size = (sizeof(struct wire) + (s->symmetry ? 2 : 1) * s->state_size + 7) & ~(size_t)7;
	s->capacity = memory / 2 / (2 * s->node_size + sizeof(struct tree_node));
	if (s->capacity > UINT32_MAX)
		s->capacity = UINT32_MAX;
	uint64_t per_parent = (uint64_t)s->cfg->actor_count * s->wire_size;
	s->parents_per_round = per_parent && SEND_BUDGET / per_parent > 0 ? (unsigned)(SEND_BUDGET / per_parent) : 1;
	s->made_max = (uint64_t)s->parents_per_round * (s->cfg->actor_count ? s->cfg->actor_count : 1);
	if (s->made_max < 1)
		s->made_max = 1;
	s->base = malloc(s->state_size);
	s->tree = map_lazily(s->capacity * sizeof(struct tree_node));
	s->current = map_lazily(s->capacity * s->node_size);
	s->next = map_lazily(s->capacity * s->node_size);
	s->made = malloc(s->made_max * s->wire_size);
	s->sent = malloc(s->made_max * s->wire_size);
	s->owner_of = malloc(s->made_max * sizeof(int));
	s->send_counts = calloc((size_t)s->ranks, sizeof(int));
	s->send_displs = calloc((size_t)s->ranks, sizeof(int));
	s->recv_counts = calloc((size_t)s->ranks, sizeof(int));
	s->recv_displs = calloc((size_t)s->ranks, sizeof(int));
	if (!s->base || !s->tree || !s->current || !s->next || !s->made || !s->sent || !s->owner_of || !s->send_counts ||
	    !s->send_displs || !s->recv_counts || !s->recv_displs || s->capacity < 2)
		return false;
	struct world w0;
	world_init(&w0, s->cfg);
	world_pack(&w0, s->cfg, s->base);
	if (store_init(&s->store, s->state_size, s->base, memory / 2, s->o->hash_compact) != 0) {
		s->store.slot = NULL;
		return false;
	}
	return MPI_Type_contiguous((int)s->wire_size, MPI_BYTE, &s->wire_type) == MPI_SUCCESS &&
	       MPI_Type_commit(&s->wire_type) == MPI_SUCCESS;
}

static void teardown(struct search *s)
{
	if (s->wire_type != MPI_DATATYPE_NULL)
		MPI_Type_free(&s->wire_type);
	if (s->store.slot)
		store_free(&s->store);
	if (s->tree)
		munmap(s->tree, s->capacity * sizeof(struct tree_node));
	if (s->current)
		munmap(s->current, s->capacity * s->node_size);
	if (s->next)
		munmap(s->next, s->capacity * s->node_size);
	free(s->base);
	free(s->made);
	free(s->sent);
	free(s->owner_of);
	free(s->received);
	free(s->arrivals);
	free(s->mask);
	free(s->prefix);
	free(s->send_counts);
	free(s->send_displs);
	free(s->recv_counts);
	free(s->recv_displs);
}

static void explore(const pirqsim_model *model, const struct pirqsim_check_options *o, struct pirqsim_result *r,
                    void *data)
{
	(void)data;
	struct search *s = calloc(1, sizeof(*s));
	int ok = s != NULL, all_ok = 0;
	if (s) {
		*s = (struct search){.comm = MPI_COMM_WORLD, .cfg = model_config(model), .o = o, .r = r,
		                     .wire_type = MPI_DATATYPE_NULL, .violation_key = NO_KEY};
		s->mask_words = (s->cfg->actor_count + 31) / 32;
		MPI_Comm_rank(s->comm, &s->rank);
		MPI_Comm_size(s->comm, &s->ranks);
		world_init(&s->w, s->cfg);
		world_init(&s->child, s->cfg);
		world_init(&s->canonical, s->cfg);
		s->reduced = o->search != PIRQSIM_SEARCH_BFS;
		s->symmetry = !s->reduced && !o->no_symmetry && symmetry_classes(s->cfg, s->class_of);
		if (s->reduced) {
			canon_init(&s->canon, s->cfg, search_reductions(o)); /* REDUCE_POR is not canon's */
			s->por_on = !o->no_por && por_init(&s->por, s->cfg);
		}
		s->start = now_seconds();
		ok = setup(s, o->memory_max ? o->memory_max : search_default_memory());
	}
	MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
	if (!all_ok) {
		r->verdict = PIRQSIM_INCONCLUSIVE;
		snprintf(r->limit, sizeof(r->limit), "out of memory allocating the state store");
	} else {
		struct world w0;
		world_init(&w0, s->cfg);
		run(s, &w0);
		/* The totals: every count is a sum over the ranks.  After a
		 * violation, bfs_run's matched count is what its transitions
		 * did not store. */
		uint64_t local[3] = {s->store.count, s->transitions, s->matched}, global[3];
		MPI_Allreduce(local, global, 3, MPI_UINT64_T, MPI_SUM, s->comm);
		double probability = o->hash_compact ? store_omission_probability(&s->store) : 0, omission = 0;
		double bytes = store_bytes_per_state(&s->store) * (double)s->store.count, memory_bytes = 0;
		MPI_Allreduce(&probability, &omission, 1, MPI_DOUBLE, MPI_SUM, s->comm);
		MPI_Allreduce(&bytes, &memory_bytes, 1, MPI_DOUBLE, MPI_SUM, s->comm);
		r->stats.states_stored = global[0];
		r->stats.transitions = global[1];
		r->stats.states_matched = r->verdict == PIRQSIM_VIOLATED && global[0] > 0 ? global[1] - (global[0] - 1)
		                                                                         : global[2];
		r->stats.depth_max = s->depth;
		r->stats.seconds = now_seconds() - s->start;
		r->stats.memory_bytes = (uint64_t)memory_bytes;
		r->stats.omission_probability = omission;
	}
	if (s) {
		teardown(s);
		free(s);
	}
}

const struct explorer explorer_mpi = {.name = "MPI breadth-first", .run = explore};
