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

struct frame {
	size_t snap_at, snap_size;  /* in the byte stack */
	struct world w;
	struct diff_state diff;     /* --differential only */
	unsigned next_actor;
	uint64_t index;             /* visited-set slot of this state */
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

static XXH128_hash_t state_key(const struct config *cfg, const struct world *w, const uint8_t *snap, size_t size,
                               uint8_t *packed, const struct diff_state *diff)
{
	XXH3_state_t st;
	XXH3_128bits_reset(&st);
	unsigned n = world_pack(w, cfg, packed);
	XXH3_128bits_update(&st, packed, n);
	XXH3_128bits_update(&st, snap, size);
	if (diff) {
		/* The model's world and what its actors did ahead of the real code. */
		n = world_pack(&diff->model, cfg, packed);
		XXH3_128bits_update(&st, packed, n);
		XXH3_128bits_update(&st, diff->queued, sizeof(diff->queued));
		for (unsigned a = 0; a < cfg->device_count; a++)
			XXH3_128bits_update(&st, diff->queue[a], diff->queued[a] * sizeof(diff->queue[a][0]));
	}
	return XXH3_128bits_digest(&st);
}

static void run(const pirqsim_model *model, const struct pirqsim_check_options *o, struct pirqsim_result *r,
                void *data)
{
	struct real_guest *g = data;
	const struct config *cfg = model_config(model);
	double start = now_seconds();
	unsigned depth_max = o->depth_max && o->depth_max < PIRQSIM_TRAIL_MAX ? o->depth_max : PIRQSIM_TRAIL_MAX;
	struct frame *stack = calloc(depth_max + 1, sizeof(*stack));
	struct bytes snaps = {0};
	struct visited v = {.mask = 1023};
	v.slot = calloc(v.mask + 1, sizeof(*v.slot));
	size_t snap_max = real_snapshot_size(g);
	uint8_t *packed = malloc(sizeof(struct world) + 64);
	struct world *w = malloc(sizeof(*w));
	uint64_t snap_bytes = 0;
	struct differential *diff = o->differential ? differential_new(cfg) : NULL;
	struct diff_state *cur = o->differential ? malloc(sizeof(*cur)) : NULL;
	const struct config *rcfg = diff ? differential_real_config(diff) : cfg;
	char why[400];
	r->verdict = PIRQSIM_HOLDS;
	if (!stack || !v.slot || !packed || !w || (o->differential && (!diff || !cur))) {
		r->verdict = PIRQSIM_INCONCLUSIVE;
		snprintf(r->limit, sizeof(r->limit), "out of memory");
		goto out;
	}
	world_init(w, rcfg);
	struct ctx c = {.w = w, .cfg = rcfg, .actor = -1, .sink = diff ? differential_sink() : NULL};
	if (diff)
		differential_init(diff, cur);
	uint8_t *snap = bytes_reserve(&snaps, snap_max);
	if (!snap)
		goto oom;
	size_t size = real_snapshot_save(g, snap);
	snaps.used += size;
	bool found;
	int64_t slot = visited_put(&v, state_key(cfg, w, snap, size, packed, cur), &found);
	if (slot < 0)
		goto oom;
	r->stats.states_stored = 1;
	snap_bytes += size;
	if (check_state(&c, &r->search_violation)) {
		r->search_saw = true;
		r->verdict = PIRQSIM_VIOLATED;
		r->trail_length = 0;
		goto out;
	}
	stack[0] = (struct frame){.snap_at = 0, .snap_size = size, .next_actor = 0, .index = (uint64_t)slot};
	stack[0].w = *w;
	if (cur)
		stack[0].diff = *cur;
	unsigned depth = 0;
	bool any_enabled_at_root = false;
	for (unsigned a = 0; a < cfg->actor_count; a++)
		any_enabled_at_root |= actor_enabled(w, a);
	if (!any_enabled_at_root) {
		v.paths[slot] = 1;
		r->search_saw = check_quiescent(&c, &r->search_violation);
		r->verdict = r->search_saw ? PIRQSIM_VIOLATED : PIRQSIM_HOLDS;
		goto out;
	}
	for (;;) {
		struct frame *f = &stack[depth];
		unsigned a = f->next_actor;
		while (a < cfg->actor_count && !actor_enabled(&f->w, a))
			a++;
		if (a >= cfg->actor_count) {
			/* Every successor done: pop, adding this state's schedules to its parent's. */
			double paths = v.paths[f->index];
			snaps.used = f->snap_at;
			if (depth == 0)
				break;
			depth--;
			v.paths[stack[depth].index] += paths;
			continue;
		}
		f->next_actor = a + 1;
		if (search_interrupted(o) || (o->time_max > 0 && now_seconds() - start > o->time_max)) {
			r->verdict = PIRQSIM_INCONCLUSIVE;
			snprintf(r->limit, sizeof(r->limit), "%s",
			         search_interrupted(o) ? SEARCH_INTERRUPTED : "time limit reached (raise --time)");
			goto out;
		}
		/* Restore this level's state and take the step. */
		*w = f->w;
		if (cur)
			*cur = f->diff;
		real_snapshot_restore(g, snaps.p + f->snap_at, f->snap_size);
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
		bool quiescent = true;
		for (unsigned b = 0; b < cfg->actor_count; b++)
			quiescent &= !actor_enabled(w, b);
		if (diff && !differential_match(diff, cur, a, quiescent, why, sizeof(why))) {
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
		snap = bytes_reserve(&snaps, snap_max);
		if (!snap)
			goto oom;
		size = real_snapshot_save(g, snap);
		slot = visited_put(&v, state_key(cfg, w, snap, size, packed, cur), &found);
		if (slot < 0)
			goto oom;
		if (found) {
			r->stats.states_matched++;
			v.paths[f->index] += v.paths[slot];
			continue;
		}
		r->stats.states_stored++;
		snap_bytes += size;
		if (quiescent) {
			v.paths[slot] = 1;
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
		snaps.used += size;
		depth++;
		stack[depth] = (struct frame){.snap_at = snaps.used - size, .snap_size = size, .next_actor = 0,
		                              .index = (uint64_t)slot};
		stack[depth].w = *w;
		if (cur)
			stack[depth].diff = *cur;
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
	r->stats.memory_bytes = (v.mask + 1) * sizeof(*v.slot) + v.paths_cap * sizeof(*v.paths) + snaps.cap;
	r->real_snapshot_bytes = r->stats.states_stored ? snap_bytes / r->stats.states_stored : 0;
	{
		double n = (double)r->stats.states_stored;
		r->stats.omission_probability = n * n / 6.8e38; /* n^2 / 2^129 */
	}
	free(stack);
	free(snaps.p);
	free(v.slot);
	free(v.paths);
	free(packed);
	free(w);
	free(cur);
	differential_free(diff);
}

const struct explorer explorer_real = {.name = "real code (depth-first, states matched by their bytes)", .run = run};
