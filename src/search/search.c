/*
 * search.c - what every explorer shares (search.h): the clock, the memory
 * budget, the options' defaults and the reductions they leave on, a fresh
 * result, which actors can move, and the trail back from a breadth-first
 * node array.
 */
#include "search/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Default store budget: half of the machine's memory.  It is address
 * space reserved lazily, so an unused budget costs nothing. */
uint64_t search_default_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	uint64_t half = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page / 2 : 1ull << 30;
	return half < (64ull << 20) ? 64ull << 20 : half;
}

void pirqsim_check_options_init(struct pirqsim_check_options *o)
{
	memset(o, 0, sizeof(*o));
	o->memory_max = search_default_memory();
	o->walks = 1000;
}

struct pirqsim_result *search_result_new(const pirqsim_model *model)
{
	struct pirqsim_result *r = calloc(1, sizeof(*r));
	if (r)
		r->spec = *model_spec(model);
	return r;
}

unsigned search_reductions(const struct pirqsim_check_options *o)
{
	return (o->no_symmetry ? 0 : REDUCE_SYMMETRY) | (o->no_por ? 0 : REDUCE_POR) |
	       (o->no_renumber ? 0 : REDUCE_RENUMBER) | (o->no_dead_shadows ? 0 : REDUCE_DEAD);
}

/* The trail to the successor by `actor` of node `index`: the actors on the
 * parent links back to the root, reversed. */
unsigned trail_from_nodes_into(uint8_t *trail, const uint8_t *nodes, size_t node_size, uint64_t index, int actor)
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
	for (unsigned i = 0; i < length; i++)
		trail[i] = reversed[length - 1 - i];
	return length;
}

void trail_from_nodes(struct pirqsim_result *r, const uint8_t *nodes, size_t node_size, uint64_t index, int actor)
{
	r->trail_length = trail_from_nodes_into(r->trail, nodes, node_size, index, actor);
	r->verdict = PIRQSIM_VIOLATED;
}

/* ---- degraded on the way --------------------------------------------------- */

void degraded_watch_init(struct degraded_watch *d, const struct config *cfg, const struct pirqsim_result *r)
{
	d->on = !cfg->check_degraded && !r->distinct && model_may_degrade(cfg);
	d->seen = false;
	d->trail_length = 0;
}

void degraded_watch_finish(const struct degraded_watch *d, struct pirqsim_result *r)
{
	if (!d->seen || r->verdict != PIRQSIM_HOLDS)
		return;
	r->verdict = PIRQSIM_VIOLATED;
	r->search_saw = true;
	r->search_violation = d->v;
	memcpy(r->trail, d->trail, d->trail_length);
	r->trail_length = d->trail_length;
}

/* ---- all violations: one trail per kind ------------------------------------ */

struct distinct *distinct_new(unsigned capacity)
{
	struct distinct *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->capacity = capacity;
	d->entry = calloc(capacity ? capacity : 1, sizeof(*d->entry));
	if (!d->entry) {
		free(d);
		return NULL;
	}
	pthread_mutex_init(&d->lock, NULL);
	return d;
}

void distinct_free(struct distinct *d)
{
	if (!d)
		return;
	if (d->replay)
		for (unsigned i = 0; i < d->count; i++)
			free(d->replay[i]);
	free(d->replay);
	free(d->entry);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

/* The entry of v's kind among the first `count`, or -1. */
static int distinct_find(const struct distinct *d, unsigned count, const struct violation *v)
{
	for (unsigned i = 0; i < count; i++)
		if (violation_same_kind(&d->entry[i].v, v))
			return (int)i;
	return -1;
}

struct distinct_visit {
	struct distinct *d;
	unsigned length;
	void (*fill)(struct distinct_entry *e, void *data);
	void *data;
};

static void distinct_seen(const struct violation *v, void *data)
{
	struct distinct_visit *dv = data;
	struct distinct *d = dv->d;
	/* Without the lock: a kind already held with a trail no longer. */
	int i = distinct_find(d, __atomic_load_n(&d->count, __ATOMIC_ACQUIRE), v);
	if (i >= 0 && __atomic_load_n(&d->entry[i].trail_length, __ATOMIC_RELAXED) <= dv->length)
		return;
	pthread_mutex_lock(&d->lock);
	i = distinct_find(d, d->count, v);
	if (i < 0 && d->count >= d->capacity) {
		__atomic_store_n(&d->full, true, __ATOMIC_RELAXED);
	} else if (i < 0) {
		struct distinct_entry *e = &d->entry[d->count];
		e->v = *v;
		dv->fill(e, dv->data);
		__atomic_store_n(&e->trail_length, dv->length, __ATOMIC_RELAXED);
		__atomic_store_n(&d->count, d->count + 1, __ATOMIC_RELEASE);
	} else if (dv->length < d->entry[i].trail_length) {
		struct distinct_entry *e = &d->entry[i]; /* its kind stays: others read it unlocked */
		dv->fill(e, dv->data);
		__atomic_store_n(&e->trail_length, dv->length, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&d->lock);
}

bool distinct_note(struct distinct *d, const struct world *w, const struct config *cfg, unsigned length,
                   void (*fill)(struct distinct_entry *e, void *data), void *data)
{
	struct ctx c = {.w = (struct world *)w, .cfg = cfg, .actor = -1}; /* the checks only read */
	struct distinct_visit dv = {d, length, fill, data};
	check_all_kinds(&c, !any_enabled(w, cfg), distinct_seen, &dv);
	return !__atomic_load_n(&d->full, __ATOMIC_RELAXED);
}

void distinct_full_limit(const struct distinct *d, char *out, size_t size)
{
	snprintf(out, size, "violation table full: %u distinct violations kept and another kind found "
	         "(raise --max-violations)", d->capacity);
}

void distinct_fill_node(struct distinct_entry *e, void *data)
{
	const struct node_step *at = data;
	e->node = at->node;
	e->actor = at->actor;
}

void distinct_trails_from_nodes(struct distinct *d, const uint8_t *nodes, size_t node_size)
{
	for (unsigned i = 0; i < d->count; i++) {
		struct distinct_entry *e = &d->entry[i];
		e->trail_length = trail_from_nodes_into(e->trail, nodes, node_size, e->node, e->actor);
	}
}
