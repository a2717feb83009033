/*
 * search.c - what every explorer shares (search.h): the clock, the memory
 * budget, the options' defaults and the reductions they leave on, a fresh
 * result, which actors can move, and the trail back from a breadth-first
 * node array.
 */
#include "search/search.h"

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
