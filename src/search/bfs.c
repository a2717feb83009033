/*
 * bfs.c - the breadth-first explorer (--bfs): the first violation it finds
 * is at the least depth, so its trail is a shortest one.  Symmetry is its
 * one reduction, so that its counts equal those of the parallel
 * breadth-first search and of pirqsim-mpi --bfs.
 *
 * Nothing here allocates or prints on the hot path: the node array and the
 * store are reserved once before the search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "search/explorer.h"
#include "search/store.h"
#include "search/symmetry.h"

struct bfs {
	const struct config *cfg;
	const struct pirqsim_check_options *o;
	struct pirqsim_result *r;
	bool symmetry;                        /* store canonical forms */
	uint8_t class_of[PIRQSIM_DEVICES_MAX];
	struct world canonical;               /* scratch */
	struct store store;
	unsigned depth_max;
	uint8_t *packed;
	uint8_t *base;          /* initial state, packed: the store's reference */
	double start, next_progress;
	struct degraded_watch degraded;      /* search.h: the first one is at its least depth */
};

static bool over_time(struct bfs *s)
{
	double t = now_seconds();
	if (s->o->progress && t >= s->next_progress) {
		s->r->stats.seconds = t - s->start;
		s->r->stats.states_stored = s->store.count;
		s->r->stats.memory_bytes = (uint64_t)(store_bytes_per_state(&s->store) * (double)s->store.count);
		s->o->progress(&s->r->stats, s->o->progress_data);
		s->next_progress = t + 1.0;
	}
	return s->o->time_max > 0 && t - s->start > s->o->time_max;
}

/* Pack the state to store: its canonical form under symmetry. */
static void pack_for_store(struct bfs *s, const struct world *w)
{
	if (s->symmetry)
		w = symmetry_canonical_view(w, s->cfg, s->class_of, &s->canonical);
	world_pack(w, s->cfg, s->packed);
}

static void bfs_limit(struct bfs *s, const char *why)
{
	s->r->verdict = PIRQSIM_INCONCLUSIVE;
	snprintf(s->r->limit, sizeof(s->r->limit), "%s", why);
}

static void bfs_full(struct bfs *s)
{
	char why[160];
	distinct_full_limit(s->r->distinct, why, sizeof(why));
	bfs_limit(s, why);
}

/*
 * Breadth-first: every new state is appended to one array (its packed form,
 * the index of its parent and the actor that led to it), which is both the
 * queue and the tree that gives the trail back.  The first violating state
 * found is at the least depth, so its trail is a shortest one.  The array is
 * reserved once from the memory budget (half of it) and touched as it fills.
 */
static void bfs_explore(struct bfs *s, uint8_t *nodes, size_t node_size, uint64_t capacity)
{
	struct pirqsim_progress *st = &s->r->stats;
	unsigned state_size = world_packed_size(s->cfg);
	struct world w, child;
	world_init(&w, s->cfg);
	world_init(&child, s->cfg);
	uint64_t count = 1, depth_end = 1;
	for (uint64_t i = 0; i < count; i++) {
		if (i == depth_end) {
			depth_end = count;
			if (++st->depth_max >= s->depth_max)
				return bfs_limit(s, "depth bound reached (raise --depth-max)");
			if (over_time(s))
				return bfs_limit(s, "time bound reached (raise --time-max)");
		}
		if ((i & 0xffff) == 0 && search_interrupted(s->o))
			return bfs_limit(s, SEARCH_INTERRUPTED);
		world_unpack(&w, s->cfg, nodes + i * node_size + sizeof(struct node_header));
		for (unsigned a = 0; a < s->cfg->actor_count; a++) {
			if (!actor_enabled(&w, a))
				continue;
			world_copy(&child, &w, s->cfg);
			struct ctx c = {.w = &child, .cfg = s->cfg, .actor = (int)a};
			if (step(&c, a) != 0) {
				bfs_limit(s, c.unsupported);
				s->r->verdict = PIRQSIM_INPUT_ERROR;
				return;
			}
			st->transitions++;
			pack_for_store(s, &child);
			enum store_result sr = store_insert(&s->store, s->packed);
			if (sr == STORE_SEEN) {
				st->states_matched++;
				continue;
			}
			if (sr == STORE_FULL || count >= capacity)
				return bfs_limit(s, "state store full (raise --memory-max)");
			struct ctx check = {.w = &child, .cfg = s->cfg, .actor = -1};
			struct violation v;
			if (s->r->distinct) {
				/* All violations: note every kind, search on.  The
				 * first state of a kind is at its least depth. */
				struct node_step at = {i, (int)a};
				if (!distinct_note(s->r->distinct, &child, s->cfg, st->depth_max + 1, distinct_fill_node, &at))
					return bfs_full(s);
			} else {
				bool quiescent = !any_enabled(&child, s->cfg);
				if (check_state(&check, &v) || (quiescent && check_quiescent(&check, &v))) {
					s->r->search_saw = true;
					s->r->search_violation = v;
					return trail_from_nodes(s->r, nodes, node_size, i, (int)a);
				}
				if (quiescent && s->degraded.on && !s->degraded.seen && check_degraded(&check, &v)) {
					s->degraded.seen = true;
					s->degraded.v = v;
					s->degraded.trail_length = trail_from_nodes_into(s->degraded.trail, nodes, node_size, i, (int)a);
				}
			}
			uint8_t *node = nodes + count * node_size;
			*(struct node_header *)node = (struct node_header){.parent = (uint32_t)i, .actor = (uint8_t)a};
			world_pack(&child, s->cfg, node + sizeof(struct node_header));
			count++;
		}
	}
	(void)state_size;
}

static void bfs_run(const pirqsim_model *model, const struct pirqsim_check_options *o, struct pirqsim_result *r,
                    void *data)
{
	(void)data;
	struct bfs s = {.cfg = model_config(model), .o = o, .r = r};
	world_init(&s.canonical, s.cfg);
	s.symmetry = !o->no_symmetry && symmetry_classes(s.cfg, s.class_of);
	s.depth_max = o->depth_max && o->depth_max < PIRQSIM_TRAIL_MAX ? o->depth_max : PIRQSIM_TRAIL_MAX;
	uint64_t memory = o->memory_max ? o->memory_max : search_default_memory();
	unsigned size = world_packed_size(s.cfg);
	size_t node_size = (sizeof(struct node_header) + size + 7) & ~(size_t)7;
	uint64_t capacity = memory / 2 / node_size;
	if (capacity > UINT32_MAX)
		capacity = UINT32_MAX;
	s.packed = malloc(size);
	s.base = malloc(size);
	uint8_t *nodes = mmap(NULL, capacity * node_size, PROT_READ | PROT_WRITE,
	                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (nodes == MAP_FAILED)
		nodes = NULL;
	struct world w0;
	world_init(&w0, s.cfg);
	if (s.base)
		world_pack(&w0, s.cfg, s.base);
	if (!s.packed || !s.base || !nodes || capacity < 2 ||
	    store_init(&s.store, size, s.base, memory / 2, o->hash_compact) != 0) {
		bfs_limit(&s, "out of memory allocating the state store");
	} else {
		s.start = now_seconds();
		s.next_progress = s.start + 1.0;
		*(struct node_header *)nodes = (struct node_header){0};
		world_pack(&w0, s.cfg, nodes + sizeof(struct node_header));
		pack_for_store(&s, &w0);
		store_insert(&s.store, s.packed);
		r->verdict = PIRQSIM_HOLDS;
		degraded_watch_init(&s.degraded, s.cfg, r);
		struct ctx c = {.w = &w0, .cfg = s.cfg, .actor = -1};
		struct node_step root = {0, -1};
		if (r->distinct && !distinct_note(r->distinct, &w0, s.cfg, 0, distinct_fill_node, &root))
			bfs_full(&s);
		else if (r->distinct)
			bfs_explore(&s, nodes, node_size, capacity);
		else if (check_state(&c, NULL) || (!any_enabled(&w0, s.cfg) && check_quiescent(&c, NULL)))
			r->verdict = PIRQSIM_VIOLATED;
		else if (s.degraded.on && !any_enabled(&w0, s.cfg) && check_degraded(&c, &s.degraded.v))
			s.degraded.seen = true; /* the initial state: an empty trail */
		else
			bfs_explore(&s, nodes, node_size, capacity);
		degraded_watch_finish(&s.degraded, r);
		if (r->distinct)
			distinct_trails_from_nodes(r->distinct, nodes, node_size);
		r->stats.states_stored = s.store.count;
		r->stats.seconds = now_seconds() - s.start;
		r->stats.memory_bytes = (uint64_t)(store_bytes_per_state(&s.store) * (double)s.store.count);
		r->stats.omission_probability = o->hash_compact ? store_omission_probability(&s.store) : 0;
		store_free(&s.store);
	}
	if (nodes)
		munmap(nodes, capacity * node_size);
	free(s.packed);
	free(s.base);
}

const struct explorer explorer_bfs = {
	.name = "breadth-first", .run = bfs_run, .all_violations = true, .degraded_in_search = true};
