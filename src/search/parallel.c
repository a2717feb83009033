/*
 * parallel.c - breadth-first search on several threads.
 *
 * Level by level: the threads take chunks of the current level's states,
 * expand them, and insert the successors into one shared, lock-free state
 * store (store_insert_shared); a new successor goes to the thread's own
 * buffer with its parent's index and the actor that led to it.  At the end
 * of a level thread 0 appends the buffers to the node array, which is both
 * the next level and the tree that gives a trail back.  The set of states of
 * each level, and so every count, does not depend on the threads' timing;
 * which parent is recorded for a state reached from two parents does, so a
 * trail may differ between runs (it is always a shortest one).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "search/explorer.h"
#include "model/next_state.h"
#include "search/store.h"
#include "search/symmetry.h"

#define CHUNK 64
#define THREADS_MAX 64

struct worker;

struct shared {
	const struct config *cfg;
	const struct pirqsim_check_options *o;
	struct pirqsim_result *r;
	bool symmetry;
	uint8_t class_of[PIRQSIM_DEVICES_MAX];
	struct store store;
	uint8_t *nodes;
	size_t node_size;
	uint64_t capacity, count, level_begin, level_end, next;
	unsigned threads, depth;
	unsigned workers_allocated;
	bool done;
	int stop;                   /* 0, or why: 1 violation, 2 model error, 3 violation table full */
	uint64_t found_parent;      /* least (parent, actor) violating at this level */
	int found_actor;
	/* The least (parent, actor) reaching a degraded state (search.h), so
	 * at the least depth: nodes are numbered level by level. */
	struct degraded_watch degraded;
	uint64_t degraded_parent;
	int degraded_actor;
	const char *unsupported;
	pthread_mutex_t lock;
	pthread_cond_t ready_changed; /* start gate: workers wait until the barrier exists */
	bool ready;
	pthread_barrier_t barrier;
	double start;
	struct worker *workers;
};

struct worker {
	struct shared *sh;
	unsigned id;
	uint8_t *buffer;            /* new nodes of this level */
	uint64_t buffered;
	uint64_t transitions, matched;
	uint8_t *packed;
	struct store_cursor cursor;
	uint64_t fresh;             /* states this thread stored in this level */
	struct world canonical, w, child;
};

static void note_violation(struct shared *sh, uint64_t parent, int actor)
{
	pthread_mutex_lock(&sh->lock);
	if (sh->stop == 0 || parent < sh->found_parent || (parent == sh->found_parent && actor < sh->found_actor)) {
		sh->stop = 1;
		sh->found_parent = parent;
		sh->found_actor = actor;
	}
	pthread_mutex_unlock(&sh->lock);
}

static void note_degraded(struct shared *sh, uint64_t parent, int actor, const struct violation *v)
{
	pthread_mutex_lock(&sh->lock);
	if (!sh->degraded.seen || parent < sh->degraded_parent ||
	    (parent == sh->degraded_parent && actor < sh->degraded_actor)) {
		sh->degraded.seen = true;
		sh->degraded.v = *v;
		sh->degraded_parent = parent;
		sh->degraded_actor = actor;
	}
	pthread_mutex_unlock(&sh->lock);
}

/* Expand one state; returns false when the search must stop. */
static bool expand(struct worker *wk, uint64_t index)
{
	struct shared *sh = wk->sh;
	struct world *w = &wk->w, *child = &wk->child;
	world_unpack(w, sh->cfg, sh->nodes + index * sh->node_size + sizeof(struct node_header));
	for (unsigned a = 0; a < sh->cfg->actor_count; a++) {
		if (!actor_enabled(w, a))
			continue;
		world_copy(child, w, sh->cfg);
		struct ctx c = {.w = child, .cfg = sh->cfg, .actor = (int)a};
		if (step(&c, a) != 0) {
			pthread_mutex_lock(&sh->lock);
			sh->stop = 2;
			sh->unsupported = c.unsupported;
			pthread_mutex_unlock(&sh->lock);
			return false;
		}
		wk->transitions++;
		const struct world *stored = sh->symmetry ? symmetry_canonical_view(child, sh->cfg, sh->class_of, &wk->canonical)
		                                          : child;
		world_pack(stored, sh->cfg, wk->packed);
		enum store_result result = store_insert_shared(&sh->store, wk->packed, &wk->cursor);
		if (result == STORE_SEEN) {
			wk->matched++;
			continue;
		}
		if (result == STORE_FULL)
			return false;
		wk->fresh++;
		struct ctx check = {.w = child, .cfg = sh->cfg, .actor = -1};
		bool quiescent = true;
		for (unsigned b = 0; b < sh->cfg->actor_count; b++)
			quiescent = quiescent && !actor_enabled(child, b);
		if (sh->r->distinct) {
			/* All violations: note every kind, search on. */
			struct node_step at = {index, (int)a};
			if (!distinct_note(sh->r->distinct, child, sh->cfg, sh->depth + 1, distinct_fill_node, &at)) {
				pthread_mutex_lock(&sh->lock);
				sh->stop = 3;
				pthread_mutex_unlock(&sh->lock);
				return false;
			}
		} else if (check_state(&check, NULL) || (quiescent && check_quiescent(&check, NULL))) {
			note_violation(sh, index, (int)a);
			continue;
		} else if (quiescent && sh->degraded.on) {
			struct violation v;
			if (check_degraded(&check, &v))
				note_degraded(sh, index, (int)a, &v);
		}
		uint8_t *node = wk->buffer + wk->buffered * sh->node_size;
		*(struct node_header *)node = (struct node_header){.parent = (uint32_t)index, .actor = (uint8_t)a};
		world_pack(child, sh->cfg, node + sizeof(struct node_header));
		wk->buffered++;
	}
	return true;
}

static void expand_level(struct worker *wk)
{
	struct shared *sh = wk->sh;
	for (;;) {
		uint64_t begin = __atomic_fetch_add(&sh->next, CHUNK, __ATOMIC_RELAXED);
		if (begin >= sh->level_end || __atomic_load_n(&sh->stop, __ATOMIC_RELAXED) >= 2 ||
		    search_interrupted(sh->o))
			return;
		uint64_t end = begin + CHUNK < sh->level_end ? begin + CHUNK : sh->level_end;
		for (uint64_t i = begin; i < end; i++)
			if (!expand(wk, i)) {
				__atomic_store_n(&sh->next, sh->level_end, __ATOMIC_RELAXED);
				return;
			}
	}
}

static void set_limit(struct shared *sh, const char *why)
{
	sh->r->verdict = PIRQSIM_INCONCLUSIVE;
	snprintf(sh->r->limit, sizeof(sh->r->limit), "%s", why);
	sh->done = true;
}

/* Thread 0, between levels: append the buffers, decide whether to go on. */
static void end_level(struct shared *sh)
{
	uint64_t added = 0;
	for (unsigned t = 0; t < sh->threads; t++) {
		sh->store.count += sh->workers[t].fresh;
		sh->workers[t].fresh = 0;
	}
	bool full = sh->store.count >= (sh->store.slot_mask + 1) / 2 || sh->store.arena_used >= sh->store.arena_size;
	for (unsigned t = 0; t < sh->threads; t++) {
		struct worker *wk = &sh->workers[t];
		if (sh->count + added + wk->buffered > sh->capacity) {
			full = true;
			break;
		}
		memcpy(sh->nodes + (sh->count + added) * sh->node_size, wk->buffer, wk->buffered * sh->node_size);
		added += wk->buffered;
		wk->buffered = 0;
	}
	sh->level_begin = sh->count;
	sh->count += added;
	sh->level_end = sh->count;
	sh->next = sh->level_begin;
	if (added > 0)
		sh->depth++;
	/* Room for every state the next level can add: each state has at
	 * most one successor per device. */
	if (store_reserve(&sh->store, sh->store.count + added * sh->cfg->actor_count) != 0)
		full = true;
	if (sh->stop == 2) {
		sh->r->verdict = PIRQSIM_INPUT_ERROR;
		snprintf(sh->r->limit, sizeof(sh->r->limit), "model does not cover: %s", sh->unsupported);
		sh->done = true;
	} else if (sh->stop == 3) {
		char why[160];
		distinct_full_limit(sh->r->distinct, why, sizeof(why));
		set_limit(sh, why);
	} else if (sh->stop == 1) {
		sh->done = true;
	} else if (search_interrupted(sh->o)) {
		set_limit(sh, SEARCH_INTERRUPTED);
	} else if (full) {
		set_limit(sh, "state store full (raise --memory-max)");
	} else if (added == 0) {
		sh->done = true;
	} else if (sh->depth >= (sh->o->depth_max ? sh->o->depth_max : PIRQSIM_TRAIL_MAX)) {
		set_limit(sh, "depth bound reached (raise --depth-max)");
	} else if (sh->o->time_max > 0 && now_seconds() - sh->start > sh->o->time_max) {
		set_limit(sh, "time bound reached (raise --time-max)");
	}
	if (sh->o->progress) {
		struct pirqsim_progress p = {.states_stored = sh->store.count, .depth = sh->depth, .depth_max = sh->depth,
		                             .seconds = now_seconds() - sh->start,
		                             .memory_bytes = sh->store.arena_used + 16 * sh->store.count};
		sh->o->progress(&p, sh->o->progress_data);
	}
}

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	struct shared *sh = wk->sh;
	pthread_mutex_lock(&sh->lock);
	while (!sh->ready)
		pthread_cond_wait(&sh->ready_changed, &sh->lock);
	pthread_mutex_unlock(&sh->lock);
	for (;;) {
		pthread_barrier_wait(&sh->barrier);
		if (sh->done)
			return NULL;
		expand_level(wk);
		pthread_barrier_wait(&sh->barrier);
		if (wk->id == 0)
			end_level(sh);
	}
}


static void *map_lazily(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Memory: half the budget for the store, half for the node array; each
 * thread's buffer is address space for a whole level, touched as it fills. */
static bool setup(struct shared *sh, struct worker *workers, const uint8_t *base, uint64_t memory)
{
	unsigned size = world_packed_size(sh->cfg);
	sh->node_size = (sizeof(struct node_header) + size + 7) & ~(size_t)7;
	sh->capacity = memory / 2 / sh->node_size;
	if (sh->capacity > UINT32_MAX)
		sh->capacity = UINT32_MAX;
	sh->nodes = map_lazily(sh->capacity * sh->node_size);
	if (!sh->nodes || store_init(&sh->store, size, base, memory / 2, sh->o->hash_compact) != 0 ||
	    store_reserve(&sh->store, 1 + sh->cfg->actor_count) != 0)
		return false;
	for (unsigned t = 0; t < sh->threads; t++) {
		workers[t] = (struct worker){.sh = sh, .id = t};
		world_init(&workers[t].w, sh->cfg);
		world_init(&workers[t].child, sh->cfg);
		world_init(&workers[t].canonical, sh->cfg);
		workers[t].buffer = map_lazily(sh->capacity * sh->node_size);
		workers[t].packed = malloc(size);
		workers[t].cursor.scratch = malloc(store_scratch_size(&sh->store));
		if (!workers[t].buffer || !workers[t].packed || !workers[t].cursor.scratch)
			return false;
	}
	return true;
}

static void teardown(struct shared *sh, struct worker *workers)
{
	for (unsigned t = 0; t < sh->workers_allocated; t++) {
		if (workers[t].buffer)
			munmap(workers[t].buffer, sh->capacity * sh->node_size);
		free(workers[t].packed);
		free(workers[t].cursor.scratch);
	}
	if (sh->nodes)
		munmap(sh->nodes, sh->capacity * sh->node_size);
	store_free(&sh->store);
}

static void search(struct shared *sh, struct worker *workers, const struct world *w0, uint8_t *base)
{
	pthread_t id[THREADS_MAX];
	*(struct node_header *)sh->nodes = (struct node_header){0};
	world_pack(w0, sh->cfg, sh->nodes + sizeof(struct node_header));
	const struct world *stored = sh->symmetry ? symmetry_canonical_view(w0, sh->cfg, sh->class_of, &workers[0].canonical) : w0;
	world_pack(stored, sh->cfg, workers[0].packed);
	if (store_insert_shared(&sh->store, workers[0].packed, &workers[0].cursor) == STORE_NEW)
		sh->store.count++;
	(void)base;
	sh->count = sh->level_end = 1;
	sh->r->verdict = PIRQSIM_HOLDS;
	degraded_watch_init(&sh->degraded, sh->cfg, sh->r);
	struct node_step at = {0, -1};
	if (sh->r->distinct && !distinct_note(sh->r->distinct, w0, sh->cfg, 0, distinct_fill_node, &at)) {
		char why[160];
		distinct_full_limit(sh->r->distinct, why, sizeof(why));
		set_limit(sh, why);
		return;
	}
	/* Start what threads can be had; the barrier is sized for those. */
	unsigned started = 1;
	while (started < sh->threads && pthread_create(&id[started], NULL, worker_main, &workers[started]) == 0)
		started++;
	sh->threads = started;
	pthread_barrier_init(&sh->barrier, NULL, sh->threads);
	pthread_mutex_lock(&sh->lock);
	sh->ready = true;
	pthread_cond_broadcast(&sh->ready_changed);
	pthread_mutex_unlock(&sh->lock);
	worker_main(&workers[0]);
	for (unsigned t = 1; t < sh->threads; t++)
		pthread_join(id[t], NULL);
	pthread_barrier_destroy(&sh->barrier);
	if (sh->stop == 1)
		trail_from_nodes(sh->r, sh->nodes, sh->node_size, sh->found_parent, sh->found_actor);
	if (sh->degraded.seen)
		sh->degraded.trail_length = trail_from_nodes_into(sh->degraded.trail, sh->nodes, sh->node_size,
		                                                   sh->degraded_parent, sh->degraded_actor);
	if (sh->r->distinct)
		distinct_trails_from_nodes(sh->r->distinct, sh->nodes, sh->node_size);
}

static void parallel_bfs_run(const pirqsim_model *model, const struct pirqsim_check_options *o,
                             struct pirqsim_result *r, void *data)
{
	(void)data;
	unsigned threads = o->threads;
	struct shared *sh = calloc(1, sizeof(*sh));
	struct worker *workers = calloc(threads, sizeof(*workers));
	const struct config *cfg = model_config(model);
	uint8_t *base = malloc(world_packed_size(cfg));
	if (!sh || !workers || !base || threads > THREADS_MAX) {
		snprintf(r->limit, sizeof(r->limit), "out of memory starting the explorer threads");
		r->verdict = PIRQSIM_INCONCLUSIVE;
		free(sh), free(workers), free(base);
		return;
	}
	*sh = (struct shared){.cfg = cfg, .o = o, .r = r, .threads = threads, .workers_allocated = threads,
	                      .workers = workers};
	sh->symmetry = !o->no_symmetry && symmetry_classes(cfg, sh->class_of);
	pthread_mutex_init(&sh->lock, NULL);
	pthread_cond_init(&sh->ready_changed, NULL);
	struct world w0;
	world_init(&w0, cfg);
	world_pack(&w0, cfg, base);
	sh->start = now_seconds();
	if (setup(sh, workers, base, o->memory_max)) {
		search(sh, workers, &w0, base);
		degraded_watch_finish(&sh->degraded, r);
	} else {
		set_limit(sh, "out of memory allocating the state store");
	}
	for (unsigned t = 0; t < threads; t++) {
		r->stats.transitions += workers[t].transitions;
		r->stats.states_matched += workers[t].matched;
	}
	r->stats.states_stored = sh->store.count;
	r->stats.depth_max = sh->depth;
	r->stats.seconds = now_seconds() - sh->start;
	r->stats.threads = sh->threads;
	uint64_t arena_bytes = 0;
	for (unsigned t = 0; t < threads; t++)
		arena_bytes += workers[t].cursor.used;
	r->stats.memory_bytes = (sh->o->hash_compact ? 0 : arena_bytes) + 16 * sh->store.count;
	r->stats.omission_probability = o->hash_compact ? store_omission_probability(&sh->store) : 0;
	teardown(sh, workers);
	pthread_mutex_destroy(&sh->lock);
	pthread_cond_destroy(&sh->ready_changed);
	free(sh);
	free(workers);
	free(base);
}

const struct explorer explorer_parallel_bfs = {.name = "parallel breadth-first", .run = parallel_bfs_run,
                                               .all_violations = true, .degraded_in_search = true};
