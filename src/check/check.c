/*
 * check.c - the facade of pirqsim_check: choose an explorer from the
 * options (search/explorer.h), run it, and have its trail run on and
 * sealed (trace/replay.c).  Search, replay and results live below; this
 * is the one place that knows which explorer answers which options.
 */
#include "check/check.h"

#include <stdlib.h>

#include "trace/replay.h"

/* The explorer the options ask for. */
static const struct explorer *explorer_for(const struct pirqsim_check_options *o)
{
	if (o->search == PIRQSIM_SEARCH_RANDOM)
		return &explorer_random;
	if (o->search == PIRQSIM_SEARCH_BFS && o->threads > 1)
		return &explorer_parallel_bfs;
	if (o->search == PIRQSIM_SEARCH_BFS)
		return &explorer_bfs;
	return &explorer_dfs;
}

pirqsim_result *check_with_explorer(const pirqsim_model *model, const struct pirqsim_check_options *o,
                                    const struct explorer *explorer, void *data)
{
	struct pirqsim_result *r = search_result_new(model);
	if (!r)
		return NULL;
	explorer->run(model, o, r, data);
	replay_finish(model, r);
	return r;
}

pirqsim_result *pirqsim_check(const pirqsim_model *model, const struct pirqsim_check_options *o)
{
	return check_with_explorer(model, o, explorer_for(o), NULL);
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
	struct pirqsim_result *r = search_result_new(model);
	if (!r)
		return -1;
	explore_run(model, &o, r, hooks, 1, o.memory_max);
	*states_stored = r->stats.states_stored;
	int rc = r->verdict == PIRQSIM_HOLDS ? 0 : -1;
	free(r);
	return rc;
}
