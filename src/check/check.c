/*
 * check.c - the explorers and replay.
 *
 * Exhaustive search is depth-first over all interleavings of the driver
 * instances' steps, with a visited-state store (store.c).  State properties
 * are checked on every new state, quiescent ones on every state where no
 * actor can move.  The first violation stops the search; its trail (the
 * actor chosen at each depth) is then run on to quiescence, lowest actor
 * first, so that the trail also shows the violation's consequences.  A
 * random walk chooses uniformly among enabled actors from a seeded
 * xoshiro256** generator; both explorers use the same step function.
 *
 * Nothing here allocates or prints on the hot path: the DFS stack and the
 * store are allocated once before the search.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "model/model.h"
#include "trace/scenario_yaml.h"
#include "model/props.h"
#include "model/next_state.h"
#include "search/store.h"
#include "search/symmetry.h"
#include "search/search.h"
#include "trace/integrity.h"

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Default store budget: half of the machine's memory.  It is address
 * space reserved lazily, so an unused budget costs nothing. */
static uint64_t default_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	uint64_t half = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page / 2 : 1ull << 30;
	return half < (64ull << 20) ? 64ull << 20 : half;
}

void pirqsim_check_options_init(struct pirqsim_check_options *o)
{
	memset(o, 0, sizeof(*o));
	o->memory_max = default_memory();
	o->walks = 1000;
}

static struct pirqsim_result *result_new(const pirqsim_model *model)
{
	struct pirqsim_result *r = calloc(1, sizeof(*r));
	if (r)
		r->spec = *model_spec(model);
	return r;
}

/* ---- violations along a trail ------------------------------------------- */

static void add_violation(const struct violation *v, void *data)
{
	struct pirqsim_result *r = data;
	for (unsigned i = 0; i < r->violation_count; i++)
		if (r->violation[i].property == v->property && r->violation[i].device == v->device &&
		    r->violation[i].vector == v->vector && r->violation[i].pirq == v->pirq)
			return; /* already seen at an earlier step */
	if (r->violation_count < VIOLATIONS_MAX)
		r->violation[r->violation_count++] = *v;
}

struct replay_state {
	struct pirqsim_result *r;
	unsigned step;
};

static void add_violation_at(const struct violation *v, void *data)
{
	struct replay_state *rs = data;
	struct violation copy = *v;
	copy.step = rs->step;
	add_violation(&copy, rs->r);
}

static bool any_enabled(const struct world *w, const struct config *cfg)
{
	for (unsigned a = 0; a < cfg->actor_count; a++)
		if (actor_enabled(w, a))
			return true;
	return false;
}

static int lowest_enabled(const struct world *w, const struct config *cfg)
{
	for (unsigned a = 0; a < cfg->actor_count; a++)
		if (actor_enabled(w, a))
			return (int)a;
	return -1;
}

/*
 * Run `r->trail` from the initial world with `sink`, extend it to
 * quiescence (lowest actor first) if `complete`, and record every violation
 * with the step where it first shows.  Returns -1 with `error` set if a
 * choice names an actor that cannot move.
 */
static int run_trail(const pirqsim_model *model, struct pirqsim_result *r, bool complete, pirqsim_event_fn sink,
                     void *sink_data, const struct scenario_spec *verify, struct pirqsim_error *error)
{
	const struct config *cfg = model_config(model);
	struct world w;
	world_init(&w, cfg);
	struct ctx c = {.w = &w, .cfg = cfg, .sink = sink, .sink_data = sink_data, .actor = -1};
	struct replay_state rs = {r, 0};
	struct integrity_replay integrity = {0};
	if (verify && integrity_begin(verify, &integrity, error) != 0)
		return -1;
	for (unsigned i = 0;; i++) {
		if (i >= r->trail_length) {
			int a = complete ? lowest_enabled(&w, cfg) : -1;
			if (a < 0 || r->trail_length >= PIRQSIM_TRAIL_MAX)
				break;
			r->trail[r->trail_length++] = (uint8_t)a;
		}
		unsigned a = r->trail[i];
		if (a >= cfg->actor_count || !actor_enabled(&w, a)) {
			if (error) {
				memset(error, 0, sizeof(*error));
				snprintf(error->message, sizeof(error->message),
				         "trail step %u chooses actor %u, which %s; the trail does not fit this scenario", i + 1,
				         a, a >= cfg->actor_count ? "does not exist" : "cannot move");
			}
			return -1;
		}
		c.step = i + 1;
		if (step(&c, a) != 0) {
			snprintf(r->limit, sizeof(r->limit), "model does not cover: %s", c.unsupported);
			return -2;
		}
		if (verify && i < verify->choice_count && integrity_step(&integrity, i + 1, &w, cfg, error) != 0)
			return -1;
		rs.step = i + 1;
		check_all(&c, false, add_violation_at, &rs);
	}
	c.step = r->trail_length + 1;
	c.actor = -1;
	if (!any_enabled(&w, cfg)) {
		if (sink)
			trace_quiescent_interrupts(&c);
		rs.step = r->trail_length;
		check_all(&c, true, add_violation_at, &rs);
	}
	return 0;
}

/* ---- breadth-first search ------------------------------------------------ */

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


/*
 * Breadth-first: every new state is appended to one array (its packed form,
 * the index of its parent and the actor that led to it), which is both the
 * queue and the tree that gives the trail back.  The first violating state
 * found is at the least depth, so its trail is a shortest one.  The array is
 * reserved once from the memory budget (half of it) and touched as it fills.
 */
void trail_from_nodes(struct pirqsim_result *r, const uint8_t *nodes, size_t node_size, uint64_t index, int actor)
{
	unsigned length = 0;
	uint8_t reversed[PIRQSIM_TRAIL_MAX];
	if (actor >= 0)
		reversed[length++] = (uint8_t)actor;
	while (index != 0 && length < PIRQSIM_TRAIL_MAX) {
		const struct node_header *h = (const void *)(nodes + index * node_size);
		reversed[length++] = h->actor;
		index = h->parent;
	}
	r->trail_length = length;
	for (unsigned i = 0; i < length; i++)
		r->trail[i] = reversed[length - 1 - i];
	r->verdict = PIRQSIM_VIOLATED;
}

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
			if (check_state(&check, NULL) || (!any_enabled(&child, s->cfg) && check_quiescent(&check, NULL)))
				return trail_from_nodes(s->r, nodes, node_size, i, (int)a);
			uint8_t *node = nodes + count * node_size;
			*(struct node_header *)node = (struct node_header){.parent = (uint32_t)i, .actor = (uint8_t)a};
			world_pack(&child, s->cfg, node + sizeof(struct node_header));
			count++;
		}
	}
	(void)state_size;
}

static void bfs_run(const pirqsim_model *model, const struct pirqsim_check_options *o, struct pirqsim_result *r)
{
	struct bfs s = {.cfg = model_config(model), .o = o, .r = r};
	world_init(&s.canonical, s.cfg);
	s.symmetry = !o->no_symmetry && symmetry_classes(s.cfg, s.class_of);
	s.depth_max = o->depth_max && o->depth_max < PIRQSIM_TRAIL_MAX ? o->depth_max : PIRQSIM_TRAIL_MAX;
	uint64_t memory = o->memory_max ? o->memory_max : default_memory();
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
		struct ctx c = {.w = &w0, .cfg = s.cfg, .actor = -1};
		if (check_state(&c, NULL) || (!any_enabled(&w0, s.cfg) && check_quiescent(&c, NULL)))
			r->verdict = PIRQSIM_VIOLATED;
		else
			bfs_explore(&s, nodes, node_size, capacity);
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

/* ---- random walks ----------------------------------------------------------- */

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
	unsigned steps_max = o->steps_max && o->steps_max < PIRQSIM_TRAIL_MAX ? o->steps_max : PIRQSIM_TRAIL_MAX;
	struct world w;
	world_init(&w, cfg);
	struct ctx c = {.w = &w, .cfg = cfg, .actor = -1};
	r->trail_length = 0;
	for (;;) {
		unsigned enabled[PIRQSIM_ACTORS_MAX], n = 0;
		for (unsigned a = 0; a < cfg->actor_count; a++)
			if (actor_enabled(&w, a))
				enabled[n++] = a;
		if (n == 0)
			return check_quiescent(&c, NULL) ? PIRQSIM_VIOLATED : PIRQSIM_HOLDS;
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
		if (check_state(&c, NULL))
			return PIRQSIM_VIOLATED;
	}
}

static void random_run(const pirqsim_model *model, const struct pirqsim_check_options *o, struct pirqsim_result *r)
{
	const struct config *cfg = model_config(model);
	double start = now_seconds();
	unsigned shards = o->shard_count ? o->shard_count : 1;
	r->verdict = PIRQSIM_HOLDS;
	for (uint64_t walk = o->shard_index; walk < (o->walks ? o->walks : 1000); walk += shards) {
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

/* Seal the result's trail once (integrity.h), so that writing it twice
 * (size, then text) gives the same bytes without allocating. */
static void seal_trail(struct pirqsim_result *r)
{
	if (r->trail_length == 0 || r->verdict == PIRQSIM_INPUT_ERROR)
		return;
	r->spec.is_trail = true;
	r->spec.choice_count = r->trail_length;
	memcpy(r->spec.choice, r->trail, r->trail_length);
	if (integrity_seal(&r->spec) != 0) {
		r->verdict = PIRQSIM_INPUT_ERROR;
		snprintf(r->limit, sizeof(r->limit), "cannot seal the trail (out of memory, or it does not replay)");
	}
}

/* After any explorer: a violation's trail is run on to quiescence and
 * annotated, then sealed. */
static void finish_result(const pirqsim_model *model, struct pirqsim_result *r)
{
	if (r->verdict == PIRQSIM_VIOLATED) {
		r->violation_count = 0;
		if (run_trail(model, r, true, NULL, NULL, NULL, NULL) == -2)
			r->verdict = PIRQSIM_INPUT_ERROR;
	}
	seal_trail(r);
}

pirqsim_result *pirqsim_check(const pirqsim_model *model, const struct pirqsim_check_options *o)
{
	struct pirqsim_result *r = result_new(model);
	if (!r)
		return NULL;
	if (o->search == PIRQSIM_SEARCH_RANDOM)
		random_run(model, o, r);
	else if (o->search == PIRQSIM_SEARCH_BFS && o->threads > 1)
		parallel_bfs_run(model, o, r, o->threads);
	else if (o->search == PIRQSIM_SEARCH_BFS)
		bfs_run(model, o, r);
	else
		explore_run(model, o, r, NULL, o->threads, o->memory_max ? o->memory_max : default_memory());
	finish_result(model, r);
	return r;
}

pirqsim_result *check_with_explorer(const pirqsim_model *model, const struct pirqsim_check_options *o,
                                    check_explorer_fn explore, void *data)
{
	struct pirqsim_result *r = result_new(model);
	if (!r)
		return NULL;
	explore(model, o, r, data);
	finish_result(model, r);
	return r;
}

unsigned check_reductions(const struct pirqsim_check_options *o)
{
	return (o->no_symmetry ? 0 : REDUCE_SYMMETRY) | (o->no_por ? 0 : REDUCE_POR) |
	       (o->no_renumber ? 0 : REDUCE_RENUMBER) | (o->no_dead_shadows ? 0 : REDUCE_DEAD);
}

int check_explore_all(const pirqsim_model *model, unsigned reductions, struct check_hooks *hooks,
                      uint64_t *states_stored)
{
	struct pirqsim_check_options o;
	pirqsim_check_options_init(&o);
	o.no_symmetry = !(reductions & REDUCE_SYMMETRY);
	o.no_por = !(reductions & REDUCE_POR);
	o.no_renumber = !(reductions & REDUCE_RENUMBER);
	o.no_dead_shadows = !(reductions & REDUCE_DEAD);
	struct pirqsim_result *r = result_new(model);
	if (!r)
		return -1;
	explore_run(model, &o, r, hooks, 1, o.memory_max);
	*states_stored = r->stats.states_stored;
	int rc = r->verdict == PIRQSIM_HOLDS ? 0 : -1;
	free(r);
	return rc;
}

pirqsim_result *pirqsim_replay(const pirqsim_model *model, const pirqsim_spec *trail, pirqsim_event_fn sink,
                               void *sink_data, pirqsim_error *error)
{
	struct pirqsim_result *r = result_new(model);
	if (!r) {
		if (error) {
			memset(error, 0, sizeof(*error));
			snprintf(error->message, sizeof(error->message), "out of memory");
		}
		return NULL;
	}
	r->trail_length = trail->choice_count;
	memcpy(r->trail, trail->choice, trail->choice_count);
	int rc = run_trail(model, r, false, sink, sink_data, trail, error);
	if (rc == -1) {
		free(r);
		return NULL;
	}
	r->verdict = rc == -2 ? PIRQSIM_INPUT_ERROR : r->violation_count ? PIRQSIM_VIOLATED : PIRQSIM_HOLDS;
	return r;
}

void pirqsim_result_free(pirqsim_result *r) { free(r); }
enum pirqsim_verdict pirqsim_result_verdict(const pirqsim_result *r) { return r->verdict; }
const struct pirqsim_progress *pirqsim_result_statistics(const pirqsim_result *r) { return &r->stats; }
const char *pirqsim_result_limit(const pirqsim_result *r) { return r->limit; }
unsigned pirqsim_result_violation_count(const pirqsim_result *r) { return r->violation_count; }
unsigned pirqsim_result_trail_length(const pirqsim_result *r) { return r->trail_length; }
uint64_t pirqsim_result_walk_seed(const pirqsim_result *r, uint64_t *walk)
{
	if (walk)
		*walk = r->walk;
	return r->walk_seed;
}

const char *pirqsim_result_violation_property(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? property_name(r->violation[i].property) : "";
}

const char *pirqsim_result_violation_text(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? r->violation[i].text : "";
}

unsigned pirqsim_result_violation_step(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? r->violation[i].step : 0;
}

enum pirqsim_cause pirqsim_result_violation_cause(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? (enum pirqsim_cause)r->violation[i].cause : PIRQSIM_CAUSE_NONE;
}

const char *pirqsim_result_violation_device(const pirqsim_result *r, unsigned i)
{
	if (i >= r->violation_count || r->violation[i].device < 0)
		return "";
	return r->spec.device[r->violation[i].device].name;
}

int pirqsim_result_violation_vector(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? r->violation[i].vector : -1;
}

int pirqsim_result_violation_pirq(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? r->violation[i].pirq : -1;
}

size_t pirqsim_result_trail_yaml(const pirqsim_result *r, char *out, size_t size)
{
	struct scenario_spec spec = r->spec;
	spec.is_trail = true;
	spec.choice_count = r->trail_length;
	memcpy(spec.choice, r->trail, r->trail_length);
	snprintf(spec.trail_property, sizeof(spec.trail_property), "%s",
	         r->violation_count ? property_name(r->violation[0].property) : "");
	return trail_write_yaml(&spec, out, size);
}

unsigned pirqsim_property_count(void) { return PROP_COUNT; }
const char *pirqsim_property_name(unsigned i) { return property_name((enum property)i); }

const char *pirqsim_property_summary(unsigned i)
{
	static const char *const text[PROP_COUNT] = {
		"every driver instance finishes initialisation with every setup call succeeding as the driver sees it",
		"at quiescence, an interrupt raised on any requested vector reaches exactly that driver's handler",
		"no pirq is at once the live pirq of two (device, vector) pairs, in any component's view",
		"at quiescence no pirq is reserved or mapped without a live owner and no Xen irq is left without its pirq",
	};
	return i < PROP_COUNT ? text[i] : "";
}
