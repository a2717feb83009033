/*
 * explore.c - the explorer of real guest code: every schedule of the
 * driver actors, switching only at the component boundary (real.h).
 *
 * The real code's state is bytes the runtime owns (real_snapshot_*), so
 * this explorer does not have to re-run each schedule from the start, as a
 * stateless explorer of code it cannot snapshot must (CHESS, Nidhugg):
 * it is a depth-first search that saves the state of each level and
 * restores it to try the next actor, and it matches states.  Two states
 * match when the world and every byte of the real code's state are equal:
 * its globals, the used part of each actor's heap arena, each suspended
 * coroutine's registers and used stack.  Equal bytes mean equal futures,
 * so matching is sound; it is also incomplete (two states that differ only
 * in a dead stack slot or in heap addresses stay apart), which costs time,
 * never a schedule.  Visited states are kept as 128-bit XXH3 fingerprints
 * (hash compaction: the chance that two distinct states share one is
 * about n^2 / 2^129, reported as the omission probability).
 *
 * Statistics: states stored (distinct), matched, transitions (= steps
 * taken), and the schedules the search covered: complete executions
 * (paths from the initial state to a quiescent one) counted over the
 * state graph, which is what a stateless explorer would have had to run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "real/differential.h"
#include "real/explore.h"
#include "real/runtime_internal.h"

/* One level of the depth-first stack: its state is bytes in the level
 * stack (save_level), which is also what the visited set fingerprints. */
struct frame {
	size_t at, size;            /* in the level stack */
	unsigned next_actor;
	uint64_t index;             /* the state's number in the visited set */
};

/* Visited states: a table of fingerprints, each with its state's number
 * (in order of discovery), and per number the complete schedules from it.
 * Frames hold numbers, which a resize of the table does not change. */
struct visited {
	struct slot { XXH128_hash_t key; uint64_t id; } *slot;
	uint64_t mask, count;
	double *paths;              /* by state number; a double: the counts overflow 2^64 */
	uint64_t paths_cap;
};

static bool key_empty(XXH128_hash_t k) { return k.low64 == 0 && k.high64 == 0; }

/* Insert or find; returns the state's number (-1: out of memory), *found
 * tells which. */
static int64_t visited_put(struct visited *v, XXH128_hash_t k, bool *found)
{
	if (key_empty(k))
		k.low64 = 1;
	if ((v->count + 1) * 2 > v->mask + 1) {
		uint64_t size = (v->mask + 1) * 2;
		struct slot *slot = calloc(size, sizeof(*slot));
		if (!slot)
			return -1;
		for (uint64_t i = 0; i <= v->mask; i++) {
			if (key_empty(v->slot[i].key))
				continue;
			uint64_t j = v->slot[i].key.low64 & (size - 1);
			while (!key_empty(slot[j].key))
				j = (j + 1) & (size - 1);
			slot[j] = v->slot[i];
		}
		free(v->slot);
		v->slot = slot;
		v->mask = size - 1;
	}
	if (v->count >= v->paths_cap) {
		uint64_t cap = v->paths_cap ? v->paths_cap * 2 : 1024;
		double *paths = realloc(v->paths, cap * sizeof(*paths));
		if (!paths)
			return -1;
		v->paths = paths;
		v->paths_cap = cap;
	}
	uint64_t j = k.low64 & v->mask;
	while (!key_empty(v->slot[j].key)) {
		if (XXH128_isEqual(v->slot[j].key, k)) {
			*found = true;
			return (int64_t)v->slot[j].id;
		}
		j = (j + 1) & v->mask;
	}
	v->slot[j].key = k;
	v->slot[j].id = v->count;
	v->paths[v->count] = 0;
	*found = false;
	return (int64_t)v->count++;
}

struct bytes {
	uint8_t *p;
	size_t used, cap;
};

static uint8_t *bytes_reserve(struct bytes *b, size_t n)
{
	if (b->used + n > b->cap) {
		size_t cap = b->cap ? b->cap : 1u << 20;
		while (cap < b->used + n)
			cap *= 2;
		uint8_t *p = realloc(b->p, cap);
		if (!p)
			return NULL;
		b->p = p;
		b->cap = cap;
	}
	return b->p + b->used;
}

/*
 * A state as bytes: the world's used part (world_pack), then with
 * --differential the model's world and what its actors did ahead, then the
 * real code's memory (real_snapshot_save).  Equal bytes, equal futures.
 */
static size_t save_level(struct bytes *b, const struct real_guest *g, const struct config *cfg, const struct world *w,
                         const struct diff_state *diff, size_t snap_max)
{
	size_t need = 2 * (size_t)world_packed_size(cfg) + sizeof(*diff) + snap_max;
	uint8_t *at = bytes_reserve(b, need), *p = at;
	if (!at)
		return 0;
	p += world_pack(w, cfg, p);
	if (diff) {
		p += world_pack(&diff->model, cfg, p);
		memcpy(p, diff->queued, sizeof(diff->queued));
		p += sizeof(diff->queued);
		for (unsigned a = 0; a < cfg->device_count; a++) {
			memcpy(p, diff->queue[a], diff->queued[a] * sizeof(diff->queue[a][0]));
			p += diff->queued[a] * sizeof(diff->queue[a][0]);
		}
	}
	p += real_snapshot_save(g, p);
	return (size_t)(p - at);
}

static void restore_level(const uint8_t *at, size_t size, struct real_guest *g, const struct config *cfg,
                          struct world *w, struct diff_state *diff)
{
	const uint8_t *p = at;
	world_unpack(w, cfg, p);
	p += world_packed_size(cfg);
	if (diff) {
		world_unpack(&diff->model, cfg, p);
		p += world_packed_size(cfg);
		memcpy(diff->queued, p, sizeof(diff->queued));
		p += sizeof(diff->queued);
		for (unsigned a = 0; a < cfg->device_count; a++) {
			memcpy(diff->queue[a], p, diff->queued[a] * sizeof(diff->queue[a][0]));
			p += diff->queued[a] * sizeof(diff->queue[a][0]);
		}
	}
	real_snapshot_restore(g, p, size - (size_t)(p - at));
}

static XXH128_hash_t level_key(const uint8_t *at, size_t size) { return XXH3_128bits(at, size); }

static bool quiescent(const struct config *cfg, const struct world *w)
{
	for (unsigned b = 0; b < cfg->actor_count; b++)
		if (actor_enabled(w, b))
			return false;
	return true;
}

static void run(const pirqsim_model *model, const struct pirqsim_check_options *o, struct pirqsim_result *r,
                void *data)
{
	struct real_guest *g = data;
	const struct config *cfg = model_config(model);
	double start = now_seconds(), last_progress = start;
	unsigned depth_max = o->depth_max && o->depth_max < PIRQSIM_TRAIL_MAX ? o->depth_max : PIRQSIM_TRAIL_MAX;
	struct frame *stack = calloc(depth_max + 1, sizeof(*stack));
	struct bytes levels = {0};
	struct visited v = {.mask = 1023};
	v.slot = calloc(v.mask + 1, sizeof(*v.slot));
	size_t snap_max = real_snapshot_size(g);
	struct world *w = malloc(sizeof(*w));
	uint64_t state_bytes = 0;
	struct differential *diff = o->differential ? differential_new(cfg) : NULL;
	struct diff_state *cur = o->differential ? malloc(sizeof(*cur)) : NULL;
	const struct config *rcfg = diff ? differential_real_config(diff) : cfg;
	char why[400];
	r->verdict = PIRQSIM_HOLDS;
	if (!stack || !v.slot || !w || (o->differential && (!diff || !cur)))
		goto oom;
	world_init(w, rcfg);
	struct ctx c = {.w = w, .cfg = rcfg, .actor = -1, .sink = diff ? differential_sink() : NULL};
	if (diff)
		differential_init(diff, cur);
	size_t size = save_level(&levels, g, cfg, w, cur, snap_max);
	if (!size)
		goto oom;
	bool found;
	int64_t id = visited_put(&v, level_key(levels.p, size), &found);
	if (id < 0)
		goto oom;
	levels.used += size;
	r->stats.states_stored = 1;
	state_bytes += size;
	if (check_state(&c, &r->search_violation)) {
		r->search_saw = true;
		r->verdict = PIRQSIM_VIOLATED;
		r->trail_length = 0;
		goto out;
	}
	stack[0] = (struct frame){.at = 0, .size = size, .next_actor = 0, .index = (uint64_t)id};
	unsigned depth = 0;
	if (quiescent(cfg, w)) {
		v.paths[id] = 1;
		r->search_saw = check_quiescent(&c, &r->search_violation);
		r->verdict = r->search_saw ? PIRQSIM_VIOLATED : PIRQSIM_HOLDS;
		goto out;
	}
	/* The state the world and the real code are in now: the top frame's
	 * (then the next actor's step needs no restore), or not. */
	bool at_top = true;
	for (;;) {
		struct frame *f = &stack[depth];
		if (at_top)
			restore_level(levels.p + f->at, f->size, g, rcfg, w, cur);
		unsigned a = f->next_actor;
		while (a < cfg->actor_count && !actor_enabled(w, a))
			a++;
		if (a >= cfg->actor_count) {
			/* Every successor done: pop, adding this state's schedules to its parent's. */
			double paths = v.paths[f->index];
			levels.used = f->at;
			if (depth == 0)
				break;
			depth--;
			v.paths[stack[depth].index] += paths;
			at_top = true;
			continue;
		}
		f->next_actor = a + 1;
		if (o->progress && (r->stats.transitions & 1023) == 0 && now_seconds() - last_progress >= 1) {
			last_progress = now_seconds();
			r->stats.seconds = last_progress - start;
			r->stats.depth = depth;
			r->stats.memory_bytes = (v.mask + 1) * sizeof(*v.slot) + v.paths_cap * sizeof(*v.paths) + levels.cap;
			o->progress(&r->stats, o->progress_data);
		}
		if (search_interrupted(o) || (o->time_max > 0 && now_seconds() - start > o->time_max)) {
			r->verdict = PIRQSIM_INCONCLUSIVE;
			snprintf(r->limit, sizeof(r->limit), "%s",
			         search_interrupted(o) ? SEARCH_INTERRUPTED : "time limit reached (raise --time-max)");
			goto out;
		}
		at_top = true;
		c.unsupported = NULL;
		c.step = depth + 1;
		r->trail[depth] = (uint8_t)a;
		if (diff)
			differential_begin(diff, a);
		if (step(&c, a) != 0) {
			r->verdict = PIRQSIM_INPUT_ERROR;
			r->trail_length = depth + 1;
			snprintf(r->limit, sizeof(r->limit), "%s", c.unsupported ? c.unsupported : "the real code stopped");
			goto out;
		}
		r->stats.transitions++;
		bool done = quiescent(cfg, w);
		if (diff && !differential_match(diff, cur, a, done, why, sizeof(why))) {
			r->verdict = PIRQSIM_INPUT_ERROR;
			r->divergence = true;
			r->trail_length = depth + 1;
			snprintf(r->limit, sizeof(r->limit), "model divergence after step %u of the schedule: %s", depth + 1,
			         why);
			goto out;
		}
		if (check_state(&c, &r->search_violation)) {
			r->search_saw = true;
			r->verdict = PIRQSIM_VIOLATED;
			r->trail_length = depth + 1;
			goto out;
		}
		size = save_level(&levels, g, cfg, w, cur, snap_max);
		if (!size)
			goto oom;
		f = &stack[depth];
		id = visited_put(&v, level_key(levels.p + levels.used, size), &found);
		if (id < 0)
			goto oom;
		if (found) {
			r->stats.states_matched++;
			v.paths[f->index] += v.paths[id];
			continue;
		}
		r->stats.states_stored++;
		state_bytes += size;
		if (done) {
			v.paths[id] = 1;
			v.paths[f->index] += 1;
			if (check_quiescent(&c, &r->search_violation)) {
				r->search_saw = true;
				r->verdict = PIRQSIM_VIOLATED;
				r->trail_length = depth + 1;
				goto out;
			}
			continue;
		}
		if (depth + 1 >= depth_max) {
			r->verdict = PIRQSIM_INCONCLUSIVE;
			snprintf(r->limit, sizeof(r->limit), "depth bound %u reached (raise --depth-max)", depth_max);
			goto out;
		}
		/* Go down: the new state is already the current one. */
		stack[++depth] = (struct frame){.at = levels.used, .size = size, .next_actor = 0, .index = (uint64_t)id};
		levels.used += size;
		at_top = false;
		if (depth > r->stats.depth_max)
			r->stats.depth_max = depth;
	}
	r->real_schedules = v.paths[stack[0].index];
	goto out;
oom:
	r->verdict = PIRQSIM_INCONCLUSIVE;
	snprintf(r->limit, sizeof(r->limit), "out of memory");
out:
	r->stats.seconds = now_seconds() - start;
	r->stats.memory_bytes = (v.mask + 1) * sizeof(*v.slot) + v.paths_cap * sizeof(*v.paths) + levels.cap;
	r->real_snapshot_bytes = r->stats.states_stored ? state_bytes / r->stats.states_stored : 0;
	{
		double n = (double)r->stats.states_stored;
		r->stats.omission_probability = n * n / 6.8e38; /* n^2 / 2^129 */
	}
	free(stack);
	free(levels.p);
	free(v.slot);
	free(v.paths);
	free(w);
	free(cur);
	differential_free(diff);
}

const struct explorer explorer_real = {.name = "real code (depth-first, states matched by their bytes)", .run = run};
