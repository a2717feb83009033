/*
 * random.c - seeded random walks (--random): each walk chooses uniformly
 * among the enabled actors from its own xoshiro256** generator, seeded from
 * the run's seed and the walk's number, so a walk replays byte for byte
 * (`run --seed`) and a shard (--shard I/N) runs exactly its walks.  The
 * same step function as every explorer (next_state.h).
 */
#include <stdio.h>

#include "search/explorer.h"

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

struct rng { uint64_t s[4]; };

static void rng_seed(struct rng *g, uint64_t seed)
{
	for (int i = 0; i < 4; i++) { /* splitmix64 */
		uint64_t z = (seed += 0x9e3779b97f4a7c15ull);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		g->s[i] = z ^ (z >> 31);
	}
}

static uint64_t rng_next(struct rng *g)
{
	uint64_t result = rotl(g->s[1] * 5, 7) * 9, t = g->s[1] << 17;
	g->s[2] ^= g->s[0]; g->s[3] ^= g->s[1]; g->s[1] ^= g->s[2]; g->s[0] ^= g->s[3];
	g->s[2] ^= t; g->s[3] = rotl(g->s[3], 45);
	return result;
}

/* Walk k of seed S runs from its own generator, seeded S + k * golden
 * ratio: walk 0 is `run --seed S`, and a shard runs exactly its walks. */
static uint64_t walk_seed(uint64_t seed, uint64_t walk) { return seed + walk * 0x9e3779b97f4a7c15ull; }

/* One walk; returns its verdict (HOLDS when it reached quiescence). */
static enum pirqsim_verdict random_walk(const struct config *cfg, const struct pirqsim_check_options *o,
                                       struct pirqsim_result *r, struct rng *g)
{
	/* Default: 4096 steps (the walk's documented default); --steps-max up to a whole trail. */
	unsigned steps_max = o->steps_max && o->steps_max < PIRQSIM_TRAIL_MAX ? o->steps_max : 4096;
	struct world w;
	world_init(&w, cfg);
	struct ctx c = {.w = &w, .cfg = cfg, .actor = -1};
	r->trail_length = 0;
	for (;;) {
		unsigned enabled[PIRQSIM_ACTORS_MAX], n = 0;
		for (unsigned a = 0; a < cfg->actor_count; a++)
			if (actor_enabled(&w, a))
				enabled[n++] = a;
		if (n == 0) {
			r->search_saw = check_quiescent(&c, &r->search_violation);
			return r->search_saw ? PIRQSIM_VIOLATED : PIRQSIM_HOLDS;
		}
		if (r->trail_length >= steps_max) {
			snprintf(r->limit, sizeof(r->limit), "a walk reached %u steps without quiescence (raise --steps-max)",
			         steps_max);
			return PIRQSIM_INCONCLUSIVE;
		}
		unsigned a = enabled[rng_next(g) % n];
		r->trail[r->trail_length++] = (uint8_t)a;
		if (step(&c, a) != 0) {
			snprintf(r->limit, sizeof(r->limit), "model does not cover: %s", c.unsupported);
			return PIRQSIM_INPUT_ERROR;
		}
		r->stats.transitions++;
		if (r->trail_length > r->stats.depth_max)
			r->stats.depth_max = r->trail_length;
		r->search_saw = check_state(&c, &r->search_violation);
		if (r->search_saw)
			return PIRQSIM_VIOLATED;
	}
}

static void random_run(const pirqsim_model *model, const struct pirqsim_check_options *o, struct pirqsim_result *r,
                       void *data)
{
	(void)data;
	const struct config *cfg = model_config(model);
	double start = now_seconds();
	unsigned shards = o->shard_count ? o->shard_count : 1;
	r->verdict = PIRQSIM_HOLDS;
	for (uint64_t walk = o->shard_index; walk < (o->walks ? o->walks : 1000); walk += shards) {
		if (search_interrupted(o)) {
			r->verdict = PIRQSIM_INCONCLUSIVE;
			r->trail_length = 0;
			snprintf(r->limit, sizeof(r->limit), "%s", SEARCH_INTERRUPTED);
			break;
		}
		struct rng g;
		rng_seed(&g, walk_seed(o->seed, walk));
		enum pirqsim_verdict v = random_walk(cfg, o, r, &g);
		if (v != PIRQSIM_HOLDS) {
			r->verdict = v;
			r->walk = walk;
			r->walk_seed = walk_seed(o->seed, walk);
			break;
		}
		r->stats.states_stored++; /* walks completed */
	}
	if (r->verdict == PIRQSIM_HOLDS && o->walks != 1)
		r->trail_length = 0; /* one walk: keep its trail for `run --seed` */
	r->stats.seconds = now_seconds() - start;
}

const struct explorer explorer_random = {.name = "random walks", .run = random_run};
